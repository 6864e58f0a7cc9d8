"""Operation pages for the field: the calendar, the map's nearby operations, the printable receipt."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import abort, jsonify, render_template, request, url_for
from flask_babel import format_date, format_time
from flask_babel import gettext as _
from flask_login import current_user

from ..access import operation_for
from ..codes import OPERATION_KINDS, OPERATION_STATUSES
from ..conflicts.detect import latest_check
from ..conflicts.present import latest_receipt
from ..extensions import db
from ..main.templating import label, localtime
from .forms import MAX_ID
from .models import Operation
from .planning import OpenAlert, calendar_days, offices_and_regions, open_alerts_of, operations_near, week_start
from .views import ID, bp

VIEWS = {"week": 7, "day": 1}


def _today() -> date:
    """Today where the viewer is: the calendar's days are the viewer's."""
    return datetime.now(ZoneInfo(current_user.timezone)).date()


def _day_arg(value: str | None) -> date:
    """The day asked for (ISO 8601), today by default; a date no calendar page can show is a 400."""
    try:
        day = date.fromisoformat(value) if value else _today()
    except ValueError:
        abort(400)
    if not 1900 <= day.year <= 2200:  # a week on either side must still be a date
        abort(400)
    return day


def _span(operation: Operation, day: date, zone: str) -> str:
    """The operation's hours on one calendar day, in the viewer's zone ("…" where it runs past the day)."""
    tz = ZoneInfo(zone)
    start, end = operation.starts_at.astimezone(tz), operation.ends_at.astimezone(tz)
    midnight = datetime.combine(day + timedelta(days=1), time(), tzinfo=tz)
    begins = format_time(start.replace(tzinfo=None), "short", rebase=False) if start.date() == day else "…"
    ends = format_time(end.replace(tzinfo=None), "short", rebase=False) if end <= midnight and end.date() == day \
        else ("24:00" if end == midnight else "…")
    return f"{begins}–{ends}"


@bp.get("/calendar")
def calendar():
    """The agency's operations by week or by day, in the viewer's zone, conflicts marked."""
    view = request.args.get("view") if request.args.get("view") in VIEWS else "week"
    day = _day_arg(request.args.get("date"))
    first = week_start(day) if view == "week" else day
    offices, regions = offices_and_regions(db.session, current_user.agency_id)
    office_id = request.args.get("office", type=int)
    office_id = office_id if office_id in {o.id for o in offices} else None
    region = request.args.get("region") if request.args.get("region") in regions else None
    kind = request.args.get("kind") if request.args.get("kind") in OPERATION_KINDS else None
    status = request.args.get("status") if request.args.get("status") in OPERATION_STATUSES else None
    days = calendar_days(db.session, current_user.agency_id, first, VIEWS[view], current_user.timezone,
                         office_id=office_id, region=region, kind=kind, status=status)
    ids = sorted({operation.id for entry in days for operation in entry.operations})
    step = VIEWS[view]
    filters = {"view": view, "office": office_id, "region": region, "kind": kind, "status": status}
    return render_template(
        "operations/calendar.html", days=days, view=view, first=first, filters=filters,
        alerts=open_alerts_of(db.session, current_user.agency_id, ids), offices=offices, regions=regions,
        kinds=OPERATION_KINDS, statuses=OPERATION_STATUSES, today=_today(),
        previous=first - timedelta(days=step), following=first + timedelta(days=step),
        span=lambda operation, day: _span(operation, day, current_user.timezone),
        day_name=lambda day: format_date(day, "full"), zone=current_user.timezone)


@bp.get("/nearby.json")
def nearby():
    """The agency's live operations around a point, for the map: where, when, and their open alerts."""
    latitude = request.args.get("lat", type=float)
    longitude = request.args.get("lon", type=float)
    if latitude is None or longitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return jsonify({"error": {"code": "bad_request", "message": _("Give a latitude and a longitude.")}}), 400
    exclude = request.args.get("exclude", type=int)
    exclude = exclude if exclude is not None and 0 < exclude <= MAX_ID else None  # no id is larger
    operations = operations_near(db.session, current_user.agency_id, latitude, longitude,
                                 datetime.now(timezone.utc), exclude)
    # The operation being edited (``exclude``) is the pin itself: only its open alerts are sent.
    alerts = open_alerts_of(db.session, current_user.agency_id, [o.id for o in operations] + [exclude or 0])
    return jsonify({"current": {"alerts": [_alert_json(a) for a in alerts.get(exclude or 0, [])]}, "items": [{
        "id": o.id, "title": o.title, "kind": label("OPERATION_KINDS", o.kind),
        "status": label("OPERATION_STATUSES", o.status),
        "starts": localtime(o.starts_at, o.timezone, "short"), "ends": localtime(o.ends_at, o.timezone, "short"),
        "latitude": o.latitude, "longitude": o.longitude, "radius_m": o.radius_m,
        "url": url_for("operations.show", operation_id=o.id),
        "alerts": [_alert_json(a) for a in alerts.get(o.id, [])],
    } for o in operations]})


def _alert_json(alert: OpenAlert) -> dict:
    return {"id": alert.id, "severity": label("SEVERITIES", alert.severity), "critical": alert.severity == "critical",
            "agency": alert.other_agency, "url": url_for("review.alert", alert_id=alert.id, record=alert.record)}


@bp.get(f"/<{ID}:operation_id>/receipt")
def receipt(operation_id: int):
    """The receipt of the operation's latest check, laid out to print or to keep on a phone."""
    operation = operation_for(db.session, current_user, operation_id)
    if operation.agency_id != current_user.agency_id:
        abort(404)  # a receipt is the registering agency's own paper
    check = latest_check(db.session, "operation", operation.id)
    number, conflicts = latest_receipt(db.session, "operation", operation.id, current_user.agency_id, _)
    found = {conflict["id"] for conflict in conflicts}
    later = [alert for alert in open_alerts_of(db.session, current_user.agency_id, [operation.id]).get(operation.id, [])
             if alert.id not in found]
    return render_template("operations/receipt.html", operation=operation, check=check, receipt=number,
                           conflicts=conflicts, later=later)
