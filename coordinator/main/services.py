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


def agent_home(session: Session, user: User) -> dict:
    """An agent's own open cases and the agency's upcoming operations."""
    cases = list(session.scalars(
        select(Case).where(Case.agency_id == user.agency_id, Case.status == "open",
                           Case.lead_agent_id == user.id)
        .order_by(Case.updated_at.desc()).limit(20)
    ))
    return {"cases": cases, "operations": upcoming_operations(session, user.agency_id)}


def supervisor_home(session: Session, user: User) -> dict:
    """The supervisor lands on the agency's alert queue (what to decide first), then the operations."""
    from ..review.home import review_summary

    return {**review_summary(session, user), "operations": upcoming_operations(session, user.agency_id, limit=50)}
