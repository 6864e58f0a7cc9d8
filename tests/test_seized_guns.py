"""A seizure holds the guns themselves: each gun a firearm record of the seizing case, deconflicted at once."""
from __future__ import annotations

from datetime import date

import pytest

from coordinator.conflicts.models import ConflictAlert, SubjectKey
from coordinator.extensions import db
from coordinator.outcomes.models import Seizure, SeizureRecord
from coordinator.subjects.models import SubjectRecord

from .factories import Api, login, post_form

# ATF's record of the rifle a straw purchaser bought in Phoenix.
RIFLE = {"make": "Romarm/Cugir", "model": "WASR-10", "caliber": "7.62x39", "firearm_type": "rifle",
         "serial_number": "1-AB-1034-19"}
SEIZURE = {"seized_on": "2026-03-10", "place": "Carretera México 15, Culiacán", "country": "MX",
           "direction": "inland", "state": "SIN", "municipality": "Culiacán", "latitude": 24.8091,
           "longitude": -107.394, "transit_country": "US", "custody_agency": "FGR",
           "custody_location": "FGR evidence warehouse, Culiacán"}


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count(model.id)))


@pytest.fixture()
def atf_rifle(make):
    """ATF's case with its record of the rifle bought in Phoenix."""
    agent = make.user("ATF")
    case = make.case(agent, opened_on=date(2026, 1, 5))
    return make.subject(agent, case, "firearm", role="other", **RIFLE)


@pytest.fixture()
def fgr(client, make):
    agent = make.user("FGR")
    return agent, Api(client, make.token(agent)), make.case(agent, opened_on=date(2026, 3, 1))


def alert_between(seized_id: int, atf_record_id: int) -> ConflictAlert | None:
    """The alert that ties the seized gun to ATF's record, if any."""
    for alert in db.session.scalars(db.select(ConflictAlert)):
        records = {(side.record_type, side.record_id) for side in alert.sides}
        if {("subject", seized_id), ("subject", atf_record_id)} <= records:
            return alert
    return None


def test_a_serial_seized_in_mexico_meets_atfs_record_of_the_rifle_through_the_api(atf_rifle, fgr):
    _agent, api, case = fgr
    gun = {"make": "Cugir", "model": "WASR 10", "caliber": "7.62x39", "firearm_type": "rifle",
           "serial_number": "1AB103419", "importer": "Century Arms", "country_of_manufacture": "RO"}
    other = {"make": "Colt", "model": "M4", "firearm_type": "rifle", "serial_number": "LE123456"}
    response = api.post(f"/api/v1/cases/{case.id}/seizures",
                        json={**SEIZURE, "items": [gun, other], "ammunition": {"7.62x39": 1200, "5.56x45": 300}})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert [item["serial_number"] for item in body["items"]] == ["1AB103419", "LE123456"]
    seized = body["items"][0]
    assert seized["kind"] == "firearm" and seized["case_id"] == case.id and seized["importer"] == "Century Arms"
    assert seized["country_of_manufacture"] == "RO"
    assert seized["conflicts"] and seized["conflicts"][0]["other"]["agency"] == "ATF"
    assert seized["conflicts"][0]["kind"] == "subject" and seized["conflicts"][0]["this"]["id"] == seized["id"]
    assert body["items"][1]["conflicts"] == []
    assert [c["id"] for c in body["conflicts"]] == [seized["conflicts"][0]["id"]]
    assert alert_between(seized["id"], atf_rifle.id) is not None
    # The seizure itself: the guns counted, rounds by calibre, place, custody.
    assert body["firearms"] == 2 and body["firearms_rifle"] == 2
    assert body["item_ids"] == [item["id"] for item in body["items"]]
    assert body["rounds"] == 1500 and body["ammunition"] == {"7.62x39": 1200, "5.56x45": 300}
    assert (body["state"], body["municipality"], body["transit_country"]) == ("SIN", "Culiacán", "US")
    assert (body["latitude"], body["longitude"]) == (24.8091, -107.394)
    assert (body["custody_agency"], body["custody_location"]) == ("FGR", "FGR evidence warehouse, Culiacán")
    record = db.session.get(SubjectRecord, seized["id"])
    assert record.agency_id == case.agency_id
    assert not record.predicate_missing  # the seizure is the record's predicate


