"""Subject records through the pages and the API: every kind, bad input, links, access, changes."""
from __future__ import annotations

import re

import pytest

from coordinator.conflicts.models import DeconflictionCheck, SubjectKey
from coordinator.extensions import db
from coordinator.subjects.models import Association, SubjectRecord

from .factories import Api, count_registered, login, post_form

# A good record of every kind, as an API client sends it, with what is stored
# (the normalised fields) and the label lists show.
GOOD = {
    "person": {
        "first_name": "José", "middle_name": "Luis", "last_name": "García", "second_last_name": "López",
        "aliases": ["Pepe", "El Güero"], "dob": "1985-03-14", "sex": "M", "nationality": "mx",
        "documents": [{"kind": "curp", "number": "GALJ850314HSRRPS07", "country": "mx"}],
    },
    "firearm": {"make": "Romarm/Cugir", "model": "WASR-10", "caliber": "7.62x39", "firearm_type": "rifle",
                "serial_number": "1-AB2345-19"},
    "vehicle": {"plate": "abc-1234", "plate_region": "Sonora", "vin": "1m8gdm9axkp042788", "make": "Ford",
                "model": "F-150"},
    "phone": {"number": "(602) 555-0199"},
    "email": {"address": "Juan.Perez@Example.COM"},
    "address": {"line1": "1200 W Washington St", "city": "Phoenix", "state": "Arizona", "postal_code": "85007",
                "country": "us", "latitude": 33.4484, "longitude": -112.074},
    "dealer": {"license_number": "5-86-013-01-5E-12345", "name": "Desert Guns LLC"},
    "business": {"name": "Armas del Norte SA de CV", "registration_number": "ADN010101AB1"},
    "gun_show": {"name": "Crossroads of the West", "venue": "State Fairgrounds", "city": "Phoenix", "state": "az",
                 "starts_on": "2037-12-05", "ends_on": "2037-12-06", "latitude": 33.47, "longitude": -112.09},
}

STORED = {
    "person": {"first_name": "José", "last_name": "García", "second_last_name": "López",
               "aliases": ["Pepe", "El Güero"], "dob": "1985-03-14", "sex": "M", "nationality": "MX",
               "documents": [{"kind": "curp", "number": "GALJ850314HSRRPS07", "country": "MX"}]},
    "firearm": {"make": "Romarm/Cugir", "serial_number": "1-AB2345-19", "firearm_type": "rifle"},
    "vehicle": {"plate": "ABC-1234", "plate_region": "SON", "vin": "1M8GDM9AXKP042788"},
    "phone": {"number": "+16025550199"},
    "email": {"address": "juan.perez@example.com"},
    "address": {"state": "AZ", "country": "US", "latitude": 33.4484, "longitude": -112.074},
    "dealer": {"license_number": "586013015E12345", "name": "Desert Guns LLC"},
    "business": {"name": "Armas del Norte SA de CV", "registration_number": "ADN010101AB1"},
    "gun_show": {"state": "AZ", "starts_on": "2037-12-05", "ends_on": "2037-12-06"},
}

LABELS = {
    "person": "GARCÍA LÓPEZ, José Luis (1985-03-14)",
    "firearm": "Romarm/Cugir WASR-10 7.62x39 SN 1-AB2345-19",
    "vehicle": "Ford F-150 · ABC-1234 (SON) · VIN 1M8GDM9AXKP042788",
    "phone": "+16025550199",
    "email": "juan.perez@example.com",
    "address": "1200 W Washington St, Phoenix, AZ, US",
    "dealer": "Desert Guns LLC · FFL 586013015E12345",
    "business": "Armas del Norte SA de CV · ADN010101AB1",
    "gun_show": "Crossroads of the West · Phoenix, AZ · 2037-12-05 – 2037-12-06",
}

KINDS = list(GOOD)
DROP = object()  # in a bad-input table: leave the field out



def count_subjects() -> int:
    return count_registered(SubjectRecord, SubjectKey, "subject")


def count_links() -> int:
    return db.session.scalar(db.select(db.func.count(Association.id)))


def stored(record_id: int) -> SubjectRecord:
    db.session.expire_all()
    return db.session.get(SubjectRecord, record_id)


