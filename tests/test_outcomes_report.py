"""The outcomes report: the public record's figures loaded through the API and read back everywhere."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest

from coordinator.monitoring.periods import calendar_year, fiscal_year, fiscal_year_of, parse_period, PeriodError

from .factories import Api, login, logout

CONTRACT_KEYS = {"cases_initiated", "initiated_by", "referred_by", "referred_for_prosecution", "prosecution_pending",
                 "prosecution_accepted", "prosecution_declined", "indicted", "convicted"}


def new_case(api, number: str, opened_on: str, initiated_by: str = "trace", referring_agency: str | None = None):
    response = api.post("/api/v1/cases", json={
        "number": number, "title": f"Case {number}", "case_type": "firearms_trafficking", "opened_on": opened_on,
        "initiated_by": initiated_by, "referring_agency": referring_agency, "mexico_nexus": True})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def new_defendant(api, case_id: int, n: int) -> int:
    response = api.post(f"/api/v1/cases/{case_id}/subjects", json={
        "kind": "person", "role": "trafficker", "first_name": f"Defendant{n}", "last_name": f"Apellido{n}",
        "dob": f"19{60 + n % 40}-0{1 + n % 9}-1{n % 9}", "sex": "M"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def refer(api, case_id: int, sent_on: str, to: str = "USAO", kind: str = "prosecution") -> int:
    response = api.post(f"/api/v1/cases/{case_id}/referrals", json={"to_agency": to, "kind": kind, "sent_on": sent_on})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def decide(api, referral_id: int, status: str, decided_on: str) -> None:
    response = api.patch(f"/api/v1/referrals/{referral_id}", json={"status": status, "decided_on": decided_on})
    assert response.status_code == 200, response.get_json()


def indict(api, case_id: int, subject_id: int, filed_on: str) -> int:
    response = api.post(f"/api/v1/cases/{case_id}/indictments", json={
        "subject_id": subject_id, "filed_on": filed_on, "court": "D. Ariz.", "charges": ["18 U.S.C. § 554"]})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def dispose(api, indictment_id: int, outcome: str, decided_on: str) -> None:
    response = api.post(f"/api/v1/indictments/{indictment_id}/dispositions", json={
        "outcome": outcome, "decided_on": decided_on,
        "sentence_months": 41 if outcome in ("convicted", "plea") else None})
    assert response.status_code == 201, response.get_json()


def dashboard_funnel(client, query: str, page_path: str = "/monitoring/") -> dict[str, int]:
    """The funnel table of the monitor's dashboard (or of a case worker's report), by measure code."""
    page = client.get(f"{page_path}?{query}")
    assert page.status_code == 200, page.text
    table = re.search(r'<table class="figures" data-table="funnel">(.*?)</table>', page.text, re.S).group(1)
    rows = re.findall(r'data-key="(\w+)">\s*<th scope="row">[^<]*</th><td class="num">([\d,]+)</td>', table)
    return {key: int(value.replace(",", "")) for key, value in rows}


@pytest.fixture()
def agencies(client, make):
    """API clients for an ATF agent, an ICE agent, a USAO prosecutor and a monitor."""
    def api(code: str, role: str = "agent") -> Api:
        return Api(client, make.token(make.user(code, role=role)))

    return {"ATF": api("ATF"), "ICE": api("ICE"), "USAO": api("USAO"), "monitor": api("USAO", "monitor")}


def test_the_public_records_figures_come_back_from_the_api_the_dashboard_and_the_cli(client, make, runner, agencies):
    """73 referred for prosecution (22 pending, 46 accepted, 5 declined), 47 indicted, 33 convicted: ATF, FY 2025."""
    atf, usao = agencies["ATF"], agencies["USAO"]
    cases, referrals = [], []
    for n in range(73):
        cases.append(new_case(atf, f"PHX-25-{n:03d}", "2024-11-04"))
        referrals.append(refer(atf, cases[-1], "2024-12-02"))
    accepted, declined = referrals[:46], referrals[46:51]       # the other 22 stay pending
    for referral_id in accepted:
        decide(usao, referral_id, "accepted", "2025-01-15")
    for referral_id in declined:
        decide(usao, referral_id, "declined", "2025-01-20")
    indictments = []
    for n, case_id in enumerate(cases[:46]):                    # a defendant in each accepted case ...
        indictments.append(indict(atf, case_id, new_defendant(atf, case_id, n), "2025-03-03"))
    indictments.append(indict(atf, cases[0], new_defendant(atf, cases[0], 99), "2025-03-10"))  # ... and a second
    for indictment_id in indictments[:30]:
        dispose(atf, indictment_id, "convicted", "2025-08-01")
    for indictment_id in indictments[30:33]:
        dispose(atf, indictment_id, "plea", "2025-07-15")
    dispose(atf, indictments[33], "acquitted", "2025-08-02")
    dispose(atf, indictments[34], "dismissed", "2025-08-03")
    dispose(atf, indictments[35], "convicted", "2025-10-01")    # fiscal year 2026: not counted
    # Around it: the year before, another agency, an investigative referral.
    refer(atf, new_case(atf, "PHX-24-900", "2024-09-01"), "2024-09-30")
    refer(agencies["ICE"], new_case(agencies["ICE"], "ICE-25-1", "2024-11-04"), "2024-12-02")
    refer(atf, cases[60], "2025-02-01", to="ICE", kind="investigative")

    expected = {"cases_initiated": 73, "initiated_by": {"trace": 73}, "referred_by": {},
                "referred_for_prosecution": 73, "prosecution_pending": 22, "prosecution_accepted": 46,
                "prosecution_declined": 5, "indicted": 47, "convicted": 33}
    response = agencies["monitor"].get("/api/v1/reports/outcomes?agency=ATF&fiscal_year=2025")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert {key: body[key] for key in CONTRACT_KEYS} == expected
    assert body["period"]["start"] == "2024-10-01" and body["period"]["end"] == "2025-09-30"

    login(client, make.user("USAO", role="monitor"))
    funnel = dashboard_funnel(client, "period=fy&year=2025&agency=ATF")
    counts = {key: value for key, value in expected.items() if isinstance(value, int)}
    assert {key: funnel[key] for key in counts} == counts
    # The rest of the funnel (arrests, extraditions, ...) has nothing in this data.
    assert set(funnel) - set(counts) == {"arrests", "extraditions", "extraditions_granted", "legal_assistance_requests",
                                         "legal_assistance_answered", "asset_seizures"}
    assert not any(funnel[key] for key in set(funnel) - set(counts))

    # ATF's supervisors read the same figures on their own page, for their agency only.
    logout(client)
    login(client, make.user("ATF", role="supervisor"))
    assert dashboard_funnel(client, "period=fy&year=2025", "/outcomes/report") == funnel
    assert client.get("/outcomes/report?period=fy&year=2025&agency=ICE").status_code == 403
    csv = client.get("/outcomes/report/funnel.csv?period=fy&year=2025")
    assert csv.status_code == 200 and "73" in csv.text and "ATF" in csv.headers["Content-Disposition"]

    result = runner.invoke(args=["reports", "outcomes", "--agency", "ATF", "--fiscal-year", "2025", "--json"])
    assert result.exit_code == 0, result.output
    assert {key: value for key, value in json.loads(result.output).items() if key in CONTRACT_KEYS} == expected
    text = runner.invoke(args=["reports", "outcomes", "--agency", "ATF", "--fiscal-year", "2025"]).output
    assert re.search(r"Cases referred for prosecution\s+73", text) and re.search(r"Defendants convicted\s+33", text)

    everyone = agencies["monitor"].get("/api/v1/reports/outcomes?fiscal_year=2025").get_json()
    assert everyone["referred_for_prosecution"] == 74 and everyone["agency"] is None


def test_a_case_workers_report_shows_the_agencys_figures_and_never_a_subject(client, make, agencies):
    atf = agencies["ATF"]
    case_id = new_case(atf, "PHX-26-001", "2025-11-04")
    response = atf.post(f"/api/v1/cases/{case_id}/subjects", json={
        "kind": "person", "role": "trafficker", "first_name": "Zebulón", "last_name": "Quetzalcóatl-Ybarra",
        "dob": "1980-02-03"})
    indictment = indict(atf, case_id, response.get_json()["id"], "2026-01-05")
    dispose(atf, indictment, "plea", "2026-03-01")
    login(client, make.user("ATF", role="supervisor"))
    home = client.get("/home")
    assert 'href="/outcomes/report"' in home.text
    page = client.get("/outcomes/report?period=fy&year=2026")
    assert page.status_code == 200 and "Outcomes of ATF" in page.text and 'name="agency"' not in page.text
    assert dashboard_funnel(client, "period=fy&year=2026", "/outcomes/report")["convicted"] == 1
    for name in ("funnel", "initiated", "trends"):
        download = client.get(f"/outcomes/report/{name}.csv?period=fy&year=2026")
        assert download.status_code == 200, name
        assert "Zebul" not in download.text and "Quetzal" not in download.text
    assert "Zebul" not in page.text and "Quetzal" not in page.text
    assert client.get("/outcomes/report/compliance.csv?period=fy&year=2026").status_code == 404
    bad = client.get("/outcomes/report?period=fy&year=19")
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.text
    logout(client)
    login(client, make.user("CBP", role="monitor"))
    assert client.get("/outcomes/report").status_code == 403  # monitors have the monitoring area


def test_cases_initiated_are_counted_by_how_and_by_referring_agency(client, make, agencies):
    """103 cases initiated, 16 of them on ICE's referrals and 15 from border seizures."""
    atf = agencies["ATF"]
    how = ["referral"] * 16 + ["border_seizure"] * 15 + ["trace"] * 50 + ["informant"] * 12 + \
        ["dealer_inspection"] * 10
    for n, initiated_by in enumerate(how):
        new_case(atf, f"HOU-25-{n:03d}", "2025-09-30" if n % 2 else "2024-10-01", initiated_by,
                 "ICE" if initiated_by == "referral" else None)
    new_case(atf, "HOU-26-001", "2025-10-01", "referral", "CBP")              # fiscal year 2026
    new_case(agencies["ICE"], "ICE-25-007", "2025-01-10", "referral", "ATF")  # another agency's case

    body = agencies["monitor"].get("/api/v1/reports/outcomes?agency=ATF&fiscal_year=2025").get_json()
    assert body["cases_initiated"] == 103
    assert body["referred_by"] == {"ICE": 16}
    assert body["initiated_by"]["border_seizure"] == 15
    assert body["initiated_by"] == {"trace": 50, "informant": 12, "dealer_inspection": 10, "border_seizure": 15,
                                    "referral": 16}

    login(client, make.user("USAO", role="monitor"))
    page = client.get("/monitoring/?period=fy&year=2025&agency=ATF").text
    initiated = re.search(r'data-table="initiated">(.*?)</table>', page, re.S).group(1)
    assert re.search(r'data-key="referral:ICE">.*?<td class="num">16</td>', initiated, re.S)
    assert re.search(r'data-key="border_seizure">.*?<td class="num">15</td>', initiated, re.S)


