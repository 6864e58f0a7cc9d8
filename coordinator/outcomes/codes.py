"""The codes of outcome records, with their translatable labels."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..codes import FIREARM_TYPES

# Prosecution referrals go to prosecutors: the agencies of kind "prosecutor" (USAO, FGR, the Mexican
# state prosecutors, Guatemala's Ministerio Público, ...: ``accounts.agencies``).

REFERRAL_KINDS = {
    "investigative": _l("Investigative referral"),
    "prosecution": _l("Referral for prosecution"),
}

REFERRAL_STATUSES = {
    "pending": _l("Pending a decision"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
}

# A decision is one of these; "pending" is only the state before it.
REFERRAL_DECISIONS = ("accepted", "declined")

DISPOSITION_OUTCOMES = {
    "convicted": _l("Convicted at trial"),
    "plea": _l("Convicted on a plea agreement"),
    "acquitted": _l("Acquitted"),
    "dismissed": _l("Dismissed"),
}

# A guilty plea is a conviction: both count as convicted in the reports.
CONVICTIONS = ("convicted", "plea")

DIRECTIONS = {
    "southbound": _l("Southbound (towards Mexico)"),
    "northbound": _l("Northbound (towards the United States)"),
    "inland": _l("Inland (away from a border crossing)"),
}

TRACE_RESULTS = {
    "purchaser_found": _l("First retail purchaser found"),
    "not_found": _l("First retail purchaser not found"),
}

# The seizure form has one count per firearm type: firearms_rifle, firearms_pistol, ...
FIREARM_COUNT_FIELDS = {f"firearms_{code}": code for code in FIREARM_TYPES}

TABLES = {
    "REFERRAL_KINDS": REFERRAL_KINDS,
    "REFERRAL_STATUSES": REFERRAL_STATUSES,
    "DISPOSITION_OUTCOMES": DISPOSITION_OUTCOMES,
    "DIRECTIONS": DIRECTIONS,
    "TRACE_RESULTS": TRACE_RESULTS,
}


def outcome_label(table_name: str, code: str | None) -> str:
    """The translated label of an outcome code (for the templates)."""
    return str(TABLES[table_name].get(code, code or "")) if code else ""