def form_data(kind: str, values: dict) -> dict:
    """The same record as a browser posts it: aliases one per line, documents as documents-N-field."""
    out = {}
    for name, value in values.items():
        if name == "documents":
            for index, doc in enumerate(value):
                out.update({f"documents-{index}-{key}": text for key, text in doc.items()})
        elif isinstance(value, list):
            out[name] = "\n".join(value)
        else:
            out[name] = "" if value is None else str(value)
    return out


@pytest.fixture()
def agent(make):
    return make.user("ATF")


@pytest.fixture()
def case(make, agent):
    return make.case(agent)


@pytest.fixture()
def api(client, make, agent):
    return Api(client, make.token(agent))


# --- a good record of every kind ---------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_register_every_kind_through_the_api(api, case, kind):
    response = api.post(f"/api/v1/cases/{case.id}/subjects", json={"kind": kind, "role": "suspect", **GOOD[kind]})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["id"] and body["kind"] == kind and body["conflicts"] == []
    record = stored(body["id"])
    assert record.case_id == case.id and record.role == "suspect" and record.agency_id == case.agency_id
    assert record.data.items() >= STORED[kind].items(), record.data
    assert record.label == LABELS[kind]
    assert api.get(f"/api/v1/subjects/{body['id']}").get_json()["label"] == LABELS[kind]


@pytest.mark.parametrize("kind", KINDS)
def test_register_every_kind_through_the_form(client, agent, case, kind):
    login(client, agent)
    url = f"/cases/{case.id}/subjects/new?kind={kind}"
    response = post_form(client, url, {"role": "trafficker", "notes": "from the trace",
                                       "predicate": "Bought rifles recovered in Sonora", **form_data(kind, GOOD[kind])})
    assert response.status_code == 302, response.text
    record = db.session.scalar(db.select(SubjectRecord))
    assert response.headers["Location"].endswith(f"/subjects/{record.id}")
    assert record.kind == kind and record.role == "trafficker" and record.notes == "from the trace"
    assert record.data.items() >= STORED[kind].items(), record.data
    assert record.label == LABELS[kind]
    page = client.get(f"/subjects/{record.id}")
    assert page.status_code == 200 and LABELS[kind].split(" ")[0] in page.text


def test_form_offers_every_kind_and_404s_an_unknown_one(client, agent, case):
    login(client, agent)
    page = client.get(f"/cases/{case.id}/subjects/new")
    assert page.status_code == 200
    for kind in KINDS:
        assert f"kind={kind}" in page.text
    assert client.get(f"/cases/{case.id}/subjects/new?kind=spaceship").status_code == 404


def test_optional_fields_may_be_omitted_or_null(api, case):
    response = api.post(f"/api/v1/cases/{case.id}/subjects", json={
        "kind": "person", "role": "buyer", "first_name": None, "last_name": "Pérez", "dob": None})
    assert response.status_code == 201, response.get_json()
    data = stored(response.get_json()["id"]).data
    assert data["last_name"] == "Pérez" and data["dob"] is None and data["aliases"] == [] and data["documents"] == []


# --- bad input, field by field ------------------------------------------------------------------

def bad(kind: str, field: str, value: object, named: str | None = None, **more):
    """One row of the bad-input table: the record of `kind` with `field` set to `value`."""
    return pytest.param(kind, {field: value, **more}, named or field, id=f"{kind}-{field}-{str(value)[:20]}")


