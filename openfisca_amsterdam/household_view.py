"""The household command's view for a professional ("no wrong door"): per gezin, the disposable income and each
component, what the gezin is entitled to in kind, who pays each scheme and where it is claimed, what is not covered
(with the parameter, as a footnote), and under ``--reform`` the change. Formats ``cli.household_results``."""

from __future__ import annotations

import textwrap

#: Who pays each scheme and where it is claimed: (short form for the table, the body and its channel).
BODIES = {
    "bijstand": (
        "gemeente",
        "Gemeente Amsterdam: bijstand (Werk, Participatie en Inkomen) and the minimaregelingen, "
        "aanvraag bij de gemeente",
    ),
    "aio": ("SVB", "Sociale Verzekeringsbank: aanvraag via Mijn SVB"),
    "kinderbijslag": ("SVB", "Sociale Verzekeringsbank: aanvraag via Mijn SVB"),
    "zorgtoeslag": ("Toeslagen", "Dienst Toeslagen: aanvraag via Mijn toeslagen"),
    "kindgebonden_budget": ("Toeslagen", "Dienst Toeslagen: aanvraag via Mijn toeslagen"),
    "huurtoeslag": ("Toeslagen", "Dienst Toeslagen: aanvraag via Mijn toeslagen"),
}
CITY = BODIES["bijstand"]
#: The rows of a gezin: (label, entity plural, variable, body); huurtoeslag is the woning's (first bewoner's gezin).
ROWS = (
    ("Besteedbaar inkomen", "gezinnen", "besteedbaar_inkomen", None),
    ("  netto inkomen", "gezinnen", "gezin_netto_inkomen", None),
    ("  Algemene bijstand", "gezinnen", "bijstand", BODIES["bijstand"]),
    ("  AIO", "gezinnen", "aio", BODIES["aio"]),
    ("  Zorgtoeslag", "gezinnen", "zorgtoeslag", BODIES["zorgtoeslag"]),
    ("  Kindgebonden budget", "gezinnen", "kindgebonden_budget", BODIES["kindgebonden_budget"]),
    ("  Kinderbijslag", "gezinnen", "kinderbijslag", BODIES["kinderbijslag"]),
    ("  Huurtoeslag (the woning's)", "huishoudens", "huurtoeslag", BODIES["huurtoeslag"]),
    ("bijstandsnorm (social minimum)", "gezinnen", "bijstandsnorm", None),
    ("Stadspas (in kind)", "gezinnen", "stadspas", CITY),
    ("Collectieve zorgverz. (in kind)", "gezinnen", "collectieve_zorgverzekering", CITY),
    ("Gratis OV AOW'ers (in kind)", "gezinnen", "gratis_ov_aow", CITY),
    ("Kindtegoed (per year)", "gezinnen", "stadspas_kindtegoed", CITY),
    ("Scholierenvergoeding (per year)", "gezinnen", "scholierenvergoeding", CITY),
    ("Inkomenstoeslag IIT (per year)", "gezinnen", "individuele_inkomenstoeslag", CITY),
    ("Energietoeslag (per year)", "gezinnen", "energietoeslag", CITY),
    ("Kwijtschelding (per year)", "gezinnen", "kwijtschelding_gemeentelijke_belastingen", CITY),
    ("Meerkosten Rtm (per year)", "gezinnen", "tegemoetkoming_meerkosten", CITY),
)
WIDTH = 100


def _first_huishouden(gezin_id, situation) -> str | None:
    members = set()
    for role in situation.get("gezinnen", {}).get(gezin_id, {}).values():
        if isinstance(role, list):
            members.update(role)
    for huishouden_id, data in situation.get("huishoudens", {}).items():
        bewoners = data.get("bewoners", [])
        if bewoners and bewoners[0] in members:
            return huishouden_id
    return None


class _Cells:
    """Values as table text; a not-covered value becomes a numbered note."""

    def __init__(self, projected):
        self.notes: list[str] = []
        self.projected = projected

    def __call__(self, source, plural, unit, name) -> str:
        value = source[plural][unit].get(name)
        if isinstance(value, str) and value.startswith("not covered"):
            if value not in self.notes:
                self.notes.append(value)
            return f"not covered [{self.notes.index(value) + 1}]"
        if isinstance(value, bool):
            return "ja" if value else "nee"
        if isinstance(value, (int, float)):
            return f"{value:,.2f}"
        return "" if value is None else str(value)


def _change(results, reform, plural, unit, name) -> str:
    before, after = results[plural][unit].get(name), reform[plural][unit].get(name)
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (before, after))
    return f"{after - before:+,.2f}" if numbers else ""


#: The schemes whose zero the view explains (conditions from the computation tree: explain.failed_conditions).
EXPLAINED = ("bijstand", "aio", "zorgtoeslag", "kindgebonden_budget", "kinderbijslag", "huurtoeslag")


