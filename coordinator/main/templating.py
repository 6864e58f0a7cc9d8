"""Helpers every template can call: navigation, labels, local times."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable
from zoneinfo import ZoneInfo

from flask import Flask, request, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import codes, formats
from ..formats import short_datetime
from ..types import utcnow


@dataclass
class NavItem:
    label: str
    url: str
    active: bool = False
    count: int = 0


# (endpoint, label, roles allowed, path prefix that marks it active)
NAVIGATION = (
    ("main.home", _l("Home"), None, "/home"),
    ("cases.index", _l("Cases"), ("agent", "supervisor"), "/cases"),
    ("operations.index", _l("Operations"), ("agent", "supervisor"), "/operations"),
    ("outcomes.referrals", _l("Referrals"), ("agent", "supervisor"), "/referrals"),
    ("outcomes.trace_queue", _l("Trace requests"), ("agent", "supervisor"), "/traces"),
    ("review.alerts", _l("Alerts"), ("agent", "supervisor"), "/review/alerts"),
    ("review.matches", _l("Matches"), ("agent", "supervisor"), "/review/matches"),
    ("review.approvals", _l("Awaiting my approval"), ("supervisor",), "/review/approvals"),
    ("review.clearances", _l("Clearances"), ("supervisor",), "/review/clearances"),
    ("network.report", _l("Networks"), ("supervisor", "monitor", "admin"), "/network"),
    ("watch.board", _l("Watch board"), ("watch",), "/watch"),
    ("monitoring.dashboard_view", _l("Monitoring"), ("monitor", "admin"), "/monitoring"),
    ("accounts.users", _l("Users"), ("admin",), "/admin/users"),
    ("accounts.agencies", _l("Agencies"), ("admin",), "/admin/agencies"),
    ("federation.index", _l("Federation"), ("admin",), "/admin/federation"),
    ("retention.due", _l("Retention"), ("supervisor",), "/retention"),
    ("audit.search", _l("Audit trail"), ("monitor", "admin"), "/audit"),
    ("notifications.index", _l("Notifications"), None, "/notifications"),
    ("accounts.settings", _l("Settings"), None, "/account"),
)
# Areas that show a count beside their name (open alerts, unread notifications, ...):
# endpoint -> function of the signed-in user. Filled by the areas that own the counts.
NAV_COUNTS: dict[str, Callable] = {}
# Areas shown to some of a role's users only (the tracing agency's queue): endpoint -> function of the user.
NAV_SHOWN: dict[str, Callable] = {}


def nav_items() -> list[NavItem]:
    """The areas the signed-in user's role may open."""
    items = []
    for endpoint, label, roles, prefix in NAVIGATION:
        if (roles is None or current_user.role in roles) and NAV_SHOWN.get(endpoint, lambda user: True)(current_user):
            count = NAV_COUNTS[endpoint](current_user) if endpoint in NAV_COUNTS else 0
            items.append(NavItem(str(label), url_for(endpoint), request.path.startswith(prefix), count))
    return items


def localtime(value: datetime | None, zone: str | None = None, fmt: str = "medium") -> str:
    """A UTC datetime shown in a place's (or the user's) time zone, with the zone's name."""
    if value is None:
        return ""
    zone = zone or getattr(current_user, "timezone", None) or "UTC"
    local = value.astimezone(ZoneInfo(zone))
    if fmt in ("short", "medium"):  # in tables and facts: the reader's own date order, four-digit year
        return f"{short_datetime(local.replace(tzinfo=None))} ({local.tzname()})"
    return f"{format_datetime(local.replace(tzinfo=None), fmt, rebase=False)} ({local.tzname()})"


def label(table_name: str, code: str | None) -> str:
    """The translated label of a code from one of the code tables."""
    table = getattr(codes, table_name)
    return str(table.get(code, code or "")) if code else ""


def cross_border(kind: str | None) -> str:
    """The cross-border tag agreeing with the kind beside it ("Entrega vigilada transfronteriza")."""
    from flask_babel import gettext, pgettext

    if kind == "other":  # "Otro": the only masculine kind
        return gettext("cross-border")
    return pgettext("beside an operation's kind", "cross-border")


def verdict_of(record_type: str, record_id: int):
    """A record's latest receipt and the alerts open on it now, as the signed-in user's agency sees them."""
    from flask_babel import gettext

    from ..conflicts.present import verdict_of as read_verdict
    from ..extensions import db

    return read_verdict(db.session, record_type, record_id, current_user.agency_id, gettext)


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        verdict_of=verdict_of,
        cross_border=cross_border,
        now_utc=utcnow,
        nav_items=nav_items,
        role_label=lambda role: label("ROLES", role),
        label=label,
        current_locale=lambda: str(get_locale() or "en"),
        codes=codes,
    )
    app.jinja_env.filters["localtime"] = localtime
    formats.register(app)
