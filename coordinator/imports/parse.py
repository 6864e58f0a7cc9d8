"""Reading rows from CSV or JSON Lines into the API's field names.

CSV cells are text: ``aliases`` are separated by ``;``, ``documents`` are
``kind:number[:country]`` items separated by ``;``, and empty cells are
left out. JSON Lines rows are objects exactly as the API takes them.
"""
from __future__ import annotations

import csv
import json
from typing import IO, Iterator

from flask_babel import lazy_gettext as _l

LIST_FIELDS = {"aliases", "target_subject_ids"}


class RowError(ValueError):
    """A row that cannot even be read (bad JSON, not an object)."""


def detect_format(name: str | None, content_type: str | None = None) -> str:
    """"csv" or "jsonl", from a file name or a content type."""
    hint = (content_type or "").lower() + " " + (name or "").lower()
    if "csv" in hint:
        return "csv"
    if any(marker in hint for marker in ("jsonl", "ndjson", "json")):
        return "jsonl"
    raise ValueError(str(_l("Give a .csv or .jsonl file (or Content-Type text/csv or application/x-ndjson).")))


def _csv_value(name: str, value: str):
    value = value.strip()
    if name in LIST_FIELDS:
        return [part.strip() for part in value.split(";") if part.strip()]
    if name == "documents":
        documents = []
        for item in value.split(";"):
            parts = [p.strip() for p in item.split(":")]
            if len(parts) >= 2 and parts[0] and parts[1]:
                documents.append({"kind": parts[0], "number": parts[1],
                                  "country": parts[2] if len(parts) > 2 and parts[2] else None})
        return documents
    if name in ("latitude", "longitude"):
        try:
            return float(value)
        except ValueError:
            return value
    if name in ("mexico_nexus", "cross_border"):
        return value.lower() in ("1", "true", "yes", "y", "si", "sí")
    return value


def read_rows(stream: IO[str], fmt: str) -> Iterator[tuple[int, dict | str | RowError]]:
    """Yield (line number, row) pairs; a row that cannot be read comes as a RowError.

    A JSON Lines row comes as its text, read by ``json_row`` where it is
    validated (in a worker process for a large file).
    """
    if fmt == "csv":
        reader = csv.DictReader(stream)
        for row in reader:
            line = reader.line_num
            if None in row:
                yield line, RowError(str(_l("This row has more cells than the header has columns.")))
                continue
            yield line, {k.strip(): _csv_value(k.strip(), v) for k, v in row.items() if k and v and v.strip()}
        return
    for line, text in enumerate(stream, start=1):
        if text.strip():
            yield line, text


def json_row(text: str) -> dict | RowError:
    """One JSON Lines row as an object, or why it cannot be one."""
    try:
        row = json.loads(text)
    except json.JSONDecodeError as err:
        return RowError(str(_l("This line is not JSON: %(reason)s", reason=err.msg)))
    return row if isinstance(row, dict) else RowError(str(_l("Each line must be a JSON object.")))


def check_upload(text: str, fmt: str, column: str = "kind") -> None:
    """Refuse a file that holds no record at all: empty, a CSV without a ``kind`` column (or the
    ``column`` given), JSON Lines without an object.

    Rows are still checked one by one afterwards; this only keeps a file that
    is not an import at all from being answered "0 imported".
    """
    if not text.strip():
        raise ValueError(str(_l("The file is empty.")))
    if fmt == "csv":
        header = next(csv.reader([text.lstrip().splitlines()[0]]), [])
        if column not in {cell.strip() for cell in header}:
            if column == "kind":
                raise ValueError(str(_l("The first line must name the columns, one of them kind.")))
            raise ValueError(str(_l("The first line must name the columns, one of them %(name)s.", name=column)))
        return
    first = next(line for line in text.splitlines() if line.strip())
    try:
        row = json.loads(first)
    except json.JSONDecodeError:
        row = None
    if not isinstance(row, dict):
        raise ValueError(str(_l("Each line must be a JSON object.")))


def read_upload(name: str | None, content_type: str | None, data: bytes, column: str = "kind") -> tuple[str, str]:
    """An uploaded file's text and format (csv or jsonl), or the ValueError that says why it is no import."""
    fmt = detect_format(name, content_type)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(str(_l("The file must be UTF-8 text.")))
    check_upload(text, fmt, column)
    return text, fmt
