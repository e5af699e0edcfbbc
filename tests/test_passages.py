"""Search stage, passages: `find_spans` and `best_passages` with the real search analyzer.

Highlights must lie inside the passage, sorted and apart, and cover the word as the page
wrote it (a stemmed term highlights "humanitarianism"); phrases highlight only where their
words stand together; a match deep in a long text is found; long sentences are cut at word
boundaries and marked with "…". Properties: any text and terms give in-bounds highlights
and passages taken from the text itself.
"""

from __future__ import annotations

import re
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from colsearch.passages import MAX_PASSAGE_CHARS, PhraseTerm, _in_start_order, _separators, best_passages, find_spans
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


# --- issue 6: the faster best_passages gives the same passages as the plain algorithm ------
#
# The reference below is `best_passages` as it was before issue 6, kept verbatim: it cuts the
# whole text into sentences and scans every span for every sentence. The fast version reads
# only the paragraphs that hold a span and finds sentence ends with a quicker regex; it must
# give the same passages, in the same order, with the same highlights, for any input.
# (benchmarks/passages_speed.py times the two.)

_REFERENCE_SENTENCE_END_RE = re.compile(r"(?<=[.!?…\"”])\s+(?=[\"“'‘(\[]?[A-Z0-9\uac00-\ud7a3])|\n+")


def reference_best_passages(
    text: str, spans: list[tuple[int, int, str]], count: int = 3, max_chars: int = MAX_PASSAGE_CHARS
) -> list[Passage]:
    if count <= 0 or not text:
        return []
    pieces = _reference_sentences(text)
    scored: list[tuple[float, int, int, int]] = []
    for index, (start, end) in enumerate(pieces):
        inside = [s for s in spans if s[0] >= start and s[1] <= end]
        if not inside:
            continue
        distinct = len({s[2] for s in inside})
        scored.append((distinct * 10 + min(len(inside), 9), -index, start, end))
    if not scored:
        start, end = pieces[0] if pieces else (0, len(text))
        return [_reference_cut(text, start, end, [], max_chars)]
    scored.sort(reverse=True)
    return [_reference_cut(text, s, e, spans, max_chars) for _, _, s, e in scored[:count]]


def _reference_sentences(text: str) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in _REFERENCE_SENTENCE_END_RE.finditer(text):
        if match.start() > start:
            pieces.append((start, match.start()))
        start = match.end()
    if start < len(text):
        pieces.append((start, len(text)))
    return [(s, e) for s, e in pieces if text[s:e].strip()]


