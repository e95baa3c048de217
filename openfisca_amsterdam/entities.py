"""Entities of openfisca-amsterdam (public API: keep these keys).

- ``persoon`` / ``personen``: a natural person.
- ``gezin`` / ``gezinnen``: the benefit unit of the Participatiewet (art. 4 lid 1 onder c Pw):
  one or two adults (``volwassenen``, the belanghebbende and the partner) and their minor
  children (``kinderen``).
- ``huishouden`` / ``huishoudens``: everyone whose main residence is one dwelling
  (``bewoners``); the kostendelersnorm (art. 22a Pw) and, later, huurtoeslag look here.

Every person belongs to exactly one gezin and one huishouden, and all members of a gezin
live in the same huishouden; :mod:`openfisca_amsterdam.situation` checks this.
"""

from openfisca_core.entities import build_entity

Persoon = build_entity(
    key="persoon",
    plural="personen",
    label="Persoon",
    doc="Een natuurlijk persoon.",
    is_person=True,
)

Gezin = build_entity(
    key="gezin",
    plural="gezinnen",
    label="Gezin (bijstandseenheid)",
    doc=(
        "Het gezin in de zin van art. 4 lid 1 onder c Participatiewet: de alleenstaande of de "
        "gehuwden (volwassenen, ten hoogste twee) met hun minderjarige kinderen."
    ),
    roles=[
        {
            "key": "volwassene",
            "plural": "volwassenen",
            "label": "Volwassene",
            "doc": "De belanghebbende en, als die er is, de echtgenoot of partner.",
            "max": 2,
        },
        {
            "key": "kind",
            "plural": "kinderen",
            "label": "Kind",
            "doc": "Een minderjarig kind dat tot het gezin behoort.",
        },
    ],
)

Huishouden = build_entity(
    key="huishouden",
    plural="huishoudens",
    label="Huishouden (woning)",
    doc="Iedereen die in dezelfde woning zijn hoofdverblijf heeft.",
    roles=[
        {
            "key": "bewoner",
            "plural": "bewoners",
            "label": "Bewoner",
            "doc": "Een persoon met hoofdverblijf in de woning.",
        },
    ],
)

entities = [Persoon, Gezin, Huishouden]

#: Two volwassenen in a gezin: gehuwden (partners). Formulas compare ``aantal_volwassenen`` with this, not with 2.
PAAR = next(role for role in Gezin.roles if role.key == "volwassene").max
