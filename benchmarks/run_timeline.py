"""Where a population run's wall time goes: the start and end of each phase of one ``simulate`` call, in seconds from
its start (the cluster, the generation and validation, each pass's submission and wait, the raking, the deciles, the
take-up calibration, the sums). The phases that run in the driver alone are the serial part, which Dask cannot
share out::

    .venv/bin/python benchmarks/run_timeline.py --households 475000 --workers 2 --reform zonder_kostendelersnorm
    .venv/bin/python benchmarks/run_timeline.py --households 100000 --workers 0

Each function is wrapped for the one run (no change to the package); the figures go to stdout as a Markdown table.
"""

from __future__ import annotations

import argparse
import functools
import time

PHASES = [
    ("openfisca_amsterdam.analysis.executor", "Executor.__init__", "cluster (or none)"),
    ("openfisca_amsterdam.population.synthetic", "generate", "generation"),
    ("openfisca_amsterdam.analysis.run", "validate", "validation"),
    ("openfisca_amsterdam.analysis.run", "chunks", "chunks"),
    ("openfisca_amsterdam.analysis.executor", "Executor._wait", "wait for a pass's tasks"),
    ("openfisca_amsterdam.population.calibration", "calibrate", "raking"),
    ("openfisca_amsterdam.analysis.run", "add_deciles", "deciles"),
    ("openfisca_amsterdam.analysis.reweight", "reweight_frames", "raked weights into the frames"),
    ("openfisca_amsterdam.takeup.model", "calibrate", "take-up calibration"),
    ("openfisca_amsterdam.analysis.run", "_combine", "sums"),
]


def _wrap(marks: list, start: float) -> None:
    import importlib

    for module_name, attribute, label in PHASES:
        owner = importlib.import_module(module_name)
        name = attribute
        if "." in attribute:
            cls, name = attribute.split(".")
            owner = getattr(owner, cls)
        original = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
        is_static = isinstance(original, staticmethod)
        function = original.__func__ if is_static else original

        def timed(*args, _function=function, _label=label, **kwargs):
            began = time.perf_counter()
            try:
                return _function(*args, **kwargs)
            finally:
                marks.append((_label, began - start, time.perf_counter() - start))

        functools.update_wrapper(timed, function)
        setattr(owner, name, staticmethod(timed) if is_static else timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--reform", default="")
    args = parser.parse_args()
    from openfisca_amsterdam.analysis import run

    marks: list = []
    start = time.perf_counter()
    _wrap(marks, start)
    run.simulate(
        args.year,
        args.households,
        seed=0,
        uncertainty=False,
        workers=args.workers or None,
        scenarios=[args.reform] if args.reform else [],
    )
    total = time.perf_counter() - start
    rows: list = []
    for label, began, ended in sorted(marks, key=lambda mark: mark[1]):  # consecutive calls of a phase: one row
        if rows and rows[-1][0] == label:
            rows[-1] = (label, rows[-1][1], max(rows[-1][2], ended), rows[-1][3] + 1)
        else:
            rows.append((label, began, ended, 1))
    print(f"\n{args.households:,} households, {args.year}, workers {args.workers or '-'}, reform {args.reform or '-'}")
    print("\n| phase | start (s) | end (s) | calls |")
    print("|---|---|---|---|")
    for label, began, ended, count in rows:
        print(f"| {label} | {began:.1f} | {ended:.1f} | {count} |")
    print(f"| total | 0.0 | {total:.1f} | |")


if __name__ == "__main__":
    main()
