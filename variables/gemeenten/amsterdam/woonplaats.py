"""Who lives in Amsterdam (CBS code GM0363; Weesp, GM0457, merged into Amsterdam on 2022-03-24)."""

from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Huishouden


class woont_in_amsterdam(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = MONTH
    label = "De woning ligt in de gemeente Amsterdam (GM0363, of GM0457 Weesp vanaf de samenvoeging)"
    reference = "https://zoek.officielebekendmakingen.nl/stb-2021-296.html"
    documentation = (
        "GM0363, or GM0457 (Weesp) in a month whose first day is on or after the merger of 2022-03-24 "
        "(Wet herindeling Amsterdam en Weesp, Stb. 2021, 296): Weesp counts as Amsterdam from April 2022. "
        "An invalid code is an error naming it (gemeente_is_geldig)."
    )

    def formula(huishouden, period, parameters):
        huishouden("gemeente_is_geldig", period)
        codes = huishouden("gemeente", period).astype(str)
        weesp = parameters(period).gemeenten.amsterdam.weesp_samengevoegd
        return (codes == "GM0363") | ((codes == "GM0457") & weesp)
