"""The search box and GET /api/v1/search: names folded as the engine folds them, identifiers in any format,
only the caller's agency's own and shared records, every search logged for its supervisors and audited."""
from __future__ import annotations

from sqlalchemy import func, select

from coordinator.accounts.services import agency_by_code
from coordinator.audit.models import AuditEvent
from coordinator.audit.requests import term_digest
from coordinator.cases.services import share_case
from coordinator.extensions import db
from coordinator.search.models import Lookup, SearchEntry
from coordinator.subjects.models import SubjectRecord

from .factories import Api, login, logout

ROBLES = {"first_name": "Jesús Alberto", "last_name": "Robles", "second_last_name": "Quintero",
          "aliases": ["Chuy"], "dob": "1991-03-14"}


def found(api, q: str, **params) -> list[tuple[str, int]]:
    response = api.get("/api/v1/search", query_string={"q": q, **params})
    assert response.status_code == 200, response.get_json()
    return [(item["type"], item["id"]) for item in response.get_json()["items"]]


def atf_world(make, client):
    agent = make.user("ATF")
    case = make.case(agent, number="ATF-785115-26-0042", title="Phoenix straw purchasers")
    records = {
        "person": make.subject(agent, case, kind="person", **ROBLES),
        "phone": make.subject(agent, case, kind="phone", number="+52 662 123 4567"),
        "vehicle": make.subject(agent, case, kind="vehicle", plate="ABC-1234", plate_region="AZ", make="Ford"),
        "firearm": make.subject(agent, case, kind="firearm", make="Century Arms", model="VSKA",
                                serial_number="SV7O12345"),
    }
    operation = make.operation(agent, case, title="Gun show watch", venue="Arizona State Fairgrounds")
    return agent, Api(client, make.token(agent)), case, records, operation


def test_names_are_found_folded_in_any_order_with_either_surname_or_a_nickname(client, make):
    agent, api, case, records, _ = atf_world(make, client)
    person = ("subject", records["person"].id)
    for q in ("Robles", "robles quintero", "QUINTERO ROBLES", "jesus robles", "Jesús Robles Quintero",
              "Chuy Robles", "Roblez", "Jesus Alberto"):
        assert person in found(api, q), q
    assert person not in found(api, "Robles Hernández")  # every word must be met
    assert found(api, "Zyxwvut") == []


def test_phones_in_other_formats_plates_serials_case_numbers_and_venues(client, make):
    agent, api, case, records, operation = atf_world(make, client)
    for q in ("+526621234567", "662 123 4567", "(662) 123-4567", "044 662 123 4567", "01 662 123 4567",
              "+52 1 662 123 4567"):
        assert found(api, q)[:1] == [("subject", records["phone"].id)], q
    for q in ("ABC1234", "abc 1234", "ABC-I234"):
        assert ("subject", records["vehicle"].id) in found(api, q), q
    for q in ("SV7O12345", "SV7012345", "sv7-012345"):
        assert found(api, q)[:1] == [("subject", records["firearm"].id)], q
    assert found(api, "ATF 785115 26 0042")[:1] == [("case", case.id)]
    assert ("case", case.id) in found(api, "straw purchasers")
    assert ("operation", operation.id) in found(api, "fairgrounds arizona")


def test_another_agencys_records_are_never_found_unless_shared(client, make):
    atf_agent, atf, case, records, operation = atf_world(make, client)
    fgr = Api(client, make.token(make.user("FGR")))
    for q in ("Robles", "+526621234567", "ABC1234", "SV7O12345", "ATF-785115-26-0042", "Fairgrounds"):
        assert found(fgr, q) == [], q
    # FGR's own record of the same man is FGR's to find, never ATF's.
    fgr_agent = make.user("FGR")
    fgr_case = make.case(fgr_agent)
    theirs = make.subject(fgr_agent, fgr_case, kind="person", first_name="Jesus", last_name="Robles",
                          second_last_name="Quintero")
    assert ("subject", theirs.id) not in found(atf, "Robles")
    share_case(db.session, atf_agent, case, agency_by_code(db.session, "FGR"), "Joint work in Sonora")
    db.session.commit()
    assert ("subject", records["person"].id) in found(fgr, "Robles")
    monitor = Api(client, make.token(make.user("ATF", role="monitor")))
    assert monitor.get("/api/v1/search?q=Robles").status_code == 403


