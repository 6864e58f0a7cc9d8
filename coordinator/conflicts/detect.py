"""The checks run when a record or an operation is written, in the same transaction.

Each check indexes the record, reads the candidates that share a key with
it, lets the engine judge each pair, raises or refreshes alerts, and leaves
a receipt.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..accounts.models import Agency
from ..deconfliction.conflicts import LIVE_STATUSES, pair_name, subject_severity
from ..deconfliction.disclosure import withhold_other_names
from ..deconfliction.frequencies import PRIOR, Frequencies
from ..deconfliction.keys import compare_subjects, could_match, reading_keys, subject_keys
from ..deconfliction.reasons import MatchResult
from ..operations.models import Operation, OperationTarget
from ..subjects.models import SubjectRecord
from ..types import utcnow
from .alerts import Side, raise_alert
from .index import (
    lock_keys, replace_subject_keys, subject_candidates,
)
from .frequencies import count_person, frequencies_for
from .models import AlertEvent, ConflictAlert, DeconflictionCheck, SubjectLink
from .network import look_at_new_links, widened_pairs, withdraw_broken_networks
from .receipts import issue, issued_now
from .shows import operations_at_show
from .signals import announce_checked


@dataclass
class CheckOutcome:
    """What a check found: its receipt and the alerts it raised or refreshed."""

    check: DeconflictionCheck
    alerts: list[ConflictAlert]


_COUNTRIES: dict[int, str] = {}


def country_of(session: Session, agency_id: int) -> str:
    """An agency's country (US or MX): the default region for its phone numbers and plates."""
    if agency_id not in _COUNTRIES:
        _COUNTRIES.update({row.id: row.country for row in session.execute(select(Agency.id, Agency.country))})
    return _COUNTRIES[agency_id]


def _receipt(session: Session, record_type: str, record_id: int, agency_id: int, user_id: int | None,
             candidates: int, alerts: list[ConflictAlert]) -> DeconflictionCheck:
    now = utcnow()
    return issue(session, DeconflictionCheck(checked_at=now, record_type=record_type, record_id=record_id,
                                             agency_id=agency_id, user_id=user_id, candidates=candidates,
                                             alert_ids=[a.id for a in alerts]))


# --- subject records -------------------------------------------------------------

def _link(session: Session, a: int, b: int) -> SubjectLink | None:
    low, high = sorted((a, b))
    return session.scalar(select(SubjectLink).where(SubjectLink.low_id == low, SubjectLink.high_id == high))


def _upsert_link(session: Session, a: SubjectRecord, b: SubjectRecord, result: MatchResult,
                 new: bool = False) -> SubjectLink:
    """The pair's link, made or brought up to date (``new``: ``a`` was written by this transaction)."""
    link = None if new else _link(session, a.id, b.id)
    if link is None:
        low, high = sorted((a, b), key=lambda r: r.id)
        link = SubjectLink(low_id=low.id, high_id=high.id, low_case_id=low.case_id, high_case_id=high.case_id,
                           kind=a.kind, level=result.level, score=result.score)
        session.add(link)
    elif link.state == "auto":
        link.level, link.score = result.level, result.score
    return link


def live_targets(session: Session, subject_ids: Iterable[int]) -> set[int]:
    """Which of these records are targets of a live operation."""
    return set(session.scalars(
        select(OperationTarget.subject_id).join(Operation)
        .where(OperationTarget.subject_id.in_(set(subject_ids)), Operation.status.in_(LIVE_STATUSES))))


def check_subject(session: Session, record: SubjectRecord, user_id: int | None, new: bool = False,
                  before: dict | None = None) -> CheckOutcome:
    """Index a subject record and alert every other agency's record that may be the same thing.

    A gun-show record also meets other agencies' operations at its venue on
    its days. A person record's term counts move with it (``before``: its
    fields before a change), after its keys are locked and it was judged
    against the others: the order every writer takes its locks in.
    """
    keys = subject_keys(record.kind, record.data, country_of(session, record.agency_id))
    read = reading_keys(record.kind, keys)
    session.flush()
    with session.no_autoflush:
        # Its own keys are written before the locks (held until the commit): no one else reads them before then.
        replace_subject_keys(session, record.id, record.agency_id, keys, new=new)
        # The keys it reads locked too: a registration it would find, and one that would find it, share one.
        lock_keys(session, keys + read)
        candidates = _candidate_records(session, record.kind, record.data, read, record.agency_id, record.id)
        alerts = judge_subject(session, record, candidates, new=new)
        if record.kind == "gun_show":
            alerts += operations_at_show(session, record)
        if record.kind == "person":
            count_person(session, record.id, None if new else before, record.data)
        check = _receipt(session, "subject", record.id, record.agency_id, user_id, len(candidates), alerts)
        announce_checked(session, "subject", record, check, keys)
    return CheckOutcome(check, alerts)


def _candidate_records(session: Session, kind: str, data: dict, keys: list[str], agency_id: int,
                       exclude_id: int) -> list[SubjectRecord]:
    """Other agencies' records of this kind that share a key, less those a cheap look rules out.

    The look (``could_match``) comes before the term counts are read and the
    full comparison, so a common name's many namesakes born in other years
    cost neither.
    """
    candidate_ids = subject_candidates(session, keys, agency_id, exclude_id)
    if not candidate_ids:
        return []
    rows = session.scalars(select(SubjectRecord).where(SubjectRecord.id.in_(candidate_ids),
                                                       SubjectRecord.kind == kind))
    return [other for other in rows if could_match(kind, data, other.data)]


