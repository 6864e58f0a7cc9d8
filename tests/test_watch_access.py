"""Need to know for the watch centre: a watch officer walks every route and never sees a case's contents."""
from __future__ import annotations

from coordinator.conflicts.models import ConflictAlert
from coordinator.extensions import db

from .conftest import IsolatedClient
from .factories import csrf_token, login
from .test_access_routes import CASE_MARKS, SUBJECT_MARKS, OWNER, PUBLIC, Walk, area_of, build_world, calls, send


def test_a_watch_officer_walks_every_route_and_sees_contacts_place_and_time_only(app_ctx, make):
    app = app_ctx
    app.test_client_class = IsolatedClient
    world = build_world(make)
    owner_operation = world.ids["operation_id"][0]
    ice = make.user("ICE")
    from coordinator.operations.models import Operation

    atf_plan = db.session.get(Operation, owner_operation)
    make.operation(ice, make.case(ice), starts_at=atf_plan.starts_at, title="ICE plan")  # same place and time
    critical = db.session.scalar(db.select(ConflictAlert.id).where(ConflictAlert.severity == "critical"))
    assert critical is not None, "the walk needs a critical alert with ATF's operation"
    world.ids["alert_id"] = [*world.ids["alert_id"], critical]
    officer = make.user("CBP", role="watch")
    token = make.token(officer)
    client = app.test_client()
    login(client, officer)
    board = client.get("/watch/").text
    assert f'data-alert="{critical}"' in board  # the walk below looks at a board with ATF's operation on it
    csrf = csrf_token(client.get("/account").text)
    walk = Walk()
    for call in calls(app, world):
        response = send(client, call, token, csrf)
        status, body = response.status_code, response.get_data(as_text=True)
        response.close()
        walk.count += 1
        walk.check(status < 500, "CBP watch", call, status, "server error")
        leaked = [mark for mark in CASE_MARKS + SUBJECT_MARKS if mark in body]
        walk.check(not leaked, "CBP watch", call, status, f"shows {OWNER}'s {leaked}")
        roles = area_of(call.path)
        if roles is not None and "watch" not in roles and call.endpoint not in PUBLIC:
            walk.check(status in (403, 404), "CBP watch", call, status, "outside the role's area")
    assert not walk.problems, f"{len(walk.problems)} of {walk.count} answers wrong:\n" + "\n".join(walk.problems)
