"""Searching the trail and exporting it as CSV (for administrators and monitors)."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable, Iterator

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session
from wtforms import DateField, StringField
from wtforms.validators import Length, Optional

from ..accounts.agencies import agency_choices
from ..codes import options
from ..forms import BaseForm, CodeField
from .models import AuditEvent
from .recorder import OUTCOMES

CSV_COLUMNS = ("id", "at", "user_email", "user_id", "agency_code", "action", "object_type", "object_id",
               "outcome", "ip", "details", "seq", "hash")
EXPORT_LIMIT = 100_000
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class AuditSearchForm(BaseForm):
    """The trail's filters, read from the query string (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])
    user = StringField(_l("User (email contains)"), validators=[Optional(), Length(max=254)])
    agency = CodeField(_l("Agency"), choices=agency_choices(blank=True, active_only=False),
                       validators=[Optional()])
    action = StringField(_l("Action (starts with)"), validators=[Optional(), Length(max=64)])
    object_type = StringField(_l("Object type"), validators=[Optional(), Length(max=32)])
    object_id = StringField(_l("Object id"), validators=[Optional(), Length(max=64)])
    outcome = CodeField(_l("Outcome"), choices=options(((o, o) for o in OUTCOMES), blank=True),
                        validators=[Optional()])

    def cross_field_errors(self):
        if self.since.data and self.until.data and self.until.data < self.since.data:
            yield "until", _l("The end date is before the start date.")


@dataclass(frozen=True)
class AuditFilter:
    """What the trail is narrowed to; dates are whole days in UTC."""

    since: date | None = None
    until: date | None = None
    user: str | None = None
    agency: str | None = None
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    outcome: str | None = None

    @classmethod
    def from_form(cls, form: AuditSearchForm) -> "AuditFilter":
        values = {name: form[name].data for name in cls.__dataclass_fields__}
        return cls(**{k: (v.strip() if isinstance(v, str) else v) or None for k, v in values.items()})

    def as_args(self) -> dict[str, str]:
        """The filter as query arguments (for paging and the export link)."""
        return {k: v.isoformat() if isinstance(v, date) else v
                for k, v in self.__dict__.items() if v not in (None, "")}


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def audit_query(filters: AuditFilter) -> Select:
    """The entries matching the filter, newest first."""
    query = select(AuditEvent)
    if filters.since:
        query = query.where(AuditEvent.at >= _day_start(filters.since))
    if filters.until and filters.until < date.max:  # the last day there is ends after every entry
        query = query.where(AuditEvent.at < _day_start(filters.until + timedelta(days=1)))
    if filters.user:
        query = query.where(func.lower(AuditEvent.user_email).contains(filters.user.lower(), autoescape=True))
    if filters.agency:
        query = query.where(AuditEvent.agency_code == filters.agency)
    if filters.action:
        query = query.where(AuditEvent.action.startswith(filters.action, autoescape=True))
    if filters.object_type:
        query = query.where(AuditEvent.object_type == filters.object_type)
    if filters.object_id:
        query = query.where(AuditEvent.object_id == filters.object_id)
    if filters.outcome:
        query = query.where(AuditEvent.outcome == filters.outcome)
    return query.order_by(AuditEvent.id.desc())


def event_json(event: AuditEvent) -> dict:
    """One entry as the API gives it."""
    return {
        "id": event.id, "at": event.at.isoformat().replace("+00:00", "Z"), "user_id": event.user_id,
        "user_email": event.user_email, "agency": event.agency_code, "action": event.action,
        "object_type": event.object_type, "object_id": event.object_id, "outcome": event.outcome,
        "ip": event.ip, "details": event.details or {}, "seq": event.seq, "hash": event.hash,
    }


def csv_cell(value: object) -> str:
    """A value as a CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        value = json.dumps(value, sort_keys=True, ensure_ascii=False)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def export_rows(session: Session, filters: AuditFilter, limit: int = EXPORT_LIMIT) -> Iterator[AuditEvent]:
    """The matching entries, streamed in batches."""
    statement = audit_query(filters).limit(limit).execution_options(yield_per=2_000)
    result = session.scalars(statement)
    try:
        yield from result
    finally:
        result.close()


def csv_lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    """The CSV file, a line at a time (the header first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return value

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for event in events:
        writer.writerow([csv_cell(getattr(event, column)) for column in CSV_COLUMNS])
        yield flush()
