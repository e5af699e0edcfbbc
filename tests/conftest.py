"""Shared fixtures: the sample corpus, a real index built from it, and ../shared data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from colsearch.index import update_index

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PAGES = ROOT / "tests" / "data" / "pages"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_252863d1d84f4711.txt"

needs_shared = pytest.mark.skipif(
    not SEED.exists(), reason=f"real pages are read from {SHARED}, which is not beside this checkout"
)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the shipped corpus, built once for the session (tests must not write to it)."""
    index_dir = tmp_path_factory.mktemp("corpus-index")
    report = update_index([str(CORPUS)], str(index_dir), workers=1)
    assert report.failed == 0
    return index_dir


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the corpus that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target
