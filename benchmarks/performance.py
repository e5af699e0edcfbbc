"""Benchmark: colsearch's indexing and query speed and memory, against the obvious alternatives.

Builds (or reuses) a corpus of N invented Korea Times column pages with `make_corpus.py`
(cached under benchmarks/out/corpus-N-sSEED/, git-ignored), then measures, on the same pages
and the same queries in one run:

  colsearch     the real CLI process `.venv/bin/colsearch index CORPUS --index DIR`: a full
                index from nothing, a re-index with nothing changed, and a re-index after 1% of
                the pages had a paragraph changed (put back afterwards); wall time, pages/s,
                the largest single process's peak RSS (wait4's ru_maxrss) and the largest sum
                of VmRSS over the process tree at one moment (/proc polled every 50 ms), and
                the index's size on disk against the size of the corpus's body text.
                Queries in process with `colsearch.search(q, DIR, passages=3)` and
                `passages=0` (each call opens the index, as the API does), and whole
                `colsearch query "w1 w2" --index DIR -n 10` processes, start to exit, with
                their peak RSS.
  whoosh        the straightforward Whoosh indexer a user would write: Schema(path=ID(stored),
                content=TEXT(stored, StemmingAnalyzer)), the whole text of each page file, one
                process, the default writer, one commit; queries with QueryParser("content")
                and `hit.highlights("content")` for the top 10.
  fts5          SQLite FTS5 (stdlib sqlite3) with `tokenize='porter unicode61'` on the whole
                page text, ranked by bm25(), with and without snippet().
  tantivy       PyPI tantivy, the whole page text in a stored `en_stem` field, the default
                (multi-threaded) writer; queries parsed as conjunctions, with and without a
                SnippetGenerator snippet.
  ripgrep       two-word AND as a user would type it: `rg -l -i W1 DIR | xargs rg -l -i W2`,
                timed per query (no index, no stemming, no ranking).

The baselines index the whole page (menus, trending headlines and footer included), as their
straightforward use would; colsearch extracts the column first, and that extraction is
included in its time. Baseline searches reuse one open searcher; colsearch's `search()`
opens the index on each call. Queries (about 125, printed in the report) are drawn from the
pages' own body text with a fixed seed: single words, two words (also used for the whole-
process and ripgrep runs), three or four words, "quoted phrases", and words with
`columnist:NAME`, `posted:YEAR` or `--since YEAR`. The baselines get the same words and
phrases as a conjunction without the filters (their pages have no such fields). colsearch
answers plain words with all-words-first then some-words, which costs it a second search.

Usage (from the repository root; `make bench` installs tantivy; ripgrep comes from the system,
`apt-get install -y ripgrep`, and its row is skipped without it):

    .venv/bin/python benchmarks/performance.py                  # 10,000 pages, about 10 minutes
    .venv/bin/python benchmarks/performance.py --n 100000       # the big run, 1-2 hours
    .venv/bin/python benchmarks/performance.py --n 2000 --skip-baselines

Prints a Markdown report on stdout (machine facts and load average, the tables, ratios and
the issue's targets) and writes it to benchmarks/out/performance-N.md (or `--out DIR`);
progress goes to stderr. Exit status: 0 when the run finished, 2 when a colsearch run failed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_corpus  # a sibling script, not a package

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(REPO, "benchmarks", "out")
BIN = os.path.join(REPO, ".venv", "bin")
POLL_SECONDS = 0.05
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just more most my no nor not
    now of off on once only or other our out over own said same says she should so some such than that
    the their them then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your year years also told would could mr ms
    last first new one two three four five six""".split()
)
WORD_RE = re.compile(r"[a-z]+")
TOKEN_RE = re.compile(r"[a-z]+(?:['’][a-z]+)*")  # "doesn't" is one token, and not a query word


# --- measuring processes ----------------------------------------------------------------


@dataclass
class ProcessRun:
    seconds: float
    returncode: int
    peak_rss_mb: float  # the largest single process of the tree (wait4 ru_maxrss)
    peak_tree_mb: float = 0.0  # the largest sum of VmRSS over the tree at one poll
    max_processes: int = 1
    stdout: str = ""
    stderr: str = ""


def _children(pid: int) -> list[int]:
    found = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                found.extend(int(c) for c in f.read().split())
    except OSError:
        pass
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo.extend(_children(p))
    return pids


def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


# A child's ru_maxrss starts from the RSS of the process it was exec'd from (Linux keeps the
# larger of the old and new address space's high-water mark across exec), so a command started
# straight from this big benchmark process would report this process's size. A small launcher
# process starts the command instead, and reports its wall time and wait4 rusage.
LAUNCHER = """
import json, os, subprocess, sys, time
cmd = json.loads(sys.argv[1])
started = time.perf_counter()
proc = subprocess.Popen(cmd)
_, status, usage = os.wait4(proc.pid, 0)
seconds = time.perf_counter() - started
proc.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[2], "w") as f:
    json.dump({"seconds": seconds, "returncode": proc.returncode, "maxrss_kb": usage.ru_maxrss}, f)
"""