def test_the_persons_and_vehicles_found_with_the_guns_are_the_cases_records(make, fgr):
    agent, api, case = fgr
    driver = make.subject(agent, case, "person", first_name="Iván", last_name="Soto")
    truck = make.subject(agent, case, "vehicle", plate="VKR4512", plate_region="SIN")
    response = api.post(f"/api/v1/cases/{case.id}/seizures",
                        json={**SEIZURE, "items": [RIFLE], "person_ids": [driver.id], "vehicle_ids": [truck.id]})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["person_ids"] == [driver.id] and response.get_json()["vehicle_ids"] == [truck.id]
    stranger_case = make.case(agent)
    other = make.subject(agent, stranger_case, "person", first_name="Ana", last_name="Ruiz")
    refused = api.post(f"/api/v1/cases/{case.id}/seizures", json={**SEIZURE, "items": [RIFLE],
                                                                  "person_ids": [other.id]})
    assert refused.status_code == 400 and "person_ids" in refused.get_json()["error"]["fields"]
    wrong_kind = api.post(f"/api/v1/cases/{case.id}/seizures", json={**SEIZURE, "rounds": 5,
                                                                     "vehicle_ids": [driver.id]})
    assert wrong_kind.status_code == 400 and "vehicle_ids" in wrong_kind.get_json()["error"]["fields"]
    huge = api.post(f"/api/v1/cases/{case.id}/seizures", json={**SEIZURE, "rounds": 5, "person_ids": [2**63]})
    assert huge.status_code == 400 and "person_ids" in huge.get_json()["error"]["fields"]


@pytest.mark.parametrize("changes,field", [
    ({"items": [{**RIFLE, "serial_number": "??"}]}, "items-0-serial_number"),
    ({"items": [RIFLE, {"model": "AR-15"}]}, "items-1-make"),
    ({"items": [{**RIFLE, "color": "black"}]}, "items-0-color"),
    ({"items": [RIFLE, "a rifle"]}, "items-1"),
    ({"items": [RIFLE], "firearms_pistol": 0, "firearms_rifle": 0, "country_of_manufacture": "RO"},
     "country_of_manufacture"),
    ({"items": [RIFLE, RIFLE], "firearms_rifle": 1}, "firearms_rifle"),
    ({"items": [RIFLE], "ammunition": {"7.62x39": -3}}, "ammunition"),
    ({"items": [RIFLE], "ammunition": {"7.62x39": 100}, "rounds": 50}, "rounds"),
    ({"items": [RIFLE], "state": "Atlantis"}, "state"),
    ({"items": [RIFLE], "latitude": 24.8, "longitude": None}, "longitude"),
    ({"items": [RIFLE], "custody_agency": "KGB"}, "custody_agency"),
    ({"items": {"make": "Colt"}}, "items"),
])
def test_a_bad_gun_refuses_the_whole_seizure_and_writes_nothing(atf_rifle, fgr, changes, field):
    _agent, api, case = fgr
    subjects_before = count(SubjectRecord)
    response = api.post(f"/api/v1/cases/{case.id}/seizures", json={**SEIZURE, **changes})
    assert response.status_code == 400 and field in response.get_json()["error"]["fields"], response.get_json()
    assert count(Seizure) == 0 and count(SubjectRecord) == subjects_before and count(ConflictAlert) == 0


