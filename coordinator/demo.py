"""Demonstration data modelled on the public record of the US–Mexico firearms effort.

Names, numbers and serials are invented. The data includes records that two
agencies hold of the same person, gun, phone and gun show, so the
deconfliction engine has overlaps to find.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from .accounts.models import Office, User
from .accounts.services import agency_by_code, create_user
from .cases.services import register_case
from .operations.services import register_operation
from .subjects.services import add_subject, associate

DEMO_PASSWORD = "demo-password-2026"

ACCOUNTS = [
    # email, name, agency, role, locale, timezone, phone
    ("agent.atf@demo.gov", "Dana Whitfield", "ATF", "agent", "en", "America/Phoenix", "+1 602 555 0141"),
    ("supervisor.atf@demo.gov", "Marcus Reyes", "ATF", "supervisor", "en", "America/Phoenix", "+1 602 555 0100"),
    ("agent.ice@demo.gov", "Laura Kessler", "ICE", "agent", "en", "America/Phoenix", "+1 520 555 0177"),
    ("supervisor.ice@demo.gov", "Tom Alvarado", "ICE", "supervisor", "en", "America/Phoenix", "+1 520 555 0190"),
    ("agent.cbp@demo.gov", "Kevin Osei", "CBP", "agent", "en", "America/Phoenix", "+1 520 555 0123"),
    # CBP clears every cross-border operation: without a supervisor there, ICE's delivery could never be cleared.
    ("supervisor.cbp@demo.gov", "Grace Montoya", "CBP", "supervisor", "en", "America/Phoenix", "+1 520 555 0133"),
    ("agente.fgr@demo.gob.mx", "Ana Sofía Beltrán Zavala", "FGR", "agent", "es", "America/Mazatlan",
     "+52 667 555 0142"),
    ("supervisor.fgr@demo.gob.mx", "Ricardo Iturbide Lozano", "FGR", "supervisor", "es", "America/Mexico_City",
     "+52 55 5555 0100"),
    ("prosecutor.usao@demo.gov", "Nora Bellamy", "USAO", "agent", "en", "America/Phoenix", "+1 602 555 0300"),
    ("monitor@demo.gov", "Helen Park", "USAO", "monitor", "en", "America/New_York", None),
    ("watch@demo.gov", "Dana Whitfield", "CBP", "watch", "en", "America/Phoenix", "+1 520 555 0900"),
    ("admin@demo.gov", "System Administrator", "ATF", "admin", "en", "UTC", None),
]

OFFICES = [
    ("ATF", "Phoenix Field Division", "Phoenix", "AZ", "US"),
    ("ATF", "Houston Field Division", "Houston", "TX", "US"),
    ("ICE", "HSI Nogales", "Nogales", "AZ", "US"),
    ("CBP", "Nogales Port of Entry", "Nogales", "AZ", "US"),
    ("FGR", "Delegación Sinaloa", "Culiacán", "SIN", "MX"),
    ("FGR", "Delegación Sonora", "Hermosillo", "SON", "MX"),
]


def _next_saturday(today: date) -> date:
    return today + timedelta(days=(5 - today.weekday()) % 7 or 7)


def _at(day: date, hour: int, zone: str) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(zone))


def load_demo(session: Session) -> list[User]:
    """Create the demo accounts, cases, subject records and operations; return the accounts."""
    offices = {}
    for code, name, city, state, country in OFFICES:
        office = Office(agency=agency_by_code(session, code), name=name, city=city, state=state, country=country)
        session.add(office)
        offices.setdefault(code, office)
    accounts = {}
    for email, name, code, role, locale, zone, phone in ACCOUNTS:
        user = create_user(session, email=email, name=name, agency_code=code, role=role,
                           password=DEMO_PASSWORD, locale=locale, timezone=zone, phone=phone)
        user.office = offices.get(code)
        accounts[email] = user
    session.flush()
    atf, ice, cbp, fgr = (accounts["agent.atf@demo.gov"], accounts["agent.ice@demo.gov"],
                          accounts["agent.cbp@demo.gov"], accounts["agente.fgr@demo.gob.mx"])
    show_day = _next_saturday(date.today())
    _atf_phoenix(session, atf, show_day)
    _atf_houston(session, atf)
    _ice_nogales(session, ice, show_day)
    _cbp_nogales(session, cbp)
    _fgr_culiacan(session, fgr)
    _outcomes(session, accounts)
    return list(accounts.values())


def _outcomes(session: Session, accounts: dict[str, User]) -> None:
    """The MOUs and measures the monitor audits, and five years of outcomes for the dashboard."""
    from .monitoring.seed import seed_monitoring
    from .outcomes.demo import load_lanes_demo, load_outcomes_demo

    seed_monitoring(session, examples=True)  # marked as examples: invented figures belong to the demo alone
    load_outcomes_demo(session, accounts["agent.atf@demo.gov"], accounts["agent.ice@demo.gov"],
                       accounts["prosecutor.usao@demo.gov"])
    load_lanes_demo(session, accounts["agente.fgr@demo.gob.mx"], accounts["agent.atf@demo.gov"])


def _gun_show(show_day: date) -> dict:
    return {"name": "Valley of the Sun Gun Show", "venue": "State Fairgrounds, Building 4", "city": "Phoenix",
            "state": "AZ", "starts_on": show_day.isoformat(), "ends_on": (show_day + timedelta(days=1)).isoformat(),
            "latitude": 33.4665, "longitude": -112.0952}


def _atf_phoenix(session: Session, agent: User, show_day: date) -> None:
    case = register_case(session, agent, {
        "number": "PHX-2026-0112", "title": "Straw purchasers buying AK- and AR-type rifles for Sinaloa",
        "case_type": "straw_purchase", "opened_on": date.today() - timedelta(days=95), "initiated_by": "trace",
        "mexico_nexus": True, "summary": "Traces of rifles seized in Sinaloa point to purchases at Phoenix-area "
        "dealers and gun shows by a small group of buyers paid per rifle.",
    })
    buyer = add_subject(session, agent, case, "person", "straw_purchaser", {
        "first_name": "Jesús", "middle_name": "Alberto", "last_name": "Robles", "second_last_name": "Quintero",
        "aliases": ["Chuy"], "dob": "1994-03-07", "sex": "M", "nationality": "US", "documents": []})
    second = add_subject(session, agent, case, "person", "straw_purchaser", {
        "first_name": "Brenda", "middle_name": None, "last_name": "Ochoa", "second_last_name": None,
        "aliases": [], "dob": "1998-11-21", "sex": "F", "nationality": "US", "documents": []})
    phone = add_subject(session, agent, case, "phone", "associate", {"number": "+16025550199"})
    dealer = add_subject(session, agent, case, "dealer", "source_dealer", {
        "license_number": "9-86-013-01-7D-04518", "name": "Desert Sportsman Supply"})
    rifle = add_subject(session, agent, case, "firearm", "other", {
        "make": "Romarm/Cugir", "model": "WASR-10", "caliber": "7.62x39mm", "firearm_type": "rifle",
        "serial_number": "1-AB-1034-19"})
    add_subject(session, agent, case, "firearm", "other", {
        "make": "Palmetto State Armory", "model": "PA-15", "caliber": "5.56 NATO", "firearm_type": "rifle",
        "serial_number": "SCD248813"})
    show = add_subject(session, agent, case, "gun_show", "other", _gun_show(show_day))
    truck = add_subject(session, agent, case, "vehicle", "associate", {
        "plate": "CKR4471", "plate_region": "AZ", "vin": None, "make": "Chevrolet", "model": "Silverado"})
    associate(session, agent, case, phone.id, buyer.id, "used_by")
    associate(session, agent, case, rifle.id, dealer.id, "bought_at")
    associate(session, agent, case, buyer.id, show.id, "attended")
    associate(session, agent, case, second.id, show.id, "attended")
    associate(session, agent, case, truck.id, buyer.id, "registered_to")
    register_operation(session, agent, case, {
        "kind": "gun_show_surveillance", "title": "Surveillance of buyers at the Valley of the Sun show",
        "starts_at": _at(show_day, 8, "America/Phoenix"), "ends_at": _at(show_day, 16, "America/Phoenix"),
        "timezone": "America/Phoenix", "venue": "State Fairgrounds, Building 4",
        "address": "1826 W McDowell Rd, Phoenix, AZ", "latitude": 33.4665, "longitude": -112.0952,
        "radius_m": 300, "cross_border": False, "target_subject_ids": [buyer.id, second.id, show.id]})


def _atf_houston(session: Session, agent: User) -> None:
    case = register_case(session, agent, {
        "number": "HOU-2025-0877", "title": "AR-type rifles bought in Houston and driven to Tamaulipas",
        "case_type": "firearms_trafficking", "opened_on": date.today() - timedelta(days=300),
        "initiated_by": "dealer_inspection", "mexico_nexus": True})
    add_subject(session, agent, case, "person", "trafficker", {
        "first_name": "William", "middle_name": "Ray", "last_name": "Hollis", "second_last_name": None,
        "aliases": ["Bill"], "dob": "1987-06-02", "sex": "M", "nationality": "US", "documents": []})
    add_subject(session, agent, case, "business", "other", {
        "name": "Gulf Coast Freight Forwarding LLC", "registration_number": "76-4410392"})


def _ice_nogales(session: Session, agent: User, show_day: date) -> None:
    case = register_case(session, agent, {
        "number": "NG02BR26NG0047", "title": "Rifles smuggled through the Nogales port in passenger vehicles",
        "case_type": "smuggling", "opened_on": date.today() - timedelta(days=40),
        "initiated_by": "border_seizure", "mexico_nexus": True})
    person = add_subject(session, agent, case, "person", "suspect", {
        "first_name": "Chuy", "middle_name": None, "last_name": "Robles", "second_last_name": None,
        "aliases": [], "dob": "1994-03-07", "sex": "M", "nationality": "MX", "documents": []})
    phone = add_subject(session, agent, case, "phone", "associate", {"number": "+16025550199"})
    associate(session, agent, case, phone.id, person.id, "used_by")
    show = add_subject(session, agent, case, "gun_show", "other", _gun_show(show_day))
    register_operation(session, agent, case, {
        "kind": "gun_show_surveillance", "title": "Watch for the Nogales crew buying at the fairgrounds show",
        "starts_at": _at(show_day, 10, "America/Phoenix"), "ends_at": _at(show_day, 17, "America/Phoenix"),
        "timezone": "America/Phoenix", "venue": "Arizona State Fairgrounds",
        "address": "1826 W McDowell Rd, Phoenix, AZ", "latitude": 33.4671, "longitude": -112.0940,
        "radius_m": 250, "cross_border": False, "target_subject_ids": [person.id, show.id]})
    register_operation(session, agent, case, {
        "kind": "controlled_delivery", "title": "Controlled delivery of rifles to a buyer in Nogales, Sonora",
        "starts_at": _at(show_day + timedelta(days=9), 6, "America/Phoenix"),
        "ends_at": _at(show_day + timedelta(days=9), 18, "America/Phoenix"),
        "timezone": "America/Phoenix", "venue": "DeConcini port of entry",
        "address": "Nogales, AZ", "latitude": 31.3325, "longitude": -110.9436, "radius_m": 2000,
        "cross_border": True, "target_subject_ids": [person.id]})


def _cbp_nogales(session: Session, agent: User) -> None:
    case = register_case(session, agent, {
        "number": "CBP-NOG-26-1190", "title": "Southbound inspections at Nogales DeConcini",
        "case_type": "export_violation", "opened_on": date.today() - timedelta(days=20),
        "initiated_by": "border_seizure", "mexico_nexus": True})
    add_subject(session, agent, case, "vehicle", "other", {
        "plate": "CKR-4471", "plate_region": "Arizona", "vin": None, "make": "Chevrolet", "model": "Silverado"})


def _fgr_culiacan(session: Session, agent: User) -> None:
    case = register_case(session, agent, {
        "number": "FED-SIN-CLN-0231-2026", "title": "Aseguramiento de fusiles en Culiacán",
        "case_type": "firearms_trafficking", "opened_on": date.today() - timedelta(days=120),
        "initiated_by": "other", "mexico_nexus": True,
        "summary": "Fusiles tipo AK y AR asegurados en un domicilio de Culiacán; se solicitó el rastreo."})
    add_subject(session, agent, case, "firearm", "other", {
        "make": "Cugir", "model": "WASR 10", "caliber": "7.62x39", "firearm_type": "rifle",
        "serial_number": "1AB1O3419"})
    add_subject(session, agent, case, "person", "suspect", {
        "first_name": "José", "middle_name": "Luis", "last_name": "Zazueta", "second_last_name": "Félix",
        "aliases": ["El Pepe"], "dob": "1989-08-15", "sex": "M", "nationality": "MX",
        "documents": [{"kind": "curp", "number": "ZAFL890815HSLZLS09", "country": "MX"}]})
    add_subject(session, agent, case, "address", "other", {
        "line1": "Calle Río Tamazula 118", "city": "Culiacán", "state": "SIN", "postal_code": "80020",
        "country": "MX", "latitude": 24.8091, "longitude": -107.3940})
