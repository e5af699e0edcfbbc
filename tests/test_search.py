"""The query language, filters, ranking rules, passages and overviews, on the sample corpus."""

from __future__ import annotations

import importlib
import json
import random
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import colsearch
from colsearch.cli import main
from colsearch.errors import ColsearchError, QuerySyntaxError
from colsearch.index import update_index
from colsearch.search import FACETS

SDGS_HEADLINE = "Development goals offer a common language for engaging the North"


def marked(hit: colsearch.Hit) -> list[str]:
    return [p.text[s:e] for p in hit.passages for s, e in p.highlights]


def test_api_returns_hit_records(corpus_index: Path) -> None:
    result = colsearch.search("SDGs humanitarian", str(corpus_index))
    assert isinstance(result.hits[0], colsearch.Hit)
    assert result.hits[0].headline == SDGS_HEADLINE


def test_stemmed_matches_highlight_the_word_as_written(corpus_index: Path) -> None:
    hit = colsearch.search("humanitarian", str(corpus_index), passages=10).hits[0]
    words = {w.lower() for w in marked(hit)}
    assert "humanitarianism" in words and "humanitarian" in words


def test_phrase_highlights_only_the_phrase(corpus_index: Path) -> None:
    hit = colsearch.search('"basement homes"', str(corpus_index), passages=5).hits[0]
    for passage in hit.passages:
        for start, end in passage.highlights:
            word = passage.text[start:end].lower()
            assert word in ("basement", "homes")
            around = passage.text[max(0, start - 10) : end + 10].lower()
            assert "basement homes" in around


def test_all_words_rank_first_and_partial_matches_follow(corpus_index: Path) -> None:
    result = colsearch.search("humanitarian pension", str(corpus_index), limit=20)
    assert result.total >= 2
    assert any("No column has all of the words" in note for note in result.notes)
    both = colsearch.search("SDGs humanitarian", str(corpus_index))
    assert both.hits[0].headline == SDGS_HEADLINE


def test_all_words_before_some_words(corpus_index: Path) -> None:
    result = colsearch.search("energy grid nuclear", str(corpus_index), limit=20)
    strict = colsearch.search("energy AND grid AND nuclear", str(corpus_index), limit=20)
    assert 0 < strict.total < result.total
    assert {h.id for h in result.hits[: strict.total]} == {h.id for h in strict.hits}
    assert any("have all of the words" in note for note in result.notes)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("columnist:okafor", "Export curbs are a lesson in dependency, not a reason for panic"),
        ("regulat*", "Write AI rules before the harms are counted"),
        ("humanitarain~", SDGS_HEADLINE),
        ("정부", "Hangeul Day is a good time to stop policing loanwords"),
        ("(housing OR jeonse) AND loan", "Jeonse is a loan nobody admits they are taking"),
        ('"human rights"~3', None),
    ],
)
def test_query_forms(corpus_index: Path, query: str, expected: str | None) -> None:
    result = colsearch.search(query, str(corpus_index), limit=50)
    assert result.total >= 1
    if expected:
        assert expected in [h.headline for h in result.hits]


def test_not_and_minus_exclude(corpus_index: Path) -> None:
    everything = {h.id for h in colsearch.search("korea", str(corpus_index), limit=50).hits}
    with_sdgs = {h.id for h in colsearch.search("SDGs", str(corpus_index)).hits}
    assert len(with_sdgs) == 1 and with_sdgs <= everything
    for form in ("korea NOT SDGs", "korea -SDGs"):
        rest = {h.id for h in colsearch.search(form, str(corpus_index), limit=50).hits}
        assert rest == everything - with_sdgs


def test_hyphenated_name_is_not_a_negation(corpus_index: Path) -> None:
    result = colsearch.search("Ji-soo", str(corpus_index), limit=10)
    assert result.total == 3  # the columnist's three columns (name in the columnist field)


