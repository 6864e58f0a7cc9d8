"""Signed checkpoints of the log's head, exported outside the database.

After each seal the head (size, batch, hash, time) is written as a short
signed note, in the manner of Certificate Transparency's signed tree heads,
to ``AUDIT_CHECKPOINT_FILE`` (``instance/audit-checkpoint.txt`` by default:
point it at storage the database's administrators cannot write, or ship it
off the machine) and to the ``coordinator.audit`` log (syslog, where the
logging is routed there). The signature is an HMAC with a key derived from
the audit key. ``audit verify`` checks the log against the last checkpoint:
a rewrite of what was sealed before it, or a cut, no longer matches.
"""
from __future__ import annotations

import fcntl
import hashlib
import hmac
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from .chain import Seal, timestamp
from .keys import derived

ORIGIN = "coordinator audit log"
logger = logging.getLogger("coordinator.audit")


@dataclass(frozen=True)
class Checkpoint:
    """The log's head as it was exported: size, batch, hash, time."""

    size: int
    batch: int
    hash: str
    sealed_at: str

    def body(self) -> str:
        return f"{ORIGIN}\n{self.size}\n{self.batch}\n{self.hash}\n{self.sealed_at}\n"


def key_id(key: bytes) -> str:
    """A short name of the signing key, so a reader knows which key signed a note."""
    return hashlib.sha256(derived(key, "checkpoint")).hexdigest()[:8]


def sign(key: bytes, checkpoint: Checkpoint) -> str:
    """The checkpoint as a signed note: its body, a blank line, the key's name and the signature."""
    signature = hmac.new(derived(key, "checkpoint"), checkpoint.body().encode(), hashlib.sha256).hexdigest()
    return f"{checkpoint.body()}\n- {key_id(key)} {signature}\n"


class CheckpointError(ValueError):
    """A checkpoint file that cannot be read or whose signature does not fit."""


def parse(key: bytes, note: str) -> Checkpoint:
    """Read a signed note back, refusing one whose signature does not fit the key."""
    body, _sep, signature_line = note.partition("\n\n")
    lines = body.split("\n")
    parts = signature_line.strip().split(" ")
    if len(lines) != 5 or lines[0] != ORIGIN or len(parts) != 3 or parts[0] != "-":
        raise CheckpointError("the checkpoint file is not a checkpoint")
    try:
        checkpoint = Checkpoint(int(lines[1]), int(lines[2]), lines[3], lines[4])
    except ValueError as err:
        raise CheckpointError("the checkpoint file is not a checkpoint") from err
    if not hmac.compare_digest(sign(key, checkpoint), note if note.endswith("\n") else note + "\n"):
        raise CheckpointError("the checkpoint's signature does not fit the audit key")
    return checkpoint


def of_seal(seal: Seal) -> Checkpoint:
    return Checkpoint(seal.last_seq, seal.batch, seal.hash, timestamp(seal.sealed_at))


def export(key: bytes, path: Path, checkpoint: Checkpoint) -> bool:
    """Write the checkpoint unless the file already holds a later one (sealers may finish out of order)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(path.suffix + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        current = read(key, path)
        if current is not None and current.size >= checkpoint.size:
            return False
        temporary = path.with_suffix(path.suffix + ".tmp")
        temporary.write_text(sign(key, checkpoint))
        os.replace(temporary, path)
    logger.info("audit checkpoint size=%d batch=%d hash=%s at=%s", checkpoint.size, checkpoint.batch,
                checkpoint.hash, checkpoint.sealed_at)
    return True


def read(key: bytes, path: Path) -> Checkpoint | None:
    """The last exported checkpoint, or None when none was exported yet."""
    try:
        note = path.read_text()
    except FileNotFoundError:
        return None
    return parse(key, note)


def checkpoint_path(app) -> Path:
    """Where this app exports checkpoints: AUDIT_CHECKPOINT_FILE, else the instance folder."""
    configured = app.config.get("AUDIT_CHECKPOINT_FILE")
    return Path(configured) if configured else Path(app.instance_path) / "audit-checkpoint.txt"

