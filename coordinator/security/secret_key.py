"""The secret key of an instance started without SECRET_KEY (anywhere but production)."""
from __future__ import annotations

import os
import secrets
import time
from pathlib import Path


def instance_secret_key(path: Path) -> str:
    """The instance's own random key: made on the first run, kept (readable by its owner only) for the next.

    Never a constant: a key written in the source would let anyone forge a
    session on any instance started without SECRET_KEY. Two processes
    starting at once agree: only the first creates the file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _attempt in range(50):  # another process may be writing it this instant
            key = path.read_text(encoding="ascii").strip()
            if key:
                return key
            time.sleep(0.01)
        raise RuntimeError(f"{path} is empty: remove it to make a new key, or set SECRET_KEY")
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key
