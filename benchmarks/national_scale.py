"""National scale: millions of synthetic households through the rules and take-up, in bounded memory, in one process and
on Dask, with the time and peak memory of each.

**What is measured, stated honestly.** There is no national generator: every chunk is Amsterdam's synthetic population
(:func:`openfisca_amsterdam.population.synthetic.generate`, its own seed per chunk, ids made unique), so "8 million
households" is Amsterdam's household mix scaled up, not the Netherlands' distribution. Each household weighs 1, so
the weighted count is the number generated. What ``simulate`` does on the whole population and this script does not:

* the raking of the weights to Amsterdam's published aggregates (it makes no sense for a scaled-up city);
* the take-up intercepts are calibrated on the first chunk only (``simulate`` calibrates them on every chunk's pass 1);
* the income deciles are computed within each chunk (every chunk is a sample of the same distribution).

Everything else is the population run's pass 2 (``chunk.run_chunk``): the baseline's entitlements, take-up draws,
receipts, the toeslagen's settlement, poverty and the weighted sums, with an optional reform beside it. Each chunk is
generated where it runs (in this process, or on the Dask worker: only the chunk's number and the settings travel), so
memory holds one chunk per worker plus the running sums::

    .venv/bin/python benchmarks/national_scale.py --households 8000000 --chunk 50000 --workers 0
    .venv/bin/python benchmarks/national_scale.py --households 8000000 --chunk 50000 --workers 2
    .venv/bin/python benchmarks/national_scale.py --households 200000 --chunk 50000 --workers 0 2 --check

``--check`` also asserts that both modes give identical totals. Each mode runs in a fresh subprocess; its peak memory
is ``ru_maxrss`` of the process and of its (waited-for) children, the Dask workers; ``--sample`` adds the peak of the
sum of the workers' resident memory sampled every second. Output: a Markdown table and JSON lines.
"""

from __future__ import annotations

import argparse
import json
import sys

YEAR = 2025
#: chunks in flight on Dask per worker (bounded: the driver never holds more than this many results)
IN_FLIGHT_PER_WORKER = 2
#: results folded into the running sums every this many chunks
FOLD_EVERY = 16


def generated_chunk(index: int, households: int, year: int, seed: int):
    """Chunk ``index``: Amsterdam's synthetic population, seed ``seed + index``, ids unique over chunks, weight 1."""
    from openfisca_amsterdam.analysis.run import add_deciles
    from openfisca_amsterdam.population import synthetic

    table = synthetic.generate(households, year, seed + index)
    offset = index * 10 * households  # a household has fewer than 10 persons and 8 gezin slots
    table["persoon_id"] += offset
    table["gezin_id"] += 8 * offset
    table["huishouden_id"] += offset
    table["gewicht"] = 1.0
    return add_deciles(table)


def run_generated_chunk(index, households, year, seed, variants, intercepts, scenarios):
    from openfisca_amsterdam.analysis import chunk

    table = generated_chunk(index, households, year, seed)
    return chunk.run_chunk(f"national-{index}", table, year, variants, intercepts, (), scenarios)


def calibrated_intercepts(households: int, year: int, seed: int):
    """Take-up intercepts calibrated on chunk 0 (pass 1 of the population run on that chunk)."""
    from openfisca_amsterdam.analysis import chunk, run
    from openfisca_amsterdam.analysis.executor import Executor
    from openfisca_amsterdam.takeup import model

    settings = run.RunSettings(year=year, seed=seed, uncertainty=False)
    variants = model.default_variants(seed, uncertainty=False)
    table = generated_chunk(0, households, year, seed)
    keys, _, intercepts, *_ = run.calibrate_takeup(
        run.chunks(table, households), settings, variants, Executor(None, None)
    )
    chunk._KEPT.pop(keys[0], None)
    return variants, intercepts


def totals(aggregates):
    base = aggregates.query("dimension == 'totaal' and variant == 'basis'")
    return base.groupby("scenario")[["spending_eur", "recipients", "eligible_units"]].sum()


