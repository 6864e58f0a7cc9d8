"""The time zone a new user starts with: the office's, else the agency's headquarters'.

Offices and agencies record a state and a country, not a zone; each state
maps to the zone most of it keeps (from the zones the settings offer), and an
agency without an office falls back to its seat: Washington for the US
agencies, Mexico City for the Mexican ones. The user may change it later.
"""
from __future__ import annotations

_US = {
    "America/Phoenix": "AZ",
    "America/Los_Angeles": "CA NV OR WA",
    "America/Denver": "CO NM UT WY MT ID",
    "America/Chicago": "TX OK KS NE SD ND MN IA MO AR LA MS AL TN WI IL",
}
_MX = {
    "America/Hermosillo": "SON",
    "America/Tijuana": "BC",
    "America/Mazatlan": "BCS SIN NAY",
    "America/Chihuahua": "CHIH",
    "America/Monterrey": "NL COAH TAMPS",
}
STATE_ZONES = {(country, state): zone for country, table in (("US", _US), ("MX", _MX))
               for zone, states in table.items() for state in states.split()}
SEATS = {"US": "America/New_York", "MX": "America/Mexico_City"}


def default_timezone(agency, office=None) -> str:
    """The zone of the office's state, else of the agency's seat, else UTC."""
    if office is not None and office.state:
        zone = STATE_ZONES.get((office.country, office.state.upper()))
        if zone:
            return zone
        if office.country in SEATS:
            return SEATS[office.country]
    return SEATS.get(getattr(agency, "country", None), "UTC")
