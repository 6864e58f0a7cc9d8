"""Mexican identifiers checked, and values shown in the reader's language: codes as words, dates as written."""
from __future__ import annotations

import re
from datetime import date

import pytest

from coordinator.deconfliction.mexican_ids import curp_problem, read_curp, rfc_problem
from coordinator.extensions import db

from .factories import Api, login, logout, post_form
from .test_subjects import form_data

VALID_CURP = "HEGG560427MVZRRL04"  # RENAPO's own example: Gabriela Hernández García, born 27 April 1956, Veracruz
PERSON = {"kind": "person", "role": "suspect", "first_name": "Gabriela", "last_name": "Hernández",
          "second_last_name": "García", "dob": "1956-04-27", "sex": "F", "nationality": "MX",
          "documents": [{"kind": "curp", "number": VALID_CURP, "country": "MX"}]}


# The identifiers themselves (plain Python)


@pytest.mark.parametrize("curp", [VALID_CURP, "LOOA531113HTCPBN07", "MAHJ280603MSPRRV09", "GALJ850314HSRRPS07",
                                  "hegg 560427 mvzrrl04"])
def test_valid_curps_pass(curp):
    assert curp_problem(curp) is None


@pytest.mark.parametrize("curp, problem", [
    ("HEGG560427MVZRRL0", "length"),  # 17 characters
    ("HEGG560427MVZRRL05", "check_digit"),
    ("HEGG560427MVZRRL0X", "shape"),
    ("HEGG561327MVZRRL04", "date"),  # month 13
    ("HEGG560427MZZRRL04", "state"),
    ("1EGG560427MVZRRL04", "shape"),
])
def test_bad_curps_are_named(curp, problem):
    assert curp_problem(curp) == problem


def test_a_curp_says_date_of_birth_and_sex_and_the_century():
    said = read_curp(VALID_CURP)
    assert (said.born_on, said.sex) == (date(1956, 4, 27), "F")
    assert read_curp("LOOA531113HTCPBN07").sex == "M"
    # A letter in position 17 is a birth from 2000 on.
    from coordinator.deconfliction.mexican_ids import curp_check_digit
    young = "GOMC050905HDFRRLA"
    assert read_curp(young + curp_check_digit(young)).born_on == date(2005, 9, 5)


@pytest.mark.parametrize("rfc", ["GODE561231GR8", "SAT970701NN3", "XAXX010101000", "gode-561231-gr8"])
def test_valid_rfcs_pass(rfc):
    assert rfc_problem(rfc) is None


@pytest.mark.parametrize("rfc, problem", [("GODE561231GR9", "check_digit"), ("GODE561231G", "length"),
                                          ("GODE561331GR8", "date"), ("G0DE561231GR8", "shape")])
def test_bad_rfcs_are_named(rfc, problem):
    assert rfc_problem(rfc) == problem


# Through the API and the pages, in both languages


def person_api(client, make, locale="en"):
    agent = make.user("FGR", locale=locale)
    return agent, Api(client, make.token(agent)), make.case(agent)


def test_a_valid_curp_is_accepted(client, make):
    _agent, api, case = person_api(client, make)
    response = api.post(f"/api/v1/cases/{case.id}/subjects", json=PERSON)
    assert response.status_code == 201, response.get_json()


@pytest.mark.parametrize("locale, number, message", [
    ("en", "HEGG560427MVZRRL0", "A CURP has 18 characters; this one has 17."),
    ("es", "HEGG560427MVZRRL0", "La CURP tiene 18 caracteres; esta tiene 17."),
    ("en", "HEGG560427MVZRRL05", "This CURP's check digit (its last character) is wrong; check it for a typo."),
    ("es", "HEGG560427MVZRRL05", "El dígito verificador de esta CURP (su último carácter) es incorrecto; "
                                 "revise si hay un error de captura."),
])
def test_a_short_curp_or_a_wrong_check_digit_is_refused_in_the_users_language(client, make, locale, number,
                                                                             message):
    _agent, api, case = person_api(client, make, locale)
    body = {**PERSON, "documents": [{"kind": "curp", "number": number, "country": "MX"}]}
    response = api.post(f"/api/v1/cases/{case.id}/subjects", json=body)
    assert response.status_code == 400
    fields = response.get_json()["error"]["fields"]
    assert message in repr(fields), fields


