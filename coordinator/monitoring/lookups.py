"""What the MOUs in effect require of an operation, for the operation lifecycle to apply.

The lifecycle asks these when an operation is registered or moves on: how
many hours of notice its agency agreed to give, and whose clearance a
cross-border operation needs before it goes active. Without an MOU the
application's defaults stand.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..accounts.models import Agency
from .models import Mou, MouParty, MouRule
from .rules import required_clearers


def _rules_binding(session: Session, agency_id: int, kind: str, on: date | None) -> list[MouRule]:
    on = on or date.today()
    query = (select(MouRule).join(Mou, Mou.id == MouRule.mou_id)
             .options(selectinload(MouRule.mou).selectinload(Mou.parties).selectinload(MouParty.agency))
             .where(MouRule.kind == kind, MouRule.active.is_(True), Mou.effective_from <= on,
                    (Mou.effective_until.is_(None)) | (Mou.effective_until >= on),
                    Mou.id.in_(select(MouParty.mou_id).where(MouParty.agency_id == agency_id))))
    return list(session.scalars(query))


def notice_hours_for(session: Session, agency_id: int, operation_kind: str | None = None,
                     on: date | None = None, default: int = 24) -> int:
    """The hours of notice the agency agreed to give before an operation starts.

    The strictest (largest) threshold among the MOU rules in effect that bind
    the agency and apply to the operation's kind; ``default`` without one.
    """
    hours = [rule.threshold for rule in _rules_binding(session, agency_id, "operation_notice", on)
             if rule.operation_kind in (None, operation_kind)]
    return max(hours) if hours else default


def clearances_required_for(session: Session, agency_id: int, operation_kind: str, border: str | None = None,
                            on: date | None = None) -> list[tuple[Agency, Mou]] | None:
    """The agencies whose clearance an agency's cross-border operation needs, each with the agreement requiring it.

    The union over the clearance rules in effect that bind the agency and
    apply to the operation's kind and border (a rule without a kind or a
    border applies to all); never the agency itself. An agency two
    agreements require is credited to the older one. None when no rule
    applies: the application's default stands.
    """
    rules = [rule for rule in _rules_binding(session, agency_id, "cross_border_clearance", on)
             if rule.operation_kind in (None, operation_kind) and rule.border in (None, border)]
    if not rules:
        return None
    by_code: dict[str, Mou] = {}
    for rule in sorted(rules, key=lambda r: (r.mou.effective_from, r.mou_id, r.id)):
        for code in required_clearers(rule, {p.agency_id: p.agency.code for p in rule.mou.parties}):
            by_code.setdefault(code, rule.mou)
    agencies = session.scalars(select(Agency).where(Agency.code.in_(list(by_code)), Agency.id != agency_id)
                               .order_by(Agency.code)) if by_code else []
    return [(agency, by_code[agency.code]) for agency in agencies]
