"""The operation lifecycle: clearances for cross-border operations, the critical-alert rule, late notice."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from coordinator.conflicts.models import AlertEvent
from coordinator.extensions import db
from coordinator.notifications.models import Notification
from coordinator.operations.lifecycle import notice_hours_for
from coordinator.operations.models import Operation, OperationClearance, OperationEvent

from .factories import Api, login, post_form
from .test_deconfliction import operation_body

IN_A_WEEK = datetime.now(timezone.utc) + timedelta(days=7)


def delivery(case_id: int, **changes) -> dict:
    """A controlled delivery of rifles from Tucson towards Nogales, Sonora, a week from now."""
    start = IN_A_WEEK.replace(microsecond=0)
    plan = {"kind": "controlled_delivery", "title": "Rifles to Nogales", "cross_border": True, "latitude": 31.3404,
            "longitude": -110.9343, "radius_m": 500, "venue": "DeConcini port of entry",
            "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=8)).isoformat()}
    return operation_body(case_id, **{**plan, **changes})


def team(client, make, code: str):
    """An agency's agent (with a case) and supervisor, each with an API client."""
    agent = make.user(code)
    boss = make.user(code, role="supervisor")
    return agent, Api(client, make.token(agent)), make.case(agent), boss, Api(client, make.token(boss))


def decisions(operation_id: int) -> dict[str, str]:
    db.session.expire_all()
    rows = db.session.scalars(db.select(OperationClearance).where(OperationClearance.operation_id == operation_id))
    return {row.agency.code: row.decision for row in rows}


def test_a_cross_border_delivery_is_cleared_only_after_ice_cbp_and_fgr_grant(client, make):
    _agent, atf, case, _boss, atf_boss = team(client, make, "ATF")
    bosses = {code: Api(client, make.token(make.user(code, role="supervisor"))) for code in ("ICE", "CBP", "FGR")}
    operation = atf.post("/api/v1/operations", json=delivery(case.id)).get_json()
    assert decisions(operation["id"]) == {"ICE": "pending", "CBP": "pending", "FGR": "pending"}
    listed = atf.get(f"/api/v1/operations/{operation['id']}/clearances").get_json()["items"]
    assert [(c["agency"], c["decision"]) for c in listed] == [("ICE", "pending"), ("CBP", "pending"), ("FGR", "pending")]
    assert all(c["at"] and c["note"] is None for c in listed)

    def clear():
        return atf_boss.post(f"/api/v1/operations/{operation['id']}/transition",
                             json={"to": "cleared", "reason": "plan approved"})

    refused = clear()
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["code"] == "conflict" and error["fields"] == {"rule": "clearance_required"}
    assert "ICE, CBP, FGR" in error["message"]
    for code in ("ICE", "CBP"):
        granted = bosses[code].post(f"/api/v1/operations/{operation['id']}/clearances",
                                    json={"decision": "granted", "note": f"{code} agrees"})
        assert granted.status_code == 200 and granted.get_json()["decision"] == "granted"
    still = clear()
    assert still.status_code == 409 and still.get_json()["error"]["fields"]["rule"] == "clearance_required"
    assert "FGR" in still.get_json()["error"]["message"] and "ICE" not in still.get_json()["error"]["message"]

    fgr = bosses["FGR"]
    no_reason = fgr.post(f"/api/v1/operations/{operation['id']}/clearances", json={"decision": "refused"})
    assert no_reason.status_code == 400 and "note" in no_reason.get_json()["error"]["fields"]
    fgr.post(f"/api/v1/operations/{operation['id']}/clearances",
             json={"decision": "refused", "note": "Aduanas no está avisada"})
    blocked = clear()
    assert blocked.status_code == 409 and blocked.get_json()["error"]["fields"]["rule"] == "clearance_refused"
    fgr.post(f"/api/v1/operations/{operation['id']}/clearances",
             json={"decision": "granted", "note": "Coordinado con Aduanas"})
    cleared = clear()
    assert cleared.status_code == 200
    body = cleared.get_json()
    assert body["status"] == "cleared"
    assert {c["agency"]: c["decision"] for c in body["clearances"]} == {"ICE": "granted", "CBP": "granted",
                                                                       "FGR": "granted"}
    assert all(c["decided_at"] and c["requested_at"] <= c["decided_at"] for c in body["clearances"])
    # Every decision is kept in the operation's history, the refusal too.
    events = db.session.scalars(db.select(OperationEvent).where(OperationEvent.operation_id == operation["id"],
                                                                OperationEvent.action == "clearance")).all()
    assert [e.to_status for e in events] == ["granted", "granted", "refused", "granted"]
    assert events[2].reason == "Aduanas no está avisada"