def test_fiscal_and_calendar_years_split_the_same_records_differently(client, make, agencies):
    atf = agencies["ATF"]
    new_case(atf, "A-1", "2024-09-30")
    new_case(atf, "A-2", "2024-10-01")
    new_case(atf, "A-3", "2025-01-01")
    monitor = agencies["monitor"]
    assert monitor.get("/api/v1/reports/outcomes?agency=ATF&fiscal_year=2025").get_json()["cases_initiated"] == 2
    assert monitor.get("/api/v1/reports/outcomes?agency=ATF&year=2024").get_json()["cases_initiated"] == 2
    assert monitor.get("/api/v1/reports/outcomes?agency=ATF&year=2025").get_json()["cases_initiated"] == 1
    ranged = monitor.get("/api/v1/reports/outcomes?agency=ATF&from=2024-09-30&to=2024-10-01").get_json()
    assert ranged["cases_initiated"] == 2 and ranged["period"]["kind"] == "range"


@pytest.mark.parametrize("query,field", [
    ("fiscal_year=20x5", "fiscal_year"), ("fiscal_year=1900", "fiscal_year"), ("agency=XYZ", "agency"),
    ("from=2025-02-30&to=2025-03-01", "from"), ("from=2025-03-01&to=2025-02-01", "to"), ("period=decade", "period"),
    ("mexico_nexus=maybe", "mexico_nexus"),
])
def test_bad_report_parameters_are_a_400_naming_the_parameter(agencies, query, field):
    response = agencies["monitor"].get(f"/api/v1/reports/outcomes?{query}")
    assert response.status_code == 400
    assert field in response.get_json()["error"]["fields"]


