"""The watch board: which critical alerts an officer sees, and what the officer does with them.

A watch officer sees each critical alert of the region (national: all of
them): its two points of contact, the place and the time — never case
contents (no case number, title, subject, reasons or notes of the sides).
Services flush; the request or the command commits.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload
from werkzeug.exceptions import NotFound

from ..access import require_watch
from ..accounts.models import User
from ..conflicts.models import AlertEvent, AlertSide, ConflictAlert
from ..conflicts.present import point_of_contact
from ..operations.models import Operation
from ..types import utcnow
from .escalation import escalations_of
from .models import WatchCall, WatchItem, WatchRegion

WATCH_ROLE = "watch"
# An alert both sides closed, or that the watch closed, stays on the board this long, marked as such.
RECENT = timedelta(hours=12)


class WatchActionError(ValueError):
    """An action the alert's watch state does not allow."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


# --- regions -----------------------------------------------------------------------

def region_of(session: Session, user: User) -> WatchRegion | None:
    """The officer's region; None for a national officer."""
    return session.get(WatchRegion, user.id)


# The states along the US–Mexico border, both sides ("border" in a region's states).
BORDER_STATES = ("CA", "AZ", "NM", "TX", "BC", "SON", "CHIH", "COAH", "NL", "TAMPS")


def set_region(session: Session, user: User, name: str | None, zones=(), states=(),
               box=None) -> WatchRegion | None:
    """Give a watch officer a region, or make the officer national (none of zones, states or box).

    ``states``: US and Mexican states as records write them ("AZ", "Sonora",
    "MX-SON"), or "border" for the ten border states; ``box``: south, west,
    north, east in degrees; ``zones``: IANA time zones.
    """
    from zoneinfo import available_timezones

    from ..deconfliction.places import normalise_region

    if user.role != WATCH_ROLE:
        raise WatchActionError("role", "only a watch officer has a region")
    zones = list(zones or ())
    unknown = sorted(set(zones) - available_timezones())
    if unknown:
        raise WatchActionError("zones", f"unknown time zone(s): {', '.join(unknown)}")
    codes: set[str] = set()
    for state in states or ():
        if str(state).strip().lower() == "border":
            codes.update(BORDER_STATES)
        elif (code := normalise_region(state)) is not None:
            codes.add(code)
        else:
            raise WatchActionError("states", f"not a US or Mexican state: {state}")
    box = _valid_box(box)
    region = session.get(WatchRegion, user.id)
    if not zones and not codes and box is None:
        if region is not None:
            session.delete(region)
        session.flush()
        return None
    if region is None:
        region = WatchRegion(user_id=user.id)
        session.add(region)
    region.zones, region.states, region.box = sorted(set(zones)), sorted(codes) or None, box
    region.name = (name or ", ".join([*(region.states or ()), *region.zones]) or "box")[:120]
    session.flush()
    return region


def _valid_box(box) -> list[float] | None:
    """South, west, north, east as four numbers, south below north and each a real coordinate."""
    if box is None:
        return None
    try:
        south, west, north, east = (float(v) for v in box)
    except (TypeError, ValueError):
        raise WatchActionError("box", "a box is four numbers: south, west, north, east")
    if not (-90 <= south < north <= 90 and -180 <= west <= 180 and -180 <= east <= 180 and west != east):
        raise WatchActionError("box", "a box is south, west, north, east, south below north")
    return [south, west, north, east]


@dataclass(frozen=True)
class AlertPlace:
    """Where one side of an alert is: a point (with its zone), or only the state a record gives."""

    latitude: float | None
    longitude: float | None
    zone: str | None
    state: str | None


def alert_places(session: Session, alert: ConflictAlert) -> list[AlertPlace]:
    """The places of an alert: its operations, and its records that give a point or a state; empty when none."""
    from ..deconfliction.geography import state_at, zone_at
    from ..deconfliction.places import normalise_region
    from ..subjects.models import SubjectRecord

    places = []
    operation_ids = [s.record_id for s in alert.sides if s.record_type == "operation"]
    if operation_ids:
        for lat, lon, zone in session.execute(select(Operation.latitude, Operation.longitude, Operation.timezone)
                                              .where(Operation.id.in_(operation_ids))):
            places.append(AlertPlace(lat, lon, zone, state_at(lat, lon)))
    subject_ids = [s.record_id for s in alert.sides if s.record_type == "subject"]
    if subject_ids:
        for data in session.scalars(select(SubjectRecord.data).where(SubjectRecord.id.in_(subject_ids))):
            data = data or {}
            lat, lon = data.get("latitude"), data.get("longitude")
            if lat is not None and lon is not None:
                places.append(AlertPlace(lat, lon, zone_at(lat, lon), state_at(lat, lon)))
            elif normalise_region(data.get("state")) is not None:
                places.append(AlertPlace(None, None, None, normalise_region(data.get("state"))))
    return places


