"""validation.csv: each modelled total beside its published figure and source (issue 14; docs/validation.md).

The published figures are in ``population/data/published.yaml``; each row says how its counterpart is measured. A
row is a check, not a target, unless the calibration rakes to it (the households).
"""

from __future__ import annotations

import importlib.resources

import numpy
import pandas
import yaml


def published() -> dict:
    text = importlib.resources.files("openfisca_amsterdam.population").joinpath("data/published.yaml").read_text()
    return yaml.safe_load(text)


def _modelled(results) -> dict:
    poverty = results.poverty.query("scenario == 'baseline' and variant == 'basis' and dimension == 'totaal'")
    first = poverty.iloc[0] if len(poverty) else {}
    totals = results.aggregates.query("scenario == 'baseline' and variant == 'basis' and dimension == 'totaal'")
    blank = results.not_covered.get("baseline", {})
    recipients = totals.set_index("scheme")["recipients"]
    covered = totals.set_index("scheme")
    # a scheme not covered for the year (or for every unit that could have it) has no modelled count
    computable = [
        name not in blank
        and not (covered.loc[name, "eligible_units"] == 0 and covered.loc[name, "not_covered_units"] > 0)
        for name in recipients.index
    ]
    recipients = recipients[computable]
    minima = numpy.nan
    if results.calibration is not None and len(results.calibration):
        rows = results.calibration.query("target == 'minima_120'")
        minima = float(rows["calibrated"].iloc[0]) if len(rows) else numpy.nan
    return {
        "personen": results.weighted_persons,
        "huishoudens": results.weighted_households,
        "aow_leeftijd": first.get("aow_leeftijd_persons", numpy.nan),
        "stadspas_doelgroep": first.get("stadspas_doelgroep_os_persons", numpy.nan),
        "stadspas_houders": first.get("stadspas_houders_persons", numpy.nan),
        "minima_huishoudens": minima,
        "bijstand": recipients.get("bijstand", numpy.nan),
        "collectieve_zorgverzekering": recipients.get("collectieve_zorgverzekering", numpy.nan),
        "armoede_cbs": first.get("below_vast_personen", numpy.nan),
    }


def validation_table(results) -> pandas.DataFrame:
    """measure, published, modelled, source (and unit, published year, modelled / published, note)."""
    modelled = _modelled(results)
    rows = []
    for measure, item in published().items():
        value = modelled.get(measure, numpy.nan)
        value = float(value) if value is not None and not pandas.isna(value) else numpy.nan
        rows.append(
            {
                "measure": measure,
                "published": float(item["published"]),
                "modelled": value,
                "source": f"{item['source']} ({item['href']})",
                "unit": item["unit"],
                "published_year": int(item["year"]),
                "modelled_year": results.year,
                "ratio": value / float(item["published"]) if not numpy.isnan(value) else numpy.nan,
                "note": item.get("note", ""),
            }
        )
    return pandas.DataFrame(rows)