BAD = [
    # every kind: the common fields
    *[bad(kind, "role", DROP) for kind in KINDS],
    *[bad(kind, "role", "mastermind") for kind in KINDS],
    *[bad(kind, "surprise", 1) for kind in KINDS],
    bad("phone", "notes", "x" * 2001),
    bad("phone", "notes", ["a", "list"]),
    bad("phone", "notes", "a\x00b"),  # PostgreSQL refuses NUL in text
    bad("business", "name", "Armas\x00"),
    bad("person", "aliases", ["Pe\x00pe"]),
    bad("person", "documents", [{"kind": "passport", "number": "G1\x07"}]),
    # person
    bad("person", "first_name", ["José"]),
    bad("person", "first_name", {"given": "José"}),
    bad("person", "first_name", "x" * 121),
    bad("person", "last_name", "x" * 121),
    bad("person", "second_last_name", ["López"]),
    bad("person", "dob", "14/03/1985"),
    bad("person", "dob", "1985-02-30"),
    bad("person", "dob", 19850314),
    bad("person", "dob", "2999-01-01"),
    bad("person", "dob", "1899-12-31"),
    bad("person", "sex", "male"),
    bad("person", "nationality", "Mexican"),
    bad("person", "nationality", "EU"),
    bad("person", "nationality", "ZZ"),
    bad("person", "aliases", "Pepe"),
    bad("person", "aliases", [["Pepe"]]),
    bad("person", "aliases", ["x" * 121]),
    bad("person", "aliases", [f"alias {n}" for n in range(21)]),
    bad("person", "last_name", None, second_last_name=None, aliases=[]),
    bad("person", "documents", [{"kind": "passport"}]),
    bad("person", "documents", [{"number": "G1234567"}]),
    bad("person", "documents", [{"kind": "visa", "number": "G1234567"}]),
    bad("person", "documents", [{"kind": "passport", "number": "x" * 41}]),
    bad("person", "documents", [{"kind": "passport", "number": "G1", "country": "Narnia"}]),
    bad("person", "documents", "passport G1234567"),
    bad("person", "documents", ["G1234567"]),
    bad("person", "documents", [{"kind": "passport", "number": f"G{n}"} for n in range(11)]),
    # firearm
    bad("firearm", "make", DROP),
    bad("firearm", "make", ""),
    bad("firearm", "make", "x" * 121),
    bad("firearm", "caliber", "x" * 41),
    bad("firearm", "firearm_type", "bazooka"),
    bad("firearm", "serial_number", "N/A"),
    bad("firearm", "serial_number", "x" * 61),
    bad("firearm", "serial_number", ["1-AB2345-19"]),
    # vehicle
    bad("vehicle", "vin", "1M8GDM9A1KP042788"),  # check digit should be X
    bad("vehicle", "vin", "1M8G"),
    bad("vehicle", "vin", "x" * 21),
    bad("vehicle", "plate_region", DROP),
    bad("vehicle", "plate_region", "Narnia"),
    bad("vehicle", "plate", "x" * 17),
    bad("vehicle", "plate", "!"),
    bad("vehicle", "plate", None, "plate", plate_region=None, vin=None),
    bad("vehicle", "make", ["Ford"]),
    # phone
    bad("phone", "number", "call me maybe"),
    bad("phone", "number", "123"),
    bad("phone", "number", ""),
    bad("phone", "number", DROP),
    bad("phone", "number", ["6025550199"]),
    bad("phone", "number", "1" * 41),
    # email
    bad("email", "address", "juan.perez"),
    bad("email", "address", "juan@"),
    bad("email", "address", "juan perez@example.com"),
    bad("email", "address", ""),
    bad("email", "address", "x" * 250 + "@example.com"),
    # address
    bad("address", "line1", ""),
    bad("address", "line1", "x" * 201),
    bad("address", "city", DROP),
    bad("address", "state", "Narnia"),
    bad("address", "country", "XX"),
    bad("address", "country", "Mexico"),
    bad("address", "postal_code", "x" * 13),
    bad("address", "latitude", 91),
    bad("address", "latitude", "north"),
    bad("address", "latitude", "nan"),
    bad("address", "longitude", -181),
    bad("address", "latitude", DROP, "latitude"),  # longitude without latitude
    bad("address", "longitude", None, "longitude"),  # latitude without longitude
    # dealer
    bad("dealer", "license_number", "12345"),
    bad("dealer", "license_number", "7-86-013-01-5E-12345"),  # 7 is no ATF region
    bad("dealer", "license_number", "5-86-013-01-5E-1234X"),
    bad("dealer", "license_number", None, "license_number", name=None),
    bad("dealer", "name", "x" * 201),
    # business
    bad("business", "name", ""),
    bad("business", "name", "x" * 201),
    bad("business", "registration_number", "x" * 41),
    # gun show
    bad("gun_show", "ends_on", "2037-12-04"),  # ends before it starts
    bad("gun_show", "ends_on", "2037-12-25"),  # lasts 21 days
    bad("gun_show", "starts_on", "Dec 5"),
    bad("gun_show", "starts_on", DROP),
    bad("gun_show", "ends_on", None),
    bad("gun_show", "state", "Narnia"),
    bad("gun_show", "city", DROP),  # the state is optional: the city places the show
    bad("gun_show", "name", "x" * 201),
    bad("gun_show", "latitude", 91),
    bad("gun_show", "longitude", None, "longitude"),
]


