"""Escalation of critical alerts a side left unacknowledged: once per side, through a restarted sender too."""
from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import update

from coordinator.audit.models import AuditEvent
from coordinator.conflicts.models import AlertEvent, ConflictAlert
from coordinator.conflicts.services import acknowledge
from coordinator.extensions import db
from coordinator.notifications.models import Notification
from coordinator.notifications.phone import PhoneMessage, claim_due_phone
from coordinator.types import utcnow
from coordinator.watch import escalation
from coordinator.watch.escalation import escalate_overdue, overdue_sides
from coordinator.watch.models import AlertEscalation
from coordinator.watch.services import set_region


class StubGateway(BaseHTTPRequestHandler):
    """The SMS/voice gateway's webhook as a test sees it: records what it accepted, refuses on demand."""

    refuse = 0
    accepted: list[dict] = []

    def do_POST(self):  # noqa: N802  (http.server's name)
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if type(self).refuse > 0:
            type(self).refuse -= 1
            self.send_response(503)
            self.end_headers()
            self.wfile.write(b"busy")
            return
        type(self).accepted.append({"payload": payload, "key": self.headers["Idempotency-Key"],
                                    "auth": self.headers.get("Authorization")})
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture()
def gateway(app_ctx, monkeypatch):
    StubGateway.refuse, StubGateway.accepted = 0, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setitem(app_ctx.config, "PHONE_GATEWAY_URL", f"http://127.0.0.1:{server.server_port}/send")
    monkeypatch.setitem(app_ctx.config, "PHONE_GATEWAY_TOKEN", "gateway-secret")
    yield StubGateway
    server.shutdown()
    server.server_close()


def critical_alert(make, minutes_ago: int = 20, **operation):
    """ATF and ICE watch the same place at the same time; the alert was raised ``minutes_ago``."""
    atf_agent, ice_agent = make.user("ATF", phone="+1 602 555 0141"), make.user("ICE", phone="+1 520 555 0177")
    start = utcnow().replace(microsecond=0) + timedelta(days=2)
    window = {"starts_at": start, "ends_at": start + timedelta(hours=6), **operation}
    mine = make.operation(atf_agent, make.case(atf_agent, lead_agent_id=atf_agent.id), title="Stash house", **window)
    make.operation(ice_agent, make.case(ice_agent, lead_agent_id=ice_agent.id), **window)
    alert = db.session.scalar(db.select(ConflictAlert))
    assert alert.severity == "critical"
    db.session.execute(update(ConflictAlert).values(raised_at=utcnow() - timedelta(minutes=minutes_ago)))
    db.session.commit()
    return alert, atf_agent, ice_agent, mine


def kinds_of(user_id: int) -> list[str]:
    return db.session.scalars(db.select(Notification.kind).where(Notification.user_id == user_id)
                              .order_by(Notification.id)).all()


def test_an_overdue_side_reaches_supervisors_watch_and_the_gateway_once_across_a_sender_restart(make, runner, gateway):
    alert, atf_agent, ice_agent, _ = critical_alert(make)
    atf_boss, ice_boss = make.user("ATF", role="supervisor"), make.user("ICE", role="supervisor")
    national = make.user("CBP", role="watch")
    elsewhere = make.user("CBP", role="watch")
    set_region(db.session, elsewhere, "Texas", ["America/Chicago"])
    covering = make.user("CBP", role="watch")
    set_region(db.session, covering, "Arizona–Sonora", ["America/Phoenix", "America/Hermosillo"])
    db.session.commit()
    acknowledge(db.session, ice_boss, alert.id)  # ICE saw it in time; ATF did not
    db.session.commit()
    alert_id, atf_boss, ice_boss, national, elsewhere, covering = (
        alert.id, atf_boss.id, ice_boss.id, national.id, elsewhere.id, covering.id)
    gateway.refuse = 1  # the gateway is down for the first attempt

    first = runner.invoke(args=["watch", "escalate"])
    assert first.exit_code == 0, first.output
    assert "escalated 1 side(s)" in first.output and "sent 0 of 1" in first.output
    # The sender restarts: a new process, the same database. Nothing is escalated again.
    db.session.remove()
    db.session.execute(update(PhoneMessage).values(next_attempt_at=utcnow()))  # its retry has come
    db.session.commit()
    second = runner.invoke(args=["watch", "escalate"])
    assert "escalated 0 side(s)" in second.output and "sent 1 of 1" in second.output, second.output
    third = runner.invoke(args=["watch", "escalate"])
    assert "escalated 0 side(s)" in third.output and "sent 0 of 0" in third.output

    assert len(gateway.accepted) == 1
    sms = gateway.accepted[0]
    assert sms["payload"]["to"] == "+16025550141" and sms["payload"]["channel"] == "sms"
    assert "ICE" in sms["payload"]["body"] and str(alert_id) in sms["payload"]["body"]
    assert "Stash house" not in sms["payload"]["body"]  # no case contents in a text message
    assert sms["auth"] == "Bearer gateway-secret" and sms["key"].startswith("coordinator-phone-")
    assert kinds_of(atf_boss) == ["alert_unacknowledged"]  # made after the alert was raised
    assert "alert_unacknowledged" not in kinds_of(ice_boss)
    assert kinds_of(national) == kinds_of(covering) == ["watch_escalation"]
    assert kinds_of(elsewhere) == []
    assert db.session.scalar(db.select(db.func.count(AlertEscalation.id))) == 1
    escalated = db.session.scalar(db.select(AlertEscalation))
    assert escalated.agency.code == "ATF" and escalated.minutes == 15
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(
        AuditEvent.action == "alert_escalation.create")) == 1
    assert db.session.scalar(db.select(AlertEvent.action).where(AlertEvent.action == "overdue_escalated"))