def test_a_wrong_rfc_is_refused_and_a_business_ein_is_not_read_as_one(client, make):
    _agent, api, case = person_api(client, make, "es")
    body = {**PERSON, "documents": [{"kind": "rfc", "number": "GODE561231GR9", "country": "MX"}]}
    response = api.post(f"/api/v1/cases/{case.id}/subjects", json=body)
    assert response.status_code == 400 and "RFC" in repr(response.get_json()["error"]["fields"])
    business = {"kind": "business", "role": "other", "name": "Armas del Norte"}
    assert api.post(f"/api/v1/cases/{case.id}/subjects",
                    json={**business, "registration_number": "ADN010101AB2"}).status_code == 400
    assert api.post(f"/api/v1/cases/{case.id}/subjects",
                    json={**business, "registration_number": "ADN010101AB1"}).status_code == 201
    assert api.post(f"/api/v1/cases/{case.id}/subjects",
                    json={**business, "registration_number": "12-3456789"}).status_code == 201


@pytest.mark.parametrize("change, said", [({"dob": "1956-04-28"}, "born 04/27/1956"), ({"sex": "M"}, "sex Female")])
def test_a_curp_that_disagrees_with_the_record_is_refused_unless_confirmed_with_a_reason(client, make, change, said):
    _agent, api, case = person_api(client, make)
    response = api.post(f"/api/v1/cases/{case.id}/subjects", json={**PERSON, **change})
    assert response.status_code == 400
    message = response.get_json()["error"]["fields"]["curp_mismatch_reason"]
    assert VALID_CURP in message and said in message
    confirmed = api.post(f"/api/v1/cases/{case.id}/subjects",
                         json={**PERSON, **change, "curp_mismatch_reason": "Birth certificate seen at the port"})
    assert confirmed.status_code == 201, confirmed.get_json()
    record = api.get(f"/api/v1/subjects/{confirmed.get_json()['id']}").get_json()
    assert record["curp_mismatch_reason"] == "Birth certificate seen at the port"


def test_the_form_refuses_a_disagreeing_curp_in_spanish_and_takes_the_reason(client, make):
    agent, _api, case = person_api(client, make, "es")
    login(client, agent)
    data = {"role": "suspect", "predicate": "Compra de armas por encargo",
            **form_data("person", {**PERSON, "dob": "1956-04-28"})}
    url = f"/cases/{case.id}/subjects/new?kind=person"
    refused = post_form(client, url, data)
    assert refused.status_code == 422
    assert "nació el 27/04/1956" in refused.text and 'name="curp_mismatch_reason"' in refused.text
    accepted = post_form(client, url, {**data, "curp_mismatch_reason": "Acta de nacimiento a la vista"})
    assert accepted.status_code == 302, accepted.text


# What the pages show


def record_page(client, make, locale):
    agent, api, case = person_api(client, make, locale)
    person = api.post(f"/api/v1/cases/{case.id}/subjects", json=PERSON).get_json()["id"]
    gun = api.post(f"/api/v1/cases/{case.id}/subjects", json={
        "kind": "firearm", "role": "other", "make": "Colt", "firearm_type": "rifle", "serial_number": "LW123456"})
    phone = api.post(f"/api/v1/cases/{case.id}/subjects", json={"kind": "phone", "role": "suspect",
                                                                 "number": "+526621234567"})
    car = api.post(f"/api/v1/cases/{case.id}/subjects", json={"kind": "vehicle", "role": "other",
                                                               "plate": "VZX1234", "plate_region": "SON"})
    login(client, agent)
    return agent, case, {name: client.get(f"/subjects/{rid}").text for name, rid in (
        ("person", person), ("gun", gun.get_json()["id"]), ("phone", phone.get_json()["id"]),
        ("car", car.get_json()["id"]))}


