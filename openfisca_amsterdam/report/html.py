"""report.html: a headline a reader takes in at a glance, then the charts and compact tables (a Jinja2 template,
``templates/report.html``). Formats what the analysis returned; computes nothing new."""

from __future__ import annotations

import numpy
import pandas
from jinja2 import Environment, PackageLoader, select_autoescape

from openfisca_amsterdam.report import charts
from openfisca_amsterdam.report.formatting import millions, number, table
from openfisca_amsterdam.takeup.schemes import BY_NAME

LABELS = {name: scheme.label or name for name, scheme in BY_NAME.items()}
PAYERS = {"gemeente": "Gemeente Amsterdam", "rijk": "Rijk (Dienst Toeslagen, SVB)"}


def _environment() -> Environment:
    return Environment(loader=PackageLoader("openfisca_amsterdam.report", "templates"), autoescape=select_autoescape())


def _headline(t) -> dict:
    nt = t["non_take_up"].set_index("scheme")
    intervals = t["intervals"].set_index("scheme")
    check = t["takeup_check"]
    published = check[check["variant"] == "basis"].set_index("scheme")["target"] if len(check) else pandas.Series()
    total = intervals.loc["totaal"] if "totaal" in intervals.index else None
    rows = []
    for name, row in nt.iterrows():
        if pandas.isna(row["non_take_up_rate"]):
            continue
        scheme = BY_NAME[name]
        low = intervals.loc[name, "unclaimed_eur_low"] if name in intervals.index else numpy.nan
        high = intervals.loc[name, "unclaimed_eur_high"] if name in intervals.index else numpy.nan
        in_kind = scheme.in_kind and not scheme.value_per_year
        rows.append(
            {
                "name": name,
                "label": LABELS[name],
                "rate": number(row["non_take_up_rate"], "percent"),
                "published": number(published.get(name), "percent"),
                "unclaimed": "in kind" if in_kind else millions(row["unclaimed_eur_per_year"]),
                "in_kind": in_kind,
                "unclaimed_value": "" if in_kind else row["unclaimed_eur_per_year"],
                "interval": "" if in_kind else f"{millions(low)} – {millions(high)}",
                "recipients": number(row["recipients"], "count"),
                "unit": row["unit"],
                "_sort": -1 if in_kind else row["unclaimed_eur_per_year"],
            }
        )
    rows.sort(key=lambda r: -r["_sort"])
    return {
        "unclaimed": millions(total["unclaimed_eur"]) if total is not None else "",
        "unclaimed_value": float(total["unclaimed_eur"]) if total is not None else "",
        "low": millions(total["unclaimed_eur_low"]) if total is not None else "",
        "high": millions(total["unclaimed_eur_high"]) if total is not None else "",
        "rows": rows,
    }


def _group_rates(breakdown) -> dict:
    titles = {
        "huishoudtype": "by household type",
        "leeftijdsgroep": "by age of the eldest",
        "inkomensdeciel": "by decile",
    }
    frames = {}
    money = ["bijstand", "huurtoeslag", "zorgtoeslag", "kindgebonden_budget", "aio", "stadspas"]
    for dimension, title in titles.items():
        frame = breakdown[breakdown["dimension"] == dimension].pivot_table(
            index="group", columns="scheme", values="non_take_up_rate"
        )
        frame = frame[[c for c in money if c in frame.columns]]
        if dimension == "inkomensdeciel":
            frame.index = frame.index.astype(int)
        frames[title] = frame.sort_index()
    return frames


def payer_effects(comparison) -> list[dict]:
    """Budget effect per payer: the net spending change over the schemes computed. Schemes not computed are named
    (not in the total, never a 0), and so are schemes computed only for part of their units (the units not covered
    are left out of both runs: for a scheme a reform abolishes, the change is then not its net cost)."""
    frame = comparison[comparison["scheme"] != "totaal"].copy()
    frame["payer"] = frame["scheme"].map(lambda s: BY_NAME[s].payer if s in BY_NAME else "rijk")
    out = []
    for payer, part in frame.groupby("payer", sort=True):
        ok = part["status"].str.startswith("ok") & part["spending_change_eur"].notna()
        computed, missing = part[ok], part[~ok]
        partly = computed[computed["status"].str.startswith("ok except")]
        shares = partly["status"].str.extract(r"([0-9.]+%)")[0]
        out.append(
            {
                "payer": PAYERS.get(payer, payer),
                "change": number(computed["spending_change_eur"].sum(), "euro", signed=True),
                "value": float(computed["spending_change_eur"].sum()),
                "schemes": ", ".join(LABELS.get(s, s) for s in computed["scheme"]),
                "not_computed": ", ".join(LABELS.get(s, s) for s in missing["scheme"]),
                "partly": ", ".join(
                    f"{LABELS.get(s, s)} ({share} of units not covered)"
                    for s, share in zip(partly["scheme"], shares, strict=True)
                ),
            }
        )
    return out


