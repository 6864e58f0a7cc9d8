"""Match review: a person of either agency judges whether a possible match is the same thing.

A possible match (a link the engine was not sure of) waits in the review
queue of both agencies. Confirmed, it becomes a match: its alert is raised
to the ``match`` level and the network around both cases is checked again.
Rejected, the pair is never alerted again (the checks skip rejected links,
however either record is later edited) and its alert is closed as a false
positive. Every judgement is kept; the latest one is the link's state.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased
from werkzeug.exceptions import Forbidden, NotFound

from ..access import may_review_matches
from ..accounts.models import Agency, User
from ..conflicts.alerts import close_as_false_positive, other_side, side_of
from ..conflicts.detect import live_targets
from ..conflicts.models import AlertEvent, ConflictAlert, SubjectLink
from ..conflicts.network import check_network, withdraw_broken_networks
from ..conflicts.present import point_of_contact, render_reasons
from ..deconfliction.conflicts import most_severe, pair_name, subject_severity
from ..subjects.models import SubjectRecord
from ..types import utcnow
from .models import LinkJudgement
from .notify import side_action

JUDGEMENTS = ("confirmed", "rejected")


class MatchReviewError(ValueError):
    """A judgement the link's state does not allow."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass
class MatchItem:
    """A link as one agency sees it: its own record, the other side's agency and contact, the reasons.

    ``reasons`` are the agency's own side's, phrased in its own record's
    terms; ``evidence`` pairs each with its stable code. ``probability`` is
    the engine's stated probability that the two records are one person or
    thing (the link's score).
    """

    link: SubjectLink
    mine: SubjectRecord
    other_agency: str
    other_kind: str
    alert: ConflictAlert | None
    reasons: list[str]
    poc: dict
    judgements: list[LinkJudgement]
    evidence: list[dict] = field(default_factory=list)

    @property
    def probability(self) -> float:
        return round(self.link.score, 4)

    @property
    def percent(self) -> str:
        """The probability as a reviewer reads it: "87 %", "99.9 %" near certainty, never "100 %"."""
        value = self.link.score * 100
        if value >= 99.95:
            return "> 99.9"
        return f"{value:.1f}" if value >= 99 else f"{value:.0f}"


def _links_of(agency_id: int):
    low, high = aliased(SubjectRecord), aliased(SubjectRecord)
    return (select(SubjectLink).join(low, low.id == SubjectLink.low_id).join(high, high.id == SubjectLink.high_id)
            .where(or_(low.agency_id == agency_id, high.agency_id == agency_id), low.agency_id != high.agency_id))


def matches_query(agency_id: int, reviewed: bool = False):
    """Possible matches awaiting review (or the reviewed ones) involving an agency's records."""
    query = _links_of(agency_id)
    if reviewed:
        return query.where(SubjectLink.state.in_(JUDGEMENTS)).order_by(SubjectLink.updated_at.desc())
    return query.where(SubjectLink.state == "auto", SubjectLink.level == "possible").order_by(
        SubjectLink.created_at, SubjectLink.id)


def pending_count(session: Session, user: User) -> int:
    """How many possible matches wait for the user's agency's review."""
    query = matches_query(user.agency_id).order_by(None).with_only_columns(func.count(SubjectLink.id))
    return session.scalar(query) or 0


def _alert_of(session: Session, link: SubjectLink) -> ConflictAlert | None:
    return session.scalar(select(ConflictAlert).where(
        ConflictAlert.pair == pair_name("subject", ("subject", link.low_id), ("subject", link.high_id))))


def _records(session: Session, link: SubjectLink) -> tuple[SubjectRecord, SubjectRecord]:
    return session.get(SubjectRecord, link.low_id), session.get(SubjectRecord, link.high_id)


def link_for(session: Session, user: User, link_id: int) -> SubjectLink:
    """A link between a record of the user's agency and another's; a 404 for anyone else."""
    link = session.get(SubjectLink, link_id)
    if link is None:
        raise NotFound()
    agencies = {record.agency_id for record in _records(session, link)}
    if user.agency_id not in agencies:
        raise NotFound()
    if not may_review_matches(user, agencies):
        raise Forbidden()
    return link


def present(session: Session, link: SubjectLink, agency_id: int,
            translate: Callable[[str], str] = lambda s: s) -> MatchItem:
    """The link as ``agency_id`` sees it (never the other record's contents)."""
    low, high = _records(session, link)
    mine, theirs = (low, high) if low.agency_id == agency_id else (high, low)
    alert = _alert_of(session, link)
    reasons, poc, evidence = [], {}, []
    if alert is not None and side_of(alert, agency_id) is not None:
        side = side_of(alert, agency_id)
        reasons = render_reasons(side, translate)
        evidence = [{"code": stored.get("code"), "text": text} for stored, text in zip(side.reasons or [], reasons)]
        poc = point_of_contact(session, other_side(alert, agency_id))
    judgements = list(session.scalars(select(LinkJudgement).where(LinkJudgement.link_id == link.id)
                                      .order_by(LinkJudgement.at, LinkJudgement.id)))
    return MatchItem(link, mine, session.get(Agency, theirs.agency_id).code, theirs.kind, alert, reasons, poc,
                     judgements, evidence)


def judge(session: Session, user: User, link_id: int, decision: str, note: str) -> SubjectLink:
    """Record a reviewer's judgement and apply it to the pair's alert."""
    link = link_for(session, user, link_id)
    if decision not in JUDGEMENTS:
        raise MatchReviewError("decision", str(_l("Choose confirmed or rejected.")))
    if not (note or "").strip():
        raise MatchReviewError("note", str(_l("Say why: the judgement is kept with its note.")))
    if link.state == decision:
        raise MatchReviewError("decision", str(_l("This pair is already %(state)s.", state=_state_label(decision))))
    now = utcnow()
    link.state, link.updated_at = decision, now
    session.add(LinkJudgement(link_id=link.id, decision=decision, note=note.strip(), agency_id=user.agency_id,
                              user_id=user.id, at=now))
    alert = _alert_of(session, link)
    if decision == "confirmed":
        link.level = "match"
        _confirm_alert(session, link, alert, user, note, now)
    elif alert is not None:
        close_as_false_positive(session, alert, now, "match_rejected", user, note)
    if alert is not None:
        side_action(session, alert, user.agency_id, f"match_{decision}", actor_id=user.id, note=note.strip())
    session.flush()
    if decision == "rejected":
        withdraw_broken_networks(session, {link.low_case_id, link.high_case_id}, now)
    return link


def _state_label(state: str) -> str:
    return str({"confirmed": _l("confirmed"), "rejected": _l("rejected")}[state])


def _confirm_alert(session: Session, link: SubjectLink, alert: ConflictAlert | None, user: User, note: str,
                   now) -> None:
    """The same thing: the alert becomes a match (open again if a rejection had closed it); networks re-checked."""
    if alert is not None:
        targeted = len(live_targets(session, (link.low_id, link.high_id)))
        alert.level = "match"
        alert.severity = most_severe((alert.severity, subject_severity("match", targeted)))
        for side in alert.sides:
            if side.status == "false_positive":  # an earlier rejection is taken back
                side.status, side.resolution, side.resolved_at, side.resolved_by_id = "open", None, None, None
        if any(side.status not in ("deconflicted", "false_positive") for side in alert.sides):
            alert.status, alert.closed_at = "open", None
        session.add(AlertEvent(alert_id=alert.id, agency_id=user.agency_id, user_id=user.id,
                               action="match_confirmed", note=note, at=now))
    session.flush()
    for case_id in {link.low_case_id, link.high_case_id}:
        check_network(session, case_id)
