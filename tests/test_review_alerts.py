"""The supervisors' alert queue: order, filters, actions with notes, reopening, notifications, timeliness."""
from __future__ import annotations

from datetime import timedelta

import pytest

from coordinator.accounts.models import Office
from coordinator.conflicts.models import AlertEvent, AlertSide, ConflictAlert
from coordinator.extensions import db
from coordinator.notifications.models import Notification, OutboxMessage
from coordinator.types import utcnow

from .factories import Api, login, post_form
from .test_deconfliction import agency_api, operation_body

BUSINESS = {"kind": "business", "role": "other", "name": "Armas del Norte SA de CV"}
PHONE = {"kind": "phone", "role": "suspect", "number": "+52 662 123 4567"}


def three_alerts(client, make):
    """ATF against ICE: a critical event overlap, a high phone match, a medium possible business match."""
    atf_agent, atf, atf_case = agency_api(client, make, "ATF", name="Dana Whitfield")
    _ice_agent, ice, ice_case = agency_api(client, make, "ICE", name="Laura Kessler")
    ids = {}
    atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json=BUSINESS)
    ids["medium"] = ice.post(f"/api/v1/cases/{ice_case.id}/subjects",
                             json={**BUSINESS, "name": "Armas del Norte, S.A. de C.V."}).get_json()["conflicts"][0]["id"]
    atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json=PHONE)
    ids["high"] = ice.post(f"/api/v1/cases/{ice_case.id}/subjects", json=PHONE).get_json()["conflicts"][0]["id"]
    atf.post("/api/v1/operations", json=operation_body(atf_case.id))
    ids["critical"] = ice.post("/api/v1/operations", json=operation_body(ice_case.id)).get_json()["conflicts"][0]["id"]
    return atf_agent, atf_case, ids


def queue_ids(text: str) -> list[int]:
    import re

    return [int(n) for n in re.findall(r'data-alert="(\d+)"', text)]


def test_the_queue_puts_open_critical_alerts_on_top_and_filters(client, make):
    _agent, atf_case, ids = three_alerts(client, make)
    boss = make.user("ATF", role="supervisor")
    login(client, boss)
    home = client.get("/home")
    assert home.status_code == 200 and "Alert queue: to decide" in home.text
    assert queue_ids(home.text) == [ids["critical"], ids["high"], ids["medium"]]
    assert '<span class="badge" aria-label="3 open">3</span>' in home.text  # the count in the navigation
    page = client.get("/review/alerts")
    assert queue_ids(page.text) == [ids["critical"], ids["high"], ids["medium"]]
    assert "Laura Kessler" in page.text  # whom to call, right in the queue
    assert queue_ids(client.get("/review/alerts?kind=event").text) == [ids["critical"]]
    assert queue_ids(client.get("/review/alerts?severity=medium").text) == [ids["medium"]]
    assert queue_ids(client.get("/review/alerts?status=acknowledged").text) == []
    assert queue_ids(client.get("/review/alerts?kind=bogus&severity=nope&age=forever").text) == queue_ids(page.text)
    # Age: an alert raised two days ago waits "over 24 hours".
    db.session.get(ConflictAlert, ids["high"]).raised_at = utcnow() - timedelta(days=2)
    db.session.commit()
    assert queue_ids(client.get("/review/alerts?age=gt24h").text) == [ids["high"]]
    assert ids["high"] not in queue_ids(client.get("/review/alerts?age=lt4h").text)
    # Office: the office of the agency's own case.
    office = Office(agency_id=boss.agency_id, name="Phoenix Field Division", country="US")
    db.session.add(office)
    db.session.flush()
    atf_case.office_id = office.id
    db.session.commit()
    assert "Phoenix Field Division" in client.get("/review/alerts").text
    assert len(queue_ids(client.get(f"/review/alerts?office={office.id}").text)) == 3
    # An acknowledged alert stays in the queue, below the open ones of its severity.
    post_form(client, f"/review/alerts/{ids['critical']}/acknowledge", {"note": "called ICE"},
              form_url=f"/review/alerts/{ids['critical']}")
    assert queue_ids(client.get("/review/alerts").text)[0] == ids["critical"]
    assert '<span class="badge" aria-label="2 open">2</span>' in client.get("/review/alerts").text


