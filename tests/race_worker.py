"""A separate process that registers a record at the moment the test releases it."""
from __future__ import annotations

import os
import time


def register(database_url: str, barrier, what: str, user_id: int, case_id: int, values: dict,
             widen_window: float, use_locks: bool = True, read_barrier=None) -> None:
    os.environ["COORDINATOR_CONFIG"] = "testing"
    from coordinator import create_app
    from coordinator.conflicts import detect, encounters, index
    from coordinator.extensions import db

    # Widen the race window: sleep between writing the keys and reading the candidates,
    # so without serialisation both processes would read before either commits.
    original = index.subject_candidates, index.operation_candidates

    def slow(fn):
        def wrapper(*args, **kwargs):
            if read_barrier is not None:
                # Without the locks: every process reads once all have written their keys, and none commits
                # before all have read, however late one started.
                read_barrier.wait(timeout=30)
                found = fn(*args, **kwargs)
                read_barrier.wait(timeout=30)
                return found
            time.sleep(widen_window)
            return fn(*args, **kwargs)
        return wrapper

    detect.subject_candidates = slow(original[0])
    encounters.operation_candidates = slow(original[1])
    if not use_locks:
        detect.lock_keys = lambda session, keys: None
        encounters.lock_keys = lambda session, keys: None

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        from coordinator.accounts.models import User
        from coordinator.cases.models import Case
        from coordinator.operations.services import register_operation
        from coordinator.subjects.services import add_subject

        user, case = db.session.get(User, user_id), db.session.get(Case, case_id)
        db.session.commit()  # end the read transaction: the race starts from a clean slate
        barrier.wait(timeout=30)
        if what == "subject":
            add_subject(db.session, user, case, values.pop("kind"), values.pop("role"), values)
        else:
            register_operation(db.session, user, case, values)
        db.session.commit()
        db.engine.dispose()