def _reference_cut(text: str, start: int, end: int, spans: list[tuple[int, int, str]], max_chars: int) -> Passage:
    inside = [s for s in spans if s[0] >= start and s[1] <= end]
    prefix = suffix = ""
    if end - start > max_chars:
        centre = inside[0][0] if inside else start
        lo = max(start, centre - max_chars // 3)
        hi = min(end, lo + max_chars)
        if lo > start:
            space = text.rfind(" ", lo, centre)
            lo = space + 1 if space != -1 else centre
            hi = min(end, lo + max_chars)
            prefix = "…"
        if hi < end:
            space = text.rfind(" ", lo, hi)
            hi = space if space > lo else hi
            suffix = "…"
        start, end = lo, hi
        inside = [s for s in inside if s[0] >= start and s[1] <= end]
    shift = len(prefix) - start
    highlights = tuple(_reference_merge([(s + shift, e + shift) for s, e, _ in inside]))
    return Passage(text=prefix + text[start:end] + suffix, highlights=highlights)


def _reference_merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


# Texts: words (capitalised, digits, Hangul, abbreviations), every mark that can end a
# sentence or open the next one, whitespace of every kind (runs that mix spaces and
# newlines, blank lines, whitespace-only texts), and sentences longer than a passage.
_SENTENCE_WORDS = ["aid", "Aid", "war", "Peace", "U.S.", "3.5", "2024", "정부가", "café", "O'Brien", "x"]
_MARKS = [".", "!", "?", "…", '"', "”", "“", "'", "‘", "(", "[", ",", "—", "...", '."', ".”", "?)"]
_SPACES = [" ", " ", " ", "  ", "\n", "\n\n", "\t", "\xa0", " \n ", "\n \n", "\r\n", "\u2028", " \n\n  "]
_LONG = ["lorem ipsum dolor " * 20, "Filler words fill this sentence, " * 12, "nospacesatall" * 30]
_TOKENS = st.one_of(
    st.sampled_from(_SENTENCE_WORDS), st.sampled_from(_MARKS), st.sampled_from(_SPACES), st.sampled_from(_LONG)
)
_SENTENCE = st.tuples(
    st.sampled_from(["", '"', "“", "(", "‘", "'", "["]),
    st.sampled_from(["The", "Aid", "North", "3", "정부", "we", "ok", "Ψ"]),
    st.lists(st.one_of(st.sampled_from(_SENTENCE_WORDS), st.sampled_from(_LONG)), max_size=6),
    st.sampled_from([".", "!", "?", "…", '."', ".”", "", "?)", ".'"]),
    st.sampled_from([*_SPACES, ""]),
).map(lambda p: p[0] + p[1] + " " + " ".join(p[2]) + p[3] + p[4])
_BREAKS = ["\n\n", "\n", " \n ", "\n  ", "  \n\n", "\t\n \n", "\r\n\r\n", "\xa0\n"]


@st.composite
def _paragraphs(draw: st.DrawFn) -> str:
    """Paragraphs of sentences, each break a whitespace run that holds a newline."""
    text = ""
    for paragraph in draw(st.lists(st.lists(_SENTENCE, min_size=1, max_size=6), min_size=1, max_size=6)):
        text += draw(st.sampled_from(_BREAKS)) + "".join(paragraph) if text else "".join(paragraph)
    return text


ISSUE_6_TEXT = st.one_of(
    _paragraphs(),
    _paragraphs(),
    st.lists(_SENTENCE, max_size=20).map("".join),
    st.lists(st.one_of(_SENTENCE, _TOKENS), max_size=60).map("".join),
    st.text(alphabet=st.sampled_from("aZ0정 .!?…\"”“'‘([\n\t\xa0"), max_size=300),
    st.text(alphabet=st.sampled_from(" \n\t\xa0\r"), max_size=20),
    st.text(max_size=200),
)
_TERMS = st.sampled_from(["aid", "war", "peace", "정부"])


@st.composite
def issue_6_spans(draw: st.DrawFn, text: str) -> list[tuple[int, int, str]]:
    """Spans in start order, as `find_spans` and `match_spans` give them: on words, and
    anywhere (across sentence ends, on whitespace, empty), overlapping and repeated."""
    words = [m.span() for m in re.finditer(r"\S+", text)]
    on_words = st.sampled_from(words) if words else st.nothing()
    at = st.integers(min_value=0, max_value=len(text))
    anywhere = st.tuples(at, st.integers(min_value=0, max_value=40)).map(lambda p: (p[0], min(len(text), p[0] + p[1])))
    few = draw(st.sampled_from([0, 1, 2, 4, 10]))
    places = draw(st.lists(st.one_of(on_words, on_words, anywhere), min_size=few, max_size=few + 20))
    spans = [(start, end, draw(_TERMS)) for start, end in places]
    if spans:
        spans += draw(st.lists(st.sampled_from(spans), max_size=3))  # the same span twice
    return sorted(spans, key=lambda span: span[0])  # in start order, equal starts in any order


@st.composite
def issue_6_case(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    text = draw(ISSUE_6_TEXT)
    return text, draw(issue_6_spans(text))


_MAX_CHARS = st.one_of(st.just(MAX_PASSAGE_CHARS), st.integers(min_value=1, max_value=400))


@settings(max_examples=500, deadline=None)
@given(issue_6_case(), st.integers(min_value=0, max_value=5), _MAX_CHARS)
def test_issue_6_best_passages_equal_the_plain_algorithm(
    case: tuple[str, list[tuple[int, int, str]]], count: int, max_chars: int
) -> None:
    text, spans = case
    assert best_passages(text, spans, count, max_chars) == reference_best_passages(text, spans, count, max_chars)


@settings(max_examples=300, deadline=None)
@given(issue_6_case(), st.booleans(), st.randoms(use_true_random=False), st.integers(0, 5), _MAX_CHARS)
def test_issue_6_spans_out_of_order_or_reversed_give_the_same_passages(
    case: tuple[str, list[tuple[int, int, str]]], shuffle: bool, random: Random, count: int, max_chars: int
) -> None:
    """No caller gives spans out of start order or ending before they start; such lists
    still give the passages the plain algorithm gives."""
    text, spans = case
    if spans and random.random() < 0.5:
        i = random.randrange(len(spans))
        start, _, term = spans[i]
        spans[i] = (start, random.randint(-1, start - 1), term)
    if shuffle:
        random.shuffle(spans)
    assert best_passages(text, spans, count, max_chars) == reference_best_passages(text, spans, count, max_chars)


@settings(deadline=None)
@given(ISSUE_6_TEXT, st.data())
def test_issue_6_separators_are_the_sentence_ends_from_any_start(text: str, data: st.DataObject) -> None:
    """The quicker regex finds the same separators, and scanning from any character that is
    not whitespace finds the separators after it."""
    expected = [m.span() for m in _REFERENCE_SENTENCE_END_RE.finditer(text)]
    assert list(_separators(text)) == expected
    starts = [i for i, char in enumerate(text) if not char.isspace()]
    for pos in data.draw(st.lists(st.sampled_from(starts), max_size=10)) if starts else []:
        assert list(_separators(text, pos)) == [span for span in expected if span[0] > pos]


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("", []),
        ("   \n\n ", [(1, 2, "aid")]),
        ("No match here. None.", []),
        ("Aid came.\n\nWar came. Peace.", [(0, 3, "aid"), (11, 14, "war"), (21, 26, "peace")]),
        ("Aid. Aid.\n  \nwar. Aid!", [(0, 3, "aid"), (5, 8, "aid"), (13, 16, "war"), (18, 21, "aid")]),
        ("A span across. The end.", [(2, 17, "aid")]),
        ("x.\n \n \n“Aid” ok.\n\n[Aid] (war).", [(8, 11, "aid"), (19, 22, "aid"), (25, 28, "war")]),
        # a sentence end whose whitespace holds a newline between spaces, skipped to
        ("The aid. \n North war.", [(17, 20, "war")]),
        ("Aid. \t\n\n “War” came.\n peace", [(0, 3, "aid"), (10, 13, "war"), (22, 27, "peace")]),
    ],
)
def test_issue_6_examples_equal_the_plain_algorithm(text: str, spans: list[tuple[int, int, str]]) -> None:
    for count in range(4):
        for max_chars in (5, 12, MAX_PASSAGE_CHARS):
            expected = reference_best_passages(text, spans, count, max_chars)
            assert best_passages(text, spans, count, max_chars) == expected


@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.sets(st.sampled_from(_QUERY_WORDS), min_size=1))
def test_issue_6_match_spans_come_in_start_order(pieces: list[str], words: set[str]) -> None:
    """Hits' spans take the quick walk of `best_passages`, not the plain scan it keeps for
    spans out of order."""
    from colsearch.search import match_spans

    text = "".join(pieces)
    terms = {t for word in words for t, _, _, _ in analyze_for_passages(word)}
    assert _in_start_order(match_spans(text, terms, []))
    assert _in_start_order(find_spans(text, analyze_for_passages, terms, [PhraseTerm(("policy", "us"))]))
