"""Command line: ``openfisca-amsterdam household|coverage|simulate|sweep|reforms``.

Exit codes: 0 success, 2 bad input (a message naming the field, no traceback).
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys

import numpy

from openfisca_amsterdam import coverage as coverage_module
from openfisca_amsterdam.cli_runs import YEARS, check_run_flags, population_command, simulate_command, sweep_command
from openfisca_amsterdam.outputs import ENTITLEMENTS
from openfisca_amsterdam.projection import ProjectionError
from openfisca_amsterdam.situation import (
    SituationError,
    build_simulation,
    check_period,
    check_periods,
    default_system,
    load_situation,
)

#: The command line's API; YEARS and check_run_flags are defined in :mod:`openfisca_amsterdam.cli_runs`.
__all__ = ["INPUT_ERROR", "YEARS", "check_run_flags", "household_results", "latest_covered_month", "main"]

INPUT_ERROR = 2


def latest_covered_month(system) -> str:
    """The last month in which every parameter the household entitlements need is covered."""
    lasts = [
        c.last for c in system.coverage if c.last and c.name.startswith(("participatiewet.normen", "aow.bedragen"))
    ]
    return min(lasts)[:7]


def household_results(situation: dict, period: str, system=None) -> dict:
    """Every entitlement of every gezin, person and huishouden for one month, plus the situation's null requests.

    A value that cannot be computed because a parameter is not covered is the string
    ``"not covered: parameter <name> (verified up to YYYY-MM-DD)"`` (coverage.not_covered_text), for exactly the
    units that need that parameter (per-unit coverage, as in a population run); the other
    values are still computed. ``system``: another tax-benefit system (e.g. a projected one).
    """
    from openfisca_amsterdam.unit_coverage import collecting

    system = system or default_system()
    month = check_period(period)
    simulation = build_simulation(situation, system)
    check_periods(situation, [month])
    requested = _requested(situation)
    result: dict = {"period": str(month), "personen": {}, "gezinnen": {}, "huishoudens": {}}
    with collecting(simulation) as coverage:
        for entity_key, names in ENTITLEMENTS.items():
            names = list(dict.fromkeys(names + sorted(requested.get(entity_key, ()))))
            population = simulation.populations[entity_key]
            table = result[PLURAL[entity_key]]
            for entity_id in population.ids:
                table.setdefault(entity_id, {})
            for name in names:
                variable = system.variables[name]
                calc_period = month if variable.definition_period == "month" else month.this_year
                cells = _unit_cells(simulation, coverage, name, calc_period, entity_key)
                for entity_id, cell in zip(population.ids, cells, strict=True):
                    table[entity_id][name] = cell
    return result


def _unit_cells(simulation, coverage, name: str, calc_period, entity_key: str) -> list:
    """The cells of one variable, each unit that needed an uncovered parameter with the not-covered text of that
    parameter (the first one, if several)."""
    population = simulation.populations[entity_key]
    cells = _cells(simulation, name, calc_period, population.count)
    persons, uses = coverage.persons_not_covered(name)
    if not persons.any():
        return cells
    for use in uses:
        units = (
            numpy.bincount(population.members_entity_id, use.persons, population.count) > 0
            if (entity_key != "persoon")
            else use.persons
        )
        for i in numpy.flatnonzero(units):
            if not (isinstance(cells[i], str) and cells[i].startswith("not covered")):
                cells[i] = coverage_module.not_covered_text(use.error)
    return cells


PLURAL = {"persoon": "personen", "gezin": "gezinnen", "huishouden": "huishoudens"}


def _requested(situation: dict) -> dict[str, set[str]]:
    """The variables the situation asks for (a period set to null), per entity."""
    requested: dict[str, set[str]] = {}
    for entity_key, entity_plural in PLURAL.items():
        for entity in situation.get(entity_plural, {}).values():
            for name, values in entity.items():
                if isinstance(values, dict) and any(v is None for v in values.values()):
                    requested.setdefault(entity_key, set()).add(name)
    return requested


def _cells(simulation, name: str, calc_period, count: int) -> list:
    """One variable's values for every unit of its entity, as JSON cells (floats to cents); every cell is the
    not-covered text when a parameter it needs is not covered."""
    try:
        values = simulation.calculate(name, calc_period)
    except coverage_module.NotCoveredError as error:
        return [coverage_module.not_covered_text(error)] * count
    cells = [v.item() if hasattr(v, "item") else v for v in values]
    return [round(v, 2) if isinstance(v, float) else (str(v) if not isinstance(v, (int, bool)) else v) for v in cells]


def _household(args) -> int:
    situation = load_situation(args.file)
    period = args.period or latest_covered_month(default_system())
    if args.explain:
        from openfisca_amsterdam.explain import explain

        print("\n".join(explain(situation, args.explain, period, depth=args.depth)))
        return 0
    results = household_results(situation, period)
    if args.projected:
        results = _projected_household(situation, period, args, results)
    reform = None
    if args.reform:
        from openfisca_amsterdam.analysis.systems import system_for
        from openfisca_amsterdam.reforms_registry import split

        reform = household_results(situation, period, system=system_for(tuple(split([args.reform]))))
        results["reform"] = {"name": args.reform, **{k: reform[k] for k in PLURAL.values()}}
    if args.json:
        json.dump(results, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        from openfisca_amsterdam.household_view import show

        show(results, situation, reform, args, period)
    return 0


def _projected_household(situation, period: str, args, law: dict) -> dict:
    """The household under the projected system; every value that the law alone cannot give is listed as projected."""
    from openfisca_amsterdam.projection import projected_system

    until = f"{period[:4]}-12-31" if args.projected == "auto" else args.projected
    system = projected_system(default_system(), until, args.index)
    results = household_results(situation, period, system=system)
    marked = []
    for plural in PLURAL.values():
        for entity_id, values in results[plural].items():
            for name, value in values.items():
                before = law[plural][entity_id].get(name)
                if isinstance(before, str) and before.startswith("not covered") and before != value:
                    marked.append(f"{plural}.{entity_id}.{name}")
    results["projected"] = {
        "until": until,
        "index_per_year": args.index,
        "rule": "parameters without a verified value carried forward from their last value; amounts indexed at "
        f"{args.index:+.2%} a year (docs/projection.md). NOT LAW.",
        "values": marked,
        "parameters": sorted(system.projected),
    }
    return results


def _coverage(args) -> int:
    rows = default_system().coverage
    if args.due:
        return _coverage_due(rows, args)
    if args.json:
        json.dump([row.__dict__ for row in rows], sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    print(f"{'parameter':<62} {'from':<10} {'covered up to':<13} disagree  source")
    for row in rows:
        flag = "yes" if row.disagreement else "-"
        print(f"{row.name:<62} {row.first or 'no value':<10} {row.last:<13} {flag:<9} {row.reference[:90]}")
    return 0


def _coverage_due(rows, args) -> int:
    """``coverage --due DATE``: the parameters whose checked date ends before DATE, by Act and executing body, with
    the URL of the source to check (docs/updating.md)."""
    try:
        before = datetime.date.fromisoformat(args.due)
    except ValueError:
        raise SituationError("--due", f"'{args.due}' is not a date YYYY-MM-DD") from None
    due = coverage_module.due(rows, before)
    if args.json:
        data = [{**row.__dict__, "act": row.act[0], "executed_by": row.act[1]} for row in due]
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    print(f"{len(due)} of {len(rows)} parameters are checked only up to a date before {before}:")
    group = None
    for row in due:
        if row.act != group:
            group = row.act
            print(f"\n{group[0]} - {group[1]}")
        print(f"  {row.name:<70} up to {row.last}  {row.href or row.reference[:60]}")
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
    limits = Limits(args.max_body_bytes, args.max_axis_points, args.max_depth)
    serve(args.host, args.port, args.workers, limits, month_shortcut=not args.no_month_shortcut)
    return 0


def _reforms(args) -> int:
    from openfisca_amsterdam.reforms_registry import available

    for name, spec in available().items():
        print(f"{name:<26} {spec.description}")
    return 0


def _projection_flags(parser) -> None:
    parser.add_argument(
        "--projected",
        nargs="?",
        const="auto",
        metavar="UNTIL",
        help="carry parameters without a verified value forward up to UNTIL (YYYY-MM-DD; default: the end of the "
        "year asked), labelled projected, never law (docs/projection.md)",
    )
    parser.add_argument(
        "--index", type=float, default=0.0, help="with --projected: yearly index of amounts, e.g. 0.03 (default 0)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="openfisca-amsterdam", description="Dutch and Amsterdam income support rules")
    sub = parser.add_subparsers(dest="command", required=True)
    household = sub.add_parser("household", help="compute every entitlement of the households in a situation file")
    household.add_argument("file", help="situation file (JSON or YAML, OpenFisca Web API format)")
    household.add_argument("--period", help="month YYYY-MM (default: the latest covered month)")
    household.add_argument("--json", action="store_true", help="print JSON")
    household.add_argument(
        "--explain",
        metavar="VARIABLE",
        help="print the computation tree of VARIABLE with the article of each rule and the parameter values it read",
    )
    household.add_argument("--depth", type=int, default=4, help="with --explain: levels of the tree (default 4)")
    household.add_argument("--reform", metavar="NAME", help="show the reform (a name, or a+b) beside the baseline")
    household.add_argument("--all", action="store_true", help="every entitlement of every unit, one per line")
    household.add_argument("--html", metavar="OUT.html", help="write the view as an HTML page instead of printing it")
    _projection_flags(household)
    household.set_defaults(run=_household)
    cov = sub.add_parser("coverage", help="for every parameter: covered dates, source, disagreements")
    cov.add_argument("--json", action="store_true", help="print JSON")
    cov.add_argument("--due", metavar="YYYY-MM-DD", help="only the parameters to check again before this date, by Act")
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
        "--chunk-size",
        type=int,
        default=25000,
        help="at most this many households per chunk (bounds memory; default 25,000)",
    )
    sim.add_argument("--min-cell", type=int, default=0, help="suppress cells resting on fewer than N unweighted units")
    sim.add_argument(
        "--no-intervals", action="store_true", help="no Monte Carlo draws over the take-up assumptions (main run only)"
    )
    sim.add_argument(
        "--draws",
        type=int,
        default=4,
        help="Monte Carlo draws over the take-up assumptions for the intervals (default 4; 20 or more: 5th-95th "
        "percentiles)",
    )
    sim.add_argument(
        "--sensitivity",
        action="store_true",
        help="also move each take-up assumption alone to the ends of its range (sensitivity.csv, tornado chart)",
    )
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
    _projection_flags(sim)
    sim.set_defaults(run=simulate_command)
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
        "--history",
        type=int,
        default=0,
        metavar="N",
        help="the same earnings in the N previous years too (0-3): a stable income, so that the Stadspas and the "
        "children's schemes, which test last year's income, show their cliffs (default 0)",
    )
    sw.add_argument(
        "--reform", action="append", metavar="NAME", help="add a scenario with this reform (repeatable; A+B combines)"
    )
    sw.add_argument(
        "--out",
        default="out",
        help="output folder for sweep.csv, sweep.png, cliffs.csv, not_covered.csv (default out/)",
    )
    sw.set_defaults(run=sweep_command)
    pop = sub.add_parser(
        "population", help="write the calibrated synthetic Amsterdam in the microdata schema (docs/population.md)"
    )
    pop.add_argument("--households", type=int, default=20000, help="sample size (default 20,000, weighted to the city)")
    pop.add_argument("--year", type=int, default=2025, help="year (default 2025)")
    pop.add_argument("--seed", type=int, default=0, help="seed of the generator (default 0)")
    pop.add_argument(
        "--out", required=True, help="FILE.parquet or FILE.csv; give it back with `simulate --population FILE`"
    )
    pop.set_defaults(run=population_command)
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
    srv.add_argument(
        "--no-month-shortcut",
        action="store_true",
        help="compute every month in full (the same results, slower; for comparing, docs/architecture.md)",
    )
    srv.set_defaults(run=_serve)
    ref = sub.add_parser("reforms", help="list the reforms with a one-line description")
    ref.set_defaults(run=_reforms)
    args = parser.parse_args(argv)
    from openfisca_amsterdam.outputs_atomic import OutputError
    from openfisca_amsterdam.population.schema import PopulationError
    from openfisca_amsterdam.reforms_registry import ReformError

    try:
        return args.run(args)
    except (PopulationError, ReformError, OutputError, ProjectionError, coverage_module.NotCoveredError) as error:
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
