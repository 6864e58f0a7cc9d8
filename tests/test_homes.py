"""The agent's home shows what the agent works; case pages mark records in conflict; pickers search, recent first."""
from __future__ import annotations

import re
from datetime import date

from coordinator.accounts.services import agency_by_code
from coordinator.cases.services import share_case
from coordinator.extensions import db

from .factories import login


def _alerted(make):
    """An ATF agent's case whose phone ICE also holds (an alert), and a colleague's case with its own alert."""
    agent = make.user("ATF", name="Dana Whitfield")
    colleague = make.user("ATF")
    ice = make.user("ICE")
    case = make.case(agent, title="Phoenix straw purchasers")
    phone = make.subject(agent, case, number="+1 602 555 0188")
    quiet = make.subject(agent, case, number="+1 602 555 0199")
    make.subject(ice, make.case(ice), number="(602) 555-0188")
    other_case = make.case(colleague, title="Colleague's case")
    make.subject(colleague, other_case, number="+1 480 555 0111")
    make.subject(ice, make.case(ice), number="480-555-0111")
    return agent, case, phone, quiet, other_case


def test_the_agents_home_shows_alerts_on_the_agents_cases_operations_and_cases_worked_last(client, make):
    agent, case, phone, quiet, other_case = _alerted(make)
    older = make.case(agent, title="Older work")
    make.operation(agent, case, title="Buy-walk surveillance")
    make.subject(agent, case, kind="person", first_name="Ana", last_name="Robles")  # works `case` last
    login(client, agent)
    page = client.get("/home").text
    alerts = page.split('id="alerts-title"')[1].split("</section>")[0]
    assert "(602) 555-0188" not in alerts and "ICE" in alerts and "+1 602 555 0188" in alerts
    assert "+1 480 555 0111" not in alerts  # the colleague's case's alert is not the agent's
    assert "Buy-walk surveillance" in page
    worked = page.split("Cases you worked last")[1].split("</section>")[0]
    assert worked.index(case.number) < worked.index(older.number) and other_case.number not in worked
    assert 'role="search"' in page and 'action="/search"' in page


def test_case_pages_mark_the_records_in_conflict_for_their_own_agency(client, make):
    agent, case, phone, quiet, _ = _alerted(make)
    login(client, agent)
    page = client.get(f"/cases/{case.id}").text
    rows = [row for row in re.findall(r"<tr>.*?</tr>", page, re.S) if "/subjects/" in row]
    flagged = {int(re.search(r'href="/subjects/(\d+)"', row).group(1)) for row in rows if "in conflict" in row}
    assert flagged == {phone.id} and quiet.id not in flagged
    share_case(db.session, agent, case, agency_by_code(db.session, "FGR"), "Joint work")
    db.session.commit()
    reader = make.user("FGR")
    other = client.application.test_client()
    login(other, reader)
    assert "in conflict" not in other.get(f"/cases/{case.id}").text


def test_the_operation_case_picker_searches_and_lists_recent_work_first(client, make):
    agent = make.user("ATF")
    first = make.case(agent, number="A-001", title="First", opened_on=date(2026, 1, 1))
    second = make.case(agent, number="A-002", title="Second", opened_on=date(2026, 2, 1))
    make.subject(agent, first, kind="person", first_name="Jesús", last_name="Robles")  # worked last
    login(client, agent)
    page = client.get("/operations/new").text
    assert page.index("A-001") < page.index("A-002")
    found = client.get("/operations/new?q=robles").text
    assert "A-001" in found and "A-002" not in found
    assert 'data-filter="case-picker"' in page


def test_the_association_picker_lists_the_newest_record_first_and_can_be_narrowed(client, make):
    agent = make.user("ATF")
    case = make.case(agent)
    old = make.subject(agent, case, number="+1 602 555 0101")
    new = make.subject(agent, case, number="+1 602 555 0102")
    login(client, agent)
    page = client.get(f"/cases/{case.id}/associations/new").text
    assert page.index(new.label) < page.index(old.label)
    assert 'data-filter="from_subject_id"' in page and 'data-filter="to_subject_id"' in page


def test_the_seizure_and_trace_pickers_list_the_newest_record_first_and_can_be_narrowed(client, make):
    from coordinator.outcomes.evidence import record_seizure

    agent = make.user("FGR", locale="es")
    case = make.case(agent)
    persons = [make.subject(agent, case, kind="person", first_name=f"Persona{n}", last_name="Robles")
               for n in range(8)]
    guns = [make.subject(agent, case, kind="firearm", make="Cugir", serial_number=f"QZ{n}TRACED") for n in range(8)]
    for day in range(1, 9):
        record_seizure(db.session, agent, case, {"seized_on": date(2026, 2, day), "place": f"Lugar {day}",
                                                 "country": "MX", "direction": "southbound", "rounds": 5})
    db.session.commit()
    login(client, agent)
    seizure_form = client.get(f"/cases/{case.id}/seizures/new").text
    assert seizure_form.index(persons[-1].label) < seizure_form.index(persons[0].label)
    assert 'data-filter="person_ids"' in seizure_form
    trace_form = client.get(f"/cases/{case.id}/traces/new").text
    assert trace_form.index(guns[-1].label) < trace_form.index(guns[0].label)
    assert 'data-filter="firearm_id"' in trace_form and 'data-filter="seizure_id"' in trace_form
    # Seizures by their dates as the reader writes them, the latest first.
    assert trace_form.index("08/02/2026 · Lugar 8") < trace_form.index("01/02/2026 · Lugar 1")
    assert "2026-02-08" not in trace_form
