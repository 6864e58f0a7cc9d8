"""Migrations 0017 and 0028 index the person records already there under today's blocking keys."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import delete, insert, select

from coordinator.conflicts.models import SubjectKey
from coordinator.deconfliction.keys import subject_keys
from coordinator.extensions import db

PERSON = {"first_name": "Olivia Jackie", "last_name": "Castillo", "second_last_name": "Fierro", "dob": "1996-06-23",
          "sex": "F"}


VERSIONS = Path(__file__).resolve().parents[1] / "migrations" / "versions"


def run_upgrade(name: str = "0017_person_keys_again", step: str = "upgrade") -> None:
    """One migration's upgrade (or downgrade) on the test database, alone: the others around it stay as they
    are (going down the whole chain and up again would undo and redo every later revision, seeds included)."""
    spec = importlib.util.spec_from_file_location(f"migration_{name}", VERSIONS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with db.engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        getattr(module, step)()


def index_as_before(ids: list[int], agency_id: int) -> None:
    """Index the records as an earlier version did: under a stale key, none of today's."""
    for subject_id in ids:
        db.session.execute(delete(SubjectKey).where(SubjectKey.subject_id == subject_id))
        db.session.execute(insert(SubjectKey), [{"key": "pn:OLD", "subject_id": subject_id, "agency_id": agency_id}])


def keys_of(subject_id: int) -> set[str]:
    return set(db.session.scalars(select(SubjectKey.key).where(SubjectKey.subject_id == subject_id)))


def indexed_again(make, records: list[dict], migration: str) -> list[int]:
    """Person records indexed as an earlier version did, then by ``migration``: each under today's keys."""
    agent = make.user("ATF")
    case = make.case(agent)
    ids = [make.subject(agent, case, "person", **fields).id for fields in records]
    index_as_before(ids, agent.agency_id)
    db.session.commit()
    db.session.remove()
    run_upgrade(migration)
    assert [keys_of(i) for i in ids] == [set(subject_keys("person", f, "US")) for f in records]
    return ids


def test_the_upgrade_indexes_person_records_again_and_leaves_the_others(make):
    agent = make.user("ATF")
    case = make.case(agent)
    person = make.subject(agent, case, "person", **PERSON)
    phone = make.subject(agent, case)
    person_id, agency_id, phone_id = person.id, person.agency_id, phone.id
    phone_keys = keys_of(phone_id)
    # A record indexed by an earlier version: one stale key, none of today's.
    db.session.execute(delete(SubjectKey).where(SubjectKey.subject_id == person_id))
    db.session.execute(insert(SubjectKey), [{"key": "pn:OLD", "subject_id": person_id, "agency_id": agency_id}])
    db.session.commit()
    db.session.remove()
    run_upgrade()
    assert keys_of(person_id) == set(subject_keys("person", PERSON, "US"))
    assert keys_of(phone_id) == phone_keys


def test_0028_indexes_the_pairs_of_names_as_a_check_reads_them_and_leaves_the_rest(make):
    agent = make.user("ATF")
    case = make.case(agent)
    dated = make.subject(agent, case, "person", **PERSON)
    vague_fields = dict(PERSON, dob=None)
    vague = make.subject(agent, case, "person", **vague_fields)
    phone = make.subject(agent, case)
    ids = dated.id, vague.id, phone.id
    before = {i: keys_of(i) for i in ids}
    # Records indexed by the earlier version: the pair keys as "pp:" alone.
    for subject_id in ids[:2]:
        pairs = [k for k in before[subject_id] if k.startswith("ppd:")]
        assert pairs
        db.session.execute(delete(SubjectKey).where(SubjectKey.subject_id == subject_id,
                                                    SubjectKey.key.like("pp_:%")))
        db.session.execute(insert(SubjectKey), [{"key": "pp:" + k[4:], "subject_id": subject_id,
                                                 "agency_id": dated.agency_id} for k in pairs])
    db.session.commit()
    db.session.remove()
    run_upgrade("0028_pair_keys_by_date")
    assert keys_of(ids[0]) == set(subject_keys("person", PERSON, "US")) == before[ids[0]]
    assert keys_of(ids[1]) == set(subject_keys("person", vague_fields, "US")) == before[ids[1]]
    assert keys_of(ids[2]) == before[ids[2]]
    db.session.remove()
    run_upgrade("0028_pair_keys_by_date", "downgrade")
    old = {k for k in keys_of(ids[0]) if k.startswith("pp")}
    assert old and all(k.startswith("pp:") or not k.startswith(("pp0:", "ppd:", "ppm:")) for k in old)
    assert {"pp:" + k[4:] for k in before[ids[0]] if k.startswith("ppd:")} <= old