def user_env() -> dict[str, str]:
    """This environment as a user's shell has it: with Python's bytecode cache on. (Some
    sandboxes set PYTHONDONTWRITEBYTECODE, which makes every `colsearch query` compile
    colsearch's modules again: tens of milliseconds no installed copy spends.)"""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_measured(
    cmd: Sequence[str], poll: bool = True, cwd: str | None = None, env: dict[str, str] | None = None
) -> ProcessRun:
    """Run a command to its end: wall time from start to exit, the peak RSS of its largest
    process (wait4), and, polled, the largest sum of VmRSS over its process tree."""
    peak = {"tree_kb": 0, "procs": 0}
    done = threading.Event()
    with open(os.devnull, "rb") as stdin, _TempText() as out, _TempText() as err, _TempText() as result:
        launcher = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER, json.dumps(list(cmd)), result.handle.name],
            stdin=stdin,
            stdout=out.handle,
            stderr=err.handle,
            cwd=cwd,
            env=env,
        )

        def watch() -> None:
            while not done.is_set():
                pids = _tree(launcher.pid)[1:]  # the command's tree, without the launcher
                total = sum(_status_kb(p, "VmRSS:") for p in pids)
                peak["tree_kb"] = max(peak["tree_kb"], total)
                peak["procs"] = max(peak["procs"], len(pids))
                done.wait(POLL_SECONDS)

        watcher = threading.Thread(target=watch, daemon=True)
        if poll:
            watcher.start()
        launcher.wait()
        done.set()
        if poll:
            watcher.join()
        measured = json.loads(result.text() or "{}")
        if launcher.returncode != 0 or not measured:
            raise SystemExit(f"performance: could not run {cmd[0]}: {err.text()[-2000:]}")
        return ProcessRun(
            seconds=measured["seconds"],
            returncode=measured["returncode"],
            peak_rss_mb=measured["maxrss_kb"] / 1024,
            peak_tree_mb=peak["tree_kb"] / 1024,
            max_processes=peak["procs"],
            stdout=out.text(),
            stderr=err.text(),
        )


class _TempText:
    """A temporary file for a child's output (no pipes: the parent waits with wait4)."""

    def __enter__(self) -> _TempText:
        import tempfile

        self.handle = tempfile.NamedTemporaryFile(mode="w+b")
        return self

    def text(self) -> str:
        self.handle.seek(0)
        return self.handle.read().decode("utf-8", "replace")

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


def dir_bytes(path: str) -> int:
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(root, name)) for name in files)
    return total


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def log(message: str) -> None:
    print(f"performance: {message}", file=sys.stderr, flush=True)


# --- queries ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    kind: str  # one, two, three-four, phrase, columnist, posted, since
    words: tuple[str, ...]  # plain words (lower case letters only)
    phrases: tuple[tuple[str, ...], ...] = ()
    columnist: str | None = None  # a word of the byline, for columnist:WORD
    posted: str | None = None  # a year, for posted:YEAR
    since: str | None = None  # a year, for --since / search(since=...)

    def colsearch_text(self) -> str:
        parts = [*self.words, *(f'"{" ".join(p)}"' for p in self.phrases)]
        if self.columnist:
            parts.append(f"columnist:{self.columnist}")
        if self.posted:
            parts.append(f"posted:{self.posted}")
        return " ".join(parts)

    def display(self) -> str:
        return self.colsearch_text() + (f" --since {self.since}" if self.since else "")

    def whoosh_text(self) -> str:  # QueryParser's default group is AND
        return " ".join([*self.words, *(f'"{" ".join(p)}"' for p in self.phrases)])

    def fts5_text(self) -> str:  # FTS5: space means AND; quoted strings are phrases
        return " ".join([*(f'"{w}"' for w in self.words), *(f'"{" ".join(p)}"' for p in self.phrases)])

    def tantivy_text(self) -> str:  # parsed with conjunction_by_default=True
        return " ".join([*self.words, *(f'"{" ".join(p)}"' for p in self.phrases)])


