"""The link graph for its readers: a case's neighbourhood, and the network report.

Need to know, as decided here (DESIGN.md: a side learns that the other
exists and why, not the other case's contents):

- **A case's neighbourhood** is for whoever may read the case
  (``access.case_for``: its agency's agents and supervisors, or an agency it
  was shared with; anyone else gets a 404). Of a case the viewer may read
  (own agency or shared) it shows every record within k links, with its
  label, its case's number and the way there. Of any other case it tells no
  more than the alerts do: a record linked to one of this case's own
  records, by its agency and kind (what the subject alert says); a case
  further away, by its agency alone and only where a network alert joins
  the two cases (what that alert says). Which other kinds of records such
  a case holds, and which third agencies it links to, stay unsaid: its
  other records are not listed, the steps through it are not named, and
  no link between two cases the viewer cannot read is drawn.
- **The network report** over the whole graph (or one network):

  - monitors and administrators, and the command line: every network that
    spans agencies, with counts, agencies and case numbers, and the
    connectors by kind, counts, agencies and case numbers; never a subject
    label (monitors never see subject identities) nor a record id;
  - supervisors: only the networks and connectors that touch their
    agency's cases; their own cases by number and their own records by
    label, everyone else's as counts by agency (and kind);
  - agents: no report (403); their cases' neighbourhoods show them theirs.

The registration path never calls this module: it reads a bounded
neighbourhood in ``conflicts.network``; only the report reads the whole graph.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.exceptions import Forbidden, NotFound

from ..access import case_for, visible_cases_clause
from ..accounts.models import User
from ..cases.models import Case
from ..conflicts.models import AlertSide, ConflictAlert
from ..conflicts.network import MAX_HOPS, neighbourhood_edges
from ..deconfliction.graph import Connector, Network, NetworkAnalysis, analyse_links, reach_from
from ..subjects.models import SubjectRecord
from .reading import agency_codes, case_agencies, case_numbers, chunks, component_rows, hidden_records, link_rows

MAX_DRAWN_CASES = 60
SHOWN_CASES = 25
REPORT_ROLES = ("monitor", "admin")


# --- a case's neighbourhood ----------------------------------------------------------

@dataclass(frozen=True)
class PathStep:
    """One link on the way out: the agency and kind of the record it reached (its case's number if readable)."""

    agency: str
    kind: str
    case_number: str | None


@dataclass(frozen=True)
class NeighbourRow:
    """A record of another case within reach, as the viewer may know it.

    ``kind`` is None for a case further away that a network alert names: that
    row stands for the case, not for a record of it.
    """

    agency: str
    kind: str | None
    hops: int
    via: str
    path: tuple[PathStep, ...]
    case_id: int | None = None  # only where the viewer may read the case
    case_number: str | None = None
    label: str | None = None


@dataclass
class Neighbourhood:
    """What a case's page says about the records around it, and the graph to draw."""

    case: Case
    hops: int
    rows: list[NeighbourRow]
    agencies: dict[str, int]  # other agencies -> their records within reach
    truncated: bool
    graph: nx.Graph = field(repr=False)


def case_neighbourhood(session: Session, user: User, case_id: int, hops: int = 2) -> Neighbourhood:
    """Other agencies' records within ``hops`` links of a case, and through which of its own records.

    Reads a bounded neighbourhood of the links table (``neighbourhood_edges``),
    never the whole graph.
    """
    case = case_for(session, user, case_id)
    hops = max(1, min(hops, MAX_HOPS))
    edges, agency_of = neighbourhood_edges(session, case.id, max_hops=hops, viewer_agency=user.agency_id)
    truncated = any(e.case_a not in agency_of or e.case_b not in agency_of for e in edges)
    edges = [e for e in edges if e.case_a in agency_of and e.case_b in agency_of]
    reaches = reach_from(edges, case.id, hops)

    readable = dict(session.execute(select(Case.id, Case.number).where(
        Case.id.in_(list(agency_of)), visible_cases_clause(user))).all())
    readable[case.id] = case.number
    wanted = {r.via for r in reaches} | {r.record for r in reaches if r.case in readable}
    labels = dict(session.execute(select(SubjectRecord.id, SubjectRecord.label)
                                  .where(SubjectRecord.id.in_(wanted))).all()) if wanted else {}
    codes = agency_codes(session)

    rows, shown_cases, far = [], set(), set()
    alerted = _network_alerted(session, case.id)
    for reach in reaches:
        own = reach.case in readable
        if own:
            path = tuple(PathStep(codes[agency_of[s.case]], s.kind, readable.get(s.case)) for s in reach.steps)
            rows.append(NeighbourRow(codes[agency_of[reach.case]], reach.kind, reach.hops,
                                     labels.get(reach.via, "?"), path, reach.case, readable[reach.case],
                                     labels.get(reach.record)))
        elif len(reach.steps) == 1 and reach.steps[0].record == reach.record:  # linked to one of ours
            step = reach.steps[0]
            rows.append(NeighbourRow(codes[agency_of[reach.case]], reach.kind, reach.hops,
                                     labels.get(reach.via, "?"), (PathStep(codes[agency_of[step.case]], step.kind,
                                                                           None),)))
        elif reach.hops > 1 and reach.case in alerted and reach.case not in far:
            far.add(reach.case)
            rows.append(NeighbourRow(codes[agency_of[reach.case]], None, reach.hops, labels.get(reach.via, "?"), ()))
        else:
            continue
        shown_cases.add(reach.case)
    others = Counter(r.agency for r in rows if r.kind is not None and r.agency != codes[user.agency_id])
    graph = _drawing_graph(case, edges, [r for r in reaches if r.case in shown_cases], agency_of, codes, readable,
                           labels, far)
    return Neighbourhood(case, hops, rows, dict(sorted(others.items())), truncated, graph)


def _network_alerted(session: Session, case_id: int) -> set[int]:
    """The cases a network alert joins to this one (whatever its status: the case's agency was told)."""
    mine = select(AlertSide.alert_id).join(ConflictAlert).where(
        ConflictAlert.kind == "network", AlertSide.record_type == "case", AlertSide.record_id == case_id)
    return set(session.scalars(select(AlertSide.record_id).where(
        AlertSide.alert_id.in_(mine), AlertSide.record_type == "case", AlertSide.record_id != case_id)))


def _drawing_graph(case: Case, edges, reaches, agency_of: dict[int, int], codes: dict[int, str],
                   readable: dict[int, str], labels: dict[int, str], far: set[int]) -> nx.Graph:
    """The case, its linked records and the cases shown within reach, on rings by distance.

    Nodes carry what may be drawn: a readable case's number, otherwise its
    agency. A link between two cases the viewer cannot read is not drawn, and
    a case only a network alert names (``far``) is drawn without its links.
    """
    distance: dict[int, int] = {}
    for reach in reaches:
        distance.setdefault(reach.case, reach.hops)
    near = sorted(distance, key=lambda c: (distance[c], c))[:MAX_DRAWN_CASES]
    graph = nx.Graph()
    graph.add_node(("case", case.id), ring=0, role="centre", text=case.number, agency=codes[case.agency_id])
    for reach in reaches:
        graph.add_node(("record", reach.via), ring=1, role="own", text=labels.get(reach.via, "?"),
                       agency=codes[case.agency_id])
        graph.add_edge(("case", case.id), ("record", reach.via), kinds=set())
    for other in near:
        own = other in readable
        graph.add_node(("case", other), ring=distance[other] + 1, role="readable" if own else "other",
                       text=readable[other] if own else codes[agency_of[other]], agency=codes[agency_of[other]],
                       case_id=other if own else None)
    for edge in edges:
        if edge.case_a in far or edge.case_b in far:
            continue
        if not {edge.case_a, edge.case_b} & (set(readable) | {case.id}):
            continue  # between two cases the viewer cannot read: theirs to know
        a = ("record", edge.record_a) if edge.case_a == case.id else ("case", edge.case_a)
        b = ("record", edge.record_b) if edge.case_b == case.id else ("case", edge.case_b)
        if a in graph and b in graph:
            if not graph.has_edge(a, b):
                graph.add_edge(a, b, kinds=set())
            graph.edges[a, b]["kinds"].add(edge.kind)
    return graph


# --- the network report --------------------------------------------------------------

@dataclass(frozen=True)
class CaseRef:
    """A case named in a report: its agency, its number, and its id where the viewer may open it."""

    agency: str
    number: str
    case_id: int | None = None


@dataclass(frozen=True)
class NetworkRow:
    """One network spanning agencies, as the viewer may know it."""

    cases: int
    agencies: tuple[str, ...]
    records: int
    links: int
    named: tuple[CaseRef, ...]  # monitors: any cases; supervisors: their agency's
    others: tuple[tuple[str, int], ...]  # supervisors: other agencies' cases, counted
    unnamed: int  # cases left out of ``named`` for length
    anchor: int | None  # a case id to ask for this network alone


@dataclass(frozen=True)
class ConnectorRow:
    """A thing that ties cases together, as the viewer may know it."""

    kind: str
    cases: int
    agencies: tuple[str, ...]
    records: int
    cut: bool
    labels: tuple[str, ...]  # supervisors: their own records' labels; monitors: none
    named: tuple[CaseRef, ...]
    others: tuple[tuple[str, int], ...]
    unnamed: int


@dataclass
class NetworkReport:
    """The report: totals, the networks spanning agencies (largest first), the top connectors."""

    agency: str | None  # the supervisor's agency it is restricted to; None: the whole graph
    component_of: CaseRef | None
    records: int
    links: int
    cases: int
    network_count: int
    networks: list[NetworkRow]
    connectors: list[ConnectorRow]


def report_scope(user: User | None) -> int | None:
    """The agency a user's report is restricted to; None for the whole graph.

    Monitors, administrators and the command line (no user) see the whole
    graph without subject labels; supervisors their agency's networks;
    agents no report.
    """
    if user is None or user.role in REPORT_ROLES:
        return None
    if user.role == "supervisor":
        return user.agency_id
    raise Forbidden()


def network_report(session: Session, user: User | None, component_of: int | None = None,
                   top: int = 20) -> NetworkReport:
    """The networks that span agencies and the things that tie the most cases, for this viewer."""
    focus = report_scope(user)
    anchor = None
    if component_of is not None:
        anchor = case_for(session, user, component_of) if focus is not None else session.get(Case, component_of)
        if anchor is None:
            raise NotFound()
        rows = _told(session, component_rows(session, anchor.id), focus)
        agency_of = case_agencies(session, {c for row in rows for c in (row[2], row[3])} | {anchor.id})
        analysis = analyse_links(rows, agency_of, top=top, focus_agency=focus)
    else:
        agency_of = case_agencies(session)
        analysis = analyse_links(_told(session, link_rows(session), focus), agency_of, top=top, focus_agency=focus)
    return _present(session, user, focus, analysis, agency_of, anchor, top)


def _told(session: Session, rows, focus: int | None):
    """A supervisor's report leaves out the links of other agencies' sensitive records (their owners
    were told of those hits alone); the monitors' report, which names no subject, keeps them."""
    if focus is None:
        return rows
    hidden = hidden_records(session, focus)
    if not hidden:
        return rows
    kept = (row for row in rows if row[0] not in hidden and row[1] not in hidden)
    return list(kept) if isinstance(rows, list) else kept  # the whole graph's rows stay a stream


def _present(session: Session, user: User | None, focus: int | None, analysis: NetworkAnalysis,
             agency_of: dict[int, int], anchor: Case | None, top: int) -> NetworkReport:
    codes = agency_codes(session)
    networks = analysis.networks[:top]
    named = {c for n in networks for c in _named_cases(n.cases, agency_of, focus)}
    named |= {c for k in analysis.connectors for c in _named_cases(k.cases, agency_of, focus)}
    numbers = case_numbers(session, named | ({anchor.id} if anchor else set()))
    labels: dict[int, str] = {}
    if focus is not None:
        own = [r for k in analysis.connectors for r, c in k.records if agency_of.get(c) == focus]
        for chunk in chunks(own):
            labels.update(session.execute(select(SubjectRecord.id, SubjectRecord.label)
                                          .where(SubjectRecord.id.in_(chunk))).all())

    def ref(case_id: int) -> CaseRef:
        code, number = numbers[case_id]
        return CaseRef(code, number, case_id if focus is not None else None)

    network_rows = [_network_row(n, agency_of, codes, focus, ref) for n in networks]
    connector_rows = [_connector_row(k, agency_of, codes, focus, ref, labels) for k in analysis.connectors]
    if focus is None:
        totals = (analysis.records, analysis.links, analysis.cases)
    else:
        kept = analysis.networks
        totals = (sum(n.records for n in kept), sum(n.links for n in kept), sum(len(n.cases) for n in kept))
    anchor_ref = None
    if anchor is not None:
        code, number = numbers[anchor.id]
        anchor_ref = CaseRef(code, number, anchor.id)
    return NetworkReport(codes[focus] if focus is not None else None, anchor_ref, *totals,
                         len(analysis.networks), network_rows, connector_rows)


def _named_cases(cases: tuple[int, ...], agency_of: dict[int, int], focus: int | None) -> list[int]:
    mine = [c for c in cases if focus is None or agency_of.get(c) == focus]
    return mine[:SHOWN_CASES]


def _others(cases: tuple[int, ...], agency_of: dict[int, int], codes: dict[int, str],
            focus: int | None) -> tuple[tuple[str, int], ...]:
    if focus is None:
        return ()
    counted = Counter(codes[agency_of[c]] for c in cases if agency_of.get(c) != focus)
    return tuple(sorted(counted.items()))


def _network_row(network: Network, agency_of, codes, focus, ref) -> NetworkRow:
    mine = [c for c in network.cases if focus is None or agency_of.get(c) == focus]
    named = tuple(ref(c) for c in mine[:SHOWN_CASES])
    return NetworkRow(len(network.cases), tuple(sorted(codes[a] for a in network.agencies)), network.records,
                      network.links, named, _others(network.cases, agency_of, codes, focus),
                      len(mine) - len(named), mine[0] if mine else None)


def _connector_row(connector: Connector, agency_of, codes, focus, ref, labels) -> ConnectorRow:
    mine = [c for c in connector.cases if focus is None or agency_of.get(c) == focus]
    named = tuple(ref(c) for c in mine[:SHOWN_CASES])
    own_labels = tuple(sorted({labels[r] for r, c in connector.records if r in labels})) if focus is not None else ()
    return ConnectorRow(connector.kind, len(connector.cases), tuple(sorted(codes[a] for a in connector.agencies)),
                        len(connector.records), connector.cut, own_labels, named,
                        _others(connector.cases, agency_of, codes, focus), len(mine) - len(named))
