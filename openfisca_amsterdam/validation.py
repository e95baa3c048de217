"""What every door refuses, in one place: the bounds and formats shared by the situation validation (CLI, Python API,
Web API: :mod:`openfisca_amsterdam.situation`) and the microdata validation (:mod:`openfisca_amsterdam.population.schema`).
``docs/errors.md`` lists the inputs and the answers."""

from __future__ import annotations

import re

#: Inputs that may legitimately be negative (debts above assets).
MAY_BE_NEGATIVE = frozenset({"vermogen"})
#: A date is text ``YYYY-MM-DD`` (year first); integers (19800101) and day-first text (03-06-1985) are refused.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: The earliest birth date accepted (before it, a date is a typing error).
EARLIEST_BIRTH = "1900-01-01"
#: Amounts above this, in euros and in any period, are refused as implausible (a typing error or a unit mistake).
MAX_AMOUNT = 10_000_000
#: The age below which a ``kind`` of a gezin must be (an adult child is a volwassene of its own gezin).
ADULT_AGE = 18
#: A CBS municipality code: GM and four digits (GM0363 Amsterdam).
GEMEENTECODE = re.compile(r"^GM\d{4}$")
