"""Lawful residence (Vreemdelingenwet 2000) and what it does to the toeslagen (art. 9 AWIR) and bijstand (art. 11 Pw).

Vw 2000 art. 10 lid 1: "De vreemdeling die geen rechtmatig verblijf heeft, kan geen aanspraak maken op toekenning van
verstrekkingen, voorzieningen en uitkeringen"; art. 11 lid 2 onder a opens them for residence "als bedoeld in artikel
8, onder a, tot en met e en l". AWIR art. 9 lid 2: a partner "die niet rechtmatig verblijf houdt in de zin van
artikel 8" takes the toeslag away; lid 3 does the same for a medebewoner of 18 or older where the medebewoners'
draagkracht counts (the huurtoeslag). Texts: wetten.overheid.nl/BWBR0018472/2026-01-01#Artikel9 (the same 2022-2026)
and BWBR0011823/2022-01-01 (Vw 2000), as harvested in MinBZK/regelrecht-corpus.
"""

from openfisca_core.model_api import MONTH, Enum, Variable, set_input_dispatch_by_period

from openfisca_amsterdam.entities import Gezin, Huishouden, Persoon

AWIR_ART9 = "https://wetten.overheid.nl/BWBR0018472/2026-01-01#Artikel9"


class Verblijfsrecht(Enum):
    nederlander_of_vergunning = (
        "Nederlander, of rechtmatig verblijf als bedoeld in art. 8 onder a tot en met e of l Vw 2000 (o.a. EU-burgers "
        "en een verblijfsvergunning)"
    )
    verlenging_na_vergunning = (
        "Rechtmatig verblijf als bedoeld in art. 8 onder g of h Vw 2000 (verlenging, bezwaar of beroep) aansluitend "
        "aan verblijf onder a tot en met e of l"
    )
    in_procedure = (
        "Rechtmatig verblijf als bedoeld in art. 8 onder f, g of h Vw 2000 (aanvraag, bezwaar of beroep), niet "
        "aansluitend aan verblijf onder a tot en met e of l"
    )
    geen = "Geen rechtmatig verblijf in de zin van art. 8 Vw 2000"


class verblijfsrecht(Variable):
    value_type = Enum
    possible_values = Verblijfsrecht
    default_value = Verblijfsrecht.nederlander_of_vergunning
    entity = Persoon
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Verblijfsrecht in Nederland (art. 8 Vreemdelingenwet 2000)"
    reference = "https://wetten.overheid.nl/BWBR0011823/2022-01-01#Artikel8"
    documentation = "Input; default: a Dutch national or a permit (every scheme open). A yearly input fills its months."


class verblijf_geeft_aanspraak(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Kan aanspraak maken op uitkeringen en toeslagen: rechtmatig verblijf art. 8 onder a-e of l (art. 10-11 Vw)"
    reference = "https://wetten.overheid.nl/BWBR0011823/2022-01-01#Artikel11"
    documentation = (
        "Also residence under art. 8 onder g or h that follows residence under a-e or l: the toeslag continues (art. 9 "
        "lid 1 AWIR: 'eenzelfde tegemoetkoming'), as do bijstand (art. 11 lid 3 onder b Pw), the AKW and Wlz "
        "insurance (art. 6 lid 4 onder b AKW, art. 2.1.1 lid 5 onder b Wlz). Not modelled: the exclusion of EU "
        "citizens in their first three months or looking for work (art. 11 lid 2 Pw, art. 24 lid 2 Richtlijn "
        "2004/38/EG), treaty equalisation (art. 11 lid 3 onder a Pw)."
    )

    def formula(persoon, period, parameters):
        status = persoon("verblijfsrecht", period)
        vergunning = status == Verblijfsrecht.nederlander_of_vergunning
        return vergunning | (status == Verblijfsrecht.verlenging_na_vergunning)


class heeft_rechtmatig_verblijf(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Houdt rechtmatig verblijf in de zin van art. 8 Vreemdelingenwet 2000 (onder a tot en met l)"
    reference = "https://wetten.overheid.nl/BWBR0011823/2022-01-01#Artikel8"

    def formula(persoon, period, parameters):
        return persoon("verblijfsrecht", period) != Verblijfsrecht.geen


class gezin_heeft_aanvrager_met_aanspraak(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = "Een volwassene van het gezin kan aanspraak maken (rechtmatig verblijf art. 8 onder a-e of l Vw 2000)"
    reference = "https://wetten.overheid.nl/BWBR0011823/2022-01-01#Artikel11"
    documentation = "The belanghebbende (toeslagen, kindgebonden budget) or the insured parent (kinderbijslag)."

    def formula(gezin, period, parameters):
        return gezin.any(gezin.members("verblijf_geeft_aanspraak", period), role=Gezin.VOLWASSENE)


class verblijf_staat_toeslag_toe(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = "Verblijf staat een toeslag van het gezin toe: aanvrager met aanspraak, partner met rechtmatig verblijf"
    reference = AWIR_ART9
    documentation = (
        "True when a volwassene can claim (verblijf_geeft_aanspraak: the belanghebbende) and every volwassene resides "
        "lawfully (art. 9 lid 2 AWIR: 'Ingeval de partner van de belanghebbende een vreemdeling is die niet rechtmatig "
        "verblijf houdt ..., heeft de belanghebbende geen aanspraak op een tegemoetkoming'). Read by the zorgtoeslag; "
        "the kindgebonden budget has its own exception (art. 1 lid 5 WKB, kgb_aantal_kinderen)."
    )

    def formula(gezin, period, parameters):
        aanvrager = gezin("gezin_heeft_aanvrager_met_aanspraak", period)
        return aanvrager & gezin("partner_heeft_rechtmatig_verblijf", period)


class partner_heeft_rechtmatig_verblijf(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = "Elke volwassene van het gezin houdt rechtmatig verblijf (art. 9 lid 2 AWIR)"
    reference = AWIR_ART9

    def formula(gezin, period, parameters):
        onrechtmatig = ~gezin.members("heeft_rechtmatig_verblijf", period)
        return ~gezin.any(onrechtmatig, role=Gezin.VOLWASSENE)


class verblijf_staat_huurtoeslag_toe(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = MONTH
    label = "Verblijf staat huurtoeslag toe: een huurder met aanspraak, elke bewoner van 18 of ouder rechtmatig hier"
    reference = AWIR_ART9
    documentation = (
        "Art. 9 lid 2 (the partner) and lid 3 AWIR ('ingeval een medebewoner van achttien jaar of ouder een "
        "vreemdeling is die niet rechtmatig verblijf houdt'): the huurtoeslag counts the draagkracht of the "
        "medebewoners (art. 7 Wht). The huurder is not an input: some adult bewoner who can claim stands in for "
        "him. A minor without lawful residence does not block. Not modelled: art. 10 Wht (from 2024: a huurder "
        "with temporary protection under Uitvoeringsbesluit (EU) 2022/382 has a right to huurtoeslag, not to "
        "bijstand) and art. 3b AWIR (such housemates do not count)."
    )

    def formula(huishouden, period, parameters):
        meerderjarig = parameters(period).algemeen.meerderjarigheidsleeftijd
        volwassen = huishouden.members("leeftijd", period) >= meerderjarig
        aanvrager = huishouden.any(volwassen & huishouden.members("verblijf_geeft_aanspraak", period))
        onrechtmatig = volwassen & ~huishouden.members("heeft_rechtmatig_verblijf", period)
        return aanvrager & ~huishouden.any(onrechtmatig)
