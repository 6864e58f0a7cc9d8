"""What crosses to a peer: keyed hashes and name filters that compare without revealing."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from coordinator.deconfliction.federated import (
    birth_hashes, dice, event_index, event_query, hashed_keys, judge_person, keyed, name_filter,
)

SECRET = b"federation secret"
JOSE = {"first_name": "José Luis", "last_name": "Hernández", "second_last_name": "Vázquez", "dob": "1984-03-12"}
VARIANT = {"first_name": "Jose Luis", "last_name": "Hernandes", "second_last_name": "Vazquez", "dob": "1984-03-12"}
OTHER = {"first_name": "María", "last_name": "Ortega", "second_last_name": "Salas", "dob": "1984-03-12"}


def _person(fields):
    return (name_filter(SECRET, fields), *birth_hashes(SECRET, fields))


def test_a_keyed_hash_depends_on_the_secret_and_hides_the_key():
    value = keyed(SECRET, "k", "ph:+16025550147")
    assert len(value) == 32 and "6025550147" not in value
    assert keyed(b"another secret", "k", "ph:+16025550147") != value
    assert [strong for _k, strong in hashed_keys(SECRET, ["fa:COLT:SER4471", "fs:SER4471"])] == [True, False]


def test_a_spelling_variant_keeps_most_of_the_name_filter_and_another_name_does_not():
    assert dice(name_filter(SECRET, JOSE), name_filter(SECRET, VARIANT)) > 0.85
    assert dice(name_filter(SECRET, JOSE), name_filter(SECRET, OTHER)) < 0.6
    assert judge_person(_person(JOSE), _person(VARIANT))[0] == "match"
    assert judge_person(_person(JOSE), _person(OTHER)) is None
    assert judge_person(_person(JOSE), _person({**VARIANT, "dob": "1984-12-03"}))[0] == "possible"  # day, month swapped
    assert judge_person(_person(JOSE), _person({**VARIANT, "dob": "1985-03-12"}))[0] == "possible"  # a year off
    assert judge_person(_person(JOSE), _person({**VARIANT, "dob": "1990-01-01"})) is None  # a namesake


def test_the_name_filter_differs_under_another_secret():
    assert dice(name_filter(SECRET, JOSE), name_filter(b"another secret", JOSE)) < 0.6


def test_operations_meet_on_hashed_cells_only_when_place_and_time_do():
    start = datetime(2026, 6, 6, 16, tzinfo=timezone.utc)
    stored = set(event_index(SECRET, 33.4484, -112.0740, 300, start, start + timedelta(hours=6)))
    inside, near = event_query(SECRET, 33.4485, -112.0741, 200, start + timedelta(hours=1),
                               start + timedelta(hours=3), 500, timedelta(hours=2))
    assert stored & set(inside)
    later_inside, later_near = event_query(SECRET, 33.4485, -112.0741, 200, start + timedelta(hours=7),
                                           start + timedelta(hours=8), 500, timedelta(hours=2))
    assert not stored & set(later_inside) and stored & set(later_near)
    far_inside, far_near = event_query(SECRET, 32.2217, -110.9265, 200, start, start + timedelta(hours=6),
                                       500, timedelta(hours=2))
    assert not stored & set(far_inside + far_near)


def test_a_nickname_or_an_equivalent_given_name_meets_across_the_encoding():
    pepe = {**JOSE, "first_name": "Pepe", "middle_name": None}
    jose = {**JOSE, "first_name": "José", "middle_name": None}
    assert judge_person(_person(pepe), _person(jose))[0] == "match"
    bill = {"first_name": "Bill", "last_name": "Turner", "dob": "1979-05-02"}
    for same in ("William", "Guillermo"):
        assert judge_person(_person(bill), _person({**bill, "first_name": same}))[0] == "match"
    assert judge_person(_person(bill), _person({**bill, "first_name": "Robert"})) is None


def test_a_surname_that_is_also_a_given_name_is_not_canonicalised():
    # "Jesús" as a surname stays as spelled: only the given names carry their canonical forms.
    one = {"first_name": "Ana", "last_name": "Jesús", "dob": "1990-01-01"}
    assert judge_person(_person(one), _person({**one, "last_name": "Chuy"})) is None


def test_a_record_without_a_date_of_birth_is_hashed_under_its_curps():
    from coordinator.deconfliction.mexican_ids import curp_check_digit

    first17 = "HEVJ840312HSRRZS0"  # born 12 March 1984, as JOSE
    undated = {**VARIANT, "dob": None, "documents": [{"kind": "curp", "number": first17 + curp_check_digit(first17)}]}
    assert birth_hashes(SECRET, undated) == birth_hashes(SECRET, JOSE)
    assert judge_person(_person(JOSE), _person(undated))[0] == "match"
    assert birth_hashes(SECRET, {**VARIANT, "dob": None}) == (None, [])


def test_a_name_mangled_on_its_way_gives_the_filter_of_the_name_the_matcher_reads():
    # "HernÃ¡ndez" (UTF-8 read as Windows-1252), "GARC1A" off a scan, a soft hyphen pasted in: the local matcher
    # reads Hernández García; the filter a peer compares must too, or one person's two records drift apart.
    clean = {"first_name": "José", "last_name": "Hernández", "second_last_name": "García"}
    mangled = {"first_name": "Jo\u00adsé", "last_name": "Hern\u00c3\u00a1ndez", "second_last_name": "GARC1A"}
    assert name_filter(SECRET, mangled) == name_filter(SECRET, clean)
