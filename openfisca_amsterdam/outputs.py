"""The entitlements the household command and reports show, per entity (extend as schemes land)."""

ENTITLEMENTS = {
    "gezin": ["bijstandsnorm", "bijstand", "aio", "zorgtoeslag", "kindgebonden_budget", "kinderbijslag", "stadspas", "stadspas_automatisch"],
    "persoon": ["aow", "aow_vakantiegeld", "netto_inkomen", "toetsingsinkomen"],
    "huishouden": ["aantal_kostendelers", "rekenhuur", "huurtoeslag"],
}
