"""Controls that say what they do: approve and cancel apart, a confirmed override, "awaiting my approval",
one alert per pair of operations, an edit that voids clearances, a clearance nobody can decide."""
from __future__ import annotations

import re

from coordinator.conflicts.models import AlertSide, ConflictAlert
from coordinator.extensions import db

from .factories import Api, csrf_token, login, post_form
from .test_deconfliction import agency_api, operation_body

PHONE = {"kind": "phone", "role": "suspect", "number": "+52 662 123 4567"}


def operation_alerts(*operation_ids: int) -> list[ConflictAlert]:
    db.session.expire_all()
    sides = db.select(AlertSide.alert_id).where(AlertSide.record_type == "operation",
                                                AlertSide.record_id.in_(operation_ids))
    return list(db.session.scalars(db.select(ConflictAlert).where(ConflictAlert.id.in_(sides))))


def test_two_operations_on_the_same_target_at_the_same_place_raise_one_alert(client, make):
    _a, atf, atf_case = agency_api(client, make, "ATF")
    _b, ice, ice_case = agency_api(client, make, "ICE")
    atf_phone = atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json=PHONE).get_json()["id"]
    ice_phone = ice.post(f"/api/v1/cases/{ice_case.id}/subjects", json=PHONE).get_json()["id"]
    first = atf.post("/api/v1/operations", json=operation_body(atf_case.id, kind="surveillance",
                                                               target_subject_ids=[atf_phone]))
    second = ice.post("/api/v1/operations", json=operation_body(ice_case.id, kind="surveillance",
                                                                target_subject_ids=[ice_phone]))
    assert first.status_code == second.status_code == 201
    ids = first.get_json()["id"], second.get_json()["id"]
    found = operation_alerts(*ids)
    assert len(found) == 1, [a.pair for a in found]
    alert = found[0]
    assert alert.severity == "critical"
    conflict = second.get_json()["conflicts"]
    assert len(conflict) == 1
    reasons = [r["text"] if isinstance(r, dict) else str(r) for r in conflict[0]["reasons"]]
    assert "same subject" in reasons[0] and len(reasons) >= 2, reasons  # the target first, then place and time


# The operation page's moves

from coordinator.operations.models import Operation, OperationEvent  # noqa: E402

from .test_review_lifecycle import critical_pair, delivery, team  # noqa: E402


def status_of(operation_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Operation, operation_id).status


def test_approve_and_cancel_are_apart_each_with_its_own_reason(client, make):
    _agent, atf, case, boss, _ = team(client, make, "ATF")
    operation = atf.post("/api/v1/operations", json=operation_body(case.id)).get_json()
    login(client, boss)
    page = client.get(f"/operations/{operation['id']}").text
    assert "Approve (clear) the operation" in page and ">Clear<" not in page
    approve = page[page.index('class="transition transition-cleared"'):page.index('class="transition transition-cancelled"')]
    cancel = page[page.index('class="transition transition-cancelled"'):]
    assert 'id="reason-cleared"' in approve and "Cancel the operation" not in approve
    assert 'id="reason-cancelled"' in cancel and "Why the operation is cancelled" in cancel
    done = post_form(client, f"/operations/{operation['id']}/transition",
                     {"to": "cancelled", "reason": "target moved to Tucson"}, form_url=f"/operations/{operation['id']}")
    assert done.status_code == 302 and status_of(operation["id"]) == "cancelled"
    event = db.session.scalar(db.select(OperationEvent).where(OperationEvent.operation_id == operation["id"],
                                                              OperationEvent.to_status == "cancelled"))
    assert event.reason == "target moved to Tucson"


def test_an_override_asks_for_confirmation_then_says_what_happened(client, make):
    _atf, atf_boss, mine, _ice_boss, alert, _ = critical_pair(client, make)
    assert atf_boss.post(f"/api/v1/operations/{mine['id']}/transition", json={"to": "cleared"}).status_code == 200
    boss = make.user("ATF", role="supervisor")
    login(client, boss)
    url = f"/operations/{mine['id']}"
    page = client.get(url).text
    assert "goes active only once they are resolved" in page and 'id="override"' in page
    asked = post_form(client, f"{url}/transition",
                      {"to": "active", "override": "y", "reason": "ICE stands down at 09:00"}, form_url=url)
    assert asked.status_code == 200 and "Confirm the override" in asked.text
    assert f"critical alert(s) {alert['id']} are unresolved" in asked.text and "ICE stands down at 09:00" in asked.text
    assert status_of(mine["id"]) == "cleared"  # nothing moved yet
    token = csrf_token(asked.text)
    done = client.post(f"{url}/transition", data={"to": "active", "override": "y", "confirmed": "y",
                                                  "reason": "ICE stands down at 09:00", "csrf_token": token})
    assert done.status_code == 302 and status_of(mine["id"]) == "active"
    after = client.get(url).text
    assert f"active over unresolved critical alert(s) {alert['id']}" in after
    assert "goes active only once they are resolved" not in after
    assert "went active over them by a supervisor" in after


