"""Creating users, signing in (password and second factor), passwords, sessions and API tokens.

Every sign-in attempt is written to the audit trail as a durable entry: a
failed one is kept even though the request writes nothing else.

Guessing is slowed down, never answered with a lock an attacker could keep
shut: after ``MAX_FAILED_LOGINS`` failures in a row an account is *held*
for a minute, doubling with each further failure up to ``MAX_HOLD``; while
held, attempts are answered exactly as an unknown email is ("wrong email or
password", after the same hashing work) and are neither checked nor
counted. Attempts from the address of the account's last successful
sign-in are not held by failures from elsewhere, so its owner signs in
while someone else guesses. Each address is limited besides
(``RATE_LIMITS["login"]``, ``security.sessions``).
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from flask_babel import gettext as _
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session, joinedload

from ..audit.recorder import Actor, record
from ..codes import ROLES
from ..deconfliction.normalise import phone_to_store
from ..security.models import BrowserSession
from ..security.passwords import password_problems, remember, used_before
from ..security.store import open_sessions
from ..security.twofactor import check_second_factor, is_enrolled
from ..types import utcnow
from .models import Agency, ApiToken, Office, User
from .zones import default_timezone
from .passwords import hash_password, needs_rehash, verify_password

MAX_FAILED_LOGINS = 5
FIRST_HOLD = timedelta(minutes=1)
MAX_HOLD = timedelta(minutes=15)
TOKEN_PREFIX = "cdt_"
MAX_TOKEN_DAYS = 365
TOKEN_USE_RESOLUTION = timedelta(minutes=1)  # how finely a token's last use is kept


class AccountError(ValueError):
    """A user or token request that cannot be carried out; the message says why."""


def agency_by_code(session: Session, code: str) -> Agency | None:
    """The agency with this code (ATF, FGR, ...), case-insensitively."""
    return session.scalar(select(Agency).where(Agency.code == (code or "").strip().upper()))


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked against when the email is unknown, so a wrong email takes as long as a wrong password."""
    return hash_password("not a password of anyone: " + secrets.token_hex(8))


def _check_new_password(password: str, email: str, name: str) -> None:
    problems = password_problems(password, email=email, name=name)
    if problems:
        raise AccountError(" ".join(problems))


def set_phone(user: User, raw: str | None) -> None:
    """The user's phone (other agencies call it), a number typed without its country code read in the country of
    the user's agency: kept in E.164."""
    user.phone = phone_to_store(raw, user.agency.country if user.agency else None)


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    agency_code: str,
    role: str,
    password: str,
    locale: str | None = None,
    timezone: str | None = None,
    phone: str | None = None,
    temporary: bool = False,
    office_id: int | None = None,
) -> User:
    """Create a user of an agency with a hashed password that meets the password rules.

    Without ``timezone`` the user starts in the office's zone, else the agency's (``zones``).

    ``temporary``: someone else chose the password (an administrator's form):
    as after a reset, it must be replaced at the first sign-in before
    anything else opens, so the one who chose it cannot use it for casework.
    """
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 254:
        raise AccountError(_("Not an email address: %(email)s", email=email))
    if not (name or "").strip():
        raise AccountError(_("A name is required."))
    agency = agency_by_code(session, agency_code)
    if agency is None:
        raise AccountError(_("No agency has the code %(code)s.", code=agency_code))
    if not agency.active:
        raise AccountError(_("The agency %(code)s is deactivated.", code=agency.code))
    if role not in ROLES:
        raise AccountError(_("The role must be one of %(roles)s.", roles=", ".join(ROLES)))
    _check_new_password(password, email, name)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError(_("A user with the email %(email)s exists already.", email=email))
    office = session.get(Office, office_id) if office_id else None
    if office_id and (office is None or office.agency_id != agency.id):
        raise AccountError(_("That office is not one of %(code)s's.", code=agency.code))
    user = User(
        email=email, name=name.strip(), agency=agency, office=office, role=role, locale=locale,
        timezone=timezone or default_timezone(agency, office), phone=phone_to_store(phone, agency.country), password_hash=hash_password(password), password_changed_at=utcnow(),
        must_change_password=temporary,
    )
    session.add(user)
    session.flush()
    return user


@dataclass(frozen=True)
class SignIn:
    """The outcome of a log-in attempt: the user, or why not."""

    user: User | None
    reason: str | None = None  # "invalid" | "locked" (held) | "inactive" | "second_factor"
    must_enrol: bool = False  # signed in, but must set up a second factor before anything else


def hold_for(failures: int) -> timedelta | None:
    """How long an account is held after this many failures in a row (None: not held)."""
    if failures < MAX_FAILED_LOGINS:
        return None
    return min(FIRST_HOLD * 2 ** min(failures - MAX_FAILED_LOGINS, 16), MAX_HOLD)


