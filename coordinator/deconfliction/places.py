"""Places as the partners' records write them: states, countries, postal codes, cities, street addresses.

US states and Mexican states by their usual abbreviations; the departments
and districts of Guatemala, El Salvador and Belize (partners of the Central
American border) by their ISO 3166-2 codes ("GT-HU", "SV-SS", "BZ-CY"),
prefixed so that none is mistaken for a US or Mexican abbreviation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .text import compact, normalise_text

_US_STATES = {
    "AL": "Alabama|Ala", "AK": "Alaska", "AZ": "Arizona|Ariz", "AR": "Arkansas|Ark",
    "CA": "California|Calif|Cal", "CO": "Colorado|Colo", "CT": "Connecticut|Conn",
    "DE": "Delaware|Del", "DC": "District of Columbia|Washington DC", "FL": "Florida|Fla",
    "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois|Ill", "IN": "Indiana|Ind",
    "IA": "Iowa", "KS": "Kansas|Kan", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine",
    "MD": "Maryland", "MA": "Massachusetts|Mass", "MI": "Michigan", "MN": "Minnesota|Minn",
    "MS": "Mississippi|Miss", "MO": "Missouri", "MT": "Montana|Mont", "NE": "Nebraska|Neb",
    "NV": "Nevada|Nev", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico|N Mex|Nuevo Mexico",
    "NY": "New York", "NC": "North Carolina|Carolina del Norte", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma|Okla", "OR": "Oregon|Ore", "PA": "Pennsylvania|Penn|Penna",
    "RI": "Rhode Island", "SC": "South Carolina|Carolina del Sur", "SD": "South Dakota",
    "TN": "Tennessee|Tenn", "TX": "Texas|Tex", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington|Wash", "WV": "West Virginia", "WI": "Wisconsin|Wis", "WY": "Wyoming|Wyo",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "Virgin Islands|US Virgin Islands",
    "AS": "American Samoa", "MP": "Northern Mariana Islands",
}
# Traditional abbreviations first (what Mexican forms use), then names and
# the ISO 3166-2:MX codes that data exchanges carry.
_MX_STATES = {
    "AGS": "Aguascalientes|AGU", "BC": "Baja California|BCN|Baja California Norte",
    "BCS": "Baja California Sur", "CAMP": "Campeche|CAM", "CHIS": "Chiapas|CHP",
    "CHIH": "Chihuahua|CHH", "CDMX": "Ciudad de Mexico|CMX|DF|Distrito Federal|Mexico City|Mexico DF",
    "COAH": "Coahuila|Coahuila de Zaragoza|COA", "COL": "Colima", "DGO": "Durango|DUR",
    "GTO": "Guanajuato|GUA", "GRO": "Guerrero", "HGO": "Hidalgo|HID", "JAL": "Jalisco",
    "MEX": "Estado de Mexico|Edo Mex|Edomex|Edo de Mex|State of Mexico|Mexico State",
    "MICH": "Michoacan|Michoacan de Ocampo|MIC", "MOR": "Morelos", "NAY": "Nayarit",
    "NL": "Nuevo Leon|NLE", "OAX": "Oaxaca", "PUE": "Puebla", "QRO": "Queretaro|QUE|Qro Arteaga",
    "QROO": "Quintana Roo|Q Roo|ROO", "SLP": "San Luis Potosi", "SIN": "Sinaloa", "SON": "Sonora",
    "TAB": "Tabasco", "TAMPS": "Tamaulipas|TAM|TAMS", "TLAX": "Tlaxcala|TLA",
    "VER": "Veracruz|Veracruz de Ignacio de la Llave|VERZ", "YUC": "Yucatan", "ZAC": "Zacatecas",
}
# Guatemala's 22 departments, El Salvador's 14 departments, Belize's 6 districts (ISO 3166-2).
_CENTRAL_AMERICAN_REGIONS = {
    "GT-AV": "Alta Verapaz", "GT-BV": "Baja Verapaz", "GT-CM": "Chimaltenango", "GT-CQ": "Chiquimula",
    "GT-ES": "Escuintla", "GT-GU": "Guatemala|Departamento de Guatemala", "GT-HU": "Huehuetenango",
    "GT-IZ": "Izabal", "GT-JA": "Jalapa", "GT-JU": "Jutiapa", "GT-PE": "Petén|El Petén", "GT-PR": "El Progreso",
    "GT-QC": "Quiché|El Quiché", "GT-QZ": "Quetzaltenango", "GT-RE": "Retalhuleu", "GT-SA": "Sacatepéquez",
    "GT-SM": "San Marcos", "GT-SO": "Sololá", "GT-SR": "Santa Rosa", "GT-SU": "Suchitepéquez",
    "GT-TO": "Totonicapán", "GT-ZA": "Zacapa",
    "SV-AH": "Ahuachapán", "SV-CA": "Cabañas", "SV-CH": "Chalatenango", "SV-CU": "Cuscatlán",
    "SV-LI": "La Libertad", "SV-MO": "Morazán", "SV-PA": "La Paz", "SV-SA": "Santa Ana", "SV-SM": "San Miguel",
    "SV-SO": "Sonsonate", "SV-SS": "San Salvador", "SV-SV": "San Vicente", "SV-UN": "La Unión",
    "SV-US": "Usulután",
    "BZ-BZ": "Belize|Belize District", "BZ-CY": "Cayo", "BZ-CZL": "Corozal", "BZ-OW": "Orange Walk",
    "BZ-SC": "Stann Creek", "BZ-TOL": "Toledo",
}
# Each state's name as written (accents restored where the matching spellings above drop them).
_ACCENTED = {"CDMX": "Ciudad de México", "MEX": "Estado de México", "MICH": "Michoacán", "NL": "Nuevo León",
             "QRO": "Querétaro", "SLP": "San Luis Potosí", "YUC": "Yucatán"}
REGION_NAMES = {code: _ACCENTED.get(code, names.split("|")[0])
                for code, names in {**_US_STATES, **_MX_STATES}.items()}
US_STATES = frozenset(_US_STATES)
MX_STATES = frozenset(_MX_STATES)
CENTRAL_AMERICAN_REGIONS = frozenset(_CENTRAL_AMERICAN_REGIONS)
# Countries whose plates are issued by a state: a plate there is named by its state, never by the country.
STATE_PLATE_COUNTRIES = frozenset({"US", "MX"})


def _variants(table: dict[str, str]) -> dict[str, str]:
    return {compact(v): code for code, names in table.items() for v in (code, *names.split("|"))}


_REGIONS = {**_variants(_CENTRAL_AMERICAN_REGIONS), **_variants(_US_STATES), **_variants(_MX_STATES)}
_COUNTRIES = _variants({
    "US": "USA|United States|United States of America|EEUU|EE UU|EUA|Estados Unidos|Estados Unidos de America",
    "MX": "MEX|Mexico|Mejico|Estados Unidos Mexicanos|Republica Mexicana",
    "GT": "Guatemala|Republica de Guatemala", "HN": "Honduras", "SV": "El Salvador", "CO": "Colombia",
    "CA": "Canada", "BZ": "Belize|Belice",
})


def normalise_region(value: object) -> str | None:
    """State, department or district code ("Sonora", "B.C.", "MX-SON", "Ariz.", "Petén" -> "SON", "BC", "SON", "AZ", "GT-PE")."""
    key = compact(value)
    if key in _REGIONS:
        return _REGIONS[key]
    for prefix in ("USA", "US", "MX", "MEX", "ESTADODE", "EDODE", "STATEOF", "DEPARTAMENTODE", "DEPTODE"):
        if key.startswith(prefix) and key[len(prefix):] in _REGIONS:
            return _REGIONS[key[len(prefix):]]
    return None


_COUNTRY_NAMES = {"GT": "Guatemala", "BZ": "Belize", "SV": "El Salvador", "HN": "Honduras", "CO": "Colombia",
                  "CA": "Canada", "US": "United States", "MX": "Mexico"}


def region_name(code: str | None) -> str | None:
    """Display name of a state code ("SON" -> "Sonora"), or of a country standing for one ("GT" -> "Guatemala")."""
    names = (_US_STATES.get(code or "") or _MX_STATES.get(code or "")
             or _CENTRAL_AMERICAN_REGIONS.get(code or "") or _COUNTRY_NAMES.get(code or ""))
    return names.split("|")[0] if names else code if code and len(code) == 2 else None


def region_country(code: str | None) -> str | None:
    """ISO country of a state code from :func:`normalise_region` (or of a plate region that is a country)."""
    if code in US_STATES:
        return "US"
    if code in MX_STATES:
        return "MX"
    if code in CENTRAL_AMERICAN_REGIONS:
        return code.split("-")[0]
    return code if code and len(code) == 2 and code.isalpha() and code not in STATE_PLATE_COUNTRIES else None


def normalise_plate_region(value: object) -> str | None:
    """Who issued a plate: a state ("AZ", "SON"), or a country whose plates are national ("GT", "Guatemala" -> "GT").

    A state's abbreviation wins over a country's code ("CA" is California);
    the US and Mexico issue plates by state, so "US" or "MX" alone names no issuer.
    """
    state = normalise_region(value)
    if state in CENTRAL_AMERICAN_REGIONS:  # their plates are national: "Guatemala" is the country, not the department
        return state.split("-")[0]
    if state is not None:
        return state
    country = normalise_country(value)
    return country if country is not None and country not in STATE_PLATE_COUNTRIES else None


def normalise_country(value: object) -> str | None:
    """ISO 3166 alpha-2 country ("México", "EE.UU.", "usa" -> "MX", "US", "US")."""
    key = compact(value)
    if key in _COUNTRIES:
        return _COUNTRIES[key]
    return key if len(key) == 2 and key.isalpha() else None


def normalise_postal_code(value: object) -> str | None:
    """Five-digit US ZIP or Mexican código postal; ZIP+4 cut to five, a lost leading zero restored."""
    digits = re.sub(r"\D", "", str(value)) if value is not None else ""
    if len(digits) == 9:
        digits = digits[:5]
    if len(digits) == 4:  # "6000" for CDMX 06000, "2134" for Boston 02134: a spreadsheet ate the zero
        digits = "0" + digits
    return digits if len(digits) == 5 and digits != "00000" else None


_CITY_WORDS = {"CD": "CIUDAD", "STA": "SANTA", "STO": "SANTO", "SN": "SAN", "FT": "FORT", "MT": "MOUNT",
               "ST": "SAINT", "H": "HEROICA", "GRAL": "GENERAL", "GPE": "GUADALUPE"}
_CITY_ALIASES = {"CDMX": "MEXICO", "DF": "MEXICO", "MEXICO DF": "MEXICO", "MEXICO CITY": "MEXICO"}


def normalise_city(value: object) -> str | None:
    """City folded; "Cd." / "Ciudad" and "Heroica" dropped ("Cd. Juárez" == "Juarez"), CDMX aliases joined."""
    words = [_CITY_WORDS.get(w, w) for w in normalise_text(value).split() if w not in ("DE", "DEL")]
    while len(words) > 1 and words[0] in ("CIUDAD", "HEROICA"):
        words = words[1:]
    city = " ".join(words)
    return _CITY_ALIASES.get(city, city) or None


# Street vocabulary, English and Spanish, to one spelling each.
_WORDS = {
    **dict.fromkeys("STREET STR ST".split(), "ST"), **dict.fromkeys("AVENUE AVENIDA AVE AV AVDA AVN".split(), "AV"),
    **dict.fromkeys("CALLE CLL C".split(), "C"),
    **dict.fromkeys("BOULEVARD BOULEVAR BULEVAR BLVR BLV BLVD".split(), "BLVD"),
    **dict.fromkeys("ROAD RD".split(), "RD"), **dict.fromkeys("DRIVE DR".split(), "DR"),
    **dict.fromkeys("LANE LN".split(), "LN"), **dict.fromkeys("COURT CT".split(), "CT"),
    **dict.fromkeys("PLACE PL".split(), "PL"), **dict.fromkeys("HIGHWAY HWY CARRETERA CARR".split(), "HWY"),
    **dict.fromkeys("PARKWAY PKWY".split(), "PKWY"), **dict.fromkeys("CIRCLE CIR".split(), "CIR"),
    **dict.fromkeys("TERRACE TER".split(), "TER"), **dict.fromkeys("TRAIL TRL".split(), "TRL"),
    **dict.fromkeys("PRIVADA PRIV".split(), "PRIV"), **dict.fromkeys("CALZADA CALZ".split(), "CALZ"),
    **dict.fromkeys("PROLONGACION PROL".split(), "PROL"), **dict.fromkeys("CERRADA CDA".split(), "CDA"),
    **dict.fromkeys("NORTH NORTE NTE N".split(), "N"), **dict.fromkeys("SOUTH SUR S".split(), "S"),
    **dict.fromkeys("EAST E".split(), "E"), **dict.fromkeys("WEST OESTE W".split(), "W"),
    **dict.fromkeys("NORTHEAST NE".split(), "NE"), **dict.fromkeys("NORTHWEST NW".split(), "NW"),
    **dict.fromkeys("SOUTHEAST SE".split(), "SE"), **dict.fromkeys("SOUTHWEST SW".split(), "SW"),
    **dict.fromkeys("ORIENTE OTE".split(), "OTE"), **dict.fromkeys("PONIENTE PTE".split(), "PTE"),
    **dict.fromkeys("APARTMENT APT APTO DEPARTAMENTO DEPTO DPTO".split(), "APT"),
    **dict.fromkeys("SUITE STE".split(), "STE"), **dict.fromkeys("INTERIOR INT".split(), "INT"),
    **dict.fromkeys("UNIT UNIDAD".split(), "UNIT"), "LOCAL": "LOCAL",
    **dict.fromkeys("NUMERO NUM NO NRO NUMX".split(), "NUMX"),
    **dict.fromkeys("COLONIA COL FRACCIONAMIENTO FRACC BARRIO".split(), "COL"),
    "SAINT": "ST", "KILOMETRO": "KM",
}
_STREET_TYPES = frozenset("ST AV C BLVD RD DR LN CT PL HWY PKWY CIR TER TRL PRIV CALZ PROL CDA".split())
_DIRECTIONS = frozenset("N S E W NE NW SE SW OTE PTE".split())
_UNIT_MARKERS = frozenset("APT STE INT UNIT LOCAL".split())
_STOP = frozenset("DE DEL LA LAS LOS EL THE".split())
_HOUSE = re.compile(r"^\d+[A-Z]?$")
_MARKS = [(re.compile(r"\bS\s*/\s*N\b", re.I), " "),  # "sin número": no house number
          (re.compile(r"(?:\bN[°º]|#)", re.I), " NUMX "),
          (re.compile(r"\bC\.?\s*P\.?\s*(?=\d{4,5}\b)", re.I), " CPX ")]


@dataclass(frozen=True)
class AddressParts:
    """A street address taken apart; ``street`` is the comparable core (name, direction, number)."""

    street: str
    street_type: str | None
    unit: str | None
    district: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    country: str | None

    @property
    def line(self) -> str:
        """Canonical line: type, name, direction, number, unit."""
        unit = f"# {self.unit}" if self.unit else ""
        return " ".join(p for p in (self.street_type, self.street, unit) if p)


def _take_after(words: list[str], marker: str) -> str | None:
    """Remove ``marker`` and the word after it; return that word."""
    if marker not in words:
        return None
    i = words.index(marker)
    value = words[i + 1] if i + 1 < len(words) else None
    del words[i:i + 2]
    return value


def _take_end(words: list[str], vocabulary: frozenset[str]) -> str | None:
    """Remove and return a first or last word found in ``vocabulary``, keeping one word of name."""
    if len(words) > 1 and words[0] in vocabulary:
        return words.pop(0)
    if len(words) > 1 and words[-1] in vocabulary:
        return words.pop()
    return None


def parse_address(line1: object, city: object = None, state: object = None,
                  postal_code: object = None, country: object = None) -> AddressParts | None:
    """Take a street address apart in canonical form; None without a usable street line."""
    text = str(line1) if line1 is not None else ""
    for pattern, repl in _MARKS:
        text = pattern.sub(repl, text)
    words = [_WORDS.get(w, w) for w in normalise_text(text).split() if w not in _STOP]
    postal = normalise_postal_code(postal_code) or normalise_postal_code(_take_after(words, "CPX"))
    district = None
    if "COL" in words[1:]:
        i = words.index("COL", 1)
        district, words = " ".join(words[i + 1:]) or None, words[:i]
    unit = None
    for marker in _UNIT_MARKERS:
        unit = _take_after(words, marker) or unit
    region = normalise_region(state)
    nation = normalise_country(country) or region_country(region)
    house = None
    leading = len(words) > 1 and bool(_HOUSE.match(words[0]))
    trailing = len(words) > 1 and bool(_HOUSE.match(words[-1]))
    # In Mexico "#"/"No." marks the house number and it follows the street
    # ("5 de Mayo #120"); in the US it leads and "#" marks a unit ("123 Main St #4").
    mexican = nation == "MX"
    if leading and not (mexican and ("NUMX" in words or trailing)):
        house = words.pop(0)
    marked = _take_after(words, "NUMX")
    if marked and house:
        unit = unit or marked
    elif marked:
        house = marked
    words = [w for w in words if w != "NUMX"]
    direction = _take_end(words, _DIRECTIONS)
    if house is None and len(words) > 1 and _HOUSE.match(words[-1]):
        house = words.pop()  # "Av. Juárez 123"
    direction = direction or _take_end(words, _DIRECTIONS)
    street_type = _take_end(words, _STREET_TYPES)
    direction = direction or _take_end(words, _DIRECTIONS)  # "N Main St": the type hid it
    name = " ".join(words)
    if not name:
        return None
    street = " ".join(p for p in (name, direction, house) if p)
    return AddressParts(street, street_type, unit, district, normalise_city(city), region, postal, nation)


def normalise_address(line1: object, city: object = None, state: object = None,
                      postal_code: object = None, country: object = None) -> str | None:
    """One comparable string "LINE|CITY|STATE|POSTAL|COUNTRY"; None without a street line."""
    parts = parse_address(line1, city, state, postal_code, country)
    if parts is None:
        return None
    return "|".join(p or "" for p in (parts.line, parts.city, parts.state, parts.postal_code, parts.country))
