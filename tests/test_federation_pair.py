"""Two sovereign instances, "us" and "mx", peered over loopback: each deconflicts with the other's data
without receiving it.

Two databases, two waitress processes; every message between them passes
a recording relay (tests/federation_pair.py), whose capture must hold no
name, number, serial, case number or title in the clear. The tests run in
order and share the pair; each uses its own data.
"""
from __future__ import annotations

import json
import re
import shutil
import tempfile
from datetime import datetime, timedelta, timezone

import pytest
import requests

from .conftest import BACKENDS
from .federation_pair import Capture, Relay, new_instance, prepare

SHOW_POINT = {"latitude": 33.4484, "longitude": -112.0740}
# Everything either side registers in the clear; the capture must contain none of it. The points of
# contact ("Dana Prior", "Ana Ruiz") do cross, by design, but only after a hit: in the answer that
# names the hit, and in the asker's contact for it.
CLEAR = {
    "case numbers": ["ATF-2026-77411", "FGR-CDMX-2026-0093"],
    "titles": ["Operation Dry Creek", "Carpeta Sierra Alta", "Crossroads show watch", "Vigilancia feria armas"],
    "names": ["José Luis", "Hernández", "Vázquez", "Hernandes", "Vazquez", "Jose Luis", "María", "Ortega"],
    "numbers": ["6025550147", "602-555-0147", "AZK4471", "XK7731Q", "SER4471", "+52 55 1234 9876", "5512349876"],
}


@pytest.fixture(scope="module", params=BACKENDS)
def pair(request):
    """us (ATF) and mx (FGR), each with an agent and a supervisor, peered through recording relays."""
    from .conftest import _drop_postgres_database, _postgres_database

    dropped = []
    if request.param == "sqlite":
        urls = []
        for name in ("us", "mx"):
            folder = tempfile.mkdtemp(prefix=f"fed-db-{name}-")
            urls.append(f"sqlite:///{folder}/{name}.sqlite")
    else:
        urls = []
        for _ in range(2):
            server, name = _postgres_database()
            dropped.append((server, name))
            urls.append("postgresql+psycopg://" + server.split("://", 1)[1] + "/" + name)
    us, mx = new_instance("us", urls[0]), new_instance("mx", urls[1])
    prepare(us, {"agent": ("ATF", "agent"), "boss": ("ATF", "supervisor")})
    prepare(mx, {"agent": ("FGR", "agent"), "boss": ("FGR", "supervisor")})
    capture = Capture()
    to_mx, to_us = Relay(mx.url, capture), Relay(us.url, capture)
    for here, there, relay in ((us, mx, to_mx), (mx, us, to_us)):
        shown = there.flask("federation", "identity")
        assert shown.returncode == 0, shown.stderr
        identity = json.loads(shown.stdout)
        assert identity["name"] == there.name and identity["url"] == there.url
        added = here.flask("federation", "add-peer", "--name", identity["name"], "--url", relay.url,
                           "--key", identity["key"])
        assert added.returncode == 0, added.stderr
    us.start()
    mx.start()
    try:
        yield us, mx, capture
    finally:
        for instance in (us, mx):
            instance.stop()
            shutil.rmtree(instance.folder, ignore_errors=True)
        to_mx.close()
        to_us.close()
        for server, name in dropped:
            _drop_postgres_database(server, name)


def _case(instance, number: str, title: str) -> int:
    response = instance.api("POST", "/cases", "agent", json={
        "number": number, "title": title, "case_type": "firearms_trafficking", "opened_on": "2026-01-15",
        "initiated_by": "trace", "mexico_nexus": True})
    assert response.status_code == 201, response.text
    return response.json()["id"]


@pytest.fixture(scope="module")
def cases(pair):
    us, mx, _capture = pair
    return _case(us, "ATF-2026-77411", "Operation Dry Creek"), _case(mx, "FGR-CDMX-2026-0093", "Carpeta Sierra Alta")


def _subject(instance, case_id: int, kind: str, **fields) -> dict:
    response = instance.api("POST", f"/cases/{case_id}/subjects", "agent", json={"kind": kind, "role": "suspect",
                                                                                 **fields})
    assert response.status_code == 201, response.text
    return response.json()


def _open(instance, user: str = "agent") -> list[dict]:
    response = instance.api("GET", "/conflicts?status=open", user)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def _from_peer(conflicts: list[dict], instance: str) -> list[dict]:
    return [c for c in conflicts if c["other"].get("instance") == instance]


