"""Splink on the real-frequency data: the registrations linked to the background, trained by EM on the same data.

A standard Splink model, as its tutorials build one: the names cleaned to
capitals without accents or punctuation (generation words dropped), given
name and surnames compared by Jaro-Winkler with term-frequency adjustments
(so a common name weighs less, the very thing real frequencies test), the
date of birth by Splink's date comparison, postal code, sex and document
exactly. ``m`` by expectation maximisation over two blockings, ``u`` by
random sampling; the threshold is then the one with the best F1 against the
truth, which no deployment would know: the figures are Splink at its best.
"""
from __future__ import annotations

import logging
import re
import time
from typing import Hashable

from benchmarks.realnames_data import Dataset
from benchmarks.realnames_world import strip_accents
from coordinator.deconfliction.persons import PersonRecord

GENERATIONS = frozenset({"JR", "SR", "II", "III", "HIJO"})
PREDICT_FLOOR = 0.01  # pairs below this probability are not kept at all


def _words(text: str | None) -> list[str]:
    cleaned = re.sub(r"[^A-Z ]", " ", strip_accents(text or "").upper().replace("-", " "))
    return [w for w in cleaned.split() if w not in GENERATIONS]


def row(uid: int, record: PersonRecord) -> dict:
    """One record as Splink's input columns."""
    given = _words(record.first_name) + _words(record.middle_name)
    surnames = _words(record.last_name) + _words(record.second_last_name)
    return {
        "unique_id": uid,
        "first_name": given[0] if given else None,
        "middle_name": " ".join(given[1:]) or None,
        "surname": surnames[0] if surnames else None,
        "second_surname": " ".join(surnames[1:]) or None,
        "dob": record.dob.isoformat() if record.dob else None,
        "birth_year": record.dob.year if record.dob else None,
        "postcode": record.postal_code,
        "sex": record.sex,
        "document": record.documents[0][1] if record.documents else None,
    }


def run_splink(data: Dataset) -> tuple[dict[str, dict[Hashable, float]], float]:
    """Train Splink and predict; returns query id -> {background record id: match probability}, and seconds."""
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    start = time.perf_counter()
    offset = len(data.records)
    background = pd.DataFrame([row(i, r) for i, r in data.records.items()])
    queries = pd.DataFrame([row(offset + n, q.record) for n, q in enumerate(data.queries)])
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("middle_name"),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.NameComparison("second_surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("postcode"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("document"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("dob"),
            block_on("first_name", "surname"),
            block_on("surname", "second_surname"),
            block_on("first_name", "birth_year"),
            block_on("document"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    linker = Linker([db_api.register(background, table_name="background"),
                     db_api.register(queries, table_name="registrations")], settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
    predictions = linker.inference.predict(threshold_match_probability=PREDICT_FLOOR).as_pandas_dataframe()
    scores: dict[str, dict[Hashable, float]] = {q.qid: {} for q in data.queries}
    for left, right, probability in zip(predictions["unique_id_l"], predictions["unique_id_r"],
                                        predictions["match_probability"]):
        query, other = (left, right) if left >= offset else (right, left)
        scores[data.queries[int(query) - offset].qid][int(other)] = float(probability)
    return scores, time.perf_counter() - start
