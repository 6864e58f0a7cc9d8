"""Schemathesis over the whole API, in-process: no server error, and no invalid input accepted.

Every operation in ``/api/v1/openapi.json`` gets generated requests, valid
and invalid by its schema, sent through the WSGI app with a bearer token;
its path ids are those of real records of the caller's agency, so the
requests reach the code behind the access checks. The run is bounded
(``EXAMPLES`` per operation and mode, derandomised) to stay well under two
minutes, and every operation's first failure is reported, not only the
first one found.
"""
from __future__ import annotations

import os
from datetime import date

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import negative_data_rejection

from coordinator.extensions import db

from .factories import Factories

# More for a deeper run: COORDINATOR_FUZZ_EXAMPLES=200 (and COORDINATOR_FUZZ_RANDOM=1 for new inputs each run).
EXAMPLES = int(os.environ.get("COORDINATOR_FUZZ_EXAMPLES", 8))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    derandomize=not os.environ.get("COORDINATOR_FUZZ_RANDOM"),
                    suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])


def _world() -> tuple[str, dict[str, int]]:
    """An ATF supervisor with a case, records, an operation and an alert; their ids by path parameter."""
    from coordinator.conflicts.models import AlertSide, SubjectLink

    make = Factories(db.session)
    supervisor = make.user("ATF", role="supervisor")
    case = make.case(supervisor)
    person = make.subject(supervisor, case, kind="person", last_name="Robles", first_name="Jesus")
    make.subject(supervisor, case, number="+16025550199")
    partner = make.user("ICE")
    make.subject(partner, make.case(partner), number="(602) 555-0199")
    operation = make.operation(supervisor, case)
    alert = db.session.scalar(db.select(AlertSide.alert_id).where(AlertSide.agency_id == case.agency_id))
    link = db.session.scalar(db.select(SubjectLink.id))
    ids = {"case_id": case.id, "subject_id": person.id, "operation_id": operation.id, "alert_id": alert,
           "link_id": link}
    from coordinator.outcomes.services import record_indictment, record_referral

    ids["referral_id"] = record_referral(db.session, supervisor, case, {
        "to_agency": "ICE", "kind": "investigative", "sent_on": date(2026, 2, 1)}).id
    ids["indictment_id"] = record_indictment(db.session, supervisor, case, {
        "subject_id": person.id, "filed_on": date(2026, 2, 2), "court": "D. Ariz.", "charges": ["18 U.S.C. 924"]}).id
    from coordinator.outcomes.evidence import request_trace

    ids["trace_id"] = request_trace(db.session, supervisor, case, {"sent_on": date(2026, 2, 3)}).id
    db.session.commit()
    return make.token(supervisor), ids


def _run(operation, mode: GenerationMode, headers: dict, ids: dict) -> str | None:
    """Send the operation's generated cases; the first failure, described, or None."""
    names = {p.name for p in operation.path_parameters}
    strategy = operation.as_strategy(mode, path_parameters={k: v for k, v in ids.items() if k in names})
    checks = [not_a_server_error] + ([negative_data_rejection] if mode is GenerationMode.NEGATIVE else [])
    failures: list[str] = []

    @SETTINGS
    @given(case=strategy)
    def send(case):
        if failures:
            return
        if any(value == [] for value in (case.query or {}).values()):
            return  # an empty list puts nothing on the wire: the "invalid" request would be a valid one
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=checks, headers=headers)
        except (Exception, BaseExceptionGroup) as err:  # a check failed: keep the operation's first
            body = response.text[:300] if hasattr(response, "text") else ""
            failures.append(f"{operation.label} [{mode.value}] {case.method} {case.formatted_path} "
                            f"query={case.query} body={case.body!r:.300} -> {response.status_code} {body}: "
                            f"{type(err).__name__}: {str(err)[:500]}")

    try:
        send()
    except Unsatisfiable:  # nothing to make invalid (no body, no query, the path fixed)
        return None
    return failures[0] if failures else None


def test_every_operation_of_the_api_withstands_generated_input(app):
    from .conftest import _empty_tables

    with app.app_context():
        token, ids = _world()
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
        headers = {"Authorization": f"Bearer {token}"}
        problems, operations = [], 0
        for result in schema.get_all_operations():
            operation = result.ok()
            operations += 1
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                problem = _run(operation, mode, headers, ids)
                if problem:
                    problems.append(problem)
        assert operations >= 40, "the document should describe the whole API"
        assert not problems, f"{len(problems)} problems:\n" + "\n\n".join(problems)
    finally:
        with app.app_context():
            _empty_tables()