def fold(done, pending):
    from openfisca_amsterdam.analysis.chunk import SUM_COLUMNS
    from openfisca_amsterdam.analysis.run import _combine

    aggregates = _combine(pending)[0]
    if done is not None:
        keys = ["scenario", "variant", "scheme", "dimension", "group"]
        import pandas

        aggregates = pandas.concat([done, aggregates]).groupby(keys, sort=True)[SUM_COLUMNS].sum().reset_index()
    return aggregates


def run(n_chunks, households, year, seed, workers, scenarios, sample):
    variants, intercepts = calibrated_intercepts(households, year, seed)
    done, pending, peak_workers = None, [], 0.0
    args = (households, year, seed, variants, intercepts, scenarios)
    if not workers:
        for index in range(n_chunks):
            pending.append(run_generated_chunk(index, *args))
            if len(pending) >= FOLD_EVERY:
                done, pending = fold(done, pending), []
    else:
        import cloudpickle
        from dask.distributed import Client, LocalCluster, as_completed

        cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers do not have benchmarks/ on their path
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            with Client(cluster) as client:
                queue = iter(range(n_chunks))
                window = as_completed()
                for index in [i for _, i in zip(range(IN_FLIGHT_PER_WORKER * workers), queue, strict=False)]:
                    window.add(client.submit(run_generated_chunk, index, *args, pure=False))
                for future in window:
                    pending.append(future.result())
                    future.release()
                    following = next(queue, None)
                    if following is not None:
                        window.add(client.submit(run_generated_chunk, following, *args, pure=False))
                    if sample:
                        memory = client.run(lambda: __import__("psutil").Process().memory_info().rss)
                        peak_workers = max(peak_workers, sum(memory.values()) / 2**20)
                    if len(pending) >= FOLD_EVERY:
                        done, pending = fold(done, pending), []
    if pending:
        done = fold(done, pending)
    return done, peak_workers


CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
import national_scale as ns
n_chunks, households, workers = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
scenarios = tuple(tuple(s.split("+")) for s in sys.argv[5].split(",") if s)
t0 = time.perf_counter()
aggregates, peak_workers = ns.run(n_chunks, households, ns.YEAR, 0, workers, scenarios, sys.argv[6] == "1")
seconds = time.perf_counter() - t0
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sums = ns.totals(aggregates)
print(json.dumps({"seconds": seconds, "peak_mib_one_process": peak / 1024, "peak_mib_workers_sum": peak_workers,
                  "spending": sums["spending_eur"].to_dict(), "recipients": sums["recipients"].to_dict()}))
"""


def measure(n_chunks, households, workers, scenarios, sample) -> dict:
    import importlib
    import pathlib

    here = pathlib.Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    run_child = importlib.import_module("simulate_scale").run_child  # the sibling script's subprocess runner
    return run_child(sys.executable, CHILD, here, n_chunks, households, workers, scenarios, "1" if sample else "0")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--households", type=int, default=8_000_000)
    parser.add_argument("--chunk", type=int, default=50_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[0, 2], help="0: one process")
    parser.add_argument("--reform", default="", help="a registered reform beside the baseline (a, or a+b)")
    parser.add_argument("--sample", action="store_true", help="sample the Dask workers' memory after every chunk")
    parser.add_argument("--check", action="store_true", help="assert identical totals in every mode")
    options = parser.parse_args()
    n_chunks = -(-options.households // options.chunk)
    households = n_chunks * options.chunk
    print("| mode | households | chunks | wall (s) | households/s | peak MiB | workers' sum MiB (sampled) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    rows = []
    for workers in options.workers:
        row = measure(n_chunks, options.chunk, workers, options.reform, options.sample)
        row.update(mode="one process" if not workers else f"Dask {workers} workers", households=households)
        rows.append(row)
        print(
            f"| {row['mode']} | {households:,} | {n_chunks} | {row['seconds']:.1f} "
            f"| {households / row['seconds']:,.0f} "
            f"| {row['peak_mib_one_process']:,.0f} | {row['peak_mib_workers_sum']:,.0f} |",
            flush=True,
        )
    for row in rows:
        print(json.dumps(row))
    if options.check:
        first = rows[0]
        for row in rows[1:]:
            assert row["spending"] == first["spending"], (first["spending"], row["spending"])
            assert row["recipients"] == first["recipients"]
        print("identical totals in every mode")


if __name__ == "__main__":
    main()
