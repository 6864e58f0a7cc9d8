"""Network overlap: two agencies' cases joined through other cases' linked records.

The graph is read from the links table around one case (a few hops, a
bounded number of cases), never the whole graph on the registration path.
"""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from ..cases.models import Case
from ..deconfliction.conflicts import network_severity, pair_name
from ..deconfliction.graph import CaseEdge, case_graph, joined_within, network_paths
from ..deconfliction.reasons import N_, Reason
from ..subjects.models import SubjectRecord
from .alerts import Side, close_as_false_positive, raise_alert, tell_sides
from .models import AlertEvent, AlertSide, ConflictAlert, SubjectLink

MAX_HOPS = 3
MAX_CASES = 300


def neighbourhood_edges(session: Session, case_id: int, max_hops: int = MAX_HOPS,
                        max_cases: int = MAX_CASES, confident_only: bool = False,
                        viewer_agency: int | None = None) -> tuple[list[CaseEdge], dict[int, int]]:
    """The record links within ``max_hops`` cases of a case, and each case's agency.

    ``confident_only`` leaves out possible matches nobody has confirmed yet:
    a network alert needs a chain of links someone can stand behind.

    A link that touches a sensitive record is left out, unless the record
    is ``viewer_agency``'s own: its hit was told to the owner alone, and a
    chain through it would tell a third agency what the owner has not (no
    network alert ever passes over one; a neighbourhood shows one only to
    its owner).
    """
    seen, frontier, edges = {case_id}, {case_id}, {}
    for _hop in range(max_hops):
        if not frontier or len(seen) >= max_cases:
            break
        ids = list(frontier)
        low, high = aliased(SubjectRecord), aliased(SubjectRecord)
        query = select(SubjectLink, low.agency_id, low.sensitive_approved_by_id, high.agency_id,
                       high.sensitive_approved_by_id) \
            .join(low, low.id == SubjectLink.low_id).join(high, high.id == SubjectLink.high_id).where(
                or_(SubjectLink.low_case_id.in_(ids), SubjectLink.high_case_id.in_(ids)),
                SubjectLink.state != "rejected")
        if confident_only:
            query = query.where(or_(SubjectLink.level == "match", SubjectLink.state == "confirmed"))
        links = [link for link, low_agency, low_sensitive, high_agency, high_sensitive in session.execute(query)
                 if _told(low_agency, low_sensitive, viewer_agency) and _told(high_agency, high_sensitive, viewer_agency)]
        frontier = set()
        for link in links:
            edges[link.id] = CaseEdge(link.low_case_id, link.high_case_id, link.low_id, link.high_id, link.kind)
            for case in (link.low_case_id, link.high_case_id):
                if case not in seen and len(seen) < max_cases:
                    seen.add(case)
                    frontier.add(case)
    agencies = dict(session.execute(select(Case.id, Case.agency_id).where(Case.id.in_(seen))).all())
    return list(edges.values()), agencies


def _told(agency_id: int, approved_by: int | None, viewer_agency: int | None) -> bool:
    """Whether a link may pass over this end: a record that is not sensitive, or the viewer's own."""
    return approved_by is None or agency_id == viewer_agency


def check_network(session: Session, case_id: int) -> list[ConflictAlert]:
    """Alert the cases of other agencies that are a few hops from this case but not directly linked."""
    edges, agencies = neighbourhood_edges(session, case_id, confident_only=True)
    graph = case_graph(edges, agencies)
    alerts = []
    for found in network_paths(graph, case_id, MAX_HOPS):
        own_record = session.get(SubjectRecord, found.first_link.record_a)
        their_first = graph.edges[found.path[-2], found.path[-1]]["links"][0]
        their_record_id = their_first.record_a if their_first.case_a == found.target else their_first.record_b
        their_record = session.get(SubjectRecord, their_record_id)
        mine = _reason(found.hops, own_record)
        theirs = _reason(found.hops, their_record)
        alert, _new = raise_alert(
            session, pair=pair_name("network", ("case", case_id), ("case", found.target)),
            kind="network", level="possible", severity=network_severity(found.hops), score=1.0 / found.hops,
            first=Side(agencies[case_id], case_id, "case", case_id, "case", (mine,)),
            second=Side(agencies[found.target], found.target, "case", found.target, "case", (theirs,)),
        )
        _reopen_if_withdrawn(session, alert)
        alerts.append(alert)
    return alerts


