"""The trafficking lanes drawn as server-side SVG: states as points, lanes as lines as thick as their count.

No map tiles and no script: a plain projection of each state's approximate
centre (degrees, rounded), enough to see where guns go. A state outside the
drawn area (Alaska, Hawaii, the territories) stays in the table only.
"""
from __future__ import annotations

from markupsafe import escape

from .lanes import LanesReport

# Approximate centre of each state (latitude, longitude), rounded to a tenth of a degree.
CENTRES = {
    "AL": (32.8, -86.8), "AZ": (34.3, -111.7), "AR": (34.9, -92.4), "CA": (37.2, -119.5), "CO": (39.0, -105.5),
    "CT": (41.6, -72.7), "DE": (39.0, -75.5), "DC": (38.9, -77.0), "FL": (28.6, -82.4), "GA": (32.7, -83.4),
    "ID": (44.4, -114.6), "IL": (40.0, -89.2), "IN": (39.9, -86.3), "IA": (42.1, -93.5), "KS": (38.5, -98.4),
    "KY": (37.5, -85.3), "LA": (31.1, -92.0), "ME": (45.4, -69.2), "MD": (39.0, -76.8), "MA": (42.3, -71.8),
    "MI": (44.3, -85.4), "MN": (46.3, -94.3), "MS": (32.7, -89.7), "MO": (38.4, -92.5), "MT": (47.0, -109.6),
    "NE": (41.5, -99.8), "NV": (39.3, -116.6), "NH": (43.7, -71.6), "NJ": (40.2, -74.7), "NM": (34.4, -106.1),
    "NY": (42.9, -75.5), "NC": (35.6, -79.4), "ND": (47.5, -100.5), "OH": (40.3, -82.8), "OK": (35.6, -97.5),
    "OR": (43.9, -120.6), "PA": (40.9, -77.8), "RI": (41.7, -71.5), "SC": (33.9, -80.9), "SD": (44.4, -100.2),
    "TN": (35.9, -86.4), "TX": (31.5, -99.3), "UT": (39.3, -111.7), "VT": (44.1, -72.7), "VA": (37.5, -78.9),
    "WA": (47.4, -120.5), "WV": (38.6, -80.6), "WI": (44.6, -89.9), "WY": (43.0, -107.6),
    "AGS": (21.9, -102.3), "BC": (30.6, -115.1), "BCS": (26.0, -111.7), "CAMP": (18.8, -90.4),
    "CHIS": (16.5, -92.5), "CHIH": (28.8, -106.1), "CDMX": (19.4, -99.1), "COAH": (27.3, -102.0),
    "COL": (19.1, -103.9), "DGO": (24.6, -104.7), "GTO": (21.0, -101.3), "GRO": (17.6, -99.9),
    "HGO": (20.5, -98.9), "JAL": (20.6, -103.6), "MEX": (19.4, -99.6), "MICH": (19.2, -101.9),
    "MOR": (18.7, -99.1), "NAY": (21.8, -104.9), "NL": (25.6, -99.9), "OAX": (17.0, -96.4), "PUE": (19.0, -97.9),
    "QRO": (20.8, -99.9), "QROO": (19.6, -88.1), "SLP": (22.6, -100.4), "SIN": (25.0, -107.5),
    "SON": (29.6, -110.9), "TAB": (17.9, -92.6), "TAMPS": (24.3, -98.6), "TLAX": (19.4, -98.2),
    "VER": (19.4, -96.4), "YUC": (20.8, -89.0), "ZAC": (23.0, -102.7),
}
WEST, EAST, SOUTH, NORTH = -125.0, -66.0, 14.0, 50.0
WIDTH = 900
SCALE = WIDTH / (EAST - WEST)
HEIGHT = round((NORTH - SOUTH) * SCALE)


def _xy(state: str) -> tuple[float, float] | None:
    if state not in CENTRES:
        return None
    lat, lon = CENTRES[state]
    return round((lon - WEST) * SCALE, 1), round((NORTH - lat) * SCALE, 1)


def lanes_svg(report: LanesReport, title: str) -> str:
    """The lanes as an SVG document: a line per state pair (width by guns), a dot and code per state."""
    top = max((lane.guns for lane in report.lanes), default=1)
    lines, states = [], set()
    for lane in report.lanes:
        start, end = _xy(lane.purchase_state), _xy(lane.recovery_state)
        if start is None or end is None:
            continue
        states.update((lane.purchase_state, lane.recovery_state))
        width = round(1 + 9 * lane.guns / top, 1)
        label = escape(f"{lane.purchase_state} → {lane.recovery_state}: {lane.guns}")
        lines.append(f'<line x1="{start[0]}" y1="{start[1]}" x2="{end[0]}" y2="{end[1]}" stroke="#b8471b" '
                     f'stroke-opacity="0.7" stroke-width="{width}" stroke-linecap="round"><title>{label}</title>'
                     f'</line>')
    dots = []
    for state in sorted(states):
        x, y = _xy(state)
        dots.append(f'<circle cx="{x}" cy="{y}" r="4" fill="#1f5a96"/><text x="{x + 6}" y="{y - 6}" '
                    f'font-size="12" font-family="sans-serif">{escape(state)}</text>')
    # The border, roughly: the Pacific at Tijuana to the Gulf at Matamoros along the crossings.
    border = " ".join(f"{round((lon - WEST) * SCALE, 1)},{round((NORTH - lat) * SCALE, 1)}" for lat, lon in (
        (32.5, -117.1), (32.7, -114.7), (31.3, -111.1), (31.3, -108.2), (31.8, -106.5), (29.6, -104.4),
        (29.3, -103.2), (29.8, -101.4), (28.7, -100.5), (27.5, -99.5), (26.1, -98.3), (25.9, -97.1)))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
            f'height="{HEIGHT}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#f7f7f2"/>'
            f'<polyline points="{border}" fill="none" stroke="#888" stroke-dasharray="6 4"/>'
            + "".join(lines) + "".join(dots) + "</svg>")
