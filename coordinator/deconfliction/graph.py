"""The link graph with networkx: paths between cases, networks, the records that tie cases together.

Graphs are built by the caller from the database (a neighbourhood for a
case page, the whole graph or a component for a report) and passed in as
edges; nothing here reads the database.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

import networkx as nx


@dataclass(frozen=True)
class CaseEdge:
    """Two cases joined by a link between one record of each."""

    case_a: int
    case_b: int
    record_a: int
    record_b: int
    kind: str


def case_graph(edges: Iterable[CaseEdge], agency_of: dict[int, int]) -> nx.Graph:
    """Cases as nodes (with their agency), record links as edges (the first link kept per pair)."""
    graph = nx.Graph()
    for case_id, agency_id in agency_of.items():
        graph.add_node(case_id, agency=agency_id)
    for edge in edges:
        if edge.case_a == edge.case_b:
            continue
        if not graph.has_edge(edge.case_a, edge.case_b):
            graph.add_edge(edge.case_a, edge.case_b, links=[])
        graph.edges[edge.case_a, edge.case_b]["links"].append(edge)
    return graph


def joined_within(graph: nx.Graph, a: int, b: int, max_hops: int) -> bool:
    """Whether two cases are joined by a chain of at most ``max_hops`` links."""
    return a in graph and b in nx.single_source_shortest_path_length(graph, a, cutoff=max_hops)


@dataclass(frozen=True)
class NetworkPath:
    """Another agency's case reached from a case through others' cases."""

    target: int
    hops: int
    path: tuple[int, ...]
    first_link: CaseEdge
    kinds: tuple[str, ...]


def network_paths(graph: nx.Graph, source: int, max_hops: int) -> list[NetworkPath]:
    """Cases of other agencies within ``max_hops`` of ``source`` but not directly linked to it."""
    if source not in graph:
        return []
    own_agency = graph.nodes[source].get("agency")
    paths = nx.single_source_shortest_path(graph, source, cutoff=max_hops)
    found = []
    for target, path in paths.items():
        hops = len(path) - 1
        if hops < 2 or graph.nodes[target].get("agency") == own_agency:
            continue
        found.append(_network_path(graph, tuple(path)))
    return sorted(found, key=lambda p: (p.hops, p.target))


def paths_through(graph: nx.Graph, new_edges: Iterable[tuple[int, int]], max_hops: int) -> list[NetworkPath]:
    """Every two cases of other agencies that a new edge joins within ``max_hops``, not directly linked.

    A pair counts when a shortest chain between them runs over one of the
    new edges: one end within reach of the edge's first case, the other of
    its second. Each pair is given once, its path starting (``path[0]``)
    on the side of the edge's first case. The graph must hold every link of
    the cases within ``max_hops - 1`` of the edges' ends (a walk of
    ``max_hops`` from them), so that a shorter chain, if any, is seen.
    """
    found: dict[frozenset, NetworkPath] = {}
    near: dict[int, dict[int, int]] = {}
    for first, second in new_edges:
        if not graph.has_edge(first, second):
            continue
        to_first = nx.single_source_shortest_path(graph, first, cutoff=max_hops - 1)
        to_second: dict[int, list[tuple[int, list[int]]]] = {}  # by distance from the second case
        for target, outward in sorted(nx.single_source_shortest_path(graph, second, cutoff=max_hops - 1).items()):
            to_second.setdefault(len(outward) - 1, []).append((target, outward))
        for source, inward in sorted(to_first.items()):
            # A chain of at most max_hops links: inward to the first case, the new edge, outward from the second.
            outwards = (pair for beyond in range(max_hops - len(inward) + 1) for pair in to_second.get(beyond, ()))
            for target, outward in outwards:
                hops = len(inward) + len(outward) - 1
                pair = frozenset((source, target))
                if hops < 2 or len(pair) < 2 or pair in found \
                        or graph.nodes[source].get("agency") == graph.nodes[target].get("agency"):
                    continue
                if source not in near:
                    near[source] = nx.single_source_shortest_path_length(graph, source, cutoff=max_hops - 1)
                if near[source].get(target, max_hops) < hops:
                    continue  # a shorter chain joins them: over another new edge, or no new path at all
                found[pair] = _network_path(graph, tuple(reversed(inward)) + tuple(outward))
    return sorted(found.values(), key=lambda p: (p.hops, p.path[0], p.target))


def _network_path(graph: nx.Graph, path: tuple[int, ...]) -> NetworkPath:
    """A path between two cases as a ``NetworkPath``, its first link read from its first case."""
    links = [graph.edges[a, b]["links"][0] for a, b in zip(path, path[1:])]
    first = links[0]
    if first.case_b == path[0]:
        first = CaseEdge(first.case_b, first.case_a, first.record_b, first.record_a, first.kind)
    return NetworkPath(path[-1], len(path) - 1, path, first, tuple(link.kind for link in links))


# --- a case's neighbourhood, record by record ---------------------------------------

@dataclass(frozen=True)
class Step:
    """One link crossed on the way out from a case: the record it reached, in which case."""

    record: int
    case: int
    kind: str


@dataclass(frozen=True)
class Reach:
    """A record of another case within a few links of a case, and the way there."""

    record: int
    case: int
    kind: str
    hops: int
    via: int
    steps: tuple[Step, ...]


def reach_from(edges: Iterable[CaseEdge], source: int, max_hops: int) -> list[Reach]:
    """The records of other cases within ``max_hops`` links of ``source``, nearest first.

    A hop is one link between two records; moving between the records of one
    case is free, so a case's other records are as near as the one a link
    reached. ``via`` is the source case's record each path starts from.
    """
    graph = nx.Graph()
    for edge in sorted(edges, key=lambda e: (e.record_a, e.record_b)):
        a, b = ("record", edge.record_a), ("record", edge.record_b)
        graph.add_edge(a, ("case", edge.case_a), weight=0)
        graph.add_edge(b, ("case", edge.case_b), weight=0)
        graph.add_edge(a, b, weight=1, kind=edge.kind)
    start = ("case", source)
    if start not in graph:
        return []
    hops, paths = nx.single_source_dijkstra(graph, start, cutoff=max_hops, weight="weight")
    found = []
    for node, path in paths.items():
        if node[0] != "record" or hops[node] == 0:
            continue
        steps = tuple(Step(b[1], _case_of(graph, b), graph.edges[a, b]["kind"])
                      for a, b in zip(path, path[1:]) if a[0] == b[0] == "record")
        found.append(Reach(node[1], _case_of(graph, node), _kind_of(graph, node), int(hops[node]),
                           path[1][1], steps))
    return sorted(found, key=lambda r: (r.hops, r.case, r.record))


def _case_of(graph: nx.Graph, record: tuple[str, int]) -> int:
    return next(n[1] for n in graph[record] if n[0] == "case")


def _kind_of(graph: nx.Graph, record: tuple[str, int]) -> str:
    # Records are linked only to records of their own kind: any of its links says it.
    return next(data["kind"] for n, data in graph[record].items() if n[0] == "record")


def ring_layout(graph: nx.Graph, rings: dict, radius: float = 1.0) -> dict:
    """Positions on concentric rings (ring 0 at the centre), each node near its parents.

    Deterministic: a ring's nodes are ordered by the mean angle of their
    neighbours on the ring inside, then by the nodes themselves, and spread
    evenly, so the same neighbourhood is always drawn the same way.
    """
    positions: dict = {}
    angles: dict = {}
    outer = max(rings.values(), default=0) or 1
    for ring in sorted(set(rings.values())):
        wanted = {n: _parent_angle(graph, n, angles, rings, ring - 1) for n in rings if rings[n] == ring}
        members = sorted(wanted, key=lambda n: (wanted[n], repr(n)))
        step = 2 * math.pi / len(members)
        # Turn the ring so that, on the whole, nodes sit as close as they can to their parents.
        turns = [wanted[n] - i * step for i, n in enumerate(members) if wanted[n] < 2 * math.pi]
        x, y = sum(math.cos(t) for t in turns), sum(math.sin(t) for t in turns)
        offset = math.atan2(y, x) if abs(x) + abs(y) > 1e-9 else step / 2 * (ring % 2)
        for i, node in enumerate(members):
            angles[node] = (offset + i * step) % (2 * math.pi)
            r = radius * ring / outer
            positions[node] = (r * math.cos(angles[node]), r * math.sin(angles[node])) if ring else (0.0, 0.0)
    return positions


def _parent_angle(graph: nx.Graph, node, angles: dict, rings: dict, inner_ring: int) -> float:
    """The mean angle of a node's neighbours on the inner ring; nodes without any go last."""
    inner = [angles[p] for p in (graph[node] if node in graph else ()) if p in angles and rings.get(p) == inner_ring]
    if not inner:
        return 4 * math.pi
    x, y = sum(math.cos(a) for a in inner), sum(math.sin(a) for a in inner)
    return math.atan2(y, x) % (2 * math.pi) if abs(x) + abs(y) > 1e-9 else inner[0]