def test_0035_indexes_records_whose_names_are_read_anew_and_leaves_the_rest(make):
    agent = make.user("ATF")
    case = make.case(agent)
    joined_fields = {"first_name": "César", "last_name": "Garciahernandez", "dob": "1975-01-12", "sex": "M"}
    joined = make.subject(agent, case, "person", **joined_fields)
    person = make.subject(agent, case, "person", **PERSON)
    phone = make.subject(agent, case)
    ids = joined.id, person.id, phone.id
    before = {i: keys_of(i) for i in ids}
    # The run-together record as indexed before: under a key of the whole word, without those of its two surnames.
    db.session.execute(delete(SubjectKey).where(SubjectKey.subject_id == ids[0], SubjectKey.key.like("pss:%")))
    db.session.execute(insert(SubjectKey), [{"key": "pn:SESAR:GARSIAERNANDES", "subject_id": ids[0],
                                             "agency_id": joined.agency_id}])
    db.session.commit()
    db.session.remove()
    run_upgrade("0035_person_keys_mended_names")
    assert keys_of(ids[0]) == set(subject_keys("person", joined_fields, "US")) == before[ids[0]]
    assert any(k.startswith("pss:") for k in keys_of(ids[0]))
    assert keys_of(ids[1]) == before[ids[1]] and keys_of(ids[2]) == before[ids[2]]


def test_0035_reindexes_a_record_with_a_lost_letter(make):
    agent = make.user("ATF")
    case = make.case(agent)
    fields = {"first_name": "Adri?n", "last_name": "L?pez", "second_last_name": "Pio", "dob": "1990-11-29"}
    person = make.subject(agent, case, "person", **fields)
    person_id, agency_id = person.id, person.agency_id
    before = keys_of(person_id)
    assert any("LOPES" in k for k in before)
    # As indexed before: the lost letter read as Ñ.
    db.session.execute(delete(SubjectKey).where(SubjectKey.subject_id == person_id))
    db.session.execute(insert(SubjectKey), [{"key": "pn:ADRINAN:LNPES+PIO", "subject_id": person_id,
                                             "agency_id": agency_id}])
    db.session.commit()
    db.session.remove()
    run_upgrade("0035_person_keys_mended_names")
    assert keys_of(person_id) == before == set(subject_keys("person", fields, "US"))
