"""Benchmark: colsearch's ranking quality on the TIME test collection, against FTS5 and tantivy.

The TIME collection (423 TIME magazine articles from 1963, 83 natural-language queries, binary
relevance judgments; see its README.md) is read at run time from the shared data folder
(`<repo>/../shared/data/time-collection`, or `--shared DIR`) and never copied into the
repository: the documents are written to a JSON Lines file in a temporary folder, indexed there
and the folder is removed at the end.

Systems, each ranking the same documents for the same query words:

  colsearch  `update_index([jsonl], index_dir, rebuild=True)` on records {id: docno, body: text,
             posted: date}, then `search(text, index_dir, limit=1000, passages=0)`; the hits'
             ids are the ranking. colsearch as it ships: all-words-first, BM25F, its analyzer.
  fts5       SQLite FTS5 (stdlib sqlite3), `tokenize='porter unicode61'`, the query as an OR of
             its quoted words, ranked by `bm25(docs)` ascending, top 1000.
  tantivy    PyPI `tantivy`, a `body` field with the `en_stem` tokenizer, `index.parse_query(q,
             ["body"])` (OR by default), top 1000. Skipped with a note when not importable.

Query words (identical for every system; printed with the table): the query text is lowercased
and split into words, a word being a run of letters and digits that may hold inner apostrophes
or dots (`viet nam's`, `u.s`); every other character is a separator, so the characters
colsearch's query language treats specially (quotes, parentheses, brackets, colons,
~ * ? ^ + -) never reach it, and neither do commas and full stops. Lowercasing keeps AND, OR,
NOT and TO from being read as operators. colsearch gets the words joined by spaces, FTS5 each
word in double quotes joined by " OR ", tantivy the words joined by spaces with non-alphanumeric
characters backslash-escaped (its grammar reads an apostrophe as a quote).

Metrics, averaged over the queries that have at least one relevant document in the chosen
judgments (a query a system returns nothing for scores 0):

  nDCG@10  binary gains, DCG = sum of 1/log2(rank+1) over relevant documents in the top 10,
           divided by the DCG of an ideal ranking (trec_eval's ndcg_cut.10).
  MAP      mean average precision: for each query the sum of precision at the rank of every
           relevant document retrieved, divided by the number of relevant documents
           (trec_eval's map; unretrieved relevant documents count as zero).
  P@10     relevant documents in the top 10, divided by 10.

When `pytrec_eval` (PyPI `pytrec-eval-terrier`) is importable the figures are cross-checked
against it and the largest difference is reported on stderr; it is not required.

Usage (from the repository root, with the project's virtualenv; `pip install tantivy` into it
for the tantivy row):

    .venv/bin/python benchmarks/relevance.py                  # judgments from TIME.REL
    .venv/bin/python benchmarks/relevance.py --qrels rel-all  # the larger TIME.REL.ALL set
    .venv/bin/python benchmarks/relevance.py --no-tantivy --out /tmp/relevance

Prints a Markdown report on stdout (the table of system x metric with the number of queries
and the seconds spent indexing and querying, the query transformation with examples, versions)
and writes the same to benchmarks/out/relevance.md (or `--out DIR/relevance.md`); progress and
notes go to stderr. Takes 10 to 30 seconds, nearly all of it colsearch. Exit status: 0 when
the run finished, 2 when the data cannot be found.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTION = os.path.join("data", "time-collection")
QRELS_FILES = {"rel": "qrels.rel.trec", "rel-all": "qrels.rel-all.trec"}
DEPTH = 1000  # documents ranked per query (the collection has 423)
CUTOFF = 10
EXAMPLE_QUERIES = ("2", "48", "69")  # an apostrophe, quotes, parentheses and upper-case AND

# A query word: letters and digits, with inner apostrophes or dots ("nam's", "u.s").
WORD_RE = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")

Ranking = dict[str, list[str]]  # query id -> document ids, best first
Qrels = dict[str, set[str]]  # query id -> relevant document ids


@dataclass(frozen=True)
class Collection:
    docs: list[dict[str, str]]  # docno, date, text
    queries: dict[str, str]  # query id -> original text


@dataclass(frozen=True)
class Run:
    system: str
    ranking: Ranking
    index_seconds: float
    query_seconds: float  # all queries


# --- the collection ---------------------------------------------------------------------


def find_collection(shared: str | None) -> str:
    """The TIME collection folder; exits with status 2 and a hint when it is missing."""
    shared_dir = shared or os.path.join(os.path.dirname(REPO), "shared")
    folder = os.path.join(shared_dir, COLLECTION)
    needed = ["time-docs.jsonl", "queries.tsv", *QRELS_FILES.values()]
    missing = [name for name in needed if not os.path.isfile(os.path.join(folder, name))]
    if missing:
        print(
            f"relevance: the TIME collection is not at {folder} (missing {', '.join(missing)}).\n"
            "Pass the shared data folder with --shared DIR (the folder that holds data/time-collection/).",
            file=sys.stderr,
        )
        sys.exit(2)
    return folder


def load_collection(folder: str) -> Collection:
    docs = []
    with open(os.path.join(folder, "time-docs.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                docs.append({"docno": record["docno"], "date": record["date"], "text": record["text"]})
    queries = {}
    with open(os.path.join(folder, "queries.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                qid, text = line.rstrip("\n").split("\t", 1)
                queries[qid] = text
    return Collection(docs, queries)


def load_qrels(path: str) -> Qrels:
    """TREC qrels (`qid 0 docno relevance`): the documents judged relevant for each query."""
    qrels: Qrels = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 4 and int(parts[3]) > 0:
                qrels.setdefault(parts[0], set()).add(parts[2])
    return qrels


def query_words(text: str) -> list[str]:
    """The words of a natural-language query, lowercased, with no query-language syntax."""
    return WORD_RE.findall(text.lower())


# --- the systems ------------------------------------------------------------------------
# Each system is built once (`build_*` indexes the documents) and returns a function from a
# query's words to document ids, best first.

Ranker = Callable[[Sequence[str]], list[str]]


def build_colsearch(collection: Collection, workdir: str) -> Ranker:
    from colsearch.index import update_index
    from colsearch.search import search

    jsonl_path = os.path.join(workdir, "time-docs.colsearch.jsonl")
    with open(jsonl_path, "w", encoding="utf-8") as f:
        for doc in collection.docs:
            f.write(json.dumps({"id": doc["docno"], "body": doc["text"], "posted": doc["date"]}) + "\n")
    index_dir = os.path.join(workdir, "colsearch-index")
    report = update_index([jsonl_path], index_dir, rebuild=True)
    if report.failed or report.columns != len(collection.docs):
        print(
            f"relevance: colsearch indexed {report.columns} of {len(collection.docs)} documents "
            f"({report.failed} failures: {report.failures[:3]})",
            file=sys.stderr,
        )

    def run(words: Sequence[str]) -> list[str]:
        return [hit.id for hit in search(" ".join(words), index_dir, limit=DEPTH, passages=0).hits]

    return run


def fts5_query(words: Sequence[str]) -> str:
    """An FTS5 MATCH expression: each word quoted (so nothing in it is syntax), joined by OR."""
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)


def build_fts5(collection: Collection) -> Ranker:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(docno UNINDEXED, body, tokenize='porter unicode61')")
    db.executemany("INSERT INTO docs (docno, body) VALUES (?, ?)", ((d["docno"], d["text"]) for d in collection.docs))

    def run(words: Sequence[str]) -> list[str]:
        sql = "SELECT docno FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?"
        return [docno for (docno,) in db.execute(sql, (fts5_query(words), DEPTH))]

    return run


def tantivy_query(words: Sequence[str]) -> str:
    """Words for tantivy's query parser, with its syntax characters (here ' and .) escaped."""
    return " ".join(re.sub(r"([^\w\s])", r"\\\1", w) for w in words)


def build_tantivy(collection: Collection) -> Ranker:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("docno", stored=True, tokenizer_name="raw")
    builder.add_text_field("body", stored=False, tokenizer_name="en_stem")
    index = tantivy.Index(builder.build())
    writer = index.writer()
    for doc in collection.docs:
        writer.add_document(tantivy.Document(docno=doc["docno"], body=doc["text"]))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()

    def run(words: Sequence[str]) -> list[str]:
        hits = searcher.search(index.parse_query(tantivy_query(words), ["body"]), DEPTH).hits
        return [searcher.doc(address)["docno"][0] for _, address in hits]

    return run


def run_system(system: str, build: Callable[[], Ranker], words: dict[str, list[str]]) -> Run:
    print(f"relevance: indexing and ranking with {system}", file=sys.stderr)
    started = time.perf_counter()
    rank = build()
    built = time.perf_counter()
    ranking = {qid: rank(ws) for qid, ws in words.items()}
    return Run(system, ranking, built - started, time.perf_counter() - built)


# --- the metrics ------------------------------------------------------------------------


def precision_at(ranking: Sequence[str], relevant: set[str], k: int = CUTOFF) -> float:
    return sum(1 for doc in ranking[:k] if doc in relevant) / k


def average_precision(ranking: Sequence[str], relevant: set[str]) -> float:
    found, total = 0, 0.0
    for rank, doc in enumerate(ranking, start=1):
        if doc in relevant:
            found += 1
            total += found / rank
    return total / len(relevant)


def ndcg_at(ranking: Sequence[str], relevant: set[str], k: int = CUTOFF) -> float:
    dcg = sum(1 / math.log2(rank + 1) for rank, doc in enumerate(ranking[:k], start=1) if doc in relevant)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(len(relevant), k) + 1))
    return dcg / ideal


METRICS: dict[str, Callable[[Sequence[str], set[str]], float]] = {
    "nDCG@10": ndcg_at,
    "MAP": average_precision,
    "P@10": precision_at,
}


def per_query(ranking: Ranking, qrels: Qrels) -> dict[str, dict[str, float]]:
    """metric -> query id -> value, for the queries with at least one relevant document."""
    return {
        name: {qid: metric(ranking.get(qid, []), rel) for qid, rel in qrels.items() if rel}
        for name, metric in METRICS.items()
    }


def evaluate(ranking: Ranking, qrels: Qrels) -> dict[str, float]:
    return {name: sum(values.values()) / len(values) for name, values in per_query(ranking, qrels).items()}


def cross_check(runs: Iterable[Run], qrels: Qrels) -> None:
    """Compare the per-query figures with trec_eval's (pytrec_eval), when it is installed."""
    try:
        import pytrec_eval
    except ImportError:
        return
    measures = {"nDCG@10": "ndcg_cut_10", "MAP": "map", "P@10": "P_10"}
    evaluator = pytrec_eval.RelevanceEvaluator(
        {qid: dict.fromkeys(rel, 1) for qid, rel in qrels.items() if rel}, set(measures.values())
    )
    worst = 0.0
    for run in runs:
        # Scores that keep each system's own order (trec_eval re-sorts by score, then docno).
        trec_run = {qid: {doc: float(DEPTH - i) for i, doc in enumerate(docs)} for qid, docs in run.ranking.items()}
        theirs = evaluator.evaluate(trec_run)
        ours = per_query(run.ranking, qrels)
        for qid, values in theirs.items():
            for name, measure in measures.items():
                worst = max(worst, abs(values[measure] - ours[name][qid]))
    print(f"relevance: cross-check with pytrec_eval: largest per-query difference {worst:.2e}", file=sys.stderr)


