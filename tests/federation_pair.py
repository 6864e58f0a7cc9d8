"""Two peered instances for the federation tests: two databases, two waitress processes, a recording relay.

Each instance reaches the other through a relay in the test process that
forwards every message and keeps a copy (the capture the tests read). A
stopped instance makes its relay answer 502, as a proxy in front of a
dead server does.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
SECRET = "the-federation-shared-secret-for-the-tests"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Capture:
    """Every request and answer that crossed a relay: (path, headers, body) each."""

    messages: list[tuple[str, dict, bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, headers: dict, body: bytes) -> None:
        with self.lock:
            self.messages.append((path, headers, body))


class Relay:
    """Forwards POSTs to ``target`` and records both ways; 502 when the target does not answer."""

    def __init__(self, target: str, capture: Capture):
        relay = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                capture.add(self.path, headers, body)
                try:
                    answer = requests.post(relay.target + self.path, data=body, headers=headers, timeout=10)
                except requests.RequestException:
                    self.send_response(502)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                capture.add(self.path + " (answer)", dict(answer.headers), answer.content)
                self.send_response(answer.status_code)
                for name, value in answer.headers.items():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection", "date", "server"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, *args):
                pass

        self.target = target
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Instance:
    """One instance: its name, database, key, port and process."""

    name: str
    database_url: str
    key: str
    port: int
    folder: str
    process: subprocess.Popen | None = None
    users: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict:
        return {**os.environ, "COORDINATOR_CONFIG": "testing", "DATABASE_URL": self.database_url,
                "FEDERATION_NAME": self.name, "FEDERATION_SECRET": SECRET, "FEDERATION_KEY": self.key,
                # A stopped peer's relay answers 502 at once: the timeout only bounds a slow answer, such as
                # a restarted peer's first one on a loaded machine (at 2 s the late check sometimes missed it).
                "FEDERATION_TIMEOUT": "5", "PUBLIC_URL": self.url, "PORT": str(self.port),
                "AUDIT_CHECKPOINT_FILE": str(Path(self.folder) / "checkpoint.txt"),
                "SECRET_KEY_FILE": str(Path(self.folder) / "secret_key")}

    def start(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "tests.federation_server"], cwd=ROOT, env=self.env())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/api/v1/health", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"instance {self.name} did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=15)
            self.process = None

    def flask(self, *args: str) -> subprocess.CompletedProcess:
        """A `flask --app coordinator` command against this instance's database."""
        return subprocess.run([sys.executable, "-m", "flask", "--app", "coordinator", *args], cwd=ROOT,
                              env=self.env(), capture_output=True, text=True, timeout=60)

    def api(self, method: str, path: str, user: str, **kwargs) -> requests.Response:
        return requests.request(method, self.url + "/api/v1" + path, timeout=20,
                                headers={"Authorization": f"Bearer {self.users[user]}"}, **kwargs)


def prepare(instance: Instance, people: dict[str, tuple[str, str]]) -> None:
    """Migrate the instance's database and make its users and tokens (``people``: key -> (agency, role))."""
    from flask_migrate import upgrade

    from coordinator import create_app
    from coordinator.extensions import db

    from .factories import Factories

    app = create_app({"SQLALCHEMY_DATABASE_URI": instance.database_url,
                      "AUDIT_CHECKPOINT_FILE": str(Path(instance.folder) / "checkpoint.txt")})
    with app.app_context():
        upgrade()
        make = Factories(db.session)
        for key, (agency, role) in people.items():
            user = make.user(agency, role=role, name=f"{key.title()} Officer", phone="+1 602 555 0199",
                             email=f"{key}@{instance.name}.test")
            instance.users[key] = make.token(user)
        db.session.remove()
        db.engine.dispose()


def new_instance(name: str, database_url: str) -> Instance:
    from coordinator.federation.signing import new_private_key

    return Instance(name, database_url, new_private_key(), free_port(), tempfile.mkdtemp(prefix=f"fed-{name}-"))
