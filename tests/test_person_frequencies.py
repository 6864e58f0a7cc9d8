"""The person term counts: kept with the records in the same transaction, read by the checks."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from coordinator.conflicts.frequencies import frequencies_for, move_counts, recount, total_persons
from coordinator.conflicts.models import ConflictAlert, PersonTermCount
from coordinator.extensions import db
from coordinator.imports.services import import_subjects
from coordinator.retention.purge import purge_subject
from coordinator.subjects.services import update_subject

JOSE = {"first_name": "José Luis", "last_name": "Hernández", "second_last_name": "García", "dob": "1980-03-05",
        "sex": "M"}


def counts() -> dict[str, int]:
    return {row.term: row.count for row in db.session.scalars(select(PersonTermCount)) if row.count}


def test_registering_changing_and_purging_a_person_moves_its_counts(make):
    agent = make.user("ATF")
    case = make.case(agent)
    record = make.subject(agent, case, "person", **JOSE)
    make.subject(agent, case)  # a phone counts nothing
    assert counts() == {"g:JOSE": 1, "g:LUIS": 1, "gg:JOSE+LUIS": 1, "s:HERNANDEZ": 1, "s:GARCIA": 1,
                        "d:19800305": 1, f"n:{record.id % 8}": 1}
    assert total_persons(db.session) == 1
    update_subject(db.session, record, "suspect", {**JOSE, "first_name": "Pepe", "dob": "1981-03-05"}, user=agent)
    db.session.commit()
    assert counts() == {"g:PEPE": 1, "s:HERNANDEZ": 1, "s:GARCIA": 1, "d:19810305": 1, f"n:{record.id % 8}": 1}
    supervisor = make.user("ATF", role="supervisor")
    purge_subject(db.session, supervisor, record, reviewer_name="Sup. Dana Whitfield", decided_on=date.today(),
                  reason="No longer meets the standard")
    db.session.commit()
    assert counts() == {}


def test_an_import_counts_its_people_and_recount_agrees(make):
    agent = make.user("ATF")
    case = make.case(agent)
    rows = [(n, {"kind": "person", "role": "suspect", "first_name": "Juan", "last_name": f"Pérez{'z' * (n % 2)}",
                 "dob": "1990-01-01"}) for n in range(1, 6)]
    rows.append((6, {"kind": "phone", "role": "associate", "number": "(602) 555-0199"}))
    report = import_subjects(db.session, agent, case, rows)
    db.session.commit()
    assert report.imported == 6
    kept = counts()
    assert kept["g:JUAN"] == 5 and kept["s:PEREZ"] == 2 and kept["s:PEREZZ"] == 3 and kept["d:19900101"] == 5
    assert total_persons(db.session) == 5
    assert recount(db.session) == 5
    db.session.commit()
    assert counts() == kept


def test_a_check_reads_the_counts_of_its_terms(app_ctx):
    move_counts(db.session, {"s:HERNANDEZ": 90_000, "g:JOSE": 30_000, "n:0": 600_000, "n:1": 400_000})
    move_counts(db.session, {"s:HERNANDEZ": -10_000})
    db.session.commit()
    frequencies = frequencies_for(db.session, [JOSE, {"first_name": "Itzel", "last_name": "Tlatelpa"}])
    assert frequencies.records == 1_000_000 and frequencies.population == 1_000_000
    assert frequencies.counts == {"s:HERNANDEZ": 80_000, "g:JOSE": 30_000}
    assert 0.07 < frequencies.share("s:HERNANDEZ") < 0.09
    assert frequencies.share("s:TLATELPA") < 1e-4


def test_the_same_evidence_alerts_in_a_small_database_and_not_in_a_large_one(make):
    """A common full name and no date of birth: a candidate among few records, a coincidence among a million."""
    atf, ice = make.user("ATF"), make.user("ICE")
    without_dob = {key: value for key, value in JOSE.items() if key != "dob"}
    make.subject(atf, make.case(atf), "person", **without_dob)
    make.subject(ice, make.case(ice), "person", **without_dob)
    assert db.session.scalar(select(db.func.count(ConflictAlert.id))) == 1
    # The counts of a million records, most of them elsewhere: José Hernández García is common.
    move_counts(db.session, {"n:3": 1_000_000, "g:JOSE": 30_000, "g:LUIS": 25_000, "s:HERNANDEZ": 90_000,
                             "s:GARCIA": 66_000})
    db.session.commit()
    cbp = make.user("CBP")
    make.subject(cbp, make.case(cbp), "person", **without_dob)
    assert db.session.scalar(select(db.func.count(ConflictAlert.id))) == 1


def test_the_recount_command_repairs_the_counts(runner, make):
    agent = make.user("ATF")
    make.subject(agent, make.case(agent), "person", **JOSE)
    kept = counts()
    move_counts(db.session, {"g:JOSE": 7, "s:NOBODY": 3})
    db.session.commit()
    result = runner.invoke(args=["persons", "recount"])
    assert result.exit_code == 0 and "counted 1 person records" in result.output
    db.session.expire_all()
    assert counts() == kept
