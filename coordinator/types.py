"""Column types shared by the models."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import orjson
from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """The current time, aware, in UTC (a callable default, never a constant)."""
    return datetime.now(timezone.utc)


def json_text(value) -> str:
    """A value as its JSON columns store it: compact UTF-8 JSON (orjson: several times faster than json).

    Every engine is given it as its JSON serializer, and an import that
    writes JSON text itself uses it too, so records store the same text
    however they came. Dictionary keys that are not strings become strings,
    as with the json module.
    """
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


_LONG_NUMBER = re.compile(r"\d{19}"), re.compile(rb"\d{19}")


def json_value(text: str | bytes):
    """A JSON column's text as Python values: orjson, several times faster than json on every row read.

    What orjson reads otherwise than the json module is left to the json
    module, so no stored value reads differently: text it refuses (NaN,
    written by something else than ``json_text``) and integers too wide for
    64 bits, which it would read as floats.
    """
    if isinstance(text, memoryview):
        text = bytes(text)
    if _LONG_NUMBER[isinstance(text, bytes)].search(text) is None:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)


class UTCDateTime(TypeDecorator):
    """Store an aware datetime as UTC and give it back aware, on every engine.

    SQLite has no time zones; storing naive UTC there and tagging it on the way
    out keeps comparisons right on both engines. Naive input is refused so a
    local time can never be stored as if it were UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; give a time zone")
        value = value.astimezone(timezone.utc)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
