"""The shipped measures say what the public record says: baselines, periods, sources, and what is counted."""
from __future__ import annotations

from datetime import date

import pytest

from coordinator.extensions import db
from coordinator.monitoring.measures import measure_table
from coordinator.monitoring.models import PerformanceMeasure
from coordinator.monitoring.seed import seed_monitoring
from coordinator.outcomes.evidence import record_seizure, request_trace
from coordinator.outcomes.services import decide_referral, record_referral


def measure(number: str) -> PerformanceMeasure:
    return db.session.scalar(db.select(PerformanceMeasure).where(PerformanceMeasure.number == number))


@pytest.mark.parametrize("number,baseline,on,period", [
    ("1.1", 14, date(2008, 9, 30), "FY2004–FY2008"),
    ("2.1", 73, date(2008, 9, 30), "FY2008"),
    ("2.2", 33, date(2008, 9, 30), "FY2008"),
    ("3.1", 375, date(2008, 9, 30), "FY2007–FY2008"),
])
def test_each_corrected_baseline_has_its_period_and_source(app_ctx, number, baseline, on, period):
    seed_monitoring(db.session, examples=True)
    found = measure(number)
    assert (found.baseline_value, found.baseline_on, found.baseline_period) == (baseline, on, period)
    assert found.source.startswith("GAO-09-709")


def test_the_unsourced_purchaser_baseline_is_gone(app_ctx):
    seed_monitoring(db.session, examples=True)
    found = measure("1.2")
    assert found.baseline_value is None and "30 %" in found.source and "70 %" in found.source


def test_the_prosecution_measures_are_atfs_and_mexico_related(app_ctx):
    seed_monitoring(db.session, examples=True)
    assert measure("2.1").agency.code == "ATF" and measure("2.1").metric == "referred_for_prosecution_mexico"
    assert measure("2.2").agency.code == "ATF" and measure("2.2").metric == "convicted_mexico"


def test_a_measure_still_as_first_shipped_is_corrected_and_a_changed_one_kept(app_ctx):
    seed_monitoring(db.session, examples=True)
    first, changed = measure("1.1"), measure("3.1")
    first.baseline_value, first.baseline_on, first.baseline_period, first.source = 14, date(2010, 9, 30), None, None
    changed.baseline_value, changed.baseline_on, changed.baseline_period = 120, date(2024, 9, 30), "FY2024"
    db.session.flush()
    assert seed_monitoring(db.session) == 1
    assert (measure("1.1").baseline_on, measure("1.1").baseline_period) == (date(2008, 9, 30), "FY2004–FY2008")
    assert measure("3.1").baseline_value == 120


def test_computed_values_count_only_what_the_action_says(make):
    seed_monitoring(db.session, examples=True)
    atf, usao = make.user("ATF"), make.user("USAO")
    mexican = make.case(atf, opened_on=date(2024, 11, 1), mexico_nexus=True)
    domestic = make.case(atf, opened_on=date(2024, 11, 1), mexico_nexus=False)
    ice_case = make.case(make.user("ICE"), opened_on=date(2024, 11, 1), mexico_nexus=True)
    for case in (mexican, domestic):
        referral = record_referral(db.session, atf, case, {"to_agency": "USAO", "kind": "prosecution",
                                                            "sent_on": date(2024, 12, 1)})
        decide_referral(db.session, usao, referral, {"status": "accepted", "decided_on": date(2025, 1, 2)})
    record_referral(db.session, ice_case.created_by, ice_case,
                    {"to_agency": "USAO", "kind": "prosecution", "sent_on": date(2024, 12, 1)})
    # Traces: a gun seized in Mexico found in 6 days, one not found in 20, a gun seized in the US found in 2.
    in_mexico = record_seizure(db.session, atf, mexican, {"seized_on": date(2025, 1, 5), "place": "Culiacán",
                                                          "country": "MX", "direction": "inland", "rounds": 10})
    in_us = record_seizure(db.session, atf, domestic, {"seized_on": date(2025, 1, 5), "place": "Nogales",
                                                       "country": "US", "direction": "southbound", "rounds": 10})
    for seizure, case, days, result in [(in_mexico, mexican, 6, "purchaser_found"),
                                        (in_mexico, mexican, 20, "not_found"), (in_us, domestic, 2, "purchaser_found")]:
        request_trace(db.session, atf, case, {"seizure_id": seizure.id, "sent_on": date(2025, 1, 6),
                                              "answered_on": date(2025, 1, 6 + days), "result": result})
    db.session.flush()
    values = {row.measure.number: row.cells[0].value for row in measure_table(db.session, [2025])}
    assert values["1.1"] == 6.0        # Mexico only, to the first retail purchaser only
    assert values["1.2"] == 50.0       # 1 of the 2 answered traces of guns seized in Mexico
    assert values["2.1"] == 1          # ATF's Mexico-related case only


GAO_TITLE = ("GAO-09-709, Firearms Trafficking: U.S. Efforts to Combat Arms Trafficking to Mexico Face Planning "
             "and Coordination Challenges (June 2009)")


@pytest.mark.parametrize("number", ["1.1", "2.1", "2.2", "3.1"])
def test_each_sourced_measure_names_the_report_exactly_and_cites_no_unchecked_page(app_ctx, number):
    import re

    seed_monitoring(db.session, examples=True)
    source = measure(number).source
    assert source.startswith(GAO_TITLE + ": ")
    # Where a figure sits in the report was not checked: no table or page is cited, and the source says so.
    assert source.endswith("Table and page not cited: not checked against the report's text.")
    assert not re.search(r"\b(p\.|pp\.|page \d|table \d)", source, re.I)


def test_a_measure_corrected_earlier_gets_the_note_on_its_citation(app_ctx):
    from coordinator.monitoring.seed import NOT_LOCATED

    seed_monitoring(db.session, examples=True)
    earlier = measure("2.1")
    earlier.source = earlier.source.removesuffix(NOT_LOCATED)
    edited = measure("2.2")
    edited.source = "Our own count"
    db.session.flush()
    seed_monitoring(db.session)
    assert measure("2.1").source.endswith(NOT_LOCATED) and measure("2.2").source == "Our own count"
