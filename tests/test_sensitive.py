"""Sensitive records: a hit tells only the owner until it tells the other side; operations are never silent."""
from __future__ import annotations

from coordinator.audit.models import AuditEvent
from coordinator.extensions import db
from coordinator.notifications.models import Notification

from .factories import Api, login, logout, post_form

NUMBER = "+16025550142"


def _notes(user) -> list[str]:
    return [n.kind for n in db.session.scalars(db.select(Notification).where(Notification.user_id == user.id))]


def _actions() -> list[str]:
    return [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]


def _sensitive_record(client, make):
    """An ATF agent's phone record, marked sensitive by the agent and approved by a supervisor."""
    agent, boss = make.user("ATF"), make.user("ATF", role="supervisor")
    api, boss_api = Api(client, make.token(agent)), Api(client, make.token(boss))
    record = make.subject(agent, make.case(agent), number=NUMBER)
    asked = api.post(f"/api/v1/subjects/{record.id}/sensitive", json={"reason": "informant's own phone"})
    assert asked.status_code == 200 and asked.get_json()["sensitive"] == "requested"
    assert api.post(f"/api/v1/subjects/{record.id}/sensitive/approve").status_code == 403  # agents ask; supervisors approve
    approved = boss_api.post(f"/api/v1/subjects/{record.id}/sensitive/approve")
    assert approved.status_code == 200 and approved.get_json()["sensitive"] == "approved"
    return agent, boss, api, boss_api, record


def test_a_hit_on_a_sensitive_record_tells_only_its_owner_until_it_tells_them(client, make):
    agent, boss, api, boss_api, record = _sensitive_record(client, make)
    ice = make.user("ICE")
    ice_boss = make.user("ICE", role="supervisor")
    ice_api = Api(client, make.token(ice))
    ice_case = make.case(ice)

    # ICE registers the same number: its own answer, list, notifications and pages show nothing.
    answer = ice_api.post(f"/api/v1/cases/{ice_case.id}/subjects",
                          json={"kind": "phone", "role": "suspect", "number": "(602) 555-0142"})
    assert answer.status_code == 201 and answer.get_json()["conflicts"] == []
    ice_record = answer.get_json()["id"]
    assert ice_api.get("/api/v1/conflicts").get_json()["items"] == []
    assert ice_api.get(f"/api/v1/subjects/{ice_record}").get_json()["conflicts"] == []
    assert _notes(ice) == [] and _notes(ice_boss) == []

    # The owner sees who, what matched and whom to call; its supervisors see the silent hit in their queue.
    mine = api.get("/api/v1/conflicts").get_json()["items"]
    assert len(mine) == 1 and mine[0]["withheld_from_other"] is True
    assert mine[0]["other"]["agency"] == "ICE" and mine[0]["other"]["poc"]["name"] == ice.name
    assert mine[0]["reasons"]
    alert_id = mine[0]["id"]
    assert "alert_raised" in _notes(agent) and "alert_raised" in _notes(boss)
    assert ice_api.get(f"/api/v1/conflicts/{alert_id}").status_code == 404
    login(client, ice_boss)
    assert client.get(f"/review/alerts/{alert_id}").status_code == 404
    assert f'data-alert="{alert_id}"' not in client.get("/review/alerts").text
    logout(client)
    login(client, boss)
    queue = client.get("/review/alerts").text
    assert f'data-alert="{alert_id}"' in queue and "silent: the other agency is not told" in queue
    page = client.get(f"/review/alerts/{alert_id}").text
    assert "has not been told of this alert" in page and "Tell them" in page
    assert ice_boss.email not in _actions() and "alert.withheld" in _actions()

    # "Tell them": a normal alert for both sides from now on.
    told = post_form(client, f"/review/alerts/{alert_id}/reveal", {}, form_url=f"/review/alerts/{alert_id}")
    assert told.status_code == 302
    seen = ice_api.get("/api/v1/conflicts").get_json()["items"]
    assert [(c["id"], c["other"]["agency"], c["withheld_from_other"]) for c in seen] == [(alert_id, "ATF", False)]
    assert "alert_raised" in _notes(ice) and "alert_raised" in _notes(ice_boss)
    assert api.get(f"/api/v1/conflicts/{alert_id}").get_json()["withheld_from_other"] is False
    assert api.post(f"/api/v1/conflicts/{alert_id}/reveal").status_code == 409  # told already
    actions = _actions()
    for action in ("subject.sensitive_requested", "subject.sensitive_approved", "alert.withheld", "alert.revealed"):
        assert action in actions, action


def test_the_other_agency_cannot_tell_itself_and_a_possible_match_stays_out_of_its_review(client, make):
    _agent, _boss, api, _boss_api, record = _sensitive_record(client, make)
    dea = make.user("DEA", role="supervisor")
    dea_api = Api(client, make.token(dea))
    make.subject(dea, make.case(dea), number=NUMBER)
    alert_id = api.get("/api/v1/conflicts").get_json()["items"][0]["id"]
    assert dea_api.post(f"/api/v1/conflicts/{alert_id}/reveal").status_code == 404
    assert dea_api.post(f"/api/v1/conflicts/{alert_id}/acknowledge").status_code == 404
    assert dea_api.get("/api/v1/matches?state=reviewed").get_json()["items"] == []
    assert dea_api.get("/api/v1/matches").get_json()["items"] == []