def test_a_sender_that_died_after_claiming_loses_nothing(make, runner, gateway):
    critical_alert(make)
    make.user("ATF", role="supervisor")
    escalate_overdue(db.session, 15)
    db.session.commit()
    claimed = claim_due_phone(db.session)  # a sender claims both messages, then dies before posting them
    db.session.commit()
    assert len(claimed) == 2
    soon = runner.invoke(args=["watch", "escalate"])
    assert "sent 0 of 0" in soon.output  # the dead sender's claim still holds
    db.session.execute(update(PhoneMessage).values(claimed_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    later = runner.invoke(args=["watch", "escalate"])
    assert "sent 2 of 2" in later.output
    assert sorted(sent["payload"]["to"] for sent in gateway.accepted) == ["+15205550177", "+16025550141"]


def test_an_escalation_another_process_made_is_not_made_again(make, monkeypatch):
    critical_alert(make)
    stale = overdue_sides(db.session, 15)  # what this process read ...
    assert len(stale) == 2
    escalate_overdue(db.session, 15)  # ... before another process escalated both sides and committed
    db.session.commit()
    monkeypatch.setattr(escalation, "overdue_sides", lambda *args, **kwargs: stale)
    assert escalate_overdue(db.session, 15) == []
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(AlertEscalation.id))) == 2
    assert db.session.scalar(db.select(db.func.count(PhoneMessage.id))) == 2


def test_nothing_escalates_before_the_limit_counted_from_when_it_became_critical(make):
    alert, *_ = critical_alert(make, minutes_ago=10)
    assert escalate_overdue(db.session, 15) == []
    assert len(overdue_sides(db.session, 5)) == 2
    # Made critical three minutes ago (it was a lesser alert before): the clock starts then.
    db.session.add(AlertEvent(alert_id=alert.id, action="escalated", at=utcnow() - timedelta(minutes=3)))
    db.session.commit()
    assert overdue_sides(db.session, 5) == []
    assert len(overdue_sides(db.session, 2)) == 2
    db.session.execute(update(ConflictAlert).values(severity="high"))
    db.session.commit()
    assert overdue_sides(db.session, 1) == []


def test_a_point_of_contact_without_a_valid_number_gets_no_text_but_the_people_are_told(make):
    critical_alert(make, poc_phone="not a number")
    boss = make.user("ATF", role="supervisor").id
    officer = make.user("CBP", role="watch").id
    made = escalate_overdue(db.session, 15)
    db.session.commit()
    assert len(made) == 2
    assert db.session.scalar(db.select(db.func.count(PhoneMessage.id))) == 0
    assert "alert_unacknowledged" in kinds_of(boss)
    assert kinds_of(officer) == ["watch_escalation", "watch_escalation"]


def test_users_create_makes_a_watch_officer(runner):
    result = runner.invoke(args=["users", "create", "--email", "duty@cbp.test", "--name", "Duty Officer",
                                 "--agency", "CBP", "--role", "watch", "--password", "night desk lantern parsley"])
    assert result.exit_code == 0 and "(CBP, watch)" in result.output, result.output
    region = runner.invoke(args=["watch", "region", "duty@cbp.test", "--zone", "America/Phoenix",
                                 "--name", "Arizona"])
    assert "Arizona (America/Phoenix)" in region.output
    wrong = runner.invoke(args=["watch", "region", "duty@cbp.test", "--zone", "Mars/Olympus"])
    assert wrong.exit_code != 0 and "Mars/Olympus" in wrong.output


def test_the_escalation_notifications_read_in_each_reader_language(make, client):
    from coordinator.notifications.models import OutboxMessage

    critical_alert(make)
    boss = make.user("ATF", role="supervisor", locale="es").id
    desk = make.user("CBP", role="watch", locale="en").id
    escalate_overdue(db.session, 15)
    db.session.commit()
    spanish = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.user_id == boss))
    assert spanish.subject.startswith("Escalada: la alerta crítica") and "15 minutos" in spanish.subject
    english = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.user_id == desk)).all()
    assert {mail.subject.split(" has not")[0] for mail in english} == {"Escalated: ATF", "Escalated: ICE"}
    assert all("/watch" in mail.body for mail in english)


def test_an_escalation_rolled_back_leaves_nothing_behind(make):
    """A watch run that fails after escalating (killed before its commit) leaves the sides to escalate again.

    The escalation is written behind a savepoint; on SQLite a savepoint sent
    before any write would commit on its release, and the side would never
    be escalated (nor its people told).
    """
    critical_alert(make)
    db.session.commit()
    assert len(escalate_overdue(db.session, 15)) == 2
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(AlertEscalation.id))) == 0
    assert len(escalate_overdue(db.session, 15)) == 2
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(AlertEscalation.id))) == 2