def test_0034_indexes_and_counts_the_records_whose_curp_gives_the_date_they_lack(make):
    from coordinator.conflicts.frequencies import recount
    from coordinator.conflicts.models import PersonTermCount

    def counts() -> dict[str, int]:
        return dict(db.session.execute(select(PersonTermCount.term, PersonTermCount.count)
                                       .where(PersonTermCount.count != 0)).all())

    agent = make.user("FGR")
    case = make.case(agent)
    curp = [{"kind": "curp", "number": "HECL800305HSRRRS03", "country": "MX"}]
    person = {"first_name": "José Luis", "last_name": "Hernández", "second_last_name": "de la Cruz"}
    undated = make.subject(agent, case, "person", **person, documents=curp)
    year_only_fields = {**person, "dob": "1980-01-01", "sex": "M", "documents": curp}
    year_only = make.subject(agent, case, "person", **year_only_fields)
    dated = make.subject(agent, case, "person", **PERSON, documents=[{"kind": "passport", "number": "G1234567"}])
    phone = make.subject(agent, case)
    ids = undated, year_only, dated, phone = tuple(record.id for record in (undated, year_only, dated, phone))
    now = {i: keys_of(i) for i in ids}
    counted = counts()
    assert counted["d:19800305"] == 2 and "d:19800101" not in counted
    db.session.commit()
    db.session.remove()
    # As the records were indexed and counted before: by their typed fields alone.
    run_upgrade("0034_curp_dates", "downgrade")
    before = {i: keys_of(i) for i in ids}
    assert not any(k.startswith("pb:") for k in before[undated])
    assert "pd:HECL800305HSRRRS03" in before[undated]
    assert not any("0305" in k for k in before[year_only] if k.startswith("pb:"))
    assert before[dated] == now[dated] and before[phone] == now[phone]
    assert counts().get("d:19800305", 0) == 0 and counts()["d:19800101"] == 1
    db.session.remove()
    run_upgrade("0034_curp_dates")
    assert keys_of(undated) == now[undated] == set(subject_keys("person", {**person, "documents": curp}, "MX"))
    assert keys_of(year_only) == now[year_only] == set(subject_keys("person", year_only_fields, "MX"))
    assert keys_of(dated) == now[dated] and keys_of(phone) == now[phone]
    assert counts() == counted
    recount(db.session)
    assert counts() == counted  # what counting every record again gives


def test_0037_indexes_every_person_record_under_todays_name_keys_and_leaves_the_rest(make):
    agent = make.user("ATF")
    case = make.case(agent)
    vague_fields = {"first_name": "R. Octavio", "last_name": "Carrillo"}
    dated = make.subject(agent, case, "person", **PERSON)
    vague = make.subject(agent, case, "person", **vague_fields)
    phone = make.subject(agent, case)
    ids, agency_id = (dated.id, vague.id, phone.id), dated.agency_id
    before = {i: keys_of(i) for i in ids}
    # As indexed before: no key of the second given name, of the two given names, of an initial or a letter
    # left out.
    for subject_id in ids[:2]:
        db.session.execute(delete(SubjectKey).where(SubjectKey.subject_id == subject_id))
        db.session.execute(insert(SubjectKey), [{"key": key, "subject_id": subject_id, "agency_id": agency_id}
                                                for key in ("pn:OLIBIA:FIERO+KASTILO", "py:1996:OLIBIA:KASTILO")])
    db.session.commit()
    db.session.remove()
    run_upgrade("0037_person_name_keys")
    assert keys_of(ids[0]) == set(subject_keys("person", PERSON, "US")) == before[ids[0]]
    assert keys_of(ids[1]) == set(subject_keys("person", vague_fields, "US")) == before[ids[1]]
    assert any(k.endswith("KARILO+OKTABIO") for k in keys_of(ids[1]))
    assert keys_of(ids[2]) == before[ids[2]]


def test_0038_counts_the_person_records_again_under_the_terms_read_today(make):
    from coordinator.conflicts.frequencies import terms_of
    from coordinator.conflicts.models import PersonTermCount

    agent = make.user("ATF")
    case = make.case(agent)
    # A surname stored with its accent mangled by an encoding, counted (before 0035 read it anew) as written.
    mangled = dict(PERSON, last_name="CastaÃ±eda")
    make.subject(agent, case, "person", **mangled)
    make.subject(agent, case, "person", **PERSON)
    counts = dict(db.session.execute(select(PersonTermCount.term, PersonTermCount.count)).all())
    db.session.execute(delete(PersonTermCount))
    stale = dict(counts)
    stale["s:CASTAAEDA"] = stale.pop("s:CASTANEDA", 1)
    db.session.execute(insert(PersonTermCount), [{"term": t, "count": c} for t, c in stale.items()])
    db.session.commit()
    db.session.remove()
    run_upgrade("0038_person_term_recount")
    assert dict(db.session.execute(select(PersonTermCount.term, PersonTermCount.count)).all()) == counts
    assert "s:CASTANEDA" in terms_of(mangled)