def _deciles(winners) -> pandas.DataFrame:
    frame = winners[winners["dimension"] == "inkomensdeciel"].copy()
    frame["decile"] = frame["group"].astype(int)
    frame = frame.sort_values("decile")
    gain = frame["average_gain_eur"].fillna(0) * frame["winners"]
    loss = frame["average_loss_eur"].fillna(0) * frame["losers"]
    return pandas.DataFrame(
        {
            "decile": frame["decile"].to_numpy(),
            "winners_share": (frame["winners"] / frame["gezinnen"]).to_numpy(),
            "losers_share": (frame["losers"] / frame["gezinnen"]).to_numpy(),
            "average_change_eur": ((gain + loss) / frame["gezinnen"]).to_numpy(),
        }
    )


COMPARISON = ["scheme", "spending_change_eur", "recipients_change", "unclaimed_change_eur", "applications_removed"]
COMPARISON += ["ambtshalve_reached", "wrongly_granted", "still_missed", "status"]
NON_TAKE_UP = ["scheme", "unit", "eligible_units", "recipients", "non_take_up_rate", "unclaimed_eur_per_year"]
NON_TAKE_UP += ["spending_eur_per_year", "status"]


def _reform(results, scenario, r, t, specs) -> dict:
    names = scenario.split("+")
    poverty = t["poverty"]
    fixed = poverty[(poverty["dimension"] == "totaal") & (poverty["line"] == "vast")].set_index("scenario")
    change = (
        fixed.loc[scenario, "persons_below"] - fixed.loc["baseline", "persons_below"]
        if scenario in fixed.index and "baseline" in fixed.index
        else numpy.nan
    )
    deciles = _deciles(r["winners_losers"]) if len(r["winners_losers"]) else pandas.DataFrame()
    return {
        "name": scenario,
        "description": "; ".join(
            f"{n}: {specs[n].description} (burden: {specs[n].burden})" for n in names if n in specs
        )
        or "parametric change",
        "payers": payer_effects(r["comparison"]),
        "comparison": table(_in_kind_blank(r["comparison"][[c for c in COMPARISON if c in r["comparison"]]]), LABELS),
        "poverty_change": number(change, "count", signed=True),
        "decile_chart": charts.deciles(deciles) if len(deciles) else "",
        "winners": table(r["winners_losers"], LABELS),
    }


def _in_kind_blank(frame: pandas.DataFrame) -> pandas.DataFrame:
    """Euros of a scheme in kind are not valued: blank, never 0."""
    in_kind = frame["scheme"].map(lambda s: s in BY_NAME and BY_NAME[s].in_kind and not BY_NAME[s].value_per_year)
    euros = [c for c in frame.columns if "_eur" in c]
    return frame.assign(**{c: frame[c].where(~in_kind) for c in euros})


REPAYMENTS = ["scheme", "share_adjusted", "share_repaying", "mean_repayment_eur", "share_receiving"]
REPAYMENTS += ["mean_back_payment_eur", "net_recovered_eur", "published_share_repaying", "raw_share_repaying"]
REPAYMENTS += ["scenario"]


def render(results, t, title: str, min_cell: int, reforms: dict | None) -> str:
    from openfisca_amsterdam.reforms_registry import available

    specs = available()
    headline = _headline(t)
    interval_rows = t["intervals"].set_index("scheme")
    unclaimed_rows = [
        (LABELS[n], r["unclaimed_eur"], r["unclaimed_eur_low"], r["unclaimed_eur_high"])
        for n, r in interval_rows.iterrows()
        if n in BY_NAME and not (BY_NAME[n].in_kind and not BY_NAME[n].value_per_year) and r["unclaimed_eur"] > 0
    ]
    poverty = t["poverty"]
    context = {
        "title": title,
        "year": results.year,
        "households": f"{results.households:,}",
        "weighted": f"{results.weighted_households:,.0f}",
        "draws": max(0, len([v for v in results.variants if not v.moves]) - 1),
        "min_cell": min_cell,
        "headline": headline,
        "unclaimed_chart": charts.unclaimed(unclaimed_rows) if unclaimed_rows else "",
        "group_chart": charts.by_group(_group_rates(t["breakdown"])) if len(t["breakdown"]) else "",
        "tornado": charts.tornado(t["sensitivity"]) if len(t["sensitivity"]) else "",
        "sensitivity": table(t["sensitivity"]) if len(t["sensitivity"]) else None,
        "non_take_up": table(_in_kind_blank(t["non_take_up"][NON_TAKE_UP]), LABELS),
        "intervals": table(_in_kind_blank(t["intervals"]), LABELS),
        "poverty": table(poverty[poverty["dimension"].isin(["totaal", "persoonsgroep"])]),
        "repayments": table(t["repayments"][REPAYMENTS], LABELS) if len(t["repayments"]) else None,
        "validation": table(t["validation"][["measure", "published", "modelled", "ratio", "published_year", "note"]]),
        "takeup_check": table(t["takeup_check"], LABELS),
        "calibration": table(t["calibration"]) if "calibration" in t else None,
        "uncovered": table(t["uncovered"], LABELS) if len(t["uncovered"]) else None,
        "not_covered": results.not_covered.get("baseline", {}),
        "notes": results.notes,
        "projected": results.projected,
        "reforms": [_reform(results, s, r, t, specs) for s, r in (reforms or {}).items()],
    }
    return _environment().get_template("report.html").render(**context)
