"""Benchmark: colsearch's field extraction scored against public ground truth.

Runs every page of five third-party data sets (read at run time from the shared data folder,
never copied into the repository) through up to three systems and scores four fields:

  colsearch-html     `extract(decode_page(path, html, kind="html"))`
  colsearch-w3m      the page rendered by `w3m -dump`, read back with `kind="text"`
  trafilatura-html   `trafilatura.bare_extraction(html, with_metadata=True)`, for comparison

Fields and how each is scored (only pages whose truth has the field count, n is printed):

  headline  exact: equal after normalizing (NFKC, casefold, curly quotes and dashes made plain,
            collapsed whitespace, punctuation stripped at both ends); contains: one normalized
            title contains the other.
  authors   set: the set of normalized names equals the truth's; overlap: they share a name.
            Every byline (truth strings, trafilatura's "A; B", each colsearch name) is split by
            one rule, `byline_names`: a leading "By"/"Written by"/"Par"/"Por"/"Von" dropped; first
            line only; "(...)" dropped; split on , ; | & / and "and"/"und"/"et"/"y"; parts
            holding a digit (dates) or credentials ("MA", "Ph.D.", "CNN": one token of at most
            five letters, written in capitals or with dots) dropped; a name is its lowercase
            \\w+ words minus a trailing Jr/Sr/II/III/IV.
  posted    date: the calendar dates (YYYY-MM-DD, the first ten characters of the ISO value)
            are equal. A truth of only a year and month does not count.
  body      the Zyte article-extraction-benchmark's scoring (its evaluate.py): \\w+ tokens,
            4-token shingles counted as a bag, per-page TP/FP/FN normalized to sum to 1;
            precision is the mean over pages where the system returned text, recall the mean
            over pages with true text, F1 = 2PR/(P+R) of those means. The same with single
            tokens (n=1) is printed as "body (tokens)".

A page a system fails on (an exception, an empty page) counts as a wrong answer for every field
with truth. colsearch's fields are scored whether or not it calls the page a column.
`--show-failures` lists, for colsearch-html and colsearch-w3m, the 10 worst pages per field (wrong
answers; bodies under F1 0.9, lowest first), taken from each data set in turn.

Usage (from the repository root, with the project's virtualenv):

    .venv/bin/python benchmarks/extraction.py                    # everything, about 7 minutes on 2 cores
    .venv/bin/python benchmarks/extraction.py --limit 20 --datasets wcxb,readability
    .venv/bin/python benchmarks/extraction.py --show-failures --no-trafilatura

Optional: `pip install trafilatura lxml_html_clean` for the comparison column, and the `w3m`
binary (`apt-get install w3m`) for the text-dump column; each column is skipped when missing.
Writes benchmarks/out/extraction.md (the table), benchmarks/out/pages.jsonl (per-page scores and
short fields) and caches w3m renderings in benchmarks/out/w3m/. Progress goes to stderr.
Exit status: 0 when the run finished, 2 when the data cannot be found or an option is wrong.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

try:
    from colsearch.extract import extract
    from colsearch.pages import decode_page
    from colsearch.records import Column
except ImportError:  # a checkout without `pip install -e .`: use its src/
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from colsearch.extract import extract
    from colsearch.pages import decode_page
    from colsearch.records import Column

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out"
W3M_ARGS = ["-dump", "-T", "text/html", "-cols", "200", "-I", "UTF-8", "-O", "UTF-8"]
W3M_TIMEOUT = 60
FIELDS = ("headline", "authors", "posted", "body")


# --- truth ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Truth:
    """What a data set says a page holds; None where it says nothing."""

    headline: str | None = None
    authors: str | None = None  # a byline string, split by `byline_names`
    posted: str | None = None  # YYYY-MM-DD
    body: str | None = None


@dataclass(frozen=True)
class Item:
    """One page of one data set, with its truth."""

    dataset: str
    name: str  # path under the data folder, as shown in reports
    path: str
    truth: Truth


@dataclass
class Loaded:
    items: list[Item]
    notes: list[str] = field(default_factory=list)


def _calendar(value: Any) -> str | None:
    match = re.match(r"\d{4}-\d{2}-\d{2}", value.strip()) if isinstance(value, str) else None
    return match.group(0) if match else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _read(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.name.endswith(".gz") else raw


def load_article_extraction_benchmark(root: Path) -> Loaded:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    items = [
        Item(
            "article-extraction-benchmark",
            f"html/{key}.html.gz",
            str(root / "html" / f"{key}.html.gz"),
            Truth(body=_text(value.get("articleBody"))),
        )
        for key, value in sorted(truth.items())
    ]
    return Loaded(items, ["truth: body only (hand-cleaned articleBody)"])


def load_readability_test_pages(root: Path) -> Loaded:
    items, synthetic = [], 0
    for folder in sorted(p for p in (root / "pages").iterdir() if p.is_dir()):
        source = folder / "source.html.gz"
        # The README: 36 folders are tiny synthetic unit cases (source under 5 KB), not pages.
        if len(_read(source)) < 5000:
            synthetic += 1
            continue
        meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        expected = BeautifulSoup(_read(folder / "expected.html.gz"), "lxml").get_text(" ")
        truth = Truth(
            _text(meta.get("title")), _text(meta.get("byline")), _calendar(meta.get("publishedTime")), _text(expected)
        )
        items.append(Item("readability-test-pages", f"pages/{folder.name}/source.html.gz", str(source), truth))
    return Loaded(
        items,
        [
            f"{synthetic} synthetic unit-test folders (source < 5 KB) skipped",
            "body truth: text of Readability's expected.html",
        ],
    )


def load_newspaper4k_fixtures(root: Path) -> Loaded:
    # The README: these are library output, and these author lists are wrong (sidebar writers,
    # "www.facebook.com", date fragments); their authors do not count.
    bad_authors = {"cnn_article", "wired_001", "yna_co_kr", "video_article_01"}
    items = []
    for meta_path in sorted((root / "metadata").glob("*.json")):
        name = meta_path.stem
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        people = [p for p in meta.get("authors") or [] if isinstance(p, str)]
        authors = ", ".join(people) if people and name not in bad_authors else None
        truth = Truth(_text(meta.get("title")), authors, _calendar(meta.get("publish_date")), _text(meta.get("text")))
        items.append(
            Item("newspaper4k-fixtures", f"html/{name}.html.gz", str(root / "html" / f"{name}.html.gz"), truth)
        )
    return Loaded(items, [f"authors of {', '.join(sorted(bad_authors))} not counted (wrong in the truth, see README)"])


def load_wcxb_articles(root: Path) -> Loaded:
    items = []
    with gzip.open(root / "ground-truth.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            truth = Truth(
                _text(row.get("title")),
                _text(row.get("author")),
                _calendar(row.get("publish_date")),
                _text(row.get("main_content")),
            )
            items.append(Item("wcxb-articles", row["file"], str(root / row["file"]), truth))
    return Loaded(sorted(items, key=lambda i: i.name), ["article pages only; truth is AI-generated with review"])


def load_htmldate_eval(root: Path) -> Loaded:
    items, seen = [], set()
    for row in json.loads((root / "ground-truth.json").read_text(encoding="utf-8")):
        if row["file"] in seen:  # a live URL and its archive copy share one file
            continue
        seen.add(row["file"])
        items.append(Item("htmldate-eval", row["file"], str(root / row["file"]), Truth(posted=_calendar(row["date"]))))
    notes = ["truth: publication date only", "trafilatura dates come from htmldate, tuned on this very set"]
    return Loaded(sorted(items, key=lambda i: i.name), notes)


DATASETS: dict[str, Callable[[Path], Loaded]] = {
    "article-extraction-benchmark": load_article_extraction_benchmark,
    "readability-test-pages": load_readability_test_pages,
    "newspaper4k-fixtures": load_newspaper4k_fixtures,
    "wcxb-articles": load_wcxb_articles,
    "htmldate-eval": load_htmldate_eval,
}


# --- systems ----------------------------------------------------------------------------


@dataclass
class Output:
    """What one system read from one page."""

    headline: str | None = None
    authors: list[str] = field(default_factory=list)
    posted: str | None = None
    body: str = ""
    is_column: bool | None = None
    error: str | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class Task:
    item: Item
    systems: tuple[str, ...]
    w3m_cache: str


def run_page(task: Task) -> dict[str, Output]:
    """Every asked-for system's reading of one page; a failure is recorded, never raised."""
    # bs4 warns about XHTML pages parsed as HTML; colsearch's own tests decide about that.
    warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)
    item = task.item
    try:
        raw = _read(Path(item.path))
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        return {system: Output(error=f"cannot read the page ({exc})") for system in task.systems}
    outputs: dict[str, Output] = {}
    html: str | None = None
    for system in task.systems:
        started = time.perf_counter()
        try:
            if system == "colsearch-html":
                page = decode_page(item.path, raw, kind="html")
                html = page.text
                output = _from_column(extract(page))
            elif system == "colsearch-w3m":
                if html is None:
                    html = decode_page(item.path, raw, kind="html").text
                dump = _w3m(html, Path(task.w3m_cache) / item.dataset / (item.name + ".txt"))
                output = _from_column(extract(decode_page(item.path, dump, kind="text")))
            else:
                output = _trafilatura(html if html is not None else raw)
        except Exception as exc:  # one bad page never stops a run
            output = Output(error=f"{type(exc).__name__}: {exc}")
        output.seconds = time.perf_counter() - started
        outputs[system] = output
    return outputs


