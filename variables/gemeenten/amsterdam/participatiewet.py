"""Amsterdam's choices within the Participatiewet before the national rules caught up."""

from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin, Huishouden


class amsterdam_kostendelers_leeftijdsgrens(Variable):
    value_type = int
    entity = Huishouden
    definition_period = MONTH
    label = "Leeftijdsgrens voor kostendelers in Amsterdam: 27 al vanaf 1 oktober 2022 (landelijk vanaf 2023)"
    reference = "https://www.parool.nl/amsterdam/amsterdam-wacht-niet-af-nog-meer-extra-steun-voor-kwetsbaarste-groepen~b3aa4ffb/"

    def formula(huishouden, period, parameters):
        return huishouden.filled_array(parameters(period).gemeenten.amsterdam.kostendelers_leeftijdsgrens)


class amsterdam_giftenvrijlating_per_jaar(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = (
        "Giften die Amsterdam per kalenderjaar vrijliet in de bijstand (beleid onder art. 31 lid 2 onder m Pw, tot "
        "2026)"
    )
    unit = "currency-EUR"
    reference = "https://magazines.amsterdam.nl/jaarverslag-2023/sociale-zaken-en-armoedebestrijding1"

    def formula(gezin, period, parameters):
        return gezin.filled_array(parameters(period).gemeenten.amsterdam.giftenvrijlating_per_jaar)
