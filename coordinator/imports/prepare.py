"""Preparing imported rows for writing: each row validated and its blocking keys computed.

This is the import's pure work — no database, no request — so it can run
in other processes while the importing process writes. A worker only says
whether a row is good: a refused row comes back whole and the importing
process checks it again for the messages, in its user's language (rows are
mostly good, so that costs little).
"""
from __future__ import annotations

import multiprocessing
from array import array
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Callable, Iterable, Iterator, TypeVar

from ..deconfliction.keys import reading_keys, subject_keys
from ..subjects.labels import subject_label
from ..subjects.validation import SubjectValidator, ValidRecord
from ..types import json_text
from .parse import RowError, json_row

Item = TypeVar("Item")
Result = TypeVar("Result")


# A good row as it crosses between processes: plain values pickle several times faster than objects.
# (kind, role, label, data as JSON text, notes, predicate), in the order of the record's columns.
GoodRow = tuple[str, str, str, str, "str | None", "str | None"]


@dataclass
class PreparedBatch:
    """A batch of lines: the good records with their keys, and the refused rows as they were given.

    ``keys`` holds every key of every good row in key order, the order the
    index takes them fastest, and ``owners`` the index in ``good`` of the
    row each came from: a flat list and an array cross between processes
    several times faster than a list per row or a tuple per key. ``read``
    and ``readers`` are the keys the rows' checks read
    (``deconfliction.keys.reading_keys``), in the same form.
    """

    size: int
    good: list[GoodRow] = field(default_factory=list)
    refused: list[tuple[int, dict | str | RowError]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    owners: array = field(default_factory=lambda: array("l"))
    read: list[str] = field(default_factory=list)
    readers: array = field(default_factory=lambda: array("l"))

    def distinct_keys(self) -> list[str]:
        """Each key once, in key order."""
        return list(dict.fromkeys(self.keys))

    def distinct_read(self) -> list[str]:
        """Each key read once, in key order."""
        return list(dict.fromkeys(self.read))


_VALIDATORS: dict[str, SubjectValidator] = {}


def prepare_batch(batch: list[tuple[int, dict | str | RowError]], region: str) -> PreparedBatch:
    """Read and validate each row, and compute the keys of the good ones (``region``: the agency's country).

    A refused row keeps the form it came in (a JSON Lines text, a CSV row)
    so that ``refusal`` can say why in the importing process.
    """
    validate = _VALIDATORS.get(region) or _VALIDATORS.setdefault(region, SubjectValidator(region))
    out = PreparedBatch(len(batch))
    # Kind by kind, one step at a time over the whole batch: the processor's caches then hold one
    # kind's code at a time, quicker than row by row. The file's order stays.
    rows = [json_row(given) if isinstance(given, str) else given for _line, given in batch]
    checked: list[ValidRecord | None] = [None] * len(rows)
    for i in sorted(range(len(rows)), key=lambda i: _kind_of(rows[i])):
        if not isinstance(rows[i], RowError):
            checked[i] = validate(rows[i])[0]
    records = []
    for (line, given), record in zip(batch, checked):
        if record is None:
            out.refused.append((line, given))
        else:
            records.append(record)
    postings, readings = [], []
    for index in sorted(range(len(records)), key=lambda i: records[i].kind):
        record = records[index]
        keys = subject_keys(record.kind, record.data, region)
        postings += [(key, index) for key in keys]
        readings += [(key, index) for key in reading_keys(record.kind, keys)]
    # The JSON text is the one the JSON column would store (the engines' serializer).
    out.good = [(record.kind, record.role, subject_label(record.kind, record.data), json_text(record.data),
                 record.notes, record.predicate) for record in records]
    postings.sort(key=itemgetter(0))  # the order the key index takes them fastest
    out.keys = list(map(itemgetter(0), postings))
    out.owners = array("l", map(itemgetter(1), postings))
    readings.sort(key=itemgetter(0))
    out.read = list(map(itemgetter(0), readings))
    out.readers = array("l", map(itemgetter(1), readings))
    return out


def _kind_of(row: dict | RowError) -> str:
    kind = row.get("kind") if isinstance(row, dict) else None
    return kind if isinstance(kind, str) else ""


def refusal(given: dict | str | RowError, validate: SubjectValidator) -> dict[str, str]:
    """Why a refused row was refused, field by field, in the language of the request."""
    row = json_row(given) if isinstance(given, str) else given
    if isinstance(row, RowError):
        return {"_row": str(row)}
    return validate(row)[1]


def in_order(work: Callable[..., Result], items: Iterable[Item], *args, workers: int = 0,
             ahead: int = 2) -> Iterator[Result]:
    """``work(item, *args)`` for each item, in order; with ``workers``, in that many other processes.

    At most ``ahead`` items per worker are in flight, so a file of any size
    is never all in memory. Workers are forked: only for a command-line
    process, never inside a threaded web server.
    """
    if workers <= 0:
        for item in items:
            yield work(item, *args)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        pending: deque = deque()
        for item in items:
            pending.append(pool.submit(work, item, *args))
            if len(pending) >= workers * ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