def test_an_obliterated_serial_is_a_gun_without_a_serial_key(fgr):
    _agent, api, case = fgr
    response = api.post(f"/api/v1/cases/{case.id}/seizures",
                        json={**SEIZURE, "items": [{"make": "Norinco", "firearm_type": "rifle",
                                                    "serial_number": "limado"}]})
    assert response.status_code == 201, response.get_json()
    item = response.get_json()["items"][0]
    assert item["serial_number"] == "OBLITERATED"
    keys = db.session.scalars(db.select(SubjectKey.key).where(SubjectKey.subject_id == item["id"])).all()
    assert not any("OBLITERATED" in key for key in keys)


def test_a_serial_seized_in_mexico_meets_atfs_record_through_the_page(client, make, atf_rifle):
    agent = make.user("FGR")
    case = make.case(agent, opened_on=date(2026, 3, 1))
    driver = make.subject(agent, case, "person", first_name="Iván", last_name="Soto")
    login(client, agent)
    url = f"/cases/{case.id}/seizures/new"
    data = {"seized_on": "2026-03-10", "place": "Culiacán", "country": "MX", "direction": "inland",
            "state": "SIN", "ammunition": "7.62x39: 400\n5.56x45: 100", "person_ids": str(driver.id),
            "items-0-make": "Cugir", "items-0-firearm_type": "rifle", "items-0-serial_number": "1 AB 1034 19",
            "items-0-country_of_manufacture": "ro"}
    response = post_form(client, url, data)
    assert response.status_code == 302, response.text
    seizure = db.session.scalars(db.select(Seizure)).one()
    assert seizure.rounds == 500 and seizure.firearm_count == 1 and seizure.ammunition == {"7.62x39": 400,
                                                                                            "5.56x45": 100}
    [gun] = seizure.records_of("firearm")
    assert gun.data["country_of_manufacture"] == "RO" and seizure.records_of("person") == [driver]
    assert alert_between(gun.id, atf_rifle.id) is not None
    page = client.get(f"/cases/{case.id}")
    assert "1 AB 1034 19" in page.text or gun.label in page.text

    bad = post_form(client, url, {**data, "items-0-serial_number": "??"})
    assert bad.status_code == 422 and count(Seizure) == 1
    assert "does not read as a serial number" in bad.text


