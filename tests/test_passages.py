"""Search stage, passages: `find_spans` and `best_passages` with the real search analyzer.

Highlights must lie inside the passage, sorted and apart, and cover the word as the page
wrote it (a stemmed term highlights "humanitarianism"); phrases highlight only where their
words stand together; a match deep in a long text is found; long sentences are cut at word
boundaries and marked with "…". Properties: any text and terms give in-bounds highlights
and passages taken from the text itself.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from colsearch.passages import MAX_PASSAGE_CHARS, PhraseTerm, best_passages, find_spans
from colsearch.records import Passage
from colsearch.search import analyze_for_passages

ELLIPSIS = "…"


def passages_for(
    text: str, terms: set[str], phrases: tuple[PhraseTerm, ...] = (), count: int = 3, max_chars: int = MAX_PASSAGE_CHARS
) -> list[Passage]:
    spans = find_spans(text, analyze_for_passages, terms, list(phrases))
    return best_passages(text, spans, count=count, max_chars=max_chars)


def highlighted(passage: Passage) -> list[str]:
    return [passage.text[s:e] for s, e in passage.highlights]


def assert_well_formed(passage: Passage, text: str) -> None:
    """Highlights in bounds, sorted, apart; the passage text is a piece of `text`."""
    previous_end = -1
    for start, end in passage.highlights:
        assert 0 <= start < end <= len(passage.text)
        assert start > previous_end
        previous_end = end
    assert strip_marks(passage.text) in text


def strip_marks(passage_text: str) -> str:
    inner = passage_text
    if inner.startswith(ELLIPSIS):
        inner = inner[1:]
    if inner.endswith(ELLIPSIS):
        inner = inner[:-1]
    return inner


# --- find_spans ---------------------------------------------------------------------------


def test_stemmed_term_spans_the_word_as_written() -> None:
    text = "The humanitarianism of the age. Aid groups said humanitarian help was late."
    spans = find_spans(text, analyze_for_passages, {"humanitarian"}, [])
    assert [(text[s:e], term) for s, e, term in spans] == [
        ("humanitarianism", "humanitarian"),
        ("humanitarian", "humanitarian"),
    ]


def test_acronym_and_plural_spans() -> None:
    text = "The U.S. backs the SDGs, and US aid funds one SDG."
    spans = find_spans(text, analyze_for_passages, {"us", "sdg"}, [])
    assert [text[s:e] for s, e, _ in spans] == ["U.S.", "SDGs", "US", "SDG"]


def test_hangul_bigram_spans() -> None:
    text = "정부가 발표했다"
    spans = find_spans(text, analyze_for_passages, {"정부"}, [])
    assert [(s, e, text[s:e]) for s, e, _ in spans] == [(0, 2, "정부")]


def test_phrase_spans_only_where_words_stand_together() -> None:
    text = "Korea and the North differ. North Korea fired a missile. Korea north."
    spans = find_spans(text, analyze_for_passages, set(), [PhraseTerm(("north", "korea"))])
    start = text.index("North Korea")
    assert [(s, e) for s, e, _ in spans] == [(start, start + 5), (start + 6, start + 11)]
    assert {term for *_, term in spans} == {"north korea"}


def test_phrase_with_slop_allows_a_word_between() -> None:
    text = "North and Korea. North Korea."
    exact = find_spans(text, analyze_for_passages, set(), [PhraseTerm(("north", "korea"))])
    loose = find_spans(text, analyze_for_passages, set(), [PhraseTerm(("north", "korea"), slop=2)])
    assert [text[s:e] for s, e, _ in exact] == ["North", "Korea"]
    assert len(exact) == 2
    assert len(loose) == 4


def test_spans_are_sorted_and_unique() -> None:
    text = "aid aid humanitarian aid"
    spans = find_spans(text, analyze_for_passages, {"aid", "humanitarian"}, [PhraseTerm(("humanitarian", "aid"))])
    assert spans == sorted(set(spans))


# --- best_passages ------------------------------------------------------------------------


def test_stemmed_term_is_highlighted_as_written() -> None:
    text = "Nothing here. The humanitarianism of the age was on show."
    [passage] = passages_for(text, {"humanitarian"})
    assert passage.text == "The humanitarianism of the age was on show."
    assert highlighted(passage) == ["humanitarianism"]
    assert_well_formed(passage, text)


def test_phrase_highlights_only_the_sentence_where_it_stands() -> None:
    text = "Korea and the North differ. North Korea fired a missile."
    passages = passages_for(text, set(), (PhraseTerm(("north", "korea")),))
    assert [p.text for p in passages] == ["North Korea fired a missile."]
    assert highlighted(passages[0]) == ["North", "Korea"]


def test_best_passage_has_the_most_distinct_terms() -> None:
    text = "Aid was late. Humanitarian aid was late again. Humanitarian work. Aid aid aid."
    passages = passages_for(text, {"aid", "humanitarian"}, count=2)
    assert passages[0].text == "Humanitarian aid was late again."
    assert len(passages) == 2
    for p in passages:
        assert_well_formed(p, text)


def test_count_limits_the_passages() -> None:
    text = " ".join(f"Sentence {i} mentions aid." for i in range(10))
    assert len(passages_for(text, {"aid"}, count=3)) == 3
    assert passages_for(text, {"aid"}, count=0) == []


def test_no_match_gives_the_opening_sentence() -> None:
    text = "First sentence here. Second sentence there."
    assert passages_for(text, {"absent"}) == [Passage(text="First sentence here.", highlights=())]
    assert passages_for("", {"absent"}) == []


def test_overlapping_hangul_spans_merge() -> None:
    text = "정부가 발표했다"
    [passage] = passages_for(text, {"정부", "부가"})
    assert passage.highlights == ((0, 3),)


def test_match_deep_in_a_long_text_after_many_sentences() -> None:
    text = "Filler words fill this sentence. " * 6100 + "Humanitarianism matters most."
    assert len(text) > 200_000
    [passage] = passages_for(text, {"humanitarian"})
    assert passage.text == "Humanitarianism matters most."
    assert highlighted(passage) == ["Humanitarianism"]


def test_match_deep_in_one_huge_sentence() -> None:
    text = "filler " * 30_000 + "humanitarianism ends here"
    assert len(text) > 200_000
    [passage] = passages_for(text, {"humanitarian"})
    assert passage.text.startswith(ELLIPSIS)
    assert highlighted(passage) == ["humanitarianism"]
    assert passage.text.endswith("humanitarianism ends here")
    assert len(passage.text) <= MAX_PASSAGE_CHARS + 2
    assert_well_formed(passage, text)


def test_long_sentence_is_cut_at_word_boundaries() -> None:
    words = [f"word{i:03d}" for i in range(200)]
    words[120] = "humanitarian"
    text = " ".join(words) + "."
    [passage] = passages_for(text, {"humanitarian"}, max_chars=100)
    assert passage.text.startswith(ELLIPSIS)
    assert passage.text.endswith(ELLIPSIS)
    assert highlighted(passage) == ["humanitarian"]
    inner = strip_marks(passage.text)
    assert len(inner) <= 100
    start = text.index(inner)
    assert text[start - 1] == " "
    assert text[start + len(inner)] == " "
    assert all(word in words for word in inner.split())


def test_long_sentence_with_match_at_its_start_has_no_leading_mark() -> None:
    text = "Humanitarian " + "aid " * 200 + "ends."
    [passage] = passages_for(text, {"humanitarian"}, max_chars=60)
    assert not passage.text.startswith(ELLIPSIS)
    assert passage.text.endswith(ELLIPSIS)
    assert highlighted(passage) == ["Humanitarian"]


def test_highlights_shift_with_the_leading_mark() -> None:
    text = " ".join(["lorem"] * 100) + " target word " + " ".join(["ipsum"] * 100)
    [passage] = passages_for(text, {"target"}, max_chars=80)
    assert highlighted(passage) == ["target"]
    assert_well_formed(passage, text)


def test_window_keeps_a_match_that_follows_a_long_url() -> None:
    text = (
        "Read the report at https://example.org/"
        + "reports-archive-2023-" * 6
        + "humanitarian-overview and then "
        + "the words go on " * 20
        + "to the end."
    )
    [passage] = passages_for(text, {"humanitarian"})
    assert highlighted(passage) == ["humanitarian"]


# --- properties ---------------------------------------------------------------------------

PROSE_WORDS = ["aid", "humanitarianism", "U.S.", "SDGs", "Moo-jin", "정부가", "café", "3.5", "war", "peace"]
PROSE = st.lists(
    st.one_of(st.sampled_from(PROSE_WORDS), st.sampled_from([".", ",", "!", "\n", "…", '"'])),
    max_size=120,
).map(lambda parts: " ".join(parts))
TEXT = st.one_of(st.text(max_size=600), PROSE)


@st.composite
def text_and_terms(draw: st.DrawFn) -> tuple[str, set[str], list[PhraseTerm]]:
    text = draw(TEXT)
    tokens = [t for t, *_ in analyze_for_passages(text)]
    pool = st.sampled_from(tokens) if tokens else st.text(max_size=5)
    terms = set(draw(st.lists(st.one_of(pool, st.text(max_size=5)), max_size=4)))
    phrases = [PhraseTerm(tuple(w)) for w in draw(st.lists(st.lists(pool, min_size=2, max_size=3), max_size=2))]
    return text, terms, phrases


@given(text_and_terms(), st.integers(min_value=20, max_value=400), st.integers(min_value=1, max_value=4))
def test_any_text_and_terms_give_well_formed_passages(
    case: tuple[str, set[str], list[PhraseTerm]], max_chars: int, count: int
) -> None:
    text, terms, phrases = case
    spans = find_spans(text, analyze_for_passages, terms, phrases)
    for start, end, _ in spans:
        assert 0 <= start < end <= len(text)
    passages = best_passages(text, spans, count=count, max_chars=max_chars)
    assert len(passages) <= count
    for passage in passages:
        assert_well_formed(passage, text)


@given(st.lists(st.from_regex(r"\A[a-z]{1,12}\Z"), min_size=1, max_size=150), st.integers(min_value=30, max_value=200))
def test_passages_never_cut_a_word(words: list[str], max_chars: int) -> None:
    text = " ".join(words)
    target = words[len(words) // 2]
    for passage in passages_for(text, {t for t, *_ in analyze_for_passages(target)}, max_chars=max_chars):
        inner = strip_marks(passage.text)
        for match in re.finditer(re.escape(inner), text):
            start, end = match.span()
            if (start == 0 or text[start - 1] == " ") and (end == len(text) or text[end] == " "):
                break
        else:
            pytest.fail(f"{passage.text!r} cuts a word of the text")


_PIECES = [
    "policy", "Policies", "impolicy", "a_policy", "police", "O'Brien", "O’Brien", "o‘brien", "U.S.", "us", "US-Korea",
    "1,000", "1.5", "don’t", "don't", "Café", "élan", "Müller's", "정책", "reform.Policy", "policy's", "POLICY",
    "—", "“", "”", ",", ".", "..", " ", "\n", "'", "’", "_", "(", ")", "x", "e", "l'x", "d’e", "3.x", "7,e",
]  # fmt: skip


_QUERY_WORDS = ["policy", "O'Brien", "us", "1,000", "elan", "reform", "don't", "x", "e", "정책"]


@given(
    st.lists(st.sampled_from(_PIECES), max_size=40),
    st.sets(
        st.sampled_from(["policy", "O'Brien", "us", "1,000", "elan", "reform", "don't", "x", "e", "정책"]), min_size=1
    ),
)
def test_issue_6_passage_spans_found_by_prefix_equal_full_analysis(pieces: list[str], words: set[str]) -> None:
    """The quick way to find a hit's highlight spans (only words that start like a term are
    analysed) finds exactly what analysing every word finds."""
    from colsearch.search import match_spans

    text = "".join(pieces)
    terms = {t for word in words for t, _, _, _ in analyze_for_passages(word)}
    assert sorted(set(match_spans(text, terms, []))) == find_spans(text, analyze_for_passages, terms, [])