def test_the_gun_show_across_instances_is_critical_on_both_sides_with_each_others_contact(pair, cases):
    us, mx, _capture = pair
    start = (datetime.now(timezone.utc) + timedelta(days=10)).replace(hour=16, minute=0, second=0, microsecond=0)
    window = {"starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=6)).isoformat()}
    first = us.api("POST", "/operations", "agent", json={
        "case_id": cases[0], "kind": "gun_show_surveillance", "title": "Crossroads show watch", **window,
        **SHOW_POINT, "radius_m": 300, "poc_name": "Dana Prior", "poc_phone": "+1 602 555 0110"})
    assert first.status_code == 201, first.text
    assert first.json()["peers"] == {"checked": ["mx"], "not_checked": []}
    second = mx.api("POST", "/operations", "agent", json={
        "case_id": cases[1], "kind": "gun_show_surveillance", "title": "Vigilancia feria armas", **window,
        **SHOW_POINT, "radius_m": 200, "confirm_location": True, "poc_name": "Ana Ruiz",
        "poc_phone": "+52 55 5555 0111"})
    assert second.status_code == 201, second.text
    found = _from_peer(second.json()["conflicts"], "us")
    assert [(c["severity"], c["kind"], c["other"]["agency"]) for c in found] == [("critical", "event", "ATF")]
    assert found[0]["other"]["poc"]["name"] == "Dana Prior"
    theirs = _from_peer(_open(us), "mx")
    assert [(c["severity"], c["other"]["agency"], c["other"]["poc"]["name"]) for c in theirs] == \
        [("critical", "FGR", "Ana Ruiz")]


def test_the_same_phone_plate_and_serial_across_instances(pair, cases):
    us, mx, _capture = pair
    _subject(us, cases[0], "phone", number="602-555-0147")
    _subject(us, cases[0], "vehicle", plate="AZK4471", plate_region="AZ")
    _subject(us, cases[0], "firearm", make="Colt", serial_number="SER4471")
    phone = _subject(mx, cases[1], "phone", number="+1 (602) 555 0147")
    plate = _subject(mx, cases[1], "vehicle", plate="AZK-4471", plate_region="AZ")
    serial = _subject(mx, cases[1], "firearm", make="COLT", serial_number="ser-4471")
    for answer, kind in ((phone, "phone"), (plate, "vehicle"), (serial, "firearm")):
        found = _from_peer(answer["conflicts"], "us")
        assert [(c["other"]["agency"], c["other"]["record_kind"], c["level"]) for c in found] == \
            [("ATF", kind, "match")], answer
        assert found[0]["other"]["poc"]["name"]
    kinds = sorted(c["this"]["kind"] for c in _from_peer(_open(us), "mx") if c["kind"] == "subject")
    assert kinds == ["firearm", "phone", "vehicle"]


def test_a_person_with_a_spelling_variant_meets_through_the_name_encodings(pair, cases):
    us, mx, _capture = pair
    _subject(us, cases[0], "person", first_name="José Luis", last_name="Hernández", second_last_name="Vázquez",
             dob="1984-03-12", sex="M", nationality="MX")
    variant = _subject(mx, cases[1], "person", first_name="Jose Luis", last_name="Hernandes",
                       second_last_name="Vazquez", dob="1984-03-12", sex="M", nationality="MX")
    found = _from_peer(variant["conflicts"], "us")
    assert [(c["other"]["record_kind"], c["kind"]) for c in found] == [("person", "subject")]
    other = _subject(mx, cases[1], "person", first_name="María", last_name="Ortega", second_last_name="Salas",
                     dob="1984-03-12", sex="F", nationality="MX")
    assert _from_peer(other["conflicts"], "us") == []  # same date of birth, another person
    assert any(c["this"]["kind"] == "person" for c in _from_peer(_open(us), "mx"))


def test_a_registration_rolled_back_after_the_peer_answered_leaves_the_peer_no_alert(pair, cases):
    """mx registers in its own process (in-process here, on mx's database): us answers the hit, then mx's
    transaction rolls back; us has raised nothing. Registered again and committed, both sides hold the alert."""
    from pathlib import Path

    from coordinator import create_app
    from coordinator.boundary import run_after_commit
    from coordinator.extensions import db
    from coordinator.subjects.services import add_subject

    from .factories import Factories
    from .federation_pair import SECRET

    us, mx, _capture = pair
    mine = _subject(us, cases[0], "phone", number="+1 520 555 0188")
    app = create_app({"SQLALCHEMY_DATABASE_URI": mx.database_url, "FEDERATION_NAME": "mx", "FEDERATION_SECRET": SECRET,
                      "FEDERATION_KEY": mx.key, "PUBLIC_URL": mx.url,
                      "AUDIT_CHECKPOINT_FILE": str(Path(mx.folder) / "checkpoint.txt")})
    with app.app_context():
        make = Factories(db.session)
        agent = make.user("FGR")
        case = make.case(agent)
        record = add_subject(db.session, agent, case, "phone", "suspect", {"number": "+1 (520) 555-0188"})
        assert record.id  # us was asked and answered the hit before this transaction ends
        db.session.rollback()
        assert [c for c in _from_peer(_open(us), "mx") if c["this"]["id"] == mine["id"]] == []
        add_subject(db.session, agent, case, "phone", "suspect", {"number": "+1 (520) 555-0188"})
        db.session.commit()
        run_after_commit(db.session)  # as the request boundary does: the contact leaves once the record is kept
        db.session.remove()
        db.engine.dispose()
    kept = [c for c in _from_peer(_open(us), "mx") if c["this"]["id"] == mine["id"]]
    assert [(c["other"]["agency"], c["level"]) for c in kept] == [("FGR", "match")]


def test_acknowledged_and_resolved_on_one_side_shows_on_the_other(pair, cases):
    us, mx, _capture = pair
    alert = next(c for c in _from_peer(_open(mx), "us") if c["this"]["kind"] == "phone")
    assert mx.api("POST", f"/conflicts/{alert['id']}/acknowledge", "agent").status_code == 200
    mirrored = next(c for c in _from_peer(_open(us), "mx") if c["this"]["kind"] == "phone")
    assert mirrored["other"]["status"] == "acknowledged"
    resolved = us.api("POST", f"/conflicts/{mirrored['id']}/resolve", "boss",
                      json={"resolution": "joint", "note": "called"})
    assert resolved.status_code == 200, resolved.text
    again = mx.api("GET", f"/conflicts/{alert['id']}", "agent").json()
    assert again["other"]["status"] == "deconflicted"


def test_a_stopped_peer_is_named_unchecked_and_the_queued_check_raises_both_sides_later(pair, cases):
    us, mx, _capture = pair
    _subject(mx, cases[1], "phone", number="+52 55 1234 9876")
    mx.stop()
    try:
        asked = _subject(us, cases[0], "phone", number="+52 5512349876")
        assert asked["peers"] == {"checked": [], "not_checked": ["mx"]}
        assert _from_peer(asked["conflicts"], "mx") == []
    finally:
        mx.start()
    worked = us.flask("federation", "work")
    assert worked.returncode == 0, worked.stderr
    late = [c for c in _from_peer(_open(us), "mx") if c["this"]["id"] == asked["id"]]
    assert len(late) == 1 and late[0]["other"]["agency"] == "FGR"
    there = [c for c in _from_peer(_open(mx), "us") if c["this"]["kind"] == "phone" and c["status"] == "open"]
    assert any(c["other"]["agency"] == "ATF" and c["other"]["poc"]["name"] for c in there)
    receipt = us.api("GET", f"/subjects/{asked['id']}", "agent").json()
    assert receipt["peers"]["checked_later"] == ["mx"] and receipt["peers"]["not_checked"] == []


def test_replayed_tampered_and_unsigned_messages_are_refused_across_processes(pair, cases):
    us, mx, capture = pair
    path, headers, body = next(m for m in capture.messages if m[0].endswith("/checks") and m[1].get("Signature"))
    url = mx.url + path
    replayed = requests.post(url, data=body, headers=headers, timeout=10)
    assert replayed.status_code == 401 and "replayed" in replayed.text
    tampered = requests.post(url, data=body.replace(b'"kind":"', b'"kind":"x'), headers=headers, timeout=10)
    assert tampered.status_code == 401
    unsigned = requests.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=10)
    assert unsigned.status_code == 401


def test_the_capture_holds_no_name_number_serial_case_number_or_title(pair, cases):
    _us, _mx, capture = pair
    assert len(capture.messages) > 10
    text = "\n".join(json.dumps(headers) + body.decode("utf-8", "replace")
                     for _path, headers, body in capture.messages)
    folded = text.lower()
    for what, values in CLEAR.items():
        for value in values:
            assert value.lower() not in folded, f"{what}: {value!r} crossed in the clear"
    # Hashes, signatures, nonces and references are long runs of hex or base64 that may hold any four digits.
    readable = re.sub(r"[A-Za-z0-9+/=_-]{16,}", " ", text)
    for digits in ("6025550147", "5512349876", "4471"):
        assert digits not in readable
    questions = [body for path, _headers, body in capture.messages if path.endswith("/checks")]
    # The point of contact is no field of a question ("poc" read as a word, not inside a reference's random letters).
    words = [re.sub(rb"[A-Za-z0-9+/=_-]{16,}", b" ", q) for q in questions]
    assert questions and not any(b"Dana Prior" in q or b"Ana Ruiz" in q or b"poc" in q for q in words)
