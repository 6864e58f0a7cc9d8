"""Match review: each agency judges whether a possible match is the same thing, for itself.

A possible match (a link the engine was not sure of) waits in the review
queue of both agencies until each has judged it. Only possible matches are
judged here: a confident match is an alert both agencies work in the alert
queue, never one agency's call.

A judgement is the judging agency's own. Rejected, it resolves that agency's
side of the pair's alert as a false positive — a supervisor's decision, as
resolving any alert is — and the other side keeps its own. Confirmed, the
alert becomes a match and the network around both cases is checked again;
an agent may confirm (it closes nothing), but taking back the agency's
rejection is again a supervisor's. The link's state follows the latest
judgement of each agency: ``confirmed`` once either confirms, ``rejected``
only when both reject — then the pair is never alerted again (the checks
skip rejected links, however either record is later edited). Every
judgement is kept.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased
from werkzeug.exceptions import Forbidden, NotFound

from ..access import may_review_alerts, may_review_matches
from ..accounts.models import Agency, User
from ..conflicts.alerts import other_side, side_of
from ..conflicts.detect import live_targets
from ..conflicts.models import AlertEvent, AlertSide, ConflictAlert, SubjectLink
from ..conflicts.network import look_at_new_links, withdraw_broken_networks
from ..conflicts.present import point_of_contact, render_reasons
from ..conflicts.signals import announce_action
from ..deconfliction.conflicts import most_severe, pair_name, subject_severity
from ..subjects.models import SubjectRecord
from ..types import utcnow
from .models import LinkJudgement

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
    own_decision: str | None = None  # the viewing agency's latest judgement
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


def _withheld_links(agency_id: int):
    """Links whose pair's alert the agency has not been told of (the other record is sensitive)."""
    mine, theirs = aliased(AlertSide), aliased(AlertSide)
    return (select(SubjectLink.id).join(mine, mine.record_type == "subject").join(
        theirs, (theirs.alert_id == mine.alert_id) & (theirs.id != mine.id) & (theirs.record_type == "subject"))
        .where(mine.agency_id == agency_id, mine.withheld.is_(True),
               or_((SubjectLink.low_id == mine.record_id) & (SubjectLink.high_id == theirs.record_id),
                   (SubjectLink.high_id == mine.record_id) & (SubjectLink.low_id == theirs.record_id))))


