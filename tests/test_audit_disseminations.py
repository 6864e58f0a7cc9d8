"""Sharing a case is an explicit act of the owning agency, recorded as a dissemination."""
from __future__ import annotations

from sqlalchemy import select

from coordinator.accounts.services import agency_by_code
from coordinator.cases.models import Dissemination
from coordinator.cases.services import share_case
from coordinator.extensions import db

from .factories import Api, login, post_form
from .test_audit import entries

REASON = "Joint work on the Nogales crew; ICE holds the border crossings"


def test_the_owning_agency_shares_a_case_and_the_release_is_recorded(client, make):
    owner, ice_agent = make.user("ATF"), make.user("ICE")
    case = make.case(owner, title="Operation Silver Line")
    ice = Api(client, make.token(ice_agent))
    assert ice.get(f"/api/v1/cases/{case.id}").status_code == 404
    login(client, owner)
    response = post_form(client, f"/cases/{case.id}/sharing", {"agency": "ICE", "reason": REASON,
                                                                "requested_by": "SA Ruiz, HSI Nogales"})
    assert response.status_code == 302
    assert ice.get(f"/api/v1/cases/{case.id}").get_json()["title"] == "Operation Silver Line"
    row = db.session.scalar(select(Dissemination))
    assert (row.from_agency.code, row.to_agency.code, row.scope, row.reason, row.requested_by, row.granted_by_id) == \
        ("ATF", "ICE", "case", REASON, "SA Ruiz, HSI Nogales", owner.id)
    assert row.at is not None and row.revoked_at is None
    page = client.get(f"/cases/{case.id}/sharing")
    assert REASON in page.text and "SA Ruiz" in page.text
    shared = entries(action="case.disseminate")
    assert [(e.object_id, e.user_email, e.details["to_agency"]) for e in shared] == [
        (str(case.id), owner.email, "ICE")]


def test_revoking_ends_the_access_and_keeps_the_record(client, make):
    owner, ice_agent = make.user("ATF"), make.user("ICE")
    case = make.case(owner)
    api = Api(client, make.token(owner))
    created = api.post(f"/api/v1/cases/{case.id}/shares", json={"agency": "ICE", "reason": REASON})
    assert created.status_code == 201 and created.get_json()["to_agency"] == "ICE"
    ice = Api(client, make.token(ice_agent))
    assert ice.get(f"/api/v1/cases/{case.id}").status_code == 200
    assert ice.post(f"/api/v1/disseminations/{created.get_json()['id']}/revoke").status_code == 404
    revoked = api.post(f"/api/v1/disseminations/{created.get_json()['id']}/revoke")
    assert revoked.status_code == 200 and revoked.get_json()["revoked_at"]
    assert ice.get(f"/api/v1/cases/{case.id}").status_code == 404
    assert api.post(f"/api/v1/disseminations/{created.get_json()['id']}/revoke").status_code == 400
    listed = api.get(f"/api/v1/cases/{case.id}/shares").get_json()["items"]
    assert len(listed) == 1 and listed[0]["revoked_at"]
    assert entries(action="case.revoke_share")[0].details["to_agency"] == "ICE"


def test_a_share_must_say_why_and_go_to_another_agency(client, make):
    owner = make.user("ATF")
    case = make.case(owner)
    api = Api(client, make.token(owner))
    assert api.post(f"/api/v1/cases/{case.id}/shares", json={"agency": "ATF", "reason": REASON}).status_code == 400
    short = api.post(f"/api/v1/cases/{case.id}/shares", json={"agency": "ICE", "reason": "pls"})
    assert short.status_code == 400 and "reason" in short.get_json()["error"]["fields"]
    assert api.post(f"/api/v1/cases/{case.id}/shares", json={"agency": "XYZ", "reason": REASON}).status_code == 400
    assert api.post(f"/api/v1/cases/{case.id}/shares", json={"agency": "ICE", "reason": REASON}).status_code == 201
    again = api.post(f"/api/v1/cases/{case.id}/shares", json={"agency": "ICE", "reason": REASON})
    assert again.status_code == 400 and "already shared" in again.get_json()["error"]["fields"]["agency"]


def test_only_the_owning_agencys_case_workers_share(client, make):
    owner = make.user("ATF")
    case = make.case(owner)
    body = {"agency": "FGR", "reason": REASON}
    for user, status in ((make.user("ICE"), 404), (make.user("FGR", role="supervisor"), 404),
                         (make.user("ATF", role="monitor"), 404), (make.user("ATF", role="admin"), 404)):
        api = Api(client, make.token(user))
        assert api.post(f"/api/v1/cases/{case.id}/shares", json=body).status_code == status, user.role
        assert api.get(f"/api/v1/cases/{case.id}/shares").status_code == status
    shared_with = make.user("ICE")
    share_case(db.session, owner, case, agency_by_code(db.session, "ICE"), REASON)
    db.session.commit()
    reader = Api(client, make.token(shared_with))
    assert reader.get(f"/api/v1/cases/{case.id}").status_code == 200
    assert reader.post(f"/api/v1/cases/{case.id}/shares", json=body).status_code == 404  # reads, never re-shares
    assert db.session.scalars(select(Dissemination.to_agency_id)).all() == [agency_by_code(db.session, "ICE").id]


def test_every_share_is_a_dissemination_whatever_made_it(app_ctx, make):
    """A referral that lets the receiver read the case goes through share_case too."""
    owner = make.user("ATF")
    case = make.case(owner)
    share_case(db.session, owner, case, agency_by_code(db.session, "USAO"), "Prosecution referral")
    share_case(db.session, owner, case, agency_by_code(db.session, "USAO"), "Prosecution referral")
    db.session.commit()
    rows = db.session.scalars(select(Dissemination)).all()
    assert [(r.to_agency.code, r.reason) for r in rows] == [("USAO", "Prosecution referral")]
