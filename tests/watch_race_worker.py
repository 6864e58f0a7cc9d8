"""A separate escalation process, released by the test at the same moment as another one."""
from __future__ import annotations

import os
import time


def escalate(database_url: str, barrier, widen_window: float) -> None:
    os.environ["COORDINATOR_CONFIG"] = "testing"
    from coordinator import create_app
    from coordinator.extensions import db
    from coordinator.watch import escalation

    # Widen the race: both processes read the overdue sides before either writes an escalation.
    read = escalation.overdue_sides

    def slow(*args, **kwargs):
        found = read(*args, **kwargs)
        time.sleep(widen_window)
        return found

    escalation.overdue_sides = slow
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        barrier.wait(timeout=30)
        escalation.escalate_overdue(db.session, 15)
        db.session.commit()
        db.engine.dispose()
