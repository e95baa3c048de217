"""The report's charts (matplotlib's object-oriented API: no pyplot state), as inline PNG data URIs."""

from __future__ import annotations

import base64
import io

import numpy
from matplotlib.figure import Figure

RED, BLUE, GREY = "#ec0000", "#004699", "#767676"


def _png(fig) -> str:
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def unclaimed(rows) -> str:
    """Unclaimed euros per scheme with the interval over the draws. ``rows``: (label, main, low, high)."""
    rows = [r for r in rows if r[1] is not None and not numpy.isnan(r[1])][::-1]
    fig = Figure(figsize=(9, 0.45 * len(rows) + 1.2), dpi=100)
    ax = fig.subplots()
    main = numpy.array([r[1] for r in rows]) / 1e6
    low = numpy.array([r[2] for r in rows]) / 1e6
    high = numpy.array([r[3] for r in rows]) / 1e6
    ax.barh([r[0] for r in rows], main, color=RED)
    ax.errorbar(main, range(len(rows)), xerr=[main - low, high - main], fmt="none", ecolor="black", capsize=3)
    ax.set_xlabel("unclaimed, million euros per year (bars: interval over the draws)")
    ax.set_title("Unclaimed euros by scheme", loc="left")
    return _png(fig)


def by_group(frames: dict) -> str:
    """Non-take-up by household type, age group and income decile: one panel each. ``frames``: title -> frame of
    group x scheme rates."""
    fig = Figure(figsize=(11, 3.4), dpi=100)
    axes = fig.subplots(1, len(frames), sharey=True)
    for ax, (title, frame) in zip(numpy.atleast_1d(axes), frames.items(), strict=True):
        for column in frame.columns:
            ax.plot(range(len(frame)), frame[column].to_numpy(), marker="o", label=column)
        ax.set_xticks(range(len(frame)))
        ax.set_xticklabels([str(g) for g in frame.index], rotation=30, ha="right", fontsize=8)
        ax.set_title(title, loc="left", fontsize=10)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    numpy.atleast_1d(axes)[0].set_ylabel("non-take-up")
    numpy.atleast_1d(axes)[-1].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _png(fig)


def tornado(frame) -> str:
    frame = frame.iloc[::-1]
    central = float(frame["unclaimed_eur_central"].iloc[0]) / 1e6
    fig = Figure(figsize=(9, 0.4 * len(frame) + 1.2), dpi=100)
    ax = fig.subplots()
    ax.barh(frame["assumption"], frame["unclaimed_eur_low"] / 1e6 - central, color=BLUE, label="low end")
    ax.barh(frame["assumption"], frame["unclaimed_eur_high"] / 1e6 - central, color=RED, label="high end")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(f"change in unclaimed, million euros per year (central €{central:,.0f}M)")
    ax.set_title("What moves unclaimed euros most", loc="left")
    ax.legend(fontsize=8)
    return _png(fig)


def deciles(frame) -> str:
    """PolicyEngine-style: the share of gezinnen that gain and lose, and the average change, by income decile.
    ``frame``: decile, winners_share, losers_share, average_change_eur."""
    fig = Figure(figsize=(11, 3.4), dpi=100)
    left, right = fig.subplots(1, 2)
    x = numpy.arange(len(frame))
    left.bar(x, frame["winners_share"], color=BLUE, label="gain more than €1 a year")
    left.bar(x, -frame["losers_share"], color=RED, label="lose more than €1 a year")
    left.axhline(0, color="black", linewidth=0.8)
    left.set_xticks(x, [str(d) for d in frame["decile"]])
    left.yaxis.set_major_formatter(lambda v, _: f"{abs(v):.0%}")
    left.set_xlabel("income decile")
    left.set_title("Winners and losers (share of gezinnen)", loc="left", fontsize=10)
    left.legend(fontsize=7)
    right.bar(x, frame["average_change_eur"], color=GREY)
    right.set_xticks(x, [str(d) for d in frame["decile"]])
    right.set_xlabel("income decile")
    right.set_title("Average change, euros per gezin per year", loc="left", fontsize=10)
    return _png(fig)
