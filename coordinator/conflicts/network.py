"""Network overlap: two agencies' cases joined through other cases' linked records.

The graph is read from the links table around one case, or both ends of a
new link (a few hops, a bounded number of cases), never the whole graph on
the registration path.
"""
from __future__ import annotations

import functools
from typing import Callable, Iterable, Iterator

from sqlalchemy import func, literal, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from ..cases.models import Case
from ..deconfliction.conflicts import network_severity, pair_name
from ..deconfliction.graph import CaseEdge, NetworkPath, case_graph, joined_within, network_paths, paths_through
from ..deconfliction.reasons import N_, Reason
from ..jobs.queue import queue_network_look
from ..subjects.models import SubjectRecord
from .alerts import Overlap, Side, close_as_false_positive, raise_alerts, tell_sides
from .models import AlertEvent, AlertSide, ConflictAlert, SubjectLink

MAX_HOPS = 3
MAX_CASES = 300
LOOK_SLICE = 25  # paths a queued look raises between two commits (see raise_queued_look)


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
    def read(ids: list[int]) -> list[tuple[int, CaseEdge]]:
        rows = session.execute(_links_near(ids, confident_only, viewer_agency).add_columns(SubjectLink.id))
        return [(link_id, CaseEdge(*edge)) for *edge, link_id in rows]
    return _walk(session, case_id, max_hops, max_cases, read)


def case_edges(session: Session, case_id: int | set[int], max_hops: int = MAX_HOPS,
               max_cases: int = MAX_CASES) -> tuple[list[CaseEdge], dict[int, int]]:
    """The confident links a network alert may pass over, one for each two cases they join, within ``max_hops``.

    ``case_id`` may be several cases (the two ends of a new link): one walk
    out from all of them at once, each within ``max_hops``.

    What ``check_network`` needs: the graph of cases, with each pair's
    first link to name where a path starts. Two cases joined by thousands of
    links (a large investigation's overlaps with another agency's) are one
    row here, so the look reads as many rows as the neighbourhood has pairs
    of cases, not links.
    """
    def read(ids: list[int]) -> list[tuple[int, CaseEdge]]:
        first = _passable(select(func.min(SubjectLink.id)), True, None).where(
            or_(SubjectLink.low_case_id.in_(ids), SubjectLink.high_case_id.in_(ids))) \
            .group_by(SubjectLink.low_case_id, SubjectLink.high_case_id)
        rows = session.execute(select(*_EDGE_COLUMNS, SubjectLink.id).where(SubjectLink.id.in_(first)))
        return [(link_id, CaseEdge(*edge)) for *edge, link_id in rows]
    return _walk(session, case_id, max_hops, max_cases, read)


_EDGE_COLUMNS = (SubjectLink.low_case_id, SubjectLink.high_case_id, SubjectLink.low_id, SubjectLink.high_id,
                 SubjectLink.kind)


def _links_near(ids: list[int], confident_only: bool, viewer_agency: int | None):
    """The links of these cases that a chain may pass over (see ``neighbourhood_edges``), as edge columns."""
    return _passable(select(*_EDGE_COLUMNS), confident_only, viewer_agency).where(
        or_(SubjectLink.low_case_id.in_(ids), SubjectLink.high_case_id.in_(ids)))


@functools.cache
def _ends() -> tuple:
    """A link's two records, aliased once (at first use, when every model is mapped): an alias costs ~3 ms to build."""
    return aliased(SubjectRecord, name="low_record"), aliased(SubjectRecord, name="high_record")


def _passable(query, confident_only: bool, viewer_agency: int | None):
    """``query`` over the links kept to those a chain may pass over: not rejected, no untold sensitive end."""
    low, high = _ends()
    query = query.join(low, low.id == SubjectLink.low_id).join(high, high.id == SubjectLink.high_id) \
        .where(SubjectLink.state != "rejected", _told(low, viewer_agency), _told(high, viewer_agency))
    return query.where(CONFIDENT) if confident_only else query