def test_posted_dates_and_filters(corpus_index: Path) -> None:
    in_2021 = colsearch.search("posted:2021", str(corpus_index), limit=50)
    assert in_2021.total == 4 and all(h.posted and h.posted.startswith("2021") for h in in_2021.hits)
    march = colsearch.search("posted:2021-03", str(corpus_index))
    assert [h.headline for h in march.hits] == [SDGS_HEADLINE]
    ranged = colsearch.search("posted:[2021-01 to 2021-06]", str(corpus_index))
    assert ranged.total == 2
    filtered = colsearch.search("korea", str(corpus_index), since="2023", until="2023-12", limit=50)
    assert filtered.total >= 1 and all(h.posted and h.posted.startswith("2023") for h in filtered.hits)


def test_columnist_filter_any_case_and_part_of_name(corpus_index: Path) -> None:
    result = colsearch.search("korea OR energy OR wind", str(corpus_index), columnist="ELEANOR voss", limit=50)
    assert result.total >= 1 and {h.columnist for h in result.hits} == {"Eleanor Voss"}
    assert colsearch.search("wind", str(corpus_index), columnist="voss").total >= 1


def test_sort_and_paging(corpus_index: Path) -> None:
    newest = colsearch.search("korea", str(corpus_index), sort="newest", limit=50).hits
    dates = [h.posted or "" for h in newest]
    assert dates == sorted(dates, reverse=True)
    oldest = colsearch.search("korea", str(corpus_index), sort="oldest", limit=50).hits
    assert [h.id for h in oldest] == [h.id for h in reversed(newest)] or oldest[0].posted == min(dates)
    page1 = colsearch.search("korea", str(corpus_index), limit=3).hits
    page2 = colsearch.search("korea", str(corpus_index), limit=3, offset=3).hits
    assert [h.rank for h in page2] == [4, 5, 6]
    assert not {h.id for h in page1} & {h.id for h in page2}


def test_facets(corpus_index: Path) -> None:
    result = colsearch.search("korea", str(corpus_index), facets=("columnist", "year"), limit=1)
    by_year = dict(result.facets["year"])
    assert sum(by_year.values()) == result.total
    assert list(by_year) == sorted(by_year)
    columnists = dict(result.facets["columnist"])
    assert columnists["Eleanor Voss"] == 3


