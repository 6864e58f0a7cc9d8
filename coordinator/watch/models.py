"""What the watch centre keeps: its officers' regions, who owns an alert, the calls made, the escalations."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Agency, User
from ..conflicts.models import ConflictAlert
from ..extensions import db
from ..types import UTCDateTime, utcnow


class WatchRegion(db.Model):
    """The region a watch officer covers; no row: national.

    A region is a list of US and Mexican states (``states``: "AZ", "SON",
    ...), a box of latitudes and longitudes (``box``: south, west, north,
    east), IANA time zones (``zones``), or any mix: an alert is the
    region's when one of its places lies in any of them. States and the box
    are read from the points of the alert's places (operations, and records
    that give a point); zones from the zone each operation carries.
    """

    __tablename__ = "watch_regions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    zones: Mapped[list] = mapped_column(JSON, default=list)
    states: Mapped[list | None] = mapped_column(JSON)
    box: Mapped[list | None] = mapped_column(JSON)


class WatchItem(db.Model):
    """The watch centre's handling of one critical alert: who owns it, and when it was closed."""

    __tablename__ = "watch_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("conflict_alerts.id", ondelete="CASCADE"), unique=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    owned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    close_note: Mapped[str | None] = mapped_column(Text)

    alert: Mapped[ConflictAlert] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])


class WatchCall(db.Model):
    """A call the watch centre made about an alert, as its officer logged it."""

    __tablename__ = "watch_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("conflict_alerts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    note: Mapped[str] = mapped_column(Text)

    user: Mapped[User] = relationship()


class AlertEscalation(db.Model):
    """A side that left a critical alert unacknowledged past the limit, escalated once.

    The unique side is what makes it once: two escalation processes racing
    on the same side insert the same row, and only one insert can win. Per
    side, not per agency: an alert between two cases of one agency (two
    field offices) has two sides of that agency, each escalated on its own.
    """

    __tablename__ = "alert_escalations"
    __table_args__ = (UniqueConstraint("side_id", name="uq_alert_escalations_side_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("conflict_alerts.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    side_id: Mapped[int] = mapped_column(ForeignKey("alert_sides.id", ondelete="CASCADE"))
    minutes: Mapped[int]
    escalated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    agency: Mapped[Agency] = relationship()