# A link someone can stand behind: the engine's match, or a match a reviewer confirmed.
CONFIDENT = or_(SubjectLink.level == "match", SubjectLink.state == "confirmed")


def _told(record, viewer_agency: int | None):
    """Whether a link may pass over this end: a record that is not sensitive, or the viewer's own."""
    if viewer_agency is None:
        return record.sensitive_approved_by_id.is_(None)
    return or_(record.sensitive_approved_by_id.is_(None), record.agency_id == viewer_agency)


def _walk(session: Session, case_id: int | set[int], max_hops: int, max_cases: int,
          read: Callable[[list[int]], list[tuple[int, CaseEdge]]]) -> tuple[list[CaseEdge], dict[int, int]]:
    """Out from a case (or several) hop by hop, ``read`` giving the (link id, edge) pairs of a hop's cases."""
    start = {case_id} if isinstance(case_id, int) else set(case_id)
    seen, frontier, edges = set(start), set(start), {}
    for _hop in range(max_hops):
        if not frontier or len(seen) >= max_cases:
            break
        found = read(sorted(frontier))
        frontier = set()
        for link_id, edge in sorted(found, key=lambda pair: pair[0]):
            edges[link_id] = edge
            for case in (edge.case_a, edge.case_b):
                if case not in seen and len(seen) < max_cases:
                    seen.add(case)
                    frontier.add(case)
    agencies = dict(session.execute(select(Case.id, Case.agency_id).where(Case.id.in_(seen))).all())
    return [edges[link_id] for link_id in sorted(edges)], agencies


def widened_pairs(session: Session, links: Iterable[SubjectLink]) -> list[tuple[int, int]]:
    """The two cases of each of these links (just written) that is the first confident link between them.

    Only such a link adds a case to another's neighbourhood: a link between
    two cases already joined leaves the graph of cases as it was: every path
    through it runs through the earlier link too.
    A large investigation adds overlaps with the same other case again and
    again; each is one indexed look here, not a walk over all their links.
    A sensitive record's link is no edge at all (see ``neighbourhood_edges``).
    """
    pairs: dict[tuple[int, int], set[int]] = {}
    for link in links:
        if link.low_case_id == link.high_case_id or link.state == "rejected" \
                or not (link.level == "match" or link.state == "confirmed"):
            continue
        if any(session.get(SubjectRecord, end).sensitive for end in (link.low_id, link.high_id)):
            continue
        pairs.setdefault(tuple(sorted((link.low_case_id, link.high_case_id))), set()).add(link.id)
    if not pairs:
        return []
    # Each pair each way round (the lower record may be in either case): an index look that stops at a link.
    ways = [_passable(select(SubjectLink.id, literal(n).label("pair")), True, None).where(
        SubjectLink.low_case_id == low_case, SubjectLink.high_case_id == high_case,
        SubjectLink.id.not_in(own)).limit(1).subquery()
        for n, ((a, b), own) in enumerate(pairs.items()) for low_case, high_case in ((a, b), (b, a))]
    joined = set(session.scalars(union_all(*(select(way.c.pair) for way in ways))))
    return [pair for n, pair in enumerate(pairs) if n not in joined]


def check_network(session: Session, case_id: int) -> list[ConflictAlert]:
    """Alert the cases of other agencies that are a few hops from this case but not directly linked."""
    edges, agencies = case_edges(session, case_id)
    graph = case_graph(edges, agencies)
    return _raise_paths(session, graph, agencies, network_paths(graph, case_id, MAX_HOPS))


