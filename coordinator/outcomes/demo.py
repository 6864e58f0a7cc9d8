"""Demonstration outcomes: five fiscal years of ATF and ICE cases and what became of them.

Invented, but shaped like the public record: about two in three cases
referred for prosecution, most accepted, some pending for months; fewer
indicted, fewer convicted; trace requests answered faster year by year.
The same seed gives the same data every time.
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy.orm import Session

from ..accounts.models import User
from ..cases.services import register_case
from ..monitoring.periods import fiscal_year, fiscal_year_of
from ..subjects.services import add_subject
from ..types import utcnow
from .evidence import answer_trace, record_seizure, request_trace
from .services import decide_referral, record_disposition, record_indictment, record_referral
from .traces import as_tracer

YEARS = 5
FIRST_NAMES = {
    "ATF": ["Cody", "Brandon", "Tyler", "Dustin", "Kayla", "Travis", "Jared", "Amber", "Derek", "Shane"],
    "ICE": ["Jorge", "Ramiro", "Efraín", "Rosalba", "Octavio", "Heriberto", "Maricela", "Saúl", "Abel", "Nohemí"],
}
LAST_NAMES = {
    "ATF": ["Pruitt", "Hensley", "Caldwell", "Whitaker", "Gaines", "Mercer", "Talbot", "Crowder", "Haskins"],
    "ICE": ["Valenzuela", "Urquídez", "Bojórquez", "Arvizu", "Leyva", "Moraga", "Ochoa", "Sotelo", "Quijada"],
}
HOW = ["trace"] * 5 + ["border_seizure"] * 3 + ["informant"] * 2 + ["dealer_inspection", "referral"]
COURTS = {"ATF": "U.S. District Court, District of Arizona", "ICE": "U.S. District Court, Southern District of Texas"}


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


class _Loader:
    """One agency's cases, year by year, with the prosecutor that decides their referrals."""

    def __init__(self, session: Session, agent: User, prosecutor: User, partner: User, rng: random.Random):
        self.session, self.agent, self.prosecutor, self.partner, self.rng = session, agent, prosecutor, partner, rng
        self.code, self.people = agent.agency.code, 0
        self.today = date.today()

    def year(self, year: int) -> None:
        period = fiscal_year(year)
        last = min(period.end, self.today)
        elapsed = ((last - period.start).days + 1) / ((period.end - period.start).days + 1)
        for n in range(max(1, round(self.rng.randint(9, 15) * elapsed))):
            opened = _day(self.rng, period.start, last)
            how = self.rng.choice(HOW)
            case = register_case(self.session, self.agent, {
                "number": f"{self.code}-{year}-{n + 1:03d}", "title": f"Firearms trafficking, FY {year} no. {n + 1}",
                "case_type": self.rng.choice(["firearms_trafficking", "straw_purchase", "smuggling"]),
                "opened_on": opened, "initiated_by": how, "mexico_nexus": True,
                "referring_agency": self.partner.agency.code if how == "referral" else None,
                "participating_agencies": [self.partner.agency.code] if self.rng.random() < 0.2 else []})
            if how == "border_seizure":
                self.seizure(case, opened, year)
            if self.rng.random() < 0.65:
                self.prosecution(case, opened)
            elif self.rng.random() < 0.3:
                self.investigative(case, opened)

    def seizure(self, case, opened: date, year: int) -> None:
        seizure = record_seizure(self.session, self.agent, case, {
            "seized_on": opened, "place": "DeConcini port of entry, Nogales", "country": "US",
            "port_of_entry": "Nogales", "direction": "southbound", "firearms_rifle": self.rng.randint(1, 12),
            "firearms_pistol": self.rng.randint(0, 6), "rounds": self.rng.randint(0, 3000)})
        # Answers come faster each year: about 14 days in the first, a few in the last.
        slow = max(2, 16 - 3 * (year - (fiscal_year_of(self.today) - YEARS + 1)))
        sent = opened + timedelta(days=1)
        answered = sent + timedelta(days=self.rng.randint(max(1, slow - 3), slow + 3))
        request_trace(self.session, self.agent, case, {
            "seizure_id": seizure.id, "sent_on": min(sent, self.today),
            "answered_on": answered if answered <= self.today else None,
            "result": (self.rng.choice(["purchaser_found", "purchaser_found", "not_found"])
                       if answered <= self.today else None)})

    def prosecution(self, case, opened: date) -> None:
        sent = opened + timedelta(days=self.rng.randint(20, 120))
        if sent > self.today:
            return
        referral = record_referral(self.session, self.agent, case, {"to_agency": "USAO", "kind": "prosecution",
                                                                     "sent_on": sent})
        decided = sent + timedelta(days=self.rng.randint(7, 60))
        roll = self.rng.random()
        if decided > self.today or roll < 0.2:
            return  # still pending
        status = "declined" if roll < 0.3 else "accepted"
        decide_referral(self.session, self.prosecutor, referral, {"status": status, "decided_on": decided,
                                                                  "reason": None})
        if status == "accepted":
            for _defendant in range(self.rng.choice([1, 1, 1, 2])):
                self.indictment(case, decided)

    def indictment(self, case, accepted: date) -> None:
        filed = accepted + timedelta(days=self.rng.randint(10, 90))
        if filed > self.today:
            return
        person = add_subject(self.session, self.agent, case, "person", "trafficker", self.person())
        indictment = record_indictment(self.session, self.agent, case, {
            "subject_id": person.id, "filed_on": filed, "court": COURTS.get(self.code, "U.S. District Court"),
            "charges": ["18 U.S.C. § 922(a)(6) — false statement in acquiring a firearm",
                        "18 U.S.C. § 554 — smuggling goods from the United States"]})
        decided = filed + timedelta(days=self.rng.randint(60, 300))
        if decided > self.today:
            return
        outcome = self.rng.choice(["plea", "plea", "plea", "convicted", "dismissed", "acquitted"])
        record_disposition(self.session, self.agent, indictment, {
            "outcome": outcome, "decided_on": decided,
            "sentence_months": self.rng.randint(12, 96) if outcome in ("plea", "convicted") else None})

    def investigative(self, case, opened: date) -> None:
        sent = opened + timedelta(days=self.rng.randint(5, 60))
        if sent > self.today:
            return
        referral = record_referral(self.session, self.agent, case, {
            "to_agency": self.partner.agency.code, "kind": "investigative", "sent_on": sent})
        decided = sent + timedelta(days=self.rng.randint(3, 45))
        if decided <= self.today:
            decide_referral(self.session, self.partner, referral, {"status": "accepted", "decided_on": decided})

    def person(self) -> dict:
        self.people += 1
        first, last = FIRST_NAMES[self.code], LAST_NAMES[self.code]
        n = self.people
        return {"first_name": first[n % len(first)], "middle_name": None,
                "last_name": last[n // len(first) % len(last)],
                "second_last_name": last[(n * 7) % len(last)] if self.code == "ICE" else None, "aliases": [],
                "dob": f"{1970 + n % 30}-{1 + n % 12:02d}-{1 + n % 28:02d}", "sex": "M" if n % 4 else "F",
                "nationality": "US" if self.code == "ATF" else "MX", "documents": []}


def load_outcomes_demo(session: Session, atf: User, ice: User, prosecutor: User) -> None:
    """Five fiscal years of ATF and ICE cases with referrals, decisions, indictments, dispositions, seizures, traces."""
    rng = random.Random(2009)
    current = fiscal_year_of(date.today())
    for agent, partner in ((atf, ice), (ice, atf)):
        loader = _Loader(session, agent, prosecutor, partner, rng)
        for year in range(current - YEARS + 1, current + 1):
            loader.year(year)
    session.flush()


# Traced guns for the lanes: FGR's seizures across Mexico, each gun traced by ATF to a dealer in a US state.
# Dealers, serials and places are invented; the weights lean on the border states as the public record does.
DEALERS = [
    ("9-86-013-01-2F-04711", "Desert Sun Firearms", "AZ", "Phoenix", 6),
    ("9-86-019-01-3C-02218", "Sonoran Outdoor Supply", "AZ", "Tucson", 4),
    ("5-74-201-01-4A-01734", "Gulf Coast Arms", "TX", "Houston", 5),
    ("5-74-141-01-2B-00562", "Border Sporting Goods", "TX", "El Paso", 4),
    ("9-33-037-01-5D-07790", "Pacific Range Outfitters", "CA", "Los Angeles", 2),
    ("9-85-001-01-6E-00315", "High Desert Pawn", "NM", "Albuquerque", 1),
    ("9-88-003-01-1F-00987", "Silver State Guns", "NV", "Las Vegas", 1),
]
RECOVERIES = [("SIN", "Culiacán"), ("SON", "Hermosillo"), ("CHIH", "Ciudad Juárez"), ("BC", "Tijuana"),
              ("TAMPS", "Reynosa"), ("JAL", "Guadalajara"), ("MICH", "Apatzingán"), ("GRO", "Iguala"),
              ("CDMX", "Ciudad de México"), ("SIN", "Mazatlán"), ("SON", "Nogales"), ("CHIH", "Chihuahua")]
GUNS = [("Cugir", "WASR-10", "7.62x39", "rifle"), ("Colt", "AR-15", "5.56x45", "rifle"),
        ("FN Herstal", "PS90", "5.7x28", "rifle"), ("Barrett", "M82A1", ".50 BMG", "rifle"),
        ("Glock", "19", "9mm", "pistol"), ("FN Herstal", "Five-seveN", "5.7x28", "pistol")]


def _moment(day: date, hour: int) -> datetime:
    """``hour`` o'clock (UTC) on ``day``, or now if that is still to come: a demo loaded just after midnight."""
    return min(datetime.combine(day, time(hour), tzinfo=timezone.utc), utcnow())


def load_lanes_demo(session: Session, fgr: User, atf: User) -> None:
    """FGR's seizures of the last fourteen months, their guns traced by ATF: the trafficking lanes have lanes.

    Most traces are answered (by ATF, through its queue), naming the dealer,
    the purchase date and state; the latest few wait in ATF's queue.
    """
    rng = random.Random(2010)
    today = date.today()
    dealers = [dealer for dealer in DEALERS for _weight in range(dealer[4])]
    serial = 0
    for n, (state, city) in enumerate(RECOVERIES):
        # From fourteen months ago to last week: the latest guns still wait for ATF's answer.
        seized = today - timedelta(days=max(3, 420 - n * 38 - rng.randint(0, 10)))
        case = register_case(session, fgr, {
            "number": f"FED-{state}-RAS-{n + 1:04d}-{seized.year}", "title": f"Armas aseguradas en {city}",
            "case_type": "firearms_trafficking", "opened_on": seized, "initiated_by": "other",
            "mexico_nexus": True})
        items = []
        for _gun in range(rng.randint(2, 5)):
            serial += 1
            make, model, caliber, kind = rng.choice(GUNS)
            items.append({"make": make, "model": model, "caliber": caliber, "firearm_type": kind,
                          "serial_number": f"DM{serial:05d}{rng.randint(10, 99)}"})
        seizure = record_seizure(session, fgr, case, {
            "seized_on": seized, "place": city, "country": "MX", "state": state, "municipality": city,
            "direction": "inland", "custody_agency": "FGR", "items": items, "rounds": rng.randint(0, 2000)})
        for gun in seizure.records_of("firearm"):
            sent = min(seized + timedelta(days=rng.randint(1, 3)), today)
            urgent = rng.random() < 0.3
            trace = request_trace(session, fgr, case, {
                "seizure_id": seizure.id, "firearm_id": gun.id, "sent_on": sent, "urgent": urgent,
                "requested_at": _moment(sent, rng.randint(0, 10))})
            answered = sent + timedelta(days=rng.randint(0, 2) if urgent else rng.randint(2, 14))
            if answered >= today:
                continue  # waiting in ATF's queue
            found = rng.random() < 0.8
            number, name, bought_in, bought_city, _weight = rng.choice(dealers)
            answer_trace(session, atf, trace, {
                "answered_on": answered, "answered_at": _moment(answered, rng.randint(11, 23)),
                "result": "purchaser_found" if found else "not_found", "manufacturer": gun.data.get("make"),
                "dealer": {"license_number": number, "name": name}, "purchase_state": bought_in,
                "purchase_city": bought_city, "purchased_on": seized - timedelta(days=rng.randint(30, 1500))},
                provided=as_tracer())
    session.flush()
