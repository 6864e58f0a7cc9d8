"""Who may see or do what: the one place that decides.

Agents and supervisors work the cases of their own agency and read the cases
another agency has explicitly shared with theirs. Monitors audit outcomes
without opening case contents; administrators manage accounts and agencies.
Watch officers see the critical alerts of their region — the contacts, the
place and the time — and no case. Anyone else gets a 404, never a hint that the record exists.
"""
from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session
from werkzeug.exceptions import Forbidden, NotFound

from .accounts.models import User
from .cases.models import Case, CaseShare
from .forms import MAX_ID
from .jobs.models import SUBJECT_IMPORT, Job
from .operations.models import Operation
from .outcomes.models import Extradition, Indictment, LegalAssistanceRequest, Referral, Seizure, TraceRequest
from .subjects.models import SubjectRecord

CASEWORK_ROLES = ("agent", "supervisor")


def works_cases(user: User) -> bool:
    """True for the roles that register and read cases."""
    return user.role in CASEWORK_ROLES


def shared_case_ids(user: User):
    """The ids of the cases another agency has shared with this user's agency (a subquery)."""
    return select(CaseShare.case_id).where(CaseShare.agency_id == user.agency_id)


def visible_cases_clause(user: User) -> ColumnElement[bool]:
    """The SQL condition selecting the cases this user may read."""
    return or_(Case.agency_id == user.agency_id, Case.id.in_(shared_case_ids(user)))


def visible_rows_clauses(user: User, agency_column, case_column) -> tuple[ColumnElement[bool], ...]:
    """Rows of the cases this user may read (by owning agency and case), as separate conditions.

    Read apart and joined by the caller (a UNION), each uses an index on its
    own column: the agency's own rows, then those of the cases shared with it.
    Nothing for a role that does not work cases.
    """
    if not works_cases(user):
        return ()
    return (agency_column == user.agency_id,
            (agency_column != user.agency_id) & case_column.in_(shared_case_ids(user)))


def can_read_case(session: Session, user: User, case: Case) -> bool:
    """Own agency's case, or a case shared with the user's agency."""
    if not works_cases(user):
        return False
    if case.agency_id == user.agency_id:
        return True
    return session.scalar(
        select(CaseShare.id).where(CaseShare.case_id == case.id, CaseShare.agency_id == user.agency_id)
    ) is not None


def can_write_case(user: User, case: Case) -> bool:
    """Only the owning agency's agents and supervisors change a case."""
    return works_cases(user) and case.agency_id == user.agency_id


def require_casework(user: User) -> None:
    """Refuse roles that do not work cases."""
    if not works_cases(user):
        raise Forbidden()


def _get(session: Session, model, record_id: object):
    """A row by id; None for anything that is not an id the database can hold."""
    if isinstance(record_id, bool) or not isinstance(record_id, int) or not 0 < record_id <= MAX_ID:
        return None
    return session.get(model, record_id)


def case_for(session: Session, user: User, case_id: int, write: bool = False) -> Case:
    """The case if the user may read it (or write it); a 404 otherwise."""
    case = _get(session, Case, case_id)
    if case is None or not can_read_case(session, user, case):
        raise NotFound()
    if write and not can_write_case(user, case):
        raise NotFound() if case.agency_id != user.agency_id else Forbidden()
    return case


def job_for(session: Session, user: User, job_id: int) -> Job:
    """An import job (its progress, row errors and receipt) for the user who started it; a 404 for anyone else.

    A network look is no one's to read: it would tell the registrant that their record joined other agencies' cases.
    """
    job = _get(session, Job, job_id)
    if job is None or job.user_id != user.id or job.kind != SUBJECT_IMPORT:
        raise NotFound()
    return job


def record_in_case(session: Session, user: User, model, record_id: int, write: bool = False):
    """A record that belongs to a case, if the user may read (or write) that case; a 404 otherwise."""
    record = _get(session, model, record_id)
    if record is None:
        raise NotFound()
    case_for(session, user, record.case_id, write=write)
    return record


def subject_for(session: Session, user: User, subject_id: int, write: bool = False) -> SubjectRecord:
    """The subject record if the user may read (or write) its case; a 404 otherwise."""
    return record_in_case(session, user, SubjectRecord, subject_id, write)