def test_0040_indexes_and_counts_every_person_record_as_names_are_read_today(make):
    from coordinator.conflicts.models import PersonTermCount

    agent = make.user("ATF")
    case = make.case(agent)
    placeholder = dict(PERSON, second_last_name="XX")
    married = dict(PERSON, second_last_name="de Del Ángel")
    titled = dict(PERSON, first_name="Lic. Olivia Jackie", last_name="Castan\u0303eda")
    records = [make.subject(agent, case, "person", **fields) for fields in (placeholder, PERSON, married, titled)]
    ids = [record.id for record in records]
    phone_id = make.subject(agent, case).id
    phone_keys = keys_of(phone_id)
    counts = dict(db.session.execute(select(PersonTermCount.term, PersonTermCount.count)).all())
    # As an earlier version indexed and counted them: "XX" a surname of its own.
    index_as_before(ids, agent.agency_id)
    db.session.execute(insert(PersonTermCount), [{"term": "s:XX", "count": 1}])
    db.session.commit()
    db.session.remove()
    run_upgrade("0040_person_names_as_typed")
    expected = [dict(PERSON, second_last_name=None), PERSON, married, dict(PERSON, last_name="Castañeda")]
    assert [keys_of(subject_id) for subject_id in ids] == [set(subject_keys("person", f, "US")) for f in expected]
    assert keys_of(phone_id) == phone_keys
    assert dict(db.session.execute(select(PersonTermCount.term, PersonTermCount.count)).all()) == counts


def test_the_rekey_command_gives_every_indexed_person_record_todays_keys(runner, make):
    agent = make.user("ATF")
    case = make.case(agent)
    person_id = make.subject(agent, case, "person", **PERSON).id
    phone_id = make.subject(agent, case).id
    phone_keys = keys_of(phone_id)
    db.session.execute(delete(SubjectKey).where(SubjectKey.subject_id == person_id))
    db.session.execute(insert(SubjectKey), [{"key": "pn:OLD", "subject_id": person_id, "agency_id": agent.agency_id}])
    db.session.commit()
    result = runner.invoke(args=["persons", "rekey"])
    assert result.exit_code == 0 and "indexed 1 person records again" in result.output
    db.session.expire_all()
    assert keys_of(person_id) == set(subject_keys("person", PERSON, "US"))
    assert keys_of(phone_id) == phone_keys


def test_0041_indexes_and_counts_a_surname_of_particles_only_an_x_initial_and_a_degree(make):
    from coordinator.conflicts.models import PersonTermCount

    agent = make.user("ATF")
    case = make.case(agent)
    los = dict(PERSON, first_name="Tyler", last_name="Los", second_last_name=None)
    ximena = dict(PERSON, first_name="X.")
    doctor = dict(PERSON, first_name="Sr(a). Olivia", last_name="Castillo MD")
    ids = [make.subject(agent, case, "person", **fields).id for fields in (los, ximena, doctor)]
    counts = dict(db.session.execute(select(PersonTermCount.term, PersonTermCount.count)).all())
    assert counts["s:LOS"] == 1
    # As the earlier version indexed and counted them: no surname "LOS", no given name "X".
    index_as_before(ids, agent.agency_id)
    db.session.execute(delete(PersonTermCount).where(PersonTermCount.term == "s:LOS"))
    db.session.commit()
    db.session.remove()
    run_upgrade("0041_person_particle_surnames")
    assert [keys_of(i) for i in ids] == [set(subject_keys("person", f, "US")) for f in (los, ximena, doctor)]
    assert keys_of(ids[2]) == set(subject_keys("person", dict(PERSON, first_name="Olivia"), "US"))
    assert dict(db.session.execute(select(PersonTermCount.term, PersonTermCount.count)).all()) == counts