def test_results_are_ranked_and_paged(client, make):
    agent = make.user("ATF")
    api = Api(client, make.token(agent))
    case = make.case(agent, title="Robles family")
    people = [make.subject(agent, case, kind="person", first_name=f"Ana{chr(65 + i)}", last_name="Robles")
              for i in range(5)]
    exact = make.subject(agent, case, kind="phone", number="+1 602 555 0100")
    first = api.get("/api/v1/search?q=Robles&per_page=2").get_json()
    assert len(first["items"]) == 2 and first["next"]
    seen = [(i["type"], i["id"]) for i in first["items"]]
    following = first["next"]
    while following:
        page = api.get(following).get_json()
        seen += [(i["type"], i["id"]) for i in page["items"]]
        following = page["next"]
    assert sorted(seen) == sorted([("subject", p.id) for p in people] + [("case", case.id)])
    # the most recent first among equals
    assert [i for t, i in seen if t == "subject"] == sorted((p.id for p in people), reverse=True)
    item = api.get("/api/v1/search?q=6025550100").get_json()["items"][0]
    assert item == {"type": "subject", "id": exact.id, "label": exact.label, "case_id": case.id, "kind": "phone"}
    assert api.get("/api/v1/search").status_code == 400


def test_the_index_is_written_with_the_record_and_follows_changes(client, make):
    agent, api, case, records, _ = atf_world(make, client)
    phone = records["phone"]
    rows = db.session.scalar(select(func.count(SearchEntry.id)).where(SearchEntry.record_type == "subject",
                                                                        SearchEntry.record_id == phone.id))
    assert rows > 0
    assert api.patch(f"/api/v1/subjects/{phone.id}", json={"number": "+1 520 555 0199"}).status_code == 200
    assert found(api, "6621234567") == []
    assert found(api, "520-555-0199") == [("subject", phone.id)]


def test_a_search_is_audited_as_a_digest_and_logged_in_clear_for_the_agencys_supervisors(client, make):
    agent, api, case, records, _ = atf_world(make, client)
    assert found(api, "Robles")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "search"))
    assert event.details["query"]["q"] == term_digest("Robles") and "Robles" not in str(event.details)
    lookup = db.session.scalar(select(Lookup))
    assert (lookup.kind, lookup.terms, lookup.user_id, lookup.hits) == ("search", "Robles", agent.id, 1)
    supervisor, other_supervisor = make.user("ATF", role="supervisor"), make.user("FGR", role="supervisor")
    monitor = make.user("ATF", role="monitor")
    login(client, supervisor)
    page = client.get("/search/log")
    assert page.status_code == 200 and "Robles" in page.text and agent.name in page.text
    logout(client)
    for user in (other_supervisor, monitor, make.user("ATF")):
        login(client, user)
        page = client.get("/search/log")
        assert page.status_code in (403, 404) or "Robles" not in page.text, user.role
        logout(client)


def test_the_case_list_finds_a_case_by_a_record_in_it(client, make):
    agent, api, case, records, _ = atf_world(make, client)
    other = make.case(agent, title="Houston rifles")
    login(client, agent)
    page = client.get("/cases/?q=Robles")
    assert case.number in page.text and other.number not in page.text
    assert [c["id"] for c in api.get("/api/v1/cases?q=robles").get_json()["items"]] == [case.id]
    assert case.number in client.get("/cases/?q=straw").text  # the title still works


def test_imported_records_are_found_as_registered_ones_are(client, make):
    import json

    agent = make.user("ATF")
    case = make.case(agent)
    api = Api(client, make.token(agent))
    body = "\n".join(json.dumps(row) for row in [
        {"kind": "person", "role": "suspect", "first_name": "María Guadalupe", "last_name": "Peña",
         "second_last_name": "Núñez"},
        {"kind": "phone", "role": "associate", "number": "+52 664 555 0123"},
    ])
    response = api.client.post(f"/api/v1/cases/{case.id}/subjects/import", data=body.encode(),
                               headers={**api.headers, "Content-Type": "application/x-ndjson"})
    assert response.get_json()["imported"] == 2
    [person] = found(api, "nunez pena")
    assert person[0] == "subject" and db.session.get(SubjectRecord, person[1]).kind == "person"
    assert len(found(api, "664-555-0123")) == 1


def test_a_purged_record_is_no_longer_found(client, make):
    from datetime import date

    agent, api, case, records, _ = atf_world(make, client)
    boss = Api(client, make.token(make.user("ATF", role="supervisor")))
    purged = boss.post(f"/api/v1/subjects/{records['phone'].id}/purge", json={
        "reviewer_name": "Sup. Whitfield", "decided_on": date.today().isoformat(), "reason": "No longer meets the standard"})
    assert purged.status_code == 200, purged.get_json()
    assert found(api, "662 123 4567") == []
    assert db.session.scalar(select(func.count(SearchEntry.id)).where(SearchEntry.record_id == records["phone"].id,
                                                                        SearchEntry.record_type == "subject")) == 0


