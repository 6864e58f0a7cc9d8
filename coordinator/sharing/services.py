"""Sharing a case with another agency, revoking the share, and the case's dissemination record."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..accounts.services import agency_by_code
from ..audit.recorder import record
from ..cases.models import Case, CaseShare, Dissemination
from ..cases.services import share_case
from ..types import utcnow

MIN_REASON = 10


class SharingError(ValueError):
    """A share refused for a reason tied to one field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def disseminate(session: Session, user: User, case: Case, agency_code: str, reason: str,
                requested_by: str | None = None) -> Dissemination:
    """Let another agency read the case (an act of the owning agency), on the record."""
    agency = agency_by_code(session, agency_code or "")
    if agency is None:
        raise SharingError("agency", str(_l("Not a valid choice.")))
    if agency.id == case.agency_id:
        raise SharingError("agency", str(_l("A case is not shared with its own agency.")))
    if len((reason or "").strip()) < MIN_REASON:
        raise SharingError("reason", str(_l("Give the reason in at least %(n)d characters.", n=MIN_REASON)))
    if session.scalar(select(CaseShare.id).where(CaseShare.case_id == case.id,
                                                 CaseShare.agency_id == agency.id)) is not None:
        raise SharingError("agency", str(_l("The case is already shared with %(agency)s.", agency=agency.code)))
    share_case(session, user, case, agency, reason.strip(), (requested_by or "").strip()[:200] or None)
    row = session.scalar(select(Dissemination).where(Dissemination.case_id == case.id,
                                                     Dissemination.to_agency_id == agency.id)
                         .order_by(Dissemination.id.desc()))
    record(session, "case.disseminate", object_type="case", object_id=case.id,
           details={"to_agency": agency.code, "dissemination_id": row.id, "scope": row.scope})
    return row


def revoke(session: Session, user: User, row: Dissemination) -> Dissemination:
    """End the other agency's access to the case; the dissemination record stays, dated."""
    if row.revoked_at is not None:
        raise SharingError("dissemination", str(_l("This share has already been revoked.")))
    session.execute(delete(CaseShare).where(CaseShare.case_id == row.case_id,
                                            CaseShare.agency_id == row.to_agency_id))
    row.revoked_at, row.revoked_by_id = utcnow(), user.id
    session.flush()
    record(session, "case.revoke_share", object_type="case", object_id=row.case_id,
           details={"to_agency": row.to_agency.code, "dissemination_id": row.id})
    return row


def disseminations_of(session: Session, case: Case) -> list[Dissemination]:
    """Every release of the case, newest first (revoked ones too)."""
    return list(session.scalars(select(Dissemination).where(Dissemination.case_id == case.id)
                                .order_by(Dissemination.at.desc(), Dissemination.id.desc())))
