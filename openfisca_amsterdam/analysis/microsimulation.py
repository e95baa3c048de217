"""``Microsimulation``: a weighted population under the rules and the calibrated take-up model, for any variable.

>>> from openfisca_amsterdam import Microsimulation
>>> sim = Microsimulation(year=2025, households=2_000, seed=0)          # the calibrated synthetic Amsterdam
>>> sim.calculate("bijstand_ontvangen", "2025")                       # pandas Series by gezin id (a year sums months)
>>> sim.total("bijstand_ontvangen", "2025")                           # weighted sum: euros per year for the city

``Microsimulation(population=DataFrame | path, year=...)`` takes microdata (``docs/population.md``); ``reform=`` takes
a reform name, ``"a+b"``, an OpenFisca ``Reform`` class or a parametric dict ``{path: {date: value}}``. The take-up
intercepts are those of the baseline population (calibrated on the whole population, as ``simulate`` does), so a reform
changes behaviour only through the rules. A value that rests on a parameter not covered for the period is NaN (a
number) or missing (a yes/no) for that unit; :meth:`not_covered` says which parameter.
"""

from __future__ import annotations

import inspect
import pathlib

import numpy
import pandas
from openfisca_core import periods
from openfisca_core.reforms import Reform

from openfisca_amsterdam.analysis import chunk as chunk_module
from openfisca_amsterdam.analysis import run
from openfisca_amsterdam.analysis.entitlements import grants
from openfisca_amsterdam.analysis.simulation import build
from openfisca_amsterdam.population.schema import read_population
from openfisca_amsterdam.takeup import model
from openfisca_amsterdam.unit_coverage import UnitCoverage, collecting

ENTITIES = ("persoon", "gezin", "huishouden")


