"""Memoranda of understanding, their measurable rules, and the performance measures monitored."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Agency, User
from ..extensions import db
from ..types import UTCDateTime, utcnow


class Mou(db.Model):
    """An agreement between agencies, in effect from one date (until another, or open-ended)."""

    __tablename__ = "mous"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str | None] = mapped_column(String(64))
    signed_on: Mapped[date | None]
    effective_from: Mapped[date]
    effective_until: Mapped[date | None]
    summary: Mapped[str | None] = mapped_column(Text)
    # An example (the demo's, with invented figures), not an agreement its parties signed: marked wherever shown.
    example: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    parties: Mapped[list["MouParty"]] = relationship(back_populates="mou", cascade="all, delete-orphan",
                                                     order_by="MouParty.id")
    rules: Mapped[list["MouRule"]] = relationship(back_populates="mou", cascade="all, delete-orphan",
                                                  order_by="MouRule.id")

    @property
    def shown_title(self) -> str:
        """The title as exports print it: an example says so even if its title was edited."""
        return self.title if not self.example or "EXAMPLE" in self.title.upper() else f"{self.title} (EXAMPLE)"

    @property
    def party_codes(self) -> list[str]:
        return [p.agency.code for p in self.parties]

    def in_effect_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day <= self.effective_until)


class MouParty(db.Model):
    """An agency bound by an MOU."""

    __tablename__ = "mou_parties"
    __table_args__ = (UniqueConstraint("mou_id", "agency_id", name="uq_mou_parties_mou_agency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mou_id: Mapped[int] = mapped_column(ForeignKey("mous.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)

    mou: Mapped[Mou] = relationship(back_populates="parties")
    agency: Mapped[Agency] = relationship()


class MouRule(db.Model):
    """One measurable obligation of an MOU: a kind of rule and its threshold.

    ``threshold`` is in the kind's unit (hours, days, or a count per period).
    ``agencies`` names the agencies whose clearance a cross-border operation
    needs (all the other parties when empty); ``operation_kind`` and
    ``referral_kind`` narrow a rule to one kind of operation or referral, and
    ``border`` ("GT-MX", "MX-US") a clearance rule to operations across one border.
    """

    __tablename__ = "mou_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    mou_id: Mapped[int] = mapped_column(ForeignKey("mous.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    threshold: Mapped[int]
    agencies: Mapped[list] = mapped_column(JSON, default=list)
    operation_kind: Mapped[str | None] = mapped_column(String(32))
    referral_kind: Mapped[str | None] = mapped_column(String(16))
    border: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    mou: Mapped[Mou] = relationship(back_populates="rules")


class PerformanceMeasure(db.Model):
    """A measure in the binational strategy's form: an action, a baseline, a target, a measurement.

    A measure with a ``metric`` is computed from the data for each fiscal year
    (for ``agency`` or all agencies); without one, its values are entered.
    ``higher_is_better`` says which way is progress.
    """

    __tablename__ = "performance_measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(Text)
    action_es: Mapped[str | None] = mapped_column(Text)
    indicator: Mapped[str] = mapped_column(String(300))
    indicator_es: Mapped[str | None] = mapped_column(String(300))
    mou_id: Mapped[int | None] = mapped_column(ForeignKey("mous.id", ondelete="SET NULL"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    metric: Mapped[str | None] = mapped_column(String(32))
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_on: Mapped[date | None]
    # The period the baseline measures ("FY2004–FY2008") and where it comes from (document, table, page).
    baseline_period: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str | None] = mapped_column(Text)
    target_value: Mapped[float | None] = mapped_column(Float)
    target_year: Mapped[int | None]
    higher_is_better: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    mou: Mapped[Mou | None] = relationship()
    agency: Mapped[Agency | None] = relationship()
    values: Mapped[list["MeasureValue"]] = relationship(back_populates="measure", cascade="all, delete-orphan",
                                                        order_by="MeasureValue.fiscal_year")

    def text(self, locale: str) -> tuple[str, str]:
        """The action and indicator in a language (Spanish falls back to English where not given)."""
        if locale == "es":
            return self.action_es or self.action, self.indicator_es or self.indicator
        return self.action, self.indicator


class MeasureValue(db.Model):
    """A measurement entered for one fiscal year (for measures not computed from the data)."""

    __tablename__ = "measure_values"
    __table_args__ = (UniqueConstraint("measure_id", "fiscal_year", name="uq_measure_values_measure_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("performance_measures.id", ondelete="CASCADE"), index=True)
    fiscal_year: Mapped[int]
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    measure: Mapped[PerformanceMeasure] = relationship(back_populates="values")
    entered_by: Mapped[User | None] = relationship()