# --- the whole graph: networks of cases and the things that tie them -------------------

LinkRow = tuple[int, int, int, int, str]  # low record, high record, low case, high case, kind


@dataclass(frozen=True)
class Network:
    """Cases tied together by linked records: one connected component of the link graph."""

    key: int  # its smallest case id: a stable name
    cases: tuple[int, ...]
    agencies: tuple[int, ...]
    records: int
    links: int
    things: int


@dataclass(frozen=True)
class Connector:
    """One real thing (records of several agencies linked as the same) and the cases it ties."""

    key: int  # its smallest record id
    kind: str
    records: tuple[tuple[int, int], ...]  # (record, case)
    cases: tuple[int, ...]
    agencies: tuple[int, ...]
    network: int
    cut: bool  # the only tie between parts of its network


@dataclass
class NetworkAnalysis:
    """What the report says about a link graph."""

    records: int
    links: int
    cases: int
    networks: list[Network]
    connectors: list[Connector]


def analyse_links(rows: Iterable[LinkRow], agency_of: dict[int, int], top: int = 20, min_agencies: int = 2,
                  focus_agency: int | None = None) -> NetworkAnalysis:
    """Networks spanning agencies and the things that tie the most cases, from link rows.

    Records linked as the same thing are first merged into one node by a
    union-find (``Things``); the graph networkx analyses then has cases and things as
    nodes (an edge: this thing appears in this case), a fraction of a
    record-level graph's size. Its components are the networks; a thing's
    degree is the number of cases it ties. Betweenness would rank brokers
    better but costs O(nodes x edges), hours at a million records; degree is
    O(1) a node, and the articulation points of the top things' networks
    (linear time) say which of them is the only tie between parts.
    ``focus_agency`` keeps the networks and things that touch that agency.
    """
    things = Things()
    case_of: dict[int, int] = {}
    kind_of: dict[int, str] = {}
    kinds: dict[str, str] = {}
    links_of_case: dict[int, int] = {}
    links = 0
    for low, high, low_case, high_case, kind in rows:
        things.union(low, high)
        case_of[low], case_of[high] = low_case, high_case
        kind_of[low] = kinds.setdefault(kind, kind)
        links_of_case[low_case] = links_of_case.get(low_case, 0) + 1
        links += 1

    # Cases are their ids (>= 0), things the complement of their root record's id (< 0).
    graph = nx.Graph()
    find = things.find
    graph.add_edges_from((~find(record), case) for record, case in case_of.items())
    weights = things.sizes
    candidates = set(_connector_candidates(graph, agency_of, top, focus_agency))

    networks: list[Network] = []
    network_of: dict[int, int] = {}
    for component in nx.connected_components(graph):
        cases = sorted(n for n in component if n >= 0)
        agencies = sorted({agency_of[c] for c in cases if c in agency_of})
        if len(agencies) < min_agencies or (focus_agency is not None and focus_agency not in agencies):
            continue
        network_of.update((n, cases[0]) for n in component if n in candidates)
        networks.append(Network(cases[0], tuple(cases), tuple(agencies),
                                sum(weights.get(~n, 1) for n in component if n < 0),
                                sum(links_of_case.get(c, 0) for c in cases), len(component) - len(cases)))
    networks.sort(key=lambda n: (-len(n.cases), -len(n.agencies), n.key))

    ranked = sorted((n for n in candidates if n in network_of),
                    key=lambda n: (-graph.degree[n], -len(_agencies(graph, n, agency_of)), -weights.get(~n, 1),
                                   min(graph[n])))[:top]
    cut: set[int] = set()
    for network in dict.fromkeys(network_of[n] for n in ranked):
        component = nx.node_connected_component(graph, network)
        cut.update(n for n in nx.articulation_points(graph.subgraph(component)) if n < 0)

    members: dict[int, list[tuple[int, int]]] = {~n: [] for n in ranked}
    for record, case in case_of.items():
        root = find(record)
        if root in members:
            members[root].append((record, case))
    connectors = []
    for n in ranked:
        records = tuple(sorted(members[~n]))
        kind = next(kind_of[r] for r, _c in records if r in kind_of)
        connectors.append(Connector(records[0][0], kind, records, tuple(sorted(graph[n])),
                                    tuple(sorted(_agencies(graph, n, agency_of))), network_of[n], n in cut))
    case_count = sum(1 for n in graph if n >= 0)
    return NetworkAnalysis(len(case_of), links, case_count, networks, connectors)