def operation_for(session: Session, user: User, operation_id: int, write: bool = False) -> Operation:
    """The operation if the user may read (or write) its case; a 404 otherwise."""
    return record_in_case(session, user, Operation, operation_id, write)


def may_read_lookups(user: User) -> bool:
    """What an agency's people searched for and inquired about is read by its own supervisors (never monitors)."""
    return user.role == "supervisor"


# --- Review: alerts, matches, clearances, the outbox ------------------------------

def may_review_alerts(user: User) -> bool:
    """Resolving and reopening an agency's alerts is a supervisor's decision."""
    return user.role == "supervisor"


def may_acknowledge_alerts(user: User) -> bool:
    """Agents and supervisors of a side may say that they have seen an alert."""
    return works_cases(user)


def may_review_matches(user: User, agency_ids: tuple[int, int] | set[int]) -> bool:
    """A possible match is judged by an agent or supervisor of one of the two agencies involved."""
    return works_cases(user) and user.agency_id in set(agency_ids)


def may_decide_clearance(user: User, owner_agency_id: int, required_agency_ids: set[int]) -> bool:
    """A supervisor of an agency whose clearance is required; never the owning agency itself."""
    return (user.role == "supervisor" and user.agency_id != owner_agency_id
            and user.agency_id in required_agency_ids)


def may_read_clearances(user: User, owner_agency_id: int, required_agency_ids: set[int]) -> bool:
    """The owning agency and every agency asked to clear the operation see its clearances."""
    return works_cases(user) and (user.agency_id == owner_agency_id or user.agency_id in required_agency_ids)


def may_move_operation(user: User, operation: Operation, to_status: str) -> bool:
    """The owning agency moves its operations; clearing one is its supervisor's approval."""
    if not works_cases(user) or user.agency_id != operation.agency_id:
        return False
    return to_status != "cleared" or user.role == "supervisor"


def may_override(user: User) -> bool:
    """Only a supervisor may send an operation active over an unresolved critical alert."""
    return user.role == "supervisor"


def may_read_outbox(user: User) -> bool:
    """The development outbox page shows every message: administrators only."""
    return user.role == "admin"


# Outcomes and monitoring

MONITORING_ROLES = ("monitor", "admin")


def can_monitor(user: User) -> bool:
    """Monitors (and administrators) audit outcomes and compliance across agencies."""
    return user.role in MONITORING_ROLES


def require_monitoring(user: User) -> None:
    """Refuse everyone but monitors and administrators."""
    if not can_monitor(user):
        raise Forbidden()


def require_admin(user: User) -> None:
    """Only administrators manage MOUs, their rules and the performance measures."""
    if user.role != "admin":
        raise Forbidden()


def report_agency_for(user: User, code: str | None) -> str | None:
    """The agency an outcomes report may cover for this user (None: all agencies).

    Monitors and administrators see any agency or all of them; agents and
    supervisors see the figures of their own agency only (and get them by
    default). Reports hold counts, case numbers, agencies and dates, never subjects.
    """
    if can_monitor(user):
        return code
    if works_cases(user):
        if code not in (None, user.agency.code):
            raise Forbidden()
        return user.agency.code
    raise Forbidden()


def referral_for(session: Session, user: User, referral_id: int) -> Referral:
    """A referral, for the case workers of the agency that sent it or the one it was sent to.

    Both may record the decision: the receiving agency (a prosecutor) decides
    it in its inbox, and the sending agency records a decision that reached it
    outside Coordinator (a declination letter); ``decided_by`` keeps who did.
    Anyone else gets a 404.
    """
    referral = _get(session, Referral, referral_id)
    if referral is None or not works_cases(user):
        raise NotFound()
    if user.agency_id not in (referral.from_agency_id, referral.to_agency_id):
        raise NotFound()
    return referral


def indictment_for(session: Session, user: User, indictment_id: int, write: bool = False) -> Indictment:
    """The indictment if the user may read (or write) its case; a 404 otherwise."""
    return record_in_case(session, user, Indictment, indictment_id, write)


def extradition_for(session: Session, user: User, extradition_id: int, write: bool = False) -> Extradition:
    """The extradition request if the user may read (or write) its case; a 404 otherwise."""
    return record_in_case(session, user, Extradition, extradition_id, write)


def legal_assistance_for(session: Session, user: User, request_id: int,
                         write: bool = False) -> LegalAssistanceRequest:
    """The legal assistance request if the user may read (or write) its case; a 404 otherwise."""
    return record_in_case(session, user, LegalAssistanceRequest, request_id, write)


