"""The second factor: TOTP (RFC 6238) enrolled by QR code, and one-use recovery codes.

A code is accepted within one 30-second step either side of now (clock
drift), and only once: the step it matched is stored, and a code of that
step or an earlier one is refused (a code seen over a shoulder cannot be
replayed). Recovery codes carry 80 random bits each, so their SHA-256 is
enough to store them safely; each works once.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
import qrcode
import qrcode.image.svg
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..audit.recorder import record
from ..types import utcnow
from .models import RecoveryCode

ISSUER = "Coordinator"
STEP = 30
DRIFT_STEPS = 1
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols: 5 bits each, no 0/O or 1/I


class TwoFactorError(ValueError):
    """An enrolment step refused; the message says why."""


def is_enrolled(user: User) -> bool:
    """True once the user has confirmed a second factor."""
    return user.otp_secret is not None and user.otp_confirmed_at is not None


def begin_enrolment(session: Session, user: User) -> str:
    """A fresh secret for a user without a confirmed factor (kept until confirmed or replaced)."""
    if is_enrolled(user):
        raise TwoFactorError(str(_l("A second factor is already set up.")))
    if user.otp_secret is None:
        user.otp_secret = pyotp.random_base32(32)
        session.flush()
    return user.otp_secret


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The QR code of an address, as SVG markup (no images, no scripts, no styles)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def _matching_step(secret: str, code: str, after_step: int | None, now: datetime) -> int | None:
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if after_step is not None and step <= after_step:
            continue
        if hmac.compare_digest(totp.at(step * STEP), code):
            return step
    return None


def confirm_enrolment(session: Session, user: User, code: str, now: datetime | None = None) -> list[str]:
    """Confirm the pending secret with a code from the app; returns the new recovery codes."""
    now = now or utcnow()
    if user.otp_secret is None or is_enrolled(user):
        raise TwoFactorError(str(_l("Start the set-up again.")))
    step = _matching_step(user.otp_secret, code, None, now)
    if step is None:
        raise TwoFactorError(str(_l("That code is not right; check the time on your phone and try again.")))
    user.otp_confirmed_at, user.otp_last_step = now, step
    record(session, "2fa.enrol", object_type="user", object_id=user.id)
    return new_recovery_codes(session, user, now)


def _digest(code: str) -> str:
    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()


def new_recovery_codes(session: Session, user: User, now: datetime | None = None) -> list[str]:
    """Replace the user's recovery codes with fresh ones; only their hashes are kept."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(16))
        codes.append("-".join(raw[i:i + 4] for i in range(0, 16, 4)))
    session.add_all(RecoveryCode(user_id=user.id, digest=_digest(c), created_at=now or utcnow()) for c in codes)
    session.flush()
    record(session, "2fa.recovery_codes", object_type="user", object_id=user.id)
    return codes


def remaining_recovery_codes(session: Session, user: User) -> int:
    """How many unused recovery codes the user has left."""
    return len(session.scalars(select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all())


def _use_recovery_code(session: Session, user: User, code: str, now: datetime) -> bool:
    row = session.scalar(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.digest == _digest(code), RecoveryCode.used_at.is_(None)))
    if row is None:
        return False
    row.used_at = now
    record(session, "2fa.recovery_code_used", object_type="user", object_id=user.id, durable=True)
    return True


def check_second_factor(session: Session, user: User, code: str | None, now: datetime | None = None) -> bool:
    """True for a fresh TOTP code of the user's app, or one of the user's unused recovery codes."""
    now = now or utcnow()
    if not code or not is_enrolled(user):
        return False
    step = _matching_step(user.otp_secret, code, user.otp_last_step, now)
    if step is not None:
        user.otp_last_step = step
        return True
    return len(code.strip()) > 8 and _use_recovery_code(session, user, code, now)


def reset_second_factor(session: Session, user: User) -> None:
    """Remove the user's factor and recovery codes (an administrator's act, or the user's replacing it)."""
    user.otp_secret, user.otp_confirmed_at, user.otp_last_step = None, None, None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.flush()
    record(session, "2fa.reset", object_type="user", object_id=user.id)
