"""The building blocks of the OpenAPI document: JSON schemas from forms, responses, parameters.

The API modules describe their own paths with these; ``openapi.py``
assembles the document from them. This module imports no route module, so
the description flows one way: routes → schema helpers, document → routes.
"""
from __future__ import annotations

from wtforms import (
    BooleanField, DateField, FieldList, FloatField, FormField, IntegerField, SelectMultipleField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from ..forms import AwareDateTimeField, CodeField, IdListField, ListField

LIST = {"type": "object", "properties": {"items": {"type": "array"}, "next": {"type": ["string", "null"]}}}


def field_schema(field) -> dict:
    """JSON schema of one form field."""
    if isinstance(field, FieldList):
        entry = field.unbound_field.field_class
        if issubclass(entry, FormField):
            inner = field.unbound_field.args[0] if field.unbound_field.args else field.unbound_field.kwargs["form_class"]
            return {"type": "array", "maxItems": field.max_entries or 10, "items": form_schema(inner, nested=True)}
        return {"type": "array", "items": {"type": "string"}}
    if isinstance(field, BooleanField):
        schema: dict = {"type": "boolean"}
    elif isinstance(field, IntegerField):
        schema = {"type": "integer"}
    elif isinstance(field, FloatField):
        schema = {"type": "number"}
    elif isinstance(field, AwareDateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, IdListField):
        schema = {"type": "array", "items": {"type": "integer"}}
    elif isinstance(field, ListField):
        schema = {"type": "array", "items": {"type": "string", "maxLength": 120}, "maxItems": 20}
    elif isinstance(field, SelectMultipleField):
        schema = {"type": "array", "items": {"type": "string", "enum": [c.value for c in field.choices]}}
    elif isinstance(field, CodeField) and field.choices:
        schema = {"type": "string", "enum": [c.value for c in field.choices if c.value != ""]}
    else:
        schema = {"type": "string"}
    for validator in field.validators:
        if isinstance(validator, Length) and schema["type"] == "string" and validator.max and validator.max > 0:
            schema["maxLength"] = validator.max
        if isinstance(validator, NumberRange):
            if validator.min is not None:
                schema["minimum"] = validator.min
            if validator.max is not None:
                schema["maximum"] = validator.max
    if not _required(field) and schema["type"] != "array":
        schema = {**schema, "type": [schema["type"], "null"]} if "enum" not in schema else \
            {"anyOf": [schema, {"type": "null"}]}
    return schema


def _required(field) -> bool:
    return any(isinstance(v, (DataRequired, InputRequired)) for v in field.validators)


def form_schema(form_class, nested: bool = False, extra: dict | None = None, skip=()) -> dict:
    """JSON schema of a request body validated by a form."""
    form = form_class(meta={"csrf": False}, formdata=None) if not nested else form_class(formdata=None)
    properties, required = {}, []
    for name, field in form._fields.items():
        if name == "csrf_token" or name in skip:
            continue
        properties[name] = field_schema(field)
        if _required(field):
            required.append(name)
    properties.update(extra or {})
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    return schema


ERROR = {"$ref": "#/components/schemas/Error"}


def responses(ok: str, ok_schema: dict | None = None, codes=(400, 401, 403, 404)) -> dict:
    out = {ok: {"description": "OK", "content": {"application/json": {"schema": ok_schema or {"type": "object"}}}}}
    for code in codes:
        out[str(code)] = {"description": "Error", "content": {"application/json": {"schema": ERROR}}}
    return out


def request_body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def path_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}


PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
]
