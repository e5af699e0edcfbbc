"""Extraction quality floors on real pages (issue 3): a regression below a pinned figure fails.

Scores colsearch's HTML extraction with benchmarks/extraction.py's own loaders and scoring
on the Zyte article benchmark (all 181 pages) and on the first pages of the WCXB and
htmldate sets, read from ../shared. The floors sit a little under the figures measured
when they were pinned (in the comments), so noise does not fail CI but a real drop does.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from conftest import ROOT, SHARED

DATA = SHARED / "data"
pytestmark = pytest.mark.skipif(not DATA.exists(), reason=f"the benchmark pages are read from {DATA}, which is absent")
SUBSET = 150  # pages of each large set: enough to notice a drop, quick enough for CI


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extraction_benchmark", ROOT / "benchmarks" / "extraction.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _scores(dataset: str, limit: int | None) -> dict[str, list[object]]:
    bench = _benchmark()
    loader = getattr(bench, f"load_{dataset.replace('-', '_')}")
    items = loader(DATA / dataset).items[:limit]
    fields: dict[str, list[object]] = {}
    for item in items:
        output = bench.run_page(bench.Task(item, ("colsearch-html",), ""))["colsearch-html"]
        for name, score in bench.score_page(item.truth, output).items():
            fields.setdefault(name, []).append(score)
    fields["_bench"] = [bench]
    return fields


def _accuracy(scores: list[object]) -> float:
    return sum(1 for s in scores if s.ok) / len(scores)  # type: ignore[attr-defined]


def _body_f1(scores: list[object], bench: ModuleType) -> float:
    _, _, f1 = bench.prf([s.counts[4] for s in scores])  # type: ignore[attr-defined]
    return float(f1)


def test_zyte_body_f1() -> None:
    scores = _scores("article-extraction-benchmark", None)
    assert _body_f1(scores["body"], scores["_bench"][0]) >= 0.95  # measured 0.960 (trafilatura 0.958)


def test_wcxb_fields() -> None:
    scores = _scores("wcxb-articles", SUBSET)
    figures = {name: round(_accuracy(s), 3) for name, s in scores.items() if name in ("headline", "authors", "posted")}
    figures["body"] = round(_body_f1(scores["body"], scores["_bench"][0]), 3)
    floors = {"headline": HEADLINE_FLOOR, "authors": AUTHORS_FLOOR, "posted": POSTED_FLOOR, "body": BODY_FLOOR}
    assert all(figures[name] >= floor for name, floor in floors.items()), figures


def test_htmldate_posted() -> None:
    scores = _scores("htmldate-eval", SUBSET)
    assert _accuracy(scores["posted"]) >= HTMLDATE_FLOOR, _accuracy(scores["posted"])


# Measured on the first 150 pages when pinned: headline 0.873, authors 0.863, posted 0.872,
# body F1 0.932; htmldate posted 0.920.
HEADLINE_FLOOR = 0.85
AUTHORS_FLOOR = 0.84
POSTED_FLOOR = 0.85
BODY_FLOOR = 0.91
HTMLDATE_FLOOR = 0.90
