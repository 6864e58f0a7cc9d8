"""What an overlap is worth: its severity and the canonical name of a pair.

Plain rules over values, shared by every path that raises an alert.
"""
from __future__ import annotations

from typing import Iterable

LIVE_STATUSES = frozenset({"planned", "cleared", "active"})
SEVERITIES = ("critical", "high", "medium", "low")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


def pair_name(kind: str, first: tuple[str, int], second: tuple[str, int]) -> str:
    """A name for an unordered pair of records, the same whichever side found it."""
    low, high = sorted((first, second))
    return f"{kind}:{low[0]}:{low[1]}|{high[0]}:{high[1]}"


def event_severity(status_a: str, status_b: str, overlap: bool = True) -> str:
    """Two live operations at one place put officers at risk of each other.

    Critical when their windows overlap, high when they only come within the
    time margin (one team may still be there, or early); medium once one of
    them is no longer live.
    """
    if status_a in LIVE_STATUSES and status_b in LIVE_STATUSES:
        return "critical" if overlap else "high"
    return "medium"


def subject_severity(level: str, targeted_by_live_operations: int) -> str:
    """The same subject in two cases; worse when both agencies are about to act on it."""
    if targeted_by_live_operations >= 2:
        return "critical"
    return "high" if level == "match" else "medium"


def network_severity(hops: int) -> str:
    """Cases joined through others: the shorter the path, the more it matters."""
    return "medium" if hops <= 2 else "low"


def most_severe(severities: Iterable[str]) -> str:
    """The most severe of several severities."""
    return min(severities, key=lambda s: SEVERITY_RANK.get(s, len(SEVERITIES)))