def test_did_you_mean(corpus_index: Path) -> None:
    result = colsearch.search("pensoin", str(corpus_index))
    assert result.total >= 1
    assert any("showing results for 'pension'" in note for note in result.notes)
    assert colsearch.search("NATO", str(corpus_index)).total == 0  # no wild guesses


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"human rights', "unclosed quote at position 1"),
        ("(korea AND japan", "unclosed '(' at position 1"),
        ("korea)", "unmatched ')' at position 6"),
        ("korea AND", "ends with the operator AND"),
        ("   ", "empty query"),
    ],
)
def test_malformed_queries(corpus_index: Path, query: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=message.replace("(", r"\(").replace(")", r"\)")):
        colsearch.search(query, str(corpus_index))
    result = CliRunner().invoke(main, ["query", query, "--index", str(corpus_index)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_bad_options_are_errors(corpus_index: Path) -> None:
    with pytest.raises(ColsearchError, match="not a date"):
        colsearch.search("korea", str(corpus_index), since="last week")
    with pytest.raises(ColsearchError, match="unknown sort"):
        colsearch.search("korea", str(corpus_index), sort="random")


def test_columnists_trend_similar_commands(corpus_index: Path) -> None:
    runner = CliRunner()
    stats = json.loads(runner.invoke(main, ["columnists", "--index", str(corpus_index), "--json"]).stdout)
    han = next(s for s in stats if s["name"] == "Han Ji-soo")
    assert han == {
        "name": "Han Ji-soo",
        "columns": 3,
        "first": "2019-03-12T10:05:00+09:00",
        "last": "2023-04-11T17:02:00+09:00",
    }

    trend = runner.invoke(main, ["trend", "korea", "--by", "year", "--index", str(corpus_index), "--json"])
    data = json.loads(trend.stdout)
    assert trend.exit_code == 0 and data["by"] == "year"
    assert sum(p["count"] for p in data["periods"]) == data["total"]
    chart = runner.invoke(main, ["trend", "korea", "--by", "year", "--index", str(corpus_index)])
    assert "█" in chart.stdout and "2021" in chart.stdout

    sdgs = colsearch.search("SDGs", str(corpus_index)).hits[0]
    similar = runner.invoke(main, ["similar", sdgs.id, "--index", str(corpus_index), "--json"])
    hits = json.loads(similar.stdout)["hits"]
    assert similar.exit_code == 0 and hits and sdgs.id not in {h["id"] for h in hits}
    assert hits[0]["columnist"] == "Choi Yoon-hee"  # her other column on North Korea diplomacy


def test_jsonl_records_keep_their_ids(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text(
        json.dumps({"id": "T-17", "body": "Allies met in Nassau about a nuclear strike force.", "posted": "1963-01-04"})
        + "\n{broken\n"
        + json.dumps({"id": "T-18", "body": "Khrushchev launched the virgin lands plan."})
        + "\n",
        encoding="utf-8",
    )
    errors: list[str] = []
    report = update_index([str(records)], str(tmp_path / "ix"), on_error=lambda p, m: errors.append(m))
    assert report.columns == 2 and report.failed == 1 and "line 2" in errors[0]
    hit = colsearch.search("nuclear", str(tmp_path / "ix")).hits[0]
    assert hit.id == "T-17" and hit.posted == "1963-01-04"


WORDS = "harbour ferry council lease winter engine budget tariff reform pension housing loan".split()


def _archive_file(path: Path, rng: random.Random, first: int, count: int) -> None:
    lines = []
    for n in range(first, first + count):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 40))) + "."
        lines.append(
            json.dumps(
                {
                    "id": f"C-{n}",
                    "headline": " ".join(rng.sample(WORDS, 2)).capitalize(),
                    "columnist": rng.choice(["Kim Tae-hyun", "Laura Mendes", "Park Ji-won"]),
                    "posted": f"{rng.randint(2015, 2022)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "body": body,
                }
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def archive_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few hundred invented columns in three segments, one of them with deleted columns."""
    return _build_archive(tmp_path_factory.mktemp("archive"))


@pytest.fixture(scope="module")
def sparse_archive_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The same archive with every term's impacts stored sparse, as in large segments."""
    from colsearch import segments

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segments, "DENSE_SHARE", 0)
        yield _build_archive(tmp_path_factory.mktemp("sparse"))


def _build_archive(root: Path) -> Path:
    rng = random.Random(7)
    index_dir = root / "ix"
    for part in range(3):  # each run commits its own segment
        _archive_file(root / f"part-{part}.jsonl", rng, part * 150, 150)
        update_index([str(root)], str(index_dir), workers=1)
    _archive_file(root / "part-1.jsonl", rng, 150, 100)  # 50 columns of a segment deleted
    update_index([str(root)], str(index_dir), workers=1)
    return index_dir


def _whoosh_ranking(index_dir: Path, text: str, since: str | None = None) -> tuple[list[tuple[str, float]], int, int]:
    """The ranking rule applied to every match as whoosh's own matchers score it."""
    from colsearch.search import NewsBM25F, _filters, _queries, _timestamp

    ix = colsearch.open_index(str(index_dir))
    with ix.searcher(weighting=NewsBM25F()) as searcher:
        strict, loose = _queries(text, searcher, None)
        filters = _filters(searcher.schema, None, since, None)
        allowed = set(searcher.docs_for_query(filters)) if filters is not None else None
        posted = searcher.reader().column_reader("posted")

        def scored(q: object) -> dict[int, float]:
            results = searcher.search(q, limit=None, filter=allowed) if allowed != set() else []
            return {docnum: score for score, docnum in getattr(results, "top_n", [])}

        def ordered(found: dict[int, float]) -> list[int]:
            return sorted(found, key=lambda d: (-round(found[d], 6), -_timestamp(posted[d]), -found[d], d))

        first = scored(strict)
        second = scored(loose) if loose is not None else {}
        rest = {d: s for d, s in second.items() if d not in first}
        ranking = [(searcher.stored_fields(d)["id"], first[d]) for d in ordered(first)]
        ranking += [(searcher.stored_fields(d)["id"], rest[d]) for d in ordered(rest)]
        return ranking, len(second) if loose is not None else len(first), len(first)


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("harbour", None),
        ("harbour ferry", None),
        ("council lease winter", None),
        ("pension housing loan tariff", "2019"),
        ('"ferry council"', None),
        ('"lease winter engine" OR harbour', None),
        ('"ferry council" budget', None),
        ('"ferry council" OR tariff', "2018"),
        ('headline:"reform pension"^2 OR loan', None),
        ("engine posted:2018", None),
        ("budget columnist:park", None),
        ("reform -pension", None),
    ],
)
@pytest.mark.parametrize("layout", ["dense", "sparse"])
@pytest.mark.parametrize("score_all", [256, 0])
def test_issue_6_totals_and_scores_exact_with_fast_postings(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    since: str | None,
    layout: str,
    score_all: int,
) -> None:
    """Scores read straight from the postings are whoosh's own, to the last bit, and the
    totals count every match, on an index of several segments with deleted columns;
    with score_all 0, every segment's page is picked by score bounds (_TopK)."""
    search_module = importlib.import_module("colsearch.search")  # colsearch.search is also the function
    archive_index = request.getfixturevalue("archive_index" if layout == "dense" else "sparse_archive_index")
    monkeypatch.setattr(search_module, "_SCORE_ALL", score_all)
    expected, total, all_words = _whoosh_ranking(archive_index, text, since)
    assert total > 15  # more matches than the page shows
    result = colsearch.search(text, str(archive_index), since=since, limit=15, passages=0)
    assert result.total == total
    assert [(h.id, h.score) for h in result.hits] == expected[:15]
    if all_words < total:
        assert f"{all_words} columns have all of the words; {total - all_words} more have some of them." in result.notes
    page = colsearch.search(text, str(archive_index), since=since, limit=10, offset=total - 5, passages=0)
    assert [h.id for h in page.hits] == [doc_id for doc_id, _ in expected[total - 5 :]]


