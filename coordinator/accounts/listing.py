"""The administrators' list of users: who is locked out, who has a second factor, when each last signed in."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..types import utcnow
from .models import Agency, User

STATES = ("active", "inactive", "locked")
SECOND_FACTOR = ("enrolled", "missing")


@dataclass(frozen=True)
class UserFilters:
    """What the list is narrowed to (each None: no narrowing)."""

    agency: str | None = None
    role: str | None = None
    state: str | None = None
    second_factor: str | None = None
    q: str | None = None

    @classmethod
    def from_args(cls, args, roles) -> "UserFilters":
        """Read the query string, dropping values that are not among the choices."""
        def pick(name, allowed):
            value = (args.get(name) or "").strip()
            return value if value in allowed else None

        q = (args.get("q") or "").strip()[:100] or None
        return cls(agency=(args.get("agency") or "").strip().upper()[:16] or None, role=pick("role", roles),
                   state=pick("state", STATES), second_factor=pick("second_factor", SECOND_FACTOR), q=q)


def users_query(filters: UserFilters, now: datetime | None = None):
    """The users matching the filters, by agency then name."""
    now = now or utcnow()
    query = select(User).join(Agency, User.agency_id == Agency.id)
    if filters.agency:
        query = query.where(Agency.code == filters.agency)
    if filters.role:
        query = query.where(User.role == filters.role)
    if filters.state == "active":
        query = query.where(User.active.is_(True))
    elif filters.state == "inactive":
        query = query.where(User.active.is_(False))
    elif filters.state == "locked":
        query = query.where(User.locked_until.is_not(None), User.locked_until > now)
    enrolled = User.otp_secret.is_not(None) & User.otp_confirmed_at.is_not(None)  # as twofactor.is_enrolled
    if filters.second_factor == "enrolled":
        query = query.where(enrolled)
    elif filters.second_factor == "missing":
        query = query.where(~enrolled)
    if filters.q:
        like = f"%{filters.q.lower()}%"
        query = query.where(or_(User.email.like(like), User.name.ilike(like)))
    return query.order_by(Agency.code, User.name, User.id)


def agency_codes(session: Session) -> list[str]:
    return list(session.scalars(select(Agency.code).order_by(Agency.code)))
