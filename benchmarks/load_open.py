"""The load benchmark's open loop: requests sent at an offered rate, whether or not earlier ones have answered.

A closed-loop client sends its next request only when the last has
answered, so when the server slows down it sends less, and the requests it
would have sent meanwhile, the ones that would have waited longest, are
never measured ("coordinated omission"). Here the send times are drawn in
advance (Poisson arrivals at the offered rate, each with its agency and its
place in the mix), and each request's latency counts from its scheduled
time, not from when it went out, as wrk2 does: a request that had to wait
for the server, or for the client, is counted with its wait.

The client must not be what holds requests back: each app process has its
own pool of connections (one thread each), grown whenever a request is due
and all are busy, up to a limit. A request sent more than ``LATE`` after its
time is a late send; the step reports how many there were, the worst, and
how often a request found every connection busy at the limit.
"""
from __future__ import annotations

import queue
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .api_latency import percentile

AGENCIES = ("ATF", "ICE")
LATE = 0.010  # seconds after its scheduled time from which a send counts as late
TARGET_P99_MS = 200  # the target at half the saturation rate


@dataclass(frozen=True)
class Arrival:
    """One scheduled request: when (seconds from the step's start), whose, and its roll in the mix."""

    due: float
    agency: str
    roll: float


def poisson_arrivals(rate: float, seconds: float, rng: random.Random) -> list[Arrival]:
    """Arrivals of a Poisson process at ``rate`` a second over ``seconds``: exponential gaps, agencies at random."""
    if rate <= 0:
        raise ValueError("the offered rate must be positive")
    arrivals, at = [], 0.0
    while True:
        at += rng.expovariate(rate)
        if at >= seconds:
            return arrivals
        arrivals.append(Arrival(at, rng.choice(AGENCIES), rng.random()))


class Sender(Protocol):
    def one(self, roll: float | None = None, start: float | None = None) -> None: ...


@dataclass
class Sends:
    """How the client kept to the schedule in one step."""

    lags: list[float] = field(default_factory=list)  # each request's send time minus its scheduled time
    connections: int = 0  # the most connections (threads) the step used
    starved: int = 0  # requests due when every connection was busy and no more could be opened
    elapsed: float = 0.0  # from the step's start to the last answer
    client_cpu: float = 0.0  # the sending process's CPU over the step, in cores
    errors: Counter = field(default_factory=Counter)  # exceptions raised in the client while sending

    def late(self, threshold: float = LATE) -> int:
        return sum(lag > threshold for lag in self.lags)

    def worst(self) -> float:
        return max(self.lags, default=0.0)


class _Lane:
    """The connections to one app process: a queue of due requests and the threads that send them."""

    def __init__(self, index: int, make_senders: Callable[[int, int], dict[str, Sender]], limit: int,
                 clock: Callable[[], float], sends: Sends):
        self.index, self.make_senders, self.limit, self.clock, self.sends = index, make_senders, limit, clock, sends
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.threads: list[threading.Thread] = []
        self.lock = threading.Lock()
        self.outstanding = 0  # due requests not yet answered: queued or in flight
        self.start = 0.0

    def spawn(self) -> None:
        thread = threading.Thread(target=self._work, args=(self.make_senders(self.index, len(self.threads)),),
                                  daemon=True)
        self.threads.append(thread)
        thread.start()

    def put(self, arrival: Arrival) -> None:
        with self.lock:
            self.outstanding += 1
            short = self.outstanding > len(self.threads)
        if short:
            if len(self.threads) < self.limit:
                self.spawn()
            else:
                self.sends.starved += 1
        self.jobs.put(arrival)

    def _work(self, senders: dict[str, Sender]) -> None:
        while (arrival := self.jobs.get()) is not None:
            due = self.start + arrival.due
            self.sends.lags.append(self.clock() - due)
            try:
                senders[arrival.agency].one(arrival.roll, due)
            except Exception as error:  # noqa: BLE001 - counted and printed; the connection goes on sending
                self.sends.errors[type(error).__name__] += 1
            finally:
                with self.lock:
                    self.outstanding -= 1

    def finish(self) -> None:
        for _ in self.threads:
            self.jobs.put(None)
        for thread in self.threads:
            thread.join()


def send_open_loop(arrivals: Sequence[Arrival], make_senders: Callable[[int, int], dict[str, Sender]],
                   lanes: int, limit: int, clock: Callable[[], float] = time.perf_counter) -> Sends:
    """Send each arrival at its time, round robin over ``lanes`` app processes, with at most ``limit`` connections.

    ``make_senders(lane, n)`` gives the n-th connection of a lane its sender
    per agency; a sender's ``one(roll, start)`` sends one request of the mix
    and counts its latency from ``start``, the scheduled time on ``clock``.
    """
    sends = Sends()
    per_lane = max(1, limit // lanes)
    pool = [_Lane(n, make_senders, per_lane, clock, sends) for n in range(lanes)]
    for lane in pool:
        for _ in range(min(per_lane, 2)):  # a few ready before the first request is due
            lane.spawn()
    start = clock()
    for lane in pool:
        lane.start = start
    try:
        for n, arrival in enumerate(arrivals):
            delay = start + arrival.due - clock()
            if delay > 0:
                time.sleep(delay)
            pool[n % lanes].put(arrival)
    finally:
        for lane in pool:
            lane.finish()
    sends.elapsed = clock() - start
    sends.connections = sum(len(lane.threads) for lane in pool)
    return sends


def print_open_header() -> None:
    print(f"{'offered/s':>12} {'req/s':>9} {'reg/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'app CPU ms':>9} {'db CPU ms':>8} {'lockwait':>8} {'5xx':>5} {'p99<200':>7}  statuses", flush=True)


def print_open_step(rate: float, tally, sends: Sends, app_cpu: float, lock_share: float,
                    database_cpu: float) -> bool:
    """One open-loop step's line, then how the client kept to the schedule; whether p99 was under the target."""
    done = len(tally.latencies)
    ms = [x * 1000 for x in tally.latencies] or [0.0]
    p99 = percentile(ms, 0.99)
    met = bool(tally.latencies) and p99 < TARGET_P99_MS
    five = sum(n for status, n in tally.statuses.items() if isinstance(status, int) and status >= 500)
    elapsed = max(sends.elapsed, 1e-9)
    print(f"{rate:12.1f} {done / elapsed:9.1f} {tally.registrations / elapsed:9.1f} {percentile(ms, 0.5):8.0f} "
          f"{percentile(ms, 0.95):8.0f} {p99:8.0f} {1000 * app_cpu / max(done, 1):9.1f} "
          f"{1000 * database_cpu / max(done, 1):8.1f} {100 * lock_share:7.1f}% {five:5d} {'yes' if met else 'NO':>7}  "
          f"{dict(tally.statuses)} locks waited on: {tally.lock_kinds}", flush=True)
    late = sends.late()
    schedule = (f"{late} of {len(sends.lags)} sent more than {LATE * 1000:.0f} ms late, the client could not keep "
                f"to the schedule (worst {1000 * sends.worst():.0f} ms)" if late else
                f"all {len(sends.lags)} sent on schedule (worst {1000 * sends.worst():.1f} ms late)")
    busy = f"; {sends.starved} found every connection busy" if sends.starved else ""
    busy += f"; client errors: {dict(sends.errors)}" if sends.errors else ""
    print(f"{'':>12} client: {schedule}; {sends.connections} connections{busy}; "
          f"client CPU {100 * sends.client_cpu:.0f} % of a core; latency counts from each request's scheduled time",
          flush=True)
    return met
