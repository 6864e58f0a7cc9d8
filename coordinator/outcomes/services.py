"""Recording what became of a case: referrals and their decisions, indictments, dispositions.

Every function checks the order of dates against the records it depends on
before writing anything, so a refused request leaves nothing behind.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..accounts.services import agency_by_code
from ..cases.models import Case
from ..cases.services import share_case
from ..subjects.models import SubjectRecord
from ..accounts.agencies import agency_codes
from ..formats import short_date
from .codes import CONVICTIONS, REFERRAL_KINDS
from .models import Disposition, Indictment, Referral, Seizure, TraceRequest


class OutcomeError(ValueError):
    """An outcome refused for a reason tied to one field (a 400 with that field)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, str(message)


class OutcomeFieldsError(OutcomeError):
    """An outcome refused for several fields at once (a seizure's guns, a trace's findings are checked together)."""

    def __init__(self, errors: dict[str, Any]):
        field, message = next(iter(errors.items()))
        super().__init__(field, message)
        self.errors = {name: str(text) for name, text in errors.items()}


class OutcomeConflict(OutcomeError):
    """An outcome the record's current state does not allow (a 409)."""


def _not_before(field: str, value: date | None, earliest: date, message) -> None:
    if value is not None and value < earliest:
        raise OutcomeError(field, message)


def check_answer(answered: bool, refusal: OutcomeConflict, field: str, on: date, asked_on: date,
                 too_early) -> None:
    """An answer to a request (a decision, a disposition, a trace's result) is recorded once (else the
    409 ``refusal``), and never dated before what it answers (a 400 on ``field``)."""
    if answered:
        raise refusal
    _not_before(field, on, asked_on, too_early)


def added(session: Session, record):
    """A new outcome record added and flushed (its id known), as every ``record_*`` returns it."""
    session.add(record)
    session.flush()
    return record


def person_of_case(session: Session, case: Case, subject_id: Any) -> SubjectRecord:
    """The person record of the case an outcome befalls (a defendant, a person arrested or sought)."""
    subject = session.get(SubjectRecord, int(subject_id))
    if subject is None or subject.case_id != case.id or subject.kind != "person":
        raise OutcomeError("subject_id", _l("The defendant must be a person record of this case."))
    return subject


# Referrals


def record_referral(session: Session, user: User, case: Case, values: dict[str, Any]) -> Referral:
    """Refer a case of the user's agency to another agency or, for prosecution, to a prosecutor."""
    to_agency = agency_by_code(session, values["to_agency"])
    if to_agency is None:
        raise OutcomeError("to_agency", _l("Not a valid choice."))
    if to_agency.id == case.agency_id:
        raise OutcomeError("to_agency", _l("A case is referred to another agency, not to its own."))
    if values["kind"] == "prosecution" and to_agency.kind != "prosecutor":
        raise OutcomeError("to_agency", _l("A referral for prosecution goes to a prosecutor: %(names)s.",
                                           names=", ".join(agency_codes(session, kind="prosecutor"))))
    pending = session.scalar(select(Referral.id).where(
        Referral.case_id == case.id, Referral.to_agency_id == to_agency.id, Referral.kind == values["kind"],
        Referral.status == "pending"))
    if pending is not None:
        raise OutcomeError("to_agency", _l("This case already has a referral of this kind pending with %(agency)s.",
                                           agency=to_agency.code))
    referral = Referral(case=case, from_agency_id=case.agency_id, to_agency=to_agency, kind=values["kind"],
                        sent_on=values["sent_on"], status="pending", note=values.get("note") or None,
                        created_by=user)
    session.add(referral)
    if values.get("share_case"):
        share_case(session, user, case, to_agency, str(REFERRAL_KINDS[values["kind"]]))
    session.flush()
    return referral