class Microsimulation:
    def __init__(
        self,
        year: int = 2025,
        households: int = 20_000,
        seed: int = 0,
        population=None,
        reform=None,
        chunk_size: int = run.DEFAULT_CHUNK,
        variant: str = "basis",
    ) -> None:
        if isinstance(population, (str, pathlib.Path)):
            population = read_population(population)
        self.settings = run.RunSettings(
            year=year,
            households=households,
            seed=seed,
            population=population,
            chunk_size=chunk_size,
            uncertainty=variant != "basis",
        )
        self.table, rake, self.notes = run._population(self.settings)
        self.parts = run.chunks(self.table, chunk_size)
        rates = chunk_module.system_for().parameters(f"{year}-01").niet_gebruik
        every = model.default_variants(seed, True, model.DEFAULT_DRAWS, model.assumption_ranges(rates), True)
        variants = [v for v in every if v.name == variant]
        if not variants:
            raise ValueError(f"variant '{variant}': expected one of {', '.join(v.name for v in every)}")
        self.variant = variants[0]
        executor = run._Executor(None, None)
        keys, _, intercepts, self.takeup_check, self.calibration = run.calibrate_takeup(
            self.parts, self.settings, variants, executor, rake=rake
        )
        for key in keys:  # the calibration's simulations are not reused here: each system gets fresh ones
            chunk_module._KEPT.pop(key, None)
        self.intercepts = {name: alpha for (v, name), alpha in intercepts.items() if v == self.variant.name}
        self.reform_names, self.system = self._system(reform)
        self._simulations: dict[int, tuple] = {}
        self._keep = self.table["huishouden_id"].nunique() <= run.KEEP_SIMULATIONS_UP_TO

    def _system(self, reform):
        from openfisca_amsterdam.reforms_registry import parametric_reform, split

        takeup = chunk_module.takeup_parameters(self.variant.seed, self.intercepts) + self.variant.overrides
        if reform is None:
            return (), chunk_module.takeup_system((), (), takeup)
        if isinstance(reform, str):
            names = tuple(split([reform]))
            return names, chunk_module.takeup_system(names, (), takeup)
        if isinstance(reform, dict):
            base = parametric_reform(chunk_module.system_for(), reform)
        elif inspect.isclass(reform) and issubclass(reform, Reform):
            base = reform(chunk_module.system_for())
        else:
            raise TypeError("reform: expected a name, 'a+b', an OpenFisca Reform class or {path: {date: value}}")
        return (), parametric_reform(base, {path: {"2000-01-01": value} for path, value in takeup}, name="takeup")

    # --- per chunk -------------------------------------------------------------------------------------------------

    def _simulation(self, index: int):
        if index in self._simulations:
            return self._simulations[index]
        table = self.parts[index]
        sim, _ = build(table, self.system, self.settings.year)
        from openfisca_amsterdam.reforms_registry import registered_income, unknown_to_body

        blank: dict = {}
        if self.reform_names:
            for name, period, granted in grants(
                table,
                self.system,
                self.settings.year,
                registered_income(self.reform_names),
                blank,
                unknown_to_body(self.reform_names),
            ):
                sim.set_input(name, period, granted)
        entry = (sim, UnitCoverage(sim))
        if self._keep:
            self._simulations[index] = entry
        return entry

    def _values(self, sim, variable: str, period):
        definition = self.system.variables[variable].definition_period
        period = periods.period(str(period))
        if definition == periods.DateUnit.MONTH and period.unit == periods.DateUnit.YEAR:
            months = [sim.calculate(variable, month) for month in period.get_subperiods(periods.DateUnit.MONTH)]
            if self.system.variables[variable].value_type is bool:
                return numpy.any(months, axis=0)
            return numpy.sum(months, axis=0)
        return sim.calculate(variable, period)

    def calculate(self, variable: str, period=None) -> pandas.Series:
        """The variable for every unit of its entity (a pandas Series indexed by the entity's ids). ``period``: a month
        or a year (default: the simulated year); a month variable asked for a year is summed (a yes/no: any month)."""
        if variable not in self.system.variables:
            raise KeyError(f"variable '{variable}': not in the tax-benefit system")
        period = period or str(self.settings.year)
        entity = self.system.variables[variable].entity.key
        parts = []
        for index in range(len(self.parts)):
            sim, collector = self._simulation(index)
            with collecting(sim, collector) as coverage:
                values = numpy.asarray(self._values(sim, variable, period))
                persons, _ = coverage.persons_not_covered(variable)
            population = sim.populations[entity]
            uncovered = (
                persons
                if entity == "persoon"
                else numpy.bincount(population.members_entity_id, persons, population.count) > 0
            )
            series = pandas.Series(values, index=pandas.Index(population.ids, name=f"{entity}_id"), name=variable)
            if uncovered.any():
                series = series.astype("boolean" if values.dtype == bool else float)
                series[uncovered] = pandas.NA if values.dtype == bool else numpy.nan
            parts.append(series)
        return pandas.concat(parts)

    def weights(self, entity: str = "huishouden") -> pandas.Series:
        """Each unit's weight (the households of the city it stands for), indexed as :meth:`calculate`."""
        if entity not in ENTITIES:
            raise KeyError(f"entity '{entity}': expected one of {', '.join(ENTITIES)}")
        return self.calculate(f"{entity}_gewicht", str(self.settings.year)).rename("gewicht")

    def total(self, variable: str, period=None) -> float:
        """The weighted sum of ``variable`` over the population (a year period sums the months); units whose value is
        not covered are left out (see :meth:`not_covered`)."""
        values = self.calculate(variable, period)
        weights = self.weights(self.system.variables[variable].entity.key)
        return float((values.astype(float) * weights).sum(skipna=True))

    def not_covered(self, variable: str, period=None) -> pandas.DataFrame:
        """Per parameter: the units whose ``variable`` rests on a value not covered for the period."""
        period = period or str(self.settings.year)
        rows = []
        for index in range(len(self.parts)):
            sim, collector = self._simulation(index)
            with collecting(sim, collector) as coverage:
                self._values(sim, variable, period)
                _, uses = coverage.persons_not_covered(variable)
            for use in uses:
                rows.append(
                    {
                        "parameter": use.error.parameter,
                        "date": str(use.error.instant_str),
                        "persons": int(use.persons.sum()),
                    }
                )
        frame = pandas.DataFrame(rows, columns=["parameter", "date", "persons"])
        return frame.groupby(["parameter", "date"], as_index=False)["persons"].sum()
