"""Indexing on real files and a real index on disk: incremental runs, copies, locks, bad pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from colsearch.index import update_index, writer_lock
from colsearch.search import search

SDGS = "koreatimes/2021-03-30_choi-yoon-hee_north-korea-sdgs.txt"
AI = "koreatimes/2023-07-25_seo-min-jae_ai-regulation.txt"
AI_COPY = "koreatimes/2023-07-25_seo-min-jae_ai-regulation_recrawl.txt"


def headlines(index: Path, text: str) -> list[str]:
    return [h.headline or "" for h in search(text, str(index), limit=50).hits]


def test_second_run_reads_nothing(corpus_copy: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    first = update_index([str(corpus_copy)], str(index), workers=1)
    again = update_index([str(corpus_copy)], str(index), workers=1)
    assert again.added == again.updated == again.removed == 0
    assert again.unchanged == first.added
    assert again.columns == first.columns


def test_changed_added_and_deleted_pages(corpus_copy: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    update_index([str(corpus_copy)], str(index), workers=1)
    page = corpus_copy / SDGS
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "quiet humanitarian emergency", "quiet humanitarian emergency in Kaesong"
        ),
        encoding="utf-8",
    )
    os.utime(page, ns=(time.time_ns(), time.time_ns() + 10**9))
    new = corpus_copy / "koreatimes" / "copy_of_editorial.txt"
    new.write_text(
        (corpus_copy / "koreatimes/2022-12-09_editorial_pension-reform.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    (corpus_copy / "koreatimes/2019-08-20_martin-okafor_trade.txt").unlink()
    report = update_index([str(corpus_copy)], str(index), workers=1)
    assert (report.updated, report.added, report.removed) == (1, 1, 1)
    assert headlines(index, "Kaesong") == ["Development goals offer a common language for engaging the North"]
    assert "Export curbs are a lesson in dependency, not a reason for panic" not in headlines(index, "export curbs")
    pension = search("pension reform", str(index)).hits[0]
    assert len(pension.paths) == 2  # the new copy joined the editorial


def test_copy_removed_then_both(corpus_copy: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    update_index([str(corpus_copy)], str(index), workers=1)
    (corpus_copy / AI_COPY).unlink()
    update_index([str(corpus_copy)], str(index), workers=1)
    hit = search("AI rules harms", str(index)).hits[0]
    assert hit.paths == (str(corpus_copy / AI),)
    (corpus_copy / AI).unlink()
    update_index([str(corpus_copy)], str(index), workers=1)
    assert "Write AI rules before the harms are counted" not in headlines(index, "AI rules harms")


def test_rebuild_gives_the_same_index_and_drops_the_old_generation(corpus_copy: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    first = update_index([str(corpus_copy)], str(index), workers=1)
    before = sorted(h.id for h in search("the", str(index), limit=100).hits)
    rebuilt = update_index([str(corpus_copy)], str(index), rebuild=True, workers=2)
    assert rebuilt.added == first.added and rebuilt.columns == first.columns
    assert sorted(h.id for h in search("the", str(index), limit=100).hits) == before
    assert not [f for f in os.listdir(index) if "columns-000001" in f or f == "files-000001.sqlite"]


def test_bad_pages_are_reported_and_good_ones_indexed(corpus_copy: Path, tmp_path: Path) -> None:
    (corpus_copy / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (corpus_copy / "empty.html").write_bytes(b"")
    (corpus_copy / "blank.txt").write_bytes(b"  \n\t\n")
    (corpus_copy / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    errors: list[tuple[str, str]] = []
    report = update_index(
        [str(corpus_copy)], str(tmp_path / "ix"), workers=1, on_error=lambda p, m: errors.append((p, m))
    )
    assert report.failed == 4
    messages = {Path(p).name: m for p, m in errors}
    assert "binary" in messages["binary.txt"]
    assert "empty" in messages["empty.html"] and "empty" in messages["blank.txt"]
    assert "gzip" in messages["broken.txt.gz"]
    assert report.columns == 21


def test_second_writer_waits_or_fails_cleanly(corpus_copy: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    command = [sys.executable, "-m", "colsearch", "index", str(corpus_copy), "--index", str(index)]
    with writer_lock(str(index)):
        busy = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert busy.returncode == 2
    assert "another colsearch index run" in busy.stderr and "--wait" in busy.stderr
    assert "Traceback" not in busy.stderr

    release = threading.Event()

    def hold() -> None:
        with writer_lock(str(index)):
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.2)
    waiting = subprocess.Popen([*command, "--wait", "90"], stderr=subprocess.PIPE, text=True)
    assert waiting.stderr is not None
    first = waiting.stderr.readline()  # the notice once it waits (however slowly it starts)
    release.set()
    holder.join()
    _, rest = waiting.communicate(timeout=60)
    stderr = first + rest
    assert waiting.returncode == 0, stderr
    assert "waiting for another index run" in stderr
    assert search("SDGs", str(index)).total == 1


def test_lock_of_a_killed_run_does_not_block(corpus_copy: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    code = f"from colsearch.index import writer_lock\nwith writer_lock({str(index)!r}):\n    import os; os._exit(9)\n"
    subprocess.run([sys.executable, "-c", code], timeout=30)
    assert (index / "colsearch.lock").exists()
    report = update_index([str(corpus_copy)], str(index), workers=1)
    assert report.columns == 21


@pytest.mark.parametrize("damage", ["empty toc", "truncated segment", "deleted segment"])
def test_damaged_index_is_reported(corpus_copy: Path, tmp_path: Path, damage: str) -> None:
    index = tmp_path / "ix"
    update_index([str(corpus_copy)], str(index), workers=1)
    files = sorted(index.iterdir(), key=lambda f: f.stat().st_size)
    if damage == "empty toc":
        next(f for f in files if f.suffix == ".toc").write_bytes(b"")
    else:
        segment = next(f for f in reversed(files) if f.name.startswith("columns-") and f.suffix in (".pst", ".trm"))
        if damage == "deleted segment":
            segment.unlink()
        else:
            segment.write_bytes(segment.read_bytes()[: segment.stat().st_size // 3])
    result = subprocess.run(
        [sys.executable, "-m", "colsearch", "query", "SDGs", "--index", str(index)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stdout
    assert "damaged" in result.stderr and "--rebuild" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("as_json", [True])
def test_index_json_summary_counts(corpus_copy: Path, tmp_path: Path, as_json: bool) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "colsearch", "index", str(corpus_copy), "--index", str(tmp_path / "ix"), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["columns"] == 21