def alert_zones(session: Session, alert: ConflictAlert) -> set[str]:
    """The time zones of the alert's places; empty when it has none."""
    return {place.zone for place in alert_places(session, alert) if place.zone}


def covers(region: WatchRegion | None, places: list[AlertPlace]) -> bool:
    """A national officer covers everything; a regional one the alerts with a place in its states, box or zones."""
    if region is None:
        return True
    return any(_in_region(region, place) for place in places)


def _in_region(region: WatchRegion, place: AlertPlace) -> bool:
    if place.state is not None and place.state in (region.states or ()):
        return True
    if place.zone is not None and place.zone in (region.zones or ()):
        return True
    if region.box and place.latitude is not None:
        south, west, north, east = region.box
        inside_lon = west <= place.longitude <= east if west < east else (
            place.longitude >= west or place.longitude <= east)  # a box across the antimeridian
        return south <= place.latitude <= north and inside_lon
    return False


def officers_for(session: Session, alert: ConflictAlert) -> list[User]:
    """The active watch officers whose region covers the alert."""
    officers = session.scalars(select(User).where(User.role == WATCH_ROLE, User.active.is_(True))
                               .order_by(User.id)).all()
    places = alert_places(session, alert)
    return [officer for officer in officers if covers(region_of(session, officer), places)]


# --- the board ------------------------------------------------------------------------

@dataclass
class Place:
    """Where and when one side's operation runs, in the place's own time zone."""

    venue: str | None
    address: str | None
    latitude: float
    longitude: float
    radius_m: int
    starts_at: datetime
    ends_at: datetime
    timezone: str


@dataclass
class BoardSide:
    """One side as the watch centre sees it: the agency, its contact, whether it acknowledged."""

    agency: str
    agency_name: str
    record_kind: str
    status: str
    acknowledged_at: datetime | None
    escalated_at: datetime | None
    poc: dict
    place: Place | None


@dataclass
class BoardAlert:
    """A critical alert on the board, with the watch centre's handling of it."""

    id: int
    kind: str
    status: str
    raised_at: datetime
    sides: list[BoardSide]
    owner: str | None = None
    owner_id: int | None = None
    owned_at: datetime | None = None
    closed_at: datetime | None = None
    close_note: str | None = None
    calls: list[WatchCall] = field(default_factory=list)

    @property
    def places(self) -> list[Place]:
        """The distinct places of the sides (two operations at one venue show once)."""
        seen, out = set(), []
        for side in self.sides:
            if side.place is None:
                continue
            key = (side.place.venue, side.place.address, round(side.place.latitude, 4),
                   round(side.place.longitude, 4), side.place.starts_at, side.place.ends_at)
            if key not in seen:
                seen.add(key)
                out.append(side.place)
        return out

    @property
    def unacknowledged(self) -> int:
        return sum(1 for side in self.sides if side.acknowledged_at is None and side.status == "open")


def board_state(alert: BoardAlert) -> tuple:
    """Everything the board shows of an alert, as plain values (for telling whether the board changed)."""
    return (alert.id, alert.kind, alert.status, alert.raised_at,
            tuple((s.agency, s.status, s.acknowledged_at, s.escalated_at, tuple(sorted(s.poc.items())),
                   None if s.place is None else tuple(vars(s.place).values())) for s in alert.sides),
            alert.owner, alert.owned_at, alert.closed_at, alert.close_note,
            tuple((call.id, call.at, call.note, call.user.name) for call in alert.calls))


def board_alerts(session: Session, user: User, now: datetime | None = None) -> list[BoardAlert]:
    """The critical alerts the officer watches: open ones, and those closed in the last hours, newest first."""
    now = now or utcnow()
    items = select(WatchItem.alert_id).where(WatchItem.closed_at.is_not(None), WatchItem.closed_at < now - RECENT)
    alerts = session.scalars(
        select(ConflictAlert).options(selectinload(ConflictAlert.sides).selectinload(AlertSide.agency))
        .where(ConflictAlert.severity == "critical",
               or_(ConflictAlert.status == "open", ConflictAlert.closed_at >= now - RECENT),
               ConflictAlert.id.not_in(items))
        .order_by(ConflictAlert.raised_at.desc(), ConflictAlert.id.desc()).limit(200)).all()
    region = region_of(session, user)
    visible = alerts if region is None else [alert for alert in alerts if covers(region, alert_places(session, alert))]
    return present(session, visible)


