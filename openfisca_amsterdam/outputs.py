"""The entitlements the household command and reports show, per entity (extend as schemes land)."""

ENTITLEMENTS = {
    "gezin": ["bijstandsnorm", "bijstand", "aio"],
    "persoon": ["aow", "aow_vakantiegeld"],
    "huishouden": ["aantal_kostendelers"],
}