def test_who_may_read_and_decide_clearances(client, make):
    _agent, atf, case, _boss, atf_boss = team(client, make, "ATF")
    operation = atf.post("/api/v1/operations", json=delivery(case.id)).get_json()
    path = f"/api/v1/operations/{operation['id']}/clearances"
    grant = {"decision": "granted", "note": "ok"}
    fgr_agent = Api(client, make.token(make.user("FGR")))
    dea_boss = Api(client, make.token(make.user("DEA", role="supervisor")))
    assert fgr_agent.get(path).status_code == 200  # FGR is asked: it sees the request
    assert fgr_agent.post(path, json=grant).status_code == 403  # but a supervisor decides
    assert dea_boss.get(path).status_code == 404 and dea_boss.post(path, json=grant).status_code == 404
    assert atf_boss.post(path, json=grant).status_code == 403  # the owner does not clear its own
    monitor = Api(client, make.token(make.user("USAO", role="monitor")))
    assert monitor.get(path).status_code == 404
    ice_boss = Api(client, make.token(make.user("ICE", role="supervisor")))
    bad = ice_boss.post(path, json={"decision": "maybe", "note": "x" * 2001, "extra": 1})
    assert bad.status_code == 400
    assert set(bad.get_json()["error"]["fields"]) == {"decision", "note", "extra"}
    assert decisions(operation["id"])["ICE"] == "pending"  # nothing written
    assert ice_boss.post("/api/v1/operations/999999/clearances", json=grant).status_code == 404
    # The clearing agency reads the plan, never the case behind it.
    assert ice_boss.get(f"/api/v1/operations/{operation['id']}").status_code == 404
    assert ice_boss.get(f"/api/v1/cases/{case.id}").status_code == 404


def test_the_owning_agency_is_not_asked_to_clear_its_own_operation(client, make):
    _agent, ice, case, _boss, _ice_boss = team(client, make, "ICE")
    operation = ice.post("/api/v1/operations", json=delivery(case.id)).get_json()
    assert decisions(operation["id"]) == {"CBP": "pending", "FGR": "pending"}
    plain = ice.post("/api/v1/operations", json=delivery(case.id, cross_border=False, latitude=32.2)).get_json()
    assert decisions(plain["id"]) == {}


def test_clearance_requests_wait_in_the_clearing_agencies_queues_and_notify_them(client, make):
    _agent, atf, case, _boss, _atf_boss = team(client, make, "ATF")
    cbp_boss = make.user("CBP", role="supervisor")
    operation = atf.post("/api/v1/operations", json=delivery(case.id)).get_json()
    notes = db.session.scalars(db.select(Notification).where(Notification.user_id == cbp_boss.id)).all()
    assert [n.kind for n in notes] == ["clearance_requested"]
    login(client, cbp_boss)
    queue = client.get("/review/clearances")
    assert queue.status_code == 200 and "Rifles to Nogales" in queue.text
    home = client.get("/home")
    assert "1 clearance request waits" in home.text
    page = client.get(f"/review/clearances/{operation['id']}")
    assert "DeConcini port of entry" in page.text and page.text.count('data-agency="') == 3