def present(session: Session, alerts: list[ConflictAlert]) -> list[BoardAlert]:
    """The board's view of these alerts: places, contacts, acknowledgements, escalations, calls, owner."""
    ids = [alert.id for alert in alerts]
    escalations = escalations_of(session, ids)
    items = {item.alert_id: item for item in session.scalars(select(WatchItem).where(WatchItem.alert_id.in_(ids)))} \
        if ids else {}
    calls: dict[int, list[WatchCall]] = {}
    if ids:
        for call in session.scalars(select(WatchCall).options(selectinload(WatchCall.user))
                                    .where(WatchCall.alert_id.in_(ids)).order_by(WatchCall.at, WatchCall.id)):
            calls.setdefault(call.alert_id, []).append(call)
    out = []
    for alert in alerts:
        sides = []
        for side in alert.sides:
            escalation = escalations.get(side.id)
            sides.append(BoardSide(
                agency=side.agency_label, agency_name=side.agency_name, record_kind=side.record_kind,
                status=side.status, acknowledged_at=side.acknowledged_at,
                escalated_at=escalation.escalated_at if escalation else None,
                poc=point_of_contact(session, side), place=_place(session, side)))
        item = items.get(alert.id)
        board = BoardAlert(alert.id, alert.kind, alert.status, alert.raised_at, sides, calls=calls.get(alert.id, []))
        if item is not None:
            board.owner = item.owner.name if item.owner else None
            board.owner_id, board.owned_at = item.owner_id, item.owned_at
            board.closed_at, board.close_note = item.closed_at, item.close_note
        out.append(board)
    return out


def _place(session: Session, side: AlertSide) -> Place | None:
    if side.record_type != "operation":
        return None
    operation = session.get(Operation, side.record_id)
    if operation is None:
        return None
    return Place(operation.venue, operation.address, operation.latitude, operation.longitude, operation.radius_m,
                 operation.starts_at, operation.ends_at, operation.timezone)


# --- what an officer does --------------------------------------------------------------

def watched_alert(session: Session, user: User, alert_id: int) -> ConflictAlert:
    """A critical alert in the officer's region; a 404 for anything else."""
    require_watch(user)
    alert = session.get(ConflictAlert, alert_id)
    if alert is None or alert.severity != "critical" or not covers(region_of(session, user),
                                                                    alert_places(session, alert)):
        raise NotFound()
    return alert


def _item(session: Session, alert: ConflictAlert) -> WatchItem:
    item = session.scalar(select(WatchItem).where(WatchItem.alert_id == alert.id))
    if item is None:
        item = WatchItem(alert_id=alert.id)
        session.add(item)
    return item


def take_ownership(session: Session, user: User, alert_id: int) -> WatchItem:
    """The officer takes the alert on (from a colleague too: the board shows who has it)."""
    alert = watched_alert(session, user, alert_id)
    item = _item(session, alert)
    if item.closed_at is not None:
        raise WatchActionError("alert", str(_l("The watch centre has already closed this alert.")))
    item.owner_id, item.owned_at = user.id, utcnow()
    session.flush()
    return item


def log_call(session: Session, user: User, alert_id: int, note: str) -> WatchCall:
    """Log a call the officer made about the alert ("called ATF's contact 14:05, both teams told")."""
    alert = watched_alert(session, user, alert_id)
    call = WatchCall(alert_id=alert.id, user_id=user.id, note=note.strip(), at=utcnow())
    session.add(call)
    # In the alert's history too: both sides see that the watch centre called, and what it noted.
    session.add(AlertEvent(alert_id=alert.id, agency_id=user.agency_id, user_id=user.id, action="watch_call",
                           note=call.note, at=call.at))
    item = _item(session, alert)
    if item.owner_id is None:  # whoever calls first has it
        item.owner_id, item.owned_at = user.id, call.at
    session.flush()
    return call


def close(session: Session, user: User, alert_id: int, note: str | None) -> WatchItem:
    """The watch centre is done with the alert; the sides' own statuses are theirs and stay as they are."""
    alert = watched_alert(session, user, alert_id)
    item = _item(session, alert)
    if item.closed_at is not None:
        raise WatchActionError("alert", str(_l("The watch centre has already closed this alert.")))
    item.closed_at, item.closed_by_id, item.close_note = utcnow(), user.id, (note or "").strip() or None
    session.add(AlertEvent(alert_id=alert.id, agency_id=user.agency_id, user_id=user.id, action="watch_closed",
                           note=item.close_note, at=item.closed_at))
    if item.owner_id is None:
        item.owner_id, item.owned_at = user.id, item.closed_at
    session.flush()
    return item