def make_queries(corpus: str, seed: int) -> list[Query]:
    """About 125 queries drawn from the body text of pages picked with a fixed seed."""
    rng = random.Random(f"{seed}:queries")
    paths = make_corpus.page_paths(corpus)
    pages = []
    for path in rng.sample(paths, min(len(paths), 400)):
        with open(path, encoding="utf-8") as f:
            pages.append(make_corpus.page_fields(f.read()))

    def content_words(text: str) -> list[str]:
        tokens = TOKEN_RE.findall(text.lower())
        return list(dict.fromkeys(w for w in tokens if len(w) >= 4 and w.isalpha() and w not in STOP_WORDS))

    def paragraph_words(minimum: int) -> tuple[dict[str, object], list[str]]:
        while True:
            page = rng.choice(pages)
            paragraphs = page["paragraphs"]
            assert isinstance(paragraphs, list)
            words = content_words(rng.choice(paragraphs))
            if len(words) >= minimum:
                return page, words

    queries: list[Query] = []
    seen: set[str] = set()

    def add(q: Query) -> None:
        if q.display() not in seen:
            seen.add(q.display())
            queries.append(q)

    plan = [("one", 20), ("two", 40), ("three-four", 20), ("phrase", 15), ("columnist", 10), ("posted", 10)]
    plan.append(("since", 10))
    for kind, count in plan:
        target = len(queries) + count
        while len(queries) < target:
            page, words = paragraph_words(4)
            if kind == "one":
                add(Query(kind, (rng.choice(words),)))
            elif kind == "two":
                add(Query(kind, tuple(rng.sample(words, 2))))
            elif kind == "three-four":
                add(Query(kind, tuple(rng.sample(words, rng.choice((3, 4))))))
            elif kind == "phrase":
                paragraphs = page["paragraphs"]
                assert isinstance(paragraphs, list)
                tokens = rng.choice(paragraphs).split()
                size = rng.choice((2, 2, 3))
                start = rng.randrange(0, max(1, len(tokens) - size))
                phrase = tuple(t.lower() for t in tokens[start : start + size])
                if all(WORD_RE.fullmatch(t) for t in phrase) and any(t not in STOP_WORDS for t in phrase):
                    add(Query(kind, (), (phrase,)))
            elif kind == "columnist":
                byline = page["columnist"]
                if isinstance(byline, str):
                    add(Query(kind, (rng.choice(words),), columnist=_family_name(byline)))
            elif kind == "posted":
                add(Query(kind, (rng.choice(words),), posted=str(page["posted"])[:4]))
            else:
                year = max(2013, int(str(page["posted"])[:4]) - rng.randint(0, 3))
                add(Query(kind, tuple(rng.sample(words, 2)), since=str(year)))
    return queries


def _family_name(byline: str) -> str:
    """The family name, lower case: first in "Kim Tae-hyun", last in "Laura Mendes, Jr."."""
    names = [w for w in WORD_RE.findall(byline.lower()) if w not in ("jr", "sr")]
    return names[0] if "-" in byline else names[-1]


# --- systems: indexing (run as child processes of this script) -----------------------------


def index_whoosh(corpus: str, target: str) -> int:
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.index import create_in

    schema = Schema(path=ID(stored=True, unique=True), content=TEXT(stored=True, analyzer=StemmingAnalyzer()))
    os.makedirs(target, exist_ok=True)
    ix = create_in(target, schema)
    writer = ix.writer()
    count = 0
    for path in make_corpus.page_paths(corpus):
        with open(path, encoding="utf-8", errors="replace") as f:
            writer.add_document(path=path, content=f.read())
        count += 1
    writer.commit()
    return count


def index_fts5(corpus: str, target: str) -> int:
    db = sqlite3.connect(target)
    db.execute("CREATE VIRTUAL TABLE pages USING fts5(path UNINDEXED, content, tokenize='porter unicode61')")

    def rows() -> object:
        for path in make_corpus.page_paths(corpus):
            with open(path, encoding="utf-8", errors="replace") as f:
                yield path, f.read()

    with db:
        db.executemany("INSERT INTO pages (path, content) VALUES (?, ?)", rows())  # type: ignore[arg-type]
    count = db.execute("SELECT count(*) FROM pages").fetchone()[0]
    db.close()
    return int(count)


def index_tantivy(corpus: str, target: str) -> int:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("path", stored=True, tokenizer_name="raw")
    builder.add_text_field("content", stored=True, tokenizer_name="en_stem")
    os.makedirs(target, exist_ok=True)
    index = tantivy.Index(builder.build(), path=target)
    writer = index.writer()
    count = 0
    for path in make_corpus.page_paths(corpus):
        with open(path, encoding="utf-8", errors="replace") as f:
            writer.add_document(tantivy.Document(path=path, content=f.read()))
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    return count


BASELINE_INDEXERS: dict[str, Callable[[str, str], int]] = {
    "whoosh": index_whoosh,
    "fts5": index_fts5,
    "tantivy": index_tantivy,
}


# --- systems: querying (in this process) -------------------------------------------------------


@dataclass
class Timings:
    plain: list[float] = field(default_factory=list)  # seconds, top 10 only
    passages: list[float] = field(default_factory=list)  # seconds, top 10 with passages/snippets
    with_hits: int = 0
    by_kind: dict[str, list[float]] = field(default_factory=dict)  # passages timings per query kind


