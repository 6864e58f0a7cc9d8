"""The phone channel of the outbox: text messages (or voice calls) through an SMS/voice gateway's webhook.

Kept like the e-mail outbox: a message is a row written in the same
transaction as its cause, and it stays until the gateway accepts it. A
failure only moves its next attempt later (1 min, 2, 4, ... capped at an
hour). A sender claims a message before posting it, so several senders, or
a sender restarted mid-run, do not post one message twice; a sender that
dies after the gateway accepted a message but before marking it sent posts
it again once its claim lapses, with the same ``Idempotency-Key``, so the
gateway drops the repeat: the person is texted once.

The driver is a plain HTTPS webhook (``PHONE_GATEWAY_URL``): most SMS and
voice providers, or a small relay in front of one, take a JSON POST. The
tests run a local stub gateway that records what it is sent.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Mapping, Protocol

import phonenumbers
import requests
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db
from .models import QueuedMessage
from .outbox import claim_due, mark_sent, retry_later

CHANNELS = ("sms", "voice")


class PhoneMessage(QueuedMessage, db.Model):
    """A text message or voice call to send, in its recipient's language, kept until the gateway accepts it."""

    __tablename__ = "phone_messages"
    __table_args__ = (Index("ix_phone_messages_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("conflict_alerts.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    to_number: Mapped[str] = mapped_column(String(32))  # E.164
    channel: Mapped[str] = mapped_column(String(8), default="sms")
    locale: Mapped[str] = mapped_column(String(8), default="en")
    body: Mapped[str] = mapped_column(Text)

    @property
    def idempotency_key(self) -> str:
        """The same on every attempt, so the gateway can drop a repeat."""
        return f"coordinator-phone-{self.id}-{int(self.created_at.timestamp())}"


def e164(raw: str | None, country: str | None = None) -> str | None:
    """A phone number in E.164 (``+15205550177``), or None when it is not a valid number."""
    if not raw:
        return None
    try:
        number = phonenumbers.parse(raw, None if raw.strip().startswith("+") else (country or "US"))
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def queue_phone_message(session: Session, to_number: str, body: str, *, channel: str = "sms", locale: str = "en",
                        alert_id: int | None = None, user_id: int | None = None) -> PhoneMessage:
    """Add a message to the phone outbox, in the caller's transaction."""
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {CHANNELS}")
    message = PhoneMessage(to_number=to_number, body=body[:1000], channel=channel, locale=locale,
                           alert_id=alert_id, user_id=user_id)
    session.add(message)
    return message


@dataclass(frozen=True)
class GatewaySettings:
    """Where the gateway's webhook is: from the app's PHONE_GATEWAY_* settings (the environment)."""

    url: str | None
    token: str | None = None
    timeout: int = 10

    @classmethod
    def from_config(cls, config: Mapping) -> "GatewaySettings":
        return cls(url=config.get("PHONE_GATEWAY_URL"), token=config.get("PHONE_GATEWAY_TOKEN"),
                   timeout=int(config.get("PHONE_GATEWAY_TIMEOUT") or 10))


class Gateway(Protocol):
    def send(self, message: PhoneMessage) -> None: ...


class GatewayError(Exception):
    """The gateway did not accept a message (refused it, or could not be reached)."""


class WebhookGateway:
    """POSTs each message as JSON; any 2xx answer means accepted."""

    def __init__(self, settings: GatewaySettings, http: requests.Session | None = None):
        if not settings.url:
            raise ValueError("PHONE_GATEWAY_URL is not set")
        self.settings, self.http = settings, http or requests.Session()

    def send(self, message: PhoneMessage) -> None:
        headers = {"Idempotency-Key": message.idempotency_key}
        if self.settings.token:
            headers["Authorization"] = f"Bearer {self.settings.token}"
        payload = {"id": message.idempotency_key, "to": message.to_number, "channel": message.channel,
                   "locale": message.locale, "body": message.body}
        try:
            answer = self.http.post(self.settings.url, json=payload, headers=headers, timeout=self.settings.timeout)
        except requests.RequestException as err:
            raise GatewayError(f"{type(err).__name__}: {err}") from err
        if not 200 <= answer.status_code < 300:
            raise GatewayError(f"HTTP {answer.status_code}: {answer.text[:200]}")


def claim_due_phone(session: Session, now: datetime | None = None, limit: int = 50) -> list[int]:
    """Claim up to ``limit`` pending phone messages whose time has come; their ids, oldest first."""
    return claim_due(session, now, limit, model=PhoneMessage)


def deliver_phone(session: Session, message_id: int, gateway: Gateway, now: datetime | None = None) -> bool:
    """Post one claimed message; True when the gateway accepted it, else it waits for its next attempt."""
    message = session.get(PhoneMessage, message_id)
    if message is None or message.status != "pending":
        return False
    message.attempts += 1
    try:
        gateway.send(message)
    except GatewayError as err:
        retry_later(session, message, str(err), now)
        return False
    mark_sent(session, message, now)
    return True
