"""Schema: the news analyzer that both the index and the passages use.

Acronym dots and plurals fold ("U.S." = "US", "SDGs" = "SDG"), stemming joins
"humanitarianism" and "humanitarian", hyphenated names split, accents fold, decimals stay
whole, and Hangul words become overlapping bigrams with positions that keep increasing.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from colsearch.schema import news_analyzer

STEMMED = news_analyzer(stem=True)
NAMES = news_analyzer(stem=False)


def terms(text: str, analyzer: object = STEMMED) -> list[str]:
    return [t.text for t in analyzer(text)]  # type: ignore[operator]


def tokens(text: str) -> list[tuple[str, int, int, int]]:
    return [(t.text, t.pos, t.startchar, t.endchar) for t in STEMMED(text, positions=True, chars=True)]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("U.S.", "US"),
        ("u.s.", "US"),
        ("U.N.", "UN"),
        ("SDGs", "SDG"),
        ("humanitarianism", "humanitarian"),
        ("Café", "cafe"),
        ("CAFÉ", "café"),
        ("naïve", "naive"),
        ("Korea's", "Korea"),
        ("Korea’s", "Korea"),
    ],
)
def test_same_token(a: str, b: str) -> None:
    assert terms(a) == terms(b)
    assert len(terms(a)) == 1


def test_acronym_in_a_sentence() -> None:
    assert terms("The U.S. economy") == terms("the US economy")


def test_hyphenated_name_splits() -> None:
    assert terms("Moo-jin", NAMES) == ["moo", "jin"]
    assert terms("Yang Moo-jin", NAMES) == ["yang", "moo", "jin"]


def test_accent_folds_without_stemming() -> None:
    assert terms("Café", NAMES) == ["cafe"]


@pytest.mark.parametrize(("text", "expected"), [("3.5", ["3.5"]), ("1,000", ["1,000"]), ("3.5%", ["3.5"])])
def test_numbers_stay_whole(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


def test_sentence_final_dot_is_not_part_of_a_word() -> None:
    assert terms("the SDGs.") == terms("the SDGs")


def test_hangul_bigrams() -> None:
    assert terms("정부가") == ["정부", "부가"]
    assert terms("정부") == ["정부"]
    assert terms("정부는") == ["정부", "부는"]


def test_hangul_bigram_offsets() -> None:
    assert tokens("새 정부가") == [("새", 0, 0, 1), ("정부", 1, 2, 4), ("부가", 2, 3, 5)]


def test_positions_after_a_hangul_word_keep_increasing() -> None:
    result = tokens("정부가 정책을 발표했다 today we go")
    positions = [pos for _, pos, _, _ in result]
    assert positions == sorted(positions)
    assert len(set(positions)) == len(positions)
    assert [t for t, *_ in result][-3:] == ["todai", "we", "go"]
    # 정부가 -> 2 bigrams, 정책을 -> 2, 발표했다 -> 3: English starts at position 7
    assert result[-3][1] == 7


def test_mixed_script_offsets_point_at_the_text() -> None:
    text = "Kim said 정부가 must act, U.S. officials agree"
    for term, _, start, end in tokens(text):
        assert text[start:end]
        assert term in terms(text[start:end])


HANGUL = st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=8)
LATIN = st.from_regex(r"\A[A-Za-z]{1,10}\Z")


@given(st.lists(st.one_of(HANGUL, LATIN), min_size=1, max_size=20))
def test_positions_strictly_increase(words: list[str]) -> None:
    text = " ".join(words)
    result = tokens(text)
    positions = [pos for _, pos, _, _ in result]
    assert positions == list(range(len(positions)))
    for term, _, start, end in result:
        assert 0 <= start < end <= len(text)
        if "\uac00" <= term[0] <= "\ud7a3":
            assert text[start:end] == term


@given(st.text(max_size=300))
def test_offsets_stay_in_bounds(text: str) -> None:
    last_pos = -1
    for term, pos, start, end in tokens(text):
        assert term
        assert 0 <= start <= end <= len(text)
        assert pos > last_pos
        last_pos = pos


# The index takes a short cut past the analyzer (schema.NewsText); it must index exactly
# what the analyzer gives, or searches would miss words the index holds.
NEWS_TEXT = st.lists(
    st.sampled_from([*"aAbcéÉßıİ0159.,'’- \n정부가발표ㄱ_", "U.S. ", "Korea's ", "3.5", "1,000", "Moo-jin"]),
    max_size=80,
).map("".join)


@given(NEWS_TEXT, st.booleans())
def test_indexing_short_cut_gives_the_analyzers_terms_and_positions(text: str, stem: bool) -> None:
    from whoosh.fields import TEXT

    from colsearch.schema import NewsText

    short_cut = NewsText(stem=stem, phrase=True)
    analyzer = TEXT(analyzer=news_analyzer(stem=stem), phrase=True)
    assert sorted(short_cut.index(text)) == sorted(analyzer.index(text))


def test_indexing_short_cut_on_real_columns() -> None:
    from pathlib import Path

    from whoosh.fields import TEXT

    from colsearch.schema import NewsText

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    pages = [path.read_text(encoding="utf-8") for path in sorted(corpus.rglob("*.txt"))]
    assert pages
    for stem in (True, False):
        short_cut, analyzer = NewsText(stem=stem, phrase=True), TEXT(analyzer=news_analyzer(stem=stem), phrase=True)
        for page in pages:
            assert sorted(short_cut.index(page)) == sorted(analyzer.index(page))


@given(NEWS_TEXT, st.booleans())
def test_issue_6_highlighting_short_cut_gives_the_analyzers_tokens(text: str, stem: bool) -> None:
    """Passages find their highlights with `analyze_text`; it must give what the analyzer
    gives, term, position and characters, or a highlight would miss or mark wrong words."""
    from colsearch.schema import analyze_text

    expected = [(t.text, t.pos, t.startchar, t.endchar) for t in news_analyzer(stem)(text, positions=True, chars=True)]
    assert list(analyze_text(text, stem)) == expected