def time_queries(
    queries: Sequence[Query],
    run: Callable[[Query, bool], int],
    repeat: int,
) -> Timings:
    """Warm up once, then time each query `repeat` times without and with passages."""
    timings = Timings()
    for q in queries:
        run(q, True)
    for _ in range(repeat):
        for q in queries:
            started = time.perf_counter()
            run(q, False)
            timings.plain.append(time.perf_counter() - started)
            started = time.perf_counter()
            run(q, True)
            elapsed = time.perf_counter() - started
            timings.passages.append(elapsed)
            timings.by_kind.setdefault(q.kind, []).append(elapsed)
    timings.with_hits = sum(1 for q in queries if run(q, False) > 0)
    return timings


def colsearch_runner(index_dir: str) -> Callable[[Query, bool], int]:
    import colsearch

    def run(q: Query, passages: bool) -> int:
        result = colsearch.search(q.colsearch_text(), index_dir, since=q.since, limit=10, passages=3 if passages else 0)
        return int(result.total)

    return run


def whoosh_runner(index_dir: str) -> Callable[[Query, bool], int]:
    from whoosh.index import open_dir
    from whoosh.qparser import QueryParser

    ix = open_dir(index_dir)
    searcher = ix.searcher()
    parser = QueryParser("content", ix.schema)

    def run(q: Query, passages: bool) -> int:
        results = searcher.search(parser.parse(q.whoosh_text()), limit=10)
        for hit in results:
            hit["path"]
            if passages:
                hit.highlights("content")
        return len(results)

    return run


def fts5_runner(db_path: str) -> Callable[[Query, bool], int]:
    db = sqlite3.connect(db_path)
    plain = "SELECT path FROM pages WHERE pages MATCH ? ORDER BY bm25(pages) LIMIT 10"
    snippets = (
        "SELECT path, snippet(pages, 1, '[', ']', '…', 24) FROM pages WHERE pages MATCH ? ORDER BY bm25(pages) LIMIT 10"
    )

    def run(q: Query, passages: bool) -> int:
        return len(db.execute(snippets if passages else plain, (q.fts5_text(),)).fetchall())

    return run


def tantivy_runner(index_dir: str) -> Callable[[Query, bool], int]:
    import tantivy

    index = tantivy.Index.open(index_dir)
    index.reload()
    searcher = index.searcher()
    schema = index.schema

    def run(q: Query, passages: bool) -> int:
        parsed = index.parse_query(q.tantivy_text(), ["content"], conjunction_by_default=True)
        result = searcher.search(parsed, 10)
        generator = tantivy.SnippetGenerator.create(searcher, parsed, schema, "content") if passages else None
        for _, address in result.hits:
            doc = searcher.doc(address)
            if generator is not None:
                generator.snippet_from_doc(doc).to_html()
        return len(result.hits)

    return run


def ripgrep_two_words(rg: str, corpus: str, w1: str, w2: str) -> tuple[float, int]:
    """`rg -l -i W1 DIR | xargs rg -l -i W2`: seconds and the number of files found."""
    started = time.perf_counter()
    first = subprocess.Popen([rg, "-l", "-i", "--", w1, corpus], stdout=subprocess.PIPE)
    second = subprocess.Popen(
        ["xargs", "-d", "\n", "-r", rg, "-l", "-i", "--", w2], stdin=first.stdout, stdout=subprocess.PIPE
    )
    assert first.stdout is not None
    first.stdout.close()
    out, _ = second.communicate()
    first.wait()
    return time.perf_counter() - started, len(out.splitlines())


# --- the run ------------------------------------------------------------------------------


def machine_facts() -> dict[str, str]:
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = _status_kb_meminfo()

    def pkg(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    rg = shutil.which("rg")
    rg_version = subprocess.run([rg, "--version"], capture_output=True, text=True).stdout.split("\n")[0] if rg else "-"
    return {
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "nproc": f"{len(os.sched_getaffinity(0))} (os.cpu_count {os.cpu_count()})",
        "CPU": cpu,
        "memory": f"{memory / 1024 / 1024:.1f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "whoosh": pkg("whoosh"),
        "colsearch": pkg("colsearch"),
        "tantivy": pkg("tantivy"),
        "SQLite": sqlite3.sqlite_version,
        "ripgrep": rg_version,
    }


def _status_kb_meminfo() -> int:
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1])
    return 0


