"""Agencies are data: any country's agency is added, its users work as the first twelve's do; deactivated, never deleted."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from coordinator.accounts.models import Agency
from coordinator.accounts.services import agency_by_code
from coordinator.extensions import db

from .factories import Api, login, post_form

# Either side of the Suchiate river: Ciudad Hidalgo (Chiapas) and Tecún Umán (San Marcos, Guatemala).
CIUDAD_HIDALGO = (14.6790, -92.1490)


def _when(days: int = 4) -> tuple[str, str]:
    start = (datetime.now(timezone.utc) + timedelta(days=days)).replace(hour=15, minute=0, second=0, microsecond=0)
    return start.isoformat(), (start + timedelta(hours=5)).isoformat()


def operation_body(case_id: int, **changes) -> dict:
    starts_at, ends_at = _when()
    return {"case_id": case_id, "kind": "surveillance", "title": "Crossing at the Suchiate",
            "starts_at": starts_at, "ends_at": ends_at, "latitude": CIUDAD_HIDALGO[0],
            "longitude": CIUDAD_HIDALGO[1], "radius_m": 400, "cross_border": False, "target_subject_ids": [],
            "confirm_location": True, **changes}


def test_cli_creates_a_guatemalan_agency_whose_user_registers_a_guatemalan_plate_and_meets_fgr_at_the_border(
        client, make, runner):
    result = runner.invoke(args=["agencies", "create", "--code", "pnc-gt2", "--name", "PNC Región Occidente",
                                 "--country", "gt", "--kind", "foreign", "--parent", "PNC-GT"])
    assert result.exit_code == 0, result.output
    assert "created PNC-GT2 (GT, foreign)" in result.output
    agency = agency_by_code(db.session, "PNC-GT2")
    assert (agency.country, agency.parent.code, agency.default_locale, agency.plate_issuer) == ("GT", "PNC-GT", "es", "GT")

    agent = make.user("PNC-GT2", phone="+502 2411 8000")
    api = Api(client, make.token(agent))
    case = api.post("/api/v1/cases", json={"number": "PNC-2026-114", "title": "Fusiles por el Suchiate",
                                           "case_type": "smuggling", "opened_on": "2026-03-01",
                                           "initiated_by": "border_seizure", "mexico_nexus": True})
    assert case.status_code == 201, case.text
    case_id = case.get_json()["id"]
    # A Guatemalan plate: its country stands for the issuer (plates are national there), or is taken as meant.
    plate = api.post(f"/api/v1/cases/{case_id}/subjects",
                     json={"kind": "vehicle", "role": "suspect", "plate": "P-123BCD", "plate_region": "GT"})
    assert plate.status_code == 201, plate.text
    assert plate.get_json()["plate_region"] == "GT"
    unnamed = api.post(f"/api/v1/cases/{case_id}/subjects",
                       json={"kind": "vehicle", "role": "suspect", "plate": "P-456FGH"})
    assert unnamed.status_code == 201 and unnamed.get_json()["plate_region"] == "GT"
    # A Guatemalan phone number written as Guatemalans write it, and a department.
    phone = api.post(f"/api/v1/cases/{case_id}/subjects", json={"kind": "phone", "role": "suspect",
                                                                 "number": "5512 3456"})
    assert phone.status_code == 201 and phone.get_json()["number"] == "+50255123456"
    place = api.post(f"/api/v1/cases/{case_id}/subjects", json={
        "kind": "address", "role": "other", "line1": "6a Avenida 3-25", "city": "Tecún Umán", "state": "San Marcos",
        "country": "GT"})
    assert place.status_code == 201 and place.get_json()["state"] == "GT-SM"

    # FGR watches the Mexican bank of the river; the Guatemalan police plan the same crossing.
    fgr = make.user("FGR")
    fgr_api = Api(client, make.token(fgr))
    fgr_case = make.case(fgr)
    first = fgr_api.post("/api/v1/operations", json=operation_body(fgr_case.id, title="Vigilancia Suchiate"))
    assert first.status_code == 201, first.text
    second = api.post("/api/v1/operations", json=operation_body(case_id, latitude=14.6775, longitude=-92.1480))
    assert second.status_code == 201, second.text
    events = [c for c in second.get_json()["conflicts"] if c["kind"] == "event"]
    assert [c["other"]["agency"] for c in events] == ["FGR"]
    assert events[0]["severity"] == "critical"
    seen_by_fgr = fgr_api.get("/api/v1/conflicts?status=open").get_json()["items"]
    assert [c["other"]["agency"] for c in seen_by_fgr if c["kind"] == "event"] == ["PNC-GT2"]


def test_a_guatemalan_plate_is_matched_across_agencies_by_its_country(client, make):
    pnc = make.user("PNC-GT")
    mp = make.user("MP-GT")
    make.subject(pnc, make.case(pnc), kind="vehicle", plate="P 123BCD", plate_region="Guatemala")
    record = make.subject(mp, make.case(mp), kind="vehicle", plate="P123BCD", plate_region="GT")
    alerts = Api(client, make.token(mp)).get("/api/v1/conflicts").get_json()["items"]
    assert [(a["this"]["id"], a["other"]["agency"], a["level"]) for a in alerts] == [(record.id, "PNC-GT", "match")]
    assert any("Guatemala" in reason for reason in alerts[0]["reasons"])


def test_the_api_adds_an_agency_for_administrators_only_and_refuses_bad_codes_with_a_clear_message(client, make):
    admin = Api(client, make.token(make.user("ATF", role="admin")))
    agent = Api(client, make.token(make.user("ATF")))
    body = {"code": "DPS-NM", "name": "New Mexico Department of Public Safety", "country": "US", "kind": "state",
            "default_region": "New Mexico"}
    assert agent.post("/api/v1/agencies", json=body).status_code == 403
    made = admin.post("/api/v1/agencies", json=body)
    assert made.status_code == 201, made.text
    assert made.get_json() | {"offices": []} == {
        "code": "DPS-NM", "name": "New Mexico Department of Public Safety", "country": "US", "kind": "state",
        "parent": None, "default_locale": "en", "default_region": "NM", "active": True, "offices": []}
    listed = {a["code"]: a for a in agent.get("/api/v1/agencies?per_page=500").get_json()["items"]}
    assert {"ATF", "FGR", "PNC-GT", "AZDPS", "DPS-NM"} <= set(listed)

    refused = {
        "code": ({"code": "A", "country": "US"}, "2 to 16 letters"),
        "country": ({"code": "XPOL", "country": "XX"}, "Not a valid choice"),
        "kind": ({"code": "XPOL", "kind": "militia"}, "Not a valid choice"),
        "default_region": ({"code": "XPOL", "country": "US", "default_region": "SON"}, "Not a region of US"),
        "parent": ({"code": "XPOL", "parent": "NOPE"}, "Not a valid choice"),
    }
    for field, (changes, message) in refused.items():
        response = admin.post("/api/v1/agencies", json={**body, **changes})
        assert response.status_code == 400, (field, response.text)
        assert message in response.get_json()["error"]["fields"][field], (field, response.text)
    taken = admin.post("/api/v1/agencies", json={**body, "code": "atf"})
    assert taken.status_code == 400 and "exists already" in taken.get_json()["error"]["fields"]["code"]
    cli = client.application.test_cli_runner().invoke(args=[
        "agencies", "create", "--code", "X", "--name", "X", "--country", "US", "--kind", "state"])
    assert cli.exit_code != 0 and "code: An agency code is 2 to 16 letters" in cli.output
    cli = client.application.test_cli_runner().invoke(args=[
        "agencies", "create", "--code", "XPOL", "--name", "X", "--country", "ZZ", "--kind", "state"])
    assert cli.exit_code != 0 and "country: Not a country" in cli.output

    office = admin.post("/api/v1/agencies/DPS-NM/offices", json={"name": "District 12", "city": "Las Cruces",
                                                                 "state": "NM"})
    assert office.status_code == 201 and office.get_json()["offices"][0]["state"] == "NM"
    wrong_state = admin.post("/api/v1/agencies/DPS-NM/offices", json={"name": "Oficina", "state": "SON"})
    assert wrong_state.status_code == 400 and "Not a state or department of US" in wrong_state.text
    assert agent.get("/api/v1/agencies/NOPE").status_code == 404


def test_a_state_police_agency_takes_part_in_a_case_and_receives_a_referral(client, make):
    atf = make.user("ATF")
    api = Api(client, make.token(atf))
    case = api.post("/api/v1/cases", json={
        "number": "ATF-2026-77", "title": "Interstate 10 pipeline", "case_type": "firearms_trafficking",
        "opened_on": "2026-02-01", "initiated_by": "referral", "mexico_nexus": True,
        "participating_agencies": ["AZDPS", "FGE-SON"], "referring_agency": "TXDPS"})
    assert case.status_code == 201, case.text
    assert sorted(case.get_json()["participating_agencies"]) == ["AZDPS", "FGE-SON"]
    assert case.get_json()["referring_agency"] == "TXDPS"
    referral = api.post(f"/api/v1/cases/{case.get_json()['id']}/referrals",
                        json={"to_agency": "FGE-SON", "kind": "prosecution", "sent_on": "2026-03-01"})
    assert referral.status_code == 201, referral.text
    # A seizure in Guatemala is a place like any other.
    seizure = api.post(f"/api/v1/cases/{case.get_json()['id']}/seizures", json={
        "seized_on": "2026-03-02", "place": "Aduana Tecún Umán", "country": "GT", "direction": "southbound",
        "firearms_rifle": 4})
    assert seizure.status_code == 201, seizure.text
    bad = api.post("/api/v1/cases", json={
        "number": "ATF-2026-78", "title": "x", "case_type": "other", "opened_on": "2026-02-01",
        "initiated_by": "other", "participating_agencies": ["AZDPS", "NOPE"]})
    assert bad.status_code == 400 and "participating_agencies" in bad.get_json()["error"]["fields"]


def test_an_agency_holding_records_is_deactivated_never_deleted(client, make, runner):
    user = make.user("AZDPS")
    token = make.token(user)
    api = Api(client, token)
    assert api.get("/api/v1/cases").status_code == 200
    admin = Api(client, make.token(make.user("ATF", role="admin")))

    refused = runner.invoke(args=["agencies", "delete", "AZDPS"])
    assert refused.exit_code != 0 and "holds records (users" in refused.output and "deactivate it instead" in refused.output
    assert admin.patch("/api/v1/agencies/AZDPS", json={"active": False}).get_json()["active"] is False
    assert api.get("/api/v1/cases").status_code == 401  # its users no longer act
    codes = [a["code"] for a in admin.get("/api/v1/agencies?per_page=500").get_json()["items"]]
    assert "AZDPS" in codes  # still listed, with its records
    db.session.expire_all()  # the test's own session read the agency before it was deactivated
    new_case = admin.client.application.test_cli_runner().invoke(args=[
        "users", "create", "--email", "late@azdps.test", "--name", "Late", "--agency", "AZDPS", "--role", "agent",
        "--password", "correct horse battery staple"])
    assert new_case.exit_code != 0 and "deactivated" in new_case.output
    atf = Api(client, make.token(make.user("ATF")))
    offered = atf.post("/api/v1/cases", json={"number": "C-9", "title": "x", "case_type": "other",
                                              "opened_on": "2026-02-01", "initiated_by": "other",
                                              "participating_agencies": ["AZDPS"]})
    assert offered.status_code == 400  # no longer offered for new records
    assert runner.invoke(args=["agencies", "activate", "AZDPS"]).exit_code == 0
    assert api.get("/api/v1/cases").status_code == 200

    runner.invoke(args=["agencies", "create", "--code", "TYPO", "--name", "Typo", "--country", "US",
                        "--kind", "local"])
    assert runner.invoke(args=["agencies", "delete", "TYPO"]).exit_code == 0
    assert agency_by_code(db.session, "TYPO") is None


def test_administrators_add_and_edit_agencies_in_the_pages(client, make):
    admin = make.user("ATF", role="admin")
    login(client, admin)
    page = client.get("/admin/agencies")
    assert page.status_code == 200 and "PNC-GT" in page.text and "Policía Nacional Civil de Guatemala" in page.text
    made = post_form(client, "/admin/agencies", {"code": "SSP-CHIS", "name": "Secretaría de Seguridad de Chiapas",
                                                 "country": "MX", "kind": "state", "default_region": "Chiapas"})
    assert made.status_code == 302, made.text
    agency = agency_by_code(db.session, "SSP-CHIS")
    assert (agency.default_region, agency.default_locale) == ("CHIS", "es")
    bad = post_form(client, "/admin/agencies", {"code": "SSP-CHIS", "name": "Again", "country": "MX",
                                                "kind": "state"})
    assert bad.status_code == 422 and "exists already" in bad.text
    edit = post_form(client, "/admin/agencies/SSP-CHIS", {"name": "SSP Chiapas", "kind": "state",
                                                          "default_region": "CHIS", "parent": "", "active": ""})
    assert edit.status_code == 302, edit.text
    db.session.expire_all()
    agency = db.session.scalar(db.select(Agency).where(Agency.code == "SSP-CHIS"))
    assert (agency.name, agency.active) == ("SSP Chiapas", False)
    office = post_form(client, "/admin/agencies/SSP-CHIS/offices", {"name": "Tapachula", "city": "Tapachula",
                                                                    "state": "Chiapas"},
                       form_url="/admin/agencies/SSP-CHIS")
    assert office.status_code == 302
    assert "Tapachula" in client.get("/admin/agencies/SSP-CHIS").text
    assert client.get("/admin/agencies/NOPE").status_code == 404


def test_agency_changes_are_in_the_audit_trail(client, make):
    from coordinator.audit.models import AuditEvent

    admin = Api(client, make.token(make.user("ATF", role="admin")))
    assert admin.patch("/api/v1/agencies/TXDPS", json={"active": False}).status_code == 200
    entries = db.session.scalars(db.select(AuditEvent).where(AuditEvent.object_type == "agency")).all()
    assert [(e.action, e.details["values"]) for e in entries] == [
        ("agency.permission_change", {"active": [True, False]})]



def test_belizean_and_salvadoran_plates_states_and_phones_are_read_and_bad_ones_refused(client, make):
    from coordinator.deconfliction.places import normalise_plate_region, normalise_region

    assert [normalise_region(v) for v in ("Cayo", "BZ-CY", "San Salvador", "SV-SS", "Petén", "Sonora", "AZ")] == \
        ["BZ-CY", "BZ-CY", "SV-SS", "SV-SS", "GT-PE", "SON", "AZ"]
    # A state's abbreviation wins over a country's ("CA" is California); the US and Mexico issue plates by state.
    assert [normalise_plate_region(v) for v in ("GT", "Guatemala", "Belice", "SV", "CA", "US", "MX", "Cayo")] == \
        ["GT", "GT", "BZ", "SV", "CA", None, None, "BZ"]
    police = make.user("BPD-BZ")
    api = Api(client, make.token(police))
    case = make.case(police)
    url = f"/api/v1/cases/{case.id}/subjects"
    ok = api.post(url, json={"kind": "vehicle", "role": "suspect", "plate": "CY-C-12345", "plate_region": "Belize"})
    assert ok.status_code == 201 and ok.get_json()["plate_region"] == "BZ"
    salvadoran = api.post(url, json={"kind": "vehicle", "role": "suspect", "plate": "P512-345", "plate_region": "SV"})
    assert salvadoran.status_code == 201 and salvadoran.get_json()["plate_region"] == "SV"
    phone = api.post(url, json={"kind": "phone", "role": "suspect", "number": "+503 7012 3456"})
    assert phone.status_code == 201 and phone.get_json()["number"] == "+50370123456"
    local = api.post(url, json={"kind": "phone", "role": "suspect", "number": "610-1234"})  # a Belizean mobile
    assert local.status_code == 201 and local.get_json()["number"] == "+5016101234"
    address = api.post(url, json={"kind": "address", "role": "other", "line1": "Burns Avenue 12", "city": "San Ignacio",
                                  "state": "Cayo", "country": "BZ"})
    assert address.status_code == 201 and address.get_json()["state"] == "BZ-CY"
    for changes, field, message in (
            ({"kind": "vehicle", "plate": "ABC123", "plate_region": "ZZ"}, "plate_region", "Not a known plate issuer"),
            ({"kind": "vehicle", "plate": "ABC123", "plate_region": "US"}, "plate_region", "Not a known plate issuer"),
            ({"kind": "address", "line1": "Main St 1", "state": "Atlantis"}, "state", "Not a known state or department")):
        refused = api.post(url, json={"role": "suspect", **changes})
        assert refused.status_code == 400 and message in refused.get_json()["error"]["fields"][field], refused.text
    # A US agency without a default region still names the state of a plate: plates repeat across states.
    atf = make.user("ATF")
    unnamed = Api(client, make.token(atf)).post(f"/api/v1/cases/{make.case(atf).id}/subjects",
                                                json={"kind": "vehicle", "role": "suspect", "plate": "CKR4471"})
    assert unnamed.status_code == 400 and "plate_region" in unnamed.get_json()["error"]["fields"]


def test_the_cli_deactivates_and_activates_an_agency(runner):
    done = runner.invoke(args=["agencies", "deactivate", "azdps"])
    assert done.exit_code == 0 and done.output.strip() == "deactivated AZDPS"
    db.session.expire_all()
    assert agency_by_code(db.session, "AZDPS").active is False
    done = runner.invoke(args=["agencies", "activate", "AZDPS"])
    assert done.exit_code == 0 and done.output.strip() == "activated AZDPS"
    db.session.expire_all()
    assert agency_by_code(db.session, "AZDPS").active is True
    assert runner.invoke(args=["agencies", "activate", "NOPE"]).exit_code != 0
