"""The watch board through the test client: who sees it, what it shows and hides, the officer's actions."""
from __future__ import annotations

from coordinator.extensions import db
from coordinator.watch.models import WatchCall, WatchItem
from coordinator.watch.services import set_region

from .factories import csrf_token, login
from .test_watch_escalation import critical_alert


def officer(make, zones=()):
    user = make.user("CBP", role="watch", name="Night Desk")
    if zones:
        set_region(db.session, user, "Region", list(zones))
        db.session.commit()
    return user


def test_the_board_shows_each_critical_alert_with_both_contacts_place_and_time_never_case_contents(client, make):
    alert, atf_agent, ice_agent, mine = critical_alert(make, minutes_ago=1, venue="Tucson Expo Center")
    alert_id, case_title, case_number = alert.id, mine.case.title, mine.case.number
    login(client, officer(make))
    page = client.get("/watch/")
    assert page.status_code == 200
    text = page.text
    assert f'data-alert="{alert_id}"' in text and "Tucson Expo Center" in text
    assert "ATF" in text and "ICE" in text
    assert 'href="tel:+16025550141"' in text or "602 555 0141" in text
    assert "Stash house" not in text and case_title not in text and case_number not in text
    assert "(MST)" in text  # the window in the place's own zone (Phoenix)
    assert client.get("/home").headers["Location"].endswith("/watch/")


def test_only_watch_officers_open_the_board_and_a_region_sees_its_own_alerts(client, make):
    alert, atf_agent, *_ = critical_alert(make, minutes_ago=1)
    alert_id = alert.id
    login(client, atf_agent)
    assert client.get("/watch/").status_code == 403
    assert client.get("/watch/board").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/account").text)})
    login(client, officer(make, zones=["America/Chicago"]))
    page = client.get("/watch/")
    assert f'data-alert="{alert_id}"' not in page.text and "No critical alert" in page.text
    token = csrf_token(page.text)
    assert client.post(f"/watch/alerts/{alert_id}/take", data={"csrf_token": token}).status_code == 404


