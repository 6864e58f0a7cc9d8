"""Handing work to the job workers from any area: a row in ``jobs``, written in the caller's transaction.

Only the model is imported here, so an area below the jobs' services (the
alert services, say) can queue work without importing what the workers do.
"""
from __future__ import annotations

import json

from sqlalchemy.orm import Session

from .models import NETWORK_LOOK, Job


def queue_network_look(session: Session, user_id: int, case_id: int, pairs: list[tuple[int, int]]) -> Job:
    """Queue the look at the paths between other cases that these new links between cases make.

    ``case_id`` is the registration's own case, whose paths were alerted in
    its answer; ``user_id`` who registered. Flushed, not committed: the job
    lands with the links it looks at, or not at all.
    """
    job = Job(kind=NETWORK_LOOK, user_id=user_id, case_id=case_id, format="json",
              payload=json.dumps({"pairs": [list(pair) for pair in pairs]}))
    session.add(job)
    session.flush()
    return job
