"""The time a peer check adds to a registration: two instances on loopback, each in its own waitress process.

    python -m benchmarks.federation [--requests 200] [--engine sqlite|postgresql]
                                    [--postgres-url postgresql://postgres@127.0.0.1:5432/]

Registers phone numbers through the API of instance "us", first with its
peer "mx" active (each registration asks mx and waits for its signed
answer), then with mx suspended (no peer asked), alternating so both see
the same machine load. A tenth of the numbers are also on mx, so some
answers are hits that raise alerts on both sides. Prints the registration
latency both ways (median and p99) and what the peer check adds, and the
CPU time both instances' processes spent per registration each way (read
from /proc: on a machine shared with other work, wall times move with
its load, CPU times much less).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time

from tests.federation_pair import new_instance, prepare

from .common import percentile


def _databases(engine: str, postgres_url: str) -> tuple[list[str], list]:
    if engine == "sqlite":
        folder = tempfile.mkdtemp(prefix="fed-bench-")
        return [f"sqlite:///{folder}/us.sqlite", f"sqlite:///{folder}/mx.sqlite"], []
    import psycopg
    import uuid

    server = postgres_url.rstrip("/")
    names = [f"coordinator_fedbench_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    return ["postgresql+psycopg://" + server.split("://", 1)[1] + "/" + name for name in names], \
        [(server, name) for name in names]


def _drop(created: list) -> None:
    import psycopg

    for server, name in created:
        with psycopg.connect(server + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _cpu_seconds(*processes) -> float:
    """User + system CPU time of these processes so far (Linux /proc)."""
    total = 0
    for process in processes:
        with open(f"/proc/{process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


def _ms(values: list[float]) -> str:
    return f"median {percentile(values, 0.5):.1f} ms, p99 {percentile(values, 0.99):.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/")
    args = parser.parse_args()
    urls, created = _databases(args.engine, args.postgres_url)
    us, mx = new_instance("us", urls[0]), new_instance("mx", urls[1])
    try:
        prepare(us, {"agent": ("ATF", "agent")})
        prepare(mx, {"agent": ("FGR", "agent")})
        for here, there in ((us, mx), (mx, us)):
            shown = json.loads(there.flask("federation", "identity").stdout)
            here.flask("federation", "add-peer", "--name", shown["name"], "--url", there.url, "--key", shown["key"])
        us.start()
        mx.start()
        case = {"number": "B-1", "title": "Benchmark", "case_type": "other", "opened_on": "2026-01-15",
                "initiated_by": "other"}
        us_case = us.api("POST", "/cases", "agent", json=case).json()["id"]
        mx_case = mx.api("POST", "/cases", "agent", json=case).json()["id"]
        for i in range(0, 2 * args.requests, 10):
            mx.api("POST", f"/cases/{mx_case}/subjects", "agent", json={"kind": "phone", "role": "suspect",
                                                                        "number": f"+1 480 555 {i:04d}"})
        timings: dict[str, list[float]] = {"with": [], "without": []}
        cpu = {"with": 0.0, "without": 0.0}
        hits = 0
        # Blocks of 20 with the peer asked, then 20 without, and so on: switching costs a command.
        for i in range(2 * args.requests):
            mode = "with" if (i // 20) % 2 == 0 else "without"
            if i % 20 == 0:
                us.flask("federation", "set-status", "mx", "active" if mode == "with" else "suspended")
            spent, started = _cpu_seconds(us.process, mx.process), time.perf_counter()
            answer = us.api("POST", f"/cases/{us_case}/subjects", "agent",
                            json={"kind": "phone", "role": "suspect", "number": f"+1 480 555 {i:04d}"})
            timings[mode].append((time.perf_counter() - started) * 1000)
            cpu[mode] += _cpu_seconds(us.process, mx.process) - spent
            assert answer.status_code == 201, answer.text
            hits += bool([c for c in answer.json()["conflicts"] if c["other"].get("instance")])
        added = percentile(timings["with"], 0.5) - percentile(timings["without"], 0.5)
        print(f"federation peer check on loopback ({args.engine}), {args.requests} registrations each way, "
              f"{hits} hits on the peer")
        print(f"  registration with the peer asked:  {_ms(timings['with'])}")
        print(f"  registration without a peer:       {_ms(timings['without'])}")
        print(f"  a peer check adds: median {added:.1f} ms, p99 "
              f"{percentile(timings['with'], 0.99) - percentile(timings['without'], 0.5):.1f} ms")
        per = {mode: cpu[mode] * 1000 / len(timings[mode]) for mode in cpu}
        print(f"  CPU per registration, both instances: {per['with']:.1f} ms with the peer asked, "
              f"{per['without']:.1f} ms without; a peer check costs {per['with'] - per['without']:.1f} ms of CPU")
    finally:
        for instance in (us, mx):
            instance.stop()
            shutil.rmtree(instance.folder, ignore_errors=True)
        _drop(created)


if __name__ == "__main__":
    main()