def test_the_forms_clear_a_delivery_once_every_agency_granted(client, make):
    agent, atf, case, atf_boss, _ = team(client, make, "ATF")
    operation = atf.post("/api/v1/operations", json=delivery(case.id)).get_json()
    url = f"/review/clearances/{operation['id']}"
    login(client, atf_boss)
    refused = post_form(client, f"/operations/{operation['id']}/transition", {"to": "cleared", "reason": ""},
                        form_url=f"/operations/{operation['id']}")
    assert refused.status_code == 409
    assert "needs clearance granted by ICE, CBP, FGR" in refused.text
    post_form(client, "/logout", {}, form_url="/notifications/")
    for code in ("ICE", "CBP", "FGR"):
        boss = make.user(code, role="supervisor", locale="es" if code == "FGR" else None)
        login(client, boss)
        if code == "FGR":
            empty = post_form(client, url, {"decision": "refused", "note": ""})
            assert empty.status_code == 400 and "Indique por qué se niega la autorización." in empty.text
        done = post_form(client, url, {"decision": "granted", "note": f"{code} de acuerdo"})
        assert done.status_code == 302
        post_form(client, "/logout", {}, form_url="/notifications/")
    login(client, atf_boss)
    cleared = post_form(client, f"/operations/{operation['id']}/transition", {"to": "cleared", "reason": "go"},
                        form_url=f"/operations/{operation['id']}")
    assert cleared.status_code == 302
    assert db.session.get(Operation, operation["id"]).status == "cleared"
    page = client.get(f"/operations/{operation['id']}")
    assert "FGR de acuerdo" in page.text and "Mark active" in page.text