def test_0042_indexes_and_counts_a_name_through_another_encoding_and_an_english_diminutive(make):
    from coordinator.conflicts.models import PersonTermCount

    agent = make.user("ATF")
    case = make.case(agent)
    twice = dict(PERSON, last_name="Casta\u00c3\u0192\u00c2\u00b1eda")  # UTF-8 read as Windows-1252 twice over
    angie = dict(PERSON, first_name="Angie")
    ids = [make.subject(agent, case, "person", **fields).id for fields in (twice, angie)]
    counts = dict(db.session.execute(select(PersonTermCount.term, PersonTermCount.count)).all())
    assert counts["s:CASTANEDA"] == 1
    # As the earlier version indexed and counted them: the surname read with the letters of its mojibake, Angie
    # not a form of Angela.
    index_as_before(ids, agent.agency_id)
    db.session.execute(delete(PersonTermCount).where(PersonTermCount.term == "s:CASTANEDA"))
    db.session.execute(insert(PersonTermCount), [{"term": "s:CASTAAAEDA", "count": 1}])
    db.session.commit()
    db.session.remove()
    run_upgrade("0042_person_encodings_nicknames")
    assert [keys_of(i) for i in ids] == [set(subject_keys("person", f, "US")) for f in (twice, angie)]
    assert keys_of(ids[0]) == set(subject_keys("person", dict(PERSON, last_name="Castañeda"), "US"))
    assert "pn:ANJELA:FIERO+KASTILO" in keys_of(ids[1])  # Angie is indexed as Angela too
    assert dict(db.session.execute(select(PersonTermCount.term, PersonTermCount.count)).all()) == counts


def test_0043_indexes_a_spanish_spelling_and_a_shortened_surname_under_the_names_they_stand_for(make):
    # As the earlier version indexed them: Yessica under its own sound alone, not as Jessica; "Hdz." a surname of
    # its own alone.
    ids = indexed_again(make, [dict(PERSON, first_name="Yessica"), dict(PERSON, last_name="Hdz.")],
                        "0043_person_spelt_names")
    assert "pn:JESIKA:FIERO+KASTILO" in keys_of(ids[0])  # a Jessica Castillo Fierro registered later reads it
    assert "pb:a9980623:ERNANDES" in keys_of(ids[1])  # so does an Olivia Hernández born the same day


def test_0044_indexes_a_mistyped_del_and_initials_run_together_as_a_check_now_reads_them(make):
    ids = indexed_again(make, [dict(PERSON, first_name="María Dle Carmen"), dict(PERSON, first_name="JL")],
                        "0044_person_particle_initials")
    # A María del Carmen Castillo Fierro registered later reads it: "Dle" is no given name of hers.
    assert "pgs:1996:KARMEN:FIERO+KASTILO" in keys_of(ids[0])
    # And JL is indexed under the initial J, as a J. Castillo Fierro is, no longer under a name "JL".
    assert "pi:J.FIERO+KASTILO" in keys_of(ids[1]) and "pn:JL:FIERO+KASTILO" not in keys_of(ids[1])


def test_0045_indexes_a_whole_name_surnames_first_a_dos_code_page_na_and_a_widow_as_a_check_now_reads_them(make):
    whole = {"first_name": "CASTILLO FIERRO OLIVIA", "dob": "1996-06-23", "sex": "F"}
    ids = indexed_again(make, [whole, dict(PERSON, last_name="CASTI¥O"), dict(PERSON, second_last_name="NA"),
                               dict(PERSON, second_last_name="Vda. de Ruiz")],
                        "0045_person_whole_names_dos_widows")
    # Olivia Castillo Fierro registered without a date later reads the whole name under her surnames.
    assert "pn:OLIBIA:FIERO+KASTILO" in keys_of(ids[0])
    assert "pn:OLIBIA:FIERO+KASTINO" in keys_of(ids[1])  # Castiño, as the code page meant
    assert "pn:OLIBIA:KASTILO" in keys_of(ids[2])  # no maternal surname "Na"
    assert "pn:OLIBIA:KASTILO+RUIS" in keys_of(ids[3])  # "Vda." is no surname


