"""`make run`'s processes: the app and its workers start together and stop together; a wheel carries the catalogs.

These run the real commands in other processes, on a fresh SQLite file, the way
`make run` and a packager would.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.executable).parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """A local SMTP server that keeps every message it is given."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(message_from_bytes(envelope.content))
        return "250 OK"


def alive(group: int) -> bool:
    """Whether any process of this process group (honcho starts each of its processes in its own) still runs."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if fields[0] != "Z" and int(fields[2]) == group:  # state, ppid, pgrp
            return True
    return False


@pytest.fixture()
def fresh_instance(tmp_path):
    """The environment of a fresh clone: its own SQLite file, migrated and loaded with the demo, as `make demo` does."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COORDINATOR_", "SMTP_", "PHONE_"))}
    env.update({
        "COORDINATOR_CONFIG": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'coordinator.sqlite'}",
        "SECRET_KEY_FILE": str(tmp_path / "secret_key"),
        "AUDIT_KEY": "ab" * 32,
        "AUDIT_CHECKPOINT_FILE": str(tmp_path / "checkpoint.txt"),
        "PYTHONPATH": str(ROOT),
    })
    flask = [str(BIN / "flask"), "--app", "coordinator"]
    for args in (["db", "upgrade"], ["demo", "load", "--if-empty"]):
        subprocess.run(flask + args, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    return env


def test_make_serve_runs_the_app_and_the_outbox_sender_and_ctrl_c_stops_them_all(fresh_instance):
    sink = Sink()
    smtp_port, web_port = free_port(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    env = dict(fresh_instance, SMTP_HOST="127.0.0.1", SMTP_PORT=str(smtp_port), SMTP_TLS="none",
               SMTP_FROM="coordinator@coordinator.test", OUTBOX_INTERVAL="1", COORDINATOR_PORT=str(web_port))
    # Its own process group, as a terminal's foreground job is: Ctrl-C signals the whole group.
    make = subprocess.Popen(["make", "--no-print-directory", "serve", f"VENV={VENV}"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(make.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 120
        health = None
        while time.monotonic() < deadline and not (sink.received and health):
            assert make.poll() is None, "".join(output)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{web_port}/api/v1/health", timeout=2) as answer:
                    health = answer.read()
            except OSError:
                pass
            time.sleep(0.5)
        assert health and b'"ok"' in health, "".join(output)
        assert sink.received, "no e-mail reached the SMTP sink:\n" + "".join(output)
        subjects = [str(make_header(decode_header(m["Subject"]))) for m in sink.received]
        assert any(re.match(r"(New|Nueva) .*alert", s) or s.startswith("Nueva alerta") for s in subjects), subjects
        text = "".join(output)
        pids = {name: int(pid) for name, pid in re.findall(r"\| (\w+)\.1 started \(pid=(\d+)\)", text)}
        assert set(pids) == {"web", "outbox", "escalation", "sealer", "jobs", "network"}, text
        assert all(alive(pid) for pid in pids.values())
    finally:
        os.killpg(make.pid, signal.SIGINT)  # Ctrl-C
        try:
            make.wait(timeout=30)
        finally:
            if make.poll() is None:
                os.killpg(make.pid, signal.SIGKILL)
            controller.stop()
    reader.join(timeout=5)
    make.stdout.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in pids.values()):
        time.sleep(0.2)
    assert not [name for name, pid in pids.items() if alive(pid)], "".join(output)


def test_the_outbox_sender_beside_the_app_waits_without_an_smtp_server(fresh_instance):
    """Without SMTP_HOST a looping sender keeps running: were it to end, honcho would stop the app with it."""
    sender = subprocess.Popen([str(BIN / "flask"), "--app", "coordinator", "outbox", "send", "--loop"], cwd=ROOT,
                              env=fresh_instance, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = sender.stdout.readline()
        assert "SMTP_HOST is not set" in line
        time.sleep(1)
        assert sender.poll() is None
    finally:
        sender.terminate()
        sender.wait(timeout=10)
        sender.stdout.close()


def tracked_tree(destination: Path) -> Path:
    """A copy of the repository's files (tracked and new, not ignored): what a fresh clone holds."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                           check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination


def test_a_wheel_and_an_sdist_built_from_the_repository_carry_the_compiled_catalogs(tmp_path):
    tree = tracked_tree(tmp_path / "clone")
    assert not list(tree.rglob("*.mo"))  # the compiled catalogs are not in the repository
    built = subprocess.run([sys.executable, "-m", "build", "--outdir", str(tmp_path / "dist"), str(tree)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    wheel = next((tmp_path / "dist").glob("coordinator-*.whl"))
    sdist = next((tmp_path / "dist").glob("coordinator-*.tar.gz"))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "coordinator/translations/es/LC_MESSAGES/messages.mo" in names
        catalog = archive.read("coordinator/translations/es/LC_MESSAGES/messages.mo")
    import tarfile
    from io import BytesIO

    from babel.messages.mofile import read_mo

    assert read_mo(BytesIO(catalog)).get("Sign in").string == "Iniciar sesión"
    with tarfile.open(sdist) as archive:
        assert any(n.endswith("coordinator/translations/es/LC_MESSAGES/messages.mo") for n in archive.getnames())
