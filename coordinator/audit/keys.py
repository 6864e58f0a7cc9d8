"""The audit log's key: kept outside the database, so write access to the tables cannot re-forge the log.

``AUDIT_KEY`` (64 hex characters) is read from the settings; without it
the key is generated on first run into ``instance/audit.key`` (readable by
its owner only), as the other instance secrets are. Whoever holds it can
seal and verify; keep a copy with the backups of the exported checkpoints,
never in the database.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from flask import Flask, current_app

KEY_FILE = "audit.key"


def _generate(path: Path) -> bytes:
    """Write a new random key (owner-only), unless another process wrote one first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return _read(path)


def _read(path: Path) -> bytes:
    value = path.read_text().strip()
    if len(value) < 64:
        raise RuntimeError(f"{path} holds no audit key (64 hex characters expected)")
    return bytes.fromhex(value)


def load_key(app: Flask) -> bytes:
    """The audit key of this app: the AUDIT_KEY setting, else the one in the instance folder."""
    configured = app.config.get("AUDIT_KEY")
    if configured:
        return bytes.fromhex(configured) if isinstance(configured, str) else configured
    path = Path(app.instance_path) / KEY_FILE
    return _read(path) if path.exists() else _generate(path)


def audit_key() -> bytes:
    """The current app's audit key (read once per app)."""
    app = current_app._get_current_object()
    key = app.extensions.get("audit_key")
    if key is None:
        key = app.extensions["audit_key"] = load_key(app)
    return key


def derived(key: bytes, purpose: str) -> bytes:
    """A key for one purpose (hashing entries, signing checkpoints), so none is used twice."""
    return hmac.new(key, purpose.encode(), hashlib.sha256).digest()
