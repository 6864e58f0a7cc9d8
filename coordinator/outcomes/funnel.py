"""The rest of the funnel: arrests, extradition requests, mutual legal assistance requests, asset seizures.

As the other outcome services, each checks the order of its dates against
the records it depends on before writing anything.
"""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..accounts.services import agency_by_code
from ..cases.models import Case
from ..formats import short_date
from .models import Arrest, AssetSeizure, Extradition, LegalAssistanceRequest
from .services import OutcomeConflict, OutcomeError, added, check_answer, person_of_case


def record_arrest(session: Session, user: User, case: Case, values: dict[str, Any]) -> Arrest:
    """Record the arrest of a person of the case by an agency (of either country)."""
    agency = agency_by_code(session, values["agency"])
    if agency is None:
        raise OutcomeError("agency", _l("Not a valid choice."))
    return added(session, Arrest(case=case, subject=person_of_case(session, case, values["subject_id"]),
                                 arrested_on=values["arrested_on"], agency=agency, country=values["country"],
                                 note=values.get("note") or None, created_by=user))


def record_extradition(session: Session, user: User, case: Case, values: dict[str, Any]) -> Extradition:
    """Record an extradition request for a person of the case (and its result when already known)."""
    return added(session, Extradition(
        case=case, subject=person_of_case(session, case, values["subject_id"]), requested_on=values["requested_on"],
        requesting_country=values["requesting_country"], requested_country=values["requested_country"],
        status=values.get("status") or "pending", decided_on=values.get("decided_on"),
        note=values.get("note") or None, created_by=user))


def decide_extradition(session: Session, user: User, extradition: Extradition,
                       values: dict[str, Any]) -> Extradition:
    """Record the result of an extradition request; it is decided once."""
    check_answer(extradition.status != "pending",
                 OutcomeConflict("status", _l("This extradition request is already decided.")),
                 "decided_on", values["decided_on"], extradition.requested_on,
                 _l("A decision cannot come before the request (%(date)s).",
                    date=short_date(extradition.requested_on)))
    extradition.status, extradition.decided_on = values["status"], values["decided_on"]
    if values.get("note"):
        extradition.note = values["note"]
    session.flush()
    return extradition


def record_legal_assistance(session: Session, user: User, case: Case,
                            values: dict[str, Any]) -> LegalAssistanceRequest:
    """Record a mutual legal assistance request sent to the other country (and its answer when known)."""
    return added(session, LegalAssistanceRequest(
        case=case, to_country=values["to_country"], authority=values.get("authority") or None,
        sent_on=values["sent_on"], answered_on=values.get("answered_on"), request=values.get("request") or None,
        created_by=user))


def answer_legal_assistance(session: Session, user: User, request: LegalAssistanceRequest,
                            values: dict[str, Any]) -> LegalAssistanceRequest:
    """Record the date a mutual legal assistance request was answered; once."""
    check_answer(request.answered_on is not None,
                 OutcomeConflict("answered_on", _l("This request is already answered.")),
                 "answered_on", values["answered_on"], request.sent_on,
                 _l("A request cannot be answered before it was sent (%(date)s).", date=short_date(request.sent_on)))
    request.answered_on = values["answered_on"]
    session.flush()
    return request


def record_asset_seizure(session: Session, user: User, case: Case, values: dict[str, Any]) -> AssetSeizure:
    """Record currency or another asset seized in the case."""
    return added(session, AssetSeizure(case=case, seized_on=values["seized_on"], kind=values["kind"],
                                       amount=values["amount"], currency=values["currency"],
                                       description=values.get("description") or None, created_by=user))


def funnel_of_case(session: Session, case: Case) -> dict[str, list]:
    """A case's arrests, extraditions, legal assistance requests and asset seizures, oldest first."""
    def of(model, column):
        return list(session.scalars(select(model).where(model.case_id == case.id).order_by(column, model.id)))

    return {"arrests": of(Arrest, Arrest.arrested_on), "extraditions": of(Extradition, Extradition.requested_on),
            "legal_assistance": of(LegalAssistanceRequest, LegalAssistanceRequest.sent_on),
            "asset_seizures": of(AssetSeizure, AssetSeizure.seized_on)}