def facts(html: str) -> str:
    """The text of a page's fact lists (what the record says), tags dropped."""
    return " ".join(re.sub(r"<[^>]+>", " ", block) for block in re.findall(r'<dl class="facts">(.*?)</dl>', html,
                                                                           re.S))


def test_a_spanish_record_page_shows_words_names_and_local_dates(client, make):
    _agent, _case, pages = record_page(client, make, "es")
    person, gun, phone, car = (facts(pages[k]) for k in ("person", "gun", "phone", "car"))
    for text in ("Mujer", "México", "CURP", VALID_CURP, "27/04/1956"):
        assert text in person, text
    assert "Rifle" in gun or "Fusil" in gun
    assert "662 123 4567" in phone and "+526621234567" not in phone  # an FGR reader: the national form
    assert "Sonora" in car
    for raw in (">F<", " MX ", "curp ", "1956-04-27", " rifle ", " SON "):
        assert raw not in f" {person} {gun} {car} ", raw


def test_an_english_record_page_shows_a_foreign_phone_internationally(client, make):
    agent = make.user("ATF")
    api, case = Api(client, make.token(agent)), make.case(agent)
    phone = api.post(f"/api/v1/cases/{case.id}/subjects", json={"kind": "phone", "role": "suspect",
                                                                 "number": "+526621234567"}).get_json()["id"]
    login(client, agent)
    assert "+52 662 123 4567" in facts(client.get(f"/subjects/{phone}").text)


def test_tables_show_dates_as_the_reader_writes_them(client, make):
    agent = make.user("FGR", locale="es")
    make.case(agent, opened_on=date(2026, 3, 9))
    login(client, agent)
    page = client.get("/cases/").text
    assert "09/03/2026" in page and "2026-03-09" not in page
    english = make.user("ATF")
    make.case(english, opened_on=date(2026, 3, 9))
    logout(client)
    login(client, english)
    assert "03/09/2026" in client.get("/cases/").text


def test_countries_and_time_zones_are_chosen_by_name(client, make):
    agent = make.user("FGR", locale="es")
    login(client, agent)
    settings = client.get("/account").text
    assert "hora de México (Hermosillo)" in settings and ">America/Hermosillo<" not in settings
    case = make.case(agent)
    form = client.get(f"/cases/{case.id}/subjects/new?kind=person").text
    assert '<option value="MX">México</option>' in form
    # In the reader's alphabetical order: Alemania before Estados Unidos before México.
    assert form.index(">Alemania<") < form.index(">Estados Unidos<") < form.index(">México<")


def test_cross_border_agrees_with_the_kind_in_spanish(client, make):
    agent = make.user("FGR", locale="es")
    case = make.case(agent)
    operation = make.operation(agent, case, kind="controlled_delivery", cross_border=True)
    login(client, agent)
    page = client.get(f"/operations/{operation.id}").text
    assert "Entrega vigilada" in page and "transfronteriza" in page


def test_numbers_are_grouped_as_the_readers_country_writes_them(client, make):
    """A Mexican reader of Spanish writes 1,234,567 (CLDR's es_MX), not Spain's 1.234.567."""
    from coordinator.outcomes.funnel import record_asset_seizure

    agent = make.user("FGR", locale="es")
    case = make.case(agent)
    record_asset_seizure(db.session, agent, case, {"seized_on": date(2026, 2, 1), "kind": "currency",
                                                  "amount": 1234567, "currency": "MXN"})
    db.session.commit()
    login(client, agent)
    page = client.get(f"/cases/{case.id}").text
    assert "1,234,567" in page and "1.234.567" not in page
    with client.application.test_request_context():
        from flask_login import login_user

        from coordinator.formats import number

        login_user(agent)
        assert number(1234567.5) == "1,234,567.5"
