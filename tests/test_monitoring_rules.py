"""Each shipped MOU rule measured against the records: a breach and a pass for every rule."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from coordinator.accounts.services import agency_by_code
from coordinator.cases.models import CaseParticipant
from coordinator.conflicts.models import AlertSide, ConflictAlert
from coordinator.extensions import db
from coordinator.monitoring.compliance import measure_rule, mou_compliance
from coordinator.monitoring.lookups import clearances_required_for, notice_hours_for
from coordinator.monitoring.models import Mou, MouParty, MouRule
from coordinator.monitoring.periods import Period
from coordinator.operations.models import OperationClearance, OperationEvent
from coordinator.outcomes.services import decide_referral, record_referral

NOW = datetime.now(timezone.utc).replace(microsecond=0)
TODAY = NOW.date()
PERIOD = Period("range", TODAY - timedelta(days=120), TODAY + timedelta(days=30))


def make_mou(parties=("ATF", "ICE"), effective_from=date(2009, 6, 30), **rule) -> MouRule:
    mou = Mou(title="ATF–ICE MOU", effective_from=effective_from)
    mou.parties = [MouParty(agency=agency_by_code(db.session, code)) for code in parties]
    mou.rules = [MouRule(**{"agencies": [], **rule})]
    db.session.add(mou)
    db.session.commit()
    return mou.rules[0]


def measured(rule: MouRule, now: datetime = NOW):
    parties = {p.agency_id: p.agency.code for p in rule.mou.parties}
    return measure_rule(db.session, rule, parties, PERIOD, now)


def states(result) -> dict[str, list[str]]:
    """Each measured item's case number → its state."""
    return {f.case_number: f.state for f in result.findings}


def party(result, code: str):
    return next(p for p in result.parties if p.agency == code)


@pytest.fixture()
def people(make):
    agents = {code: make.user(code) for code in ("ATF", "ICE", "CBP", "USAO", "FGR")}
    opened = TODAY - timedelta(days=200)
    cases = {code: make.case(user, number=f"{code}-1", opened_on=opened) for code, user in agents.items()}
    return agents, cases


# operations registered at least N hours before they start


def test_operation_notice_kept_and_breached(make, people):
    agents, cases = people
    rule = make_mou(kind="operation_notice", threshold=24)
    early = make.case(agents["ATF"], number="ATF-EARLY")
    late = make.case(agents["ICE"], number="ICE-LATE")
    make.operation(agents["ATF"], early, starts_at=NOW + timedelta(days=3))
    make.operation(agents["ICE"], late, starts_at=NOW + timedelta(hours=5))
    make.operation(agents["CBP"], cases["CBP"], starts_at=NOW + timedelta(hours=1))  # not a party

    result = measured(rule)
    assert states(result) == {"ATF-EARLY": "kept", "ICE-LATE": "breached"}
    assert party(result, "ATF").status == "kept" and party(result, "ICE").status == "breached"
    assert result.status == "breached" and result.rate == 50.0
    breach = result.breaches[0]
    assert breach.case_agency == "ICE" and "hours before it started" in breach.detail


def test_operation_notice_narrowed_to_a_kind(make, people):
    agents, cases = people
    rule = make_mou(kind="operation_notice", threshold=48, operation_kind="controlled_delivery")
    make.operation(agents["ATF"], cases["ATF"], starts_at=NOW + timedelta(hours=5))  # a surveillance
    assert measured(rule).findings == [] and measured(rule).status == "no_data"


# cross-border operations cleared by the named agencies before going active


def grant(operation, code: str, at: datetime, decision: str = "granted") -> None:
    agency = agency_by_code(db.session, code)
    clearance = db.session.scalar(select(OperationClearance).where(
        OperationClearance.operation_id == operation.id, OperationClearance.agency_id == agency.id))
    if clearance is None:  # the lifecycle asks the configured agencies itself; others are added here
        clearance = OperationClearance(operation_id=operation.id, agency_id=agency.id, requested_at=at)
        db.session.add(clearance)
    clearance.decision, clearance.decided_at = decision, at
    db.session.commit()


def went_active(operation, at: datetime) -> None:
    operation.status = "active"
    db.session.add(OperationEvent(operation_id=operation.id, action="transition", from_status="cleared",
                                  to_status="active", at=at))
    db.session.commit()


