"""Agencies, their offices, their users and the users' API tokens."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..deconfliction.places import STATE_PLATE_COUNTRIES, normalise_plate_region
from ..extensions import db
from ..types import UTCDateTime, utcnow


class Agency(db.Model):
    """A participating agency of any country, by the code the API uses (ATF, FGR, PNC-GT, AZDPS, ...).

    Agencies are data an administrator keeps (``accounts.agencies``): the
    twelve of the first agreement and the partners the migrations seed can
    be edited and deactivated, and more added. ``kind`` is one of
    ``codes.AGENCY_KINDS``; ``default_region`` is the state or country whose
    plates the agency's users write without naming it (AZ, SON, GT).
    """

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(default=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    default_locale: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    default_region: Mapped[str | None] = mapped_column(String(8))

    offices: Mapped[list["Office"]] = relationship(back_populates="agency", order_by="Office.name")
    parent: Mapped["Agency | None"] = relationship(remote_side=[id])

    @property
    def plate_issuer(self) -> str | None:
        """The plate issuer the agency's users mean when they name none: its default region, or its country
        where plates are national (GT); None for a US or Mexican agency without one (plates repeat across states)."""
        if self.default_region:
            return normalise_plate_region(self.default_region)
        return self.country if self.country not in STATE_PLATE_COUNTRIES else None

    def __repr__(self) -> str:
        return f"<Agency {self.code}>"


class Office(db.Model):
    """A field office of an agency (Phoenix Field Division, Delegación Sonora, ...)."""

    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(120))
    state: Mapped[str | None] = mapped_column(String(8))
    country: Mapped[str] = mapped_column(String(2))

    agency: Mapped[Agency] = relationship(back_populates="offices")


class User(UserMixin, db.Model):
    """A person who signs in: one agency, one role, one language."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    role: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    phone: Mapped[str | None] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    otp_secret: Mapped[str | None] = mapped_column(String(64))
    # The second factor counts once confirmed with a code; the last time step used is refused again.
    otp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    otp_last_step: Mapped[int | None]
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when an administrator sets the password (account recovery): the user must choose a new one.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Where the last successful sign-in came from: attempts from there are not slowed by others' failures.
    last_login_address: Mapped[str | None] = mapped_column(String(45))
    # Raised to end every browser session of the account at once (password change, deactivation, an administrator).
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    agency: Mapped[Agency] = relationship()
    office: Mapped[Office | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        """The account may sign in: active, of an agency that is active (a deactivated agency's users may not)."""
        return self.active and self.agency.active

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class ApiToken(db.Model):
    """A bearer token for the API; only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(foreign_keys=[user_id])
