"""Write a run's tables (CSV and Parquet) and the HTML report with its charts. Formats only; computes nothing new."""

from __future__ import annotations

import base64
import html
import io
import pathlib

import pandas
from matplotlib.figure import Figure  # the object-oriented API: no pyplot state, no GUI backend to choose

from openfisca_amsterdam.analysis import run
from openfisca_amsterdam.analysis.repayments import published_shares, repayments_table
from openfisca_amsterdam.analysis.validation import validation_table
from openfisca_amsterdam.takeup.schemes import BY_NAME


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


def _chart(draw) -> str:
    fig = Figure(figsize=(7, 3.6), dpi=100)
    ax = fig.subplots()
    draw(ax)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return f'<img alt="chart" src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}">'


def _unclaimed_chart(table):
    ok = table.dropna(subset=["unclaimed_eur_per_year"])

    def draw(ax):
        ax.barh(ok["scheme"], ok["unclaimed_eur_per_year"] / 1e6, color="#ec0000")
        ax.set_xlabel("unclaimed, million euros per year")
        ax.set_title("Non-take-up cost by scheme")

    return _chart(draw)


def _tornado_chart(sensitivity):
    frame = sensitivity.iloc[::-1]
    central = float(frame["unclaimed_eur_central"].iloc[0]) / 1e6

    def draw(ax):
        low = frame["unclaimed_eur_low"] / 1e6 - central
        high = frame["unclaimed_eur_high"] / 1e6 - central
        ax.barh(frame["assumption"], low, color="#004699", label="low end of the range")
        ax.barh(frame["assumption"], high, color="#ec0000", label="high end of the range")
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_xlabel(f"change in unclaimed, million euros per year (central {central:,.0f})")
        ax.set_title("Sensitivity of unclaimed euros to each take-up assumption")
        ax.legend(fontsize=7)

    return _chart(draw)


def _household_type_chart(breakdown):
    frame = breakdown.query("dimension == 'huishoudtype'").pivot_table(
        index="group", columns="scheme", values="non_take_up_rate"
    )

    def draw(ax):
        frame.plot.bar(ax=ax, rot=0, width=0.85)
        ax.set_ylabel("non-take-up rate")
        ax.set_title("Non-take-up by household type")
        ax.legend(fontsize=7, ncol=2)

    return _chart(draw)


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
    (out / "report.html").write_text(_html(results, result, title, min_cell, reforms))
    result["reforms"] = reforms
    return result


def _reform_chart(scenario, base, reform):
    merged = (
        base.set_index("scheme")["non_take_up_rate"]
        .rename("baseline")
        .to_frame()
        .join(reform.set_index("scheme")["non_take_up_rate"].rename(scenario))
        .dropna(how="all")
    )

    def draw(ax):
        merged.plot.barh(ax=ax, width=0.8)
        ax.set_xlabel("non-take-up rate")
        ax.set_title(f"Non-take-up: baseline vs {scenario}")
        ax.legend(fontsize=8)

    return _chart(draw)


