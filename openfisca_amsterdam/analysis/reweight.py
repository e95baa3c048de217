"""The raking of a synthetic population's weights inside the population run, from pass 1's own simulations.

The raking (:mod:`openfisca_amsterdam.population.calibration`) needs three counts that only the rules give (gezinnen
entitled to bijstand, minima households, their members of AOW age, all in January). It used to run the rules over
the whole population once more before pass 1. Pass 1 computes these values in any case, so each chunk now returns
them (:func:`rules_indicators`); the weights are raked after pass 1, and put back where pass 1 used the design
weights: the take-up calibration's frames (:func:`reweight_frames`) and the chunks kept for pass 2
(:func:`refresh`). The rules do not read the weights, so every table is the same as with the separate rules pass
(``tests/test_reweight.py``).
"""

from __future__ import annotations

import numpy
import pandas

from openfisca_amsterdam.analysis.simulation import entity_index
from openfisca_amsterdam.population.calibration import RULES_VARIABLES
from openfisca_amsterdam.population.calibration import rules_indicators as _indicators
from openfisca_amsterdam.unit_coverage import collecting

#: The table's columns that the raking changes (per household, repeated on each member's row).
COLUMNS = ("gewicht", "_deciel")


def rules_indicators(prepared) -> tuple:
    """The raking's rules indicators of a pass-1 chunk, from its simulation's cached values. A value they need that
    is not covered raises, as the separate rules pass did: the raking needs every household."""
    sim, table, year = prepared.simulation, prepared.table, prepared.year
    firsts = {entity: entity_index(table, f"{entity}_id")[1] for entity in ("gezin", "huishouden")}
    with collecting(sim, prepared.coverage):
        out = _indicators(sim, firsts, table, year)
    january = f"{year}-01"
    for (name, period), found in sim.tracer.taint.items():
        if found and name in RULES_VARIABLES and str(period) == january:
            raise next(iter(found.values())).error
    return out


def reweight_frames(frames: dict, households: pandas.Index, weights: numpy.ndarray) -> None:
    """Each calibration frame's weights ``w`` (from the design weights of pass 1) replaced, in place, by the raked
    weight of its unit's household (``households``: an index of the household ids, ``weights`` theirs). The index
    is a hash table built once: the ids are strings, which a sorted search compares slowly (1.4 s for 20 chunks)."""
    for frame in frames.values():
        frame["w"] = weights[households.get_indexer(frame["huishouden"])]


def household_weights(table: pandas.DataFrame) -> tuple[pandas.Index, numpy.ndarray]:
    """(the household ids sorted, as OpenFisca orders the households, in an index; the weight of each) of a
    table."""
    ids, first = entity_index(table, "huishouden_id")
    return pandas.Index(ids), table["gewicht"].to_numpy()[first]


def refresh(prepared, columns: dict) -> None:
    """A kept pass-1 chunk with the raked weights and deciles (``columns``: name -> values per row of its table):
    its table, its unit frames and its simulation's weight input; what pass 2 reads of them."""
    table = prepared.table.assign(**columns)
    rows = entity_index(table, "gezin_id")[1]
    gezin = prepared.units["gezin"]
    gezin["gewicht"] = table["gewicht"].to_numpy()[rows]
    gezin["inkomensdeciel"] = table["_deciel"].to_numpy()[rows]
    prepared.units["huishouden"] = gezin.iloc[prepared.first_gezin].reset_index(drop=True)
    prepared.table = table
    sim = prepared.simulation
    for name in ("huishouden_gewicht", "gezin_gewicht", "persoon_gewicht"):
        sim.delete_arrays(name)
    sim.set_input("huishouden_gewicht", str(prepared.year), household_weights(table)[1])