def test_a_search_reads_the_postings_through_an_index_never_a_scan_of_the_entries(client, make):
    """The plan of the search's query: search_entries is reached by its term indexes (a million records stay fast)."""
    from coordinator.search.services import matches, parse

    agent, _api, _case, _records, _operation = atf_world(make, client)
    query = matches(db.session, agent, parse(db.session, agent, "Robles Quintero 662 123 4567"))
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    if db.engine.dialect.name == "sqlite":
        plan = " ".join(str(row[-1]) for row in db.session.execute(db.text(f"EXPLAIN QUERY PLAN {compiled}")))
        assert "USING INDEX ix_search_entries_term" in plan and "SCAN search_entries" not in plan, plan
    else:
        db.session.execute(db.text("SET LOCAL enable_seqscan = off"))  # a tiny table would be read whole anyway
        plan = " ".join(row[0] for row in db.session.execute(db.text(f"EXPLAIN {compiled}")))
        assert "ix_search_entries_term" in plan and "Seq Scan on search_entries" not in plan, plan


def test_a_name_is_found_as_the_matcher_reads_it_digits_of_a_scan_and_soft_hyphens_mended(client, make):
    # "GARC1A" off a scanned document, "Mar­a" with the "Ã" of its "í" lost: the matcher reads García and María,
    # and so must the search, or an agent looking for María García never finds the record.
    agent = make.user("ATF")
    case = make.case(agent)
    api = Api(client, make.token(agent))
    person = make.subject(agent, case, kind="person", first_name="Mar\u00ada", last_name="GARC1A",
                          dob="1990-02-03")
    for q in ("María García", "maria garcia", "Garcia"):
        assert ("subject", person.id) in found(api, q), q


def test_0048_writes_the_search_terms_of_person_records_again_and_leaves_a_purged_one_unfound(client, make):
    from sqlalchemy import delete, insert

    from .test_person_keys_migration import run_upgrade

    agent = make.user("ATF")
    case = make.case(agent)
    api = Api(client, make.token(agent))
    scanned = make.subject(agent, case, kind="person", first_name="MAR1A", last_name="GARC1A", dob="1990-02-03")
    purged = make.subject(agent, case, kind="person", first_name="María", last_name="García", dob="1991-02-03")
    phone = make.subject(agent, case, kind="phone", number="+52 662 123 4567")
    scanned_id, phone_id = scanned.id, phone.id
    for record_id in (scanned.id, purged.id):
        db.session.execute(delete(SearchEntry).where(SearchEntry.record_id == record_id))
    # The terms an earlier version wrote: the name as stored.
    db.session.execute(insert(SearchEntry), [{"term": term, "weight": 3, "record_type": "subject",
                                             "record_id": scanned.id, "agency_id": agent.agency_id,
                                             "case_id": case.id, "subject_id": scanned.id}
                                            for term in ("w:MAR1A", "w:GARC1A")])
    db.session.commit()
    db.session.remove()
    assert found(api, "Maria Garcia") == []
    run_upgrade("0048_person_search_terms_as_read")
    assert found(api, "Maria Garcia") == [("subject", scanned_id)]  # the purged María García stays unfound
    assert found(api, "662 123 4567") == [("subject", phone_id)]


def test_0049_writes_the_search_terms_of_a_nickname_of_two_given_names_again(client, make):
    from sqlalchemy import delete, insert

    from .test_person_keys_migration import run_upgrade

    agent = make.user("ATF")
    case = make.case(agent)
    api = Api(client, make.token(agent))
    marijo = make.subject(agent, case, kind="person", first_name="Marijo", last_name="Uriarte", dob="1993-12-15")
    marijo_id = marijo.id
    db.session.execute(delete(SearchEntry).where(SearchEntry.record_id == marijo_id))
    # The terms an earlier version wrote: the nickname as a name of its own.
    db.session.execute(insert(SearchEntry), [{"term": term, "weight": 3, "record_type": "subject",
                                             "record_id": marijo_id, "agency_id": agent.agency_id,
                                             "case_id": case.id, "subject_id": marijo_id}
                                            for term in ("w:MARIJO", "n:MARIJO", "w:URIARTE")])
    db.session.commit()
    db.session.remove()
    assert found(api, "María Uriarte") == []
    run_upgrade("0049_person_compound_nicknames")
    assert found(api, "María Uriarte") == [("subject", marijo_id)]
