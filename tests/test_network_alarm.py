"""The alarm when the alerts a registration left to the job workers wait: administrators and the watch board."""
from __future__ import annotations

from datetime import timedelta

from coordinator.extensions import db
from coordinator.jobs.queue import queue_network_look
from coordinator.types import utcnow

from .factories import login


def _look(make, minutes_ago: int, status: str = "queued") -> int:
    ice = make.user("ICE")
    case = make.case(ice)
    job = queue_network_look(db.session, ice.id, case.id, [(case.id, case.id)])
    job.created_at, job.status = utcnow() - timedelta(minutes=minutes_ago), status
    db.session.commit()
    return job.id


def test_a_network_look_waiting_too_long_alarms_the_administrators_until_a_worker_does_it(client, make):
    login(client, make.user("ATF", role="admin"))
    _look(make, minutes_ago=2)
    assert "network looks" not in client.get("/admin/users").text  # a moment's wait is the normal case
    _look(make, minutes_ago=6)
    page = client.get("/admin/users").text
    assert "1 network looks have waited more than 5 minutes" in page and "flask jobs work --loop" in page
    assert make.network_looks()
    assert "network looks" not in client.get("/admin/users").text


def test_a_failed_network_look_alarms_the_watch_board_in_spanish(client, make):
    login(client, make.user("GN", role="watch", locale="es"))
    _look(make, minutes_ago=1, status="failed")
    page = client.get("/watch/").text
    assert "búsquedas de red fallaron en todos sus intentos" in page


def test_agents_are_not_shown_the_alarm(client, make):
    login(client, make.user("ATF"))
    _look(make, minutes_ago=30)
    page = client.get("/cases/")
    assert page.status_code == 200 and "network looks" not in page.text


def test_the_watch_boards_poll_brings_the_alarm_when_it_comes_and_when_it_goes(client, make):
    # The board stays on the wall: the alarm must reach it through the poll, not only with the page.
    login(client, make.user("GN", role="watch"))
    first = client.get("/watch/board")
    assert first.status_code == 200 and "network looks" not in first.text
    etag = first.headers["ETag"]
    assert client.get("/watch/board", headers={"If-None-Match": etag}).status_code == 304
    _look(make, minutes_ago=6)
    late = client.get("/watch/board", headers={"If-None-Match": etag})
    assert late.status_code == 200 and "1 network looks have waited more than 5 minutes" in late.text
    assert make.network_looks()
    done = client.get("/watch/board", headers={"If-None-Match": late.headers["ETag"]})
    assert done.status_code == 200 and "network looks" not in done.text