def _html(results, t, title, min_cell, reforms=None):
    def table_html(frame):
        return frame.to_html(
            index=False, float_format=lambda v: f"{v:,.3f}" if abs(v) < 10 else f"{v:,.0f}", na_rep="-", border=0
        )

    full_takeup = [name for name, scheme in BY_NAME.items() if name == "kinderbijslag"]
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        f"<p>Year {results.year}; {results.households:,} households in the sample, "
        f"weighted to {results.weighted_households:,.0f}. "
        f"Take-up variants: {', '.join(v.name for v in results.variants)}."
        + (f" Cells resting on fewer than {min_cell} unweighted units are suppressed." if min_cell else "")
        + "</p>",
        "<h2>Non-take-up by scheme</h2>",
        table_html(t["non_take_up"]),
        _unclaimed_chart(t["non_take_up"]),
        "<p>A unit is eligible if it is entitled in any month of the year; amounts are euros summed over the year. "
        "Schemes in kind (Stadspas) count units, not euros. Assumed full take-up (no sourced rate): "
        + ", ".join(full_takeup)
        + ".</p>",
        "<h2>Intervals over the take-up assumptions</h2><p>Monte Carlo draws of the seed, each scheme's rate within "
        "its published range, the latent correlation and the determinants' coefficients within their ranges "
        "(docs/takeup.md#uncertainty).</p>",
        table_html(t["intervals"]),
        *(
            [
                "<h2>Sensitivity: what moves unclaimed euros most</h2>",
                _tornado_chart(t["sensitivity"]),
                table_html(t["sensitivity"]),
            ]
            if len(t["sensitivity"])
            else []
        ),
        "<h2>By household type, age group and income decile</h2>",
        _household_type_chart(t["breakdown"]),
        table_html(t["breakdown"]),
        "<h2>Poverty on a fixed line</h2>"
        "<p>Persons whose gezin's disposable income (net income plus every money scheme received, toeslagen "
        "included) stays below the line over the year. <code>vast</code>: the baseline's social minimum of the "
        "gezin's own type (the Participatiewet norm without the kostendelersnorm), the same line in every scenario; "
        "<code>vast_diep</code>: half of it; <code>eigen_norm</code>: the scenario's own bijstandsnorm "
        "(net income plus bijstand/AIO; it moves with a reform). See docs/poverty.md.</p>",
        table_html(t["poverty"].query("dimension in ['totaal', 'persoonsgroep']")),
        "<h2>Gezinnen below the social minimum</h2>"
        "<p>Net income plus received bijstand/AIO below the bijstandsnorm over the year: "
        "with full take-up vs with modelled take-up.</p>",
        table_html(t["poverty_gezinnen"]),
    ]
    check = t["takeup_check"]
    warned = check[check["warning"] != ""] if len(check) else check
    parts += [
        "<h2>Take-up calibration</h2><p>The intercepts are calibrated on the whole population (every chunk); the "
        "realised non-take-up is shown beside its target. "
        + (
            f"<b>{len(warned)} rate(s) differ from the target by more than 0.5 points</b> (too few entitled units "
            "or automatic grants)."
            if len(warned)
            else "Every realised rate is within 0.5 points of its target."
        )
        + "</p>",
        table_html(check),
    ]
    if len(t["uncovered"]):
        parts += [
            "<h2>Units not covered</h2><p>Units whose computation needs a parameter value that is not verified for the "
            "year are left out of that scheme's totals and counted (<code>not_covered_units</code>, "
            "<code>not_covered_share</code> of the scheme's candidate units: all units of its entity). The "
            "parameters responsible, with the weighted units that needed them:</p>",
            table_html(t["uncovered"]),
        ]
    baseline_not_covered = results.not_covered.get("baseline", {})
    if baseline_not_covered:
        parts += (
            [
                "<h2>Not covered</h2><p>Schemes whose rules need a value not verified for the year; "
                "their rows are empty, "
                "the rest is computed.</p><ul>"
            ]
            + [f"<li>{html.escape(k)}: {html.escape(v)}</li>" for k, v in baseline_not_covered.items()]
            + ["</ul>"]
        )
    parts += [
        "<h2>Toeslagen settled afterwards</h2><p>The advance on an estimated income against the final entitlement on "
        "the year's own income, among units with either. The estimate is last year's income, or up to date for the "
        "share that reproduces the published share repaying (CPB 2019: 29% huurtoeslag, 33% kindgebonden budget); "
        "the back-payments are a check (CPB: 4 in 10 and 2 in 10). See docs/takeup.md#repayments.</p>",
        table_html(t["repayments"]),
        "<h2>Validation against published figures</h2><p>Each modelled total beside its published figure and "
        "source (a check, not a target, except the households). The notes say where the definitions differ.</p>",
        table_html(t["validation"]),
    ]
    if "calibration" in t:
        parts += [
            "<h2>Calibration check</h2><p>Every target with its source; 'raked' targets are matched by the weights, "
            "'check' targets are only compared.</p>",
            table_html(t["calibration"]),
        ]
    from openfisca_amsterdam.reforms_registry import available

    specs = available()
    for scenario, r in (reforms or {}).items():
        names = scenario.split("+")
        described = (
            "; ".join(
                f"<b>{n}</b>: {html.escape(specs[n].description)} (burden: {html.escape(specs[n].burden)})"
                for n in names
                if n in specs
            )
            or "parametric change"
        )
        parts += [
            f"<h2>Reform {html.escape(scenario)}</h2><p>{described}</p>",
            "<h3>Change against the baseline (per year, weighted to the city)</h3>",
            table_html(r["comparison"]),
            _reform_chart(scenario, t["non_take_up"], r["non_take_up"]),
            "<h3>Non-take-up under the reform</h3>",
            table_html(r["non_take_up"]),
            "<h3>Winners and losers (gezinnen; money = net income + received benefits per year)</h3>",
            table_html(r["winners_losers"]),
        ]
        remaining = r["non_take_up"].dropna(subset=["non_take_up_rate"]).query("non_take_up_rate > 0")
        if not remaining.empty:
            parts.append(
                "<p>Remaining non-take-up under the reform: "
                + ", ".join(
                    f"{row.scheme} {row.non_take_up_rate:.0%} ({row.eligible_units - row.recipients:,.0f} {row.unit}s)"
                    for row in remaining.itertuples()
                )
                + ".</p>"
            )
    if results.notes:
        parts += ["<h2>Notes</h2><ul>"] + [f"<li>{html.escape(n)}</li>" for n in results.notes] + ["</ul>"]
    style = (
        "<style>body{font-family:sans-serif;max-width:1100px;margin:auto}"
        "table{border-collapse:collapse;font-size:12px}"
        "td,th{padding:2px 6px;border-bottom:1px solid #ddd}</style>"
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>{style}</head>"
        f"<body>{''.join(parts)}</body></html>"
    )