def test_who_may_read_the_report(client, make, agencies):
    supervisor = Api(client, make.token(make.user("ATF", role="supervisor")))
    for own_agency in (agencies["ATF"], supervisor):       # an agency's own figures, and only its own
        own = own_agency.get("/api/v1/reports/outcomes?fiscal_year=2025")
        assert own.status_code == 200 and own.get_json()["agency"] == "ATF"
        assert own_agency.get("/api/v1/reports/outcomes?agency=ATF&fiscal_year=2025").status_code == 200
        assert own_agency.get("/api/v1/reports/outcomes?agency=ICE&fiscal_year=2025").status_code == 403
    admin = Api(client, make.token(make.user("ATF", role="admin")))
    assert admin.get("/api/v1/reports/compliance?agency=ICE").status_code == 200
    assert agencies["ATF"].get("/api/v1/reports/compliance").status_code == 403
    assert agencies["monitor"].get("/api/v1/reports/outcomes?agency=ICE").status_code == 200
    assert client.get("/api/v1/reports/outcomes").status_code == 401


def test_periods():
    assert fiscal_year(2025).start == date(2024, 10, 1) and fiscal_year(2025).end == date(2025, 9, 30)
    assert calendar_year(2025).start == date(2025, 1, 1)
    assert fiscal_year_of(date(2024, 9, 30)) == 2024 and fiscal_year_of(date(2024, 10, 1)) == 2025
    assert parse_period({"fiscal_year": "2010"}).key == "FY2010"
    assert parse_period({"period": "cy", "year": "2010"}).key == "CY2010"
    assert parse_period({}).kind == "fy"
    with pytest.raises(PeriodError):
        parse_period({"year": "abc"})