def decide_referral(session: Session, user: User, referral: Referral, values: dict[str, Any]) -> Referral:
    """Record the receiving agency's decision: accepted or declined (a later decision replaces an earlier one).

    The receiver records it, or the sender records a decision that reached it
    outside Coordinator; ``decided_by`` keeps who.
    """
    _not_before("decided_on", values["decided_on"], referral.sent_on,
                _l("A referral cannot be decided before it was sent (%(date)s).", date=short_date(referral.sent_on)))
    referral.status = values["status"]
    referral.decided_on = values["decided_on"]
    referral.reason = values.get("reason") or None
    referral.decided_by = user
    session.flush()
    return referral


def referrals_of_case(session: Session, case: Case) -> list[Referral]:
    """A case's referrals, oldest first."""
    return list(session.scalars(select(Referral).where(Referral.case_id == case.id)
                                .order_by(Referral.sent_on, Referral.id)))


def referrals_query(user: User, direction: str = "received", status: str | None = None):
    """The referrals sent to the user's agency (``received``) or by it (``sent``), newest first."""
    column = Referral.to_agency_id if direction == "received" else Referral.from_agency_id
    query = select(Referral).where(column == user.agency_id)
    if status:
        query = query.where(Referral.status == status)
    return query.order_by(Referral.sent_on.desc(), Referral.id.desc())


# Indictments and dispositions


def persons_of_case(session: Session, case: Case) -> list[SubjectRecord]:
    """The case's person records: the possible defendants, the most recently added first."""
    return list(session.scalars(select(SubjectRecord).where(SubjectRecord.case_id == case.id,
                                                            SubjectRecord.kind == "person")
                                .order_by(SubjectRecord.id.desc())))


def record_indictment(session: Session, user: User, case: Case, values: dict[str, Any]) -> Indictment:
    """Record the indictment of a defendant, who must be a person record of the case."""
    return added(session, Indictment(
        case=case, subject=person_of_case(session, case, values["subject_id"]), filed_on=values["filed_on"],
        court=values["court"], charges=list(values["charges"]), charge_codes=list(values.get("charge_codes") or []),
        created_by=user))


def record_disposition(session: Session, user: User, indictment: Indictment,
                       values: dict[str, Any]) -> Disposition:
    """Record how an indictment ended; it ends once (a second disposition is refused)."""
    check_answer(indictment.disposition is not None,
                 OutcomeConflict("outcome", _l("This indictment already has a disposition.")),
                 "decided_on", values["decided_on"], indictment.filed_on,
                 _l("A disposition cannot come before its indictment (%(date)s).",
                    date=short_date(indictment.filed_on)))
    sentence = values.get("sentence_months") if values["outcome"] in CONVICTIONS else None
    return added(session, Disposition(indictment=indictment, outcome=values["outcome"],
                                      decided_on=values["decided_on"], sentence_months=sentence,
                                      note=values.get("note") or None, created_by=user))


def indictments_of_case(session: Session, case: Case) -> list[Indictment]:
    """A case's indictments, oldest first (each with its disposition, if any)."""
    return list(session.scalars(select(Indictment).where(Indictment.case_id == case.id)
                                .order_by(Indictment.filed_on, Indictment.id)))


@dataclass
class CaseOutcomes:
    """Everything recorded of what became of one case, for its page."""

    referrals: list[Referral]
    indictments: list[Indictment]
    seizures: list[Seizure]
    traces: list[TraceRequest]

    @property
    def empty(self) -> bool:
        return not (self.referrals or self.indictments or self.seizures or self.traces)


def outcomes_of_case(session: Session, case: Case) -> CaseOutcomes:
    """The case's referrals, indictments, seizures and trace requests."""
    from .evidence import seizures_of_case, traces_of_case

    return CaseOutcomes(referrals_of_case(session, case), indictments_of_case(session, case),
                        seizures_of_case(session, case), traces_of_case(session, case))


def pending_referrals_count(session: Session, user: User) -> int:
    """How many referrals wait for a decision of the user's agency."""
    return session.scalar(select(func.count(Referral.id)).where(
        Referral.to_agency_id == user.agency_id, Referral.status == "pending")) or 0