def test_the_board_answers_304_until_something_changes(client, make):
    login(client, officer(make))
    first = client.get("/watch/board")
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get("/watch/board", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    alert, *_ = critical_alert(make, minutes_ago=0)  # a new critical alert is raised meanwhile
    changed = client.get("/watch/board", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and f'data-alert="{alert.id}"' in changed.text
    assert "<html" not in changed.text  # the fragment alone


def test_an_officer_takes_an_alert_logs_calls_and_closes_it(client, make):
    alert, atf_agent, *_ = critical_alert(make, minutes_ago=1)
    alert_id = alert.id
    desk = officer(make)
    desk_id = desk.id
    login(client, desk)
    token = csrf_token(client.get("/watch/").text)
    assert client.post(f"/watch/alerts/{alert_id}/take", data={"csrf_token": token}).status_code == 302
    empty = client.post(f"/watch/alerts/{alert_id}/calls", data={"csrf_token": token, "note": "  "},
                        follow_redirects=True)
    assert "This field is required" in empty.text or "required" in empty.text.lower()
    assert db.session.scalar(db.select(db.func.count(WatchCall.id))) == 0
    note = "called ATF's contact 14:05, both teams told"
    client.post(f"/watch/alerts/{alert_id}/calls", data={"csrf_token": token, "note": note})
    board = client.get("/watch/board").text
    assert "both teams told" in board and "Night Desk" in board
    closed = client.post(f"/watch/alerts/{alert_id}/close", data={"csrf_token": token, "note": "teams apart"},
                         follow_redirects=True)
    assert closed.status_code == 200
    item = db.session.scalar(db.select(WatchItem))
    assert item.owner_id == desk_id and item.closed_at is not None and item.close_note == "teams apart"
    again = client.post(f"/watch/alerts/{alert_id}/close", data={"csrf_token": token}, follow_redirects=True)
    assert "already closed" in again.text
    from coordinator.audit.models import AuditEvent
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"watch_item.create", "watch_call.create", "watch_item.update"} <= actions
    # The sides read in their alert's history that the watch centre called, and what it noted.
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/account").text)})
    login(client, atf_agent)
    history = client.get(f"/review/alerts/{alert_id}").text
    assert "watch centre: call logged" in history and "both teams told" in history
    assert "watch centre: closed on its board" in history


def test_the_board_reads_in_spanish(client, make):
    critical_alert(make, minutes_ago=1)
    login(client, make.user("GN", role="watch", locale="es"))
    page = client.get("/watch/")
    assert "Tablero de guardia" in page.text and "Registrar la llamada" in page.text


def test_the_watch_centre_in_the_api(client, make):
    from .factories import Api

    alert, atf_agent, *_ = critical_alert(make, minutes_ago=1, venue="Tucson Expo Center")
    alert_id = alert.id
    desk = Api(client, make.token(officer(make)))
    listed = desk.get("/api/v1/watch/alerts")
    assert listed.status_code == 200 and listed.get_json()["next"] is None
    item = listed.get_json()["items"][0]
    assert item["id"] == alert_id and item["places"][0]["venue"] == "Tucson Expo Center"
    assert sorted(side["agency"] for side in item["sides"]) == ["ATF", "ICE"]
    assert {"name", "phone", "email"} == set(item["sides"][0]["poc"])
    assert "title" not in str(item) and "case" not in str(item)
    assert desk.post(f"/api/v1/watch/alerts/{alert_id}/take").get_json()["owner"] == "Night Desk"
    assert desk.post(f"/api/v1/watch/alerts/{alert_id}/calls", json={"note": ""}).status_code == 400
    assert desk.post(f"/api/v1/watch/alerts/{alert_id}/calls", json={"note": "x", "extra": 1}).status_code == 400
    called = desk.post(f"/api/v1/watch/alerts/{alert_id}/calls", json={"note": "called ICE's contact 02:10"})
    assert called.status_code == 201 and called.get_json()["calls"][0]["note"] == "called ICE's contact 02:10"
    assert desk.post(f"/api/v1/watch/alerts/{alert_id}/close").status_code == 200
    again = desk.post(f"/api/v1/watch/alerts/{alert_id}/close", json={"note": "again"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "conflict"
    agent = Api(client, make.token(atf_agent))
    assert agent.get("/api/v1/watch/alerts").status_code == 403
    assert agent.post(f"/api/v1/watch/alerts/{alert_id}/take").status_code == 403
    assert desk.post("/api/v1/watch/alerts/999999/take").status_code == 404
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/watch/alerts/{alert_id}/calls" in paths


def test_a_region_of_states_or_a_box_sees_the_alerts_whose_place_falls_in_it(client, make):
    from coordinator.watch.services import WatchActionError, board_alerts, officers_for

    alert, *_ = critical_alert(make, minutes_ago=1)  # two operations in Phoenix, Arizona
    alert_id = alert.id
    desks = {}
    for name, region in {"texas": {"states": ["TX", "Chihuahua"]}, "arizona": {"states": ["az"]},
                         "border": {"states": ["border"]}, "tucson": {"box": [31.3, -111.6, 32.6, -110.4]},
                         "phoenix": {"box": [33.2, -112.5, 33.8, -111.6]}, "national": None}.items():
        desk = make.user("CBP", role="watch", name=f"Desk {name}")
        if region is not None:
            set_region(db.session, desk, name.title(), **region)
        desks[name] = desk
    db.session.commit()
    seen = {name for name, desk in desks.items() if alert_id in [a.id for a in board_alerts(db.session, desk)]}
    assert seen == {"arizona", "border", "phoenix", "national"}
    told = {desk.name for desk in officers_for(db.session, db.session.get(type(alert), alert_id))}
    assert told == {f"Desk {name}" for name in seen}  # escalations reach the same officers
    for bad in ({"states": ["Narnia"]}, {"box": [34, -112, 33, -111]}, {"box": [33, -112, 34]}):
        try:
            set_region(db.session, desks["texas"], "Bad", **bad)
        except WatchActionError:
            continue
        raise AssertionError(f"accepted {bad}")


def test_the_region_command_takes_states_the_border_and_a_box(runner, make):
    make.user("CBP", role="watch", email="desk@cbp.test")
    border = runner.invoke(args=["watch", "region", "desk@cbp.test", "--border", "--name", "US–Mexico border"])
    assert border.exit_code == 0, border.output
    assert "US–Mexico border" in border.output and "AZ" in border.output and "TAMPS" in border.output
    boxed = runner.invoke(args=["watch", "region", "desk@cbp.test", "--state", "Sonora", "--box", "31,-115,34,-109"])
    assert boxed.exit_code == 0 and "SON" in boxed.output and "31.0,-115.0,34.0,-109.0" in boxed.output
    wrong = runner.invoke(args=["watch", "region", "desk@cbp.test", "--state", "Narnia"])
    assert wrong.exit_code != 0 and "Narnia" in wrong.output
    national = runner.invoke(args=["watch", "region", "desk@cbp.test"])
    assert national.exit_code == 0 and "national" in national.output
