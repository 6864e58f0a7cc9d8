"""Creating users, signing in, and API tokens."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..codes import ROLES
from ..types import utcnow
from .models import Agency, ApiToken, User
from .passwords import hash_password, needs_rehash, verify_password

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=10)
TOKEN_PREFIX = "cdt_"


class AccountError(ValueError):
    """A user or token request that cannot be carried out; the message says why."""


def agency_by_code(session: Session, code: str) -> Agency | None:
    """The agency with this code (ATF, FGR, ...), case-insensitively."""
    return session.scalar(select(Agency).where(Agency.code == (code or "").strip().upper()))


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    agency_code: str,
    role: str,
    password: str,
    locale: str | None = None,
    timezone: str = "UTC",
    phone: str | None = None,
) -> User:
    """Create a user of an agency with a hashed password."""
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 254:
        raise AccountError(_("Not an email address: %(email)s", email=email))
    if not (name or "").strip():
        raise AccountError(_("A name is required."))
    agency = agency_by_code(session, agency_code)
    if agency is None:
        raise AccountError(_("No agency has the code %(code)s.", code=agency_code))
    if role not in ROLES:
        raise AccountError(_("The role must be one of %(roles)s.", roles=", ".join(ROLES)))
    if len(password or "") < 12:
        raise AccountError(_("The password must have at least 12 characters."))
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError(_("A user with the email %(email)s exists already.", email=email))
    user = User(
        email=email, name=name.strip(), agency=agency, role=role, locale=locale,
        timezone=timezone, phone=phone, password_hash=hash_password(password),
    )
    session.add(user)
    session.flush()
    return user


@dataclass(frozen=True)
class SignIn:
    """The outcome of a log-in attempt: the user, or why not."""

    user: User | None
    reason: str | None = None  # "invalid" | "locked" | "inactive"


def authenticate(session: Session, email: str, password: str, now: datetime | None = None) -> SignIn:
    """Check a password, counting failures and locking the account after too many."""
    now = now or utcnow()
    user = session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None:
        return SignIn(None, "invalid")
    if user.locked_until is not None and user.locked_until > now:
        return SignIn(None, "locked")
    if not verify_password(user.password_hash, password or ""):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        session.flush()
        return SignIn(None, "invalid")
    if not user.active:
        return SignIn(None, "inactive")
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.flush()
    return SignIn(user)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user: User, days: int, label: str | None = None) -> str:
    """Issue a new API token for the user; only its digest is stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(
        user=user, digest=_digest(token), label=label,
        expires_at=utcnow() + timedelta(days=days) if days else None,
    ))
    session.flush()
    return token


def user_for_token(session: Session, token: str, now: datetime | None = None) -> User | None:
    """The active user a live (unexpired, unrevoked) token belongs to."""
    now = now or utcnow()
    row = session.scalar(select(ApiToken).where(ApiToken.digest == _digest(token or "")))
    if row is None or row.revoked_at is not None:
        return None
    if row.expires_at is not None and row.expires_at <= now:
        return None
    if not row.user.active:
        return None
    row.last_used_at = now
    return row.user