@pytest.mark.parametrize("kind,changes,named", BAD)
def test_api_rejects_each_bad_field_and_writes_nothing(api, case, kind, changes, named):
    payload = {"kind": kind, "role": "suspect", **GOOD[kind], **changes}
    payload = {name: value for name, value in payload.items() if value is not DROP}
    response = api.post(f"/api/v1/cases/{case.id}/subjects", json=payload)
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert named in error["fields"], error
    assert error["fields"][named].strip(), "the message says what is wrong"
    assert count_subjects() == 0


@pytest.mark.parametrize("kind", [DROP, "spaceship", "", 5, None])
def test_api_rejects_a_missing_or_unknown_kind(api, case, kind):
    payload = {"role": "suspect", "number": "+16025550199"}
    if kind is not DROP:
        payload["kind"] = kind
    response = api.post(f"/api/v1/cases/{case.id}/subjects", json=payload)
    assert response.status_code == 400
    assert "kind" in response.get_json()["error"]["fields"]
    assert count_subjects() == 0


@pytest.mark.parametrize("kind", [["phone"], {"phone": 1}])
def test_api_rejects_a_kind_that_is_not_a_string(api, case, kind):
    response = api.post(f"/api/v1/cases/{case.id}/subjects", json={"kind": kind, "role": "suspect",
                                                                   "number": "+16025550199"})
    assert response.status_code == 400
    assert "kind" in response.get_json()["error"]["fields"]


def test_api_reports_every_bad_field_at_once(api, case):
    response = api.post(f"/api/v1/cases/{case.id}/subjects", json={
        "kind": "vehicle", "role": "boss", "plate": "ABC123", "vin": "1M8GDM9A1KP042788", "colour": "red"})
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"role", "plate_region", "vin", "colour"}


def test_api_rejects_a_body_that_is_not_an_object(api, case):
    for body in ([{"kind": "phone"}], "phone", 5):
        response = api.post(f"/api/v1/cases/{case.id}/subjects", json=body)
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] == "invalid_json"
    assert count_subjects() == 0


@pytest.mark.parametrize("kind,changes,message", [
    ("vehicle", {"vin": "1M8GDM9A1KP042788"}, "check digit is wrong"),
    ("vehicle", {"plate_region": ""}, "Give the state that issued the plate."),
    ("gun_show", {"ends_on": "2037-12-01"}, "cannot end before it starts"),
    ("gun_show", {"ends_on": "2037-12-25"}, "at most 14 days"),
    ("person", {"last_name": "", "second_last_name": "", "aliases": []}, "Give a surname or at least one alias."),
    ("person", {"dob": "2999-01-01"}, "in the future"),
    ("person", {"documents": [{"kind": "passport"}]}, "Give both the kind of document and its number."),
    ("phone", {"number": "call me maybe"}, "Not a valid phone number"),
    ("dealer", {"license_number": "12345"}, "Not an FFL number"),
    ("address", {"longitude": ""}, "Give both latitude and longitude, or neither."),
])
def test_form_rejects_bad_input_with_a_message_and_writes_nothing(client, agent, case, kind, changes, message):
    login(client, agent)
    url = f"/cases/{case.id}/subjects/new?kind={kind}"
    response = post_form(client, url, {"role": "suspect", **form_data(kind, {**GOOD[kind], **changes})})
    assert response.status_code == 422
    assert message in response.text
    assert "Nothing was saved." in response.text
    assert count_subjects() == 0


def test_form_keeps_what_was_typed_after_an_error(client, agent, case):
    login(client, agent)
    response = post_form(client, f"/cases/{case.id}/subjects/new?kind=person",
                         {"role": "suspect", "first_name": "Jesús", "aliases": "Chuy\nEl Flaco", "last_name": "",
                          "dob": "1890-01-01", "documents-0-kind": "ine", "documents-0-number": "ABC123"})
    assert response.status_code == 422
    assert 'value="Jesús"' in response.text and 'value="ABC123"' in response.text
    assert re.search(r'<textarea[^>]*name="aliases"[^>]*>\s*Chuy\nEl Flaco</textarea>', response.text)


def test_form_refuses_more_than_ten_documents(client, agent, case):
    login(client, agent)
    documents = [{"kind": "passport", "number": f"G{n}"} for n in range(11)]
    response = post_form(client, f"/cases/{case.id}/subjects/new?kind=person",
                         {"role": "suspect", **form_data("person", {"last_name": "Soto", "documents": documents})})
    assert response.status_code == 422
    assert "At most 10 identity documents." in response.text
    assert count_subjects() == 0


