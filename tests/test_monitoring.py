"""The monitoring area: dashboard, compliance, CSV downloads, measures, MOU administration, need to know."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest

from coordinator.accounts.services import agency_by_code
from coordinator.conflicts.models import ConflictAlert
from coordinator.extensions import db
from coordinator.monitoring.charts import bar_chart, line_chart, nice_ceiling
from coordinator.monitoring.measures import measure_status
from coordinator.monitoring.models import Mou, MouParty, MouRule, PerformanceMeasure
from coordinator.monitoring.seed import seed_monitoring
from coordinator.monitoring.tables import Table
from coordinator.outcomes.evidence import record_seizure, request_trace
from coordinator.outcomes.services import decide_referral, record_disposition, record_indictment, record_referral

from .factories import Api, login, post_form

NAME_PARTS = ("Zacarías", "Zacarias", "Quintanilla", "Berumen", "Zorro")
NOW = datetime.now(timezone.utc)


@pytest.fixture()
def outcomes(make):
    """An ATF case whose defendant has a distinctive name, with every kind of outcome; ICE holds him too."""
    seed_monitoring(db.session, examples=True)  # as the demo loads them
    atf, ice, usao = make.user("ATF"), make.user("ICE"), make.user("USAO")
    case = make.case(atf, number="PHX-25-777", opened_on=date(2024, 11, 1), initiated_by="referral",
                     referring_agency="ICE")
    person = make.subject(atf, case, "person", first_name="Zacarías", last_name="Quintanilla",
                          second_last_name="Berumen", aliases=["El Zorro"], dob="1980-02-02", sex="M")
    ice_case = make.case(ice, number="ICE-25-778", opened_on=date(2024, 11, 2))
    make.subject(ice, ice_case, "person", first_name="Zacarias", last_name="Quintanilla", dob="1980-02-02", sex="M")
    make.operation(atf, case, title="Arrest of Zacarías Quintanilla", starts_at=NOW + timedelta(hours=3))
    referral = record_referral(db.session, atf, case, {"to_agency": "USAO", "kind": "prosecution",
                                                        "sent_on": date(2024, 12, 1),
                                                        "note": "Quintanilla buys for El Zorro"})
    decide_referral(db.session, usao, referral, {"status": "accepted", "decided_on": date(2025, 2, 1),
                                                 "reason": "Strong case against Berumen"})
    indictment = record_indictment(db.session, atf, case, {"subject_id": person.id, "filed_on": date(2025, 3, 1),
                                                            "court": "D. Ariz.", "charges": ["Quintanilla conspiracy"]})
    record_disposition(db.session, atf, indictment, {"outcome": "plea", "decided_on": date(2025, 6, 1),
                                                     "sentence_months": 30, "note": "Zacarías pleaded"})
    seizure = record_seizure(db.session, atf, case, {"seized_on": date(2025, 1, 5), "place": "Nogales",
                                                     "country": "US", "direction": "southbound",
                                                     "firearms_rifle": 4, "rounds": 100, "note": "Zorro's truck"})
    request_trace(db.session, atf, case, {"seizure_id": seizure.id, "sent_on": date(2025, 1, 6),
                                          "answered_on": date(2025, 1, 16), "result": "purchaser_found"})
    db.session.commit()
    return case


def monitor_client(client, make):
    monitor = make.user("USAO", role="monitor")
    login(client, monitor)
    return monitor


def test_a_monitor_never_sees_a_subjects_name_in_the_monitoring_area_or_its_exports(client, make, outcomes):
    monitor = monitor_client(client, make)
    api = Api(client, make.token(monitor))
    alerts = db.session.scalars(db.select(ConflictAlert)).all()
    assert alerts, "the two agencies' records of the same man should have raised an alert"
    pages = ["/home", "/monitoring/compliance?period=fy&year=2025", "/monitoring/measures?year=2025",
             "/monitoring/measures?year=2025&lang=es", "/monitoring/mous", "/monitoring/measures.csv?year=2025"]
    for period in ("period=fy&year=2025", "period=cy&year=2025", f"period=fy&year={date.today().year + 1}"):
        pages.append(f"/monitoring/?{period}")
        pages += [f"/monitoring/{name}.csv?{period}" for name in
                  ("funnel", "initiated", "trends", "compliance", "breaches", "compliance-trend")]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        for part in NAME_PARTS:
            assert part.lower() not in response.text.lower(), (path, part)
    for path in ("/api/v1/reports/outcomes?fiscal_year=2025", "/api/v1/reports/compliance?fiscal_year=2025",
                 f"/api/v1/reports/compliance?fiscal_year={date.today().year + 1}"):
        response = api.get(path)
        assert response.status_code == 200
        assert not any(part.lower() in response.text.lower() for part in NAME_PARTS), path
    # ... and the case itself stays closed to the monitor.
    assert client.get(f"/cases/{outcomes.id}").status_code == 403
    assert api.get(f"/api/v1/cases/{outcomes.id}").status_code == 404
    assert api.get(f"/api/v1/cases/{outcomes.id}/outcomes").status_code == 403


def test_the_dashboard_shows_funnel_trends_evidence_and_compliance(client, make, outcomes):
    monitor_client(client, make)
    page = client.get("/monitoring/?period=fy&year=2025&agency=ATF")
    assert page.status_code == 200
    text = page.text
    assert "Outcome funnel: ATF, FY 2025" in text
    assert text.count("<svg") == 3
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', text)  # nothing loaded from another origin
    assert 'data-key="FY2021"' in text and 'data-key="FY2025"' in text          # five fiscal years of trends
    assert re.search(r"Average days to answer</dt><dd>10", text)
    assert "ATF–ICE Memorandum of Understanding" in text
    calendar = client.get("/monitoring/?period=cy&year=2025&agency=ATF").text
    assert "Outcome funnel: ATF, 2025" in calendar and 'data-key="CY2025"' in calendar


@pytest.mark.parametrize("query", ["period=fy&year=abc", "period=decade", "agency=KGB", "year=1800"])
def test_bad_dashboard_filters_are_a_400_with_the_reason(client, make, query):
    monitor_client(client, make)
    response = client.get(f"/monitoring/?{query}")
    assert response.status_code == 400
    assert 'class="flash flash-error"' in response.text
    assert client.get(f"/monitoring/funnel.csv?{query}").status_code == 400


def test_csv_downloads_are_the_dashboards_tables(client, make, outcomes):
    monitor_client(client, make)
    response = client.get("/monitoring/funnel.csv?period=fy&year=2025&agency=ATF")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="funnel-FY2025-ATF.csv"' in response.headers["Content-Disposition"]
    lines = response.text.lstrip("\ufeff").splitlines()
    assert lines[0] == "Measure,Count"
    assert "Cases referred for prosecution,1" in lines and "Defendants convicted,1" in lines
    breaches = client.get("/monitoring/breaches.csv?period=fy&year=2025").text
    assert breaches.lstrip("\ufeff").startswith("MOU,Rule,Party,State,Agency,Case,Record,Due,Done,Detail")
    assert client.get("/monitoring/secrets.csv").status_code == 404


def test_a_csv_cell_that_looks_like_a_formula_is_quoted(client, make):
    mou = Mou(title="=HYPERLINK(\"http://evil\")", effective_from=date(2020, 1, 1))
    db.session.add(mou)
    mou.parties = [MouParty(agency=agency_by_code(db.session, c)) for c in ("ATF", "ICE")]
    mou.rules = [MouRule(kind="operation_notice", threshold=24, agencies=[])]
    db.session.commit()
    monitor_client(client, make)
    text = client.get("/monitoring/compliance.csv?period=fy&year=2025").text
    assert "'=HYPERLINK" in text


def test_who_may_open_the_monitoring_area(client, make):
    login(client, make.user("ATF", role="supervisor"))
    assert client.get("/monitoring/").status_code == 403
    assert client.get("/monitoring/funnel.csv").status_code == 403
    assert client.get("/monitoring/mous").status_code == 403
    fresh = client.application.test_client()
    assert fresh.get("/monitoring/").status_code == 302  # to the log-in page


def test_the_monitors_home_is_the_dashboard(client, make):
    monitor_client(client, make)
    page = client.get("/home")
    assert page.status_code == 200 and "Outcomes and MOU compliance" in page.text
    assert 'href="/monitoring/"' in page.text


# Administering MOUs, rules and measures


def test_an_administrator_records_an_mou_and_its_rules(client, make):
    login(client, make.user("ATF", role="admin"))
    bad = post_form(client, "/monitoring/mous/new", {"title": "Lonely", "effective_from": "2020-01-01",
                                                     "parties": ["ATF"]})
    assert bad.status_code == 422 and "at least two agencies" in bad.text
    good = post_form(client, "/monitoring/mous/new", {"title": "ATF–CBP MOU", "effective_from": "2020-01-01",
                                                      "parties": ["ATF", "CBP"], "signed_on": "2019-12-01"})
    assert good.status_code == 302, good.text
    mou = db.session.scalar(db.select(Mou))
    assert mou.party_codes == ["ATF", "CBP"]
    url = f"/monitoring/mous/{mou.id}/rules/new"
    assert post_form(client, url, {"kind": "referral_decided", "threshold": "0"}).status_code == 422
    wrong = post_form(client, url, {"kind": "operation_notice", "threshold": "24", "agencies": ["ICE"]})
    assert wrong.status_code == 422 and "Only a clearance rule names agencies." in wrong.text
    ok = post_form(client, url, {"kind": "cross_border_clearance", "threshold": "0", "agencies": ["CBP", "FGR"],
                                 "operation_kind": "controlled_delivery", "active": "y"})
    assert ok.status_code == 302, ok.text
    rule = db.session.scalar(db.select(MouRule))
    assert rule.agencies == ["CBP", "FGR"] and rule.active
    listing = client.get("/monitoring/mous").text
    assert "cleared by CBP, FGR before it goes active" in listing
    edit = post_form(client, f"/monitoring/rules/{rule.id}/edit", {"kind": "operation_notice", "threshold": "48"})
    assert edit.status_code == 302
    db.session.expire_all()
    assert db.session.get(MouRule, rule.id).threshold == 48 and not db.session.get(MouRule, rule.id).active


def test_monitors_read_the_mous_but_do_not_change_them(client, make):
    seed_monitoring(db.session, examples=True)  # as the demo loads them
    db.session.commit()
    monitor_client(client, make)
    assert "ATF–ICE Memorandum of Understanding" in client.get("/monitoring/mous").text
    assert client.get("/monitoring/mous/new").status_code == 403
    assert client.get("/monitoring/measures/new").status_code == 403


def test_measures_are_computed_or_entered_with_a_status_in_english_and_spanish(client, make, outcomes):
    login(client, make.user("ATF", role="admin"))
    response = post_form(client, "/monitoring/measures/new", {
        "number": "9.1", "action": "Hold binational trainings.", "action_es": "Realizar capacitaciones binacionales.",
        "indicator": "Trainings held", "indicator_es": "Capacitaciones realizadas", "baseline_value": "2",
        "baseline_on": "2020-09-30", "target_value": "10", "higher_is_better": "y"})
    assert response.status_code == 302, response.text
    measure = db.session.scalar(db.select(PerformanceMeasure).where(PerformanceMeasure.number == "9.1"))
    assert post_form(client, f"/monitoring/measures/{measure.id}/values",
                     {"fiscal_year": "2025", "value": "6"}).status_code == 302
    report = client.get("/monitoring/measures?year=2025").text
    row = re.search(r'data-measure="9.1">(.*?)</tr>', report, re.S).group(1)
    assert 'data-year="2025">6<br><span class="status status-progress">' in row
    assert 'data-year="2024">—<br><span class="status status-no_data">' in row
    traces = re.search(r'data-measure="1.1">(.*?)</tr>', report, re.S).group(1)
    # 1.1 counts guns seized in Mexico only: the fixture's trace is of a gun seized at Nogales, Arizona.
    assert 'data-year="2025">—' in traces and "status-no_data" in traces and "FY2004–FY2008" in traces
    spanish = client.get("/monitoring/measures?year=2025&lang=es").text
    assert '<html lang="es">' in spanish and "Realizar capacitaciones binacionales." in spanish
    computed = db.session.scalar(db.select(PerformanceMeasure).where(PerformanceMeasure.metric.is_not(None)))
    assert client.get(f"/monitoring/measures/{computed.id}/values").status_code == 404


def test_measure_status_rules():
    higher = PerformanceMeasure(baseline_value=10, target_value=20, higher_is_better=True)
    lower = PerformanceMeasure(baseline_value=14, target_value=5, higher_is_better=False)
    assert [measure_status(higher, v) for v in (None, 25, 15, 10, 5)] == \
        ["no_data", "met", "progress", "no_progress", "no_progress"]
    assert [measure_status(lower, v) for v in (4, 9, 14)] == ["met", "progress", "no_progress"]


# The charts


def test_charts_are_drawn_to_scale():
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 73, 101, 0.4)] == [1, 1, 5, 10, 100, 200, 0.5]
    table = Table("t", "Funnel", ["Measure", "Count"], [["a", 100], ["b", 50], ["c", 0]])
    bars = bar_chart(table).bars
    assert bars[0].width == 2 * bars[1].width and bars[2].width == 0
    trend = Table("t", "Trend", ["Year", "x", "y"], [["2024", 1, None], ["2025", 2, 4], ["2026", 3, 8]])
    chart = line_chart(trend)
    assert chart.series[0].path.count("M") == 1 and chart.series[0].path.count("L") == 2
    assert chart.series[1].path.startswith("M") and chart.series[1].path.count("L") == 1  # the gap is skipped
    assert [text for _y, text in chart.y_ticks] == ["0", "2.5", "5", "7.5", "10"]


def test_unknown_records_in_the_administration_are_a_404(client, make):
    login(client, make.user("ATF", role="admin"))
    for path in (f"/monitoring/mous/{2**63}/edit", "/monitoring/rules/99999/edit",
                 f"/monitoring/measures/{2**40}/edit"):
        assert client.get(path).status_code == 404, path


def test_monitoring_seed_records_the_parties_own_mou_and_no_invented_figures(runner):
    result = runner.invoke(args=["monitoring", "seed"])
    assert result.exit_code == 0 and "1 MOU(s) recorded" in result.output, result.output
    mous = db.session.scalars(db.select(Mou)).all()
    assert [(m.title, m.party_codes, m.example, m.rules, m.signed_on) for m in mous] == [
        ("ATF–ICE Memorandum of Understanding (2009)", ["ATF", "ICE"], False, [], None)]
    summary = mous[0].summary
    assert all(words in summary for words in ("coordinate their investigations", "deconflict", "share information"))
    assert not re.search(r"\b\d+ (hours|days)\b", summary)  # no notice period, deadline or figure of anyone's
    assert db.session.scalar(db.select(db.func.count(PerformanceMeasure.id))) == 0
    assert "nothing changed" in runner.invoke(args=["monitoring", "seed"]).output


def test_the_demo_examples_are_marked_as_examples_wherever_they_are_shown(client, make):
    seed_monitoring(db.session, examples=True)
    db.session.commit()
    examples = db.session.scalars(db.select(Mou).where(Mou.example.is_(True))).all()
    assert len(examples) == 2 and all(m.title.startswith("EXAMPLE (invented figures)") for m in examples)
    real = db.session.scalar(db.select(Mou).where(Mou.example.is_(False)))
    assert real.title == "ATF–ICE Memorandum of Understanding (2009)" and real.rules == []
    monitor_client(client, make)
    marker = "example: not an agreement the parties signed"
    for page in ("/monitoring/mous", "/monitoring/compliance?period=fy&year=2025", "/monitoring/?period=fy&year=2025"):
        text = client.get(page).text
        assert text.count(marker) == 2, page  # the two examples, and not the parties' own agreement
    overview = Api(client, make.token(make.user("ATF", role="monitor"))).get(
        "/api/v1/reports/compliance?fiscal_year=2025").get_json()
    flags = {item["mou"]["title"]: item["mou"]["example"] for item in overview["items"]}
    assert flags == {"EXAMPLE (invented figures): ATF–ICE operating rules": True,
                     "EXAMPLE (invented figures): US–Mexico binational coordination": True,
                     "ATF–ICE Memorandum of Understanding (2009)": False}
    examples[0].title = "Edited by an administrator"
    assert examples[0].shown_title == "Edited by an administrator (EXAMPLE)"
