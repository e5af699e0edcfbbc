"""Crash safety with real processes: `colsearch index` killed at several moments on a
corpus of a few thousand pages never loses or damages the index, and the next run
brings it to exactly the state a clean run gives (issue 5)."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from colsearch.index import open_index
from conftest import CORPUS

BASE_PAGES = 1200
NEW_PAGES = 1200
COMMAND = [sys.executable, "-m", "colsearch", "index"]


def make_pages(folder: Path, start: int, count: int) -> None:
    """Distinct columns made from the sample corpus: each page gets its own headline."""
    sources = sorted((CORPUS / "koreatimes").glob("20*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(start, start + count):
        lines = texts[number % len(texts)].split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith("Posted"))
        lines[at - 1] += f" (no. {number})"
        (folder / f"page_{number:05d}.txt").write_text("\n".join(lines), encoding="utf-8")


def snapshot(index: Path) -> dict[str, list[str]]:
    """Every column id in the index with the paths it was saved under."""
    ix = open_index(str(index))
    with ix.searcher() as searcher:
        return {f["id"]: json.loads(f["record"])["paths"] for f in searcher.all_stored_fields()}


def relative(state: dict[str, list[str]], root: Path) -> dict[str, list[str]]:
    return {cid: sorted(os.path.relpath(p, root) for p in paths) for cid, paths in state.items()}


def query_process(index: Path, text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "colsearch", "query", text, "--index", str(index), "--json", "-n", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A base index of BASE_PAGES pages, NEW_PAGES more pages added to the folder, and
    the state a clean run over all of them gives."""
    root = tmp_path_factory.mktemp("crash")
    corpus = root / "corpus"
    make_pages(corpus, 0, BASE_PAGES)
    base = root / "base-index"
    subprocess.run([*COMMAND, str(corpus), "--index", str(base)], check=True, capture_output=True, timeout=600)
    before = snapshot(base)
    make_pages(corpus, BASE_PAGES, NEW_PAGES)
    clean = root / "clean-index"
    started = time.monotonic()
    subprocess.run([*COMMAND, str(corpus), "--index", str(clean)], check=True, capture_output=True, timeout=600)
    full_run = time.monotonic() - started
    return {
        "root": root,
        "corpus": corpus,
        "base": base,
        "before": before,
        "clean": snapshot(clean),
        "full_run": full_run,
    }


def killed_run(world: dict[str, object], name: str, how: signal.Signals, when: str) -> tuple[Path, int, str]:
    """Copy the base index, start `colsearch index` on the grown folder, and stop it."""
    index = Path(str(world["root"])) / name
    shutil.copytree(str(world["base"]), index)
    before_files = set(os.listdir(index))
    process = subprocess.Popen(
        [*COMMAND, str(world["corpus"]), "--index", str(index)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    full_run = float(str(world["full_run"]))
    deadline = time.monotonic() + 300
    if when == "commit":  # the moment the commit starts writing the new segment's postings
        while process.poll() is None and time.monotonic() < deadline:
            new_files = set(os.listdir(index)) - before_files
            if any(f.endswith((".trm", ".pst")) for f in new_files):  # postings: written by the commit
                break
            time.sleep(0.002)
    else:
        time.sleep({"early": 0.3, "middle": full_run * 0.45, "late": full_run * 0.7}[when])
    process.send_signal(how)
    _, stderr = process.communicate(timeout=120)
    return index, process.returncode, stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("how", "when"),
    [
        (signal.SIGKILL, "early"),
        (signal.SIGTERM, "middle"),
        (signal.SIGINT, "late"),
        (signal.SIGKILL, "commit"),
    ],
)
def test_killed_index_run_loses_nothing(world: dict[str, object], how: signal.Signals, when: str) -> None:
    index, code, stderr = killed_run(world, f"killed-{how.name}-{when}", how, when)
    if how in (signal.SIGTERM, signal.SIGINT) and code != 0:
        assert code == 130, stderr
        assert "interrupted" in stderr and "Traceback" not in stderr
    elif how == signal.SIGKILL:
        assert code in (-signal.SIGKILL, 0)

    # The index opens in a new process and every column it had is still there.
    assert query_process(index, "housing").returncode == 0
    after_kill = snapshot(index)
    assert set(after_kill) >= set(dict(world["before"]))  # type: ignore[call-overload]

    # The next run finishes the work: exactly the state of a clean run.
    finish = subprocess.run(
        [*COMMAND, str(world["corpus"]), "--index", str(index)], capture_output=True, text=True, timeout=600
    )
    assert finish.returncode == 0, finish.stderr
    root = Path(str(world["corpus"]))
    assert relative(snapshot(index), root) == relative(dict(world["clean"]), root)  # type: ignore[call-overload]
    again = subprocess.run(
        [*COMMAND, str(root), "--index", str(index), "--json"], capture_output=True, text=True, timeout=600
    )
    summary = json.loads(again.stdout)
    assert summary["unchanged"] == BASE_PAGES + NEW_PAGES and summary["added"] == summary["updated"] == 0


@pytest.mark.slow
def test_full_disk_keeps_the_previous_index(world: dict[str, object]) -> None:
    index = Path(str(world["root"])) / "full-disk"
    shutil.copytree(str(world["base"]), index)
    limit = 256 * 1024  # bytes any file may grow to: far less than the new segment needs

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [*COMMAND, str(world["corpus"]), "--index", str(index)],
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=small_disk,
    )
    assert result.returncode == 2
    assert "File too large" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(index) == dict(world["before"])  # type: ignore[call-overload]
    assert query_process(index, "housing").returncode == 0
