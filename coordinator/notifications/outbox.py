"""Sending the outbox through SMTP: claim what is due, send it, mark it sent or try later.

Delivery is at least once: a message leaves the outbox only when the SMTP
server has accepted it. A refusal or a dead server moves its next attempt
later (1 min, 2, 4, ... capped at an hour), it is never dropped. A sender
claims a message for a few minutes before sending it, so several senders
(or a sender restarted mid-run) do not send one message twice; a sender that
dies after the server accepted a message but before marking it may send it
again once its claim lapses — a duplicate, never a loss. The Message-ID is
the same on every attempt, so a mail system can drop the duplicate.

A message that cannot even be built into an email (a header the email
library refuses, whatever put it there) would fail the same way on every
attempt: it is set aside (``failed``, with its error, shown by ``outbox
status`` and the outbox page) rather than retried, and the queue goes on.
"""
from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate
from typing import Mapping, Protocol

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from ..types import utcnow
from .models import OutboxMessage

CLAIM = timedelta(minutes=5)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send: from the app's SMTP_* settings (the environment)."""

    host: str | None
    port: int = 25
    user: str | None = None
    password: str | None = None
    sender: str = "coordinator@localhost"
    tls: str = "none"  # none | starttls | ssl
    timeout: int = 20

    @classmethod
    def from_config(cls, config: Mapping) -> "SmtpSettings":
        return cls(host=config.get("SMTP_HOST"), port=int(config.get("SMTP_PORT") or 25),
                   user=config.get("SMTP_USER"), password=config.get("SMTP_PASSWORD"),
                   sender=config.get("SMTP_FROM") or "coordinator@localhost",
                   tls=(config.get("SMTP_TLS") or "none").lower(), timeout=int(config.get("SMTP_TIMEOUT") or 20))


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class SmtpTransport:
    """One SMTP connection per message: simple, and a broken connection never outlives a send."""

    def __init__(self, settings: SmtpSettings):
        if not settings.host:
            raise ValueError("SMTP_HOST is not set")
        self.settings = settings

    def send(self, message: EmailMessage) -> None:
        s = self.settings
        factory = smtplib.SMTP_SSL if s.tls == "ssl" else smtplib.SMTP
        with factory(s.host, s.port, timeout=s.timeout) as smtp:
            if s.tls == "starttls":
                smtp.starttls()
            if s.user:
                smtp.login(s.user, s.password or "")
            smtp.send_message(message)


def backoff(attempts: int) -> timedelta:
    """How long to wait after the n-th failed attempt."""
    doublings = min(max(attempts - 1, 0), 12)  # 2**12 minutes is past the cap already
    return min(FIRST_RETRY * (2 ** doublings), LONGEST_WAIT)


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The email of an outbox message, with a Message-ID that stays the same across attempts."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(message.created_at.timestamp(), usegmt=True)
    domain = sender.rpartition("@")[2] or "coordinator"
    email["Message-ID"] = f"<outbox-{message.id}-{int(message.created_at.timestamp())}@{domain}>"
    email.set_content(message.body)
    email["Content-Language"] = message.locale  # after set_content, which resets the Content-* headers
    return email


def claim_due(session: Session, now: datetime | None = None, limit: int = 50, model=OutboxMessage) -> list[int]:
    """Claim up to ``limit`` pending messages whose time has come; their ids, oldest first.

    ``model``: the queue's table (the e-mail outbox, or another outbox of the same shape).
    """
    now = now or utcnow()
    free = or_(model.claimed_until.is_(None), model.claimed_until < now)
    due = session.scalars(select(model.id).where(model.status == "pending", model.next_attempt_at <= now, free)
                          .order_by(model.next_attempt_at, model.id).limit(limit)).all()
    claimed = []
    for message_id in due:
        # Claimed only if still free: another sender that got there first wins the row.
        result = session.execute(update(model).where(model.id == message_id, model.status == "pending", free)
                                 .values(claimed_until=now + CLAIM).execution_options(synchronize_session=False))
        if result.rowcount == 1:
            claimed.append(message_id)
    session.flush()
    return claimed


def retry_later(session: Session, message, error: str, now: datetime | None = None) -> None:
    """A failed attempt: the message waits for its next try, its claim released."""
    message.last_error = error[:1000]
    message.next_attempt_at = (now or utcnow()) + backoff(message.attempts)
    message.claimed_until = None
    session.flush()


def mark_sent(session: Session, message, now: datetime | None = None) -> None:
    """The message went out: it is never sent again."""
    message.status, message.sent_at = "sent", now or utcnow()
    message.claimed_until, message.last_error = None, None
    session.flush()


SENT, RETRY, SET_ASIDE = "sent", "retry", "set_aside"


def deliver(session: Session, message_id: int, transport: Transport, sender: str,
            now: datetime | None = None) -> str:
    """Try to send one claimed message: ``sent``, ``retry`` (later) or ``set_aside`` (it cannot be built)."""
    message = session.get(OutboxMessage, message_id)
    if message is None or message.status != "pending":
        return RETRY
    message.attempts += 1
    try:
        email = build_email(message, sender)
    except (ValueError, TypeError, LookupError) as err:  # what the email library raises on a bad value
        message.status, message.claimed_until = "failed", None
        message.last_error = f"{type(err).__name__}: {err}"[:1000]
        session.flush()
        return SET_ASIDE
    try:
        transport.send(email)
    except (smtplib.SMTPException, OSError) as err:
        retry_later(session, message, f"{type(err).__name__}: {err}", now)
        return RETRY
    mark_sent(session, message, now)
    return SENT
