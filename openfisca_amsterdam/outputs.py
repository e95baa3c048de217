"""The entitlements the household command and reports show, per entity: national and municipal together."""

ENTITLEMENTS = {
    "gezin": [
        "bijstandsnorm",
        "bijstand",
        "aio",
        "zorgtoeslag",
        "kindgebonden_budget",
        "kinderbijslag",
        # Amsterdam (0 / nee outside Amsterdam); yearly values are marked "per year"
        "stadspas",
        "stadspas_automatisch",
        "stadspas_kindtegoed",
        "scholierenvergoeding",
        "individuele_inkomenstoeslag",
        "energietoeslag",
        "kwijtschelding_gemeentelijke_belastingen",
        "collectieve_zorgverzekering",
        "collectieve_zorgverzekering_per_jaar",
        "tegemoetkoming_meerkosten",
        "gratis_ov_aow",
        "jongerentoeslag",
        "gemeentelijke_ondersteuning_per_jaar",
        "gezin_netto_inkomen",
        "besteedbaar_inkomen",
    ],
    "persoon": ["aow", "aow_vakantiegeld", "netto_inkomen", "toetsingsinkomen"],
    "huishouden": ["aantal_kostendelers", "rekenhuur", "huurtoeslag"],
}
