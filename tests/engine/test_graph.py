"""The link graph's pure functions: reach from a case, the ring layout, the whole-graph analysis."""
from __future__ import annotations

import math
import random

import networkx as nx

from coordinator.deconfliction.graph import (
    CaseEdge, Things, analyse_links, case_graph, paths_through, reach_from, ring_layout,
)

ATF, ICE, FGR, CBP = 1, 2, 3, 4


def test_reach_counts_links_and_crosses_a_case_for_free():
    # case 10 (ATF) phone 100 = ICE phone 200 in case 20; ICE person 201 = FGR person 300 in case 30.
    edges = [CaseEdge(10, 20, 100, 200, "phone"), CaseEdge(20, 30, 201, 300, "person")]
    found = {r.record: r for r in reach_from(edges, 10, 2)}
    assert set(found) == {200, 201, 300}
    assert found[200].hops == 1 and found[201].hops == 1 and found[300].hops == 2
    assert found[300].via == 100 and found[300].kind == "person" and found[300].case == 30
    assert [(s.case, s.kind) for s in found[300].steps] == [(20, "phone"), (30, "person")]
    assert [r.record for r in reach_from(edges, 10, 1)] == [200, 201]


def test_reach_takes_the_shortest_way_and_ignores_the_source_cases_own_records():
    edges = [CaseEdge(10, 20, 100, 200, "phone"), CaseEdge(20, 30, 201, 300, "person"),
             CaseEdge(10, 30, 101, 301, "dealer")]
    found = {r.record: r for r in reach_from(edges, 10, 3)}
    assert 100 not in found and 101 not in found
    assert found[300].hops == 1 and found[300].via == 101
    assert reach_from(edges, 99, 3) == []


def test_reach_is_the_same_whatever_the_order_of_the_edges():
    edges = [CaseEdge(10, 20, 100, 200, "phone"), CaseEdge(10, 20, 102, 202, "vehicle"),
             CaseEdge(20, 30, 201, 300, "person")]
    assert reach_from(edges, 10, 2) == reach_from(list(reversed(edges)), 10, 2)


def test_a_new_edge_joins_each_case_near_one_end_to_each_case_near_the_other_once():
    # A(10, ATF)–B(20, ICE) and C(30, FGR)–D(40, CBP); the new edge B–C; E(50, ATF) hangs off D, four links from A.
    edges = [CaseEdge(10, 20, 100, 200, "phone"), CaseEdge(30, 40, 300, 400, "phone"),
             CaseEdge(20, 30, 201, 301, "person"), CaseEdge(40, 50, 401, 500, "dealer")]
    graph = case_graph(edges, {10: ATF, 20: ICE, 30: FGR, 40: CBP, 50: ATF})
    found = {(p.path[0], p.target): p for p in paths_through(graph, [(20, 30), (30, 20)], 3)}
    # A–C and B–D two links apart, A–D three, B–E three; A–E is four (too far), C–E is old (not over B–C).
    assert {pair: p.hops for pair, p in found.items()} == {(10, 30): 2, (20, 40): 2, (10, 40): 3, (20, 50): 3}
    assert found[(10, 40)].path == (10, 20, 30, 40) and found[(10, 40)].kinds == ("phone", "person", "phone")
    first = found[(10, 40)].first_link
    assert (first.case_a, first.record_a) == (10, 100)
    assert paths_through(graph, [(20, 99)], 3) == []  # no such edge in the graph: nothing


def test_a_new_edge_raises_no_pair_a_shorter_chain_already_joins_nor_two_cases_of_one_agency():
    # A(10, ATF)–B(20, ICE)–C(30, FGR) already; the new edge A–D(40, FGR) and D–C already.
    edges = [CaseEdge(10, 20, 100, 200, "phone"), CaseEdge(20, 30, 201, 300, "phone"),
             CaseEdge(10, 40, 101, 400, "person"), CaseEdge(40, 30, 401, 301, "dealer")]
    graph = case_graph(edges, {10: ATF, 20: ICE, 30: FGR, 40: FGR})
    found = {(p.path[0], p.target): p.hops for p in paths_through(graph, [(10, 40)], 3)}
    # A–C stays two links apart (through B or D): raised again as a refresh, at the same length. B–D is new.
    # D and C are FGR's both: no alert between an agency's own cases.
    assert found == {(10, 30): 2, (20, 40): 2}
    graph.remove_edge(10, 20)  # without A–B, the new edge joins A to C, and to B three links away
    assert {(p.path[0], p.target): p.hops for p in paths_through(graph, [(10, 40)], 3)} == {(10, 30): 2, (10, 20): 3}


