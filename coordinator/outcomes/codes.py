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

# Statutes charged in firearms-trafficking cases on both sides of the border; the indictment keeps the
# charges as written beside these codes. US: title 18 (and 22) of the United States Code; Mexico: the
# Ley Federal de Armas de Fuego y Explosivos (LFAFE).
CHARGE_CODES = {
    "18 USC 922(a)(1)(A)": _l("18 U.S.C. § 922(a)(1)(A) — dealing in firearms without a licence"),
    "18 USC 922(a)(6)": _l("18 U.S.C. § 922(a)(6) — false statement to a dealer in acquiring a firearm"),
    "18 USC 922(g)": _l("18 U.S.C. § 922(g) — possession of a firearm by a prohibited person"),
    "18 USC 924(a)(1)(A)": _l("18 U.S.C. § 924(a)(1)(A) — false statement in a dealer's records"),
    "18 USC 924(c)": _l("18 U.S.C. § 924(c) — firearm in a drug-trafficking crime or crime of violence"),
    "18 USC 932": _l("18 U.S.C. § 932 — straw purchasing of firearms"),
    "18 USC 933": _l("18 U.S.C. § 933 — trafficking in firearms"),
    "18 USC 554": _l("18 U.S.C. § 554 — smuggling goods from the United States"),
    "18 USC 371": _l("18 U.S.C. § 371 — conspiracy"),
    "22 USC 2778": _l("22 U.S.C. § 2778 — export of defense articles without a licence"),
    "LFAFE 81": _l("LFAFE art. 81 — carrying a firearm without a licence"),
    "LFAFE 83": _l("LFAFE art. 83 — carrying a firearm reserved to the armed forces"),
    "LFAFE 83 Bis": _l("LFAFE art. 83 Bis — stockpiling firearms reserved to the armed forces"),
    "LFAFE 83 Ter": _l("LFAFE art. 83 Ter — possession of a firearm reserved to the armed forces"),
    "LFAFE 84": _l("LFAFE art. 84 — clandestine introduction of firearms or ammunition into Mexico"),
    "LFAFE 84 Bis": _l("LFAFE art. 84 Bis — introduction of firearms reserved to the armed forces into Mexico"),
    "other": _l("Other (see the charge as written)"),
}

EXTRADITION_STATUSES = {
    "pending": _l("Pending"),
    "granted": _l("Granted"),
    "denied": _l("Denied"),
    "withdrawn": _l("Withdrawn"),
}

ASSET_KINDS = {
    "currency": _l("Currency"),
    "account": _l("Bank account"),
    "vehicle": _l("Vehicle"),
    "real_estate": _l("Real estate"),
    "other": _l("Other asset"),
}

CURRENCIES = {"USD": "USD", "MXN": "MXN"}

# The seizure form has one count per firearm type: firearms_rifle, firearms_pistol, ...
FIREARM_COUNT_FIELDS = {f"firearms_{code}": code for code in FIREARM_TYPES}

TABLES = {
    "REFERRAL_KINDS": REFERRAL_KINDS,
    "REFERRAL_STATUSES": REFERRAL_STATUSES,
    "DISPOSITION_OUTCOMES": DISPOSITION_OUTCOMES,
    "DIRECTIONS": DIRECTIONS,
    "TRACE_RESULTS": TRACE_RESULTS,
    "CHARGE_CODES": CHARGE_CODES,
    "EXTRADITION_STATUSES": EXTRADITION_STATUSES,
    "ASSET_KINDS": ASSET_KINDS,
}


def outcome_label(table_name: str, code: str | None) -> str:
    """The translated label of an outcome code (for the templates)."""
    return str(TABLES[table_name].get(code, code or "")) if code else ""