def _from_column(column: Column) -> Output:
    return Output(column.headline, list(column.authors), column.posted, column.body, column.is_column)


def _w3m(html: str, cache: Path) -> bytes:
    if cache.exists():
        return cache.read_bytes()
    done = subprocess.run(["w3m", *W3M_ARGS], input=html.encode("utf-8"), capture_output=True, timeout=W3M_TIMEOUT)
    if done.returncode != 0:
        raise RuntimeError(f"w3m exited with status {done.returncode}")
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(done.stdout)
    return done.stdout


def _trafilatura(html: str | bytes) -> Output:
    import trafilatura

    result = trafilatura.bare_extraction(html, with_metadata=True)
    if result is None:
        return Output()
    data = result if isinstance(result, dict) else result.as_dict()
    author = data.get("author")
    return Output(data.get("title"), [author] if author else [], data.get("date"), data.get("text") or "")


def available_systems(no_trafilatura: bool, no_w3m: bool) -> tuple[tuple[str, ...], list[str]]:
    systems, notes = ["colsearch-html"], []
    if no_w3m:
        notes.append("colsearch-w3m: skipped (--no-w3m)")
    elif shutil.which("w3m") is None:
        notes.append("colsearch-w3m: skipped, no `w3m` binary (apt-get install w3m)")
    else:
        systems.append("colsearch-w3m")
    if no_trafilatura:
        notes.append("trafilatura-html: skipped (--no-trafilatura)")
    else:
        try:
            import trafilatura

            systems.append("trafilatura-html")
            notes.append(f"trafilatura {trafilatura.__version__}")
        except ImportError as exc:
            notes.append(f"trafilatura-html: skipped, not importable ({exc}); pip install trafilatura lxml_html_clean")
    return tuple(systems), notes