def matches_query(agency_id: int, reviewed: bool = False):
    """Possible matches awaiting the agency's review (or the judged ones) involving its records.

    A match with a sensitive record of another agency is not shown to it until the owner tells it.
    """
    query = _links_of(agency_id).where(SubjectLink.id.not_in(_withheld_links(agency_id)))
    judged = select(LinkJudgement.link_id)
    if reviewed:
        return query.where(SubjectLink.id.in_(judged)).order_by(SubjectLink.updated_at.desc(), SubjectLink.id)
    return query.where(SubjectLink.state == "auto", SubjectLink.level == "possible",
                       SubjectLink.id.not_in(judged.where(LinkJudgement.agency_id == agency_id))).order_by(
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
    if session.scalar(_withheld_links(user.agency_id).where(SubjectLink.id == link.id)) is not None:
        raise NotFound()  # the other record is sensitive and its owner has not told this agency
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
    own = next((j.decision for j in reversed(judgements) if j.agency_id == agency_id), None)
    return MatchItem(link, mine, session.get(Agency, theirs.agency_id).code, theirs.kind, alert, reasons, poc,
                     judgements, own, evidence)


def latest_judgements(session: Session, link: SubjectLink) -> dict[int, str]:
    """Each agency's latest judgement of the link, by agency id."""
    rows = session.execute(select(LinkJudgement.agency_id, LinkJudgement.decision)
                           .where(LinkJudgement.link_id == link.id)
                           .order_by(LinkJudgement.at, LinkJudgement.id)).all()
    return dict(rows)


def _state_of(latest: dict[int, str], agencies: set[int]) -> str:
    """``confirmed`` once either agency confirms; ``rejected`` only when both reject; else the engine's."""
    decisions = [latest.get(agency_id) for agency_id in agencies]
    if "confirmed" in decisions:
        return "confirmed"
    if decisions and all(decision == "rejected" for decision in decisions):
        return "rejected"
    return "auto"


def judge(session: Session, user: User, link_id: int, decision: str, note: str) -> SubjectLink:
    """Record the agency's judgement, apply it to its own side of the pair's alert, and derive the link's state."""
    link = link_for(session, user, link_id)
    if decision not in JUDGEMENTS:
        raise MatchReviewError("decision", str(_l("Choose confirmed or rejected.")))
    if not (note or "").strip():
        raise MatchReviewError("note", str(_l("Say why: the judgement is kept with its note.")))
    latest = latest_judgements(session, link)
    if link.level != "possible" and not latest:
        raise MatchReviewError("decision", str(_l(
            "This pair is a confident match, not a possible one: both agencies work it in their alert queues.")))
    own = latest.get(user.agency_id)
    if own == decision:
        raise MatchReviewError("decision", str(_l("This pair is already %(state)s.", state=_state_label(decision))))
    if (decision == "rejected" or own == "rejected") and not may_review_alerts(user):
        raise Forbidden()  # resolving (or reopening) the agency's side of an alert is a supervisor's decision
    now = utcnow()
    session.add(LinkJudgement(link_id=link.id, decision=decision, note=note.strip(), agency_id=user.agency_id,
                              user_id=user.id, at=now))
    latest[user.agency_id] = decision
    before = link.state
    link.state = _state_of(latest, {record.agency_id for record in _records(session, link)})
    link.level = "match" if link.state == "confirmed" else "possible"
    link.updated_at = now
    alert = _alert_of(session, link)
    if alert is not None:
        if decision == "confirmed":
            _confirm_alert(session, link, alert, user, note, now)
        else:
            _reject_side(session, alert, user, note.strip(), now)
        announce_action(session, alert, user.agency_id, f"match_{decision}", actor_id=user.id, note=note.strip())
    session.flush()
    if link.state == "confirmed" and before != "confirmed" and link.low_case_id != link.high_case_id:
        # Every pair it joins, from both ends: the judging agency's case's now, the others' by the job workers.
        own = next((r.case_id for r in _records(session, link) if r.agency_id == user.agency_id), link.low_case_id)
        look_at_new_links(session, [(link.low_case_id, link.high_case_id)], own, user.id)
    elif before == "confirmed" and link.state != "confirmed":
        withdraw_broken_networks(session, {link.low_case_id, link.high_case_id}, now)
    return link


def _reject_side(session: Session, alert: ConflictAlert, user: User, note: str, now) -> None:
    """Not the same, for the judging agency: its side becomes a false positive; the other keeps its own."""
    side = side_of(alert, user.agency_id)
    if side is not None and side.status not in ("deconflicted", "false_positive"):
        side.status, side.resolution, side.note = "false_positive", "false_positive", note
        side.resolved_at, side.resolved_by_id = now, user.id
        if side.acknowledged_at is None:
            side.acknowledged_at, side.acknowledged_by_id = now, user.id
    if all(s.status in ("deconflicted", "false_positive") for s in alert.sides):
        alert.status, alert.closed_at = "closed", now
    session.add(AlertEvent(alert_id=alert.id, agency_id=user.agency_id, user_id=user.id, action="match_rejected",
                           note=note, at=now))


def _state_label(state: str) -> str:
    return str({"confirmed": _l("confirmed"), "rejected": _l("rejected")}[state])


def _confirm_alert(session: Session, link: SubjectLink, alert: ConflictAlert, user: User, note: str,
                   now) -> None:
    """The same thing: the alert becomes a match; the judging agency's own earlier rejection is taken back."""
    targeted = len(live_targets(session, (link.low_id, link.high_id)))
    alert.level = "match"
    alert.severity = most_severe((alert.severity, subject_severity("match", targeted)))
    side = side_of(alert, user.agency_id)
    if side is not None and side.status == "false_positive":
        side.status, side.resolution, side.resolved_at, side.resolved_by_id = "open", None, None, None
    if any(s.status not in ("deconflicted", "false_positive") for s in alert.sides):
        alert.status, alert.closed_at = "open", None
    session.add(AlertEvent(alert_id=alert.id, agency_id=user.agency_id, user_id=user.id,
                           action="match_confirmed", note=note, at=now))