def test_0046_indexes_digits_for_letters_and_whole_names_surnames_first_as_a_check_now_reads_them(make):
    ids = indexed_again(make, [dict(PERSON, first_name="0LIVIA", last_name="CAST1LLO"),
                               {"first_name": "CASTILLO FIERRO VALENTINA", "dob": "1996-06-23", "sex": "F"},
                               {"first_name": "CASTILLO DE LOS SANTOS OLIVIA", "dob": "1996-06-23", "sex": "F"}],
                        "0046_person_digits_whole_name_particles")
    assert "pn:OLIBIA:FIERO+KASTILO" in keys_of(ids[0])  # Olivia Castillo, read off a scan
    assert "pn:BALENTINA:FIERO+KASTILO" in keys_of(ids[1])  # Valentina after two known surnames
    assert "pn:OLIBIA:KASTILO+SANTOS" in keys_of(ids[2])  # "De los Santos" a surname after its particle
    ordinal = indexed_again(make, [dict(PERSON, last_name="Castillo 2nd")], "0046_person_digits_whole_name_particles")
    assert keys_of(ordinal[0]) == set(subject_keys("person", dict(PERSON, last_name="Castillo II"), "US"))


def test_0047_indexes_an_initial_with_the_day_and_month_and_reads_soft_hyphens_as_a_check_now_does(make):
    ids = indexed_again(make, [PERSON, dict(PERSON, first_name="Oli\u00advia Jackie")],
                        "0047_person_initial_day_month_soft_hyphens")
    assert "pim:0623:O:KASTILO" in keys_of(ids[0])  # Olivia Castillo, a year digit and her given name mistyped
    assert keys_of(ids[1]) == keys_of(ids[0])  # a pasted soft hyphen is nothing
    robert = indexed_again(make, [dict(PERSON, first_name="Robert", last_name="Miller", second_last_name=None)],
                           "0047_person_initial_day_month_soft_hyphens")
    assert {"py:1996:MILER:ROBERT", "py:1996:MILER:ROBERTO"} <= keys_of(robert[0])  # as written, and as Roberto


def test_0049_indexes_a_nickname_of_two_given_names_under_its_first_name(make):
    ids = indexed_again(make, [dict(PERSON, first_name="Marijo")], "0049_person_compound_nicknames")
    assert "pn:MARIA:FIERO+KASTILO" in keys_of(ids[0])  # a María José Castillo Fierro registered later reads it


def test_0050_indexes_a_lost_first_letter_as_the_name_it_completes(make):
    ids = indexed_again(make, [dict(PERSON, last_name="?lvarez")], "0050_person_lost_first_letter")
    assert keys_of(ids[0]) == set(subject_keys("person", dict(PERSON, last_name="Álvarez"), "US"))


def test_0051_indexes_a_given_name_typed_shortened_as_the_name_it_shortens(make):
    ids = indexed_again(make, [dict(PERSON, first_name="Guad."), dict(PERSON, first_name="Juampa")],
                        "0051_person_shortened_given_names")
    assert keys_of(ids[0]) == set(subject_keys("person", dict(PERSON, first_name="Guadalupe"), "US"))
    assert any(key.startswith("pn:JUAN:") for key in keys_of(ids[1]))  # a Juan Pablo registered later reads it


def test_0052_indexes_a_name_in_english_under_its_spanish_form(make):
    ids = indexed_again(make, [dict(PERSON, first_name="Alexandra")], "0052_person_name_equivalents")
    alejandra = set(subject_keys("person", dict(PERSON, first_name="Alejandra"), "US"))
    assert "pn:ALEJANDRA:FIERO+KASTILO" in keys_of(ids[0]) & alejandra  # an Alejandra registered later reads it


def test_0053_indexes_a_spelling_of_a_name_under_the_name_it_spells(make):
    ids = indexed_again(make, [dict(PERSON, first_name="Meagan")], "0053_person_name_spellings")
    megan = set(subject_keys("person", dict(PERSON, first_name="Megan"), "US"))
    assert "pn:MEGAN:FIERO+KASTILO" in keys_of(ids[0]) & megan  # a Megan registered later reads it


