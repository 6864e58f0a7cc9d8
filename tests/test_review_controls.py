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
