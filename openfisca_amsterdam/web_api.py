"""The project's Web API: OpenFisca's own Web API application, with the project's validation in front of it.

``openfisca-amsterdam serve [--host 127.0.0.1] [--port 5000] [--workers N]`` (``make serve``). The routes are those of
``openfisca serve`` (``/calculate``, ``/trace``, ``/spec``, ``/variables``, ...). Before ``/calculate`` and ``/trace``
compute, the body goes through the same checks as the CLI and the Python API (:mod:`openfisca_amsterdam.situation`),
within the limits below. Every refusal is a 4xx with ``{"error": {"field": ..., "message": ...}}``; a value that needs
a parameter not covered for the period is a 422 naming the variable, the parameter and its covered range; a 200 never
carries NaN or Infinity. The limits are documented in ``docs/errors.md`` and configurable (:class:`Limits`).
"""

from __future__ import annotations

import dataclasses
import json
import re

from openfisca_amsterdam.coverage import NotCoveredError
from openfisca_amsterdam.situation import (
    SituationError,
    check_periods,
    default_system,
    requested_periods,
    validate_situation,
)


@dataclasses.dataclass(frozen=True)
class Limits:
    #: Largest request body (bytes).
    max_body_bytes: int = 1_000_000
    #: Largest total of ``axes`` points (count) in one request.
    max_axis_points: int = 10_000
    #: Deepest nesting of JSON objects and lists.
    max_depth: int = 20


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every refused request (4xx): the field (a dotted path such as personen.sanne.geboortedatum, a "
    "limit such as body, or a parameter) and what is wrong.",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "field": {"type": "string"},
                "message": {"type": "string"},
                "parameter": {
                    "type": "string",
                    "description": "for 422 not covered: the parameter without a verified value",
                },
                "covered": {
                    "type": "string",
                    "description": "for 422 not covered: the covered range of that parameter",
                },
                "problems": {
                    "type": "array",
                    "description": "for 400 bad input: every problem found (field and message), the "
                    "first of them also as field and message",
                    "items": {
                        "type": "object",
                        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                    },
                },
            },
        }
    },
}
EXAMPLE = {
    "personen": {"sanne": {"geboortedatum": {"ETERNITY": "1990-05-12"}, "netto_inkomen": {"2025-03": 400}}},
    "gezinnen": {"gezin": {"volwassenen": ["sanne"], "bijstand": {"2025-03": None}}},
    "huishoudens": {"woning": {"bewoners": ["sanne"], "huurtoeslag": {"2025-03": None}}},
}