# --- the report -------------------------------------------------------------------------


def table(runs: Sequence[Run], qrels: Qrels) -> str:
    queries = sum(1 for rel in qrels.values() if rel)
    lines = [
        "| system | nDCG@10 | MAP | P@10 | queries | index s | queries s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        scores = evaluate(run.ranking, qrels)
        lines.append(
            f"| {run.system} | {scores['nDCG@10']:.4f} | {scores['MAP']:.4f} | {scores['P@10']:.4f} "
            f"| {queries} | {run.index_seconds:.2f} | {run.query_seconds:.2f} |"
        )
    return "\n".join(lines)


def versions(systems: Iterable[str]) -> str:
    found = []
    for package in ("colsearch", "whoosh", *(["tantivy"] if "tantivy" in systems else [])):
        with contextlib.suppress(PackageNotFoundError):
            found.append(f"{package} {version(package)}")
    return ", ".join([*found, f"SQLite {sqlite3.sqlite_version}", f"Python {sys.version.split()[0]}"])


def report(
    runs: Sequence[Run],
    qrels: Qrels,
    qrels_name: str,
    collection: Collection,
    words: dict[str, list[str]],
    notes: list[str],
) -> str:
    systems = [run.system for run in runs]
    parts = [
        "# Ranking quality on the TIME test collection",
        "",
        f"{len(collection.docs)} documents, {len(collection.queries)} queries, judgments `{QRELS_FILES[qrels_name]}` "
        f"(`--qrels {qrels_name}`); metrics averaged over the queries with at least one relevant document; "
        f"each system ranks the top {DEPTH}. Seconds: building the index; running all queries.",
        "",
        table(runs, qrels),
        "",
        "Query words, identical for every system: lowercase, then words = runs of letters and digits with inner "
        "apostrophes or dots (regex `" + WORD_RE.pattern + "`); every other character (quotes, parentheses, "
        "brackets, colons, ~ * ? ^ + -, commas, full stops) separates words. colsearch gets the words joined by "
        'spaces; FTS5 `"w1" OR "w2" ...`; tantivy the words with non-alphanumeric characters backslash-escaped.',
        "",
        "Examples:",
        "",
        *(
            f"- query {qid}: `{collection.queries[qid]}` -> `{' '.join(words[qid])}`"
            for qid in EXAMPLE_QUERIES
            if qid in words
        ),
        "",
        f"Versions: {versions(systems)}.",
    ]
    if notes:
        parts += ["", *(f"Note: {note}" for note in notes)]
    return "\n".join(parts) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--qrels", choices=sorted(QRELS_FILES), default="rel", help="judgments to score against")
    parser.add_argument("--no-tantivy", action="store_true", help="leave out the tantivy baseline")
    parser.add_argument("--out", default=os.path.join(REPO, "benchmarks", "out"), help="folder for relevance.md")
    parser.add_argument("--shared", help="the shared data folder (default: <repo>/../shared)")
    args = parser.parse_args(argv)

    folder = find_collection(args.shared)
    collection = load_collection(folder)
    qrels = load_qrels(os.path.join(folder, QRELS_FILES[args.qrels]))
    words = {qid: query_words(text) for qid, text in collection.queries.items()}
    notes: list[str] = []

    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="colsearch-relevance-") as workdir:
        runs.append(run_system("colsearch", lambda: build_colsearch(collection, workdir), words))
    runs.append(run_system("fts5", lambda: build_fts5(collection), words))
    if args.no_tantivy:
        notes.append("tantivy left out (--no-tantivy).")
    else:
        try:
            import tantivy  # noqa: F401
        except ImportError:
            notes.append("tantivy is not installed, so it is left out (pip install tantivy).")
        else:
            runs.append(run_system("tantivy", lambda: build_tantivy(collection), words))
    for note in notes:
        print(f"relevance: {note}", file=sys.stderr)
    cross_check(runs, qrels)

    text = report(runs, qrels, args.qrels, collection, words, notes)
    print(text, end="")
    os.makedirs(args.out, exist_ok=True)
    out_path = os.path.join(args.out, "relevance.md")
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"relevance: wrote {out_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
