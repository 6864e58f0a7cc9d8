"""Query strings of the API, checked against the OpenAPI document before any handler runs.

The document (``/api/v1/openapi.json``) names each operation's query
parameters and their types; a request that gives a parameter the operation
does not have, a value of the wrong type or format, or one out of range,
gets a 400 naming the parameter — never a silent default. One check, for
every operation the document describes, so an endpoint cannot forget it.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from flask import Flask, current_app, request
from flask_babel import gettext as _

from ..forms import MAX_ID

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_KEY = "coordinator.query_rules"


def _template(rule: str) -> str:
    """A Flask rule as an OpenAPI path: ``/cases/<int:case_id>`` → ``/cases/{case_id}``."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", re.sub(r"\(.*?\)", "", rule))


def _rules(app: Flask) -> dict[tuple[str, str], dict[str, dict]]:
    """(path template, method) → query parameter name → its schema; built once per app."""
    if _KEY not in app.extensions:
        from ..api.openapi import document

        rules = {}
        for path, item in document()["paths"].items():
            shared = [p for p in item.get("parameters", []) if p.get("in") == "query"]
            for method, operation in item.items():
                if method == "parameters":
                    continue
                params = shared + [p for p in operation.get("parameters", []) if p.get("in") == "query"]
                rules[(path, method.upper())] = {p["name"]: p.get("schema", {}) for p in params}
        app.extensions[_KEY] = rules
    return app.extensions[_KEY]


def _types(schema: dict) -> set[str]:
    kind = schema.get("type")
    if kind is None and "anyOf" in schema:
        return set().union(*(_types(s) for s in schema["anyOf"]))
    return set(kind) if isinstance(kind, list) else {kind} if kind else {"string"}


def _enum(schema: dict) -> list | None:
    if "enum" in schema:
        return schema["enum"]
    for option in schema.get("anyOf", []):
        if "enum" in option:
            return option["enum"]
    return None


def problem(value: str, schema: dict) -> str | None:
    """What is wrong with one query value under its schema (None: nothing)."""
    if CONTROL.search(value):
        return _("Remove the control characters (such as NUL) from this text.")
    types = _types(schema)
    enum = _enum(schema)
    if enum is not None:
        return None if value in [str(v) for v in enum] else _("Choose one of: %(choices)s.",
                                                              choices=", ".join(str(v) for v in enum))
    if "integer" in types:
        return _number(value, schema, integer=True)
    if "number" in types:
        return _number(value, schema, integer=False)
    if "boolean" in types:
        return None if value in ("true", "false") else _("Must be true or false.")
    fmt = schema.get("format")
    if fmt in ("date", "date-time"):
        try:
            (date.fromisoformat if fmt == "date" else datetime.fromisoformat)(value)
        except ValueError:
            return _("Not a valid date value.") if fmt == "date" else _("Not a valid datetime value.")
    if len(value) > schema.get("maxLength", 1000):
        return _("At most %(n)d characters.", n=schema.get("maxLength", 1000))
    return None


def _number(value: str, schema: dict, integer: bool) -> str | None:
    try:
        if integer:
            if not re.fullmatch(r"-?[0-9]{1,18}", value):
                raise ValueError
            number: Any = int(value)
        else:
            number = float(value)
            if not math.isfinite(number):
                raise ValueError
    except ValueError:
        return _("Not a valid integer value.") if integer else _("Not a valid float value.")
    low, high = schema.get("minimum"), schema.get("maximum")
    if integer and high is None:
        high = MAX_ID  # an id or count beyond what a column holds names nothing (and must not reach a query)
    if (low is not None and number < low) or (high is not None and number > high):
        return _("Number must be between %(min)s and %(max)s.", min=low if low is not None else "…",
                 max=high if high is not None else "…")
    return None


def query_problems() -> dict[str, str]:
    """Each bad query parameter of the current API request, with why (empty: all good, or undocumented)."""
    if request.url_rule is None:
        return {}
    params = _rules(current_app).get((_template(request.url_rule.rule), request.method))
    if params is None:
        return {}
    problems: dict[str, str] = {}
    for name in request.args:
        values = request.args.getlist(name)
        if name not in params:
            problems[name[:100]] = _("Unknown field.")
        elif len(values) > 1 and "array" not in _types(params[name]):
            problems[name] = _("Give this parameter once.")
        else:
            found = next(filter(None, (problem(v, params[name]) for v in values)), None)
            if found:
                problems[name] = found
    return problems
