"""Subject validation rate: µs a record through the bound forms and through the compiled checks.

    python -m benchmarks.validate_rate [--records 20000] [--seed 7]

Runs the synthetic mix of kinds (``synthetic.subject_row``) in a request
context, as an API import does. "normalisers" is the time spent inside the
normalisers the forms' rules call (phone numbers, serials, VINs, plates,
states, FFL numbers) and in email_validator: both paths spend it alike, and
"rules only" is the compiled time without it.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import random
import time
from collections import defaultdict

from .synthetic import subject_row

os.environ.setdefault("COORDINATOR_CONFIG", "testing")

NORMALISERS = ("normalise_phone", "normalise_serial", "normalise_vin", "normalise_ffl", "plate_number",
               "normalise_region")


def timed(validate, rows: list[dict]) -> dict[str, list[float]]:
    """Seconds per record, by kind."""
    seconds: dict[str, list[float]] = defaultdict(list)
    clock = time.perf_counter
    for row in rows:
        start = clock()
        validate(row)
        seconds[row["kind"]].append(clock() - start)
    return seconds


@contextlib.contextmanager
def normaliser_clock():
    """Count the seconds spent inside the normalisers and email_validator while the block runs."""
    import email_validator

    from coordinator.subjects import forms

    spent = [0.0]

    def clocked(function):
        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start
        return run

    originals = [(forms, name, getattr(forms, name)) for name in NORMALISERS]
    originals.append((email_validator, "validate_email", email_validator.validate_email))
    for module, name, function in originals:
        setattr(module, name, clocked(function))
    try:
        yield spent
    finally:
        for module, name, function in originals:
            setattr(module, name, function)


def normaliser_seconds(validate, rows: list[dict]) -> dict[str, list[float]]:
    """Seconds per record spent in the normalisers, by kind."""
    seconds: dict[str, list[float]] = defaultdict(list)
    with normaliser_clock() as spent:
        for row in rows:
            before = spent[0]
            validate(row)
            seconds[row["kind"]].append(spent[0] - before)
    return seconds


def micro(values: list[float]) -> float:
    return sum(values) / len(values) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from coordinator import create_app
    from coordinator.subjects.validation import FormSubjectValidator, SubjectValidator

    rng = random.Random(args.seed)
    rows = [subject_row(rng, n) for n in range(args.records)]
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})  # validation reads no database
    with app.test_request_context():
        forms, compiled = FormSubjectValidator("US"), SubjectValidator("US")
        for validate in (forms, compiled):  # compile, bind and warm up first
            timed(validate, rows[:500])
        by_forms, by_compiled = timed(forms, rows), timed(compiled, rows)
        outside = normaliser_seconds(compiled, rows)
        refused = sum(1 for row in rows if compiled(row)[1])
    print(f"{'kind':<10}{'records':>9}{'forms µs':>11}{'compiled µs':>13}{'normalisers':>13}{'rules only':>12}")
    for kind in sorted(by_forms, key=lambda k: -len(by_forms[k])):
        print(f"{kind:<10}{len(by_forms[kind]):>9,}{micro(by_forms[kind]):>11.1f}{micro(by_compiled[kind]):>13.1f}"
              f"{micro(outside[kind]):>13.1f}{micro(by_compiled[kind]) - micro(outside[kind]):>12.1f}")
    every = [sum(seconds.values(), []) for seconds in (by_forms, by_compiled, outside)]
    print(f"{'all':<10}{len(rows):>9,}{micro(every[0]):>11.1f}{micro(every[1]):>13.1f}{micro(every[2]):>13.1f}"
          f"{micro(every[1]) - micro(every[2]):>12.1f}")
    print(f"compiled: {1e6 / micro(every[1]):,.0f} records/s ({1e6 / (micro(every[1]) - micro(every[2])):,.0f} "
          f"without the normalisers); {refused:,} refused")


if __name__ == "__main__":
    main()