def _depth(text: str) -> int:
    """Deepest nesting of ``[``/``{`` in a JSON text, outside strings (no recursion, so a deep body cannot crash it)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _refuse_constant(name):
    raise SituationError("body", f"{name} is not a number JSON allows")


def _axis_points(axes) -> int:
    if axes is None:
        return 0
    if not isinstance(axes, list):
        raise SituationError("axes", "must be a list of lists of axis objects")
    total = 0
    for group in axes:
        for axis in group if isinstance(group, list) else [group]:
            if not isinstance(axis, dict):
                raise SituationError("axes", "every axis is an object with name, count, min, max, period")
            count = axis.get("count")
            if isinstance(count, bool) or not isinstance(count, int) or count < 1:
                raise SituationError("axes.count", f"{json.dumps(count)} is not a positive whole number")
            total += count
    return total


def check_body(raw: bytes, limits: Limits) -> dict:
    """Parse and validate a /calculate or /trace body; raise SituationError naming the field or the limit."""
    if len(raw) > limits.max_body_bytes:
        raise SituationError("body", f"{len(raw):,} bytes is above the limit of {limits.max_body_bytes:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SituationError("body", "not UTF-8 text") from None
    if _depth(text) > limits.max_depth:
        raise SituationError("body", f"JSON nested deeper than the limit of {limits.max_depth}")
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise SituationError("body", f"not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise SituationError("body", "must be a situation object with personen, gezinnen and huishoudens")
    points = _axis_points(data.get("axes"))
    if points > limits.max_axis_points:
        raise SituationError("axes", f"{points:,} points in all is above the limit of {limits.max_axis_points:,}")
    validate_situation(data)
    check_periods(data, requested_periods(data))
    return data


#: A JSON value NaN or (-)Infinity, as Flask writes a non-finite float.
NOT_FINITE = re.compile(r"[:\[,]\s*-?(NaN|Infinity)\b")


#: An oversized body is read and dropped up to this size before the 413 (beyond it the connection is closed).
DRAIN_LIMIT = 64 * 1024 * 1024


def _first_path(detail, prefix="") -> str:
    if isinstance(detail, dict) and detail:
        key, value = next(iter(detail.items()))
        if key == "error" and not isinstance(value, dict):
            return prefix.rstrip(".") or "situation"
        return _first_path(value, f"{prefix}{key}.")
    return prefix.rstrip(".") or "situation"


def _flatten(detail) -> str:
    if isinstance(detail, dict):
        return "; ".join(f"{k}: {_flatten(v)}" for k, v in detail.items())
    return str(detail)


def create_app(limits: Limits = Limits(), month_shortcut: bool = True):
    """OpenFisca's Web API application for the project's tax-benefit system, with the validation in front.
    ``month_shortcut``: /calculate copies a month's value where the month is alike (the same results, faster)."""
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_web_api import handlers
    from openfisca_web_api.app import create_app as openfisca_app

    from openfisca_amsterdam.month_shortcut import MonthShortcutBuilder

    # /calculate builds its simulations with the month shortcut (the same results; /trace turns it off by tracing)
    handlers.SimulationBuilder = MonthShortcutBuilder if month_shortcut else SimulationBuilder
    system = default_system()
    app = openfisca_app(system, welcome_message="openfisca-amsterdam Web API: see /spec (errors: docs/errors.md)")
    for endpoint in ("calculate", "trace"):
        app.view_functions[endpoint] = _guarded(app.view_functions[endpoint], limits)
    app.view_functions["get_spec"] = _documented(app.view_functions["get_spec"])
    app.view_functions["get_root"] = _household_page(app.view_functions["get_root"])
    _register_error_handlers(app, limits)
    return app


def _household_page(welcome_view):
    """``/``: for a browser, the household page (a form that calls ``/calculate`` and ``/trace``); for an API client
    (JSON), OpenFisca's welcome message, as before."""
    from flask import request
    from jinja2 import Environment, PackageLoader, select_autoescape

    from openfisca_amsterdam.cli import latest_covered_month
    from openfisca_amsterdam.household_view import ROWS

    environment = Environment(loader=PackageLoader("openfisca_amsterdam", "templates"), autoescape=select_autoescape())
    shown = ("besteedbaar_inkomen", "bijstand", "zorgtoeslag", "huurtoeslag", "kindgebonden_budget", "kinderbijslag")
    shown += ("aio", "stadspas")
    schemes = [
        {
            "name": name,
            "entity": "huishouden" if plural == "huishoudens" else "gezin",
            "label": label.strip(),
            "body": body[1] if body else "",
        }
        for label, plural, name, body in ROWS
        if name in shown
    ]
    page = environment.get_template("household.html").render(
        schemes=schemes, period=latest_covered_month(default_system())
    )

    def root():
        best = request.accept_mimetypes.best_match(["application/json", "text/html"])
        if best == "text/html" and request.accept_mimetypes["text/html"] > request.accept_mimetypes["application/json"]:
            return page, 200, {"Content-Type": "text/html; charset=utf-8"}
        return welcome_view()

    return root


def _refuse(status, field, message, **extra):
    """A refusal in the project's error format: ``{"error": {"field": ..., "message": ..., ...}}``."""
    from flask import jsonify, make_response

    return make_response(jsonify({"error": {"field": field, "message": message, **extra}}), status)