def test_each_supervisor_acknowledges_and_resolves_with_notes_and_the_alert_closes(client, make):
    _agent, _case, ids = three_alerts(client, make)
    alert_id = ids["critical"]
    atf_boss, ice_boss = make.user("ATF", role="supervisor"), make.user("ICE", role="supervisor")
    url = f"/review/alerts/{alert_id}"
    login(client, atf_boss)
    acked = post_form(client, f"{url}/acknowledge", {"note": "called Laura"}, form_url=url)
    assert acked.status_code == 302
    bad = post_form(client, f"{url}/resolve", {"resolution": "ignore", "note": ""}, form_url=url)
    assert bad.status_code == 400 and "Not a valid choice." in bad.text
    assert db.session.scalar(db.select(AlertSide.status).where(AlertSide.alert_id == alert_id,
                                                               AlertSide.agency_id == atf_boss.agency_id)) == "acknowledged"
    done = post_form(client, f"{url}/resolve", {"resolution": "joint", "note": "one team, ATF leads"}, form_url=url)
    assert done.status_code == 302
    page = client.get(url)
    assert "Run jointly" in page.text and "one team, ATF leads" in page.text and "called Laura" in page.text
    post_form(client, "/logout", {}, form_url="/notifications/")
    login(client, ice_boss)
    post_form(client, f"{url}/resolve", {"resolution": "joint", "note": "agreed"}, form_url=url)
    alert = db.session.get(ConflictAlert, alert_id)
    db.session.refresh(alert)
    assert alert.status == "closed" and alert.closed_at is not None
    assert all(s.acknowledged_at and s.resolved_at and s.resolved_by_id for s in alert.sides)
    history = [e.action for e in db.session.scalars(db.select(AlertEvent).where(AlertEvent.alert_id == alert_id)
                                                     .order_by(AlertEvent.id))]
    assert history == ["raised", "acknowledged", "resolved:joint", "resolved:joint"]
    # ATF hears of ICE's decision.
    assert db.session.scalar(db.select(Notification).where(Notification.user_id == atf_boss.id,
                                                           Notification.kind == "alert_resolved")) is not None
    # ICE takes its decision back from the page; a reason is required.
    assert post_form(client, f"{url}/reopen", {"note": ""}, form_url=url).status_code == 400
    assert post_form(client, f"{url}/reopen", {"note": "the show moved"}, form_url=url).status_code == 302
    db.session.refresh(alert)
    assert alert.status == "open" and alert.closed_at is None


def test_reopen_takes_a_decision_back_and_tells_the_other_side(client, make):
    _agent, _case, ids = three_alerts(client, make)
    alert_id = ids["high"]
    atf_boss, ice_boss = make.user("ATF", role="supervisor"), make.user("ICE", role="supervisor")
    atf, ice = Api(client, make.token(atf_boss)), Api(client, make.token(ice_boss))
    atf_agent = Api(client, make.token(make.user("ATF")))
    early = atf.post(f"/api/v1/conflicts/{alert_id}/reopen", json={"note": "too soon"})
    assert early.status_code == 409
    for api in (atf, ice):
        api.post(f"/api/v1/conflicts/{alert_id}/resolve", json={"resolution": "false_positive", "note": "different"})
    assert atf.get(f"/api/v1/conflicts/{alert_id}").get_json()["alert_status"] == "closed"
    assert atf.post(f"/api/v1/conflicts/{alert_id}/reopen", json={}).status_code == 400  # the note is required
    assert atf_agent.post(f"/api/v1/conflicts/{alert_id}/reopen", json={"note": "x"}).status_code == 403
    outsider = Api(client, make.token(make.user("DEA", role="supervisor")))
    assert outsider.post(f"/api/v1/conflicts/{alert_id}/reopen", json={"note": "x"}).status_code == 404
    reopened = atf.post(f"/api/v1/conflicts/{alert_id}/reopen", json={"note": "new wiretap: same phone after all"})
    assert reopened.status_code == 200
    body = reopened.get_json()
    assert body["status"] == "acknowledged" and body["alert_status"] == "open"
    mine = next(s for s in body["sides"] if s["agency"] == "ATF")
    assert mine["resolved_at"] is None and mine["acknowledged_at"] is not None
    told = db.session.scalar(db.select(Notification).where(Notification.user_id == ice_boss.id,
                                                           Notification.kind == "alert_reopened"))
    assert told is not None and told.params["note"] == "new wiretap: same phone after all"
    # Resolving again closes it again: both sides have decided.
    again = atf.post(f"/api/v1/conflicts/{alert_id}/resolve", json={"resolution": "joint"})
    assert again.get_json()["alert_status"] == "closed"


