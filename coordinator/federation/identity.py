"""This instance's identity among its peers: its name, its base URL and its signing key."""
from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import Flask, current_app

from .signing import NAME, new_private_key, private_key, public_key_text

KEY_FILE = "federation.key"


class NotFederated(RuntimeError):
    """The instance has no FEDERATION_NAME (or no FEDERATION_SECRET): it has no peers to talk to."""


def _key_path(app: Flask) -> Path:
    return Path(app.config.get("FEDERATION_KEY_FILE") or Path(app.instance_path) / KEY_FILE)


def _generated(path: Path) -> str:
    """Write a new key (owner-only) unless another process wrote one first; return the one on disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(new_private_key() + "\n")
    return path.read_text().strip()


def signing_key(app: Flask | None = None) -> Ed25519PrivateKey:
    """The instance's private key: FEDERATION_KEY, else the one kept in the instance folder (read once)."""
    app = app or current_app._get_current_object()
    key = app.extensions.get("federation_key")
    if key is None:
        text = app.config.get("FEDERATION_KEY") or _generated(_key_path(app))
        key = app.extensions["federation_key"] = private_key(text)
    return key


def own_name(app: Flask | None = None) -> str:
    """This instance's name; NotFederated when none (or no valid one) is set."""
    app = app or current_app._get_current_object()
    name = app.config.get("FEDERATION_NAME")
    if not name or not NAME.match(name):
        raise NotFederated("set FEDERATION_NAME (lower-case letters, digits and hyphens) to take part")
    if not app.config.get("FEDERATION_SECRET"):
        raise NotFederated("set FEDERATION_SECRET (the federation's shared secret) to take part")
    return name


def identity(app: Flask | None = None) -> dict:
    """What a peer needs to add this instance: ``{"name", "url", "key"}``."""
    app = app or current_app._get_current_object()
    return {"name": own_name(app), "url": app.config["PUBLIC_URL"].rstrip("/"),
            "key": public_key_text(signing_key(app))}