def test_cross_border_clearance_kept_and_breached(make, people):
    agents, _cases = people
    rule = make_mou(kind="cross_border_clearance", threshold=0, agencies=["ICE", "CBP", "FGR"],
                    operation_kind="controlled_delivery")
    atf = agents["ATF"]

    def delivery(number: str):
        return make.operation(atf, make.case(atf, number=number), kind="controlled_delivery", cross_border=True,
                              starts_at=NOW + timedelta(days=2))

    cleared, uncleared, too_late, never_active = (delivery(n) for n in ("CLEARED", "UNCLEARED", "LATE", "PLANNED"))
    start = NOW - timedelta(days=1)
    for code in ("ICE", "CBP", "FGR"):
        grant(cleared, code, start)
        grant(too_late, code, start if code != "FGR" else start + timedelta(hours=3))
    grant(uncleared, "ICE", start)
    grant(uncleared, "CBP", start, decision="refused")
    for operation in (cleared, uncleared, too_late):
        went_active(operation, start + timedelta(hours=1))

    result = measured(rule)
    assert states(result) == {"CLEARED": "kept", "UNCLEARED": "breached", "LATE": "breached"}
    details = {f.case_number: f.detail for f in result.findings}
    assert "CBP, FGR" in details["UNCLEARED"] and "FGR" in details["LATE"] and "ICE" not in details["LATE"]
    assert party(result, "ATF").breached == 2 and party(result, "ATF").kept == 1
    assert never_active.id not in {f.record_id for f in result.findings}


def test_an_operation_of_a_named_agency_does_not_need_its_own_clearance(make, people):
    agents, _cases = people
    rule = make_mou(kind="cross_border_clearance", threshold=0, agencies=["ATF", "ICE"])
    ice = agents["ICE"]
    operation = make.operation(ice, make.case(ice, number="ICE-CD"), kind="controlled_delivery",
                               cross_border=True, starts_at=NOW + timedelta(days=2))
    grant(operation, "ATF", NOW - timedelta(hours=5))
    went_active(operation, NOW - timedelta(hours=2))
    assert states(measured(rule)) == {"ICE-CD": "kept"}


# conflicts acknowledged within N hours, resolved within M days


def alert(cases, raised_at: datetime, first="ATF", second="ICE", pair="p1", **times) -> ConflictAlert:
    found = ConflictAlert(pair=pair, kind="event", level="match", severity="critical", score=1.0, raised_at=raised_at)
    found.sides = [AlertSide(agency_id=cases[code].agency_id, case_id=cases[code].id, record_type="operation",
                             record_id=n + 1, record_kind="surveillance", reasons=[],
                             acknowledged_at=times.get(f"{code}_ack"), resolved_at=times.get(f"{code}_resolved"))
                   for n, code in enumerate((first, second))]
    db.session.add(found)
    db.session.commit()
    return found


def test_conflicts_acknowledged_in_time_kept_breached_and_not_yet_due(people):
    _agents, cases = people
    rule = make_mou(kind="conflict_acknowledged", threshold=4)
    raised = NOW - timedelta(hours=10)
    alert(cases, raised, ATF_ack=raised + timedelta(hours=1), ICE_ack=raised + timedelta(hours=6))
    alert(cases, NOW - timedelta(hours=1), pair="p2")                       # not due for three more hours
    alert(cases, raised, first="ATF", second="CBP", pair="p3")             # CBP is no party

    result = measured(rule)
    by_side = sorted((f.party, f.state) for f in result.findings)
    assert by_side == [("ATF", "kept"), ("ATF", "pending"), ("ICE", "breached"), ("ICE", "pending")]
    assert party(result, "ATF").status == "kept" and party(result, "ICE").status == "breached"
    assert result.breaches[0].case_number == "ICE-1" and result.breaches[0].record_type == "alert"


def test_an_unacknowledged_alert_is_breached_once_overdue(people):
    _agents, cases = people
    rule = make_mou(kind="conflict_acknowledged", threshold=4)
    alert(cases, NOW - timedelta(hours=5))
    assert {f.state for f in measured(rule).findings} == {"breached"}
    assert {f.state for f in measured(rule, now=NOW - timedelta(hours=2)).findings} == {"pending"}


def test_critical_alerts_acknowledged_within_minutes_and_only_critical_ones_measured(people):
    _agents, cases = people
    rule = make_mou(kind="critical_acknowledged", threshold=15)
    raised = NOW - timedelta(hours=2)
    alert(cases, raised, ATF_ack=raised + timedelta(minutes=9), ICE_ack=raised + timedelta(minutes=40))
    alert(cases, NOW - timedelta(minutes=5), pair="p2")                     # not due for ten more minutes
    lesser = alert(cases, raised, pair="p3")
    lesser.severity = "high"                                                # measured by the hours rule only
    db.session.commit()

    result = measured(rule)
    assert sorted((f.party, f.state) for f in result.findings) == [
        ("ATF", "kept"), ("ATF", "pending"), ("ICE", "breached"), ("ICE", "pending")]
    assert {f.detail for f in result.findings if f.state != "pending"} == {
        "9 minutes after the alert", "40 minutes after the alert"}
    assert "15 minutes" in result.sentence


def test_conflicts_resolved_in_time_kept_and_breached(people):
    _agents, cases = people
    rule = make_mou(kind="conflict_resolved", threshold=7)
    raised = NOW - timedelta(days=10)
    alert(cases, raised, ATF_resolved=raised + timedelta(days=2), ATF_ack=raised + timedelta(hours=1))
    result = measured(rule)
    assert {f.party: f.state for f in result.findings} == {"ATF": "kept", "ICE": "breached"}
    assert result.breaches[0].detail == "not yet"