def test_agents_see_the_queue_and_acknowledge_but_do_not_decide(client, make):
    _agent, _case, ids = three_alerts(client, make)
    agent = make.user("ATF")
    login(client, agent)
    page = client.get(f"/review/alerts/{ids['medium']}")
    assert page.status_code == 200 and "A supervisor of your agency records the decision." in page.text
    resolve = post_form(client, f"/review/alerts/{ids['medium']}/resolve", {"resolution": "proceed"},
                        form_url=f"/review/alerts/{ids['medium']}")
    assert resolve.status_code == 403
    assert client.get("/review/alerts/999999").status_code == 404
    post_form(client, "/logout", {}, form_url="/notifications/")
    login(client, make.user("FGR", role="supervisor"))
    assert client.get(f"/review/alerts/{ids['medium']}").status_code == 404  # not a party to it
    post_form(client, "/logout", {}, form_url="/notifications/")
    login(client, make.user("USAO", role="monitor"))
    assert client.get("/review/alerts").status_code == 403


def test_the_people_concerned_are_notified_at_once_in_their_language(client, make):
    atf_agent, atf, atf_case = agency_api(client, make, "ATF", name="Dana Whitfield")
    atf_boss = make.user("ATF", role="supervisor", locale="en")
    fgr_agent = make.user("FGR", locale="es", name="Ana Beltrán")
    fgr_boss = make.user("FGR", role="supervisor", locale="es")
    fgr = Api(client, make.token(fgr_agent))
    fgr_case = make.case(fgr_agent, lead_agent_id=fgr_agent.id)
    bystander = make.user("ATF")
    atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json=PHONE)
    conflict = fgr.post(f"/api/v1/cases/{fgr_case.id}/subjects", json=PHONE).get_json()["conflicts"][0]

    def kinds(user):
        return db.session.scalars(db.select(Notification.kind).where(Notification.user_id == user.id)).all()

    for person in (atf_agent, atf_boss, fgr_agent, fgr_boss):
        assert kinds(person) == ["alert_raised"], person.email
    assert kinds(bystander) == []
    mail = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.user_id == fgr_boss.id))
    assert mail.locale == "es" and mail.status == "pending"
    assert mail.subject == f"Nueva alerta {conflict['id']} (Alta): Mismo sujeto con ATF"
    assert "Dana Whitfield" in mail.body and f"/review/alerts/{conflict['id']}" in mail.body
    english = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.user_id == atf_boss.id))
    assert english.subject == f"New High alert {conflict['id']}: Same subject with FGR"
    assert "Ana Beltrán" in english.body
    # In the app: a count in the navigation, the list, and opening one marks it read.
    login(client, fgr_agent)
    page = client.get("/notifications/")
    assert page.status_code == 200 and "Nueva alerta" in page.text
    note = db.session.scalar(db.select(Notification).where(Notification.user_id == fgr_agent.id))
    opened = post_form(client, f"/notifications/{note.id}/open", {}, form_url="/notifications/")
    assert opened.status_code == 302 and opened.headers["Location"] == f"/review/alerts/{conflict['id']}"
    db.session.refresh(note)
    assert note.read_at is not None
    other = db.session.scalar(db.select(Notification).where(Notification.user_id == atf_boss.id))
    assert post_form(client, f"/notifications/{other.id}/open", {}, form_url="/notifications/").status_code == 404
    api_list = Api(client, make.token(atf_boss)).get("/api/v1/notifications?unread=1").get_json()
    assert api_list["items"][0]["title"].startswith("New High alert") and api_list["next"] is None


def test_an_escalated_alert_reopens_for_both_sides_and_forgets_the_old_decision(client, make):
    _a, atf, atf_case = agency_api(client, make, "ATF")
    _b, ice, ice_case = agency_api(client, make, "ICE")
    atf_boss = Api(client, make.token(make.user("ATF", role="supervisor")))
    mine = atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json=BUSINESS).get_json()["id"]
    theirs = ice.post(f"/api/v1/cases/{ice_case.id}/subjects", json=BUSINESS).get_json()
    conflict = theirs["conflicts"][0]
    assert conflict["level"] == "possible"
    atf_boss.post(f"/api/v1/conflicts/{conflict['id']}/resolve", json={"resolution": "proceed"})
    # Both learn the registration number: the same business for sure (a match), which is worse.
    ice.patch(f"/api/v1/subjects/{theirs['id']}", json={"registration_number": "ADN010101AB1"})
    atf.patch(f"/api/v1/subjects/{mine}", json={"registration_number": "ADN010101AB1"})
    body = atf_boss.get(f"/api/v1/conflicts/{conflict['id']}").get_json()
    assert body["level"] == "match" and body["status"] == "open"
    assert all(s["resolved_at"] is None and s["resolution"] is None for s in body["sides"])