def source_stamp() -> tuple[str, dict[str, int]]:
    """A short hash of colsearch's source files (path, size, mtime), and their mtimes: the
    package is edited while benchmarks run, and a report must say which code it measured."""
    import hashlib

    root = os.path.join(REPO, "src", "colsearch")
    mtimes: dict[str, int] = {}
    digest = hashlib.sha1()
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                st = os.stat(path)
                mtimes[os.path.relpath(path, REPO)] = st.st_mtime_ns
                with open(path, "rb") as f:
                    digest.update(path.encode() + f.read())
    return digest.hexdigest()[:12], mtimes


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def ensure_corpus(n: int, seed: int, corpus: str | None) -> tuple[str, dict[str, object], float]:
    folder = os.path.abspath(corpus or os.path.join(OUT, f"corpus-{n}-s{seed}"))
    started = time.perf_counter()
    if make_corpus.is_current(folder, n, seed):
        log(f"reusing the corpus in {folder}")
    else:
        log(f"generating {n:,} pages into {folder}")
        make_corpus.make_corpus(n, folder, seed)
    meta = make_corpus.read_meta(folder)
    assert meta is not None
    return folder, meta, time.perf_counter() - started


@dataclass
class IndexRun:
    name: str
    run: ProcessRun
    pages: int
    size: int = 0  # bytes on disk

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.run.seconds if self.run.seconds else float("nan")


def colsearch_index(corpus: str, index_dir: str, workers: int | None) -> ProcessRun:
    cmd = [os.path.join(BIN, "colsearch"), "index", corpus, "--index", index_dir]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    run = run_measured(cmd)
    if run.returncode != 0:
        sys.stderr.write(run.stderr[-4000:])
        raise SystemExit(f"performance: colsearch index failed with exit status {run.returncode}")
    return run