def test_a_supervisor_approves_from_awaiting_my_approval(client, make):
    _agent, atf, case, boss, _ = team(client, make, "ATF")
    plain = atf.post("/api/v1/operations", json=operation_body(case.id, title="Buyers at the show")).get_json()
    crossing = atf.post("/api/v1/operations", json=delivery(case.id)).get_json()
    login(client, boss)
    home = client.get("/review/approvals")
    assert home.status_code == 200
    text = home.text
    assert "Buyers at the show" in text and "Rifles to Nogales" in text
    assert "Waiting for the clearance of ICE, CBP, FGR" in text
    assert re.search(r"Awaiting my approval\s*<span[^>]*>2<", client.get("/home").text) or \
        "Awaiting my approval" in client.get("/home").text
    done = client.post(f"/operations/{plain['id']}/transition",
                       data={"to": "cleared", "back": "approvals", "reason": "", "csrf_token": csrf_token(text)})
    assert done.status_code == 302 and done.headers["Location"].endswith("/review/approvals")
    assert status_of(plain["id"]) == "cleared"
    after = client.get("/review/approvals").text
    assert "Operation approved: it is now cleared." in after and "Buyers at the show" not in after


def test_only_supervisors_have_an_approval_list(client, make):
    agent = make.user("ATF")
    login(client, agent)
    assert client.get("/review/approvals").status_code == 403
    assert "Awaiting my approval" not in client.get("/home").text


# An edit that voids clearances; a clearance nobody can decide

from datetime import timedelta  # noqa: E402

from coordinator.notifications.models import Notification  # noqa: E402

from .test_review_lifecycle import IN_A_WEEK, decisions  # noqa: E402
from .test_operations import browser_form  # noqa: E402


def test_an_edit_that_voids_clearances_asks_first_and_says_so_after(client, make):
    agent, atf, case, boss, atf_boss = team(client, make, "ATF")
    bosses = {code: Api(client, make.token(make.user(code, role="supervisor"))) for code in ("ICE", "CBP", "FGR")}
    operation = atf.post("/api/v1/operations", json=delivery(case.id)).get_json()
    path = f"/api/v1/operations/{operation['id']}"
    for api in bosses.values():
        assert api.post(f"{path}/clearances", json={"decision": "granted"}).status_code == 200
    assert atf_boss.post(f"{path}/transition", json={"to": "cleared"}).status_code == 200
    login(client, agent)
    url = f"/operations/{operation['id']}/edit"
    later = (IN_A_WEEK + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    until = (IN_A_WEEK + timedelta(days=1, hours=4)).strftime("%Y-%m-%dT%H:%M")
    data = {**browser_form(case.id, kind="controlled_delivery", title="Rifles to Nogales", latitude="31.3404",
                           longitude="-110.9343", radius_m="500", venue="DeConcini port of entry",
                           timezone="America/Phoenix", starts_at=later, ends_at=until),
            "cross_border": "y", "confirm_location": "y"}
    asked = post_form(client, url, data)
    assert asked.status_code == 422
    assert "voids the clearances ICE, CBP, FGR gave" in asked.text and 'name="confirm_void_clearances"' in asked.text
    assert status_of(operation["id"]) == "cleared" and set(decisions(operation["id"]).values()) == {"granted"}
    saved = post_form(client, url, {**data, "confirm_void_clearances": "y"})
    assert saved.status_code == 302, saved.text
    assert status_of(operation["id"]) == "planned" and set(decisions(operation["id"]).values()) == {"pending"}
    page = client.get(f"/operations/{operation['id']}").text
    assert "The clearances of ICE, CBP, FGR were voided by the change" in page
    # A change that voids nothing is saved at once, as before.
    assert post_form(client, url, {**data, "title": "Rifles to Nogales, day 2"}).status_code == 302


def test_a_clearance_awaited_from_an_agency_without_a_supervisor_tells_the_owner_and_the_administrators(client, make):
    agent, atf, case, boss, _ = team(client, make, "ATF")
    admin = make.user("ATF", role="admin")
    ice_boss = make.user("ICE", role="supervisor")
    make.user("FGR", role="supervisor")
    make.user("CBP")  # an agent: nobody at CBP can decide
    operation = atf.post("/api/v1/operations", json=delivery(case.id)).get_json()
    told = db.session.execute(db.select(Notification.user_id, Notification.kind, Notification.params)).all()
    lonely = [(user_id, params) for user_id, kind, params in told if kind == "clearance_without_supervisor"]
    assert {user_id for user_id, _ in lonely} >= {agent.id, boss.id, admin.id}
    assert all(params["clearing_agency"] == "CBP" for _, params in lonely)
    assert (ice_boss.id, "clearance_requested") in {(u, k) for u, k, _ in told}
    login(client, admin)
    page = client.get("/notifications/").text
    assert "Nobody at CBP can clear “Rifles to Nogales”" in page


def test_only_a_supervisor_is_asked_to_confirm_an_override(client, make):
    _atf, atf_boss, mine, _ice_boss, _alert, _ = critical_pair(client, make)
    assert atf_boss.post(f"/api/v1/operations/{mine['id']}/transition", json={"to": "cleared"}).status_code == 200
    agent = make.user("ATF")
    login(client, agent)
    url = f"/operations/{mine['id']}"
    refused = post_form(client, f"{url}/transition", {"to": "active", "override": "y", "reason": "I say so"},
                        form_url=url)
    assert refused.status_code == 403 and status_of(mine["id"]) == "cleared"
