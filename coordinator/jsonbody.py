"""Reading JSON bodies safely, and ids in URLs bounded to what a column can hold.

- A body nested deeper than Python's parser can follow (thousands of ``[``)
  raises ``RecursionError``, which is no ``ValueError``: the request would
  end in a 500. It is a malformed body like any other: a 400.
- JSON may spell a lone UTF-16 surrogate (``"\\ud800"``), which becomes a
  Python string that no database can store and no page can encode. Text
  that is not Unicode is a malformed body too. The check runs only when the
  body spells a surrogate at all, so ordinary bodies cost nothing more.
- ``<int:...>`` in a route matches only ids a column can hold (up to
  2^31 − 1, PostgreSQL's integer): a larger one names nothing and is a 404,
  never a query that overflows.
"""
from __future__ import annotations

import re
from typing import Any

from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

from .forms import MAX_ID

SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _all_text_is_unicode(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return False
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


class SafeJSONProvider(DefaultJSONProvider):
    """Flask's JSON, whose ``loads`` refuses what would otherwise crash later with a ``ValueError``."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            value = super().loads(s, **kwargs)
        except RecursionError as err:
            raise ValueError("JSON nested too deeply") from err
        text = s if isinstance(s, str) else s.decode("utf-8", "replace")
        if SURROGATE_ESCAPE.search(text) and not _all_text_is_unicode(value):
            raise ValueError("JSON text holds a lone surrogate, which is not Unicode text")
        return value


class IdConverter(IntegerConverter):
    """``<int:...>`` bounded to the ids a column can hold (a larger one matches no route: 404)."""

    def __init__(self, map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def install(app) -> None:
    """Use the safe JSON reader and the bounded id converter in this app (before routes are added)."""
    app.json = SafeJSONProvider(app)
    app.url_map.converters["int"] = IdConverter
