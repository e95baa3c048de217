"""The commands that run the engine over many rows and write files: ``simulate`` (a population: non-take-up tables
and a report), ``sweep`` (one household over a range of gross earnings) and ``population`` (the calibrated synthetic
Amsterdam as microdata); with the checks of their flags. :mod:`openfisca_amsterdam.cli` parses the command line."""

from __future__ import annotations

import sys

from openfisca_amsterdam.situation import SituationError, default_system, load_situation


def simulate_command(args) -> int:
    import pathlib

    from tqdm import tqdm

    from openfisca_amsterdam import __version__
    from openfisca_amsterdam.analysis.run import simulate
    from openfisca_amsterdam.outputs_atomic import atomic_folder, check_writable, sha256
    from openfisca_amsterdam.population.schema import read_population
    from openfisca_amsterdam.report.write import write

    check_run_flags(args)
    check_writable(pathlib.Path(args.out))
    population = read_population(args.population) if args.population else None
    manifest = {
        "command": ["openfisca-amsterdam", *sys.argv[1:]],
        "version": __version__,
        "year": args.year,
        "seed": args.seed,
        "reforms": args.reform or [],
        "set": args.set or [],
    }
    if args.population:
        manifest["population"] = {"file": str(args.population), "sha256": sha256(pathlib.Path(args.population))}
    else:
        manifest["households"] = args.households
    bar = tqdm(total=None, desc="chunks", unit="chunk", file=sys.stderr, disable=args.quiet)

    def progress(done, total):
        bar.total = total
        bar.n = done
        bar.refresh()

    results = simulate(
        year=args.year,
        households=args.households,
        seed=args.seed,
        population=population,
        workers=args.workers,
        scheduler=args.scheduler,
        chunk_size=args.chunk_size,
        uncertainty=not args.no_intervals,
        draws=args.draws,
        sensitivity=args.sensitivity,
        progress=progress,
        scenarios=args.reform or (),
        parameters=_parameter_changes(args.set),
        reforms=_projection_reforms(args),
    )
    bar.close()
    with atomic_folder(pathlib.Path(args.out), manifest) as folder:
        tables = write(results, folder, min_cell=args.min_cell)
    table = tables["non_take_up"]
    print(
        f"Non-take-up in {results.year}, weighted to {results.weighted_households:,.0f} households "
        f"({results.households:,} in the sample); report: {pathlib.Path(args.out) / 'report.html'}"
    )
    print(table.to_string(index=False, na_rep="-", float_format=lambda v: f"{v:,.3f}" if abs(v) < 1 else f"{v:,.0f}"))
    for row in results.takeup_check.query("warning != '' and variant == 'basis'").itertuples():
        print(
            f"warning: {row.scheme}: realised non-take-up {row.realised:.3f} against the target {row.target:.3f}",
            file=sys.stderr,
        )
    for scenario, reform in tables["reforms"].items():
        print("\n" + reform_summary(scenario, reform, tables["poverty"], pathlib.Path(args.out)))
    return 0


def reform_summary(scenario: str, reform: dict, poverty, out) -> str:
    """The printed lines of one reform: the net change in spending per payer over the schemes computed, the schemes
    not computed named (never "+0"), and the counts; the folder as written under ``out``."""
    from openfisca_amsterdam.report.html import payer_effects

    comparison = reform["comparison"]
    total = comparison.query("scheme == 'totaal'").iloc[0]
    lines = [f"Reform {scenario} ({out / f'reform_{scenario}'}/):"]
    for payer in payer_effects(comparison):
        missing = f"; not computed, not in this total: {payer['not_computed']}" if payer["not_computed"] else ""
        partly = f"; computed for part of the units only: {payer['partly']}" if payer["partly"] else ""
        lines.append(f"  {payer['payer']}: net change in spending {payer['change']} a year{missing}{partly}")
    fixed = poverty[(poverty["dimension"] == "totaal") & (poverty["line"] == "vast")].set_index("scenario")
    below = (
        fixed.loc[scenario, "persons_below"] - fixed.loc["baseline", "persons_below"]
        if scenario in fixed.index
        else None
    )
    lines.append(
        f"  recipients {total['recipients_change']:+,.0f}, unclaimed {total['unclaimed_change_eur']:+,.0f} EUR/year, "
        f"applications filed {-total['applications_removed']:+,.0f} (change), "
        f"reached ambtshalve {total['ambtshalve_reached']:,.0f}, wrongly granted {total['wrongly_granted']:,.0f}"
        + (f", persons below the fixed poverty line {below:+,.0f}" if below is not None else "")
    )
    return "\n".join(lines)


#: Years a population run covers (the law's verified values; docs/coverage).
YEARS = range(2022, 2027)


def check_run_flags(args) -> None:
    """Refuse impossible flags before anything is computed (exit 2 with the flag named)."""
    checks = [
        ("--households", getattr(args, "households", 1), 1),
        ("--seed", getattr(args, "seed", 0), 0),
        ("--chunk-size", getattr(args, "chunk_size", 1), 1),
        ("--min-cell", getattr(args, "min_cell", 0), 0),
        ("--draws", getattr(args, "draws", 0), 0),
    ]
    if getattr(args, "workers", None) is not None:
        checks.append(("--workers", args.workers, 1))
    for flag, value, minimum in checks:
        if value < minimum:
            raise SituationError(flag, f"{value} is not allowed (at least {minimum})")
    projected_to = _projection_end(args)
    if args.year not in YEARS and not (projected_to and args.year <= int(projected_to[:4])):
        raise SituationError(
            "--year",
            f"{args.year} is outside the years covered, {YEARS.start}-{YEARS.stop - 1} "
            "(see `openfisca-amsterdam coverage`)",
        )


