"""The schemes the take-up layer knows: who claims each one, what it is worth, who gets it without claiming.

One row per scheme: the analysis reads these schemes' entitlement, claim and receipt variables, which are written out
in ``variables/niet_gebruik/<scheme>.py`` (``neemt_<scheme>_op``, ``<scheme>_ontvangen``, ...). Adding a scheme = a
row here, a file there, its rates in ``parameters/niet_gebruik/<scheme>.yaml`` and its intercept in
``parameters/niet_gebruik/model.yaml``.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Scheme:
    #: Variable of the entitlement (the law's amount, or a bool for a scheme in kind).
    name: str
    #: Entity that claims it: ``gezin`` or ``huishouden``.
    entity: str
    #: ``month`` (entitlement per month, summed over the year) or ``year``.
    period: str
    #: The entitlement is a bool (a scheme in kind, e.g. a pass) rather than an amount in euros.
    in_kind: bool = False
    #: Yearly euro value of the entitlement when ``name`` is a bool (None: the scheme is not valued in euros).
    value_per_year: str | None = None
    #: Bool variable (same entity and period): granted without a claim (automatic grant).
    automatic: str | None = None
    #: The automatic grant goes to recipients of bijstand (the Stadspas): it follows the bijstand claim.
    automatic_through_bijstand: bool = False
    #: Who pays: ``gemeente``, ``rijk`` (state, Belastingdienst/Toeslagen or SVB).
    payer: str = "rijk"
    #: Claims are drawn in stages: stage 0 (bijstand, AIO) first, because receiving bijstand lowers the
    #: non-take-up of the other schemes and grants the Stadspas automatically.
    stage: int = 1
    #: Exists only under a reform (e.g. gemeentelijk_bedrag): skipped where the system has no such variable.
    optional: bool = False
    #: Human label used in reports.
    label: str = ""

    @property
    def receipt(self) -> str:
        return f"{self.name}_ontvangen"

    @property
    def claim(self) -> str:
        return f"neemt_{self.name}_op"

    @property
    def ambtshalve(self) -> str:
        return f"{self.name}_ambtshalve"


SCHEMES: tuple[Scheme, ...] = (
    Scheme("bijstand", "gezin", "month", payer="gemeente", stage=0, label="Algemene bijstand (Participatiewet)"),
    Scheme("aio", "gezin", "month", payer="rijk", stage=0, label="Aanvullende inkomensvoorziening ouderen (SVB)"),
    Scheme("huurtoeslag", "huishouden", "month", label="Huurtoeslag"),
    Scheme("zorgtoeslag", "gezin", "month", label="Zorgtoeslag"),
    Scheme("kindgebonden_budget", "gezin", "month", label="Kindgebonden budget"),
    Scheme("kinderbijslag", "gezin", "month", label="Kinderbijslag (SVB)"),
    Scheme(
        "stadspas",
        "gezin",
        "month",
        in_kind=True,
        automatic="stadspas_automatisch",
        automatic_through_bijstand=True,
        payer="gemeente",
        label="Stadspas (groene stip), Amsterdam",
    ),
    Scheme("stadspas_kindtegoed", "gezin", "year", payer="gemeente", label="Kindtegoed op de Stadspas, Amsterdam"),
    Scheme("scholierenvergoeding", "gezin", "year", payer="gemeente", label="Scholierenvergoeding, Amsterdam"),
    Scheme(
        "individuele_inkomenstoeslag", "gezin", "year", payer="gemeente", label="Individuele inkomenstoeslag, Amsterdam"
    ),
    Scheme("energietoeslag", "gezin", "year", payer="gemeente", label="Energietoeslag 2022-2023, Amsterdam"),
    Scheme(
        "kwijtschelding_gemeentelijke_belastingen",
        "gezin",
        "year",
        payer="gemeente",
        label="Kwijtschelding gemeentelijke belastingen, Amsterdam",
    ),
    Scheme(
        "collectieve_zorgverzekering",
        "gezin",
        "month",
        in_kind=True,
        value_per_year="collectieve_zorgverzekering_per_jaar",
        payer="gemeente",
        label="Collectieve zorgverzekering (gemeentelijke bijdrage), Amsterdam",
    ),
    Scheme(
        "tegemoetkoming_meerkosten",
        "gezin",
        "year",
        payer="gemeente",
        label="Tegemoetkoming meerkosten (Rtm), Amsterdam",
    ),
    Scheme(
        "gratis_ov_aow", "gezin", "month", in_kind=True, payer="gemeente", label="Gratis OV voor AOW'ers, Amsterdam"
    ),
    Scheme(
        "jongerentoeslag", "gezin", "month", payer="gemeente", label="Jongerentoeslag (bijzondere bijstand), Amsterdam"
    ),
    Scheme(
        "gemeentelijk_bedrag",
        "gezin",
        "month",
        payer="gemeente",
        optional=True,
        label="Een gemeentelijk bedrag (hervorming een_gemeentelijk_bedrag)",
    ),
)

BY_NAME = {scheme.name: scheme for scheme in SCHEMES}