def test_issue_6_facets_and_date_sort_count_every_match(archive_index: Path) -> None:
    result = colsearch.search("harbour ferry", str(archive_index), facets=FACETS, sort="newest", limit=5)
    _, total, _ = _whoosh_ranking(archive_index, "harbour ferry")
    assert sum(n for _, n in result.facets["month"]) == total == sum(n for _, n in result.facets["year"])
    assert sum(n for _, n in result.facets["columnist"]) == total
    dates = [h.posted for h in colsearch.search("harbour", str(archive_index), sort="newest", limit=300).hits]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    "text", ["humanitarian pension", "energy grid nuclear", "(housing OR jeonse) AND loan", "korea", "posted:2021"]
)
def test_issue_6_scores_exact_for_short_posting_blocks(corpus_index: Path, text: str) -> None:
    """Words in one to three columns of a segment are stored as short tuples in whoosh's
    postings blocks; their weights must be read as whoosh reads them."""
    expected, total, _ = _whoosh_ranking(corpus_index, text)
    result = colsearch.search(text, str(corpus_index), limit=50, passages=0)
    assert result.total == total
    assert [(h.id, h.score) for h in result.hits] == expected[:50]


def test_issue_6_an_index_without_impacts_gives_the_same_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Indexes written before posting lists carried their impacts (or by Whoosh itself) are
    read from the postings blocks; both ways give the same hits, scores and totals."""
    from colsearch import segments

    def build(name: str) -> Path:
        rng = random.Random(11)
        folder = tmp_path / name
        folder.mkdir()
        for part in range(2):
            _archive_file(folder / f"part-{part}.jsonl", rng, part * 200, 200)
            update_index([str(folder)], str(tmp_path / f"ix-{name}"), workers=1)
        return tmp_path / f"ix-{name}"

    def impacts_stored(index_dir: Path) -> int:
        with colsearch.open_index(str(index_dir)).reader() as reader:
            found = 0
            for segment_reader, _ in reader.leaf_readers():
                info = segment_reader.term_info("body", b"harbour")
                found += segments.read_impacts(segment_reader._terms._postfile, info) is not None
            return found

    with_impacts = build("new")
    monkeypatch.setattr(segments, "IMPACTS_MIN_POSTINGS", 10**9)
    without = build("old")
    monkeypatch.undo()
    assert impacts_stored(with_impacts) == 2 and impacts_stored(without) == 0
    for text, since in [("harbour", None), ("ferry council", "2018"), ('"lease winter" OR tariff', None)]:
        new = colsearch.search(text, str(with_impacts), since=since, limit=30, passages=0)
        old = colsearch.search(text, str(without), since=since, limit=30, passages=0)
        assert new.total == old.total > 30
        assert [(h.id, h.score) for h in new.hits] == [(h.id, h.score) for h in old.hits]


@pytest.mark.parametrize(
    "bounds",
    [
        (datetime(2016, 3, 15), datetime(2017, 2, 10, 12)),  # both ends inside a month
        (datetime(2018, 1, 1), datetime(2018, 12, 31, 23, 59, 59)),  # whole months
        (datetime(2019, 6, 10), None),
        (None, datetime(2016, 1, 20)),
        (datetime(2020, 2, 14), datetime(2020, 2, 14, 23)),  # one day
        (datetime(2030, 1, 1), None),  # after every column
    ],
)
@pytest.mark.parametrize("exclusive", [False, True])
def test_issue_6_date_ranges_match_as_whoosh_matches_them(
    archive_index: Path, bounds: tuple[datetime | None, datetime | None], exclusive: bool
) -> None:
    """Date ranges are read from the months they touch, and the date column only for the
    months at their ends; they find exactly the columns whoosh's own range finds."""
    from whoosh import query

    from colsearch.search import matching_docs

    start, end = bounds
    q = query.DateRange("posted", start, end, startexcl=exclusive, endexcl=exclusive)
    ix = colsearch.open_index(str(archive_index))
    with ix.searcher() as searcher:
        expected = set(searcher.docs_for_query(q))
        assert matching_docs(searcher, q) == expected
    if start and end and (end - start).days > 30:
        assert expected  # the range holds columns, so the test compares something


