"""Bulk import: good rows land, bad rows are reported, conflicts are raised like any registration."""
from __future__ import annotations

import json

from coordinator.conflicts.models import ConflictAlert
from coordinator.extensions import db
from coordinator.subjects.models import SubjectRecord
from coordinator.subjects.validation import SubjectValidator, validate_subject

from .factories import Api

CSV = """kind,role,first_name,last_name,second_last_name,dob,aliases,number,make,serial_number
person,suspect,Jesús,Robles,Quintero,1994-03-07,Chuy;El Güero,,,
phone,associate,,,,,,(602) 555-0199,,
firearm,other,,,,,,,Romarm/Cugir,1-AB-1034-19
person,suspect,,,,2999-01-01,,,,
phone,associate,,,,,,not a phone,,
firearm,nobody,,,,,,,Colt,X
"""


def records() -> int:
    return db.session.scalar(db.select(db.func.count(SubjectRecord.id)))


def test_cli_imports_csv_reporting_bad_rows(runner, make, tmp_path):
    agent = make.user("ATF")
    case = make.case(agent)
    path = tmp_path / "records.csv"
    path.write_text(CSV, encoding="utf-8")
    errors = tmp_path / "refused.csv"
    result = runner.invoke(args=["import", "subjects", str(path), "--case", str(case.id), "--user", agent.email,
                                 "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    assert "imported 3, refused 3" in result.output
    assert records() == 3
    refused = errors.read_text(encoding="utf-8")
    assert "5,dob," in refused or ",dob," in refused
    assert "number" in refused and "role" in refused
    person = db.session.scalar(db.select(SubjectRecord).where(SubjectRecord.kind == "person"))
    assert person.data["aliases"] == ["Chuy", "El Güero"]
    phone = db.session.scalar(db.select(SubjectRecord).where(SubjectRecord.kind == "phone"))
    assert phone.data["number"] == "+16025550199"


def test_api_imports_json_lines_and_raises_conflicts(client, make):
    fgr_agent = make.user("FGR")
    fgr_case = make.case(fgr_agent)
    make.subject(fgr_agent, fgr_case, "phone", number="+16025550199")
    agent = make.user("ATF")
    case = make.case(agent)
    body = "\n".join(json.dumps(row) for row in [
        {"kind": "phone", "role": "associate", "number": "602-555-0199"},
        {"kind": "email", "role": "associate", "address": "someone@example.com"},
        {"kind": "vehicle", "role": "other", "plate": "ABC123"},
        ["not", "an", "object"],
    ]) + "\n{broken"
    api = Api(client, make.token(agent))
    response = api.client.post(f"/api/v1/cases/{case.id}/subjects/import", data=body.encode(),
                               headers={**api.headers, "Content-Type": "application/x-ndjson"})
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["imported"] == 2 and report["failed"] == 3
    assert {e["line"] for e in report["errors"]} == {3, 4, 5}
    assert report["conflicts"] == 1 and report["receipt"].startswith("DX-")
    alert = db.session.get(ConflictAlert, report["alert_ids"][0])
    assert {side.agency.code for side in alert.sides} == {"ATF", "FGR"}


def test_api_import_needs_a_known_format_and_write_access(client, make):
    owner = make.user("ATF")
    case = make.case(owner)
    api = Api(client, make.token(owner))
    response = api.client.post(f"/api/v1/cases/{case.id}/subjects/import", data=b"x",
                               headers={**api.headers, "Content-Type": "application/octet-stream"})
    assert response.status_code == 415
    outsider = Api(client, make.token(make.user("ICE")))
    response = outsider.client.post(f"/api/v1/cases/{case.id}/subjects/import", data=CSV.encode(),
                                    headers={**outsider.headers, "Content-Type": "text/csv"})
    assert response.status_code == 404
    assert records() == 0


def test_an_oversized_import_is_refused(client, make, app):
    agent = make.user("ATF")
    case = make.case(agent)
    api = Api(client, make.token(agent))
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = api.client.post(f"/api/v1/cases/{case.id}/subjects/import", data=b"a" * (limit + 1),
                               headers={**api.headers, "Content-Type": "text/csv"})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_a_reused_validator_leaves_nothing_from_one_row_in_the_next(app_ctx):
    rows = [
        {"kind": "person", "role": "suspect", "first_name": "Ana", "last_name": "Beltrán", "dob": "1990-01-02",
         "documents": [{"kind": "curp", "number": "BEZA900102MSLLVN06", "country": "MX"}], "aliases": ["La Güera"]},
        {"kind": "person", "role": "witness", "last_name": "Soto"},
        {"kind": "person", "role": "suspect", "first_name": "Sin apellido"},
        {"kind": "phone", "role": "suspect", "number": "+52 662 123 4567"},
        {"kind": "phone", "role": "suspect", "number": "garbage"},
    ]
    reused = SubjectValidator("MX")
    for row in rows:
        assert reused(row) == validate_subject(row, "MX"), row


def test_a_batch_prepared_kind_by_kind_keeps_the_file_order(app_ctx):
    import random

    from benchmarks.synthetic import subject_row
    from coordinator.deconfliction.keys import subject_keys
    from coordinator.imports.prepare import prepare_batch

    rng = random.Random(11)
    given = [(n + 1, json.dumps(subject_row(rng, n))) for n in range(300)]
    given[5] = (6, "{broken")
    given[77] = (78, {"kind": "phone", "role": "associate", "number": "not a phone"})
    given[150] = (151, {"kind": "no such kind"})
    prepared = prepare_batch(given, "US")
    assert [line for line, _row in prepared.refused] == [6, 78, 151]
    expected = [validate_subject(json.loads(row), "US")[0] for line, row in given if line not in (6, 78, 151)]
    assert [good[:2] for good in prepared.good] == [(record.kind, record.role) for record in expected]
    assert [json.loads(good[3]) for good in prepared.good] == [record.data for record in expected]
    assert prepared.keys == sorted(prepared.keys)
    owned: dict[int, set[str]] = {}
    for key, owner in zip(prepared.keys, prepared.owners):
        owned.setdefault(owner, set()).add(key)
    assert [owned.get(index, set()) for index in range(len(expected))] == \
        [set(subject_keys(record.kind, record.data, "US")) for record in expected]


def test_rows_prepared_in_other_processes_land_exactly_as_in_process(runner, make, tmp_path):
    """The command line validates in worker processes; the outcome is the same as without them."""
    fgr_agent = make.user("FGR")
    make.subject(fgr_agent, make.case(fgr_agent), "phone", number="+16025550199")
    agent = make.user("ATF")
    rows = [json.dumps({"kind": "phone", "role": "associate", "number": f"602-555-{n:04d}"}) for n in range(150, 250)]
    rows[7] = json.dumps({"kind": "phone", "role": "associate", "number": "not a phone"})
    rows[40] = "{broken"
    path = tmp_path / "phones.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    outcomes = []
    for workers in ("0", "2"):
        case = make.case(agent)
        errors = tmp_path / f"refused-{workers}.csv"
        result = runner.invoke(args=["import", "subjects", str(path), "--case", str(case.id), "--user", agent.email,
                                     "--batch", "16", "--workers", workers, "--errors", str(errors)])
        assert result.exit_code == 0, result.output
        stored = db.session.scalars(db.select(SubjectRecord.data).where(SubjectRecord.case_id == case.id)
                                    .order_by(SubjectRecord.id)).all()
        summary = next(line for line in result.output.splitlines() if line.startswith("imported"))
        outcomes.append((summary.split(", receipt")[0], stored, errors.read_text(encoding="utf-8")))
    assert outcomes[0] == outcomes[1]
    summary, stored, refused = outcomes[0]
    assert summary == "imported 98, refused 2, alerts 1"
    assert stored[0] == {"number": "+16025550150"} and len(stored) == 98
    assert refused.splitlines()[1:] == ["8,number,Not a valid phone number; include the country code "
                                        "if it is not from your country.",
                                        "41,_row,This line is not JSON: Expecting property name enclosed "
                                        "in double quotes"]


def test_an_import_tells_each_person_once_how_many_alerts_it_raised(client, make):
    from coordinator.notifications.models import Notification, OutboxMessage

    fgr_agent, fgr_supervisor = make.user("FGR"), make.user("FGR", role="supervisor", locale="es")
    fgr_case = make.case(fgr_agent, number="FGR-SECRET-7")
    for n in range(3):
        make.subject(fgr_agent, fgr_case, "phone", number=f"+1602555{n:04d}")
    agent = make.user("ATF")
    case = make.case(agent, number="ATF-IMPORT-1")
    body = "\n".join(json.dumps({"kind": "phone", "role": "associate", "number": f"602-555-{n:04d}"})
                     for n in range(5))
    api = Api(client, make.token(agent))
    response = api.client.post(f"/api/v1/cases/{case.id}/subjects/import", data=body.encode(),
                               headers={**api.headers, "Content-Type": "application/x-ndjson"})
    assert response.get_json()["conflicts"] == 3
    notes = db.session.scalars(db.select(Notification).order_by(Notification.id)).all()
    by_user = {note.user_id: note for note in notes}
    assert len(notes) == len(by_user) == 3  # the importer, the FGR case's agent, the FGR supervisor
    assert by_user[agent.id].kind == "import_alerts"
    assert by_user[agent.id].params == {"case": "ATF-IMPORT-1", "count": 3, "agencies": "FGR"}
    for person in (fgr_agent, fgr_supervisor):
        assert by_user[person.id].kind == "import_alerts_other"
        assert by_user[person.id].params == {"agency": "ATF", "count": 3}
    emails = {m.user_id: m for m in db.session.scalars(db.select(OutboxMessage))}
    assert "nuevas alertas" in emails[fgr_supervisor.id].subject
    assert "ATF-IMPORT-1" not in emails[fgr_supervisor.id].body
    assert "FGR-SECRET-7" not in emails[agent.id].body


def test_imported_records_are_stored_as_a_registration_stores_them_and_audited(client, make):
    from coordinator.audit.models import AuditEvent

    agent = make.user("ATF")
    case = make.case(agent)
    row = {"kind": "person", "role": "suspect", "first_name": "José", "last_name": "Peña", "dob": "1990-01-02",
           "aliases": ["Pepe"], "documents": [{"kind": "curp", "number": "PEXJ900102HSLXXX07", "country": "MX"}]}
    api = Api(client, make.token(agent))
    assert api.post(f"/api/v1/cases/{case.id}/subjects", row).status_code == 201
    response = api.client.post(f"/api/v1/cases/{case.id}/subjects/import", data=json.dumps(row).encode(),
                               headers={**api.headers, "Content-Type": "application/x-ndjson"})
    assert response.get_json()["imported"] == 1
    registered, imported = db.session.scalars(db.select(SubjectRecord).order_by(SubjectRecord.id)).all()
    for name in ("kind", "role", "label", "data", "notes", "predicate", "case_id", "agency_id", "created_by_id"):
        assert getattr(imported, name) == getattr(registered, name), name
    assert imported.created_at.tzinfo is not None and imported.created_at >= registered.created_at
    stored = db.session.execute(db.select(SubjectRecord.__table__.c.data.cast(db.String))
                                .order_by(SubjectRecord.id)).scalars().all()
    assert stored[0] == stored[1]  # the same JSON text
    entry = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "subject.bulk_create"))
    assert entry.object_id == f"case {case.id}" and entry.details["count"] == 1
