"""Scale of the population run: time per stage, households/s and peak memory, single process and Dask.

Every run happens in a fresh subprocess (so ``ru_maxrss`` is the peak of that run only). Stages are timed by
wrapping the functions ``simulate`` calls (the code path is the real one, nothing is re-implemented):

* generation      ``synthetic.generate``
* calibration     ``calibration.calibrate`` (of which ``rules pass`` = ``calibration._rules_indicators``, January)
* chunks          from the end of the chunk split to the start of the combination: every chunk's rules and
                  take-up (for Dask: the first chunk in the driver, then the others on the workers)
    * build       ``chunk.build`` (OpenFisca simulation and inputs, incl. 3 history years)
    * rules       build + ``chunk._groups`` + the entitlement loop (every scheme x 12 months), up to the
                  first ``chunk._below`` call (timed in the driver's chunks only)
    * take-up     the rest of ``run_chunk``: claims per variant, receipt variables, poverty, groupbys
* total           wall time of ``simulate(...)`` (for Dask plus the cluster start-up, shown separately)

Run (defaults: 10k, 100k, 475k single process with ``uncertainty=False``; 10k with ``uncertainty=True``;
100k on a local Dask cluster with 2 workers, compared with the single-process totals)::

    .venv/bin/python benchmarks/simulate_scale.py
    .venv/bin/python benchmarks/simulate_scale.py --sizes 10000 --dask-sizes --uncertainty-sizes
    .venv/bin/python benchmarks/simulate_scale.py --profile 20000     # cProfile of one 20k chunk

"Baseline plus one reform": reforms are not implemented yet, so the estimate doubles the rules part of the
chunks (a reform re-runs the rules on the same population; generation and calibration are done once) and,
as an upper bound, the whole chunk phase (take-up drawn again under the reform).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET_SECONDS = 30.0
TARGET_MEMORY_MIB = 3 * 1024
CITY_HOUSEHOLDS = 475_000


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_peak_mib() -> float:  # runs on a Dask worker (pickled by value)
    import resource as r

    return r.getrusage(r.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------------------------------- child
def child(n: int, mode: str, workers: int, chunk_size: int, uncertainty: bool, out: str, save: str | None,
          scenario: str | None = None) -> None:
    """One run (in its own process): times per stage and peak memory as JSON in ``out``."""
    t_import = time.perf_counter()
    import openfisca_amsterdam.analysis.chunk as chunk
    import openfisca_amsterdam.analysis.run as run
    from openfisca_amsterdam.population import calibration, synthetic

    # build the tax-benefit system outside the timings (once per process); run.py and chunk.py currently call
    # system_for with different argument tuples, hence two lru_cache entries (two systems) - warm both
    chunk.system_for(())
    try:
        chunk.system_for((), ())
    except TypeError:
        pass
    import_s = time.perf_counter() - t_import

    times: dict[str, float] = {}
    marks: dict[str, float] = {}
    state = {"chunk_start": None, "below_seen": False, "chunks_in_driver": 0}

    def add(key, seconds):
        times[key] = times.get(key, 0.0) + seconds

    def timed(module, name, key, mark_end=None, mark_start=None):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            if mark_start:
                marks[mark_start] = start
            try:
                return original(*args, **kwargs)
            finally:
                end = time.perf_counter()
                add(key, end - start)
                if mark_end:
                    marks[mark_end] = end

        setattr(module, name, wrapper)
        return original

    timed(synthetic, "generate", "generation")
    timed(calibration, "calibrate", "calibration")
    timed(calibration, "_rules_indicators", "calibration_rules")
    timed(run, "add_deciles", "deciles")
    timed(run, "chunks", "split", mark_end="split_end")
    timed(run, "_combine", "combine", mark_start="combine_start")
    timed(chunk, "build", "build")
    timed(chunk, "_groups", "groups")

    original_below = chunk._below

    def below(*args, **kwargs):
        if not state["below_seen"]:  # first call of this chunk: the entitlement loop just ended
            state["below_seen"] = True
            add("rules", time.perf_counter() - state["chunk_start"])
        return original_below(*args, **kwargs)

    chunk._below = below
    original_run_chunk = run.run_chunk

    def run_chunk(*args, **kwargs):
        state["chunk_start"] = time.perf_counter()
        state["below_seen"] = False
        state["chunks_in_driver"] += 1
        if mode == "dask":  # the other chunks are submitted to the workers: send them the original
            run.run_chunk = original_run_chunk
        try:
            return original_run_chunk(*args, **kwargs)
        finally:
            add("chunk_in_driver", time.perf_counter() - state["chunk_start"])

    run.run_chunk = run_chunk

    cluster = client = None
    scheduler = None
    cluster_s = 0.0
    if mode == "dask":
        from dask.distributed import Client, LocalCluster

        start = time.perf_counter()
        # as simulate(workers=K) starts it; started here so the workers' memory can be read afterwards
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        scheduler = cluster.scheduler_address
        cluster_s = time.perf_counter() - start

    extra = {"scenarios": (scenario,)} if scenario else {}
    start = time.perf_counter()
    results = run.simulate(year=2025, households=n, seed=0, chunk_size=chunk_size, uncertainty=uncertainty,
                           scheduler=scheduler, **extra)
    total = time.perf_counter() - start
    driver_peak = _peak_mib()
    worker_peaks = {}
    if client is not None:
        worker_peaks = {str(k): v for k, v in client.run(_worker_peak_mib).items()}
        client.close()
        cluster.close()
    if save:
        results.aggregates.to_pickle(save)

    chunks_phase = marks["combine_start"] - marks["split_end"]
    chunks_count = -(-results.households // chunk_size)
    record = {
        "households": n, "persons": None, "mode": mode, "workers": workers if mode == "dask" else 1,
        "chunk_size": chunk_size, "chunks": chunks_count, "scenario": scenario, "uncertainty": uncertainty, "variants": len(results.variants),
        "import_s": import_s, "cluster_s": cluster_s, "total_s": total,
        "generation_s": times.get("generation", 0.0), "calibration_s": times.get("calibration", 0.0),
        "calibration_rules_s": times.get("calibration_rules", 0.0),
        "deciles_s": times.get("deciles", 0.0), "split_s": times.get("split", 0.0), "combine_s": times.get("combine", 0.0),
        "chunks_s": chunks_phase,
        "driver_chunks": state["chunks_in_driver"], "driver_chunk_s": times.get("chunk_in_driver", 0.0),
        "driver_build_s": times.get("build", 0.0), "driver_groups_s": times.get("groups", 0.0),
        "driver_rules_s": times.get("rules", 0.0),
        "peak_driver_mib": driver_peak, "peak_workers_mib": worker_peaks,
        "schemes": int(results.aggregates["scheme"].nunique()), "not_covered": sorted(results.not_covered),
    }
    driver_chunk = record["driver_chunk_s"]
    record["driver_takeup_s"] = driver_chunk - record["driver_rules_s"]
    # share of rules in the chunk phase, from the chunks timed in the driver (all of them in the local mode)
    record["rules_share"] = record["driver_rules_s"] / driver_chunk if driver_chunk else float("nan")
    record["rules_part_s"] = chunks_phase * record["rules_share"]
    record["households_per_s"] = n / total
    record["reform_estimate_s"] = total + cluster_s + record["rules_part_s"]
    record["reform_upper_s"] = total + cluster_s + chunks_phase
    with open(out, "w") as handle:
        json.dump(record, handle)


# --------------------------------------------------------------------------------------------------- profile
def profile(n: int, top: int) -> None:
    """cProfile of one chunk of ``n`` households (uncertainty=False), after generation and calibration."""
    import cProfile
    import pstats

    from openfisca_amsterdam.analysis import chunk, run
    from openfisca_amsterdam.population import calibration, synthetic
    from openfisca_amsterdam.takeup import model

    system = chunk.system_for(())
    table = synthetic.generate(n, 2025, 0)
    profiler = cProfile.Profile()
    profiler.enable()
    table, _ = calibration.calibrate(table, system, 2025)
    profiler.disable()
    print(f"=== calibration of {n} households (cumulative, top {top})")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)
    table = run.add_deciles(table)
    for uncertainty in (False, True):
        variants = model.default_variants(0, uncertainty)
        chunk.system_for.cache_clear()  # fresh system: no cached arrays
        chunk.system_for(())
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        chunk.run_chunk(table, 2025, variants, None, (), whole_population=False)
        profiler.disable()
        print(f"=== run_chunk of {n} households, {len(variants)} variant(s): {time.perf_counter() - start:.1f} s "
              f"(under the profiler); cumulative, top {top}")
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(top)
        if not uncertainty:
            print("=== tottime")
            stats.sort_stats("tottime").print_stats(top)
    print(f"peak memory {_peak_mib():,.0f} MiB")


# --------------------------------------------------------------------------------------------------- parent
def spawn(n, mode, workers, chunk_size, uncertainty, save=None, scenario=None) -> dict | None:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    command = [sys.executable, os.path.abspath(__file__), "--child", str(n), "--mode", mode, "--workers", str(workers),
               "--chunk-size", str(chunk_size), "--out", out] + (["--uncertainty"] if uncertainty else []) + (
               ["--save", save] if save else []) + (["--scenario", scenario] if scenario else [])
    print(f"$ {' '.join(command[1:])}", flush=True)
    wall = time.perf_counter()
    done = subprocess.run(command)
    if done.returncode != 0 or not os.path.getsize(out):
        print(f"  FAILED (exit {done.returncode}); the tree may be mid-edit", flush=True)
        return None
    with open(out) as handle:
        record = json.load(handle)
    os.unlink(out)
    record["process_wall_s"] = time.perf_counter() - wall
    print(summary(record), flush=True)
    return record


def summary(r) -> str:
    workers = " + ".join(f"{v:,.0f}" for v in r["peak_workers_mib"].values())
    memory = f"driver {r['peak_driver_mib']:,.0f} MiB" + (f", workers {workers} MiB" if workers else "")
    cluster = f" (+ cluster start {r['cluster_s']:.1f} s)" if r["mode"] == "dask" else ""
    return (f"  {r['households']:,} households, {r['mode']}{'' if r['mode'] == 'local' else ' x' + str(r['workers'])}, "
            f"{r['variants']} variant(s), {r['chunks']} chunk(s): total {r['total_s']:.1f} s"
            f"{cluster} = generation {r['generation_s']:.1f}"
            f" + calibration {r['calibration_s']:.1f} (rules pass {r['calibration_rules_s']:.1f}) + chunks {r['chunks_s']:.1f}"
            f" (rules share {r['rules_share']:.0%}) + other {r['total_s'] - r['generation_s'] - r['calibration_s'] - r['chunks_s']:.1f};"
            f" {r['households_per_s']:,.0f} households/s; peak {memory}; baseline+reform est. {r['reform_estimate_s']:.0f} s"
            f" (upper {r['reform_upper_s']:.0f} s)")


def markdown(records) -> str:
    lines = ["| Households | Mode | Variants | Chunks | Generation | Calibration (rules pass) | Chunks: rules + take-up | Total | Households/s | Peak memory | Baseline + reform (est.) |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in records:
        mode = "single process" if r["mode"] == "local" else f"Dask, {r['workers']} workers"
        if r.get("scenario"):
            mode += f", baseline + {r['scenario']}"
        workers = " + ".join(f"{v:,.0f}" for v in r["peak_workers_mib"].values())
        memory = f"{r['peak_driver_mib']:,.0f} MiB" + (f" driver, {workers} MiB workers" if workers else "")
        rules = r["rules_part_s"]
        total = f"{r['total_s']:.1f} s" + (f" (+{r['cluster_s']:.1f} s cluster start)" if r["mode"] == "dask" else "")
        lines.append(
            f"| {r['households']:,} | {mode} | {r['variants']} | {r['chunks']} x {r['chunk_size']:,} | {r['generation_s']:.1f} s "
            f"| {r['calibration_s']:.1f} s ({r['calibration_rules_s']:.1f} s) | {r['chunks_s']:.1f} s = {rules:.1f} + {r['chunks_s'] - rules:.1f} "
            f"| {total} | {r['households_per_s']:,.0f} | {memory} | {r['reform_estimate_s']:.0f} s (upper {r['reform_upper_s']:.0f} s) |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 475_000], help="single-process runs, uncertainty=False")
    parser.add_argument("--uncertainty-sizes", type=int, nargs="*", default=[10_000], help="single-process runs with uncertainty=True")
    parser.add_argument("--dask-sizes", type=int, nargs="*", default=[100_000], help="Dask runs (compared with the single process)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk-size", type=int, default=50_000)
    parser.add_argument("--json", help="write all records to this file")
    parser.add_argument("--scenario-sizes", type=int, nargs="*", default=[],
                        help="single-process runs of baseline + --scenario (when simulate(scenarios=...) exists)")
    parser.add_argument("--scenario", help="reform name for the --scenario-sizes runs")
    parser.add_argument("--profile", type=int, metavar="N", help="only profile one chunk of N households")
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="local", help=argparse.SUPPRESS)
    parser.add_argument("--uncertainty", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--save", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.mode, args.workers, args.chunk_size, args.uncertainty, args.out, args.save, args.scenario)
        return 0
    if args.profile:
        profile(args.profile, args.top)
        return 0

    import pandas

    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; {time.strftime('%Y-%m-%d %H:%M')}", flush=True)
    records, saved = [], {}
    workdir = tempfile.mkdtemp(prefix="simulate_scale_")
    def keep(record):
        if record is not None:
            records.append(record)
            if args.json:  # written as we go: a later failure keeps the earlier figures
                with open(args.json, "w") as handle:
                    json.dump({"records": records}, handle, indent=1)
        return record

    for n in args.sizes:
        save = os.path.join(workdir, f"local_{n}.pkl") if n in args.dask_sizes else None
        if keep(spawn(n, "local", 1, args.chunk_size, False, save)) and save:
            saved[("local", n)] = save
    for n in args.uncertainty_sizes:
        keep(spawn(n, "local", 1, args.chunk_size, True))
    for n in args.scenario_sizes:
        keep(spawn(n, "local", 1, args.chunk_size, False, scenario=args.scenario))
    checks = []
    for n in args.dask_sizes:
        save = os.path.join(workdir, f"dask_{n}.pkl")
        if not keep(spawn(n, "dask", args.workers, args.chunk_size, False, save)):
            continue
        if ("local", n) not in saved:
            saved[("local", n)] = os.path.join(workdir, f"local_{n}.pkl")
            if not keep(spawn(n, "local", 1, args.chunk_size, False, saved[("local", n)])):
                continue
        local, dask = pandas.read_pickle(saved[("local", n)]), pandas.read_pickle(save)
        try:
            pandas.testing.assert_frame_equal(local, dask, check_exact=True)
            checks.append(f"{n:,} households: Dask ({args.workers} workers) aggregates == single process (assert_frame_equal, check_exact=True, {len(local)} rows)")
        except AssertionError as error:
            try:
                pandas.testing.assert_frame_equal(local, dask)
                checks.append(f"{n:,} households: equal within rtol 1e-5 only, not exactly: {str(error)[:300]}")
            except AssertionError as error2:
                checks.append(f"{n:,} households: DIFFERENT: {str(error2)[:500]}")
    print()
    print(markdown(records))
    for line in checks:
        print("check:", line)
    city = [r for r in records if r["mode"] == "local" and not r["uncertainty"] and r["households"] >= CITY_HOUSEHOLDS]
    for r in city:
        print(f"target (all of Amsterdam, baseline + one reform <= {TARGET_SECONDS:.0f} s, < 3 GB): "
              f"estimated {r['reform_estimate_s']:.0f} s, peak {r['peak_driver_mib']:,.0f} MiB -> "
              f"{'met' if r['reform_estimate_s'] <= TARGET_SECONDS and r['peak_driver_mib'] < TARGET_MEMORY_MIB else 'NOT met'}")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"records": records, "checks": checks}, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
