"""A neighbourhood drawn as server-rendered SVG: rings by distance, no script, no library.

The layout is ``graph.ring_layout``: the case at the centre, its linked
records on the first ring, the cases one link away on the next, and so on;
the same neighbourhood is always drawn the same way. This module only turns
positions into coordinates and texts; the template writes the markup.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from zlib import crc32

from ..codes import CORE_AGENCIES
from ..deconfliction.graph import ring_layout

# One colour per agency, in the order of the code table, so a colour always means the same agency.
PALETTE = ("#1f5a96", "#b8471b", "#2f7d32", "#7b3f98", "#a07800", "#00838f", "#c2185b", "#5d4037",
           "#455a64", "#6a7d00", "#ad1457", "#3949ab")
AGENCY_COLOURS = dict(zip(CORE_AGENCIES, PALETTE))


def agency_colour(code: str | None) -> str:
    """The agency's colour: the first twelve their own, any other agency one of the palette by its code."""
    if not code:
        return "#666666"
    return AGENCY_COLOURS.get(code) or PALETTE[crc32(code.encode()) % len(PALETTE)]


SIZE = 760
MARGIN = 70
TEXT_LENGTH = 22
BOW = 0.3


@dataclass(frozen=True)
class DrawnNode:
    """A circle with a short text under it and the full text as its tooltip."""

    x: float
    y: float
    r: float
    role: str  # centre, own, readable, other
    text: str
    title: str
    agency: str
    case_id: int | None

    @property
    def colour(self) -> str:
        return agency_colour(self.agency)


@dataclass(frozen=True)
class DrawnEdge:
    """A curve between two nodes, bowed away from the centre, with its links' kinds at its middle."""

    x1: float
    y1: float
    cx: float
    cy: float
    x2: float
    y2: float
    kinds: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"M {self.x1} {self.y1} Q {self.cx} {self.cy} {self.x2} {self.y2}"

    @property
    def mid(self) -> tuple[float, float]:
        return (round((self.x1 + 2 * self.cx + self.x2) / 4, 1), round((self.y1 + 2 * self.cy + self.y2) / 4, 1))


@dataclass(frozen=True)
class Drawing:
    """Everything the SVG template needs."""

    size: int
    rings: tuple[float, ...]
    nodes: tuple[DrawnNode, ...]
    edges: tuple[DrawnEdge, ...]

    @property
    def legend(self) -> tuple[tuple[str, str], ...]:
        """The agencies drawn, with their colours."""
        codes = sorted({n.agency for n in self.nodes})
        return tuple((code, agency_colour(code)) for code in codes)


def draw(graph: nx.Graph, size: int = SIZE) -> Drawing:
    """Coordinates for a neighbourhood graph whose nodes carry ``ring``, ``role``, ``text`` and ``agency``."""
    rings = {node: data["ring"] for node, data in graph.nodes(data=True)}
    positions = ring_layout(graph, rings)
    centre, scale = size / 2, size / 2 - MARGIN
    outer = max(rings.values(), default=0)

    def point(node) -> tuple[float, float]:
        x, y = positions[node]
        return round(centre + x * scale, 1), round(centre + y * scale, 1)

    nodes = []
    for node, data in sorted(graph.nodes(data=True), key=lambda item: (item[1]["ring"], repr(item[0]))):
        x, y = point(node)
        radius = {"centre": 16.0, "own": 7.0}.get(data["role"], 11.0)
        nodes.append(DrawnNode(x, y, radius, data["role"], _short(data["text"]), data["text"], data["agency"],
                               data.get("case_id")))
    edges = []
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (repr(e[0]), repr(e[1]))):
        (x1, y1), (x2, y2) = point(a), point(b)
        cx, cy = _bow(x1, y1, x2, y2, centre)
        edges.append(DrawnEdge(x1, y1, cx, cy, x2, y2, tuple(sorted(data.get("kinds", ())))))
    ring_radii = tuple(round(scale * ring / outer, 1) for ring in range(1, outer + 1)) if outer else ()
    return Drawing(size, ring_radii, tuple(nodes), tuple(edges))


def _bow(x1: float, y1: float, x2: float, y2: float, centre: float) -> tuple[float, float]:
    """The control point of an edge's curve: its middle pushed away from the centre.

    Edges along a radius stay straight; edges between nodes of one ring bow
    outwards instead of cutting through the nodes inside.
    """
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    dx, dy = mx - centre, my - centre
    away = math.hypot(dx, dy)
    if away < 1e-6:
        return round(mx, 1), round(my, 1)
    push = BOW * math.hypot(x2 - x1, y2 - y1)
    return round(mx + dx / away * push, 1), round(my + dy / away * push, 1)


def _short(text: str) -> str:
    return text if len(text) <= TEXT_LENGTH else text[:TEXT_LENGTH - 1] + "…"