def test_form_needs_csrf(client, agent, case):
    login(client, agent)
    response = client.post(f"/cases/{case.id}/subjects/new?kind=phone", data={"role": "suspect",
                                                                              "number": "6025550199"})
    assert response.status_code == 400
    assert count_subjects() == 0


# --- phone numbers are stored in E.164, read in the agency's country -------------------------

def test_us_agency_phone_is_read_as_a_us_number(client, make):
    agent = make.user("ATF")
    case = make.case(agent)
    response = Api(client, make.token(agent)).post(
        f"/api/v1/cases/{case.id}/subjects", json={"kind": "phone", "role": "suspect", "number": "(602) 555-0199"})
    assert response.status_code == 201, response.get_json()
    assert stored(response.get_json()["id"]).data["number"] == "+16025550199"


def test_mexican_agency_phone_is_read_as_a_mexican_number(client, make):
    agent = make.user("FGR")
    case = make.case(agent)
    response = Api(client, make.token(agent)).post(
        f"/api/v1/cases/{case.id}/subjects", json={"kind": "phone", "role": "suspect", "number": "662 123 4567"})
    assert response.status_code == 201, response.get_json()
    assert stored(response.get_json()["id"]).data["number"] == "+526621234567"
    login(client, agent)
    post_form(client, f"/cases/{case.id}/subjects/new?kind=phone", {"role": "buyer", "number": "(662) 765 4321",
                                                                   "predicate": "Called the trafficker's phone"})
    numbers = {r.data["number"] for r in db.session.scalars(db.select(SubjectRecord))}
    assert numbers == {"+526621234567", "+526627654321"}


def test_one_phone_typed_two_ways_by_two_countries_is_a_conflict(client, make):
    atf, fgr = make.user("ATF"), make.user("FGR")
    atf_case, fgr_case = make.case(atf), make.case(fgr)
    first = Api(client, make.token(atf)).post(f"/api/v1/cases/{atf_case.id}/subjects", json={
        "kind": "phone", "role": "suspect", "number": "011 52 662 123 4567"})
    assert first.status_code == 201 and first.get_json()["conflicts"] == []
    second = Api(client, make.token(fgr)).post(f"/api/v1/cases/{fgr_case.id}/subjects", json={
        "kind": "phone", "role": "trafficker", "number": "662-123-4567"})
    assert second.status_code == 201
    conflicts = second.get_json()["conflicts"]
    assert [c["other"]["agency"] for c in conflicts] == ["ATF"] and conflicts[0]["kind"] == "subject"


def test_a_number_with_its_country_code_is_kept(api, case):
    response = api.post(f"/api/v1/cases/{case.id}/subjects",
                        json={"kind": "phone", "role": "suspect", "number": "+52 662 123 4567"})
    assert response.status_code == 201
    assert stored(response.get_json()["id"]).data["number"] == "+526621234567"


# --- associations inside a case ----------------------------------------------------------------

@pytest.fixture()
def records(make, agent, case):
    """A person, their phone, a firearm and the dealer that sold it, all in `case`."""
    return {
        "person": make.subject(agent, case, "person", last_name="García", first_name="José"),
        "phone": make.subject(agent, case, "phone", number="+16025550199"),
        "firearm": make.subject(agent, case, "firearm", make="Colt", serial_number="LW123456"),
        "dealer": make.subject(agent, case, "dealer", name="Desert Guns LLC"),
    }