def _gezin(results, situation, gezin_id, reform, cell, reasons) -> tuple[list[str], set]:
    woning = _first_huishouden(gezin_id, situation)
    out = ["", f"gezin {gezin_id}" + (f" (woning {woning}: its first bewoner)" if woning else "")]
    out.append(f"  {'':<33}{'baseline':>16}" + (f"{'reform':>16}{'change':>11}" if reform else "") + "  pays")
    bodies = set()
    for label, plural, name, body in ROWS:
        unit = woning if plural == "huishoudens" else gezin_id
        if unit is None or name not in results[plural][unit]:
            continue
        base = cell(results, plural, unit, name)
        line = f"  {label:<33}{base:>16}"
        if reform:
            line += f"{cell(reform, plural, unit, name):>16}{_change(results, reform, plural, unit, name):>11}"
        if body and base not in ("0.00", "nee"):
            line += f"  {body[0]}"
            bodies.add(body)
        if f"{plural}.{unit}.{name}" in cell.projected:
            line += "  PROJECTED"
        out.append(line)
        for reason in reasons.get((name, unit), ()) if base in ("0.00", "nee") else ():
            out += textwrap.wrap(f"why not: {reason}", WIDTH, initial_indent=" " * 6, subsequent_indent=" " * 10)
    return out, bodies


def lines(
    results: dict, situation: dict, reform: dict | None = None, reform_name: str = "", reasons: dict | None = None
) -> list[str]:
    """The view as text lines, at most :data:`WIDTH` characters wide (reasons and where to apply as notes)."""
    cell = _Cells(set((results.get("projected") or {}).get("values", ())))
    title = f"Household {results['period']}: euros per month unless marked per year"
    out = [title] + ([f"Reform {reform_name} beside the baseline"] if reform else [])
    if results.get("projected"):
        out += textwrap.wrap(f"PROJECTED, not law: {results['projected']['rule']}", WIDTH)
    bodies: set = set()
    for gezin_id in results["gezinnen"]:
        part, used = _gezin(results, situation, gezin_id, reform, cell, reasons or {})
        out += part
        bodies |= used
    if bodies:
        out += ["", "Where to apply:"]
        for short, full in sorted(bodies):
            out += textwrap.wrap(f"{short}: {full}", WIDTH, initial_indent="  ", subsequent_indent="    ")
    if cell.notes:
        out += ["", "Not covered: the value needs a parameter not verified for the period:"]
        for k, text in enumerate(cell.notes, start=1):
            note = f"[{k}] {text.removeprefix('not covered: ')}"
            out += textwrap.wrap(note, WIDTH, initial_indent="  ", subsequent_indent="      ", break_long_words=False)
    return out


def every_value(results: dict, system) -> list[str]:
    """``--all``: every entitlement of every unit, one per line (PROJECTED marked)."""
    projected = set((results.get("projected") or {}).get("values", ()))
    out = [f"Entitlements for {results['period']} (euros per month unless marked per year)"]
    if projected:
        out.append(f"PROJECTED, not law: {results['projected']['rule']}")
    for plural, singular in (("gezinnen", "gezin"), ("huishoudens", "huishouden"), ("personen", "persoon")):
        for entity_id, values in results[plural].items():
            out += ["", f"{singular} {entity_id}"]
            for name, value in values.items():
                if isinstance(value, bool):
                    shown = f"{'ja' if value else 'nee':>12}"
                elif isinstance(value, float):
                    shown = f"{value:>12,.2f}"
                else:
                    shown = f"{value!s:>12}"
                yearly = system.variables[name].definition_period == "year"
                mark = "  PROJECTED" if f"{plural}.{entity_id}.{name}" in projected else ""
                out.append(f"  {name:<40} {shown}{'  per year' if yearly else ''}{mark}")
    return out


def html(view: list[str], source: str) -> str:
    """``household FILE --html OUT``: the same view as a page (the template ``templates/household_view.html``)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(loader=PackageLoader("openfisca_amsterdam", "templates"), autoescape=select_autoescape())
    title = view[0] if view else "Household"
    return environment.get_template("household_view.html").render(title=title, view="\n".join(view), source=source)


def show(results: dict, situation: dict, reform: dict | None, args, period: str) -> None:
    """The household command's text output: the view (``--all``: every value) printed, or written with ``--html``."""
    import pathlib

    from openfisca_amsterdam.explain import failed_conditions
    from openfisca_amsterdam.outputs_atomic import atomic_text
    from openfisca_amsterdam.situation import default_system

    if args.all:
        shown = every_value(results, default_system())
    else:
        shown = lines(results, situation, reform, args.reform, failed_conditions(situation, EXPLAINED, period))
    if args.html:
        atomic_text(pathlib.Path(args.html), html(shown, str(args.file)))
        print(f"written: {args.html}")
    else:
        print("\n".join(shown))