# referrals decided within N days


def test_referrals_decided_in_time_kept_breached_and_pending(people):
    agents, cases = people
    rule = make_mou(("ATF", "ICE", "USAO"), kind="referral_decided", threshold=30)

    def referral(sent_days_ago: int, decided_after: int | None, to: str = "USAO", kind: str = "prosecution"):
        sent = TODAY - timedelta(days=sent_days_ago)
        referral = record_referral(db.session, agents["ATF"], cases["ATF"], {"to_agency": to, "kind": kind,
                                                                             "sent_on": sent})
        if decided_after is not None:
            decide_referral(db.session, agents[to], referral, {"status": "accepted",
                                                               "decided_on": sent + timedelta(days=decided_after)})
        db.session.commit()
        return referral

    kept, late, overdue, young = referral(90, 10), referral(80, 40, "ICE", "investigative"), \
        referral(50, None, "ICE", "investigative"), referral(5, None)
    record_referral(db.session, agents["ATF"], cases["ATF"], {"to_agency": "FGR", "kind": "prosecution",
                                                               "sent_on": TODAY - timedelta(days=60)})  # no party
    db.session.commit()

    result = measured(rule)
    assert {f.record_id: f.state for f in result.findings} == {
        kept.id: "kept", late.id: "breached", overdue.id: "breached", young.id: "pending"}
    assert party(result, "ICE").breached == 2 and party(result, "USAO").kept == 1
    assert party(result, "ATF").status == "no_data"


def test_a_referral_rule_narrowed_to_prosecution(people):
    agents, cases = people
    rule = make_mou(("ATF", "ICE", "USAO"), kind="referral_decided", threshold=30, referral_kind="prosecution")
    record_referral(db.session, agents["ATF"], cases["ATF"], {"to_agency": "ICE", "kind": "investigative",
                                                               "sent_on": TODAY - timedelta(days=60)})
    db.session.commit()
    assert measured(rule).findings == []


# joint cases and referrals between the parties, counted per period


def test_joint_activity_counted_per_party(make, people):
    agents, cases = people
    rule = make_mou(("ATF", "ICE", "CBP"), kind="joint_activity", threshold=1)
    joint = make.case(agents["ATF"], number="ATF-JOINT", opened_on=TODAY - timedelta(days=10))
    db.session.add(CaseParticipant(case_id=joint.id, agency_id=agency_by_code(db.session, "ICE").id))
    db.session.commit()

    result = measured(rule)
    counts = {p.agency: (p.count, p.status) for p in result.parties}
    assert counts == {"ATF": (1, "kept"), "ICE": (1, "kept"), "CBP": (0, "breached")}
    assert result.status == "breached"

    record_referral(db.session, agents["CBP"], cases["CBP"], {"to_agency": "ATF", "kind": "investigative",
                                                               "sent_on": TODAY - timedelta(days=3)})
    db.session.commit()
    result = measured(rule)
    assert {p.agency: p.count for p in result.parties} == {"ATF": 2, "ICE": 1, "CBP": 1}
    assert result.status == "kept"
    assert {f.record_type for f in result.findings} == {"case", "referral"}


# the MOU's dates, and what the lifecycle asks of the MOUs


def test_an_mou_is_measured_only_while_in_effect(make, people):
    agents, cases = people
    rule = make_mou(kind="operation_notice", threshold=24, effective_from=TODAY + timedelta(days=40))
    make.operation(agents["ICE"], cases["ICE"], starts_at=NOW + timedelta(hours=5))
    assert mou_compliance(db.session, rule.mou, PERIOD).period is None
    rule.mou.effective_from = TODAY + timedelta(days=2)
    db.session.commit()
    result = mou_compliance(db.session, rule.mou, PERIOD)
    assert result.period.start == TODAY + timedelta(days=2)
    assert result.rules[0].findings == []  # the operation starts before the MOU takes effect


def test_lookups_for_the_operation_lifecycle(people):
    make_mou(kind="operation_notice", threshold=36)
    rule = make_mou(("ATF", "CBP"), kind="cross_border_clearance", threshold=0, agencies=["CBP", "FGR"],
                    operation_kind="controlled_delivery")
    atf, ice, dea = (agency_by_code(db.session, c) for c in ("ATF", "ICE", "DEA"))
    assert notice_hours_for(db.session, atf.id) == 36
    assert notice_hours_for(db.session, dea.id) == 24
    assert [(a.code, mou.id) for a, mou in clearances_required_for(db.session, atf.id, "controlled_delivery")] == \
        [("CBP", rule.mou_id), ("FGR", rule.mou_id)]
    # No rule applies (None): the application's default stands, not "nobody".
    assert clearances_required_for(db.session, atf.id, "surveillance") is None
    assert clearances_required_for(db.session, ice.id, "controlled_delivery") is None
    rule.mou.effective_until = TODAY - timedelta(days=1)
    db.session.commit()
    assert clearances_required_for(db.session, atf.id, "controlled_delivery") is None