def _projection_end(args) -> str | None:
    projected = getattr(args, "projected", None)
    if not projected:
        return None
    return f"{args.year}-12-31" if projected == "auto" else projected


def _projection_reforms(args) -> tuple:
    """``--projected``: the projection applied to the baseline (and so to every reform compared with it)."""
    until = _projection_end(args)
    if not until:
        return ()
    from openfisca_amsterdam.projection import projected_parameters
    from openfisca_amsterdam.reforms_registry import projection_name
    from openfisca_amsterdam.situation import default_system

    _, listed = projected_parameters(default_system(), until, args.index)  # validates UNTIL and the index
    print(
        f"PROJECTED, not law: {len(listed)} parameters without a verified value carried forward up to {until}, "
        f"amounts indexed at {args.index:+.2%} a year (docs/projection.md)",
        file=sys.stderr,
    )
    return (projection_name(until, args.index),)


def _parameter_changes(items) -> dict | None:
    """--set path=YYYY-MM-DD:value (repeatable) -> {path: {date: value}} (validated later against the rules)."""
    from openfisca_amsterdam.reforms_registry import ReformError

    changes: dict = {}
    for item in items or []:
        path, _, rest = item.partition("=")
        date, _, value = rest.partition(":")
        if not path or not date or not value:
            raise ReformError(item, "expected --set path=YYYY-MM-DD:value")
        try:
            number = None if value in ("null", "none") else float(value)
        except ValueError:
            raise ReformError(path, f"value {value!r} is not a number") from None
        changes.setdefault(path, {})[date] = number
    return changes or None


def sweep_command(args) -> int:
    import pathlib

    import numpy

    from openfisca_amsterdam.analysis.chunk import system_for
    from openfisca_amsterdam.analysis.sweep import cliffs, parse_earnings, sweep, write
    from openfisca_amsterdam.reforms_registry import split

    situation = load_situation(args.file)
    earnings = parse_earnings(args.earnings)
    systems = {"baseline": default_system()}
    for name in args.reform or []:
        systems[name] = system_for(tuple(split([name])))
    frames = {
        label: sweep(
            situation, earnings, step=args.step, year=args.year, person=args.person, system=system, history=args.history
        )
        for label, system in systems.items()
    }
    paths = write(frames, pathlib.Path(args.out))
    first = frames["baseline"]
    stable = f"; the same earnings in the {args.history} previous year(s)" if args.history else ""
    print(
        f"Sweep {first.attrs['year']}: gross earnings of {first.attrs['person']} "
        f"from {earnings[0]:,.0f} to {earnings[1]:,.0f} "
        f"(step {first.attrs['step']:,.0f}), gezin {first.attrs['gezin']}; euros per year{stable}"
    )
    for label, frame in frames.items():
        start, end = frame.iloc[0], frame.iloc[-1]
        highest = frame["metr"].max()
        metr = "not computed" if numpy.isnan(highest) else f"{highest:.1%}"

        def euros(value):
            return "not computed" if numpy.isnan(value) else f"{value:,.0f}"

        print(
            f"\n{label}: besteedbaar inkomen {euros(start['besteedbaar_inkomen'])} at {start['earnings']:,.0f}, "
            f"{euros(end['besteedbaar_inkomen'])} at {end['earnings']:,.0f}; highest METR {metr}"
        )
        tolerance = frame.attrs["tolerance"]
        events = cliffs(frame, tolerance)
        if events.empty:
            print("  no cliffs")
        else:
            print(events.to_string(index=False, float_format=lambda v: f"{v:,.2f}", na_rep="in kind"))
        rounding = int(((frame["change"] < -0.005) & (frame["change"] >= -tolerance)).sum())
        if rounding:
            print(
                f"  + {rounding} steps where besteedbaar inkomen falls by at most {tolerance:,.0f} euros a year "
                "(whole-euro rounding of the toeslagen, not cliffs; sweep.csv has every step)"
            )
        for column, reason in frame.attrs["not_covered"].items():
            print(f"  {column}: {reason}")
    print(f"\nwritten: {', '.join(str(p) for p in paths.values())}")
    return 0


def population_command(args) -> int:
    import pathlib

    from openfisca_amsterdam.analysis.chunk import system_for
    from openfisca_amsterdam.population import calibration, synthetic
    from openfisca_amsterdam.population.schema import write_population

    out = pathlib.Path(args.out)
    if out.suffix not in (".parquet", ".csv"):
        raise SituationError("--out", f"'{args.out}' must end in .parquet or .csv")
    check_run_flags(args)
    table = synthetic.generate(args.households, args.year, args.seed)
    table, _ = calibration.calibrate(table, system_for((), ()), args.year)
    write_population(table, out)
    households = table["huishouden_id"].nunique()
    print(
        f"{len(table):,} persons in {households:,} households, weighted to "
        f"{table.groupby('huishouden_id')['gewicht'].first().sum():,.0f} households of Amsterdam, {args.year}: {out}"
    )
    return 0