def test_a_seizure_of_many_guns_is_imported_with_errors_by_line(client, make, atf_rifle, fgr):
    _agent, api, case = fgr
    seizure = api.post(f"/api/v1/cases/{case.id}/seizures", json={**SEIZURE, "firearms_rifle": 3}).get_json()
    csv = ("make,model,caliber,firearm_type,serial_number,country_of_manufacture\n"
           "Cugir,WASR-10,7.62x39,rifle,1AB-1034-19,RO\n"
           "Colt,M4,5.56,rifle,??,US\n"
           "Glock,19,9mm,pistol,BKLM123,AT\n")
    response = client.post(f"/api/v1/seizures/{seizure['id']}/items/import", data=csv.encode(),
                           headers={**api.headers, "Content-Type": "text/csv"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["imported"] == 2 and body["failed"] == 1
    assert [(e["line"], e["field"]) for e in body["errors"]] == [(3, "serial_number")]
    assert body["conflicts"] == 1
    assert body["seizure"]["firearms_rifle"] == 3 and body["seizure"]["firearms_pistol"] == 1
    assert body["seizure"]["firearms"] == 4 and len(body["seizure"]["item_ids"]) == 2
    rifle_id = db.session.scalar(db.select(SeizureRecord.subject_id).join(SubjectRecord)
                                 .where(SubjectRecord.label.contains("1AB")))
    assert rifle_id and alert_between(rifle_id, atf_rifle.id) is not None

    jsonl = '{"make": "Norinco", "firearm_type": "rifle", "serial_number": "9912034"}\n{"kind": "phone"}\n'
    lines = client.post(f"/api/v1/seizures/{seizure['id']}/items/import", data=jsonl.encode(),
                        headers={**api.headers, "Content-Type": "application/x-ndjson"}).get_json()
    assert lines["imported"] == 1 and lines["failed"] == 1 and lines["errors"][0]["line"] == 2


def test_only_the_seizing_agency_imports_into_its_seizure(client, make, fgr):
    _agent, api, case = fgr
    seizure = api.post(f"/api/v1/cases/{case.id}/seizures", json={**SEIZURE, "rounds": 10}).get_json()
    atf = Api(client, make.token(make.user("ATF")))
    response = client.post(f"/api/v1/seizures/{seizure['id']}/items/import", data=b"make\nColt\n",
                           headers={**atf.headers, "Content-Type": "text/csv"})
    assert response.status_code == 404 and count(SubjectRecord) == 0
    assert atf.get(f"/api/v1/seizures/{seizure['id']}").status_code == 404


def _upload(client, seizure_id: int, content: str, name: str):
    from io import BytesIO

    from .factories import csrf_token

    url = f"/seizures/{seizure_id}/items/import"
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, data={"csrf_token": csrf_token(page.text), "file": (BytesIO(content.encode()), name)},
                       content_type="multipart/form-data")


def _seizure_on_the_page(client, make, **counts) -> tuple:
    """A seizure recorded on the page by an FGR agent who reads Spanish, signed in."""
    agent = make.user("FGR", locale="es")
    case = make.case(agent, opened_on=date(2026, 3, 1))
    login(client, agent)
    post_form(client, f"/cases/{case.id}/seizures/new", {**{k: str(v) for k, v in SEIZURE.items()}, **counts})
    return case, db.session.scalar(db.select(Seizure))


def test_a_seizures_guns_are_imported_on_the_page_all_or_nothing(client, make, atf_rifle):
    case, seizure = _seizure_on_the_page(client, make, firearms_rifle="3")
    assert f"/seizures/{seizure.id}/items/import" in client.get(f"/cases/{case.id}").text
    bad = ("make,model,caliber,firearm_type,serial_number\n"
           "Cugir,WASR-10,7.62x39,rifle,1AB-1034-19\n"
           "Colt,M4,5.56,rifle,??\n"
           "Glock,19,9mm,pistol,BKLM123\n")
    refused = _upload(client, seizure.id, bad, "guns.csv")
    # The bad line in the user's language, and nothing written: not the two good guns either.
    assert refused.status_code == 422 and "Esto no parece un número de serie." in refused.text
    assert ">3<" in refused.text and "serial_number" in refused.text
    assert count(SeizureRecord) == 0 and count(SubjectRecord) == 1
    db.session.expire_all()
    assert db.session.get(Seizure, seizure.id).firearm_count == 3
    done = _upload(client, seizure.id, bad.replace("??", "LE123456"), "guns.csv")
    assert done.status_code == 302
    db.session.expire_all()
    seizure = db.session.get(Seizure, seizure.id)
    assert len(seizure.records_of("firearm")) == 3 and seizure.firearms == {"rifle": 3, "pistol": 1}
    seized = next(r for r in seizure.records_of("firearm") if "1AB" in r.label)
    assert alert_between(seized.id, atf_rifle.id) is not None


@pytest.mark.parametrize("content,name,message", [
    ("", "guns.csv", "El archivo está vacío."),
    ("serial\n1234\n", "guns.csv", "make"),
    ('{"make": "Colt"}\n', "guns.txt", ".jsonl"),
    ('{"make": "Colt"}\n{"kind": "phone", "number": "+526671234567"}\n', "guns.jsonl", ">2<"),
])
def test_a_file_that_is_no_import_of_guns_is_refused_on_the_page(client, make, content, name, message):
    _case, seizure = _seizure_on_the_page(client, make, rounds="10")
    response = _upload(client, seizure.id, content, name)
    assert response.status_code == 422 and message in response.text
    assert count(SubjectRecord) == 0


def test_another_agency_cannot_open_a_seizures_import_page(client, make, fgr):
    _agent, api, case = fgr
    seizure = api.post(f"/api/v1/cases/{case.id}/seizures", json={**SEIZURE, "rounds": 10}).get_json()
    login(client, make.user("ATF"))
    assert client.get(f"/seizures/{seizure['id']}/items/import").status_code == 404