class Things:
    """Records merged into the real things they stand for: a union-find (by size, with path halving).

    Only merged records take room: a record absent from ``parent`` is a root,
    a root absent from ``sizes`` stands alone.
    """

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.sizes: dict[int, int] = {}

    def find(self, record: int) -> int:
        """The record that names the thing this record belongs to."""
        parent = self.parent
        while record in parent:
            up = parent[record]
            if up not in parent:
                return up
            parent[record] = record = parent[up]
        return record

    def union(self, a: int, b: int) -> None:
        """Say that two records are the same thing."""
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        size_a, size_b = self.sizes.pop(a, 1), self.sizes.pop(b, 1)
        if size_a < size_b:
            a, b = b, a
        self.parent[b] = a
        self.sizes[a] = size_a + size_b


def _agencies(graph: nx.Graph, thing: int, agency_of: dict[int, int]) -> set[int]:
    return {agency_of[c] for c in graph[thing] if c in agency_of}


def _connector_candidates(graph: nx.Graph, agency_of: dict[int, int], top: int,
                          focus_agency: int | None) -> list[int]:
    """The things that may rank in the top: every thing tying at least as many cases as the top-th."""
    if focus_agency is None:
        pool = [n for n in graph if n < 0]
    else:
        pool = list({t for c in graph if c >= 0 and agency_of.get(c) == focus_agency for t in graph[c]})
    if not pool or top <= 0:
        return []
    degree = graph.degree
    threshold = sorted((degree[n] for n in pool), reverse=True)[min(top, len(pool)) - 1]
    return sorted(n for n in pool if degree[n] >= threshold)
