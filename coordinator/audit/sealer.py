"""The sealing process: seal what was committed, export the checkpoint, and say when sealing lags."""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy.orm import Session

from ..types import utcnow
from . import checkpoint
from .chain import SEAL_BATCH, Seal, seal, unsealed
from .keys import load_key
from .verify import Verdict, verify


def seal_pending(session: Session, app: Flask, limit: int = SEAL_BATCH) -> list[Seal]:
    """Seal every committed entry in batches of ``limit``, committing and exporting a checkpoint after each."""
    key, path = load_key(app), checkpoint.checkpoint_path(app)
    done: list[Seal] = []
    while True:
        sealed = seal(session, key, utcnow(), limit)
        session.commit()
        if sealed is None:
            return done
        checkpoint.export(key, path, checkpoint.of_seal(sealed))
        done.append(sealed)
        if sealed.last_seq - sealed.first_seq + 1 < limit:
            return done


def seal_forever(session: Session, app: Flask, interval: float, limit: int = SEAL_BATCH,
                 rounds: int | None = None) -> None:
    """Seal every ``interval`` seconds; a failed round (the database away) is logged and retried."""
    done = 0
    while rounds is None or done < rounds:
        try:
            seal_pending(session, app, limit)
        except Exception:  # keep sealing through a restart of the database
            app.logger.exception("audit sealing failed; retrying in %.1f s", interval)
            session.rollback()
        done += 1
        time.sleep(interval)


def verify_log(session: Session, app: Flask) -> Verdict:
    """Verify the log against its keyed hashes and the last exported checkpoint."""
    key = load_key(app)
    try:
        last = checkpoint.read(key, checkpoint.checkpoint_path(app))
    except checkpoint.CheckpointError as err:
        verdict = verify(session, key)
        return Verdict(False, verdict.checked, verdict.head_seq, verdict.head_hash, None, str(err), verdict.unsealed)
    return verify(session, key, last)


@dataclass(frozen=True)
class SealLag:
    """Entries waiting for a seal longer than allowed: how many, and since when."""

    count: int
    oldest: datetime
    minutes: int


def seal_lag(session: Session, app: Flask, now: datetime | None = None) -> SealLag | None:
    """The alarm for administrators when the oldest unsealed entry is older than AUDIT_SEAL_ALARM_MINUTES."""
    minutes = int(app.config.get("AUDIT_SEAL_ALARM_MINUTES", 10))
    count, oldest = unsealed(session)
    if oldest is None or oldest > (now or utcnow()) - timedelta(minutes=minutes):
        return None
    return SealLag(count, oldest, minutes)
