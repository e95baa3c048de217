"""The same-persons comparison with MinBZK/poc-machine-law: 10,000 single renters, zorgtoeslag and huurtoeslag for
2025-03, in persons per second.

This engine is measured in two ways, in one run: with the toetsingsinkomen given (what the other engine is given),
and deriving the whole income chain from a gross wage. The other engine runs in its own interpreter (it needs Python
>= 3.12): ``--pml-python`` names that interpreter and ``--pml-source`` a checkout of MinBZK/poc-machine-law with its
dependencies installed. Its public API is called (``machine.service.Services``: ``set_source_dataframe`` for the
RvIG, RVZ, DJI and Belastingdienst tables its zorgtoeslag law reads, then ``evaluate`` per BSN, as its own behave
steps do); none of its code is copied. Only its zorgtoeslag is driven: its huurtoeslag asks the rent as a claim the
citizen submits through its case manager, which a batch cannot give. Its yearly ``hoogte_toeslag`` is compared with
our ``zorgtoeslag_per_jaar`` for the same persons::

    .venv/bin/python benchmarks/pml_comparison.py --persons 10000
    /root/.pyenv/versions/3.12.1/bin/python -m venv /tmp/pml/venv  # then pip install its pyproject's dependencies
    .venv/bin/python benchmarks/pml_comparison.py --pml-python /tmp/pml/venv/bin/python --pml-source /tmp/pml/src
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time

import numpy
from openfisca_core.simulation_builder import SimulationBuilder

from openfisca_amsterdam.analysis.systems import system_for

PERIOD = "2025-03"


def renters(n: int, seed: int = 0) -> dict:
    """Single adults aged 25-65 renting a home: monthly gross wage, yearly income and rent."""
    rng = numpy.random.default_rng(seed)
    wage = numpy.round(rng.uniform(0, 3500, n), 2)
    return {
        "geboortedatum": numpy.array(
            [f"{y}-{m:02d}-15" for y, m in zip(rng.integers(1960, 2000, n), rng.integers(1, 13, n), strict=True)],
            dtype="datetime64[D]",
        ),
        "bruto_loon": wage,
        "toetsingsinkomen": wage * 12,
        "kale_huur": numpy.round(rng.uniform(450, 900, n), 2),
    }


def simulation(data: dict, derive_income: bool):
    system = system_for()
    n = data["kale_huur"].size
    ids = [f"p{i}" for i in range(n)]
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("persoon", ids)
    for key, role in (("gezin", "volwassene"), ("huishouden", "bewoner")):
        entity = builder.declare_entity(key, [f"{key[0]}{i}" for i in range(n)])
        builder.join_with_persons(entity, [f"{key[0]}{i}" for i in range(n)], [role] * n)
    sim = builder.build(system)
    sim.set_input("geboortedatum", "ETERNITY", data["geboortedatum"])
    sim.set_input("kale_huur", PERIOD, data["kale_huur"])
    if derive_income:
        for month in range(1, 13):
            sim.set_input("bruto_loon", f"2025-{month:02d}", data["bruto_loon"])
    else:
        sim.set_input("toetsingsinkomen", "2025", data["toetsingsinkomen"])
    return sim


def ours(data: dict, derive_income: bool) -> tuple[float, numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    started = time.perf_counter()
    sim = simulation(data, derive_income)
    zorg = sim.calculate("zorgtoeslag", PERIOD)
    huur = sim.calculate("huurtoeslag", PERIOD)
    seconds = time.perf_counter() - started
    return seconds, zorg, huur, sim.calculate("zorgtoeslag_per_jaar", PERIOD)


#: Run under the other engine's interpreter: persons on stdin (JSON), one JSON line out. Its tables as its behave
#: steps fill them for a single person without partner, insured, not detained, with only wage income (euro cents).
PML_CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import pandas
from machine.service import Services
persons = json.load(sys.stdin)
n = len(persons["bsn"])
zero = [0] * n
services = Services(sys.argv[2])
tables = {
    ("RvIG", "personen"): {"geboortedatum": persons["geboortedatum"], "verblijfsadres": ["Amsterdam"] * n,
                           "land_verblijf": ["NEDERLAND"] * n},
    ("RvIG", "relaties"): {"partnerschap_type": ["GEEN"] * n, "partner_bsn": [None] * n},
    ("RVZ", "verzekeringen"): {"polis_status": ["ACTIEF"] * n},
    ("DJI", "detenties"): {"status": ["VRIJ"] * n, "inrichting_type": ["GEEN"] * n},
    ("BELASTINGDIENST", "box1"): {"loon_uit_dienstbetrekking": persons["cents"], "uitkeringen_en_pensioenen": zero,
                                  "winst_uit_onderneming": zero, "resultaat_overige_werkzaamheden": zero,
                                  "eigen_woning": zero},
    ("BELASTINGDIENST", "box2"): {"reguliere_voordelen": zero, "vervreemdingsvoordelen": zero},
    ("BELASTINGDIENST", "box3"): {"spaargeld": zero, "beleggingen": zero, "onroerend_goed": zero, "schulden": zero},
}
for (service, table), columns in tables.items():
    services.set_source_dataframe(service, table, pandas.DataFrame({"bsn": persons["bsn"], **columns}))
started = time.perf_counter()
amounts = []
for bsn in persons["bsn"]:
    result = services.evaluate("TOESLAGEN", law="zorgtoeslagwet", parameters={"BSN": bsn}, reference_date=sys.argv[2])
    amounts.append(result.output.get("hoogte_toeslag") if result.requirements_met else 0)
print(json.dumps({"seconds": time.perf_counter() - started, "cents": amounts}))
"""


