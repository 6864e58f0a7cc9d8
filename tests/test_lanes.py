"""Trafficking lanes: purchase state to recovery state, corridors, source dealers, time-to-crime; counts only."""
from __future__ import annotations

from datetime import date

import pytest

from .factories import Api, login

PURCHASERS = [{"first_name": "Uriel", "last_name": "Zumárraga", "dob": "1990-01-01"},
              {"first_name": "Leticia", "last_name": "Oyervides", "dob": "1988-05-05"}]
PHOENIX_FFL, TUCSON_FFL, HOUSTON_FFL = "9-86-013-01-2F-04711", "9-86-019-01-3K-01234", "5-74-201-01-4A-05555"


@pytest.fixture()
def traced(client, make):
    """FGR's traced guns: three Arizona → Sinaloa (two from one Phoenix dealer), one Texas → Tamaulipas,
    one without a purchase state. Times to crime: 100, 200, 300 (AZ → SIN), 40 (TX → TAMPS)."""
    agent = make.user("FGR")
    api = Api(client, make.token(agent))
    case = make.case(agent, opened_on=date(2025, 10, 2))

    def seizure(state, seized_on):
        return api.post(f"/api/v1/cases/{case.id}/seizures", json={
            "seized_on": seized_on, "place": "Carretera", "country": "MX", "direction": "inland", "state": state,
            "items": [{"make": "Colt", "firearm_type": "rifle"}]}).get_json()

    culiacan, matamoros = seizure("SIN", "2026-02-01"), seizure("TAMPS", "2026-02-01")
    for bought, days, ffl, purchaser, where, state in [
            ("AZ", 100, PHOENIX_FFL, PURCHASERS[0], culiacan, "AZ"), ("AZ", 200, PHOENIX_FFL, None, culiacan, "AZ"),
            ("AZ", 300, TUCSON_FFL, PURCHASERS[1], culiacan, "AZ"), ("TX", 40, HOUSTON_FFL, None, matamoros, "TX"),
            (None, 10, PHOENIX_FFL, None, culiacan, None)]:
        purchased_on = date.fromordinal(date(2026, 2, 1).toordinal() - days).isoformat()
        body = {"seizure_id": where["id"], "sent_on": "2026-02-02", "answered_on": "2026-02-03",
                "result": "purchaser_found" if purchaser else "not_found", "dealer": {"license_number": ffl},
                "purchased_on": purchased_on, **({"purchase_state": state} if state else {}),
                **({"purchaser": purchaser} if purchaser else {})}
        response = api.post(f"/api/v1/cases/{case.id}/traces", json=body)
        assert response.status_code == 201, response.get_json()
    return api


def test_the_lanes_report_gives_state_pairs_corridors_dealers_and_median_time_to_crime(client, make, traced):
    monitor = Api(client, make.token(make.user("USAO", role="monitor")))
    body = monitor.get("/api/v1/reports/lanes?fiscal_year=2026").get_json()
    assert body["traced"] == 5 and body["placed"] == 4
    assert [(lane["purchase_state"], lane["recovery_state"], lane["guns"], lane["median_time_to_crime_days"])
            for lane in body["lanes"]] == [("AZ", "SIN", 3, 200.0), ("TX", "TAMPS", 1, 40.0)]
    assert [(c["corridor"], c["guns"]) for c in body["corridors"]] == [("Arizona → Noroeste", 3),
                                                                       ("Texas → Noreste", 1)]
    dealers = [(d["license_number"], d["guns"]) for d in body["top_dealers"]]
    assert dealers[0][1] == 3 and "98601301" in dealers[0][0].replace("-", "")  # Phoenix: 3 guns (one unplaced)
    assert sorted(g for _n, g in dealers) == [1, 1, 3]
    assert body["median_time_to_crime_days"] == 100.0  # 10, 40, 100, 200, 300
    text = str(body)
    assert not any(p["last_name"] in text or p["first_name"] in text for p in PURCHASERS)
    assert monitor.get("/api/v1/reports/lanes?fiscal_year=2025").get_json()["lanes"] == []


def test_the_lanes_page_csv_and_map_name_nobody(client, make, traced):
    login(client, make.user("USAO", role="monitor"))
    args = "period=fy&year=2026"
    page = client.get(f"/monitoring/lanes?{args}")
    assert page.status_code == 200 and "Arizona → Noroeste" in page.text
    csv = client.get(f"/monitoring/lanes/lanes.csv?{args}")
    assert csv.status_code == 200 and "AZ,SIN,Arizona → Noroeste,3,200" in csv.text
    dealers = client.get(f"/monitoring/lanes/dealers.csv?{args}").text
    assert ",3," in dealers
    svg = client.get(f"/monitoring/lanes.svg?{args}")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and "AZ → SIN: 3" in svg.text
    for text in (page.text, csv.text, dealers, svg.text):
        assert not any(p["last_name"] in text for p in PURCHASERS)
    assert client.get(f"/monitoring/lanes/people.csv?{args}").status_code == 404


def test_an_agent_sees_the_lanes_of_its_own_agency_only(client, make, traced):
    atf = Api(client, make.token(make.user("ATF")))
    assert atf.get("/api/v1/reports/lanes?fiscal_year=2026").get_json()["traced"] == 0
    assert atf.get("/api/v1/reports/lanes?fiscal_year=2026&agency=FGR").status_code == 403
    assert traced.get("/api/v1/reports/lanes?fiscal_year=2026").get_json()["traced"] == 5
