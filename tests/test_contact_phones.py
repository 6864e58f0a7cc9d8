"""A point of contact's phone is read as its country writes it, on every page and message that names it.

The number itself stays as stored where a program reads it: in ``tel:``
links and in the API's ``poc.phone`` (the contract's field).
"""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from coordinator.conflicts.models import ConflictAlert
from coordinator.extensions import db
from coordinator.notifications.models import OutboxMessage
from coordinator.types import utcnow

from .factories import Api, login, logout, post_form

MEXICAN, AMERICAN = "+526621234567", "+16025550141"
# The FGR agent is Mexican and reads Spanish; the ATF agent reads English in the US.
READ_BY_ATF = "+52 662 123 4567"  # a foreign number: international form
READ_BY_FGR = "+1 602-555-0141"
OWN_BY_FGR = "662 123 4567"  # the reader's own country: national form


def shown(html: str) -> str:
    """What a reader sees: the page's text without tags (so without the ``tel:`` links)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture()
def pair(make):
    """FGR, then ATF, watch the same place at the same time: one critical alert between them."""
    atf = make.user("ATF", phone=AMERICAN, name="Dana Whitfield")
    fgr = make.user("FGR", phone=MEXICAN, name="Rosa Quintero", locale="es")
    start = utcnow().replace(microsecond=0) + timedelta(days=2)
    window = {"starts_at": start, "ends_at": start + timedelta(hours=6)}
    fgr_op = make.operation(fgr, make.case(fgr, lead_agent_id=fgr.id), title="Casa de seguridad", **window)
    atf_op = make.operation(atf, make.case(atf, lead_agent_id=atf.id), title="Stash house", **window)
    alert = db.session.scalar(db.select(ConflictAlert))
    return {"atf": atf, "fgr": fgr, "atf_op": atf_op.id, "fgr_op": fgr_op.id, "alert": alert.id}


def test_the_operations_pages_group_the_other_agencys_number_in_english_and_spanish(client, pair):
    login(client, pair["atf"])
    for url in (f"/operations/{pair['atf_op']}/receipt", f"/operations/{pair['atf_op']}",
                f"/review/alerts/{pair['alert']}", "/home"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert READ_BY_ATF in shown(page.text) and MEXICAN not in shown(page.text), url
    receipt = client.get(f"/operations/{pair['atf_op']}/receipt").text
    assert f'href="tel:{MEXICAN}"' in receipt  # a phone dials the stored number
    logout(client)
    login(client, pair["fgr"])
    # FGR's receipt found nothing then: its own point of contact, read at home.
    receipt = shown(client.get(f"/operations/{pair['fgr_op']}/receipt").text)
    assert "Recibo de deconflicción" in receipt or "Recibo" in receipt  # the Spanish page
    assert OWN_BY_FGR in receipt and MEXICAN not in receipt
    for url in (f"/operations/{pair['fgr_op']}", f"/review/alerts/{pair['alert']}", "/home"):
        page = shown(client.get(url).text)
        assert READ_BY_FGR in page and AMERICAN not in page, url


def test_the_supervisors_queue_and_the_watch_board_group_them_too(client, make, pair):
    login(client, make.user("ATF", role="supervisor"))
    queue = shown(client.get("/review/alerts").text)
    assert READ_BY_ATF in queue and MEXICAN not in queue
    logout(client)
    login(client, make.user("CBP", role="watch", locale="es"))
    board = client.get("/watch/").text
    assert "(602) 555-0141" in shown(board) and READ_BY_ATF in shown(board)  # CBP is in the US
    assert AMERICAN not in shown(board) and MEXICAN not in shown(board)
    assert f'href="tel:{MEXICAN}"' in board


def test_an_inquiry_and_a_clearance_request_group_the_number(client, make):
    atf = make.user("ATF", phone=AMERICAN)
    make.subject(atf, make.case(atf, lead_agent_id=atf.id), kind="phone", number="+16025550199")
    fgr = make.user("FGR", locale="es")
    case = make.case(fgr)
    login(client, fgr)
    answer = post_form(client, "/inquiries?kind=phone", {"role": "other", "case_id": case.id, "reason": "Informante",
                                                         "number": "+1 602 555 0199"})
    assert answer.status_code == 200, re.findall(r"class=\"error\">([^<]*)", answer.text)
    assert READ_BY_FGR in shown(answer.text) and AMERICAN not in shown(answer.text)
    logout(client)
    # A cross-border operation of ATF's waits on FGR's clearance; FGR's supervisor reads its contact.
    start = utcnow().replace(microsecond=0) + timedelta(days=7)
    body = {"case_id": make.case(atf).id, "kind": "controlled_delivery", "title": "Rifles to Nogales",
            "cross_border": True, "latitude": 31.3404, "longitude": -110.9343, "radius_m": 500,
            "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=8)).isoformat(),
            "poc_name": "Dana Whitfield", "poc_phone": AMERICAN}
    operation = Api(client, make.token(atf)).post("/api/v1/operations", json=body)
    assert operation.status_code == 201, operation.get_json()
    assert operation.get_json().get("poc_phone", AMERICAN) == AMERICAN  # the API keeps the stored number
    login(client, make.user("FGR", role="supervisor", locale="es"))
    page = shown(client.get(f"/review/clearances/{operation.get_json()['id']}").text)
    assert READ_BY_FGR in page and AMERICAN not in page


def test_the_api_keeps_the_stored_number(client, make, pair):
    api = Api(client, make.token(pair["atf"]))
    conflicts = api.get("/api/v1/conflicts?status=open").get_json()["items"]
    assert conflicts[0]["other"]["poc"]["phone"] == MEXICAN


def test_messages_about_an_alert_group_the_number_for_their_reader(make, pair):
    """The e-mail (and the in-app notice, from the same words) of the alert each agent was sent."""
    mail = {m.user_id: m.body for m in db.session.scalars(db.select(OutboxMessage))}
    assert READ_BY_ATF in mail[pair["atf"].id] and MEXICAN not in mail[pair["atf"].id]
    assert READ_BY_FGR in mail[pair["fgr"].id] and AMERICAN not in mail[pair["fgr"].id]



# A number typed without its country code means the writer's own country: a Mexican officer's "662 123 4567" is
# Hermosillo, not Mississippi's area code 662, for every reader.
NATIONAL_MX = "662 123 4567"


def _two_operations(make) -> tuple:
    atf = make.user("ATF", phone=AMERICAN)
    fgr = make.user("FGR", phone=MEXICAN, locale="es")
    start = utcnow().replace(microsecond=0) + timedelta(days=2)
    window = {"starts_at": start, "ends_at": start + timedelta(hours=6)}
    fgr_op = make.operation(fgr, make.case(fgr), title="Casa de seguridad", **window)
    atf_op = make.operation(atf, make.case(atf), title="Stash house", **window)
    return atf, fgr, fgr_op.id, atf_op.id


def test_a_contact_phone_typed_without_its_country_code_is_stored_in_the_writers_country(client, make):
    fgr = make.user("FGR", locale="es")
    atf = make.user("ATF")
    start = utcnow().replace(microsecond=0) + timedelta(days=3)
    body = {"kind": "surveillance", "title": "Vigilancia", "latitude": 29.0729, "longitude": -110.9559,
            "radius_m": 300, "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=4)).isoformat()}
    mexican = Api(client, make.token(fgr)).post("/api/v1/operations", json={
        **body, "case_id": make.case(fgr).id, "poc_phone": NATIONAL_MX})
    assert mexican.status_code == 201, mexican.get_json()
    assert mexican.get_json()["poc_phone"] == MEXICAN
    american = Api(client, make.token(atf)).post("/api/v1/operations", json={
        **body, "case_id": make.case(atf).id, "latitude": 33.4484, "longitude": -112.074,
        "poc_phone": "(602) 555-0100"})
    assert american.status_code == 201, american.get_json()
    assert american.get_json()["poc_phone"] == "+16025550100"
    # Text that is no number is kept as typed: the writer's words are not lost.
    changed = Api(client, make.token(fgr)).patch(f"/api/v1/operations/{mexican.get_json()['id']}",
                                                 json={"poc_phone": "radio canal 4"})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["poc_phone"] == "radio canal 4"


def test_an_old_contact_phone_without_its_country_code_is_read_in_its_agencys_country(client, make):
    from coordinator.operations.models import Operation

    atf, fgr, fgr_op, atf_op = _two_operations(make)
    db.session.get(Operation, fgr_op).poc_phone = NATIONAL_MX  # stored as typed, before numbers were normalised
    db.session.commit()
    alert = db.session.scalar(db.select(ConflictAlert))
    login(client, atf)
    for url in (f"/operations/{atf_op}/receipt", f"/review/alerts/{alert.id}", "/home"):
        page = client.get(url)
        assert READ_BY_ATF in shown(page.text) and "(662) 123-4567" not in shown(page.text), url
    assert f'href="tel:{MEXICAN}"' in client.get(f"/operations/{atf_op}/receipt").text  # dials Mexico
    api = Api(client, make.token(atf))
    assert api.get("/api/v1/conflicts?status=open").get_json()["items"][0]["other"]["poc"]["phone"] == MEXICAN
    logout(client)
    login(client, fgr)
    assert OWN_BY_FGR in shown(client.get(f"/operations/{fgr_op}").text)


def test_a_user_phone_typed_without_its_country_code_is_stored_in_the_users_country(client, make):
    fgr = make.user("FGR", phone=NATIONAL_MX, locale="es")
    assert fgr.phone == MEXICAN
    login(client, fgr)
    saved = post_form(client, "/account", {"locale": "es", "timezone": "America/Hermosillo", "phone": "662 765 4321"})
    assert saved.status_code == 302, re.findall(r"class=\"error\">([^<]*)", saved.text)
    db.session.refresh(fgr)
    assert fgr.phone == "+526627654321"
