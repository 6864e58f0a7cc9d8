"""What each role's start page shows."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..cases.models import Case
from ..codes import LIVE_OPERATION_STATUSES
from ..operations.models import Operation
from ..types import utcnow


def upcoming_operations(session: Session, agency_id: int, limit: int = 20) -> list[Operation]:
    """The agency's live operations that have not ended, soonest first."""
    return list(session.scalars(
        select(Operation)
        .where(Operation.agency_id == agency_id, Operation.status.in_(LIVE_OPERATION_STATUSES),
               Operation.ends_at > utcnow())
        .order_by(Operation.starts_at).limit(limit)
    ))


HOME_CASES = 10


def agent_home(session: Session, user: User) -> dict:
    """What an agent works: the open alerts on the agent's cases, their coming operations, the cases worked last.

    The agent's cases are those the agent leads or opened, or wrote a record or an operation in
    (``cases.services.worked_last``); the agency's other coming operations follow.
    """
    from ..cases.services import recent_cases, worked_last
    from ..review.home import alerts_on_cases

    mine = select(worked_last(user).c.case_id)
    cases = recent_cases(session, user, limit=HOME_CASES + 1, only_worked=True, status=None)
    own_operations = list(session.scalars(
        select(Operation).where(Operation.case_id.in_(mine), Operation.status.in_(LIVE_OPERATION_STATUSES),
                                Operation.ends_at > utcnow()).order_by(Operation.starts_at).limit(20)))
    return {"cases": cases[:HOME_CASES], "more_cases": len(cases) > HOME_CASES,
            "own_operations": own_operations, "operations": upcoming_operations(session, user.agency_id, limit=10),
            **alerts_on_cases(session, user, mine)}


def supervisor_home(session: Session, user: User) -> dict:
    """The supervisor lands on the agency's alert queue (what to decide first), then the operations."""
    from ..review.home import review_summary

    return {**review_summary(session, user), "operations": upcoming_operations(session, user.agency_id, limit=50)}
