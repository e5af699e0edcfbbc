"""Benchmark: how long `best_passages` takes on real news bodies, before and after issue 6.

Reads plain-text English news and opinion bodies from the shared test data (Webis
editorials, BBC News; `--data`, default ../shared/data beside the repository), keeps those of 3,000 to 10,000
characters (a column of 600 to 1,200 words is 4 to 8 KB), and for each picks query words
from the body itself with a fixed seed: one, two or three words, and one query in five as a
two-word "phrase" taken from the text. Spans come from `colsearch.search.match_spans`, as a
search hit gets them. Then it times, on the same inputs, the plain algorithm that issue 6
replaced (`reference_best_passages`, kept in tests/test_passages.py) and `best_passages`,
with CPU time (`time.process_time`), `--repeat` times alternately, and prints the best
time per call in microseconds and the ratio. It first checks that both give the same
passages for every input. Also prints `match_spans` per call, the other half of a hit's
passage cost.

Usage (from the repository root):

    .venv/bin/python benchmarks/passages_speed.py
    .venv/bin/python benchmarks/passages_speed.py --repeat 15 --count 3
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
import time
from collections.abc import Callable, Sequence

from colsearch.passages import PhraseTerm, best_passages
from colsearch.search import analyze_for_passages, match_spans

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))
from test_passages import reference_best_passages  # the plain algorithm lives with its test

SOURCES = ("webis-editorials/editorials.jsonl.gz", "bbc-news/bbc-articles.jsonl.gz")
WORD_RE = re.compile(r"[A-Za-z][a-z]{3,}")

Query = tuple[str, set[str], list[PhraseTerm]]  # body, terms, phrases


def load_bodies(data: str, low: int, high: int) -> list[str]:
    bodies: list[str] = []
    for source in SOURCES:
        path = os.path.join(data, source)
        if not os.path.exists(path):
            continue
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            bodies.extend(body for line in lines if low <= len(body := json.loads(line)["body"]) <= high)
    return bodies


def make_queries(bodies: Sequence[str], seed: int) -> list[Query]:
    """Words of each body as its query's terms; one query in five also has a phrase."""
    rng = random.Random(seed)
    queries: list[Query] = []
    for body in bodies:
        words = WORD_RE.findall(body)
        terms = {t for word in rng.sample(words, rng.choice((1, 2, 3))) for t, *_ in analyze_for_passages(word)}
        phrases: list[PhraseTerm] = []
        if rng.random() < 0.2:
            k = rng.randrange(len(words) - 1)
            pair = [t for word in words[k : k + 2] for t, *_ in analyze_for_passages(word)]
            if len(pair) == 2:
                phrases.append(PhraseTerm(tuple(pair)))
        queries.append((body, terms, phrases))
    return queries


def best_time(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    shared = os.path.join(
        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "shared", "data"
    )
    parser.add_argument("--data", default=shared, help="the shared test data folder (default: ../shared/data)")
    parser.add_argument("--repeat", type=int, default=9, help="timed runs of each version; the best counts")
    parser.add_argument("--count", type=int, default=3, help="passages a hit asks for")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    bodies = load_bodies(args.data, 3_000, 10_000)
    if not bodies:
        print(f"passages_speed: no news bodies under {args.data} ({', '.join(SOURCES)}); skipped", file=sys.stderr)
        return 0
    queries = make_queries(bodies, args.seed)
    cases = [(text, match_spans(text, terms, phrases)) for text, terms, phrases in queries]
    count = args.count
    for text, spans in cases:
        if best_passages(text, spans, count) != reference_best_passages(text, spans, count):
            print(f"passages_speed: the two versions differ on {text[:60]!r}", file=sys.stderr)
            return 1

    def run_old() -> None:
        for text, spans in cases:
            reference_best_passages(text, spans, count)

    def run_new() -> None:
        for text, spans in cases:
            best_passages(text, spans, count)

    def run_spans() -> None:
        for text, terms, phrases in queries:
            match_spans(text, terms, phrases)

    old = new = float("inf")
    for _ in range(args.repeat):  # alternate, so that a busy moment hurts both alike
        old = min(old, best_time(run_old, 1))
        new = min(new, best_time(run_new, 1))
    spans_time = best_time(run_spans, args.repeat)

    n = len(cases)
    chars = sum(len(text) for text, _ in cases) / n
    span_count = sum(len(spans) for _, spans in cases) / n
    print(f"{n} bodies of {chars:,.0f} characters on average, {span_count:.1f} spans each, count={count}")
    print(f"best_passages before (plain algorithm)  {old / n * 1e6:8.1f} µs per call")
    print(f"best_passages after                     {new / n * 1e6:8.1f} µs per call")
    print(f"ratio                                   {old / new:8.2f}x")
    print(f"match_spans (for comparison)            {spans_time / n * 1e6:8.1f} µs per call")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
