"""Who may see or do what: the one place that decides.

Agents and supervisors work the cases of their own agency and read the cases
another agency has explicitly shared with theirs. Monitors audit outcomes
without opening case contents; administrators manage accounts and agencies.
Anyone else gets a 404, never a hint that the record exists.
"""
from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session
from werkzeug.exceptions import Forbidden, NotFound

from .accounts.models import User
from .cases.models import Case, CaseShare
from .operations.models import Operation
from .subjects.models import SubjectRecord

CASEWORK_ROLES = ("agent", "supervisor")


def works_cases(user: User) -> bool:
    """True for the roles that register and read cases."""
    return user.role in CASEWORK_ROLES


def visible_cases_clause(user: User) -> ColumnElement[bool]:
    """The SQL condition selecting the cases this user may read."""
    shared = select(CaseShare.case_id).where(CaseShare.agency_id == user.agency_id)
    return or_(Case.agency_id == user.agency_id, Case.id.in_(shared))


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


def case_for(session: Session, user: User, case_id: int, write: bool = False) -> Case:
    """The case if the user may read it (or write it); a 404 otherwise."""
    case = session.get(Case, case_id)
    if case is None or not can_read_case(session, user, case):
        raise NotFound()
    if write and not can_write_case(user, case):
        raise NotFound() if case.agency_id != user.agency_id else Forbidden()
    return case


def subject_for(session: Session, user: User, subject_id: int, write: bool = False) -> SubjectRecord:
    """The subject record if the user may read (or write) its case; a 404 otherwise."""
    subject = session.get(SubjectRecord, subject_id)
    if subject is None:
        raise NotFound()
    case_for(session, user, subject.case_id, write=write)
    return subject


def operation_for(session: Session, user: User, operation_id: int, write: bool = False) -> Operation:
    """The operation if the user may read (or write) its case; a 404 otherwise."""
    operation = session.get(Operation, operation_id)
    if operation is None:
        raise NotFound()
    case_for(session, user, operation.case_id, write=write)
    return operation
