"""The app as the load benchmark serves it: production settings but for its own limits and checkpoint file.

``waitress-serve --call benchmarks.load_app:create`` (the benchmark starts it).
The per-token limit is raised so that the benchmark's few tokens measure
the app, not the limit; everything else is the development configuration.
"""
from __future__ import annotations

import os

from coordinator import create_app


def create():
    """The app with the benchmark's overrides from the environment."""
    overrides = {
        "RATE_LIMITS": {"login": (20, 300), "api": (1_000_000, 60), "api_auth_failure": (30, 60)},
        "AUDIT_CHECKPOINT_FILE": os.environ["LOAD_CHECKPOINT_FILE"],
        "AUDIT_KEY": os.environ["LOAD_AUDIT_KEY"],
        "RATELIMIT_STORAGE_URI": os.environ.get("LOAD_RATELIMIT_STORAGE_URI") or "database",
    }
    return create_app(overrides)
