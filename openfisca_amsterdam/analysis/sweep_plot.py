"""Writing a sweep: ``sweep.csv`` (every scenario in one table), ``cliffs.csv``, ``not_covered.csv`` and the plot
``sweep.png`` (disposable income and METR against gross earnings)."""

from __future__ import annotations

import pathlib
from collections.abc import Mapping

import numpy
import pandas

from openfisca_amsterdam.analysis.sweep_cliffs import CLIFF_TOLERANCE, cliffs


def plot(frames: Mapping[str, pandas.DataFrame], path: str | pathlib.Path) -> pathlib.Path:
    """PNG: disposable income against gross earnings per scenario (top) and the METR (bottom)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    path = pathlib.Path(path)
    figure, (top, bottom) = pyplot.subplots(2, 1, figsize=(9, 8), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    clipped = False
    styles = ["-", "--", "-.", ":"]
    for n, (name, frame) in enumerate(frames.items()):
        style = styles[n % len(styles)]
        line = top.plot(frame["earnings"], frame["besteedbaar_inkomen"], style, label=name)[0]
        falls = frame[frame["cliff"]]
        top.scatter(falls["earnings"], falls["besteedbaar_inkomen"], color=line.get_color(), marker="v", zorder=3)
        lost = frame[frame["lost_schemes"] != ""]
        top.scatter(lost["earnings"], lost["besteedbaar_inkomen"], color=line.get_color(), marker="x", zorder=3)
        metr = frame["metr"].to_numpy(dtype=float)
        clipped |= bool(numpy.any((metr > 1.5) | (metr < -0.5)))
        bottom.step(
            frame["earnings"], numpy.clip(metr, -0.5, 1.5), style, where="pre", label=name, color=line.get_color()
        )
    top.plot([], [], "v", color="grey", label="cliff: besteedbaar inkomen falls")
    top.plot([], [], "x", color="grey", label="a scheme is lost (cliffs.csv)")
    top.set_ylabel("besteedbaar_inkomen of the gezin (EUR per year)")
    year = next(iter(frames.values())).attrs.get("year", "") if frames else ""
    top.set_title(f"Disposable income against gross earnings, {year}")
    top.grid(alpha=0.3)
    top.legend()
    bottom.axhline(1.0, color="grey", linewidth=0.8, linestyle="--")
    bottom.set_ylim(-0.5, 1.5)
    bottom.set_ylabel("METR (marginale druk)")
    bottom.set_xlabel("gross earnings of the swept person (bruto_loon, EUR per year)")
    bottom.grid(alpha=0.3)
    if clipped:
        bottom.annotate(
            "METR clipped to [-0.5, 1.5]; see sweep.csv", xy=(0.01, 0.02), xycoords="axes fraction", fontsize=8
        )
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)
    pyplot.close(figure)
    return path


def write(frames: Mapping[str, pandas.DataFrame], out_dir: str | pathlib.Path) -> dict[str, pathlib.Path]:
    """Write ``sweep.csv`` (all scenarios, with a ``scenario`` column), ``cliffs.csv``, ``not_covered.csv`` and
    ``sweep.png``."""
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    table = combine(frames)
    paths = {
        "sweep": out / "sweep.csv",
        "cliffs": out / "cliffs.csv",
        "not_covered": out / "not_covered.csv",
        "plot": out / "sweep.png",
    }
    table.to_csv(paths["sweep"], index=False)
    events = [
        cliffs(frame, frame.attrs.get("tolerance", CLIFF_TOLERANCE)).assign(scenario=name)
        for name, frame in frames.items()
    ]
    events = pandas.concat(events, ignore_index=True) if events else cliffs(table)
    events[["scenario", *[c for c in events.columns if c != "scenario"]]].to_csv(paths["cliffs"], index=False)
    notes = [
        {"scenario": name, "column": column, "reason": reason}
        for name, frame in frames.items()
        for column, reason in frame.attrs.get("not_covered", {}).items()
    ]
    pandas.DataFrame(notes, columns=["scenario", "column", "reason"]).to_csv(paths["not_covered"], index=False)
    plot(frames, paths["plot"])
    return paths


def combine(frames: Mapping[str, pandas.DataFrame]) -> pandas.DataFrame:
    """All scenarios in one table, ``scenario`` first (columns missing in a scenario are NaN)."""
    parts = [frame.assign(scenario=name) for name, frame in frames.items()]
    for part in parts:
        part.attrs = {}
    table = pandas.concat(parts, ignore_index=True) if parts else pandas.DataFrame(columns=["scenario"])
    return table[["scenario", *[c for c in table.columns if c != "scenario"]]]
