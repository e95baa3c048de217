"""Draw docs/img/amsterdam_drempels.png: which schemes a single parent with two children keeps, by income.

One simulation with one gezin per income level (vectorised: the engine runs once). The gezin's gross wage in
the year and its fiscal income of the year before are both set to the income on the x-axis; rent EUR 700.
Run: .venv/bin/python docs/scripts/amsterdam_drempels.py [YEAR]
"""

import pathlib
import sys

import numpy
from matplotlib.figure import Figure

from openfisca_amsterdam.situation import build_simulation

YEAR = int(sys.argv[1]) if len(sys.argv) > 1 else 2024
INCOMES = numpy.arange(0, 60001, 500)
SCHEMES = [  # (variable, label, kind)
    ("bijstand", "bijstand (> 0)", "month"),
    ("stadspas", "Stadspas (130%)", "month"),
    ("amsterdam_minima_doelgroep_kinderen", "Amsterdam children's schemes (150%)", "month"),
    ("collectieve_zorgverzekering", "collectieve zorgverzekering", "month"),
    ("huurtoeslag", "huurtoeslag (> 0)", "month"),
    ("zorgtoeslag", "zorgtoeslag (> 0)", "month"),
    ("kindgebonden_budget", "kindgebonden budget (> 0)", "month"),
]


def situation():
    personen, gezinnen, huishoudens = {}, {}, {}
    months = {f"{YEAR}-{m:02d}": 0 for m in range(1, 13)}
    for i, income in enumerate(INCOMES):
        p, k1, k2 = f"p{i}", f"k{i}a", f"k{i}b"
        personen[p] = {
            "geboortedatum": "1985-05-01",
            "bruto_loon": {m: float(income) / 12 for m in months},
            "toetsingsinkomen": {str(YEAR - 1): float(income)},
        }
        personen[k1] = {"geboortedatum": "2014-05-01", "toetsingsinkomen": {str(YEAR - 1): 0.0}}
        personen[k2] = {"geboortedatum": "2017-05-01", "toetsingsinkomen": {str(YEAR - 1): 0.0}}
        gezinnen[f"g{i}"] = {"volwassenen": [p], "kinderen": [k1, k2]}
        huishoudens[f"h{i}"] = {"bewoners": [p, k1, k2], "kale_huur": {m: 700.0 for m in months}}
    return {"personen": personen, "gezinnen": gezinnen, "huishoudens": huishoudens}


def main():
    sim = build_simulation(situation())
    month = f"{YEAR}-03"
    fig = Figure(figsize=(9, 3.8), dpi=110)
    ax = fig.subplots()
    for row, (name, _, _) in enumerate(SCHEMES):
        values = numpy.asarray(sim.calculate(name, month)) > 0
        ax.scatter(INCOMES[values], numpy.full(values.sum(), row), marker="s", s=12, color="#ec0000")
    ax.set_yticks(range(len(SCHEMES)), [label for _, label, _ in SCHEMES])
    ax.set_xlabel(f"gross (= fiscal) household income per year, in {YEAR} and {YEAR - 1} (euros)")
    ax.set_title(f"Single parent, two children (7, 10), rent EUR 700, Amsterdam {month}: schemes kept", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    out = pathlib.Path(__file__).resolve().parents[1] / "img" / "amsterdam_drempels.png"
    fig.savefig(out, metadata={"Software": None})
    print(out)


if __name__ == "__main__":
    main()