def test_a_refusal_or_a_new_plan_after_clearance_sends_the_operation_back(client, make):
    _agent, atf, case, _boss, atf_boss = team(client, make, "ATF")
    bosses = {code: Api(client, make.token(make.user(code, role="supervisor"))) for code in ("ICE", "CBP", "FGR")}
    operation = atf.post("/api/v1/operations", json=delivery(case.id)).get_json()
    path = f"/api/v1/operations/{operation['id']}"

    def grant_all():
        for api in bosses.values():
            assert api.post(f"{path}/clearances", json={"decision": "granted"}).status_code == 200
        assert atf_boss.post(f"{path}/transition", json={"to": "cleared"}).status_code == 200

    grant_all()
    bosses["CBP"].post(f"{path}/clearances", json={"decision": "refused", "note": "port closed that day"})
    assert atf.get(path).get_json()["status"] == "planned"
    grant_all()
    later = (IN_A_WEEK + timedelta(days=1)).replace(microsecond=0)
    moved = atf.patch(path, json={"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=4)).isoformat()})
    assert moved.status_code == 200 and moved.get_json()["status"] == "planned"
    assert set(decisions(operation["id"]).values()) == {"pending"}
    actions = [e.action for e in db.session.scalars(db.select(OperationEvent).where(
        OperationEvent.operation_id == operation["id"]).order_by(OperationEvent.id))]
    assert actions.count("reverted") == 2 and "changed" in actions


def critical_pair(client, make):
    """ATF and ICE plan surveillance at the same place and time: a critical event alert."""
    _agent, atf, case, atf_boss_user, atf_boss = team(client, make, "ATF")
    _ice_agent, ice, ice_case, ice_boss_user, ice_boss = team(client, make, "ICE")
    start = IN_A_WEEK.replace(microsecond=0)
    window = {"starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=6)).isoformat()}
    mine = atf.post("/api/v1/operations", json=operation_body(case.id, **window)).get_json()
    theirs = ice.post("/api/v1/operations", json=operation_body(ice_case.id, **window)).get_json()
    alert = theirs["conflicts"][0]
    assert alert["severity"] == "critical"
    return atf, atf_boss, mine, ice_boss, alert, ice_boss_user


def test_an_unresolved_critical_alert_blocks_going_active_without_a_supervisors_override(client, make):
    atf, atf_boss, mine, ice_boss, alert, ice_boss_user = critical_pair(client, make)
    path = f"/api/v1/operations/{mine['id']}/transition"
    assert atf_boss.post(path, json={"to": "cleared"}).status_code == 200
    refused = atf.post(path, json={"to": "active"})
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["fields"] == {"rule": "critical_alert_unresolved"} and str(alert["id"]) in error["message"]
    assert atf.post(path, json={"to": "active", "override": True, "reason": "I say so"}).status_code == 403
    no_reason = atf_boss.post(path, json={"to": "active", "override": True})
    assert no_reason.status_code == 400 and "reason" in no_reason.get_json()["error"]["fields"]
    assert atf.get(f"/api/v1/operations/{mine['id']}").get_json()["status"] == "cleared"
    done = atf_boss.post(path, json={"to": "active", "override": True,
                                     "reason": "ICE confirmed by phone it stands down at 09:00"})
    assert done.status_code == 200 and done.get_json()["status"] == "active"
    override = db.session.scalar(db.select(OperationEvent).where(OperationEvent.operation_id == mine["id"],
                                                                 OperationEvent.action == "override"))
    assert "stands down" in override.reason and override.user_id is not None
    alert_event = db.session.scalar(db.select(AlertEvent).where(AlertEvent.alert_id == alert["id"],
                                                                AlertEvent.action == "override"))
    assert alert_event.note.startswith("ICE confirmed")
    told = db.session.scalars(db.select(Notification.kind).where(Notification.user_id == ice_boss_user.id)).all()
    assert "operation_overridden" in told


def test_a_resolved_critical_alert_no_longer_blocks(client, make):
    atf, atf_boss, mine, ice_boss, alert, _ = critical_pair(client, make)
    for boss in (atf_boss, ice_boss):
        boss.post(f"/api/v1/conflicts/{alert['id']}/resolve", json={"resolution": "delay", "note": "ICE goes first"})
    path = f"/api/v1/operations/{mine['id']}/transition"
    assert atf_boss.post(path, json={"to": "cleared"}).status_code == 200
    assert atf.post(path, json={"to": "active"}).status_code == 200
    assert atf.post(path, json={"to": "completed", "reason": "done"}).get_json()["status"] == "completed"
    again = atf.post(path, json={"to": "cancelled"})
    assert again.status_code == 409 and again.get_json()["error"]["fields"]["rule"] == "invalid_transition"


@pytest.mark.parametrize("body, field", [
    ({"to": "flying"}, "to"), ({}, "to"), ({"to": "cleared", "why": 1}, "why"),
    ({"to": ["active"]}, "to"), ({"to": "active", "override": "yes"}, "override"),
    ({"to": "active", "reason": "x" * 2001}, "reason"),
])
def test_transition_input_is_checked(client, make, body, field):
    _agent, atf, case, _boss, atf_boss = team(client, make, "ATF")
    operation = atf.post("/api/v1/operations", json=operation_body(case.id)).get_json()
    response = atf_boss.post(f"/api/v1/operations/{operation['id']}/transition", json=body)
    assert response.status_code == 400 and field in response.get_json()["error"]["fields"]
    assert db.session.get(Operation, operation["id"]).status == "planned"


def test_who_may_move_an_operation(client, make):
    _agent, atf, case, _boss, atf_boss = team(client, make, "ATF")
    operation = atf.post("/api/v1/operations", json=operation_body(case.id)).get_json()
    path = f"/api/v1/operations/{operation['id']}/transition"
    assert atf.post(path, json={"to": "cleared"}).status_code == 403  # approval is a supervisor's
    assert atf.post(path, json={"to": "active"}).get_json()["error"]["fields"]["rule"] == "invalid_transition"
    other = Api(client, make.token(make.user("ICE", role="supervisor")))
    assert other.post(path, json={"to": "cancelled"}).status_code == 404
    assert atf.post(path, json={"to": "cancelled", "reason": "target moved"}).status_code == 200
    assert atf.post("/api/v1/operations/99999999999/transition", json={"to": "cancelled"}).status_code == 404


def test_late_notice_is_flagged_and_shown(client, make, app_ctx, monkeypatch):
    agent, atf, case, _boss, _ = team(client, make, "ATF")
    soon = (datetime.now(timezone.utc) + timedelta(hours=10)).replace(microsecond=0)
    late = atf.post("/api/v1/operations", json=operation_body(
        case.id, starts_at=soon.isoformat(), ends_at=(soon + timedelta(hours=2)).isoformat())).get_json()
    timely = atf.post("/api/v1/operations", json=operation_body(case.id, latitude=35.0)).get_json()
    assert db.session.get(Operation, late["id"]).late_notice is True
    assert db.session.get(Operation, timely["id"]).late_notice is False
    assert atf.post(f"/api/v1/operations/{late['id']}/transition", json={"to": "cancelled"}).get_json()["late_notice"]
    login(client, agent)
    assert "Late notice: registered less than 24 hours before it starts." in client.get(f"/operations/{late['id']}").text
    # Moving a timely operation to within the notice period flags it.
    moved = atf.patch(f"/api/v1/operations/{timely['id']}", json={
        "starts_at": soon.isoformat(), "ends_at": (soon + timedelta(hours=1)).isoformat()})
    assert moved.status_code == 200 and db.session.get(Operation, timely["id"]).late_notice is True
    # The notice is read from one place, so an MOU's rule can set another figure.
    monkeypatch.setitem(app_ctx.config, "DEFAULT_NOTICE_HOURS", 72)
    assert notice_hours_for(db.session, db.session.get(Operation, timely["id"])) == 72
    in_two_days = (datetime.now(timezone.utc) + timedelta(days=2)).replace(microsecond=0)
    strict = atf.post("/api/v1/operations", json=operation_body(
        case.id, latitude=36.0, starts_at=in_two_days.isoformat(),
        ends_at=(in_two_days + timedelta(hours=1)).isoformat())).get_json()
    assert db.session.get(Operation, strict["id"]).late_notice is True


def test_the_owner_hears_of_each_decision_and_the_openapi_document_describes_the_review(client, make):
    agent, atf, case, _boss, _atf_boss = team(client, make, "ATF")
    operation = atf.post("/api/v1/operations", json=delivery(case.id)).get_json()
    cbp = Api(client, make.token(make.user("CBP", role="supervisor", locale="es")))
    cbp.post(f"/api/v1/operations/{operation['id']}/clearances", json={"decision": "refused", "note": "Sin personal"})
    told = db.session.scalar(db.select(Notification).where(Notification.user_id == agent.id,
                                                           Notification.kind == "clearance_decided"))
    assert told.params == {"agency": "CBP", "title": "Rifles to Nogales", "decision": "refused",
                           "note": "Sin personal"}
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    transition = paths["/api/v1/operations/{operation_id}/transition"]["post"]
    assert "409" in transition["responses"]
    body = transition["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["to"]["enum"] == ["cleared", "active", "completed", "cancelled"]
    assert body["required"] == ["to"] and body["additionalProperties"] is False
    for path in ("/api/v1/operations/{operation_id}/clearances", "/api/v1/conflicts/{alert_id}/reopen",
                 "/api/v1/matches", "/api/v1/matches/{link_id}", "/api/v1/notifications"):
        assert path in paths


def test_switching_cross_border_off_and_on_does_not_skip_the_clearances(client, make):
    """Off, cleared without anyone's clearance, on again: the operation may not go active while they are pending."""
    _agent, atf, case, _boss, atf_boss = team(client, make, "ATF")
    operation = atf.post("/api/v1/operations", json=delivery(case.id)).get_json()
    path = f"/api/v1/operations/{operation['id']}"
    assert atf.patch(path, json={"cross_border": False}).status_code == 200
    assert atf_boss.post(f"{path}/transition", json={"to": "cleared"}).status_code == 200
    switched = atf.patch(path, json={"cross_border": True})
    assert switched.status_code == 200
    assert set(decisions(operation["id"]).values()) == {"pending"}
    assert switched.get_json()["status"] == "planned"  # cleared without the clearances in force: back
    db.session.execute(db.update(Operation).where(Operation.id == operation["id"]).values(status="cleared"))
    db.session.commit()  # however it got there, cleared is not enough to go active
    active = atf_boss.post(f"{path}/transition", json={"to": "active"})
    assert active.status_code == 409 and active.get_json()["error"]["fields"]["rule"] == "clearance_required"
    assert atf.get(path).get_json()["status"] == "cleared"


def _clearance_mou(title: str, parties: tuple[str, ...], **rule) -> int:
    from datetime import date

    from coordinator.accounts.services import agency_by_code
    from coordinator.monitoring.models import Mou, MouParty, MouRule

    mou = Mou(title=title, effective_from=date(2020, 1, 1),
              parties=[MouParty(agency=agency_by_code(db.session, code)) for code in parties])
    mou.rules = [MouRule(kind="cross_border_clearance", threshold=0, **rule)]
    db.session.add(mou)
    db.session.commit()
    return mou.id


def test_without_an_agreement_the_default_ice_cbp_fgr_clearance_stands_and_says_so(client, make):
    _agent, atf, case, _boss, _atf_boss = team(client, make, "ATF")
    operation = atf.post("/api/v1/operations", json=delivery(case.id)).get_json()
    listed = atf.get(f"/api/v1/operations/{operation['id']}/clearances").get_json()["items"]
    assert [(c["agency"], c["required_by"]) for c in listed] == [("ICE", None), ("CBP", None), ("FGR", None)]
    login(client, _agent)
    page = client.get(f"/operations/{operation['id']}").text
    assert page.count("the default rule (no agreement's rule applies)") == 3


def test_the_agreement_binding_the_operating_agency_decides_whose_clearance_is_needed(client, make):
    mou_id = _clearance_mou("ATF–CBP southbound protocol (example)", ("ATF", "CBP", "FGR"),
                            agencies=["CBP", "FGR"], operation_kind="controlled_delivery")
    agent, atf, case, _boss, _atf_boss = team(client, make, "ATF")
    operation = atf.post("/api/v1/operations", json=delivery(case.id)).get_json()
    listed = atf.get(f"/api/v1/operations/{operation['id']}/clearances").get_json()["items"]
    required_by = {"mou_id": mou_id, "title": "ATF–CBP southbound protocol (example)"}
    assert [(c["agency"], c["required_by"]) for c in listed] == [("CBP", required_by), ("FGR", required_by)]
    login(client, agent)
    page = client.get(f"/operations/{operation['id']}").text
    assert page.count("ATF–CBP southbound protocol (example)") == 2 and "the default rule" not in page
    # The rule is for controlled deliveries: another kind of cross-border operation falls back to the default.
    watch = atf.post("/api/v1/operations", json=delivery(case.id, kind="surveillance", latitude=32.2)).get_json()
    assert decisions(watch["id"]) == {"ICE": "pending", "CBP": "pending", "FGR": "pending"}
    # An agency the agreement does not bind keeps the default.
    _ice_agent, ice, ice_case, _ice_boss, _ = team(client, make, "ICE")
    theirs = ice.post("/api/v1/operations", json=delivery(ice_case.id, latitude=31.5)).get_json()
    assert decisions(theirs["id"]) == {"CBP": "pending", "FGR": "pending"}


def test_a_rule_for_one_border_applies_to_operations_across_that_border_only(client, make):
    from coordinator.deconfliction.geography import border_near

    assert border_near("MX", 14.679, -92.149) == "GT-MX"  # Ciudad Hidalgo, on the Suchiate
    assert border_near("MX", 31.31, -110.94) == "MX-US"  # Nogales, Sonora
    _clearance_mou("FGR–PNC Suchiate arrangement (example)", ("FGR", "PNC-GT"), border="GT-MX")
    _agent, fgr, case, _boss, fgr_boss = team(client, make, "FGR")
    south = fgr.post("/api/v1/operations", json=delivery(case.id, latitude=14.679, longitude=-92.149,
                                                         timezone="America/Mexico_City")).get_json()
    assert decisions(south["id"]) == {"PNC-GT": "pending"}
    north = fgr.post("/api/v1/operations", json=delivery(case.id, latitude=31.31, longitude=-110.94,
                                                         timezone="America/Hermosillo")).get_json()
    assert decisions(north["id"]) == {"ICE": "pending", "CBP": "pending"}
    # The Guatemalan police's supervisor clears; then FGR's supervisor may clear the operation.
    pnc_boss = Api(client, make.token(make.user("PNC-GT", role="supervisor")))
    granted = pnc_boss.post(f"/api/v1/operations/{south['id']}/clearances", json={"decision": "granted"})
    assert granted.status_code == 200, granted.text
    moved = fgr_boss.post(f"/api/v1/operations/{south['id']}/transition", json={"to": "cleared", "reason": "ok"})
    assert moved.status_code == 200, moved.text


def test_a_border_names_two_countries_in_the_rule_form(client, make):
    from coordinator.monitoring.forms import RuleForm

    form = RuleForm.from_json({"kind": "cross_border_clearance", "threshold": 0, "border": "mx-gt"})
    assert form.validate() and form.border.data == "GT-MX"
    for bad in ("MX", "MX-MX", "MX-ZZ"):
        form = RuleForm.from_json({"kind": "cross_border_clearance", "threshold": 0, "border": bad})
        assert not form.validate() and "border" in form.errors
    form = RuleForm.from_json({"kind": "operation_notice", "threshold": 24, "border": "MX-US"})
    assert not form.validate() and "Only a clearance rule" in form.errors["border"][0]
