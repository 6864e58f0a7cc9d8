"""Registering and changing operations."""
from __future__ import annotations

from datetime import timezone
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.models import Agency, User
from ..cases.models import Case
from ..subjects.models import SubjectRecord
from ..conflicts.encounters import check_operation
from ..search.services import index_operation
from ..deconfliction.geography import km_outside, same_clock, zone_at
from ..deconfliction.normalise import phone_to_store
from ..formats import country_name, number
from .lifecycle import clearances_voided_by, on_plan_changed, on_registered, plan_of
from .models import Operation, OperationTarget

OPERATION_FIELDS = ("kind", "title", "starts_at", "ends_at", "venue", "address", "latitude", "longitude",
                    "radius_m", "cross_border", "notes")


class OperationError(ValueError):
    """An operation change refused for a reason tied to one field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def _targets(session: Session, case: Case, ids: list[int]) -> list[SubjectRecord]:
    records = []
    for subject_id in dict.fromkeys(ids or []):
        record = session.get(SubjectRecord, subject_id)
        if record is None or record.case_id != case.id:
            raise OperationError("target_subject_ids",
                                 str(_l("Targets must be subject records of the operation's case.")))
        records.append(record)
    return records


def _apply(session: Session, operation: Operation, user: User, case: Case, values: dict[str, Any]) -> None:
    for name in OPERATION_FIELDS:
        if name in values:
            value = values[name]
            if name in ("starts_at", "ends_at"):
                value = value.astimezone(timezone.utc)
            setattr(operation, name, value)
    operation.timezone = _zone(operation, values.get("timezone"))
    if "target_subject_ids" in values:
        wanted = _targets(session, case, values["target_subject_ids"])
        kept = {t.subject_id: t for t in operation.targets if t.subject_id is not None}
        operation.targets = [kept.get(record.id) or OperationTarget(subject=record) for record in wanted]
    operation.poc_name = values.get("poc_name") or operation.poc_name or user.name
    # A number typed without its country code is the writer's country's: kept in E.164 for every reader.
    country = user.agency.country if user.agency else None
    operation.poc_phone = phone_to_store(values.get("poc_phone") or operation.poc_phone or user.phone, country)
    operation.poc_email = values.get("poc_email") or operation.poc_email or user.email


MAX_KM_OUTSIDE = 100


def _zone(operation: Operation, given: str | None) -> str:
    """The point's zone; a zone given that keeps another clock there is refused.

    A zone with the same offsets over the window (a link such as US/Arizona,
    or a neighbour's zone on the same clock) is accepted and stored as the
    point's own, so pages, e-mails and receipts all show one hour.
    """
    point = zone_at(operation.latitude, operation.longitude)
    if given and point and not same_clock(given, point, (operation.starts_at, operation.ends_at)):
        raise OperationError("timezone", str(_l(
            "The point lies in the %(zone)s time zone, not %(given)s: choose %(zone)s (or leave the zone empty), "
            "or correct the point.", zone=point, given=given)))
    return point or given or operation.timezone or "UTC"


def _check_place(session: Session, operation: Operation, confirmed: bool) -> None:
    """A point far outside the agency's country is a typo (a dropped minus sign) until confirmed."""
    if confirmed:
        return
    agency = session.get(Agency, operation.agency_id)
    km = km_outside(agency.country, operation.latitude, operation.longitude) if agency else None
    if km is not None and km > MAX_KM_OUTSIDE:
        raise OperationError("latitude", str(_l(
            "This point lies %(km)s km outside %(country)s. Check the latitude and longitude (a dropped minus "
            "sign?), or confirm that the place is right.", km=number(round(km)), country=country_name(agency.country))))


def register_operation(session: Session, user: User, case: Case, values: dict[str, Any]) -> Operation:
    """Plan an operation for a case of the user's agency (status: planned)."""
    operation = Operation(case=case, agency_id=case.agency_id, status="planned", created_by=user,
                          poc_user=user)
    _apply(session, operation, user, case, values)
    _check_place(session, operation, bool(values.get("confirm_location")))
    session.add(operation)
    session.flush()
    index_operation(session, operation, new=True)  # before the check's key locks, which the commit releases
    check_operation(session, operation, user.id, new=True)
    on_registered(session, user, operation)
    return operation


def update_operation(session: Session, user: User, operation: Operation, values: dict[str, Any],
                     ask_before_voiding: bool = False) -> list[str]:
    """Change an operation's plan; its case and status stay. Returns the agencies whose clearance it voided.

    With ``ask_before_voiding`` (the pages) a change that would void decided
    clearances is refused on ``confirm_void_clearances`` until confirmed; the
    caller's rollback undoes what was applied.
    """
    before = plan_of(operation)
    _apply(session, operation, user, operation.case, values)
    voided = clearances_voided_by(session, operation, before)
    if voided and ask_before_voiding:
        raise OperationError("confirm_void_clearances", str(_l(
            "Saving this change voids the clearances %(agencies)s gave: they are asked again, and the operation "
            "goes back to planned until they grant them. Tick the box to save anyway.",
            agencies=", ".join(voided))))
    if (operation.latitude, operation.longitude) != (before["latitude"], before["longitude"]):
        _check_place(session, operation, bool(values.get("confirm_location")))
    on_plan_changed(session, user, operation, before)
    session.flush()
    index_operation(session, operation)  # before the check's key locks, which the commit releases
    check_operation(session, operation, user.id)
    return voided


def operations_of_case(session: Session, case: Case) -> list[Operation]:
    """The case's operations, soonest first."""
    return list(session.scalars(select(Operation).where(Operation.case_id == case.id)
                                .order_by(Operation.starts_at)))