def test_ring_layout_puts_rings_at_their_radius_deterministically():
    graph = nx.Graph([("c", "a"), ("c", "b"), ("a", "x"), ("b", "y"), ("b", "z")])
    rings = {"c": 0, "a": 1, "b": 1, "x": 2, "y": 2, "z": 2}
    positions = ring_layout(graph, rings)
    assert positions["c"] == (0.0, 0.0)
    for node, ring in rings.items():
        assert math.isclose(math.hypot(*positions[node]), ring / 2, abs_tol=1e-9)
    assert positions == ring_layout(graph, dict(reversed(list(rings.items()))))
    assert len({positions[n] for n in "xyz"}) == 3


def test_ring_layout_keeps_children_near_their_parent():
    graph = nx.Graph([("c", p) for p in "abcd"] + [(p, p + "1") for p in "abcd"])
    rings = {"c": 0, **{p: 1 for p in "abcd"}, **{p + "1": 2 for p in "abcd"}}
    positions = ring_layout(graph, rings)

    def angle(n):
        return math.atan2(positions[n][1], positions[n][0])

    for parent in "abcd":
        gap = abs(angle(parent) - angle(parent + "1")) % (2 * math.pi)
        assert min(gap, 2 * math.pi - gap) < math.pi / 3


def rows(*links):
    return [(low, high, lc, hc, kind) for low, high, lc, hc, kind in links]


def test_analysis_finds_networks_across_agencies_and_the_thing_tying_most_cases():
    agency_of = {1: ATF, 2: ICE, 3: FGR, 4: ATF, 5: CBP, 6: ICE, 7: ATF}
    links = rows(
        # a dealer known in cases 1 (ATF), 2 (ICE) and 3 (FGR): records 10, 20, 30, linked pairwise
        (10, 20, 1, 2, "dealer"), (10, 30, 1, 3, "dealer"), (20, 30, 2, 3, "dealer"),
        # a phone in cases 3 (FGR) and 4 (ATF)
        (31, 40, 3, 4, "phone"),
        # apart: a person in cases 5 (CBP) and 6 (ICE)
        (50, 60, 5, 6, "person"),
    )
    result = analyse_links(links, agency_of, top=5)
    assert (result.records, result.links, result.cases) == (7, 5, 6)
    big, small = result.networks
    assert big.cases == (1, 2, 3, 4) and big.agencies == (ATF, ICE, FGR) and big.key == 1
    assert (big.records, big.links, big.things) == (5, 4, 2)
    assert small.cases == (5, 6) and small.agencies == (ICE, CBP)
    top = result.connectors[0]
    assert top.kind == "dealer" and top.cases == (1, 2, 3) and top.key == 10
    assert top.records == ((10, 1), (20, 2), (30, 3)) and top.network == 1
    assert top.cut  # without the dealer, case 4 (through the phone in 3) loses 1 and 2
    assert [c.kind for c in result.connectors] == ["dealer", "phone", "person"]  # ties: the earlier case first


def test_analysis_keeps_only_networks_spanning_enough_agencies_and_the_focus():
    agency_of = {1: ATF, 2: ICE, 3: FGR}
    links = rows((10, 20, 1, 2, "phone"), (21, 30, 2, 3, "person"))
    assert analyse_links(links, agency_of, min_agencies=4).networks == []
    assert len(analyse_links(links, agency_of, min_agencies=3).networks) == 1
    focused = analyse_links(rows((10, 20, 1, 2, "phone"), (50, 60, 5, 6, "person")),
                            {1: ATF, 2: ICE, 5: CBP, 6: FGR}, focus_agency=ATF)
    assert [n.cases for n in focused.networks] == [(1, 2)]
    assert [c.cases for c in focused.connectors] == [(1, 2)]


def test_analysis_of_nothing_is_empty():
    result = analyse_links([], {}, top=10)
    assert (result.records, result.links, result.cases, result.networks, result.connectors) == (0, 0, 0, [], [])


def test_things_merge_records_as_networkx_components_would():
    rng = random.Random(5)
    pairs = [(rng.randrange(300), rng.randrange(300)) for _ in range(250)]
    things = Things()
    for a, b in pairs:
        things.union(a, b)
    for component in nx.connected_components(nx.Graph(pairs)):
        roots = {things.find(r) for r in component}
        assert len(roots) == 1
        assert things.sizes.get(roots.pop(), 1) == len(component)
    assert things.find(10_000) == 10_000 and 10_000 not in things.sizes