def summary_line(run: ProcessRun) -> str:
    lines = [line for line in run.stderr.splitlines() if line.startswith("colsearch:")]
    return lines[-1] if lines else "(no summary)"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def ratio(a: float, b: float) -> str:
    """a / b as 'N.N×'."""
    if not b or a != a or b != b:
        return "-"
    return f"{a / b:.2f}×" if a / b < 10 else f"{a / b:.0f}×"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--baseline-index"]:  # a child process indexing one baseline
        name, corpus, target = argv[1:4]
        print(json.dumps({"pages": BASELINE_INDEXERS[name](corpus, target)}))
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10000, help="pages in the corpus (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus and query seed (default 1)")
    parser.add_argument("--corpus", help="corpus folder (default benchmarks/out/corpus-N-sSEED, generated if missing)")
    parser.add_argument(
        "--out", default=OUT, help="folder for performance-N.md and the indexes (default benchmarks/out)"
    )
    parser.add_argument("--skip-baselines", action="store_true", help="measure colsearch only")
    parser.add_argument("--workers", type=int, help="pass --workers N to colsearch index (default: its own)")
    parser.add_argument("--repeat", type=int, default=2, help="timed passes over the queries (default 2)")
    parser.add_argument("--cli-runs", type=int, default=30, help="whole colsearch query processes (default 30)")
    parser.add_argument("--keep", action="store_true", help="keep the indexes (default: remove them at the end)")
    args = parser.parse_args(argv)

    run_started = time.perf_counter()
    facts = machine_facts()
    facts["load average at start (1, 5, 15 min)"] = load_average()
    stamp, mtimes = source_stamp()
    corpus, meta, corpus_seconds = ensure_corpus(args.n, args.seed, args.corpus)
    n = int(str(meta["n"]))
    work = os.path.join(os.path.abspath(args.out), f"perf-{n}")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    queries = make_queries(corpus, args.seed)
    log(f"{len(queries)} queries")
    rg = shutil.which("rg")

    # colsearch: index
    cs_dir = os.path.join(work, "colsearch")
    log("colsearch: full index")
    full = colsearch_index(corpus, cs_dir, args.workers)
    full_size = dir_bytes(cs_dir)
    sqlite_size = sum(dir_bytes(os.path.join(cs_dir, f)) for f in os.listdir(cs_dir) if f.endswith(".sqlite"))
    log(f"  {full.seconds:.1f} s, peak RSS {full.peak_tree_mb:.0f} MiB (tree); {summary_line(full)}")
    log("colsearch: re-index, nothing changed")
    noop = colsearch_index(corpus, cs_dir, args.workers)
    log(f"  {noop.seconds:.2f} s")

    # colsearch: queries
    log("colsearch: queries in process")
    cs_times = time_queries(queries, colsearch_runner(cs_dir), args.repeat)
    log(f"  p50 {ms(percentile(cs_times.plain, 50))} ms, with passages {ms(percentile(cs_times.passages, 50))} ms")
    log("colsearch: whole query processes")
    twos = [q for q in queries if q.kind == "two"]
    cli_cmd = [os.path.join(BIN, "colsearch"), "query", "", "--index", cs_dir, "-n", "10"]
    cli_runs: list[ProcessRun] = []
    for k in range(args.cli_runs + 1):
        cli_cmd[2] = " ".join(twos[k % len(twos)].words)
        run = run_measured(cli_cmd, poll=False, env=user_env())  # the first run writes the bytecode cache
        if run.returncode not in (0, 1):
            sys.stderr.write(run.stderr[-2000:])
            raise SystemExit(f"performance: colsearch query failed with exit status {run.returncode}")
        if k:  # the first run warms the page cache
            cli_runs.append(run)
    log(f"  p50 {ms(percentile([r.seconds for r in cli_runs], 50))} ms")

    # baselines
    baseline_index: dict[str, IndexRun] = {}
    baseline_times: dict[str, Timings] = {}
    rg_times: list[float] = []
    rg_files: list[int] = []
    if not args.skip_baselines:
        available = ["whoosh", "fts5"]
        try:
            import tantivy  # noqa: F401

            available.append("tantivy")
        except ImportError:
            log("tantivy is not installed; its rows are skipped (pip install tantivy)")
        runners = {"whoosh": whoosh_runner, "fts5": fts5_runner, "tantivy": tantivy_runner}
        for name in available:
            target = os.path.join(work, "fts5.sqlite" if name == "fts5" else name)
            log(f"{name}: index")
            cmd = [sys.executable, os.path.abspath(__file__), "--baseline-index", name, corpus, target]
            run = run_measured(cmd)
            if run.returncode != 0:
                sys.stderr.write(run.stderr[-4000:])
                log(f"{name}: indexing failed (exit status {run.returncode}); skipped")
                continue
            pages = json.loads(run.stdout.strip().splitlines()[-1])["pages"]
            baseline_index[name] = IndexRun(name, run, pages, dir_bytes(target))
            log(f"  {run.seconds:.1f} s, peak RSS {run.peak_rss_mb:.0f} MiB")
            log(f"{name}: queries")
            t = baseline_times[name] = time_queries(queries, runners[name](target), args.repeat)
            log(f"  p50 {ms(percentile(t.plain, 50))} ms, with snippets {ms(percentile(t.passages, 50))} ms")
        if rg:
            log("ripgrep: two-word AND")
            ripgrep_two_words(rg, corpus, *twos[0].words)  # warm the page cache
            for q in twos:
                seconds, found = ripgrep_two_words(rg, corpus, *q.words)
                rg_times.append(seconds)
                rg_files.append(found)
            log(f"  p50 {ms(percentile(rg_times, 50))} ms")
        else:
            log("ripgrep (rg) is not installed; its row is skipped (apt-get install -y ripgrep)")

    # colsearch: 1% of the pages changed
    log("colsearch: re-index after 1% of the pages changed")
    originals = make_corpus.touch_pages(corpus, 1.0, args.seed, round_=1)
    try:
        touched = colsearch_index(corpus, cs_dir, args.workers)
    finally:
        make_corpus.restore_pages(originals)
    log(f"  {touched.seconds:.2f} s; {summary_line(touched)}")

    facts["load average at end (1, 5, 15 min)"] = load_average()
    end_stamp, end_mtimes = source_stamp()
    if end_stamp == stamp:
        facts["colsearch source (src/colsearch/*.py hash)"] = f"{stamp}, unchanged during the run"
    else:
        changed = sorted(p for p in end_mtimes.keys() | mtimes.keys() if end_mtimes.get(p) != mtimes.get(p))
        facts["colsearch source (src/colsearch/*.py hash)"] = (
            f"**{stamp} at the start, {end_stamp} at the end: changed during the run** ({', '.join(changed)}); "
            "the figures mix versions"
        )
        log(f"colsearch's source changed during the run: {', '.join(changed)}")
    total_seconds = time.perf_counter() - run_started
    report = render_report(
        n=n,
        meta=meta,
        corpus=corpus,
        corpus_seconds=corpus_seconds,
        facts=facts,
        queries=queries,
        full=full,
        noop=noop,
        touched=touched,
        touched_pages=len(originals),
        full_size=full_size,
        sqlite_size=sqlite_size,
        cs_times=cs_times,
        cli_runs=cli_runs,
        baseline_index=baseline_index,
        baseline_times=baseline_times,
        rg_times=rg_times,
        rg_files=rg_files,
        total_seconds=total_seconds,
        args=args,
    )
    print(report)
    path = os.path.join(os.path.abspath(args.out), f"performance-{n}.md")
    with open(path, "w", encoding="utf-8") as f:
        f.write(report)
    log(f"report written to {path}; whole run {total_seconds:.0f} s")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


# --- the report ---------------------------------------------------------------------------