def seizure_for(session: Session, user: User, seizure_id: int, write: bool = False) -> Seizure:
    """The seizure if the user may read (or write) its case; a 404 otherwise."""
    return record_in_case(session, user, Seizure, seizure_id, write)


def trace_for(session: Session, user: User, trace_id: int, write: bool = False) -> TraceRequest:
    """The trace request if the user may read (or write) its case; a 404 otherwise."""
    return record_in_case(session, user, TraceRequest, trace_id, write)


# ATF traces guns for every agency (eTrace): the requests of any case come to it.
TRACING_AGENCY = "ATF"


def is_tracing_agency(user: User) -> bool:
    """The case workers of the tracing agency, who answer the trace requests of every agency's cases."""
    return works_cases(user) and user.agency is not None and user.agency.code == TRACING_AGENCY


def require_tracing_agency(user: User) -> None:
    """Refuse everyone but the tracing agency's agents and supervisors (the trace queue is theirs)."""
    if not is_tracing_agency(user):
        raise Forbidden()


def trace_to_answer(session: Session, user: User, trace_id: int) -> tuple[TraceRequest, bool]:
    """A trace request the user may answer, and whether only as the tracing agency.

    The owning agency's case workers answer on the case (recording eTrace's
    answer). The tracing agency answers the requests of any other agency's
    case without reading that case: ``True`` says so, and the caller shows it
    the gun and the request only. Anyone else gets a 404.
    """
    trace = _get(session, TraceRequest, trace_id)
    if trace is None or not works_cases(user):
        raise NotFound()
    if can_write_case(user, trace.case):
        return trace, False
    if is_tracing_agency(user):
        return trace, True
    raise NotFound()


# --- Governance: the audit trail, accounts, dissemination, retention ------------------
# (Their models are imported where used: this section was added after the ones above.)

AUDIT_READERS = ("admin", "monitor")


def may_read_audit(user: User) -> bool:
    """Administrators and MOU monitors search and export the audit trail (and are audited doing it)."""
    return user.role in AUDIT_READERS


def require_audit_reader(user: User) -> None:
    """Refuse everyone but administrators and monitors."""
    if not may_read_audit(user):
        raise Forbidden()


def may_share_case(user: User, case: Case) -> bool:
    """Disseminating a case is an act of its owning agency's case workers."""
    return can_write_case(user, case)


def dissemination_for(session: Session, user: User, dissemination_id: int):
    """A dissemination of one of the user's agency's cases (to revoke it); a 404 for anyone else."""
    from .cases.models import Dissemination

    row = _get(session, Dissemination, dissemination_id)
    if row is None or not works_cases(user) or row.from_agency_id != user.agency_id:
        raise NotFound()
    return row


def may_review_retention(user: User) -> bool:
    """28 CFR Part 23 reviews (validate or purge) are the owning agency's supervisors' decision."""
    return user.role == "supervisor"


def require_retention_reviewer(user: User) -> None:
    """Refuse everyone but supervisors."""
    if not may_review_retention(user):
        raise Forbidden()


def retention_subject_for(session: Session, user: User, subject_id: int) -> SubjectRecord:
    """A subject record for its own agency's supervisor to review; 404 for other agencies, 403 for other roles."""
    subject = _get(session, SubjectRecord, subject_id)
    if subject is None or subject.agency_id != user.agency_id:
        raise NotFound()
    require_retention_reviewer(user)
    return subject


def token_for(session: Session, user: User, token_id: int):
    """An API token of the user's own (or any, for an administrator); a 404 otherwise."""
    from .accounts.models import ApiToken

    token = _get(session, ApiToken, token_id)
    if token is None or (token.user_id != user.id and user.role != "admin"):
        raise NotFound()
    return token


def managed_user_for(session: Session, user: User, user_id: int) -> User:
    """A user account for an administrator to manage; 403 for everyone else."""
    require_admin(user)
    managed = _get(session, User, user_id)
    if managed is None:
        raise NotFound()
    return managed


def may_watch(user: User) -> bool:
    """The watch board and its actions are the watch officers' (the role ``watch``)."""
    return user.role == "watch"


def require_watch(user: User) -> None:
    """Refuse anyone but a watch officer."""
    if not may_watch(user):
        raise Forbidden()