def test_issue_6_date_ranges_at_their_exact_ends_and_without_dates(tmp_path: Path) -> None:
    """Columns posted on a range's first or last day, just outside it, or with no date."""
    from whoosh import query

    from colsearch.search import matching_docs

    days = ["2017-12-31", "2018-01-01", "2018-01-02", "2018-12-31", "2019-01-01", None, None]
    records = tmp_path / "records.jsonl"
    records.write_text(
        "".join(
            json.dumps({"id": f"D-{n}", "body": "Harbour budget.", **({"posted": day} if day else {})}) + "\n"
            for n, day in enumerate(days)
        ),
        encoding="utf-8",
    )
    update_index([str(records)], str(tmp_path / "ix"), workers=1)
    ix = colsearch.open_index(str(tmp_path / "ix"))
    start, end = datetime(2018, 1, 1), datetime(2018, 12, 31)
    with ix.searcher() as searcher:
        for low, high in [(start, end), (start, None), (None, end), (None, None)]:
            for exclusive in (False, True):
                q = query.DateRange("posted", low, high, startexcl=exclusive, endexcl=exclusive)
                assert matching_docs(searcher, q) == set(searcher.docs_for_query(q)), (low, high, exclusive)
        inside = matching_docs(searcher, query.DateRange("posted", start, end))
        assert sorted(searcher.stored_fields(d)["id"] for d in inside) == ["D-1", "D-2", "D-3"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "harbour",
                "the",
                "of",
                "Moo-jin",
                "U.S.",
                "3.5",
                "e-mail",
                "정부",
                "café",
                "korea's",
                "a",
                "ferry,",
                "Park",
            ]
        ),
        min_size=2,
        max_size=5,
    )
)
def test_issue_6_some_words_query_is_the_parsers(words: list[str]) -> None:
    """The some-words query is derived from the all-words one instead of parsed again;
    it is the query the parser gives."""
    from whoosh import qparser

    from colsearch.schema import build_schema
    from colsearch.search import _plain_words, _some_words, _without_stop_words, parse_query

    text = " ".join(words)
    assert _plain_words(text)
    wanted = _without_stop_words(text)
    schema = build_schema()
    expected = parse_query(wanted, schema, group=qparser.OrGroup)
    assert _some_words(parse_query(wanted, schema), wanted, schema) == expected
