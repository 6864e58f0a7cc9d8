"""Preparing imported rows for writing: each row validated and its blocking keys computed.

This is the import's pure work — no database, no request — so it can run
in other processes while the importing process writes. A worker only says
whether a row is good: a refused row comes back whole and the importing
process checks it again for the messages, in its user's language (rows are
mostly good, so that costs little).
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, TypeVar

from ..deconfliction.keys import subject_keys
from ..subjects.labels import subject_label
from ..subjects.validation import SubjectValidator, ValidRecord
from .parse import RowError

Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass
class PreparedRow:
    """One line of the file: the record with its keys and label, or the row as read when it was refused."""

    line: int
    record: ValidRecord | None = None
    keys: list[str] | None = None
    label: str = ""
    refused: dict | RowError | None = None


_VALIDATORS: dict[str, SubjectValidator] = {}


def prepare_batch(batch: list[tuple[int, dict | RowError]], region: str) -> list[PreparedRow]:
    """Validate each row and compute the keys of the good ones (``region``: the agency's country)."""
    validate = _VALIDATORS.get(region) or _VALIDATORS.setdefault(region, SubjectValidator(region))
    out = []
    for line, row in batch:
        if isinstance(row, RowError):
            out.append(PreparedRow(line, refused=row))
            continue
        record, errors = validate(row)
        if errors:
            out.append(PreparedRow(line, refused=row))
        else:
            out.append(PreparedRow(line, record, subject_keys(record.kind, record.data, region),
                                   subject_label(record.kind, record.data)))
    return out


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
