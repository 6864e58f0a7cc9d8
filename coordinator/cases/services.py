"""Registering, changing, finding and sharing cases."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, union_all
from sqlalchemy.orm import Session

from ..access import visible_cases_clause
from ..accounts.models import Agency, User
from ..accounts.services import agency_by_code
from .models import Case, CaseParticipant, CaseShare, Dissemination


def index_case(session: Session, case: Case, new: bool = False) -> None:
    """Write the case's search terms with it (the search package builds on cases, not the reverse)."""
    from ..search.services import index_case as write_terms

    write_terms(session, case, new=new)

CASE_FIELDS = ("number", "title", "case_type", "status", "opened_on", "closed_on", "initiated_by",
               "mexico_nexus", "summary")


class CaseError(ValueError):
    """A case change refused for a reason tied to one field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def _number_taken(session: Session, agency_id: int, number: str, except_id: int | None) -> bool:
    query = select(Case.id).where(Case.agency_id == agency_id, func.lower(Case.number) == number.lower())
    if except_id is not None:
        query = query.where(Case.id != except_id)
    return session.scalar(query) is not None


def _lead_agent(session: Session, user: User, lead_agent_id: Any) -> User | None:
    if lead_agent_id in (None, ""):
        return None
    agent = session.get(User, int(lead_agent_id))
    if agent is None or agent.agency_id != user.agency_id:
        raise CaseError("lead_agent_id", str(_l("The lead agent must be a user of your agency.")))
    return agent


def _apply(session: Session, case: Case, user: User, values: dict[str, Any]) -> None:
    for name in CASE_FIELDS:
        if name in values:
            setattr(case, name, values[name])
    if case.status is None:
        case.status = "open"
    if "referring_agency" in values:
        code = values["referring_agency"]
        case.referring_agency = agency_by_code(session, code) if code else None
    if "lead_agent_id" in values:
        case.lead_agent = _lead_agent(session, user, values["lead_agent_id"])
    if "participating_agencies" in values:
        wanted = {c for c in values["participating_agencies"] or [] if c != user.agency.code}
        case.participants = [p for p in case.participants if p.agency.code in wanted]
        have = {p.agency.code for p in case.participants}
        for code in sorted(wanted - have):
            case.participants.append(CaseParticipant(agency=agency_by_code(session, code)))


def register_case(session: Session, user: User, values: dict[str, Any]) -> Case:
    """Open a case for the user's agency; the number must be new within the agency."""
    if _number_taken(session, user.agency_id, values["number"], None):
        raise CaseError("number", str(_l("Your agency already has a case with this number.")))
    case = Case(agency_id=user.agency_id, office_id=user.office_id, created_by=user)
    case.agency = user.agency
    _apply(session, case, user, values)
    if case.lead_agent is None:
        case.lead_agent = user
    session.add(case)
    session.flush()
    index_case(session, case, new=True)
    return case


def update_case(session: Session, user: User, case: Case, values: dict[str, Any]) -> Case:
    """Change a case's fields; the number stays unique within the agency."""
    number = values.get("number", case.number)
    if _number_taken(session, case.agency_id, number, case.id):
        raise CaseError("number", str(_l("Your agency already has a case with this number.")))
    _apply(session, case, user, values)
    session.flush()
    index_case(session, case)
    return case


@dataclass
class CaseFilter:
    """What a case list is narrowed to."""

    q: str | None = None
    status: str | None = None
    case_type: str | None = None
    mexico_nexus: bool | None = None


def case_text_clause(session: Session | None, user: User, q: str):
    """Cases whose number or title holds the text, or (given the session) with a record the search finds."""
    like = f"%{q.strip().lower()}%"
    text = or_(func.lower(Case.number).like(like), func.lower(Case.title).like(like))
    if session is not None:
        from ..search.services import matching_case_ids

        found = matching_case_ids(session, user, q)
        if found is not None:
            text = or_(text, Case.id.in_(found))
    return text


def case_query(user: User, filters: CaseFilter, session: Session | None = None):
    """The cases this user may read, narrowed by the filter, newest first.

    The search text finds a case by its number or title, and (given the
    session) by anything the search box finds in it: a name, a plate, a
    phone of one of its records.
    """
    query = select(Case).where(visible_cases_clause(user))
    if filters.q:
        query = query.where(case_text_clause(session, user, filters.q))
    if filters.status:
        query = query.where(Case.status == filters.status)
    if filters.case_type:
        query = query.where(Case.case_type == filters.case_type)
    if filters.mexico_nexus is not None:
        query = query.where(Case.mexico_nexus.is_(filters.mexico_nexus))
    return query.order_by(Case.opened_on.desc(), Case.id.desc())


def share_case(session: Session, user: User, case: Case, agency: Agency, reason: str,
               requested_by: str | None = None) -> CaseShare:
    """Let another agency read the case: an explicit act of the owning agency, recorded as a dissemination."""
    existing = session.scalar(select(CaseShare).where(CaseShare.case_id == case.id,
                                                      CaseShare.agency_id == agency.id))
    if existing is not None:
        return existing
    share = CaseShare(case=case, agency=agency, granted_by=user, reason=reason)
    session.add(share)
    session.add(Dissemination(case_id=case.id, from_agency_id=case.agency_id, to_agency_id=agency.id,
                              scope="case", reason=reason, requested_by=requested_by or None,
                              granted_by_id=user.id))
    session.flush()
    return share


def agency_users(session: Session, agency_id: int) -> list[User]:
    """The active agents and supervisors of an agency, by name (for lead-agent choices)."""
    return list(session.scalars(
        select(User).where(User.agency_id == agency_id, User.active.is_(True),
                           User.role.in_(("agent", "supervisor"))).order_by(User.name)
    ))


def worked_last(user: User):
    """When the user last worked each case (a subquery of case_id, at): records and operations they wrote,
    cases they lead or opened."""
    from ..operations.models import Operation
    from ..subjects.models import SubjectRecord

    moments = union_all(
        select(SubjectRecord.case_id.label("case_id"), SubjectRecord.updated_at.label("at"))
        .where(SubjectRecord.created_by_id == user.id),
        select(Operation.case_id, Operation.updated_at).where(Operation.created_by_id == user.id),
        select(Case.id, Case.updated_at).where(or_(Case.created_by_id == user.id, Case.lead_agent_id == user.id)),
    ).subquery()
    return select(moments.c.case_id, func.max(moments.c.at).label("at")).group_by(moments.c.case_id).subquery()


def recent_cases(session: Session, user: User, limit: int | None = None, only_worked: bool = False,
                 status: str | None = "open", q: str | None = None) -> list[Case]:
    """The agency's cases for a picker: those the user worked last first, then the newest opened.

    ``q`` narrows them as the case list's search does (number, title, or a record in the case).
    """
    last = worked_last(user)
    query = select(Case).outerjoin(last, last.c.case_id == Case.id).where(Case.agency_id == user.agency_id)
    if q and q.strip():
        query = query.where(case_text_clause(session, user, q.strip()[:200]))
    if status:
        query = query.where(Case.status == status)
    if only_worked:
        query = query.where(last.c.at.is_not(None))
    query = query.order_by(last.c.at.desc().nulls_last(), Case.opened_on.desc(), Case.id.desc())
    return list(session.scalars(query.limit(limit) if limit else query))
