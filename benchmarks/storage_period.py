"""OpenFisca-core's ``InMemoryStorage.get``/``put`` against the change proposed in
``docs/upstream/storage-period.patch``: a period that already is a ``Period`` is used as it is, instead of going
through ``periods.period()`` (a ``functools.singledispatch`` call) on every read and write of every holder.

Measured on issue 15's Web API household (one household, bijstand, zorgtoeslag and huurtoeslag for 2025-03, computed in
full without the month shortcut), alternating the two in one run, every answer checked equal. The proposed methods are
installed on the class for the measurement only (the patch's logic, not the patch applied)::

    .venv/bin/python benchmarks/storage_period.py --repeat 30
"""

from __future__ import annotations

import argparse
import copy
import pathlib
import statistics
import sys
import time

from openfisca_core import periods
from openfisca_core.data_storage import InMemoryStorage
from openfisca_core.periods import DateUnit

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

ORIGINAL = (InMemoryStorage.get, InMemoryStorage.put)


def proposed_get(self, period=None):
    """The patch's ``get``: ``periods.period()`` only for what is not a Period yet."""
    if self.is_eternal:
        period = periods.period(DateUnit.ETERNITY)
    elif not isinstance(period, periods.Period):
        period = periods.period(period)
    return self._arrays.get(period)


def proposed_put(self, value, period):
    """The patch's ``put``: the same for writes."""
    if self.is_eternal:
        period = periods.period(DateUnit.ETERNITY)
    elif not isinstance(period, periods.Period):
        period = periods.period(period)
    self._arrays[period] = value


def compute(wage: float) -> list:
    from web_api_household import PERIOD, household

    from openfisca_amsterdam.situation import build_simulation

    simulation = build_simulation(copy.deepcopy(household(wage)), month_shortcut=False)
    return [simulation.calculate(name, PERIOD).tolist() for name in ("bijstand", "zorgtoeslag", "huurtoeslag")]


def use(proposed: bool) -> None:
    InMemoryStorage.get, InMemoryStorage.put = (proposed_get, proposed_put) if proposed else ORIGINAL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    times = {False: [], True: []}
    for k in range(args.repeat):
        wage = 850 + 2.03 * k
        answers = {}
        for proposed in (False, True):  # alternating: the machine's speed drifts
            use(proposed)
            started = time.perf_counter()
            answers[proposed] = compute(wage)
            times[proposed].append(1000 * (time.perf_counter() - started))
        use(False)
        assert answers[True] == answers[False], (wage, answers)
    core, patched = statistics.median(times[False]), statistics.median(times[True])
    print(
        f"openfisca-core 46: {core:.1f} ms; proposed: {patched:.1f} ms; ratio {patched / core:.2f} "
        f"(median of {args.repeat})"
    )


if __name__ == "__main__":
    main()