def test_0054_indexes_a_name_written_as_escapes_under_the_letters_they_stand_for(make):
    ids = indexed_again(make, [dict(PERSON, last_name="Casti%C3%B1o")], "0054_person_names_written_as_escapes")
    castiño = set(subject_keys("person", dict(PERSON, last_name="Castiño"), "US"))
    assert keys_of(ids[0]) == castiño  # a Castiño registered later reads every key of it


def test_0055_indexes_the_first_given_name_with_the_initials_of_the_second_and_the_surname(make):
    ids = indexed_again(make, [PERSON], "0055_person_given_names_and_initials")  # under today's keys, as it asserts
    assert "ppd:OLIBIA/J/C" in keys_of(ids[0])  # an Olivia J. Castilo without a date, registered later, reads it
    assert "ppd:O/J/KASTILO" in keys_of(ids[0])  # and an Olvia J. Castillo


def test_0056_indexes_the_first_given_name_with_the_surnames_initial_the_day_and_the_month(make):
    ids = indexed_again(make, [PERSON], "0056_person_given_name_day_month")  # under today's keys, as it asserts
    assert "pgm:0623:OLIBIA:C" in keys_of(ids[0])  # an Olivia Catsillo born 1969, registered later, reads it
    lost = indexed_again(make, [dict(PERSON, second_last_name="RODR\u00c3\ufffdGUEZ")],
                         "0056_person_given_name_day_month")
    assert keys_of(lost[0]) == set(subject_keys("person", dict(PERSON, second_last_name="Rodríguez"), "US"))


def test_0057_keys_a_name_an_export_stripped_of_its_accented_letters_as_the_name_they_make(make):
    dropped = dict(PERSON, first_name="Hctor", last_name="Martnez", second_last_name="Lpez")
    ids = indexed_again(make, [dropped], "0057_person_letters_an_export_dropped")  # under today's keys
    kept = dict(PERSON, first_name="Héctor", last_name="Martínez", second_last_name="López")
    assert set(subject_keys("person", kept, "US")) <= keys_of(ids[0])


def test_0058_keys_a_mans_de_surname_as_his_own(make):
    man = dict(PERSON, first_name="Miguel Ricardo", last_name="Cortéz", second_last_name="De Jesús", sex="M")
    ids = indexed_again(make, [man], "0058_person_given_name_pairs")  # under today's keys, as it asserts
    assert "pn:MIGEL:KORTESJESUS" in keys_of(ids[0])  # both surnames run together: the second no married name


def test_0058_counts_the_person_records_under_their_first_two_given_names_and_its_downgrade_uncounts_them(make):
    from coordinator.conflicts.models import PersonTermCount

    agent = make.user("ATF")
    case = make.case(agent)
    make.subject(agent, case, "person", **PERSON)  # Olivia Jackie
    make.subject(agent, case, "person", **dict(PERSON, dob="1990-01-02"))
    make.subject(agent, case, "person", **dict(PERSON, first_name="Olivia"))
    counts = dict(db.session.execute(select(PersonTermCount.term, PersonTermCount.count)).all())
    assert counts["gg:OLIVIA+JACKIE"] == 2 and counts["g:OLIVIA"] == 3
    db.session.execute(delete(PersonTermCount).where(PersonTermCount.term.like("gg:%")))  # counted before 0058
    db.session.commit()
    db.session.remove()
    run_upgrade("0058_person_given_name_pairs")
    assert dict(db.session.execute(select(PersonTermCount.term, PersonTermCount.count)).all()) == counts
    db.session.remove()
    run_upgrade("0058_person_given_name_pairs", "downgrade")
    left = dict(db.session.execute(select(PersonTermCount.term, PersonTermCount.count)).all())
    assert left == {term: count for term, count in counts.items() if not term.startswith("gg:")}