def render_report(
    *,
    n: int,
    meta: dict[str, object],
    corpus: str,
    corpus_seconds: float,
    facts: dict[str, str],
    queries: list[Query],
    full: ProcessRun,
    noop: ProcessRun,
    touched: ProcessRun,
    touched_pages: int,
    full_size: int,
    sqlite_size: int,
    cs_times: Timings,
    cli_runs: list[ProcessRun],
    baseline_index: dict[str, IndexRun],
    baseline_times: dict[str, Timings],
    rg_times: list[float],
    rg_files: list[int],
    total_seconds: float,
    args: argparse.Namespace,
) -> str:
    body_bytes = int(str(meta["body_bytes"]))
    page_bytes = int(str(meta["page_bytes"]))
    mb = 1024 * 1024
    out = [f"# colsearch performance, {n:,} pages", ""]
    out.append(
        f"Corpus: {n:,} generated Korea Times column pages ({meta['source']} sentences, seed {meta['seed']}), "
        f"{page_bytes / mb:.1f} MiB of page text, of which {body_bytes / mb:.1f} MiB is column body text "
        f"({int(str(meta['body_words'])) / n:.0f} words a page); {corpus_seconds:.0f} s to make or find "
        f"({os.path.relpath(corpus, REPO)})."
    )
    out.append(f"Whole benchmark run: {total_seconds:.0f} s. Command: `benchmarks/performance.py {_argv(args)}`.")
    out += ["", "| machine | |", "| --- | --- |"]
    out += [f"| {k} | {v} |" for k, v in facts.items()]

    out += ["", "## Indexing", ""]
    out.append(
        "| system | run | seconds | pages/s | peak RSS, largest process | peak RSS, tree sum | processes | on disk |"
    )
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")

    def row(system: str, what: str, run: ProcessRun, pages: int, size: int | None) -> str:
        rate = f"{pages / run.seconds:,.0f}" if pages and run.seconds else "-"
        disk = f"{size / mb:,.1f} MiB" if size else "-"
        return (
            f"| {system} | {what} | {run.seconds:,.2f} | {rate} | {run.peak_rss_mb:,.0f} MiB | "
            f"{run.peak_tree_mb:,.0f} MiB | {run.max_processes} | {disk} |"
        )

    out.append(row("colsearch", "full index (extraction included)", full, n, full_size))
    out.append(row("colsearch", "re-index, nothing changed", noop, 0, None))
    out.append(row("colsearch", f"re-index, 1% changed ({touched_pages} pages)", touched, 0, None))
    labels = {
        "whoosh": "straightforward Whoosh",
        "fts5": "SQLite FTS5",
        "tantivy": "tantivy",
    }
    for name, ix in baseline_index.items():
        out.append(row(labels[name], "full index (whole page text)", ix.run, ix.pages, ix.size))
    out += [
        "",
        f"colsearch's index: {full_size / mb:.1f} MiB ({sqlite_size / mb:.1f} MiB of it the SQLite manifest "
        f"and vocabulary), {full_size / body_bytes:.2f}× the body text ({body_bytes / mb:.1f} MiB) and "
        f"{full_size / page_bytes:.2f}× the page text ({page_bytes / mb:.1f} MiB).",
        "",
        "colsearch's summaries:",
        "",
        f"- full: `{summary_line(full)}`",
        f"- nothing changed: `{summary_line(noop)}`",
        f"- 1% changed: `{summary_line(touched)}`",
    ]

    out += ["", "## Queries", ""]
    out.append(
        f"{len(queries)} queries, each timed {args.repeat}× after a warm-up pass; milliseconds. "
        "'top 10' fetches the ten best with their stored fields; '+ passages' also makes colsearch's 3 "
        "passages, Whoosh's `highlights()`, FTS5's `snippet()` or tantivy's snippet for each."
    )
    out += [
        "",
        "| system | top 10 p50 | top 10 p95 | + passages p50 | + passages p95 | queries with hits |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]

    def qrow(name: str, t: Timings) -> str:
        return (
            f"| {name} | {ms(percentile(t.plain, 50))} | {ms(percentile(t.plain, 95))} | "
            f"{ms(percentile(t.passages, 50))} | {ms(percentile(t.passages, 95))} | {t.with_hits} of {len(queries)} |"
        )

    out.append(qrow("colsearch `search()` (opens the index each call)", cs_times))
    for name, t in baseline_times.items():
        out.append(qrow(labels[name], t))
    cli_seconds = [r.seconds for r in cli_runs]
    cli_rss = max((r.peak_rss_mb for r in cli_runs), default=0.0)
    cs_two = cs_times.by_kind.get("two", [])
    out += [
        "",
        "colsearch `search()` with passages, by kind of query (p50 / p95 ms): "
        + ", ".join(f"{kind} {ms(percentile(v, 50))} / {ms(percentile(v, 95))}" for kind, v in cs_times.by_kind.items())
        + ".",
        "",
        "| whole process | runs | p50 ms | p95 ms | peak RSS |",
        "| --- | ---: | ---: | ---: | ---: |",
        f'| `colsearch query "W1 W2" --index DIR -n 10` | {len(cli_runs)} | {ms(percentile(cli_seconds, 50))} | '
        f"{ms(percentile(cli_seconds, 95))} | {cli_rss:.0f} MiB |",
    ]
    if rg_times:
        out.append(
            f"| `rg -l -i W1 DIR \\| xargs rg -l -i W2` (same two-word queries) | {len(rg_times)} | "
            f"{ms(percentile(rg_times, 50))} | {ms(percentile(rg_times, 95))} | - |"
        )
        out.append("")
        out.append(
            f"ripgrep found a median of {statistics.median(rg_files):.0f} files per two-word query "
            "(substring matches in the whole page, chrome included, no stemming)."
        )

    out += ["", "## Ratios", "", "Above 1× means colsearch is faster.", ""]
    out += ["| comparison | ratio |", "| --- | ---: |"]
    for name, ix in baseline_index.items():
        out.append(f"| full index time: {labels[name]} / colsearch | {ratio(ix.run.seconds, full.seconds)} |")
    for name, t in baseline_times.items():
        if name == "whoosh":
            continue
        out.append(
            f"| query p50, top 10: {labels[name]} / colsearch | "
            f"{ratio(percentile(t.plain, 50), percentile(cs_times.plain, 50))} |"
        )
        out.append(
            f"| query p50, with passages/snippets: {labels[name]} / colsearch | "
            f"{ratio(percentile(t.passages, 50), percentile(cs_times.passages, 50))} |"
        )
    if "whoosh" in baseline_times:
        t = baseline_times["whoosh"]
        out.append(
            "| query p50, with passages/highlights: straightforward Whoosh / colsearch | "
            f"{ratio(percentile(t.passages, 50), percentile(cs_times.passages, 50))} |"
        )
    if rg_times:
        out.append(
            "| two-word AND p50: ripgrep / colsearch whole `query` process | "
            f"{ratio(percentile(rg_times, 50), percentile(cli_seconds, 50))} |"
        )
        out.append(
            "| two-word AND p50: ripgrep / colsearch `search()` with passages | "
            f"{ratio(percentile(rg_times, 50), percentile(cs_two, 50))} |"
        )

    out += ["", "## The issue's targets", "", "| target | measured | met |", "| --- | --- | --- |"]

    def target(text: str, measured: str, ok: bool | None) -> None:
        out.append(f"| {text} | {measured} | {'-' if ok is None else 'yes' if ok else 'no'} |")

    naive = baseline_index.get("whoosh")
    if naive:
        speedup = naive.run.seconds / full.seconds
        target("full index ≥ 3× faster than straightforward Whoosh", f"{speedup:.2f}×", speedup >= 3)
    else:
        target("full index ≥ 3× faster than straightforward Whoosh", "not measured (--skip-baselines)", None)
    peak = max(full.peak_tree_mb, full.peak_rss_mb)
    target("peak RSS of the index run < 1 GB", f"{peak:.0f} MiB (tree sum)", peak < 1000)
    target("no-change re-index of 100,000 pages < 5 s", f"{noop.seconds:.2f} s for {n:,}", noop.seconds < 5)
    share = touched.seconds / full.seconds
    target("1% changed: < 10% of a full index", f"{share * 100:.1f}%", share < 0.10)
    cli_p50 = percentile(cli_seconds, 50)
    target("`colsearch query` whole process p50 < 300 ms", f"{ms(cli_p50)} ms", cli_p50 < 0.3)
    search_p50 = percentile(cs_times.passages, 50)
    target("in-process search with passages p50 < 30 ms", f"{ms(search_p50)} ms", search_p50 < 0.03)
    if rg_times:
        speed = percentile(rg_times, 50) / cli_p50
        target("≥ 10× faster than ripgrep, two words (whole process)", f"{speed:.1f}×", speed >= 10)
    if n < 100000:
        out.append("")
        out.append(f"The targets are stated for 100,000 pages; this run has {n:,}.")

    out += ["", "## Queries used", ""]
    out.append("Baselines get the words and phrases only, as a conjunction (no columnist/posted/since filters).")
    out.append("")
    for kind in dict.fromkeys(q.kind for q in queries):
        out.append(f"- {kind}: " + "; ".join(f"`{q.display()}`" for q in queries if q.kind == kind))
    return "\n".join(out) + "\n"


def _argv(args: argparse.Namespace) -> str:
    parts = [f"--n {args.n}"]
    if args.seed != 1:
        parts.append(f"--seed {args.seed}")
    if args.skip_baselines:
        parts.append("--skip-baselines")
    if args.workers is not None:
        parts.append(f"--workers {args.workers}")
    return " ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
