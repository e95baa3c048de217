"""Scale of the population run: wall time and peak memory of ``simulate``, as ratios measured in one run.

Each measurement runs in a fresh subprocess (``ru_maxrss`` of that process and its children is its peak). With
``--compare PYTHON`` the same commands also run under another interpreter (e.g. a virtualenv with an earlier commit of
this package installed), alternating, so the two are compared on the same machine at the same time::

    .venv/bin/python benchmarks/simulate_scale.py --sizes 100000 475000
    .venv/bin/python benchmarks/simulate_scale.py --sizes 475000 --compare /tmp/oldvenv/bin/python --repeat 2
    .venv/bin/python benchmarks/simulate_scale.py --sizes 475000 --workers 2 --reform zonder_kostendelersnorm
    .venv/bin/python benchmarks/simulate_scale.py --sizes 100000 --reform zonder_kostendelersnorm --pair --full-too
    .venv/bin/python benchmarks/simulate_scale.py --sizes 475000 --workers 0 2 --reform zonder_kostendelersnorm --pair

``--pair`` measures the same command without the reform alternately with it (the reform's cost as a ratio in one
run); ``--full-too`` also runs the reform with ``incremental=False`` (every household recomputed).

The command measured is ``simulate(year, N, seed=0, uncertainty=False, workers=..., scenarios=...)`` from the Python
API (the CLI adds only writing the tables). Results go to stdout as a Markdown table and as JSON lines.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from openfisca_amsterdam.analysis.run import simulate
n, year, workers, reform = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) or None, sys.argv[4]
kwargs = dict(seed=0, uncertainty=False, workers=workers, incremental=sys.argv[5] == "1")
if reform:
    kwargs["scenarios"] = [reform]
t1 = time.perf_counter()
results = simulate(year, n, **kwargs)
t2 = time.perf_counter()
totals = results.aggregates.query("dimension == 'totaal' and variant == 'basis' and scenario == 'baseline'")
spending = float(totals["spending_eur"].sum())
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"import_s": t1 - t0, "simulate_s": t2 - t1, "peak_mib": peak / 1024, "spending": spending}))
"""


def run_child(python: str, code: str, *arguments) -> dict:
    """``python -c code arguments...`` in a fresh process; its last stdout line parsed as JSON (the measurement)."""
    # cwd="/": "python -c" puts the working directory first on sys.path, which would shadow the interpreter's own
    # install
    out = subprocess.run(
        [python, "-c", code, *map(str, arguments)], capture_output=True, text=True, cwd="/", check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"{python}: exit {out.returncode}\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(python: str, n: int, year: int, workers: int, reform: str, incremental: bool = True) -> dict:
    return run_child(python, CHILD, n, year, workers, reform, "1" if incremental else "0")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[0], help="Dask workers (0: one process); several: each, alternately"
    )
    parser.add_argument("--reform", default="", help="also compare this reform with the baseline")
    parser.add_argument("--compare", help="another Python interpreter to measure alternately (e.g. an older checkout)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--pair", action="store_true", help="also the same command without the reform, alternately")
    parser.add_argument("--full-too", action="store_true", help="also the reform with every household recomputed")
    args = parser.parse_args()
    pythons = [sys.executable] + ([args.compare] if args.compare else [])
    runs = [(args.reform, True)]
    if args.reform and args.pair:
        runs.insert(0, ("", True))
    if args.reform and args.full_too:
        runs.append((args.reform, False))
    rows = []
    for n in args.sizes:
        for k in range(args.repeat):
            for python in pythons:
                for workers in args.workers:
                    for reform, incremental in runs:
                        row = {
                            "python": python,
                            "households": n,
                            "repeat": k,
                            "workers": workers,
                            "reform": reform,
                            "incremental": incremental,
                            **measure(python, n, args.year, workers, reform, incremental),
                        }
                        print(json.dumps(row), flush=True)
                        rows.append(row)
    report(rows, args, pythons)


def report(rows: list, args, pythons: list) -> None:
    """The rows as a Markdown table, and the ratios asked for."""
    print("\n| interpreter | households | workers | reform | simulate | peak memory | baseline spending |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        reform = (row["reform"] + ("" if row["incremental"] else " (full)")) if row["reform"] else "-"
        print(
            f"| {row['python']} | {row['households']:,} | {row['workers'] or '-'} | {reform} | "
            f"{row['simulate_s']:.1f} s | {row['peak_mib']:,.0f} MiB | {row['spending']:,.0f} |"
        )
    for n in args.sizes:
        here = [r for r in rows if r["households"] == n]
        for workers in args.workers:
            mine = [r for r in here if r["workers"] == workers]
            if args.pair and args.reform:
                base = min(r["simulate_s"] for r in mine if not r["reform"])
                both = min(r["simulate_s"] for r in mine if r["reform"] and r["incremental"])
                print(f"\n{n:,} households, workers {workers or '-'}: with {args.reform} / without = {both / base:.2f}")
        if len(args.workers) > 1 and 0 in args.workers:
            for reform in {r["reform"] for r in here}:
                one = min(r["simulate_s"] for r in here if r["workers"] == 0 and r["reform"] == reform)
                for workers in (w for w in args.workers if w):
                    dask = min(r["simulate_s"] for r in here if r["workers"] == workers and r["reform"] == reform)
                    label = reform or "baseline"
                    print(f"{n:,} households {label}: one process / {workers} Dask workers = {one / dask:.2f}")
        if args.compare:
            new = min(r["simulate_s"] for r in here if r["python"] == pythons[0])
            old = min(r["simulate_s"] for r in here if r["python"] == pythons[1])
            print(f"\n{n:,} households: this checkout / compared = {new / old:.2f} (best of {args.repeat})")


if __name__ == "__main__":
    main()