def is_held(user: User, now: datetime | None = None) -> bool:
    """True while the account is held after failed attempts."""
    return user.locked_until is not None and user.locked_until > (now or utcnow())


def count_failure(session: Session, user: User, now: datetime | None = None) -> None:
    """Count a failed password or code against the account, and hold it past ``MAX_FAILED_LOGINS``.

    The count is written on its own connection and committed at once, so
    it stands even when the request that failed is answered 4xx and rolled
    back (a wrong code on the second-factor pages): those are the attempts
    it is for.
    """
    now = now or utcnow()
    users = User.__table__
    with session.get_bind().engine.begin() as conn:
        failures = conn.execute(update(users).where(users.c.id == user.id)
                                .values(failed_logins=func.coalesce(users.c.failed_logins, 0) + 1)
                                .returning(users.c.failed_logins)).scalar_one()
        hold = hold_for(failures)
        if hold is not None:
            conn.execute(update(users).where(users.c.id == user.id).values(locked_until=now + hold))
    session.refresh(user, ["failed_logins", "locked_until"])
    if hold is not None:
        record(session, "account.lock", object_type="user", object_id=user.id, outcome="success",
               actor=Actor.of(user), details={"until": (now + hold).isoformat(), "failures": failures},
               durable=True)


def _log_attempt(session: Session, email: str, user: User | None, outcome: str, reason: str | None) -> None:
    actor = Actor.of(user) if user is not None else Actor(None, (email or "")[:254] or None, None)
    record(session, "login", object_type="user", object_id=user.id if user else None, outcome=outcome,
           details={"reason": reason} if reason else {}, actor=actor, durable=True)


def authenticate(session: Session, email: str, password: str, now: datetime | None = None, *,
                 otp: str | None = None, second_factor_required: bool = False,
                 address: str | None = None) -> SignIn:
    """Check a password (and the second factor, once enrolled); count failures, hold after too many.

    A wrong or missing one-time code counts as a failed attempt like a wrong
    password. ``second_factor_required`` (every account outside development)
    lets a user without a factor in only to enrol one. ``address`` is where
    the attempt comes from: the address of the last successful sign-in is
    not held by failures from elsewhere.
    """
    now = now or utcnow()
    user = session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    outcome = _authenticate(session, user, password, otp, now, second_factor_required, address)
    _log_attempt(session, email, user, "success" if outcome.user else "failure", outcome.reason)
    return outcome


def _authenticate(session: Session, user: User | None, password: str, otp: str | None, now: datetime,
                  second_factor_required: bool, address: str | None) -> SignIn:
    if user is None:
        verify_password(_dummy_hash(), password or "")
        return SignIn(None, "invalid")
    if is_held(user, now) and (address is None or address != user.last_login_address):
        verify_password(_dummy_hash(), password or "")  # as long as a checked attempt takes
        return SignIn(None, "locked")
    if not verify_password(user.password_hash, password or ""):
        count_failure(session, user, now)
        return SignIn(None, "invalid")
    if not user.is_active:
        return SignIn(None, "inactive")
    if is_enrolled(user) and not check_second_factor(session, user, otp, now):
        count_failure(session, user, now)
        return SignIn(None, "second_factor")
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    user.last_login_address = address
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.flush()
    return SignIn(user, must_enrol=second_factor_required and not is_enrolled(user))


def unlock(session: Session, user: User) -> None:
    """An administrator lifts a hold before it ends."""
    user.locked_until, user.failed_logins = None, 0
    session.flush()
    record(session, "account.unlock", object_type="user", object_id=user.id)


# --- sessions ----------------------------------------------------------------------

def end_sessions(session: Session, user: User, reason: str) -> int:
    """End every browser session of the account now; returns how many were open.

    Raising the account's session generation refuses every session made
    before (even one whose request is still running and would write its row
    back); deleting the rows makes it visible at once.
    """
    count = open_sessions(session, user.id)
    user.session_generation = (user.session_generation or 0) + 1
    session.execute(delete(BrowserSession).where(BrowserSession.user_id == user.id))
    session.flush()
    record(session, "session.revoke", object_type="user", object_id=user.id, details={"reason": reason,
                                                                                       "sessions": count})
    return count


# --- passwords ---------------------------------------------------------------------

def _replace_password(session: Session, user: User, new: str, now: datetime) -> None:
    _check_new_password(new, user.email, user.name)
    if used_before(session, user.id, new, user.password_hash):
        raise AccountError(_("Choose a password you have not used recently (not one of your last 10)."))
    remember(session, user.id, user.password_hash)
    user.password_hash = hash_password(new)
    user.password_changed_at = now


