"""Benchmark: how long colsearch takes to answer the performance benchmark's queries.

Runs the ~125 queries that `performance.py` draws from a corpus (same seed, same kinds:
one word, two, three or four, "phrases", columnist:, posted:, --since) against an existing
index, in this process with `colsearch.search(text, DIR, limit=10, passages=3)` and with
`passages=0` (each call opens the index, as the API does), and optionally as whole
`colsearch query "W1 W2" --index DIR -n 10` processes. Prints p50 and p95 in milliseconds
by kind of query. Never writes to the index.

Usage (from the repository root):

    .venv/bin/python benchmarks/query_latency.py --index benchmarks/out/perf-100000/colsearch \\
        --corpus benchmarks/out/corpus-100000-s1 --cli-runs 20
    .venv/bin/python benchmarks/query_latency.py ... --profile out.prof   # cProfile the in-process runs
"""

from __future__ import annotations

import argparse
import cProfile
import os
import subprocess
import sys
import time
from collections.abc import Sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from performance import Query, make_queries, percentile, user_env  # a sibling script, not a package

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def time_search(queries: Sequence[Query], index_dir: str, passages: int, repeat: int) -> dict[str, list[float]]:
    import colsearch

    by_kind: dict[str, list[float]] = {}
    for q in queries:  # warm the page cache and whoosh's caches once
        colsearch.search(q.colsearch_text(), index_dir, since=q.since, limit=10, passages=passages)
    for _ in range(repeat):
        for q in queries:
            started = time.perf_counter()
            colsearch.search(q.colsearch_text(), index_dir, since=q.since, limit=10, passages=passages)
            by_kind.setdefault(q.kind, []).append(time.perf_counter() - started)
    return by_kind


def time_processes(queries: Sequence[Query], index_dir: str, runs: int) -> list[float]:
    twos = [q for q in queries if q.kind == "two"]
    cmd = [os.path.join(REPO, ".venv", "bin", "colsearch"), "query", "", "--index", index_dir, "-n", "10"]
    seconds = []
    for k in range(runs + 1):
        cmd[2] = " ".join(twos[k % len(twos)].words)
        started = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=user_env())
        if done.returncode not in (0, 1):
            raise SystemExit(f"query_latency: {' '.join(cmd)} failed: {done.stderr.decode()[-2000:]}")
        if k:  # the first run warms the page cache and writes the bytecode cache
            seconds.append(time.perf_counter() - started)
    return seconds


def table(title: str, by_kind: dict[str, list[float]]) -> list[str]:
    lines = [f"{title}", f"  {'kind':<12} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}"]
    everything = [t for times in by_kind.values() for t in times]
    for kind, times in [*by_kind.items(), ("all", everything)]:
        lines.append(
            f"  {kind:<12} {len(times):>4} {percentile(times, 50) * 1000:>8.1f} {percentile(times, 95) * 1000:>8.1f}"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", required=True, help="an existing colsearch index folder (read only)")
    parser.add_argument("--corpus", required=True, help="the corpus folder the queries are drawn from")
    parser.add_argument("--seed", type=int, default=1, help="query seed, as performance.py (default 1)")
    parser.add_argument("--repeat", type=int, default=2, help="timed passes over the queries (default 2)")
    parser.add_argument("--cli-runs", type=int, default=0, help="whole `colsearch query` processes (default 0)")
    parser.add_argument("--kinds", help="only these kinds of query, comma-separated (e.g. two,phrase)")
    parser.add_argument("--no-plain", action="store_true", help="skip the passages=0 runs")
    parser.add_argument("--profile", help="write a cProfile of the in-process runs to this file")
    args = parser.parse_args()

    queries = make_queries(args.corpus, args.seed)
    if args.kinds:
        queries = [q for q in queries if q.kind in args.kinds.split(",")]
    print(f"{len(queries)} queries, index {args.index}, load average {os.getloadavg()[0]:.2f}")
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    with_passages = time_search(queries, args.index, 3, args.repeat)
    plain = {} if args.no_plain else time_search(queries, args.index, 0, args.repeat)
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    print("\n".join(table("search(), passages=3", with_passages)))
    if plain:
        print("\n".join(table("search(), passages=0", plain)))
    if args.cli_runs:
        seconds = time_processes(queries, args.index, args.cli_runs)
        print(
            f"whole `colsearch query W1 W2 -n 10` process, {len(seconds)} runs: "
            f"p50 {percentile(seconds, 50) * 1000:.1f} ms, p95 {percentile(seconds, 95) * 1000:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
