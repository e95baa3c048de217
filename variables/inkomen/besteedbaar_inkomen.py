"""What a gezin has to live on: net income plus the benefits it actually receives.

Used by the analysis (households below the social minimum, winners and losers) and by the household sweep
(net disposable income, marginal effective tax rates). It reads the receipt variables (``X_ontvangen``),
which equal the entitlements in the household calculator (everybody claims) and follow the take-up draws
in a population run.
"""

import numpy
from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin

#: The monthly money schemes paid to a gezin (their ``X_ontvangen``); a reform that adds one (een_gemeentelijk_bedrag)
#: updates ``besteedbaar_inkomen`` to add it.
MAANDELIJKS_ONTVANGEN = ("bijstand", "aio", "zorgtoeslag", "kindgebonden_budget", "kinderbijslag", "jongerentoeslag")


class gezin_netto_inkomen(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Netto inkomen per maand van alle leden van het gezin (loon, winst, AOW, pensioen na inhoudingen)"
    unit = "currency-EUR"

    def formula(gezin, period, parameters):
        return gezin.sum(gezin.members("netto_inkomen", period))


class huurtoeslag_van_gezin(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Ontvangen huurtoeslag van de woning, toegerekend aan het gezin van de eerste bewoner (de huurder)"
    unit = "currency-EUR"
    documentation = (
        "Huurtoeslag belongs to the huishouden (the aanvrager, partner and medebewoners). For a per-gezin income "
        "it is attributed whole to the gezin that holds the huishouden's first bewoner; other gezinnen in the "
        "dwelling get 0. A modelling choice, not a legal rule."
    )

    def formula(gezin, period, parameters):
        per_persoon = gezin.members.huishouden("huurtoeslag_ontvangen", period)
        eerste = gezin.members.huishouden.members_position == 0
        return gezin.sum(numpy.where(eerste, per_persoon, 0))


class besteedbaar_inkomen(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Besteedbaar inkomen per maand: netto inkomen plus ontvangen bijstand, AIO, toeslagen en kinderbijslag"
    unit = "currency-EUR"
    documentation = (
        "gezin_netto_inkomen + the received (not merely entitled) monthly money schemes of the gezin in the take-up "
        "registry (bijstand, aio, zorgtoeslag, kindgebonden_budget, kinderbijslag, jongerentoeslag, and a reform's new "
        "monthly scheme such as gemeentelijk_bedrag) + huurtoeslag_van_gezin. Schemes in kind (Stadspas) are not "
        "money; "
        "yearly municipal payments (IIT, energietoeslag, Kindtegoed, ...) are shown on their own, not spread over "
        "months."
    )

    def formula(gezin, period, parameters):
        ontvangen = sum(gezin(f"{name}_ontvangen", period) for name in MAANDELIJKS_ONTVANGEN)
        return gezin("gezin_netto_inkomen", period) + ontvangen + gezin("huurtoeslag_van_gezin", period)


class onder_sociaal_minimum(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = (
        "Het inkomen van het gezin (netto plus ontvangen bijstand of AIO) ligt onder zijn bijstandsnorm (het sociaal "
        "minimum)"
    )
    documentation = (
        "Net income plus received bijstand/AIO below the gezin's bijstandsnorm (incl. vakantietoeslag, with the "
        "kostendelersnorm) by more than one euro. With full take-up only gezinnen that fail the asset test or "
        "are excluded (students) stay below; with modelled take-up the non-claimers show up here."
    )

    def formula(gezin, period, parameters):
        inkomen = (
            gezin("gezin_netto_inkomen", period) + gezin("bijstand_ontvangen", period) + gezin("aio_ontvangen", period)
        )
        return inkomen < gezin("bijstandsnorm", period) - 1
