"""A side's reasons never quote the other record's names."""
from coordinator.deconfliction.disclosure import WITHHELD, withhold_other_names
from coordinator.deconfliction.persons import PersonRecord, compare_persons
from coordinator.deconfliction.reasons import Reason

MINE = {"first_name": "Jesús", "middle_name": "Alberto", "last_name": "Robles", "second_last_name": "Quintero",
        "aliases": ["El Güero"], "dob": "1994-03-07"}
THEIRS = {"first_name": "Chuy", "last_name": "Robles", "dob": "1994-03-07", "aliases": ["El Flaco"]}


def test_the_other_records_names_are_withheld():
    result = compare_persons(PersonRecord.from_fields(MINE), PersonRecord.from_fields(THEIRS))
    assert result.level == "match"
    safe = withhold_other_names(result.reasons, MINE)
    rendered = " ".join(r.render() for r in safe)
    assert "Chuy" not in rendered and "Flaco" not in rendered
    assert [r.code for r in safe] == [r.code for r in result.reasons]


def test_own_names_stay_and_accents_do_not_matter():
    reasons = [Reason("nickname", "%(nick)s is a nickname of %(name)s", {"nick": "Chuy", "name": "JESUS"}),
               Reason("typo", "%(a)s and %(b)s differ by a typing error", {"a": "Robles Quintero", "b": "Roblez"}),
               Reason("same_dob", "same date of birth")]
    safe = withhold_other_names(reasons, MINE)
    assert safe[0].params == {"nick": WITHHELD, "name": "JESUS"}
    assert safe[1].params == {"a": "Robles Quintero", "b": WITHHELD}
    assert safe[2] == reasons[2]
    assert safe[0].render() == "the name on their record is a nickname of JESUS"


def test_a_name_of_ones_own_written_with_a_dot_is_quoted_back_to_its_author():
    # "Ma." and "Hdz." are quoted as the words the matcher read ("Ma", "Hdz"): they were withheld from the very
    # agency that typed them, and the reason read "your surname the name on their record agrees...".
    mine = {"first_name": "Ma. Guadalupe", "last_name": "Hdz.", "second_last_name": "O'Neill"}
    reasons = [Reason("initial", "%(a)s", {"a": "Ma"}), Reason("surname_shorthand", "%(a)s", {"a": "Hdz"}),
               Reason("typo", "%(a)s", {"a": "O'Neill"}), Reason("typo", "%(a)s", {"a": "Hernández"})]
    assert [r.params["a"] for r in withhold_other_names(reasons, mine)] == ["Ma", "Hdz", "O'Neill", WITHHELD]
