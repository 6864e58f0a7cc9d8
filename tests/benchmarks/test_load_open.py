"""The load benchmark's open loop: a Poisson schedule, latency from the scheduled time, enough connections."""
from __future__ import annotations

import random
import statistics
import threading
from collections import Counter
from types import SimpleNamespace

from benchmarks.load_open import Arrival, Sends, poisson_arrivals, print_open_step, send_open_loop


def test_arrivals_are_a_poisson_process_at_the_offered_rate():
    arrivals = poisson_arrivals(50, 200, random.Random(3))
    dues = [a.due for a in arrivals]
    assert dues == sorted(dues) and 0 < dues[0] and dues[-1] < 200
    assert abs(len(arrivals) - 10_000) < 400  # 4 standard deviations of a Poisson count of 10,000
    gaps = [b - a for a, b in zip(dues, dues[1:])]
    assert abs(statistics.mean(gaps) - 1 / 50) < 0.001
    # exponential gaps: their spread equals their mean (evenly spaced sends would have none)
    assert 0.95 < statistics.stdev(gaps) / statistics.mean(gaps) < 1.05


def test_arrivals_carry_the_mix_and_both_agencies_and_repeat_for_a_seed():
    arrivals = poisson_arrivals(50, 200, random.Random(3))
    kinds = Counter("register" if a.roll < 0.6 else "read" if a.roll < 0.9 else "acknowledge" for a in arrivals)
    assert abs(kinds["register"] / len(arrivals) - 0.6) < 0.02
    assert abs(kinds["acknowledge"] / len(arrivals) - 0.1) < 0.02
    assert abs(Counter(a.agency for a in arrivals)["ATF"] / len(arrivals) - 0.5) < 0.02
    assert poisson_arrivals(50, 200, random.Random(3)) == arrivals
    assert poisson_arrivals(50, 200, random.Random(4)) != arrivals


class FakeClock:
    """A clock that moves only when a request is answered: each answer takes one second."""

    def __init__(self):
        self.now, self.lock = 100.0, threading.Lock()

    def __call__(self) -> float:
        with self.lock:
            return self.now

    def advance(self, seconds: float) -> None:
        with self.lock:
            self.now += seconds


def test_latency_counts_from_the_scheduled_time_not_from_a_late_send():
    clock, latencies, starts = FakeClock(), [], []

    class SlowServer:
        def one(self, roll=None, start=None):
            starts.append(start)
            clock.advance(1.0)
            latencies.append(clock() - start)

    arrivals = [Arrival(0.0, "ATF", 0.1), Arrival(0.01, "ICE", 0.7), Arrival(0.02, "ATF", 0.95)]
    sends = send_open_loop(arrivals, lambda lane, n: {"ATF": SlowServer(), "ICE": SlowServer()}, lanes=1, limit=1,
                           clock=clock)
    assert sends.connections == 1
    # one connection, a server answering in a second: the later requests waited for the earlier ones
    assert [round(s - starts[0], 6) for s in starts] == [0.0, 0.01, 0.02]
    assert [round(x, 6) for x in latencies] == [1.0, 1.99, 2.98]
    assert [round(x, 6) for x in sends.lags] == [0.0, 0.99, 1.98]
    assert sends.late() == 2 and round(sends.worst(), 6) == 1.98


def test_the_client_opens_connections_until_every_due_request_is_in_flight():
    in_flight = threading.Barrier(12, timeout=10)  # broken (an error) unless 12 requests are in flight at once
    made = []

    class Waiting:
        def one(self, roll=None, start=None):
            in_flight.wait()

    def senders(lane, n):
        made.append(lane)
        return {"ATF": Waiting(), "ICE": Waiting()}

    sends = send_open_loop([Arrival(0.0, ("ATF", "ICE")[n % 2], 0.5) for n in range(12)], senders, lanes=2, limit=16)
    assert sends.connections == 12 and sends.starved == 0
    assert Counter(made) == {0: 6, 1: 6}  # round robin over the app processes
    assert not sends.late(threshold=5.0)


def test_a_step_says_whether_p99_is_under_200_ms_and_when_the_client_sent_late(capsys):
    tally = SimpleNamespace(latencies=[0.010] * 98 + [0.150, 0.450], statuses=Counter({201: 60, 200: 40}),
                            registrations=60, lock_kinds={})
    on_time = Sends(lags=[0.001] * 100, connections=4, elapsed=10.0)
    assert print_open_step(10.0, tally, on_time, 1.0, 0.0, 0.5) is True  # p99 is the 99th of 100: 150 ms
    out = capsys.readouterr().out
    assert "all 100 sent on schedule" in out and "yes" in out

    tally.latencies[-2] = 0.250
    late = Sends(lags=[0.001] * 97 + [0.02, 0.03, 0.5], connections=64, starved=5, elapsed=10.0)
    assert print_open_step(10.0, tally, late, 1.0, 0.0, 0.5) is False
    out = capsys.readouterr().out
    assert "3 of 100 sent more than 10 ms late" in out and "worst 500 ms" in out
    assert "5 found every connection busy" in out and "NO" in out
