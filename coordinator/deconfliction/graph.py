"""The link graph with networkx: paths between cases, networks, the records that tie cases together.

Graphs are built by the caller from the database (a neighbourhood for a
case page, the whole graph or a component for a report) and passed in as
edges; nothing here reads the database.
"""
from __future__ import annotations

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
        links = [graph.edges[a, b]["links"][0] for a, b in zip(path, path[1:])]
        first = links[0]
        if first.case_b == source:
            first = CaseEdge(first.case_b, first.case_a, first.record_b, first.record_a, first.kind)
        found.append(NetworkPath(target, hops, tuple(path), first, tuple(link.kind for link in links)))
    return sorted(found, key=lambda p: (p.hops, p.target))
