"""Concurrent load on PostgreSQL: several app processes, a ramp of clients, planted overlaps, a fault step.

    python -m benchmarks.load [--database-url postgresql://postgres@127.0.0.1:5432/] [--processes 2]
                              [--threads 4] [--clients 1,4,16,32,64] [--seconds 20]
                              [--subjects 20000] [--operations 10000] [--redis redis://127.0.0.1:6379]
                              [--overlaps 0] [--no-fault] [--no-pgbench]
                              [--rates 20,40] [--half-saturation] [--open-connections 64]

Makes a PostgreSQL database of its own, preloads a background of subject
records and operations, starts ``--processes`` waitress processes (and an
audit sealer), then runs each step of the ramp for ``--seconds``: every
client keeps one request in flight over a mix of 60 % registrations (phone
records of ATF and ICE, half of them completing a planted overlap with the
other agency's), 30 % reads of the alert list and 10 % acknowledgements.
Each step also sends pairs of overlapping registrations at the same instant
to different processes. Per step it prints requests and registrations a
second, p50/p95/p99, CPU per request (app processes, and the PostgreSQL
backends serving them) and the share of sampled app connections waiting on
a lock. Then ``pgbench``'s simple-write rate on the same server, the
correctness check (each planted overlap alerted once, to both sides; no
duplicate receipts; ``audit verify`` intact), and a fault step: one app
process killed with SIGKILL, then every app connection terminated, with what
the clients saw.

After the closed-loop ramp come the open-loop steps (``benchmarks/load_open.py``):
requests sent on a schedule, Poisson arrivals at an offered rate, the same
mix and planted overlaps, whether or not earlier requests have answered,
each request's latency counted from its scheduled time (so that the
requests a slow server holds back are counted with their wait, not
omitted). ``--rates 20,40`` runs one step per offered rate (requests a
second); ``--half-saturation`` then runs one at half the best requests a
second of the ramp and says whether its p99 is under 200 ms. Each prints the
offered and the achieved rate, p50/p95/p99, the CPU and lock columns of the
ramp, and how the client kept to the schedule: requests sent more than
10 ms late, the connections used (at most ``--open-connections``, opened as
requests find the others busy) and how many found all of them busy. The
open steps send no simultaneous pairs; their planted overlaps are in the
correctness check. ``--clients ''`` skips the ramp.

``--overlaps N`` first registers N phones in both load cases, so that a run
starts where a long one ends: two cases of thousands of records each,
overlapping thousands of times (a large investigation's). What a request
costs must not grow with them.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .api_latency import free_port, percentile
from .load_open import Sends, poisson_arrivals, print_open_header, print_open_step, send_open_loop

CLOCK = os.sysconf("SC_CLK_TCK")
AREAS = ("602", "520", "480", "623", "928", "915", "956", "210")


# --- the servers -----------------------------------------------------------------------------

@dataclass
class Servers:
    """The app processes (and the sealer) serving the benchmark's database."""

    env: dict
    threads: int
    ports: list[int] = field(default_factory=list)
    processes: list[subprocess.Popen] = field(default_factory=list)
    sealer: subprocess.Popen | None = None

    def start(self, count: int) -> None:
        for _ in range(count):
            self.ports.append(free_port())
            self.processes.append(self._serve(self.ports[-1]))
        for port in self.ports:
            wait_healthy(port)
        self.sealer = subprocess.Popen([sys.executable, "-m", "flask", "--app", "benchmarks.load_app:create", "audit",
                                        "seal", "--loop", "--interval", "0.5"], env=self.env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def _serve(self, port: int) -> subprocess.Popen:
        log = open(Path(tempfile.gettempdir()) / f"coordinator-load-{port}.log", "a")
        return subprocess.Popen([sys.executable, "-m", "waitress", "--host", "127.0.0.1", f"--port={port}",
                                 f"--threads={self.threads}", "--call", "benchmarks.load_app:create"],
                                env=self.env, stdout=subprocess.DEVNULL, stderr=log)

    def restart(self, index: int) -> None:
        self.processes[index] = self._serve(self.ports[index])
        wait_healthy(self.ports[index])

    def cpu_seconds(self) -> float:
        return sum(process_cpu(p.pid) for p in self.processes)

    def stop(self) -> None:
        for process in [*self.processes, self.sealer]:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in [*self.processes, self.sealer]:
            if process is not None:
                process.wait(timeout=30)


def wait_healthy(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            if time.time() > deadline:
                raise
        time.sleep(0.2)


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK


# --- the workload ----------------------------------------------------------------------------

@dataclass
class Planted:
    """Overlaps planted by one agency and waiting for the other's registration, and those completed."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    waiting: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: {"ATF": [], "ICE": []})
    pairs: list[tuple[str, int, int]] = field(default_factory=list)
    serial: int = 0

    def next_number(self) -> str:
        with self.lock:
            self.serial += 1
            n = self.serial
        return f"+1{AREAS[n % len(AREAS)]}{200 + (n // 10_000) % 700}{n % 10_000:04d}"


@dataclass
class Tally:
    """What the clients of one step saw."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    registrations: int = 0
    lock_kinds: dict = field(default_factory=dict)

    def add(self, elapsed: float, status: int | str, registration: bool) -> None:
        with self.lock:
            self.latencies.append(elapsed)
            self.statuses[status] += 1
            self.registrations += registration and status == 201


class Client:
    """One client: a connection to one app process, a token of one agency, one request at a time."""

    def __init__(self, ports: list[int], index: int, agency: str, token: str, cases: dict, planted: Planted,
                 tally: Tally, seed: int, open_alerts: list[int] | None = None):
        self.ports, self.index, self.agency, self.token = ports, index, agency, token
        self.cases, self.planted, self.tally = cases, planted, tally
        self.rng = random.Random(seed)
        self.conn: http.client.HTTPConnection | None = None
        self.open_alerts: list[int] = [] if open_alerts is None else open_alerts  # shared by an agency's senders
        # A lone client speaks for both agencies in turn: else no registration of its step would complete
        # an overlap, and the step would measure no alert raised, an empty list and no acknowledgement.
        self.partner: tuple[str, str, list[int]] | None = None

    def _request(self, method: str, path: str, body: dict | None = None) -> tuple[int | str, dict | None]:
        for attempt in range(len(self.ports)):
            if self.conn is None:
                port = self.ports[(self.index + attempt) % len(self.ports)]
                self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                self.conn.request(method, path, body=json.dumps(body) if body is not None else None,
                                  headers={"Authorization": f"Bearer {self.token}",
                                           "Content-Type": "application/json"})
                response = self.conn.getresponse()
                raw = response.read()
                try:
                    return response.status, json.loads(raw) if raw else None
                except ValueError:
                    return f"{response.status} not JSON", None
            except (OSError, http.client.HTTPException):
                self.conn = None  # the process went away: the next attempt goes to another one
                self.tally.statuses["connection lost"] += 1
        return "no process answered", None

    def register(self, number: str | None = None) -> tuple[int | str, int | None]:
        other = "ICE" if self.agency == "ATF" else "ATF"
        pair_with = None
        if number is None:
            with self.planted.lock:
                if self.planted.waiting[other] and self.rng.random() < 0.5:
                    number, pair_with = self.planted.waiting[other].pop()
            number = number or self.planted.next_number()
        status, body = self._request("POST", f"/api/v1/cases/{self.cases[self.agency]}/subjects",
                                     {"kind": "phone", "role": "suspect", "number": number})
        if status == 201:
            with self.planted.lock:
                if pair_with is not None:
                    self.planted.pairs.append((number, pair_with, body["id"]))
                else:
                    self.planted.waiting[self.agency].append((number, body["id"]))
        return status, body["id"] if status == 201 else None

    def one(self, roll: float | None = None, start: float | None = None) -> None:
        """One request of the mix; its latency counts from ``start`` (in the open loop, its scheduled time)."""
        if self.partner is not None:
            self.agency, self.token, self.open_alerts, self.partner = (
                *self.partner, (self.agency, self.token, self.open_alerts))
        roll = self.rng.random() if roll is None else roll
        start = time.perf_counter() if start is None else start
        alert = None
        if roll >= 0.9:
            try:
                alert = self.open_alerts.pop()
            except IndexError:  # none known open: read the list instead
                pass
        if roll < 0.6:
            status, _id = self.register()
            self.tally.add(time.perf_counter() - start, status, True)
        elif alert is None:
            status, body = self._request("GET", "/api/v1/conflicts?status=open&per_page=50")
            if status == 200:
                self.open_alerts[:] = [item["id"] for item in body["items"]]
            self.tally.add(time.perf_counter() - start, status, False)
        else:
            status, _body = self._request("POST", f"/api/v1/conflicts/{alert}/acknowledge", {})
            self.tally.add(time.perf_counter() - start, status, False)

    def run(self, until: float) -> None:
        while time.time() < until:
            self.one()


def simultaneous_pairs(servers: Servers, tokens: dict, cases: dict, planted: Planted, tally: Tally,
                       count: int) -> None:
    """Pairs of overlapping registrations released at the same instant to two different processes."""
    for n in range(count):
        number = planted.next_number()
        barrier, ids = threading.Barrier(2), {}

        def send(agency: str, port_index: int) -> None:
            client = Client(servers.ports, port_index, agency, tokens[agency][0], cases, planted, tally, n)
            barrier.wait()
            start = time.perf_counter()
            status, body = client._request("POST", f"/api/v1/cases/{cases[agency]}/subjects",
                                           {"kind": "phone", "role": "suspect", "number": number})
            tally.add(time.perf_counter() - start, status, True)
            ids[agency] = body["id"] if status == 201 else None

        threads = [threading.Thread(target=send, args=(agency, i)) for i, agency in enumerate(("ATF", "ICE"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if ids.get("ATF") and ids.get("ICE"):
            with planted.lock:
                planted.pairs.append((number, ids["ATF"], ids["ICE"]))


# --- what PostgreSQL shows -------------------------------------------------------------------

class LockSampler(threading.Thread):
    """Samples the app's connections: how many are running, how many of those wait on a lock."""

    def __init__(self, dsn: str, database: str):
        super().__init__(daemon=True)
        self.dsn, self.database = dsn, database
        self.active = self.waiting = 0
        self.kinds: Counter = Counter()  # which locks were waited on: advisory, transactionid, tuple, ...
        self.first_cpu: dict[int, float] = {}  # each backend's CPU seconds when first seen in the step, and last
        self.backend_cpu: dict[int, float] = {}
        self.stopping = threading.Event()

    def run(self) -> None:
        import psycopg

        while not self.stopping.is_set():
            try:
                self._sample(psycopg.connect(self.dsn, autocommit=True))
            except psycopg.OperationalError:  # terminated by the fault step: sample on a new connection
                time.sleep(0.1)

    def _sample(self, conn) -> None:
        with conn:
            while not self.stopping.is_set():
                rows = conn.execute("SELECT pid, state, wait_event_type, wait_event FROM pg_stat_activity "
                                    "WHERE datname = %s AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
                                    (self.database,)).fetchall()
                for pid, state, wait, event in rows:
                    if state == "active":
                        self.active += 1
                        self.waiting += wait == "Lock"
                        if wait == "Lock":
                            self.kinds[event] += 1
                    self.backend_cpu[pid] = process_cpu(pid)
                    self.first_cpu.setdefault(pid, self.backend_cpu[pid])
                time.sleep(0.1)

    def stop(self) -> tuple[float, float]:
        """The share of active samples waiting on a lock, and the backends' CPU seconds spent while sampled."""
        self.stopping.set()
        self.join()
        spent = sum(cpu - self.first_cpu[pid] for pid, cpu in self.backend_cpu.items())
        return (self.waiting / self.active if self.active else 0.0), spent


# --- the run ---------------------------------------------------------------------------------

def prepare(database_url: str, subjects: int, operations: int, clients: int,
            overlaps: int = 0) -> tuple[str, str, dict, dict]:
    """A new database, migrated and preloaded; tokens and a case per agency (``overlaps`` phones in both)."""
    import psycopg

    from coordinator import create_app
    from coordinator.accounts.services import create_token, create_user
    from coordinator.cases.services import register_case
    from coordinator.extensions import db

    from .loader import load_operations, load_subjects

    server = database_url.rstrip("/")
    if server.count("/") > 2:
        server = server.rsplit("/", 1)[0]
    name = f"coordinator_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = "postgresql+psycopg://" + server.split("://", 1)[1] + "/" + name
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    from datetime import date

    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        tokens, cases, owners = {}, {}, {}
        for agency in ("ATF", "ICE"):
            users = [create_user(db.session, email=f"load{n}@{agency.lower()}.test", name=f"Load {n} {agency}",
                                 agency_code=agency, role="agent", password=secrets.token_urlsafe(16),
                                 phone="+1 602 555 0100") for n in range(max(1, clients // 2))]
            db.session.flush()
            case = register_case(db.session, users[0], {
                "number": f"LOAD-{agency}", "title": "Load", "case_type": "firearms_trafficking",
                "opened_on": date(2026, 1, 15), "initiated_by": "trace", "mexico_nexus": True})
            tokens[agency] = [create_token(db.session, user, 30) for user in users]
            cases[agency], owners[agency] = case, users[0]
        background = [register_case(db.session, users[0], {
            "number": f"BG-{n}", "title": "Background", "case_type": "smuggling", "opened_on": date(2025, 1, 1),
            "initiated_by": "trace", "mexico_nexus": True}) for n in range(20)]
        db.session.commit()
        db.session.info["audit_disabled"] = True  # the background is data, not acts
        load_subjects(db.session, background, subjects)
        load_operations(db.session, background, operations)
        preload_overlaps(db.session, owners, cases, overlaps)
        cases = {agency: case.id for agency, case in cases.items()}
        db.session.remove()
        db.engine.dispose()
    return server, name, tokens, cases


def preload_overlaps(session, owners: dict, cases: dict, count: int) -> None:
    """``count`` phones registered in both load cases, as a registration would (links, alerts, notices).

    What earlier steps of a long run leave behind: the cases a run starts
    with then hold as many records as a large investigation's.
    """
    from coordinator.subjects.services import add_subject

    for n in range(count):
        number = f"+1303{200 + n // 10_000}{n % 10_000:04d}"  # an area code the steps never use
        for agency in ("ATF", "ICE"):
            add_subject(session, owners[agency], cases[agency], "phone", "suspect", {"number": number})
        if n % 500 == 499 or n == count - 1:
            session.commit()
            print(f"\r  overlaps in the load cases: {n + 1:,}/{count:,}", end="", flush=True)
    if count:
        print()


class Measured:
    """What a step costs: the app processes' CPU, the PostgreSQL backends' CPU and lock waits, the wall time."""

    def __init__(self, servers: Servers, sampler_dsn: str, database: str):
        self.servers = servers
        self.sampler = LockSampler(sampler_dsn, database)
        self.sampler.start()
        self.app_cpu, self.start = servers.cpu_seconds(), time.time()

    def stop(self, tally: Tally) -> tuple[float, float, float, float]:
        """The step's wall time, app CPU seconds, share of samples waiting on a lock, backends' CPU seconds."""
        elapsed = time.time() - self.start
        app_cpu = self.servers.cpu_seconds() - self.app_cpu
        lock_share, database_cpu = self.sampler.stop()
        tally.lock_kinds = dict(self.sampler.kinds)
        return elapsed, app_cpu, lock_share, database_cpu


def run_step(servers: Servers, sampler_dsn: str, database: str, clients: int, seconds: float, tokens: dict,
             cases: dict, planted: Planted, pairs_at_once: int, fault=None) -> tuple[Tally, float, float, float, float]:
    """A closed-loop step: ``clients`` clients, each keeping one request in flight, for ``seconds``."""
    tally = Tally()
    pool = [Client(servers.ports, i, agency, tokens[agency][(i // 2) % len(tokens[agency])], cases, planted, tally,
                   seed=i * 7919 + clients)
            for i, agency in zip(range(clients), ("ATF", "ICE") * clients)]
    if clients == 1:
        pool[0].partner = ("ICE", tokens["ICE"][0], [])
    measured = Measured(servers, sampler_dsn, database)
    until = measured.start + seconds
    threads = [threading.Thread(target=c.run, args=(until,)) for c in pool]
    for thread in threads:
        thread.start()
    simultaneous_pairs(servers, tokens, cases, planted, tally, pairs_at_once)
    if fault is not None:
        fault(servers)
    for thread in threads:
        thread.join()
    return (tally, *measured.stop(tally))


def run_open_step(servers: Servers, sampler_dsn: str, database: str, rate: float, seconds: float, tokens: dict,
                  cases: dict, planted: Planted, connections: int) -> tuple[Tally, Sends, float, float, float]:
    """An open-loop step: Poisson arrivals at ``rate`` a second for ``seconds``, latency from each one's time."""
    tally = Tally()
    alerts = {agency: [] for agency in tokens}  # the open alerts an agency's senders last read, shared

    def senders(lane: int, n: int) -> dict[str, Client]:
        seed = int(rate * 1000) + lane * 7919 + n * 104_729
        return {agency: Client(servers.ports, lane, agency, tokens[agency][n % len(tokens[agency])], cases, planted,
                               tally, seed, alerts[agency]) for agency in tokens}

    arrivals = poisson_arrivals(rate, seconds, random.Random(int(rate * 1000)))
    measured = Measured(servers, sampler_dsn, database)
    client_cpu = sum(os.times()[:2])
    sends = send_open_loop(arrivals, senders, len(servers.ports), connections)
    client_cpu = sum(os.times()[:2]) - client_cpu
    _elapsed, app_cpu, lock_share, database_cpu = measured.stop(tally)
    sends.client_cpu = client_cpu / max(sends.elapsed, 1e-9)
    return tally, sends, app_cpu, lock_share, database_cpu


def print_step(label: str, tally: Tally, elapsed: float, app_cpu: float, lock_share: float,
               database_cpu: float) -> None:
    done = len(tally.latencies)
    ms = [x * 1000 for x in tally.latencies] or [0.0]
    five = sum(n for status, n in tally.statuses.items() if isinstance(status, int) and status >= 500)
    cpu = f"{1000 * app_cpu / max(done, 1):9.1f}" if app_cpu >= 0 else f"{'n/a':>9}"  # a process restarted
    print(f"{label:>12} {done / elapsed:9.1f} {tally.registrations / elapsed:9.1f} {percentile(ms, 0.5):8.0f} "
          f"{percentile(ms, 0.95):8.0f} {percentile(ms, 0.99):8.0f} {cpu} {1000 * database_cpu / max(done, 1):8.1f} "
          f"{100 * lock_share:7.1f}% {five:5d}  {dict(tally.statuses)} locks waited on: {tally.lock_kinds}",
          flush=True)


def pgbench_tps(server: str, seconds: int = 10, clients: int = 8) -> float | None:
    """pgbench's simple-write transactions a second (``-N``) on a database of its own, same server."""
    import psycopg

    name = f"coordinator_pgbench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        target = server + "/" + name
        subprocess.run(["pgbench", "-i", "-q", "-s", "1", target], check=True, capture_output=True)
        out = subprocess.run(["pgbench", "-N", "-c", str(clients), "-j", "2", "-T", str(seconds), target],
                             check=True, capture_output=True, text=True).stdout
        found = re.search(r"tps = ([0-9.]+)", out)
        return float(found.group(1)) if found else None
    finally:
        with psycopg.connect(server + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def correctness(dsn: str, pairs: list[tuple[str, int, int]], env: dict) -> None:
    """Every planted overlap alerted exactly once to both sides; receipts unique; the audit log intact."""
    import psycopg

    with psycopg.connect(dsn) as conn:
        sides: dict[int, set[int]] = {}
        for alert_id, record_id in conn.execute(
                "SELECT alert_id, record_id FROM alert_sides WHERE record_type = 'subject'"):
            sides.setdefault(alert_id, set()).add(record_id)
        duplicate_receipts = conn.execute("SELECT count(*) FROM (SELECT number FROM deconfliction_checks "
                                          "GROUP BY number HAVING count(*) > 1) d").fetchone()[0]
    by_pair = Counter(frozenset(records) for records in sides.values())
    missing = [p for p in pairs if by_pair[frozenset((p[1], p[2]))] == 0]
    doubled = [p for p in pairs if by_pair[frozenset((p[1], p[2]))] > 1]
    print(f"planted overlaps: {len(pairs)}; alerted to both sides: {len(pairs) - len(missing)}; "
          f"missing: {len(missing)}; alerted twice: {len(doubled)}; duplicate receipts: {duplicate_receipts}")
    flask = [sys.executable, "-m", "flask", "--app", "benchmarks.load_app:create", "audit"]
    subprocess.run([*flask, "seal"], env=env, check=True, capture_output=True)
    verdict = subprocess.run([*flask, "verify"], env=env, capture_output=True, text=True)
    print("audit verify:", (verdict.stdout or verdict.stderr).strip())


def audit_rates(dsn: str, env: dict, writers: int = 16, seconds: float = 5) -> None:
    """The audit append alone (one entry per transaction, as a request writes it), then the sealer's rate."""
    import psycopg

    counts = [0] * writers
    until = time.time() + seconds

    def write(n: int) -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            while time.time() < until:
                conn.execute("INSERT INTO audit_events (at, action, outcome, details) "
                             "VALUES (now(), 'load.append', 'success', '{}')")
                counts[n] += 1

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"audit append alone: {sum(counts) / seconds:,.0f} entries/s ({writers} writers, no lock)")
    flask = [sys.executable, "-m", "flask", "--app", "benchmarks.load_app:create", "audit", "seal"]
    start = time.perf_counter()
    out = subprocess.run(flask, env=env, check=True, capture_output=True, text=True).stdout
    sealed = re.search(r"sealed (\d+) entries", out)
    if sealed:
        elapsed = time.perf_counter() - start
        print(f"audit seal: {int(sealed.group(1)):,} entries in {elapsed:.1f} s "
              f"({int(sealed.group(1)) / elapsed:,.0f} entries/s, process start included)")


def fault_step(dsn: str, database: str):
    """SIGKILL one app process a third into the step, terminate every app connection at two thirds."""
    def inject(servers: Servers) -> None:
        import psycopg

        time.sleep(4)
        servers.processes[0].send_signal(signal.SIGKILL)
        print("  fault: app process 0 killed (SIGKILL)", flush=True)
        time.sleep(4)
        with psycopg.connect(dsn, autocommit=True) as conn:
            ended = conn.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s "
                                 "AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
                                 (database,)).fetchone()[0]
        print(f"  fault: {ended} app connections terminated", flush=True)
        servers.processes[0].wait()
        servers.restart(0)
        print("  fault: app process 0 restarted", flush=True)
    return inject


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--clients", default="1,4,16,32,64")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--subjects", type=int, default=20_000)
    parser.add_argument("--operations", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=10, help="simultaneous pairs sent in each step")
    parser.add_argument("--overlaps", type=int, default=0,
                        help="phones already in both load cases before the first step (a large investigation)")
    parser.add_argument("--redis", default="", help="count rate limits in this Redis (default: the database)")
    parser.add_argument("--no-fault", action="store_true")
    parser.add_argument("--no-pgbench", action="store_true")
    parser.add_argument("--rates", default="", help="open-loop steps after the ramp: offered requests/s, e.g. 20,40")
    parser.add_argument("--half-saturation", action="store_true",
                        help="then one open-loop step at half the best requests/s of the closed-loop ramp")
    parser.add_argument("--open-connections", type=int, default=64,
                        help="the most connections the open loop opens (over all processes)")
    args = parser.parse_args()
    steps = [int(c) for c in args.clients.split(",") if c.strip()]
    rates = [float(r) for r in args.rates.split(",") if r.strip()]
    if args.half_saturation and not steps:
        parser.error("--half-saturation needs a closed-loop ramp (--clients)")

    print(f"preparing: {args.subjects:,} subject records and {args.operations:,} operations in the background; "
          f"{args.overlaps:,} overlaps in the load cases")
    server, name, tokens, cases = prepare(args.database_url, args.subjects, args.operations, max(steps, default=8),
                                          args.overlaps)
    dsn = server + "/" + name
    checkpoints = Path(tempfile.mkdtemp(prefix="coordinator-load-")) / "audit-checkpoint.txt"
    env = {**os.environ, "DATABASE_URL": dsn, "COORDINATOR_CONFIG": "development", "SECRET_KEY": "load-benchmark",
           "LOAD_CHECKPOINT_FILE": str(checkpoints), "LOAD_AUDIT_KEY": secrets.token_hex(32),
           "LOAD_RATELIMIT_STORAGE_URI": args.redis}
    servers = Servers(env, args.threads)
    planted = Planted()
    try:
        servers.start(args.processes)
        print(f"{args.processes} waitress processes × {args.threads} threads on PostgreSQL; rate limits in "
              f"{args.redis or 'the database'}; {args.seconds:.0f} s a step")
        if steps:
            print(f"{'clients':>12} {'req/s':>9} {'reg/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
                  f"{'app CPU ms':>9} {'db CPU ms':>8} {'lockwait':>8} {'5xx':>5}  statuses")
        best = best_requests = 0.0
        for clients in steps:
            tally, elapsed, app_cpu, lock_share, db_cpu = run_step(servers, dsn, name, clients, args.seconds, tokens,
                                                                cases, planted, args.pairs)
            print_step(str(clients), tally, elapsed, app_cpu, lock_share, db_cpu)
            best = max(best, tally.registrations / elapsed)
            best_requests = max(best_requests, len(tally.latencies) / elapsed)
        open_steps = [(rate, False) for rate in rates]
        if args.half_saturation and best_requests > 0:
            open_steps.append((best_requests / 2, True))
        if open_steps:
            print(f"open loop: Poisson arrivals at the offered rate, the same mix; {args.seconds:.0f} s a step, "
                  f"at most {args.open_connections} connections")
            print_open_header()
        for rate, at_half in open_steps:
            if at_half:
                print(f"half the best closed-loop rate ({best_requests:.1f} requests/s):")
            tally, sends, app_cpu, lock_share, db_cpu = run_open_step(servers, dsn, name, rate, args.seconds, tokens,
                                                                      cases, planted, args.open_connections)
            met = print_open_step(rate, tally, sends, app_cpu, lock_share, db_cpu)
            if at_half:
                p99 = percentile([x * 1000 for x in tally.latencies] or [0.0], 0.99)
                print(f"p99 at half the saturation rate ({rate:.1f} requests/s offered): {p99:.0f} ms, "
                      f"{'under' if met else 'NOT under'} 200 ms", flush=True)
        if not args.no_fault:
            print("fault step: 8 clients; SIGKILL of one app process, then every app connection terminated")
            tally, elapsed, app_cpu, lock_share, db_cpu = run_step(servers, dsn, name, 8, max(args.seconds, 14), tokens,
                                                                cases, planted, 0, fault_step(dsn, name))
            print_step("fault", tally, elapsed, app_cpu, lock_share, db_cpu)
        time.sleep(1.5)  # the sealer's last round
        correctness(dsn, planted.pairs, env)
        servers.stop()
        audit_rates(dsn, env)
        if not args.no_pgbench:
            tps = pgbench_tps(server)
            if tps:
                print(f"pgbench simple-write (-N, 8 clients): {tps:.0f} tps on the same server; "
                      f"best registrations/s {best:.1f} = {best / tps:.3f} of it")
    finally:
        servers.stop()
        import psycopg

        with psycopg.connect(server + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