def theirs(python: str, source: str, data: dict, n: int) -> dict:
    persons = {
        "bsn": [f"{900000000 + i}" for i in range(n)],
        "geboortedatum": [str(d) for d in data["geboortedatum"][:n]],
        "cents": [int(round(100 * x)) for x in data["toetsingsinkomen"][:n]],
    }
    out = subprocess.run(
        [python, "-c", PML_CHILD, source, f"{PERIOD}-01"],
        input=json.dumps(persons),
        capture_output=True,
        text=True,
        cwd=source,  # it finds its laws/ relative to the working directory
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"poc-machine-law: exit {out.returncode}\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--pml-python", help="an interpreter (>= 3.12) with poc-machine-law's dependencies")
    parser.add_argument("--pml-source", help="a checkout of MinBZK/poc-machine-law")
    parser.add_argument("--pml-persons", type=int, default=1_000, help="persons the other engine computes")
    args = parser.parse_args()
    data = renters(args.persons)
    ours(renters(100), False)  # load the system once
    given, zorg, huur, per_jaar = ours(data, False)
    derived, *_ = ours(data, True)
    print(f"{args.persons:,} single renters, zorgtoeslag and huurtoeslag {PERIOD}\n")
    print("| engine | inputs | laws | persons | persons/s |")
    print("|---|---|---|---:|---:|")
    print(f"| openfisca-amsterdam | toetsingsinkomen given | both | {args.persons:,} | {args.persons / given:,.0f} |")
    print(
        f"| openfisca-amsterdam | gross wage, income chain derived | both | {args.persons:,} "
        f"| {args.persons / derived:,.0f} |"
    )
    if not (args.pml_python and args.pml_source):
        print(f"\nmean zorgtoeslag {zorg.mean():.2f}, mean huurtoeslag {huur.mean():.2f}")
        print("\npoc-machine-law not measured: give --pml-python and --pml-source (it needs Python >= 3.12).")
        return
    n = min(args.pml_persons, args.persons)
    other = theirs(args.pml_python, args.pml_source, data, n)
    rate = n / other["seconds"]
    print(f"| poc-machine-law | toetsingsinkomen given (box 1 wage) | zorgtoeslag only | {n:,} | {rate:,.1f} |")
    cents = numpy.array([c if c is not None else -1 for c in other["cents"]], dtype=float)
    mine = numpy.round(100 * numpy.asarray(per_jaar[:n]))
    agree_cent = int((numpy.abs(cents - mine) <= 1).sum())
    agree_euro = int((numpy.abs(cents - mine) <= 100).sum())
    print(
        f"\nRatio (toetsingsinkomen given; ours computes both laws, the other zorgtoeslag only): "
        f"{args.persons / given / rate:,.0f}x. Yearly zorgtoeslag of the {n:,} persons: equal to the cent for "
        f"{agree_cent:,}, within a euro for {agree_euro:,}."
    )


if __name__ == "__main__":
    main()