def test_marking_needs_a_reason_and_the_owning_agency(client, make):
    agent = make.user("ATF")
    api = Api(client, make.token(agent))
    record = make.subject(agent, make.case(agent), number=NUMBER)
    empty = api.post(f"/api/v1/subjects/{record.id}/sensitive", json={"reason": "  "})
    assert empty.status_code == 400 and "Say why" in empty.get_json()["error"]["fields"]["reason"]
    other = Api(client, make.token(make.user("FGR", role="supervisor")))
    assert other.post(f"/api/v1/subjects/{record.id}/sensitive", json={"reason": "x"}).status_code == 404
    boss = make.user("ATF", role="supervisor")
    login(client, boss)
    marked = post_form(client, f"/subjects/{record.id}/sensitive", {"reason": "a protected witness"},
                       form_url=f"/subjects/{record.id}")
    assert marked.status_code == 302
    page = client.get(f"/subjects/{record.id}").text
    assert "A hit on this record is told to your agency alone" in page  # a supervisor's own request: approved


def test_an_operation_conflict_always_reaches_both_sides(client, make):
    agent, boss, api, boss_api, record = _sensitive_record(client, make)
    ice = make.user("ICE")
    ice_api = Api(client, make.token(ice))
    ice_case = make.case(ice)
    ice_record = make.subject(ice, ice_case, number=NUMBER)
    assert ice_api.get("/api/v1/conflicts").get_json()["items"] == []
    # Both agencies plan operations targeting the subject: officer safety tells both, whatever the owner chose.
    make.operation(agent, record.case, target_subject_ids=[record.id])
    make.operation(ice, ice_case, target_subject_ids=[ice_record.id], latitude=32.2226, longitude=-110.9747,
                   timezone="America/Phoenix")
    seen = ice_api.get("/api/v1/conflicts").get_json()["items"]
    assert any(c["other"]["agency"] == "ATF" and c["severity"] == "critical" for c in seen), seen
    mine = api.get("/api/v1/conflicts").get_json()["items"]
    operations = [c for c in mine if c["this"]["type"] == "operation"]
    assert operations and all(c["withheld_from_other"] is False for c in operations)
    # Checked again while both agencies' live operations target it, the record's own hit turns critical: told too.
    again = api.patch(f"/api/v1/subjects/{record.id}", json={"notes": "checked again"})
    assert again.status_code == 200, again.text
    records = [c for c in ice_api.get("/api/v1/conflicts").get_json()["items"] if c["this"]["type"] == "subject"]
    assert [(c["severity"], c["other"]["agency"]) for c in records] == [("critical", "ATF")]
    assert "alert.revealed" in _actions()


def test_no_network_alert_or_neighbourhood_passes_over_a_sensitive_record(client, make):
    """ICE's phone is sensitive: ATF's hit on it is ICE's alone, so no chain through it reaches ATF or FGR."""
    from coordinator.conflicts.models import AlertSide, ConflictAlert
    from coordinator.network.services import case_neighbourhood

    person = {"kind": "person", "role": "suspect", "first_name": "Jesús", "last_name": "Robles",
              "second_last_name": "Quintero", "dob": "1994-03-07"}
    ice, ice_boss, fgr, atf = (make.user("ICE"), make.user("ICE", role="supervisor"), make.user("FGR"),
                               make.user("ATF"))
    ice_api, fgr_api, atf_api = (Api(client, make.token(u)) for u in (ice, fgr, atf))
    ice_case, fgr_case, atf_case = make.case(ice), make.case(fgr), make.case(atf)
    phone = ice_api.post(f"/api/v1/cases/{ice_case.id}/subjects",
                         json={"kind": "phone", "role": "suspect", "number": NUMBER}).get_json()
    assert ice_api.post(f"/api/v1/cases/{ice_case.id}/subjects", json=person).status_code == 201
    assert fgr_api.post(f"/api/v1/cases/{fgr_case.id}/subjects", json=person).status_code == 201  # ICE–FGR link
    assert ice_api.post(f"/api/v1/subjects/{phone['id']}/sensitive", json={"reason": "wire"}).status_code == 200
    assert Api(client, make.token(ice_boss)).post(f"/api/v1/subjects/{phone['id']}/sensitive/approve").status_code == 200

    # ATF's phone meets ICE's sensitive one: told to ICE alone; the chain ATF–ICE–FGR raises nothing.
    answer = atf_api.post(f"/api/v1/cases/{atf_case.id}/subjects",
                          json={"kind": "phone", "role": "suspect", "number": "(602) 555-0142"})
    assert answer.status_code == 201 and answer.get_json()["conflicts"] == []
    network = db.session.scalars(db.select(ConflictAlert).where(ConflictAlert.kind == "network")).all()
    told = {side.case_id for alert in network for side in db.session.scalars(
        db.select(AlertSide).where(AlertSide.alert_id == alert.id))}
    assert atf_case.id not in told
    assert atf_api.get("/api/v1/conflicts").get_json()["items"] == []
    assert case_neighbourhood(db.session, atf, atf_case.id, hops=3).rows == []
    # Its owner still sees its own record's links.
    assert {row.agency for row in case_neighbourhood(db.session, ice, ice_case.id, hops=3).rows} >= {"ATF", "FGR"}


def test_a_supervisors_network_report_draws_no_link_of_another_agencys_sensitive_record(client, make):
    from coordinator.network.services import network_report

    agent, boss, api, _boss_api, record = _sensitive_record(client, make)
    fgr, fgr_boss = make.user("FGR"), make.user("FGR", role="supervisor")
    fgr_case = make.case(fgr)
    answer = Api(client, make.token(fgr)).post(f"/api/v1/cases/{fgr_case.id}/subjects",
                                               json={"kind": "phone", "role": "suspect", "number": NUMBER})
    assert answer.status_code == 201 and answer.get_json()["conflicts"] == []
    assert network_report(db.session, fgr_boss).networks == []          # FGR was not told of ATF's record
    assert len(network_report(db.session, boss).networks) == 1          # its owner sees the link
    assert len(network_report(db.session, None).networks) == 1          # the monitors' report names no subject
