"""The kinds of MOU rule, the computed measures and the states, with their translatable words."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class RuleKind:
    """What a kind of rule measures: its name, the unit of its threshold, and its sentence."""

    label: object
    unit: str  # minutes | hours | days | count
    sentence: object  # with %(n)s for the threshold (and %(agencies)s for clearances)


RULE_KINDS = {
    "operation_notice": RuleKind(
        _l("Operations registered in advance"), "hours",
        _l("An operation of a party is registered at least %(n)s hours before it starts.")),
    "cross_border_clearance": RuleKind(
        _l("Cross-border operations cleared before going active"), "count",
        _l("A cross-border operation of a party is cleared by %(agencies)s before it goes active.")),
    "conflict_acknowledged": RuleKind(
        _l("Conflicts acknowledged in time"), "hours",
        _l("A conflict between parties is acknowledged by both sides within %(n)s hours of the alert.")),
    "critical_acknowledged": RuleKind(
        _l("Critical alerts acknowledged in minutes"), "minutes",
        _l("A critical alert between parties is acknowledged by both sides within %(n)s minutes of the alert.")),
    "conflict_resolved": RuleKind(
        _l("Conflicts resolved in time"), "days",
        _l("A conflict between parties is resolved by both sides within %(n)s days of the alert.")),
    "referral_decided": RuleKind(
        _l("Referrals decided in time"), "days",
        _l("A referral between parties is decided by the receiving party within %(n)s days.")),
    "joint_activity": RuleKind(
        _l("Joint cases and referrals between the parties"), "count",
        _l("Each party takes part in joint cases or referrals with another party: at least %(n)s each period.")),
}

UNITS = {"minutes": _l("minutes"), "hours": _l("hours"), "days": _l("days"), "count": _l("per period")}

# A finding is one measured item (an operation, a side of an alert, a referral, a joint case).
FINDING_STATES = {
    "kept": _l("kept"),
    "breached": _l("breached"),
    "pending": _l("not yet due"),
    "counted": _l("counted"),
}

RULE_STATUSES = {"kept": _l("Kept"), "breached": _l("Breached"), "no_data": _l("Nothing to measure")}

# Measures computed from the data; the unit says how a value reads.
METRICS = {
    "cases_initiated": (_l("Cases initiated"), "count", True),
    "referred_for_prosecution": (_l("Cases referred for prosecution"), "count", True),
    "prosecution_accepted_rate": (_l("Decided prosecution referrals that were accepted (per cent)"), "percent", True),
    "indicted": (_l("Defendants indicted"), "count", True),
    "convicted": (_l("Defendants convicted"), "count", True),
    "firearms_seized_southbound": (_l("Firearms seized going south"), "count", True),
    "traces_sent": (_l("Trace requests sent"), "count", True),
    "trace_days_average": (_l("Average days to answer a trace request"), "days", False),
    "purchaser_found_rate": (_l("Traces that found the first retail purchaser (per cent)"), "percent", True),
    "trace_days_average_mexico": (_l("Average days to trace a gun seized in Mexico to its first retail purchaser"),
                                  "days", False),
    "purchaser_found_rate_mexico": (_l("Traces of guns seized in Mexico that found the first retail purchaser "
                                       "(per cent)"), "percent", True),
    "referred_for_prosecution_mexico": (_l("Mexico-related cases referred for prosecution"), "count", True),
    "convicted_mexico": (_l("Defendants of Mexico-related cases convicted"), "count", True),
}

MEASURE_STATUSES = {
    "met": _l("Target met"),
    "progress": _l("Progress from the baseline"),
    "no_progress": _l("No progress from the baseline"),
    "not_met": _l("Target not met"),
    "no_data": _l("No measurement"),
}