# --- scoring ----------------------------------------------------------------------------


# Typography that says nothing about extraction: curly quotes, dashes, ellipsis.
_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."})


def normalize(text: str) -> str:
    """NFKC, casefold, plain quotes and dashes, one space between words, no punctuation or space at the ends."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold().translate(_TYPOGRAPHY))
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or unicodedata.category(text[start]).startswith("P")):
        start += 1
    while end > start and (text[end - 1].isspace() or unicodedata.category(text[end - 1]).startswith("P")):
        end -= 1
    return text[start:end]


_BY_RE = re.compile(r"^\s*(?:(?:written|posted|words|story)\s+)?(?:by|par|por|von)\b[:\s]*", re.I)
_SPLIT_RE = re.compile(r"\s*(?:[,;|&/]|\b(?:and|und|et|y)\b)\s*", re.I)
_SUFFIX_RE = re.compile(r"(?:\s+(?:jr|sr|ii|iii|iv))+$")


def byline_names(byline: str) -> frozenset[str]:
    """The normalized person names in a byline string (the rule in the module docstring)."""
    text = _BY_RE.sub("", unicodedata.normalize("NFKC", byline).strip())  # "By\n\t\tScott Cunningham"
    text = text.splitlines()[0] if text else ""
    text = re.sub(r"\([^)]*\)", " ", text)
    names = set()
    for part in _SPLIT_RE.split(text):
        part = part.strip()
        letters = re.sub(r"\W", "", part)
        if not letters or re.search(r"\d", part):
            continue
        if " " not in part and len(letters) <= 5 and (letters.isupper() or "." in part):
            continue  # MA, Ph.D., CNN: a credential or an outlet, not a name
        name = _SUFFIX_RE.sub("", " ".join(re.findall(r"\w+", part.casefold())))
        if name:
            names.add(name)
    return frozenset(names)


def names_of(authors: Iterable[str]) -> frozenset[str]:
    return frozenset().union(*(byline_names(a) for a in authors))


_TOKEN_RE = re.compile(r"\w+")


def shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    """The Zyte benchmark's bag: \\w+ tokens joined into n-grams (one short n-gram for a short text)."""
    tokens = _TOKEN_RE.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def tp_fp_fn(truth: str, got: str, n: int) -> tuple[float, float, float]:
    """Counts of shared, extra and missing n-grams, normalized so every page weighs the same."""
    want, have = shingles(truth, n), shingles(got, n)
    tp = float(sum((want & have).values()))
    fp = float(sum((have - want).values()))
    fn = float(sum((want - have).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def prf(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Macro P and R the Zyte way, and F1 of the two means."""
    ps = [precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [recall(*c) for c in counts if c[0] + c[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Score:
    """One system's score of one field of one page."""

    ok: bool  # exact / set / date match; for the body, F1 of the page >= 0.9
    lenient: bool
    value: float  # for ranking the worst pages: 1.0 right, lower is worse
    expected: str
    got: str
    counts: dict[int, tuple[float, float, float]] = field(default_factory=dict)  # body: n -> tp, fp, fn


def score_page(truth: Truth, out: Output) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    if truth.headline is not None:
        want, have = normalize(truth.headline), normalize(out.headline or "")
        lenient = bool(have) and (want in have or have in want)
        scores["headline"] = Score(
            want == have, lenient, 1.0 if want == have else 0.5 if lenient else 0.0, truth.headline, out.headline or ""
        )
    if truth.authors is not None and byline_names(truth.authors):
        want_names, have_names = byline_names(truth.authors), names_of(out.authors)
        shared = len(want_names & have_names) / len(want_names | have_names)
        scores["authors"] = Score(
            want_names == have_names, bool(want_names & have_names), shared, truth.authors, "; ".join(out.authors)
        )
    if truth.posted is not None:
        have_date = _calendar(out.posted)
        scores["posted"] = Score(
            have_date == truth.posted,
            have_date == truth.posted,
            float(have_date == truth.posted),
            truth.posted,
            out.posted or "",
        )
    if truth.body is not None:
        counts = {n: tp_fp_fn(truth.body, out.body, n) for n in (4, 1)}
        p, r = precision(*counts[4]), recall(*counts[4])
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        scores["body"] = Score(f1 >= 0.9, f1 >= 0.5, f1, truth.body, out.body, counts)
    return scores


# --- the run ----------------------------------------------------------------------------


@dataclass
class Result:
    item: Item
    outputs: dict[str, Output]
    scores: dict[str, dict[str, Score]]  # system -> field -> score


def run(tasks: list[Task], jobs: int) -> Iterator[tuple[Task, dict[str, Output]]]:
    if jobs <= 1:
        for task in tasks:
            yield task, run_page(task)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from zip(tasks, pool.map(run_page, tasks, chunksize=4), strict=True)


def table(dataset: str, results: list[Result], systems: tuple[str, ...], notes: list[str]) -> str:
    """The markdown table of one data set: a row per field and metric, a column per system."""
    lines = [f"### {dataset} ({len(results)} pages)", ""]
    lines += [f"- {note}" for note in notes]
    lines += ["", "| field | metric | " + " | ".join(systems) + " |", "|---|---|" + "---|" * len(systems)]
    metrics = [
        ("headline", "exact"),
        ("headline", "contains"),
        ("authors", "set"),
        ("authors", "overlap"),
        ("posted", "date"),
        ("body", "P / R / F1"),
        ("body (tokens)", "P / R / F1"),
    ]
    for name, metric in metrics:
        key = name.split()[0]
        scored = [r for r in results if key in r.scores[systems[0]]]
        if not scored:
            continue
        cells = []
        for system in systems:
            got = [r.scores[system][key] for r in scored]
            if key == "body":
                p, r, f1 = prf([s.counts[1 if "tokens" in name else 4] for s in got])
                cells.append(f"{p:.3f} / {r:.3f} / **{f1:.3f}** (n={len(got)})")
            else:
                hits = sum(s.lenient if metric in ("contains", "overlap") else s.ok for s in got)
                cells.append(f"{hits / len(got):.3f} (n={len(got)})")
        lines.append(f"| {name} | {metric} | " + " | ".join(cells) + " |")
    seconds = {s: sum(r.outputs[s].seconds for r in results) for s in systems}
    errors = {s: sum(1 for r in results if r.outputs[s].error) for s in systems}
    lines.append("| time | s/page | " + " | ".join(f"{seconds[s] / max(1, len(results)):.3f}" for s in systems) + " |")
    lines.append("| errors | pages | " + " | ".join(str(errors[s]) for s in systems) + " |")
    not_columns = [
        str(sum(1 for r in results if r.outputs[s].is_column is False)) if s.startswith("colsearch") else "–"
        for s in systems
    ]
    lines.append("| not a column | pages | " + " | ".join(not_columns) + " |")
    return "\n".join(lines) + "\n"


def _clip(text: str, width: int) -> str:
    text = re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text)  # page text is data: no control characters
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def worst(results: list[Result], system: str, key: str, count: int = 10) -> list[tuple[Result, Score]]:
    """The worst-scored pages, taken from each data set in turn so no one set fills the list."""
    by_set: dict[str, list[tuple[Result, Score]]] = defaultdict(list)
    for r in results:
        score = r.scores[system].get(key)
        if score is not None and not score.ok:
            by_set[r.item.dataset].append((r, score))
    for found in by_set.values():
        found.sort(key=lambda pair: (pair[1].value, pair[0].item.name))
    picked: list[tuple[Result, Score]] = []
    while len(picked) < count and any(by_set.values()):
        for found in by_set.values():
            if found and len(picked) < count:
                picked.append(found.pop(0))
    return picked


def failures(results: list[Result], systems: tuple[str, ...]) -> str:
    lines = []
    for system in (s for s in systems if s.startswith("colsearch")):
        for key in FIELDS:
            picked = worst(results, system, key)
            if not picked:
                continue
            lines += [f"### {system}: {key}, worst {len(picked)}", ""]
            for r, s in picked:
                where = f"{r.item.dataset}/{r.item.name}"
                if key == "body":
                    p, rc = precision(*s.counts[4]), recall(*s.counts[4])
                    error = r.outputs[system].error
                    lines.append(
                        f"- `{where}` F1 {s.value:.2f} (P {p:.2f} R {rc:.2f}, {len(s.got.split())} words "
                        f"for {len(s.expected.split())})" + (f" error: {error}" if error else "")
                    )
                    lines.append(f"  - expected: {_clip(s.expected, 110)!r}")
                    lines.append(f"  - got:      {_clip(s.got, 110)!r}")
                else:
                    error = r.outputs[system].error
                    got = repr(_clip(s.got, 90)) if s.got else f"nothing ({error})" if error else "nothing"
                    lines.append(f"- `{where}` expected {_clip(s.expected, 90)!r}, got {got}")
            lines.append("")
    return "\n".join(lines)


def pick_datasets(spec: str | None) -> list[str]:
    """Data set names from a comma-separated list of names or unique prefixes."""
    if not spec:
        return list(DATASETS)
    chosen = []
    for word in (w.strip() for w in spec.split(",") if w.strip()):
        matches = [name for name in DATASETS if name.startswith(word)]
        if len(matches) != 1:
            raise ValueError(f"unknown data set {word!r}; choose from {', '.join(DATASETS)}")
        chosen.append(matches[0])
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="shared folder (holds data/)")
    parser.add_argument("--datasets", help="comma-separated data set names or prefixes (default: all)")
    parser.add_argument("--limit", type=int, help="pages per data set, for a quick run")
    parser.add_argument("--no-trafilatura", action="store_true", help="skip the trafilatura column")
    parser.add_argument("--no-w3m", action="store_true", help="skip the w3m text-dump column")
    parser.add_argument("--show-failures", action="store_true", help="list colsearch's 10 worst pages per field")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="worker processes")
    args = parser.parse_args(argv)

    data = args.shared / "data"
    if not data.is_dir():
        print(
            f"extraction: {data}: no such folder. The benchmark reads the shared test data from "
            f"<repo>/../shared/data; pass --shared DIR to point at it.",
            file=sys.stderr,
        )
        return 2
    try:
        names = pick_datasets(args.datasets)
    except ValueError as exc:
        print(f"extraction: {exc}", file=sys.stderr)
        return 2
    missing = [n for n in names if not (data / n).is_dir()]
    if missing:
        print(f"extraction: {data}: missing {', '.join(missing)}; choose others with --datasets.", file=sys.stderr)
        return 2
    systems, system_notes = available_systems(args.no_trafilatura, args.no_w3m)
    for note in system_notes:
        print(f"extraction: {note}", file=sys.stderr)

    started = time.perf_counter()
    loaded = {name: DATASETS[name](data / name) for name in names}
    tasks = [
        Task(item, systems, str(OUT / "w3m"))
        for name in names
        for item in loaded[name].items[: args.limit if args.limit is not None else None]
    ]
    print(f"extraction: {len(tasks)} pages from {len(names)} data sets, systems: {', '.join(systems)}", file=sys.stderr)
    results: list[Result] = []
    for done, (task, outputs) in enumerate(run(tasks, args.jobs), start=1):
        for system, output in outputs.items():
            if output.error:
                print(f"extraction: {task.item.dataset}/{task.item.name}: {system}: {output.error}", file=sys.stderr)
        scores = {system: score_page(task.item.truth, output) for system, output in outputs.items()}
        results.append(Result(task.item, outputs, scores))
        if done % 200 == 0:
            print(f"extraction: {done}/{len(tasks)} pages", file=sys.stderr)
    elapsed = time.perf_counter() - started

    OUT.mkdir(parents=True, exist_ok=True)
    parts = [
        "# colsearch field extraction benchmark",
        "",
        f"{len(results)} pages, {elapsed:.0f} s wall time with {args.jobs} jobs"
        + (f", first {args.limit} pages per data set" if args.limit is not None else "")
        + ". Accuracy is the share of pages with truth for the field (n); body is the Zyte benchmark's"
        " precision / recall / F1 over 4-token shingles (and over single tokens). Rules: "
        "benchmarks/extraction.py docstring.",
        "",
        *[f"- {note}" for note in system_notes],
        "",
    ]
    for name in names:
        subset = [r for r in results if r.item.dataset == name]
        parts.append(table(name, subset, systems, loaded[name].notes))
    report = "\n".join(parts)
    if args.show_failures:
        report += "\n## Worst pages for colsearch\n\n" + failures(results, systems)
    print(report)
    (OUT / "extraction.md").write_text(report, encoding="utf-8")
    with (OUT / "pages.jsonl").open("w", encoding="utf-8") as handle:
        for r in results:
            row: dict[str, Any] = {"dataset": r.item.dataset, "page": r.item.name}
            for system in systems:
                out = asdict(r.outputs[system])
                out["body_words"] = len(out.pop("body").split())
                out["scores"] = {
                    k: {"ok": s.ok, "lenient": s.lenient, "value": round(s.value, 4)}
                    | (
                        {"precision": round(precision(*s.counts[4]), 4), "recall": round(recall(*s.counts[4]), 4)}
                        if k == "body"
                        else {"expected": s.expected}
                    )
                    for k, s in r.scores[system].items()
                }
                row[system] = out
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"extraction: wrote {OUT / 'extraction.md'} and {OUT / 'pages.jsonl'} in {elapsed:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
