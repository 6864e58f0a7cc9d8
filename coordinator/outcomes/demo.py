"""Demonstration outcomes: five fiscal years of ATF and ICE cases and what became of them.

Invented, but shaped like the public record: about two in three cases
referred for prosecution, most accepted, some pending for months; fewer
indicted, fewer convicted; trace requests answered faster year by year.
The same seed gives the same data every time.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from ..accounts.models import User
from ..cases.services import register_case
from ..monitoring.periods import fiscal_year, fiscal_year_of
from ..subjects.services import add_subject
from .evidence import record_seizure, request_trace
from .services import decide_referral, record_disposition, record_indictment, record_referral

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
