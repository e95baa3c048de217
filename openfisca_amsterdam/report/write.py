"""Write a run's tables (CSV and Parquet) and the HTML report (report/html.py, its template and charts). Formats
only; computes nothing new."""

from __future__ import annotations

import pathlib

import pandas

from openfisca_amsterdam.analysis import run
from openfisca_amsterdam.analysis.repayments import published_shares, repayments_table
from openfisca_amsterdam.analysis.validation import validation_table
from openfisca_amsterdam.report.html import render


def tables(results, min_cell: int = 0) -> dict[str, pandas.DataFrame]:
    out = {
        "non_take_up": run.non_take_up_table(results, min_cell=min_cell),
        "breakdown": run.breakdown_table(results, min_cell=min_cell),
        "intervals": run.intervals_table(results),
        "poverty_gezinnen": run.poverty_table(results, min_cell=min_cell),
        "poverty": run.poverty_lines_table(results),
        "sensitivity": run.sensitivity_table(results),
        "validation": validation_table(results),
        "repayments": repayments_table(
            results.repayments, published_shares(run.system_for(), results.year) if len(results.repayments) else {}
        ),
    }
    if results.calibration is not None:
        out["calibration"] = results.calibration
    out["uncovered"] = (
        results.uncovered.query("scenario == 'baseline'").drop(columns="scenario")
        if len(results.uncovered)
        else (pandas.DataFrame(columns=["scheme", "parameter", "units", "units_n"]))
    )
    out["takeup_check"] = results.takeup_check
    return out


def reform_tables(results, scenario: str, min_cell: int = 0) -> dict[str, pandas.DataFrame]:
    return {
        "non_take_up": run.non_take_up_table(results, min_cell=min_cell, scenario=scenario),
        "comparison": run.comparison_table(results, scenario, min_cell=min_cell),
        "winners_losers": run.winners_losers_table(results, scenario, min_cell=min_cell),
        "breakdown": run.breakdown_table(results, min_cell=min_cell, scenario=scenario),
    }


def _save(frames: dict, folder: pathlib.Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        frame.to_csv(folder / f"{name}.csv", index=False, float_format="%.6g" if name == "calibration" else None)
        frame.to_parquet(folder / f"{name}.parquet", index=False)


def write(results, out: pathlib.Path, min_cell: int = 0, title: str = "openfisca-amsterdam: non-take-up") -> dict:
    """Write every table as CSV and Parquet plus report.html into ``out`` (reforms in ``out/reform_NAME/``)."""
    out = pathlib.Path(out)
    result = tables(results, min_cell)
    _save(result, out)
    reforms = {}
    for scenario in results.scenarios:
        reforms[scenario] = reform_tables(results, scenario, min_cell)
        _save(reforms[scenario], out / f"reform_{scenario}")
    (out / "report.html").write_text(render(results, result, title, min_cell, reforms))
    result["reforms"] = reforms
    return result
