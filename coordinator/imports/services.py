"""Importing many subject records into a case, deconflicted like one-by-one registrations.

Rows are validated one by one with the same rules as the forms and the API
(in other processes for a large file: ``prepare``); good rows land in
batches (records and their keys written with one statement each), bad rows
are reported with their line and field. Each batch then reads the
candidates of all its keys at once, lets the engine judge only the records
that have any, and looks once at the case's network.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import repeat
from typing import Callable, Iterable

import orjson
from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..cases.models import Case
from ..conflicts.detect import country_of, judge_subject
from ..conflicts.frequencies import count_imported
from ..conflicts.receipts import issue
from ..conflicts.index import MAX_POSTINGS, among, lock_keys, other_agencies
from ..deconfliction.keys import postings_limit
from ..conflicts.models import ConflictAlert, DeconflictionCheck, SubjectKey
from ..conflicts.network import check_network
from ..conflicts.signals import announce_import
from ..search.models import SearchEntry
from ..search.services import ENTRY_COLUMNS, subject_entry_rows
from ..subjects.models import SubjectRecord
from ..subjects.validation import SubjectValidator
from .parse import RowError
from .prepare import PreparedBatch, in_order, prepare_batch, refusal
from .write import KEY_COLUMNS, insert_records, write_rows

BATCH = 1_000
MAX_REPORTED_ERRORS = 1_000


@dataclass
class LineError:
    """Why one line of the file was not imported."""

    line: int
    field: str
    message: str


@dataclass
class ImportReport:
    """What an import did: rows imported and refused, the errors, the alerts raised."""

    imported: int = 0
    failed: int = 0
    errors: list[LineError] = field(default_factory=list)
    alert_ids: set[int] = field(default_factory=set)
    receipt: str | None = None

    def refuse(self, line: int, errors: dict[str, str]) -> None:
        self.failed += 1
        for name, message in errors.items():
            if len(self.errors) < MAX_REPORTED_ERRORS:
                self.errors.append(LineError(line, name, message))


def _batches(rows: Iterable, size: int):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_subjects(session: Session, user: User, case: Case, rows: Iterable[tuple[int, dict | str | RowError]],
                    *, batch_size: int = BATCH, after_batch: Callable[[int], None] | None = None,
                    workers: int = 0, on_written: Callable[[list[int]], None] | None = None) -> ImportReport:
    """Validate, write, index and deconflict the rows; ``after_batch`` gets the rows done so far.

    ``on_written`` gets the ids of each batch's new records (a seizure ties
    its imported guns to itself with them).

    With ``workers`` the rows are validated and their keys computed in that
    many other processes while this one writes (the command line does so;
    a web request never forks).
    """
    report = ImportReport()
    region = country_of(session, case.agency_id)
    messages = SubjectValidator(region)
    done = 0
    for prepared in in_order(prepare_batch, _batches(rows, batch_size), region, workers=workers):
        ids = _land(session, user, case, prepared, report, messages)
        if ids and on_written is not None:
            on_written(ids)
        done += prepared.size
        if after_batch is not None:
            after_batch(done)
    issue_receipt(session, user, case, report)
    return report


def refused_rows(session: Session, case: Case, rows: list[tuple[int, dict | str | RowError]]) -> ImportReport:
    """What an import of these rows into the case would refuse, line by line; nothing is written.

    A page that imports all or nothing (a seizure's guns) checks first and
    imports only a file without a bad row.
    """
    region = country_of(session, case.agency_id)
    report, messages = ImportReport(), SubjectValidator(region)
    for line, given in prepare_batch(rows, region).refused:
        report.refuse(line, refusal(given, messages))
    return report


def import_slice(session: Session, user: User, case: Case, rows: list[tuple[int, dict | str | RowError]],
                 report: ImportReport) -> None:
    """Validate, write, index and deconflict one slice of an import, adding what it did to ``report``.

    A job imports its file slice by slice, each committed with its progress
    (``jobs.services``); ``issue_receipt`` closes the import.
    """
    region = country_of(session, case.agency_id)
    _land(session, user, case, prepare_batch(rows, region), report, SubjectValidator(region))


def issue_receipt(session: Session, user: User, case: Case, report: ImportReport) -> None:
    """The import's deconfliction receipt: what it checked and every alert it raised."""
    check = issue(session, DeconflictionCheck(record_type="import", record_id=case.id, agency_id=case.agency_id,
                                              user_id=user.id, candidates=report.imported,
                                              alert_ids=sorted(report.alert_ids)))
    report.receipt = check.number


def _land(session: Session, user: User, case: Case, prepared: PreparedBatch, report: ImportReport,
          messages: SubjectValidator) -> list[int]:
    """Report a batch's refused rows and write its good ones; the new records' ids."""
    for line, given in prepared.refused:
        report.refuse(line, refusal(given, messages))
    return _write_batch(session, user, case, prepared, report) if prepared.good else []


def _write_batch(session: Session, user: User, case: Case, batch: PreparedBatch, report: ImportReport) -> list[int]:
    """Write one batch's records and keys and judge them; the new records' ids, in the batch's order."""
    agency_id = case.agency_id
    ids = insert_records(session, case, user.id, batch.good)
    distinct_keys, distinct_read = batch.distinct_keys(), batch.distinct_read()
    # The batch's own keys and search terms before the key locks, which a batch holds until its commit and
    # which every registration sharing one of its slots waits for; the term counts after (the writers' order).
    write_rows(session, SubjectKey.__table__, KEY_COLUMNS,
               list(zip(batch.keys, map(ids.__getitem__, batch.owners), repeat(agency_id))))
    write_rows(session, SearchEntry.__table__, ENTRY_COLUMNS, subject_entry_rows(
        ids, ((row[0], orjson.loads(row[3])) for row in batch.good), agency_id, case.id,
        country_of(session, agency_id)))
    lock_keys(session, distinct_keys + distinct_read)
    count_imported(session, ((ids[i], orjson.loads(row[3])) for i, row in enumerate(batch.good) if row[0] == "person"))
    report.imported += len(ids)
    others = _others_by_key(session, distinct_read, case.agency_id)
    if not others:
        return ids
    candidates_of: dict[int, set[int]] = {}
    for key, owner in zip(batch.read, batch.readers):
        if key in others:
            candidates_of.setdefault(ids[owner], set()).update(others[key])
    if not candidates_of:
        return ids
    loaded = _records(session, set(candidates_of).union(*candidates_of.values()))
    raised: list[ConflictAlert] = []
    with session.no_autoflush:  # links and alerts are written together, after the judging
        for record_id, found in sorted(candidates_of.items()):
            record = loaded[record_id]
            candidates = [loaded[other] for other in sorted(found) if loaded[other].kind == record.kind]
            raised += judge_subject(session, record, candidates, new=True, network=False, tell=False)
    session.flush()
    announce_import(session, raised, case)
    report.alert_ids.update(alert.id for alert in raised)
    if raised:  # the batch's records all belong to one case: one look at its network will do
        report.alert_ids.update(alert.id for alert in check_network(session, case.id))
    return ids


def _records(session: Session, ids: set[int]) -> dict[int, SubjectRecord]:
    """These records by id, read a few thousand at a time."""
    ordered, out = sorted(ids), {}
    for start in range(0, len(ordered), 5_000):
        chunk = ordered[start:start + 5_000]
        out.update((r.id, r) for r in session.scalars(select(SubjectRecord).where(SubjectRecord.id.in_(chunk))))
    return out


def _others_by_key(session: Session, keys: list[str], agency_id: int) -> dict[str, list[int]]:
    """Other agencies' records under each of these keys, leaving out over-full keys as a check does."""
    found: dict[str, list[int]] = {}
    for start in range(0, len(keys), 50_000):
        chunk = keys[start:start + 50_000]
        # One seek a key: counting the agency's own postings too costs less than a second range.
        sizes = dict(session.execute(select(SubjectKey.key, func.count())
                                     .where(among(session, SubjectKey.key, chunk), SubjectKey.agency_id != agency_id)
                                     .group_by(SubjectKey.key)).all())
        useful = [key for key, size in sizes.items() if size <= postings_limit(key, MAX_POSTINGS)]
        if not useful:
            continue
        for key, subject_id in session.execute(union_all(*(
                select(SubjectKey.key, SubjectKey.subject_id).where(among(session, SubjectKey.key, useful), other)
                for other in other_agencies(SubjectKey.agency_id, agency_id)))):
            found.setdefault(key, []).append(subject_id)
    return found
