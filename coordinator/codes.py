"""The fixed codes of the API contract, with their translatable labels.

Each table maps a code (stable, in the API) to the label a user reads.
"""
from __future__ import annotations

from babel import Locale
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

# The agencies of the first agreement: always there (the API contract names them). Administrators
# add more (``accounts.agencies``); the migrations seed the partners the public record names.
CORE_AGENCIES = ("ATF", "ICE", "CBP", "DEA", "FBI", "USAO", "FGR", "CENAPI", "SSPC", "SEDENA", "GN", "ANAM")

# The level of government an agency answers to; "foreign": a national agency of a country other
# than the United States and Mexico (Guatemala's police, Belize's).
AGENCY_KINDS = {
    "federal": _l("Federal"),
    "state": _l("State"),
    "local": _l("Local"),
    "foreign": _l("Foreign national"),
    "prosecutor": _l("Prosecutor"),
}

ROLES = {
    "agent": _l("Agent"),
    "supervisor": _l("Supervisor"),
    "monitor": _l("MOU monitor"),
    "watch": _l("Watch centre officer"),
    "admin": _l("Administrator"),
}

LOCALES = {"en": _l("English"), "es": _l("Spanish")}

# CLDR's two-letter territories include groupings (EU, UN), pseudo-locales
# (XA, XB), "unknown" (ZZ) and codes ISO 3166 only reserves (AC, IC, ...):
# none of them is a country a person holds, a document or a plate is issued by, or an agency serves.
NOT_COUNTRIES = frozenset("AC CP CQ DG EA EU EZ IC QO TA UN XA XB ZZ".split())
COUNTRIES = sorted(code for code in Locale("en").territories
                   if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES)

CASE_TYPES = {
    "firearms_trafficking": _l("Firearms trafficking"),
    "straw_purchase": _l("Straw purchase"),
    "export_violation": _l("Export violation"),
    "smuggling": _l("Smuggling"),
    "dealer_violation": _l("Dealer violation"),
    "other": _l("Other"),
}

CASE_STATUSES = {
    "open": _l("Open"),
    "suspended": _l("Suspended"),
    "closed": _l("Closed"),
}

INITIATED_BY = {
    "trace": _l("Firearm trace"),
    "informant": _l("Informant"),
    "dealer_inspection": _l("Dealer inspection"),
    "border_seizure": _l("Border seizure"),
    "highway_interdiction": _l("Highway interdiction"),
    "referral": _l("Referral from another agency"),
    "other": _l("Other"),
}

SUBJECT_KINDS = {
    "person": _l("Person"),
    "firearm": _l("Firearm"),
    "vehicle": _l("Vehicle"),
    "phone": _l("Phone"),
    "email": _l("Email"),
    "address": _l("Address"),
    "dealer": _l("Gun dealer"),
    "business": _l("Business"),
    "gun_show": _l("Gun show"),
}

SUBJECT_ROLES = {
    "suspect": _l("Suspect"),
    "straw_purchaser": _l("Straw purchaser"),
    "trafficker": _l("Trafficker"),
    "source_dealer": _l("Source dealer"),
    "buyer": _l("Buyer"),
    "associate": _l("Associate"),
    "witness": _l("Witness"),
    "other": _l("Other"),
}

SEXES = {"M": _l("Male"), "F": _l("Female"), "X": _l("Unspecified")}

# A person's identity documents (not in the API contract's list, but its values are these codes).
DOCUMENT_KINDS = {
    "passport": _l("Passport"),
    "curp": _l("CURP"),
    "rfc": _l("RFC (Mexican tax number)"),
    "ine": _l("INE voter card"),
    "drivers_license": _l("Driver's licence"),
    "national_id": _l("National ID"),
    "other": _l("Other"),
}

FIREARM_TYPES = {
    "rifle": _l("Rifle"),
    "pistol": _l("Pistol"),
    "revolver": _l("Revolver"),
    "shotgun": _l("Shotgun"),
    "machine_gun": _l("Machine gun"),
    "receiver": _l("Receiver or frame"),
    "other": _l("Other"),
}

# Associations between records of one case: (from kind, to kind) pairs allowed.
ASSOCIATION_KINDS = {
    "used_by": _l("used by"),
    "registered_to": _l("registered to"),
    "bought_at": _l("bought at"),
    "attended": _l("attended"),
    "located_at": _l("located at"),
    "associated_with": _l("associated with"),
}

OPERATION_KINDS = {
    "surveillance": _l("Surveillance"),
    "gun_show_surveillance": _l("Gun-show surveillance"),
    "controlled_delivery": _l("Controlled delivery"),
    "undercover_purchase": _l("Undercover purchase"),
    "search_warrant": _l("Search warrant"),
    "arrest_warrant": _l("Arrest warrant"),
    "southbound_inspection": _l("Southbound inspection"),
    "other": _l("Other"),
}

OPERATION_STATUSES = {
    "planned": _l("Planned"),
    "cleared": _l("Cleared"),
    "active": _l("Active"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
}

LIVE_OPERATION_STATUSES = ("planned", "cleared", "active")

SEVERITIES = {
    "critical": _l("Critical"),
    "high": _l("High"),
    "medium": _l("Medium"),
    "low": _l("Low"),
}

# A supervisor's decision on an alert (one side of it).
RESOLUTIONS = {
    "proceed": _l("Proceed as planned"),
    "joint": _l("Run jointly"),
    "delay": _l("Delay"),
    "cancel": _l("Cancel"),
    "false_positive": _l("False positive (not the same)"),
}

CONFLICT_KINDS = {
    "subject": _l("Same subject"),
    "event": _l("Same place and time"),
    "network": _l("Linked networks"),
}

MATCH_LEVELS = {"match": _l("match"), "possible": _l("possible match")}

SIDE_STATUSES = {
    "open": _l("open"),
    "acknowledged": _l("acknowledged"),
    "deconflicted": _l("deconflicted"),
    "false_positive": _l("false positive"),
}

LINK_STATES = {
    "auto": _l("awaiting review"),
    "confirmed": _l("confirmed"),
    "rejected": _l("rejected"),
}

CLEARANCE_DECISIONS = {
    "pending": _l("awaited"),
    "granted": _l("granted"),
    "refused": _l("refused"),
}

# What the other side's record is, in words (subject kinds, operation kinds, a case).
RECORD_KINDS = {**SUBJECT_KINDS, **OPERATION_KINDS, "case": _l("Case")}


def choices(table: dict, blank: bool = False) -> list[SelectChoice]:
    """WTForms choices from a code table, optionally with an empty first entry."""
    return options(table.items(), blank)


def options(pairs, blank: bool = False) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs, optionally with an empty first entry."""
    items = [SelectChoice(str(value), label) for value, label in pairs]
    return ([SelectChoice("", "—")] if blank else []) + items
