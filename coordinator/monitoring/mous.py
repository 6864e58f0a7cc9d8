"""Administering MOUs and their rules (administrators only; the views check the role)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..accounts.models import User
from ..accounts.services import agency_by_code
from .models import Mou, MouParty, MouRule

MOU_FIELDS = ("title", "reference", "signed_on", "effective_from", "effective_until", "summary")
RULE_FIELDS = ("kind", "threshold", "operation_kind", "referral_kind", "border", "active")


def all_mous(session: Session) -> list[Mou]:
    """Every MOU with its parties and rules, the most recent first."""
    return list(session.scalars(select(Mou).options(selectinload(Mou.parties).selectinload(MouParty.agency),
                                                    selectinload(Mou.rules))
                                .order_by(Mou.effective_from.desc(), Mou.id.desc())))


def save_mou(session: Session, user: User, values: dict[str, Any], mou: Mou | None = None) -> Mou:
    """Create an MOU or change one; its parties become exactly the agencies given."""
    mou = mou or Mou()
    for name in MOU_FIELDS:
        if name in values:
            required = name in ("title", "effective_from")
            setattr(mou, name, values[name] if required else (values[name] or None))
    wanted = list(dict.fromkeys(values.get("parties") or []))
    kept = [p for p in mou.parties if p.agency.code in wanted]
    have = {p.agency.code for p in kept}
    mou.parties = kept + [MouParty(agency=agency_by_code(session, code)) for code in wanted if code not in have]
    session.add(mou)
    session.flush()
    return mou


def save_rule(session: Session, user: User, mou: Mou, values: dict[str, Any], rule: MouRule | None = None) -> MouRule:
    """Add a rule to an MOU or change one of its rules."""
    rule = rule or MouRule(mou=mou)
    for name in RULE_FIELDS:
        if name in values:
            setattr(rule, name, values[name] if values[name] != "" else None)
    rule.active = bool(values.get("active", True))
    rule.agencies = list(dict.fromkeys(values.get("agencies") or [])) if rule.kind == "cross_border_clearance" else []
    if rule.kind not in ("operation_notice", "cross_border_clearance"):
        rule.operation_kind = None
    if rule.kind not in ("referral_decided", "joint_activity"):
        rule.referral_kind = None
    if rule.kind != "cross_border_clearance":
        rule.border = None
    session.add(rule)
    session.flush()
    return rule