def test_link_records_through_the_api(api, case, records):
    response = api.post(f"/api/v1/cases/{case.id}/associations", json={
        "from_subject_id": records["phone"].id, "to_subject_id": records["person"].id, "kind": "used_by",
        "note": "seen on the wiretap"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["id"] and body["kind"] == "used_by" and body["case_id"] == case.id
    link = db.session.get(Association, body["id"])
    assert (link.from_subject_id, link.to_subject_id, link.note) == (
        records["phone"].id, records["person"].id, "seen on the wiretap")
    bought = api.post(f"/api/v1/cases/{case.id}/associations", json={
        "from_subject_id": records["firearm"].id, "to_subject_id": records["dealer"].id, "kind": "bought_at"})
    assert bought.status_code == 201
    assert count_links() == 2


@pytest.mark.parametrize("change,named", [
    ({"to_subject_id": "phone"}, "to_subject_id"),  # self-link
    ({"kind": "bought_at"}, "from_subject_id"),  # a phone is not bought at anything
    ({"to_subject_id": "firearm"}, "to_subject_id"),  # a phone is not used by a firearm
    ({"to_subject_id": "other_case"}, "to_subject_id"),
    ({"from_subject_id": "other_agency"}, "from_subject_id"),
    ({"to_subject_id": 999999}, "to_subject_id"),
    ({"kind": "married_to"}, "kind"),
    ({"kind": None}, "kind"),
    ({"from_subject_id": None}, "from_subject_id"),
    ({"from_subject_id": "12"}, "from_subject_id"),  # a string, not an id
    ({"from_subject_id": True}, "from_subject_id"),
    ({"note": "x" * 1001}, "note"),
    ({"note": ["a"]}, "note"),
    ({"weight": 1}, "weight"),
])
def test_api_refuses_a_bad_link_and_writes_nothing(api, make, agent, case, records, change, named):
    other_case = make.subject(agent, make.case(agent), "person", last_name="Ruiz")
    outsider = make.user("FGR")
    other_agency = make.subject(outsider, make.case(outsider), "person", last_name="Soto")
    ids = {**{name: r.id for name, r in records.items()}, "other_case": other_case.id,
           "other_agency": other_agency.id}
    payload = {"from_subject_id": records["phone"].id, "to_subject_id": records["person"].id, "kind": "used_by"}
    payload.update({k: ids.get(v, v) if isinstance(v, str) and k.endswith("_id") else v for k, v in change.items()})
    payload = {k: v for k, v in payload.items() if v is not None}
    response = api.post(f"/api/v1/cases/{case.id}/associations", json=payload)
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "validation_error" and named in error["fields"], error
    assert count_links() == 0


def test_api_refuses_the_same_link_twice_either_way(api, case, records):
    url = f"/api/v1/cases/{case.id}/associations"
    person, phone = records["person"].id, records["phone"].id
    assert api.post(url, json={"from_subject_id": person, "to_subject_id": phone,
                               "kind": "associated_with"}).status_code == 201
    for first, second in ((person, phone), (phone, person)):
        again = api.post(url, json={"from_subject_id": first, "to_subject_id": second, "kind": "associated_with"})
        assert again.status_code == 400
        assert "already linked" in again.get_json()["error"]["fields"]["to_subject_id"]
    assert api.post(url, json={"from_subject_id": phone, "to_subject_id": person,
                               "kind": "used_by"}).status_code == 201
    assert count_links() == 2


def test_link_records_through_the_form(client, agent, case, records):
    login(client, agent)
    url = f"/cases/{case.id}/associations/new"
    response = post_form(client, url, {"from_subject_id": records["phone"].id, "kind": "used_by",
                                       "to_subject_id": records["person"].id, "note": ""})
    assert response.status_code == 302, response.text
    link = db.session.scalar(db.select(Association))
    assert link.kind == "used_by" and link.from_subject_id == records["phone"].id and link.note is None


@pytest.mark.parametrize("change,message", [
    ({"to_subject_id": "phone"}, "cannot be linked to itself"),
    ({"kind": "bought_at"}, "cannot start from this record"),
    ({"to_subject_id": "firearm"}, "cannot point to this record"),
    ({"kind": ""}, "This field is required."),
    ({"to_subject_id": "other_case"}, "Not a valid choice"),
    ({"note": "seen\x00"}, "Remove the control characters"),
])
def test_form_refuses_a_bad_link(client, make, agent, case, records, change, message):
    other = make.subject(agent, make.case(agent), "person", last_name="Ruiz")
    ids = {**{name: r.id for name, r in records.items()}, "other_case": other.id}
    login(client, agent)
    data = {"from_subject_id": records["phone"].id, "kind": "used_by", "to_subject_id": records["person"].id}
    data.update({k: ids.get(v, v) for k, v in change.items()})
    response = post_form(client, f"/cases/{case.id}/associations/new", data)
    assert response.status_code == 422
    assert message in response.text
    assert count_links() == 0


# --- need to know: another agency sees nothing -------------------------------------------------

def test_another_agency_gets_404_for_a_subject(client, make, agent, case):
    record = make.subject(agent, case, "person", last_name="García")
    outsider = make.user("FGR")
    api = Api(client, make.token(outsider))
    assert api.get(f"/api/v1/subjects/{record.id}").status_code == 404
    assert api.patch(f"/api/v1/subjects/{record.id}", json={"role": "witness"}).status_code == 404
    assert api.get(f"/api/v1/cases/{case.id}/subjects").status_code == 404
    added = api.post(f"/api/v1/cases/{case.id}/subjects", json={"kind": "phone", "role": "suspect",
                                                                "number": "+16025550100"})
    assert added.status_code == 404
    assert api.post(f"/api/v1/cases/{case.id}/associations", json={
        "from_subject_id": record.id, "to_subject_id": record.id, "kind": "associated_with"}).status_code == 404
    login(client, outsider)
    for url in (f"/subjects/{record.id}", f"/subjects/{record.id}/edit", f"/cases/{case.id}/subjects/new",
                f"/cases/{case.id}/subjects/new?kind=phone", f"/cases/{case.id}/associations/new"):
        assert client.get(url).status_code == 404, url
    assert "García" not in client.get(f"/subjects/{record.id}").text
    assert stored(record.id).role == "suspect"
    assert count_subjects() == 1


def test_missing_subject_is_404(client, api, agent, case):
    assert api.get("/api/v1/subjects/999999").status_code == 404
    assert api.patch("/api/v1/subjects/999999", json={"role": "witness"}).status_code == 404
    login(client, agent)
    huge = 10**20  # beyond any database integer
    for url in (f"/subjects/{huge}", f"/subjects/{huge}/edit", f"/cases/{huge}/subjects/new",
                f"/cases/{huge}/associations/new", "/subjects/2147483648"):
        assert client.get(url).status_code == 404, url


def test_api_refuses_a_link_kind_that_is_not_a_string(api, case, records):
    response = api.post(f"/api/v1/cases/{case.id}/associations", json={
        "from_subject_id": records["phone"].id, "to_subject_id": records["person"].id, "kind": ["used_by"]})
    assert response.status_code == 400


def test_api_ids_beyond_the_database_integer_are_404_or_400(api, case, records):
    huge = 10**20
    assert api.get(f"/api/v1/subjects/{huge}").status_code == 404
    response = api.post(f"/api/v1/cases/{case.id}/associations", json={
        "from_subject_id": huge, "to_subject_id": records["person"].id, "kind": "associated_with"})
    assert response.status_code == 400


def test_monitors_do_not_open_subjects(client, make, agent, case):
    record = make.subject(agent, case)
    monitor = make.user("ATF", role="monitor")
    assert Api(client, make.token(monitor)).get(f"/api/v1/subjects/{record.id}").status_code == 404
    login(client, monitor)
    assert client.get(f"/subjects/{record.id}").status_code in (403, 404)


def test_subject_api_needs_a_token(client, case):
    response = client.post(f"/api/v1/cases/{case.id}/subjects", json={"kind": "phone", "role": "suspect",
                                                                      "number": "+16025550199"})
    assert response.status_code == 401
    assert count_subjects() == 0


# --- changing a record -------------------------------------------------------------------------

def test_patch_changes_a_field_and_keeps_the_others(api, case):
    created = api.post(f"/api/v1/cases/{case.id}/subjects",
                       json={"kind": "person", "role": "suspect", **GOOD["person"]}).get_json()
    # The CURP says 1985-03-14: the new date is kept only with the reason the record is right.
    response = api.patch(f"/api/v1/subjects/{created['id']}", json={
        "dob": "1985-04-13", "role": "trafficker", "curp_mismatch_reason": "Birth certificate seen; CURP misissued"})
    assert response.status_code == 200, response.get_json()
    record = stored(created["id"])
    assert record.role == "trafficker" and record.data["dob"] == "1985-04-13"
    assert record.data["last_name"] == "García" and record.data["aliases"] == ["Pepe", "El Güero"]
    assert record.data["documents"] == STORED["person"]["documents"]
    assert record.label == "GARCÍA LÓPEZ, José Luis (1985-04-13)"
    assert response.get_json()["conflicts"] == []


def test_patch_null_clears_an_optional_field(api, case):
    created = api.post(f"/api/v1/cases/{case.id}/subjects",
                       json={"kind": "vehicle", "role": "suspect", **GOOD["vehicle"]}).get_json()
    response = api.patch(f"/api/v1/subjects/{created['id']}", json={"plate": None, "plate_region": None})
    assert response.status_code == 200, response.get_json()
    record = stored(created["id"])
    assert record.data["plate"] is None and record.data["vin"] == "1M8GDM9AXKP042788"


def test_patch_refuses_to_change_the_kind(api, case):
    created = api.post(f"/api/v1/cases/{case.id}/subjects",
                       json={"kind": "phone", "role": "suspect", "number": "6025550199"}).get_json()
    response = api.patch(f"/api/v1/subjects/{created['id']}", json={"kind": "email", "address": "a@b.mx"})
    assert response.status_code == 400
    assert "kind" in response.get_json()["error"]["fields"]
    assert stored(created["id"]).kind == "phone"
    same = api.patch(f"/api/v1/subjects/{created['id']}", json={"kind": "phone", "role": "buyer"})
    assert same.status_code == 200 and stored(created["id"]).role == "buyer"


@pytest.mark.parametrize("patch,named", [
    ({"number": "not a phone"}, "number"),
    ({"role": None}, "role"),
    ({"address": "a@b.mx"}, "address"),
    ({"notes": ["x"]}, "notes"),
])
def test_patch_with_bad_input_changes_nothing(api, case, patch, named):
    created = api.post(f"/api/v1/cases/{case.id}/subjects",
                       json={"kind": "phone", "role": "suspect", "number": "6025550199"}).get_json()
    response = api.patch(f"/api/v1/subjects/{created['id']}", json=patch)
    assert response.status_code == 400
    assert named in response.get_json()["error"]["fields"]
    record = stored(created["id"])
    assert (record.role, record.data["number"]) == ("suspect", "+16025550199")


def test_edit_through_the_form(client, agent, case, make):
    record = make.subject(agent, case, "person", **{**GOOD["person"], "nationality": "MX",
                                                    "documents": STORED["person"]["documents"]})
    login(client, agent)
    page = client.get(f"/subjects/{record.id}/edit")
    assert page.status_code == 200
    assert 'value="García"' in page.text and "1985-03-14" in page.text and "GALJ850314HSRRPS07" in page.text
    response = post_form(client, f"/subjects/{record.id}/edit",
                         {"role": "straw_purchaser", **form_data("person", {
                             **GOOD["person"], "dob": "1986-03-14", "curp_mismatch_reason": "Passport says 1986"})})
    assert response.status_code == 302, response.text
    changed = stored(record.id)
    assert changed.role == "straw_purchaser" and changed.data["dob"] == "1986-03-14"
    latest = db.session.scalar(db.select(DeconflictionCheck).where(DeconflictionCheck.record_id == record.id)
                               .order_by(DeconflictionCheck.id.desc()))
    assert latest.user_id == agent.id, "the check after an edit is the editor's"
    assert changed.data["documents"] == STORED["person"]["documents"]
    bad_edit = post_form(client, f"/subjects/{record.id}/edit", {"role": "suspect", "last_name": "",
                                                                 "dob": "1850-01-01"})
    assert bad_edit.status_code == 422 and "before 1900" in bad_edit.text
    assert stored(record.id).data["dob"] == "1986-03-14"


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_round_trips_through_edit_and_patch(client, api, agent, case, kind):
    created = api.post(f"/api/v1/cases/{case.id}/subjects", json={"kind": kind, "role": "suspect", **GOOD[kind]})
    record_id = created.get_json()["id"]
    before = stored(record_id).data
    unchanged = api.patch(f"/api/v1/subjects/{record_id}", json={})
    assert unchanged.status_code == 200, unchanged.get_json()
    assert stored(record_id).data == before
    login(client, agent)
    page = client.get(f"/subjects/{record_id}/edit")
    assert page.status_code == 200
    assert 'aria-invalid="true"' not in page.text and "Nothing was saved." not in page.text


def test_person_page_shows_names_aliases_and_documents(client, api, agent, case):
    created = api.post(f"/api/v1/cases/{case.id}/subjects", json={"kind": "person", "role": "suspect",
                                                                   **GOOD["person"]}).get_json()
    login(client, agent)
    page = client.get(f"/subjects/{created['id']}")
    assert page.status_code == 200
    for text in ("Surname (paternal)", "García", "Pepe; El Güero", "Identity documents", "GALJ850314HSRRPS07"):
        assert text in page.text, text


def test_subject_page_shows_the_fields(client, agent, case, make):
    record = make.subject(agent, case, "firearm", make="Colt", model="M4", serial_number="LW123456")
    login(client, agent)
    page = client.get(f"/subjects/{record.id}")
    assert page.status_code == 200
    assert "Serial number" in page.text and "LW123456" in page.text and "Make" in page.text