def match_subject(session: Session, kind: str, data: dict, agency_id: int,
                  exclude_id: int = 0) -> list[tuple[SubjectRecord, MatchResult]]:
    """The matching itself, read-only: other agencies' records that may be the same thing, best first."""
    region = country_of(session, agency_id)
    found = []
    keys = reading_keys(kind, subject_keys(kind, data, region))
    candidates = _candidate_records(session, kind, data, keys, agency_id, exclude_id)
    frequencies = _frequencies(session, kind, data, candidates)
    for other in candidates:
        result = compare_subjects(kind, data, other.data, region, country_of(session, other.agency_id), frequencies)
        if result.is_match:
            found.append((other, result))
    return sorted(found, key=lambda pair: -pair[1].score)


def _frequencies(session: Session, kind: str, data: dict, candidates: list) -> Frequencies:
    """How common the names and dates of birth of a person and its candidates are (the prior for other kinds)."""
    if kind != "person" or not candidates:
        return PRIOR
    return frequencies_for(session, [data] + [other.data for other in candidates])


def judge_subject(session: Session, record: SubjectRecord, candidates, new: bool = False,
                  network: bool = True, tell: bool = True) -> list[ConflictAlert]:
    """Let the engine judge a record against its candidates; link and alert the matches.

    ``network=False`` leaves the look at the case's network to the caller
    (an import looks once per batch, not once per record); ``tell=False``
    leaves telling people of a new record's alerts to it too.
    """
    region = country_of(session, record.agency_id)
    alerts, still_linked, links = [], set(), []
    frequencies = _frequencies(session, record.kind, record.data, candidates)
    for other in candidates:
        other_region = country_of(session, other.agency_id)
        mine = compare_subjects(record.kind, record.data, other.data, region, other_region, frequencies)
        if not mine.is_match:
            continue
        link = _upsert_link(session, record, other, mine, new)
        if link.state == "rejected":
            continue
        still_linked.add(other.id)
        links.append(link)
        theirs = compare_subjects(record.kind, other.data, record.data, other_region, region, frequencies)
        mine_reasons, their_reasons = mine.reasons, theirs.reasons or mine.reasons
        if record.kind == "person":
            mine_reasons = withhold_other_names(mine_reasons, record.data)
            their_reasons = withhold_other_names(their_reasons, other.data)
        level = "match" if link.state == "confirmed" else mine.level
        # Critical needs both records to be live operations' targets; one written by this transaction is none yet.
        targeted = 0 if new else len(live_targets(session, (record.id, other.id)))
        severity = subject_severity(level, targeted)
        alert, _new = raise_alert(
            session, pair=pair_name("subject", ("subject", record.id), ("subject", other.id)),
            kind="subject", level=level, severity=severity, score=mine.score, unseen=new, tell=tell,
            first=Side(record.agency_id, record.case_id, "subject", record.id, record.kind, mine_reasons),
            second=Side(other.agency_id, other.case_id, "subject", other.id, other.kind, their_reasons),
        )
        alerts.append(alert)
    if not new:
        _forget_stale_links(session, record.id, still_linked)
    if still_linked and network:
        session.flush()
        # Only a first link between two cases makes new paths; each is looked at from both its ends.
        pairs = [(record.case_id, b if a == record.case_id else a) for a, b in widened_pairs(session, links)]
        if pairs:
            # The receipt lists the record's case's alerts; the others' pairs are queued, told to their own sides.
            alerts += look_at_new_links(session, pairs, record.case_id, record.created_by_id)
    return alerts


def _forget_stale_links(session: Session, record_id: int, still_linked: set[int]) -> None:
    """A changed record no longer tied to a former match: drop the engine's link, note it on the alert.

    A network alert that ran through a dropped link closes unless another chain still joins its cases.
    """
    links = session.scalars(select(SubjectLink).where(
        or_(SubjectLink.low_id == record_id, SubjectLink.high_id == record_id), SubjectLink.state == "auto")).all()
    dropped: set[int] = set()
    for link in links:
        other = link.high_id if link.low_id == record_id else link.low_id
        if other in still_linked:
            continue
        alert = session.scalar(select(ConflictAlert).where(
            ConflictAlert.pair == pair_name("subject", ("subject", record_id), ("subject", other))))
        if alert is not None:
            session.add(AlertEvent(alert_id=alert.id, action="no_longer_matches",
                                   note="the record was changed and no longer matches"))
        dropped.update((link.low_case_id, link.high_case_id))
        session.delete(link)
    if dropped:
        session.flush()
        withdraw_broken_networks(session, dropped, utcnow())


def latest_check(session: Session, record_type: str, record_id: int) -> DeconflictionCheck | None:
    """The most recent receipt for a record."""
    issued = issued_now(session, record_type, record_id)
    if issued is not None:
        return issued
    return session.scalar(select(DeconflictionCheck).where(
        DeconflictionCheck.record_type == record_type, DeconflictionCheck.record_id == record_id)
        .order_by(DeconflictionCheck.id.desc()).limit(1))