def change_password(session: Session, user: User, current: str, new: str, now: datetime | None = None) -> None:
    """The user replaces the password, proving the current one."""
    now = now or utcnow()
    if not verify_password(user.password_hash, current or ""):
        record(session, "password.change", object_type="user", object_id=user.id, outcome="failure",
               details={"reason": "wrong current password"}, durable=True)
        raise AccountError(_("Your current password is not right."))
    _replace_password(session, user, new, now)
    user.must_change_password = False
    session.flush()
    record(session, "password.change", object_type="user", object_id=user.id)
    end_sessions(session, user, "password change")  # whoever held the old password is signed out


def reset_password(session: Session, user: User, new: str, now: datetime | None = None, *,
                   by: User | None = None) -> None:
    """An administrator sets a temporary password (account recovery): the user must replace it at once.

    Recovery assumes the account may be in other hands: its sessions end and
    its API tokens are revoked.
    """
    now = now or utcnow()
    _replace_password(session, user, new, now)
    user.must_change_password = True
    user.locked_until, user.failed_logins = None, 0
    session.flush()
    record(session, "password.reset", object_type="user", object_id=user.id)
    end_sessions(session, user, "password reset")
    revoke_all_tokens(session, user, by)


# --- API tokens ----------------------------------------------------------------------

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user: User, days: int, label: str | None = None,
                 max_days: int = MAX_TOKEN_DAYS) -> str:
    """Issue a new API token for the user, valid for ``days`` (every token expires); only its digest is stored."""
    if not isinstance(days, int) or not 1 <= days <= max_days:
        raise AccountError(_("A token lives between 1 and %(n)d days.", n=max_days))
    token, now = TOKEN_PREFIX + secrets.token_urlsafe(32), utcnow()
    session.add(ApiToken(user=user, digest=_digest(token), label=(label or None) and label[:120],
                         created_at=now, expires_at=now + timedelta(days=days)))
    session.flush()
    return token


@lru_cache(maxsize=1)
def token_by_digest():
    """One query for a token, its user and the user's agency (the audit trail names it).

    Every API request asks, so the statement is built once (when the models
    are all known), not per request.
    """
    return select(ApiToken).where(ApiToken.digest == bindparam("digest")) \
        .options(joinedload(ApiToken.user).joinedload(User.agency))


def token_status(session: Session, token: str, now: datetime | None = None, *,
                 second_factor_required: bool = False) -> tuple[User | None, str | None]:
    """The active user a live token belongs to, or why the token is refused.

    A token is only as good as its account: refused while the account (or
    its agency) is deactivated by an administrator, waiting for a password
    set by an administrator to be replaced (account recovery), or — where
    every account needs one (``second_factor_required``) — without a second
    factor. Not while the account is held after failed sign-ins: the hold
    slows password guessing in the browser, and anyone who knows an email
    can cause one, so it must not shut a service's API integration (a stolen
    token is revoked, not held).
    """
    now = now or utcnow()
    row = session.scalar(token_by_digest(), {"digest": _digest(token or "")})
    if row is None:
        return None, "unknown"
    if row.revoked_at is not None:
        return None, "revoked"
    if row.expires_at is not None and row.expires_at <= now:
        return None, "expired"
    user = row.user
    if not user.is_active:
        return None, "inactive"
    if user.must_change_password:
        return None, "password_reset"
    if second_factor_required and not is_enrolled(user):
        return None, "second_factor"
    if row.last_used_at is None or now - row.last_used_at >= TOKEN_USE_RESOLUTION:
        _record_use(session, row, now)
    return row.user, None


def _record_use(session: Session, row: ApiToken, now: datetime) -> None:
    """The token's last use, kept to the minute (``TOKEN_USE_RESOLUTION``), without ever waiting for it.

    A write per request would queue every request of a token behind the one
    before it. Once a minute is not enough on its own: the request that
    writes it holds the row until it commits, and the token's other
    requests in flight, reading the older time, would each wait for that
    commit to write theirs. So the row is taken only if no one holds it
    (``SKIP LOCKED``; ``NO KEY``, so no insert that refers to it waits
    either): one holding it is already recording this minute's use.
    """
    free = session.scalar(select(ApiToken.id).where(ApiToken.id == row.id)
                          .with_for_update(skip_locked=True, key_share=True))
    if free is not None:
        row.last_used_at = now


def user_for_token(session: Session, token: str, now: datetime | None = None) -> User | None:
    """The active user a live (unexpired, unrevoked) token belongs to."""
    return token_status(session, token, now)[0]


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens, newest first (live and dead)."""
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke_token(session: Session, token: ApiToken, by: User | None, now: datetime | None = None) -> ApiToken:
    """End a token now; revoking a dead token changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = now or utcnow()
        token.revoked_by_id = by.id if by is not None else None
        session.flush()
    return token


def revoke_all_tokens(session: Session, user: User, by: User | None) -> int:
    """End every live token of a user (an account deactivated, a device lost)."""
    live = [t for t in tokens_of(session, user) if t.revoked_at is None]
    for token in live:
        revoke_token(session, token, by)
    return len(live)