# --- two acts on one alert at once ------------------------------------------------------------

def _one_alert(make):
    atf, ice = make.user("ATF", role="supervisor"), make.user("ICE", role="supervisor")
    make.subject(ice, make.case(ice), number="+15205550177")
    make.subject(atf, make.case(atf), number="+15205550177")
    return atf, ice, db.session.scalar(db.select(ConflictAlert.id))


def _interleaved(app, first_act, second_act) -> None:
    """Two requests at once: the second has read the alert before the first commits its act, then acts."""
    from sqlalchemy.orm import Session

    from coordinator.conflicts.services import alert_for

    first, second = Session(bind=db.engine), Session(bind=db.engine)
    try:
        with app.test_request_context():
            read = second_act(second, alert_for, read_only=True)  # kept, as a request keeps what it read
            first_act(first)
            first.commit()
            second_act(second, alert_for)
            second.commit()
            assert read is not None
    finally:
        second.close()
        first.close()


def _second_of_one_side(user_id: int, alert_id: int, seen: str, act):
    """The second request of ``_interleaved`` for a user of one side: it reads the side as ``seen``, then acts."""
    from coordinator.accounts.models import User

    def second(session, alert_for, read_only=False):
        user = session.get(User, user_id)
        if read_only:
            alert, side = alert_for(session, user, alert_id)
            assert side.status == seen
            return alert, side
        act(session, user)
    return second


def _history(alert_id: int) -> list[str]:
    db.session.expire_all()
    return [e.action for e in db.session.scalars(db.select(AlertEvent).where(AlertEvent.alert_id == alert_id)
                                                 .order_by(AlertEvent.id))]


def test_two_people_of_one_side_acknowledging_at_once_leave_one_acknowledgement(app, make):
    from coordinator.accounts.models import User
    from coordinator.conflicts.services import acknowledge

    atf, _ice, alert_id = _one_alert(make)
    colleague = make.user("ATF")

    def first(session):
        acknowledge(session, session.get(User, atf.id), alert_id)

    _interleaved(app, first, _second_of_one_side(colleague.id, alert_id, "open",
                                                 lambda session, user: acknowledge(session, user, alert_id)))
    assert _history(alert_id) == ["raised", "acknowledged"]
    side = db.session.scalar(db.select(AlertSide).where(AlertSide.alert_id == alert_id,
                                                        AlertSide.agency_id == atf.agency_id))
    assert side.acknowledged_by_id == atf.id


def test_both_sides_resolving_at_once_close_the_alert(app, make):
    from coordinator.accounts.models import User
    from coordinator.conflicts.services import resolve

    atf, ice, alert_id = _one_alert(make)

    def first(session):
        resolve(session, session.get(User, atf.id), alert_id, "joint", "ATF leads")

    def second(session, alert_for, read_only=False):
        user = session.get(User, ice.id)
        if read_only:
            alert, side = alert_for(session, user, alert_id)
            assert [s.status for s in alert.sides] == ["open", "open"]
            return alert, side
        resolve(session, user, alert_id, "joint", "agreed")

    _interleaved(app, first, second)
    db.session.expire_all()
    alert = db.session.get(ConflictAlert, alert_id)
    assert alert.status == "closed" and alert.closed_at is not None
    assert _history(alert_id) == ["raised", "resolved:joint", "resolved:joint"]


def test_two_supervisors_of_one_side_reopening_at_once_leave_one_reopening(app, make):
    from coordinator.accounts.models import User
    from coordinator.conflicts.services import AlertActionError, reopen, resolve

    atf, ice, alert_id = _one_alert(make)
    resolve(db.session, atf, alert_id, "joint", "ATF leads")
    resolve(db.session, ice, alert_id, "joint", "agreed")
    db.session.commit()
    colleague = make.user("ATF", role="supervisor")

    def first(session):
        reopen(session, session.get(User, atf.id), alert_id, "the suspect moved")

    def again(session, user):
        with pytest.raises(AlertActionError):
            reopen(session, user, alert_id, "a second look")

    _interleaved(app, first, _second_of_one_side(colleague.id, alert_id, "deconflicted", again))
    assert _history(alert_id) == ["raised", "resolved:joint", "resolved:joint", "reopened"]