def look_at_new_links(session: Session, pairs: list[tuple[int, int]], own_case: int,
                      user_id: int) -> list[ConflictAlert]:
    """The look at the paths new links between cases make: ``own_case``'s alerted now, the rest queued.

    A link between B and C joins not only B to C's neighbours and C to B's,
    but each case near B to each case near C: with A–B and C–D already
    there, A and D are now three links apart. The look is one walk out from
    both ends of every new link at once, within the hops and the number of
    cases a case's own look keeps to, and each pair it joins is alerted once.

    A link into a case that is joined to a hundred others puts each of them
    a few links from each case on the other side: an alert for every such
    pair, between other agencies' cases, a hundred or more from one record.
    The registrant (or the supervisor who confirmed the match) waits for
    none of them, so only the paths with an end in ``own_case`` are alerted
    here, in the answer; if there are others, a
    ``network_look`` job is queued in this transaction (it lands with the
    links, or not at all) and the job workers raise them a moment later
    (``raise_queued_look``), told to their own sides. A registration's time
    no longer grows with the network it joins.
    """
    graph, agencies, paths = _new_paths(session, pairs)
    own = [found for found in paths if own_case in (found.path[0], found.target)]
    if len(own) < len(paths):
        queue_network_look(session, user_id, own_case, pairs)
    return _raise_paths(session, graph, agencies, own)


def raise_queued_look(session: Session, pairs: list[tuple[int, int]], own_case: int,
                      size: int = LOOK_SLICE) -> Iterator[list[ConflictAlert]]:
    """The queued half of ``look_at_new_links``: the paths these links make with no end in ``own_case``.

    Raised ``size`` paths at a time, each slice's alerts yielded for the
    caller to commit before the next: on SQLite a writer holds the one write
    lock, and a hundred alerts at once would hold every registration up. A
    slice raised again (its worker died before the commit, or after it) is
    refreshed, not doubled. The network is read as it is now: a link
    rejected meanwhile makes no path.
    """
    graph, agencies, paths = _new_paths(session, pairs)
    paths = [found for found in paths if own_case not in (found.path[0], found.target)]
    for start in range(0, len(paths), size):
        yield _raise_paths(session, graph, agencies, paths[start:start + size])


def _new_paths(session: Session, pairs: list[tuple[int, int]]) -> tuple:
    """The graph around the new links' ends, each case's agency, and every path between two cases they make."""
    edges, agencies = case_edges(session, {case for pair in pairs for case in pair})
    graph = case_graph(edges, agencies)
    return graph, agencies, paths_through(graph, pairs, MAX_HOPS)


def _raise_paths(session: Session, graph, agencies: dict[int, int], paths: list[NetworkPath]) -> list[ConflictAlert]:
    """Raise (or refresh) the network alert of each path's two cases, each side told of its own first record.

    A link that joins a case to a large network makes many paths at once: their
    first records are read in one query and their alerts raised together
    (``raise_alerts``), so the look costs as many statements for one path as for hundreds.
    """
    ends = []
    for found in paths:
        their_first = graph.edges[found.path[-2], found.path[-1]]["links"][0]
        ends.append((found.first_link.record_a,
                     their_first.record_a if their_first.case_a == found.target else their_first.record_b))
    wanted = {record_id for pair in ends for record_id in pair}
    records = {record.id: record for record in session.scalars(
        select(SubjectRecord).where(SubjectRecord.id.in_(wanted)))} if wanted else {}
    overlaps = []
    for found, (own_id, their_id) in zip(paths, ends):
        case_id = found.path[0]
        overlaps.append(Overlap(
            pair=pair_name("network", ("case", case_id), ("case", found.target)),
            kind="network", level="possible", severity=network_severity(found.hops), score=1.0 / found.hops,
            first=Side(agencies[case_id], case_id, "case", case_id, "case",
                       (_reason(found.hops, records.get(own_id)),)),
            second=Side(agencies[found.target], found.target, "case", found.target, "case",
                        (_reason(found.hops, records.get(their_id)),)),
        ))
    alerts = [alert for alert, _new in raise_alerts(session, overlaps)]
    for alert in alerts:
        _reopen_if_withdrawn(session, alert)
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
        near.update(case_edges(session, case_id)[1])
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
            edges, agencies = case_edges(session, first)
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
