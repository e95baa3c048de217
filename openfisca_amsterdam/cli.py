"""Command line: ``openfisca-amsterdam household|coverage|simulate|sweep|reforms``.

Exit codes: 0 success, 2 bad input (a message naming the field, no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys

from openfisca_amsterdam import coverage as coverage_module
from openfisca_amsterdam.outputs import ENTITLEMENTS
from openfisca_amsterdam.situation import (
    SituationError,
    build_simulation,
    check_period,
    check_periods,
    default_system,
    load_situation,
)

INPUT_ERROR = 2


def latest_covered_month(system) -> str:
    """The last month in which every parameter the household entitlements need is covered."""
    lasts = [
        c.last for c in system.coverage if c.last and c.name.startswith(("participatiewet.normen", "aow.bedragen"))
    ]
    return min(lasts)[:7]


def household_results(situation: dict, period: str) -> dict:
    """Every entitlement of every gezin, person and huishouden for one month, plus the situation's null requests.

    A value that cannot be computed because a parameter is not covered is the string
    ``"not covered (<parameter>: verified up to YYYY-MM-DD)"`` (or ``no verified value for this date`` in a source gap); the other values are still computed.
    """
    system = default_system()
    month = check_period(period)
    simulation = build_simulation(situation, system)
    check_periods(situation, [month])
    requested: dict[str, set[str]] = {}
    plural = {"persoon": "personen", "gezin": "gezinnen", "huishouden": "huishoudens"}
    for entity_key, entity_plural in plural.items():
        for entity in situation.get(entity_plural, {}).values():
            for name, values in entity.items():
                if isinstance(values, dict) and any(v is None for v in values.values()):
                    requested.setdefault(entity_key, set()).add(name)
    result: dict = {"period": str(month), "personen": {}, "gezinnen": {}, "huishoudens": {}}
    for entity_key, names in ENTITLEMENTS.items():
        names = list(dict.fromkeys(names + sorted(requested.get(entity_key, ()))))
        population = simulation.populations[entity_key]
        table = result[plural[entity_key]]
        for entity_id in population.ids:
            table.setdefault(entity_id, {})
        for name in names:
            variable = system.variables[name]
            calc_period = month if variable.definition_period == "month" else month.this_year
            try:
                values = simulation.calculate(name, calc_period)
                cells = [v.item() if hasattr(v, "item") else v for v in values]
                cells = [
                    round(v, 2) if isinstance(v, float) else (str(v) if not isinstance(v, (int, bool)) else v)
                    for v in cells
                ]
            except coverage_module.NotCoveredError as error:
                cells = [
                    f"not covered ({error.parameter}: {'verified up to ' + error.last_covered if error.last_covered and error.last_covered < str(calc_period.start) else 'no verified value for this date'})"
                ] * population.count
            for entity_id, cell in zip(population.ids, cells):
                table[entity_id][name] = cell
    return result


def _print_household(results: dict) -> None:
    system = default_system()
    print(f"Entitlements for {results['period']} (euros per month unless marked per year)")
    for plural, singular in (("gezinnen", "gezin"), ("huishoudens", "huishouden"), ("personen", "persoon")):
        for entity_id, values in results[plural].items():
            print(f"\n{singular} {entity_id}")
            for name, value in values.items():
                if isinstance(value, bool):
                    shown = f"{'ja' if value else 'nee':>12}"
                elif isinstance(value, float):
                    shown = f"{value:>12,.2f}"
                else:
                    shown = f"{value!s:>12}"
                yearly = system.variables[name].definition_period == "year"
                print(f"  {name:<40} {shown}{'  per year' if yearly else ''}")


def _household(args) -> int:
    situation = load_situation(args.file)
    period = args.period or latest_covered_month(default_system())
    results = household_results(situation, period)
    if args.json:
        json.dump(results, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        _print_household(results)
    return 0


def _coverage(args) -> int:
    rows = default_system().coverage
    if args.json:
        json.dump([row.__dict__ for row in rows], sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    print(f"{'parameter':<62} {'from':<10} {'covered up to':<13} disagree  source")
    for row in rows:
        flag = "yes" if row.disagreement else "-"
        print(f"{row.name:<62} {row.first or '-':<10} {row.last:<13} {flag:<9} {row.reference[:90]}")
    return 0


def _simulate(args) -> int:
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
        progress=progress,
        scenarios=args.reform or (),
        parameters=_parameter_changes(args.set),
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
        total = reform["comparison"].query("scheme == 'totaal'").iloc[0]
        print(
            f"\nReform {scenario} (out/reform_{scenario}/): spending {total['spending_change_eur']:+,.0f} EUR/year, "
            f"recipients {total['recipients_change']:+,.0f}, unclaimed {total['unclaimed_change_eur']:+,.0f} EUR/year, "
            f"applications removed {total['applications_removed']:,.0f}, reached ambtshalve {total['ambtshalve_reached']:,.0f}, "
            f"wrongly granted {total['wrongly_granted']:,.0f}, gezinnen below the social minimum {total['below_social_minimum_change']:+,.0f}"
        )
    return 0


#: Years a population run covers (the law's verified values; docs/coverage).
YEARS = range(2022, 2027)


def check_run_flags(args) -> None:
    """Refuse impossible flags before anything is computed (exit 2 with the flag named)."""
    checks = [
        ("--households", getattr(args, "households", 1), 1),
        ("--seed", getattr(args, "seed", 0), 0),
        ("--chunk-size", getattr(args, "chunk_size", 1), 1),
        ("--min-cell", getattr(args, "min_cell", 0), 0),
    ]
    if getattr(args, "workers", None) is not None:
        checks.append(("--workers", args.workers, 1))
    for flag, value, minimum in checks:
        if value < minimum:
            raise SituationError(flag, f"{value} is not allowed (at least {minimum})")
    if args.year not in YEARS:
        raise SituationError(
            "--year",
            f"{args.year} is outside the years covered, {YEARS.start}-{YEARS.stop - 1} "
            "(see `openfisca-amsterdam coverage`)",
        )


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


def _sweep(args) -> int:
    import pathlib

    from openfisca_amsterdam.analysis.chunk import system_for
    from openfisca_amsterdam.analysis.sweep import cliffs, parse_earnings, sweep, write
    from openfisca_amsterdam.reforms_registry import split

    situation = load_situation(args.file)
    earnings = parse_earnings(args.earnings)
    systems = {"baseline": default_system()}
    for name in args.reform or []:
        systems[name] = system_for(tuple(split([name])))
    frames = {
        label: sweep(situation, earnings, step=args.step, year=args.year, person=args.person, system=system)
        for label, system in systems.items()
    }
    paths = write(frames, pathlib.Path(args.out))
    first = frames["baseline"]
    print(
        f"Sweep {first.attrs['year']}: gross earnings of {first.attrs['person']} from {earnings[0]:,.0f} to {earnings[1]:,.0f} "
        f"(step {first.attrs['step']:,.0f}), gezin {first.attrs['gezin']}; euros per year"
    )
    for label, frame in frames.items():
        start, end = frame.iloc[0], frame.iloc[-1]
        print(
            f"\n{label}: besteedbaar inkomen {start['besteedbaar_inkomen']:,.0f} at {start['earnings']:,.0f}, "
            f"{end['besteedbaar_inkomen']:,.0f} at {end['earnings']:,.0f}; highest METR {frame['metr'].max():.1%}"
        )
        events = cliffs(frame, frame.attrs["tolerance"])
        small = events[(events["kind"] == "income_falls") & (events["amount"] < 10)]
        shown = events.drop(small.index)
        if events.empty:
            print("  no cliffs")
        if not shown.empty:
            print(shown.to_string(index=False, float_format=lambda v: f"{v:,.2f}"))
        if not small.empty:
            print(
                f"  + {len(small)} steps between {small['earnings_from'].min():,.0f} and {small['earnings_to'].max():,.0f} where "
                "besteedbaar inkomen falls by less than 10 euros a year (METR just above 100%; see cliffs.csv)"
            )
        for column, reason in frame.attrs["not_covered"].items():
            print(f"  {column}: {reason}")
    print(f"\nwritten: {', '.join(str(p) for p in paths.values())}")
    return 0


def _population(args) -> int:
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


def _serve(args) -> int:
    from openfisca_amsterdam.web_api import Limits, serve

    for flag, value in (
        ("--port", args.port),
        ("--workers", args.workers),
        ("--max-body-bytes", args.max_body_bytes),
        ("--max-axis-points", args.max_axis_points),
        ("--max-depth", args.max_depth),
    ):
        if value < 1:
            raise SituationError(flag, f"{value} is not allowed (at least 1)")
    serve(args.host, args.port, args.workers, Limits(args.max_body_bytes, args.max_axis_points, args.max_depth))
    return 0


def _reforms(args) -> int:
    from openfisca_amsterdam.reforms_registry import available

    for name, spec in available().items():
        print(f"{name:<26} {spec.description}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="openfisca-amsterdam", description="Dutch and Amsterdam income support rules")
    sub = parser.add_subparsers(dest="command", required=True)
    household = sub.add_parser("household", help="compute every entitlement of the households in a situation file")
    household.add_argument("file", help="situation file (JSON or YAML, OpenFisca Web API format)")
    household.add_argument("--period", help="month YYYY-MM (default: the latest covered month)")
    household.add_argument("--json", action="store_true", help="print JSON")
    household.set_defaults(run=_household)
    cov = sub.add_parser("coverage", help="for every parameter: covered dates, source, disagreements")
    cov.add_argument("--json", action="store_true", help="print JSON")
    cov.set_defaults(run=_coverage)
    sim = sub.add_parser(
        "simulate", help="run a population (synthetic Amsterdam or your microdata): non-take-up by scheme and a report"
    )
    sim.add_argument("--year", type=int, default=2025, help="simulated year (default 2025)")
    sim.add_argument(
        "--households", type=int, default=20000, help="synthetic sample size (default 20,000, weighted to the city)"
    )
    sim.add_argument("--seed", type=int, default=0, help="seed of the synthetic population and the take-up draws")
    sim.add_argument(
        "--population", help="your own microdata: a person table (.parquet or .csv), see docs/population.md"
    )
    group = sim.add_mutually_exclusive_group()
    group.add_argument("--workers", type=int, help="run the chunks on a local Dask cluster with K workers")
    group.add_argument("--scheduler", help="run the chunks on an existing Dask scheduler (address)")
    sim.add_argument(
        "--chunk-size", type=int, default=25000, help="households per chunk (bounds memory; default 25,000)"
    )
    sim.add_argument("--min-cell", type=int, default=0, help="suppress cells resting on fewer than N unweighted units")
    sim.add_argument("--no-intervals", action="store_true", help="skip the extra seeds and low/high rate variants")
    sim.add_argument(
        "--reform",
        action="append",
        metavar="NAME",
        help="compare a reform with the baseline (repeatable; A+B combines; see `reforms`)",
    )
    sim.add_argument(
        "--set",
        action="append",
        metavar="PATH=DATE:VALUE",
        help="parametric change, e.g. gemeenten.amsterdam.minima.percentage_algemeen=2025-01-01:1.5 (repeatable)",
    )
    sim.add_argument("--out", default="out", help="output folder (default out/)")
    sim.add_argument("--quiet", action="store_true", help="no progress bar")
    sim.set_defaults(run=_simulate)
    sw = sub.add_parser(
        "sweep", help="one household: vary a person's gross earnings; disposable income, METR and cliffs"
    )
    sw.add_argument("file", help="situation file (JSON or YAML, OpenFisca Web API format)")
    sw.add_argument(
        "--earnings", default="0:60000", metavar="LO:HI", help="gross earnings per year, e.g. 0:60000 (default)"
    )
    sw.add_argument("--step", type=float, default=250, help="step in euros per year (default 250)")
    sw.add_argument("--year", type=int, default=2025, help="year (default 2025)")
    sw.add_argument("--person", help="whose earnings vary (default: the first volwassene of the first gezin)")
    sw.add_argument(
        "--reform", action="append", metavar="NAME", help="add a scenario with this reform (repeatable; A+B combines)"
    )
    sw.add_argument(
        "--out",
        default="out",
        help="output folder for sweep.csv, sweep.png, cliffs.csv, not_covered.csv (default out/)",
    )
    sw.set_defaults(run=_sweep)
    pop = sub.add_parser(
        "population", help="write the calibrated synthetic Amsterdam in the microdata schema (docs/population.md)"
    )
    pop.add_argument("--households", type=int, default=20000, help="sample size (default 20,000, weighted to the city)")
    pop.add_argument("--year", type=int, default=2025, help="year (default 2025)")
    pop.add_argument("--seed", type=int, default=0, help="seed of the generator (default 0)")
    pop.add_argument(
        "--out", required=True, help="FILE.parquet or FILE.csv; give it back with `simulate --population FILE`"
    )
    pop.set_defaults(run=_population)
    srv = sub.add_parser(
        "serve", help="the Web API (OpenFisca's, with this project's validation in front; docs/errors.md)"
    )
    srv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    srv.add_argument("--port", type=int, default=5000, help="port (default 5000)")
    srv.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    srv.add_argument("--max-body-bytes", type=int, default=1_000_000, help="largest request body (default 1,000,000)")
    srv.add_argument(
        "--max-axis-points", type=int, default=10_000, help="largest total of axes counts (default 10,000)"
    )
    srv.add_argument("--max-depth", type=int, default=20, help="deepest JSON nesting (default 20)")
    srv.set_defaults(run=_serve)
    ref = sub.add_parser("reforms", help="list the reforms with a one-line description")
    ref.set_defaults(run=_reforms)
    args = parser.parse_args(argv)
    from openfisca_amsterdam.outputs_atomic import OutputError
    from openfisca_amsterdam.population.schema import PopulationError
    from openfisca_amsterdam.reforms_registry import ReformError

    try:
        return args.run(args)
    except (PopulationError, ReformError, OutputError) as error:
        print(f"error: {error}", file=sys.stderr)
        return INPUT_ERROR
    except SituationError as error:
        for field, message in error.problems:
            print(f"error: {field}: {message}", file=sys.stderr)
        return INPUT_ERROR
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