def _drain_and_refuse(limits: Limits):
    """Read (and drop) an oversized body before answering, so the client gets the 413 instead of a reset."""
    from flask import request

    remaining = min(request.content_length or 0, DRAIN_LIMIT)
    while remaining > 0:
        chunk = request.stream.read(min(remaining, 1 << 16))
        if not chunk:
            break
        remaining -= len(chunk)
    return _refuse(413, "body", f"{request.content_length:,} bytes is above the limit of {limits.max_body_bytes:,}")


def _guarded(view, limits: Limits):
    """``view`` with the body checked first, every error said in the project's format, and no non-finite 200."""
    from flask import request

    def wrapper(*args, **kwargs):
        if (request.content_length or 0) > limits.max_body_bytes:
            return _drain_and_refuse(limits)
        return _checked_response(view, args, kwargs, limits)

    wrapper.__name__ = view.__name__
    return wrapper


def _checked_response(view, args, kwargs, limits: Limits):
    from flask import request
    from werkzeug.exceptions import HTTPException

    try:
        check_body(request.get_data(cache=True), limits)
        response = view(*args, **kwargs)
    except HTTPException as error:  # OpenFisca's own 4xx (its error format): said in ours
        response = error.get_response()
        detail = response.get_json(silent=True)
        return _refuse(response.status_code, _first_path(detail), _flatten(detail))
    except SituationError as error:
        return _refuse(
            400, error.field, error.message, problems=[{"field": f, "message": m} for f, m in error.problems]
        )
    except NotCoveredError as error:
        covered = f"{error.first_covered or 'no value'} to {error.last_covered or 'no value'}"
        return _refuse(422, error.parameter, str(error), parameter=error.parameter, covered=covered)
    except ValueError as error:  # the rules' own guards (e.g. a gezin in two huishoudens, a bad gemeente)
        return _refuse(400, "situation", str(error))
    if response.status_code == 200 and NOT_FINITE.search(response.get_data(as_text=True)):
        return _refuse(422, "result", "a computed value is not a finite number")
    return response


#: The refusals /calculate and /trace document in the spec.
ERROR_RESPONSES = {
    "400": "bad input, naming the field",
    "413": "body above the limit",
    "422": "a value needs a parameter not covered for the period",
}


def _documented(spec_view):
    """The /spec view with the error format, an example situation and the refusals of /calculate and /trace."""
    from flask import jsonify

    def spec():
        response = spec_view()
        data = response.get_json()
        data.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        data["components"].setdefault("examples", {})["situation"] = {
            "summary": "A single in bijstand",
            "value": EXAMPLE,
        }
        for path in ("/calculate", "/trace"):
            post = data.get("paths", {}).get(path, {}).get("post")
            if post is not None:
                for status, description in ERROR_RESPONSES.items():
                    post.setdefault("responses", {})[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    }
        return jsonify(data)

    return spec


def _register_error_handlers(app, limits: Limits) -> None:
    """Flask's own 413, 404 and 405 in the project's error format."""
    from flask import request

    @app.errorhandler(413)
    def too_large(error):
        return _refuse(413, "body", f"above the limit of {limits.max_body_bytes:,} bytes")

    @app.errorhandler(404)
    def not_found(error):
        return _refuse(404, "path", f"no such route: {request.path}")

    @app.errorhandler(405)
    def not_allowed(error):
        return _refuse(405, "method", f"{request.method} is not allowed on {request.path}")


def serve(
    host: str = "127.0.0.1", port: int = 5000, workers: int = 1, limits: Limits = Limits(), month_shortcut: bool = True
) -> None:
    """Run the Web API with gunicorn (``workers`` processes), as ``openfisca serve`` does."""
    from gunicorn.app.base import BaseApplication

    class Application(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("timeout", 120)

        def load(self):
            return create_app(limits, month_shortcut)

    Application().run()