def _reopen_if_withdrawn(session: Session, alert: ConflictAlert) -> None:
    """A network alert the engine closed when its chain broke opens again when a chain joins its cases again.

    Only the sides the engine closed reopen; a decision someone recorded stands.
    """
    if alert.status != "closed":
        return
    last = session.scalar(select(AlertEvent.action).where(AlertEvent.alert_id == alert.id)
                          .order_by(AlertEvent.at.desc(), AlertEvent.id.desc()).limit(1))
    if last != "network_withdrawn":
        return
    for side in alert.sides:
        if side.status == "false_positive" and side.resolved_by_id is None:
            if side.acknowledged_by_id is None and side.acknowledged_at == side.resolved_at:
                side.acknowledged_at = None  # the engine's closing was no acknowledgement
            side.status, side.resolution, side.resolved_at, side.note = "open", None, None, None
    alert.status, alert.closed_at = "open", None
    session.add(AlertEvent(alert_id=alert.id, action="escalated"))
    session.flush()
    tell_sides(session, alert, "alert_escalated")


def broken_networks(session: Session, case_ids: set[int]) -> list[ConflictAlert]:
    """Open network alerts near these cases that no chain of confident links supports any more.

    Asked after a link between these cases was rejected or dropped: a network
    alert that went through it stands only while another chain of at most
    ``MAX_HOPS`` confident links joins its two cases. Either end of such a
    chain is within reach of one of the link's cases without it. Where a
    neighbourhood reaches ``MAX_CASES`` the answer is unsure and the alert stays.
    """
    near: set[int] = set()
    for case_id in case_ids:
        near.update(neighbourhood_edges(session, case_id, confident_only=True)[1])
    alerts = session.scalars(select(ConflictAlert).where(
        ConflictAlert.kind == "network", ConflictAlert.status == "open",
        ConflictAlert.id.in_(select(AlertSide.alert_id).where(AlertSide.case_id.in_(near))))
        .order_by(ConflictAlert.id)).all()
    broken, graphs = [], {}
    for alert in alerts:
        if len(alert.sides) != 2:
            continue
        first, second = (side.case_id for side in alert.sides)
        if first not in graphs:  # one case may head several alerts: its neighbourhood is read once
            edges, agencies = neighbourhood_edges(session, first, confident_only=True)
            graphs[first] = case_graph(edges, agencies) if len(agencies) < MAX_CASES else None
        if graphs[first] is not None and not joined_within(graphs[first], first, second, MAX_HOPS):
            broken.append(alert)
    return broken


def withdraw_broken_networks(session: Session, case_ids: set[int], now) -> list[ConflictAlert]:
    """Close the network alerts a link between these cases carried and no other chain supports.

    After a link is rejected in review, or dropped because a record changed.
    The engine closes them, naming neither who judged or changed what nor the
    link: the two sides may be other agencies than the link's, and the chain
    ran through cases that are not theirs. Both sides are told.
    """
    broken = broken_networks(session, case_ids)
    for alert in broken:
        close_as_false_positive(session, alert, now, "network_withdrawn")
        session.flush()
        tell_sides(session, alert, "network_withdrawn")
    return broken


def _reason(hops: int, record: SubjectRecord | None) -> Reason:
    return Reason("network_path", N_("your case is connected to theirs through %(between)s other case(s), "
                                     "starting from your record %(record)s"),
                  {"between": str(hops - 1), "record": record.label if record else "?"})
