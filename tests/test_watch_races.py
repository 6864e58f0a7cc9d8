"""Two escalation processes released at the same instant: each overdue side is escalated, and told, once."""
from __future__ import annotations

import multiprocessing

from coordinator.extensions import db
from coordinator.notifications.models import Notification
from coordinator.notifications.phone import PhoneMessage
from coordinator.watch.models import AlertEscalation

from .test_watch_escalation import critical_alert
from .watch_race_worker import escalate


def test_racing_escalation_processes_escalate_each_side_once(app_ctx, make, database_url):
    critical_alert(make)
    boss = make.user("ATF", role="supervisor").id
    desk = make.user("CBP", role="watch").id
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    processes = [context.Process(target=escalate, args=(database_url, barrier, 0.6)) for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=90)
        assert process.exitcode == 0, f"worker failed with exit code {process.exitcode}"
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(AlertEscalation.id))) == 2
    assert db.session.scalar(db.select(db.func.count(PhoneMessage.id))) == 2

    def told(user_id: int, kind: str) -> int:
        return db.session.scalar(db.select(db.func.count(Notification.id)).where(
            Notification.user_id == user_id, Notification.kind == kind))

    assert told(boss, "alert_unacknowledged") == 1 and told(desk, "watch_escalation") == 2
