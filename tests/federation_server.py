"""One instance of a federation pair, served by waitress on loopback (run as a subprocess by the pair tests).

Its settings come from the environment (DATABASE_URL, FEDERATION_NAME, ...); PORT says where it listens.
"""
from __future__ import annotations

import os

os.environ.setdefault("COORDINATOR_CONFIG", "testing")

from waitress import serve  # noqa: E402

from coordinator import create_app  # noqa: E402

if __name__ == "__main__":
    serve(create_app(), host="127.0.0.1", port=int(os.environ["PORT"]), threads=4, _quiet=True)
