"""Need to know, everywhere: every route of the app, as every role of two agencies.

The routes are read from ``app.url_map``, so a route added tomorrow is
walked too; a route whose path has a parameter this file cannot fill fails
the test until ``PARAMETERS`` learns it. ATF owns the data (a case, its
records, an operation, an alert and a link with ICE, a referral, an
indictment, a trace, a dissemination...); FGR is the other agency. Each
user of both walks every route with every method it accepts (forms with a
valid CSRF token, the API with a bearer token and an empty JSON object),
and anyone signed out walks them too. What must hold:

- nothing answers 5xx, to anyone;
- signed out, only the public pages open; the rest ask to sign in (the API: 401);
- FGR's users get 404 (or 403) for every ATF object named in a path, and
  ATF's case, record and operation never appear in anything FGR is shown;
- no monitor or administrator, of either agency, is shown a subject's identity;
- the roles keep to their areas (the audit trail, retention, user administration, casework);
- after FGR's walk and the signed-out walk, ATF's data is exactly as before.

The same walk runs again after the sequences an attacker with one agency's
account played (a purge that left alerts pointing at a reused id, a match
review closing the other agency's side, a cross-border operation cleared
around its clearances): the sequences are refused or contained, and then
the walk holds — and ATF's users are shown nothing of FGR's records.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

import pytest
from sqlalchemy import select
from werkzeug.routing import AnyConverter

from coordinator.accounts.services import agency_by_code
from coordinator.cases.services import share_case
from coordinator.conflicts.models import AlertSide, SubjectLink
from coordinator.extensions import db
from coordinator.notifications.services import notify

from .conftest import IsolatedClient
from .factories import csrf_token, login

OWNER, OTHER, PARTNER = "ATF", "FGR", "ICE"
ROLES = ("agent", "supervisor", "monitor", "admin")
METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE")
# Unique strings planted in ATF's data: they must never reach the wrong eyes.
CASE_MARKS = ("Qzcase Tamarind Inquiry", "Qzop Silent Heron")
SUBJECT_MARKS = ("Qzperson", "Xolotlquetzal", "Qznote kept in the file", "Qzpredicate two rifles")
# FGR's case with a trace request to ATF, the tracing agency: ATF's walkers may see the gun, never these.
TRACED_MARKS = ("Qzfgr Sinaloa inquiry", "Qzfgr note of the request", "Tlacuachtraced")
PUBLIC = {"main.index", "accounts.login", "accounts.language", "static", "api.health", "api.openapi",
          "federation_api.openapi"}
# Walked by other tests, not here, with the reason.
NOT_WALKED = {"accounts.logout": "ends the walker's own session (tests/test_accounts.py signs out)"}
# Tables a walk may change without touching another agency's data: the walkers' own bookkeeping.
BOOKKEEPING = {"audit_events", "audit_chain_head", "audit_batches", "rate_limit_hits", "users", "api_tokens",
               "notifications", "outbox_messages", "recovery_codes", "password_history", "alembic_version",
               "browser_sessions", "lookups"}
# Which roles may open which areas at all (by path prefix): anyone else gets 403 or 404.
AREAS = {
    "/audit": {"monitor", "admin"},
    "/api/v1/audit": {"monitor", "admin"},
    "/retention": {"supervisor"},
    "/api/v1/retention": {"supervisor"},
    "/admin/": {"admin"},
    "/cases": {"agent", "supervisor"},
    "/subjects": {"agent", "supervisor"},
    "/operations": {"agent", "supervisor"},
    "/disseminations": {"agent", "supervisor"},
    "/review": {"agent", "supervisor"},
    "/monitoring": {"monitor", "admin"},
    "/watch": {"watch"},
    "/api/v1/watch": {"watch"},
    "/search": {"agent", "supervisor"},
    "/api/v1/search": {"agent", "supervisor"},
    "/inquiries": {"agent", "supervisor"},
    "/api/v1/inquiries": {"agent", "supervisor"},
    "/traces": {"agent", "supervisor"},
    "/api/v1/traces": {"agent", "supervisor"},
}
# The searches, asked for ATF's planted words as well as bare: were a search to leak another agency's
# record, FGR's answers would show the marks. In lower case, because a results page repeats what was
# asked, and the marks are looked for as written.
SEARCHES = {"search.index": "/search", "api.search_records": "/api/v1/search", "cases.index": "/cases/",
            "api.list_cases": "/api/v1/cases"}
SEARCHED_FOR = ("qzperson xolotlquetzal", "xolotlquetzal", "qzcase tamarind", "qzop silent heron", "6025550188")


@dataclass
class World:
    """ATF's objects (and FGR's own), by the path parameter that names them."""

    ids: dict[str, list] = field(default_factory=dict)
    users: dict[tuple[str, str], object] = field(default_factory=dict)
    tokens: dict[tuple[str, str], str] = field(default_factory=dict)


def _monitoring(world: World, admin) -> None:
    from coordinator.monitoring.models import Mou, MouRule, PerformanceMeasure

    mou = Mou(title="ATF-ICE MOU", effective_from=date(2025, 1, 1))
    db.session.add(mou)
    db.session.flush()
    rule = MouRule(mou_id=mou.id, kind="referral_decided", threshold=30, agencies=["ATF"])
    measure = PerformanceMeasure(number="1.1", action="Refer cases", indicator="Cases referred")
    db.session.add_all([rule, measure])
    db.session.flush()
    world.ids.update(mou_id=[mou.id], rule_id=[rule.id], measure_id=[measure.id])


def build_world(make) -> World:
    from coordinator.outcomes.evidence import request_trace
    from coordinator.outcomes.services import record_indictment, record_referral

    world = World()
    for agency in (OWNER, OTHER):
        for role in ROLES:
            user = make.user(agency, role=role)
            world.users[(agency, role)] = user
            world.tokens[(agency, role)] = make.token(user)
    owner = world.users[(OWNER, "agent")]
    partner = make.user(PARTNER)
    case = make.case(owner, title=CASE_MARKS[0], summary="Qzcase summary of the inquiry")
    person = make.subject(owner, case, kind="person", first_name="Qzperson", last_name="Xolotlquetzal")
    person.notes, person.predicate = SUBJECT_MARKS[2], SUBJECT_MARKS[3]
    make.subject(owner, case, number="+16025550188")
    make.subject(partner, make.case(partner), number="(602) 555-0188")  # an alert and a link with ICE
    operation = make.operation(owner, case, title=CASE_MARKS[1])
    referral = record_referral(db.session, owner, case, {"to_agency": PARTNER, "kind": "investigative",
                                                          "sent_on": date(2026, 2, 1)})
    indictment = record_indictment(db.session, owner, case, {"subject_id": person.id, "filed_on": date(2026, 2, 2),
                                                             "court": "D. Ariz.", "charges": ["18 U.S.C. 924"]})
    trace = request_trace(db.session, owner, case, {"sent_on": date(2026, 2, 3)})
    from coordinator.outcomes.evidence import record_seizure
    from coordinator.outcomes.funnel import record_extradition, record_legal_assistance

    seizure = record_seizure(db.session, owner, case, {"seized_on": date(2026, 2, 1), "place": "Nogales",
                                                        "country": "US", "direction": "southbound", "rounds": 50})
    extradition = record_extradition(db.session, owner, case, {
        "subject_id": person.id, "requested_on": date(2026, 2, 4), "requesting_country": "US",
        "requested_country": "MX"})
    assistance = record_legal_assistance(db.session, owner, case, {"to_country": "MX", "sent_on": date(2026, 2, 5)})
    share_case(db.session, owner, case, agency_by_code(db.session, PARTNER), "Joint work with HSI Nogales")
    from coordinator.cases.models import Dissemination

    dissemination = db.session.scalar(select(Dissemination))
    spare = make.user(OWNER)  # the account administrators act on (unlock, revoke, ...), walked by nobody
    spare_token = make.token(spare)
    from coordinator.accounts.models import ApiToken

    note = notify(db.session, [owner], "alert_raised", {"alert": 1}, link="/review/alerts")[0]
    from coordinator.jobs.services import enqueue_import

    job = enqueue_import(db.session, owner, case, '{"kind": "phone", "role": "other", "number": "+16025550190"}\n',
                         "jsonl", "en")
    _monitoring(world, world.users[(OWNER, "admin")])
    db.session.commit()
    alert_side = db.session.scalar(select(AlertSide).where(AlertSide.agency_id == case.agency_id))
    link = db.session.scalar(select(SubjectLink))
    assert alert_side is not None and link is not None, "the fixture needs an alert and a link with ICE"
    other = world.users[(OTHER, "agent")]
    other_case = make.case(other, title=TRACED_MARKS[0])
    make.subject(other, other_case, number="+525512345678")
    make.subject(other, other_case, kind="person", first_name="Qzfgr", last_name=TRACED_MARKS[2])
    gun = make.subject(other, other_case, kind="firearm", make="Cugir", serial_number="QZ7TRACED")
    request_trace(db.session, other, other_case, {"sent_on": date(2026, 2, 3), "firearm_id": gun.id,
                                                  "note": TRACED_MARKS[1]})
    db.session.commit()
    world.ids.update(
        case_id=[case.id], subject_id=[person.id], operation_id=[operation.id], alert_id=[alert_side.alert_id],
        link_id=[link.id], referral_id=[referral.id], indictment_id=[indictment.id], trace_id=[trace.id],
        seizure_id=[seizure.id], extradition_id=[extradition.id], request_id=[assistance.id],
        dissemination_id=[dissemination.id], notification_id=[note.id], user_id=[spare.id], job_id=[job.id],
        token_id=[db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == spare.id))],
    )
    assert spare_token
    return world


# Path parameter -> the values to try (ATF's objects, or the fixed values a path accepts).
def _static_files(_world):
    return ["app.css"]


def _monitoring_tables(_world):
    from coordinator.monitoring.dashboard import TABLES

    return list(TABLES)


PARAMETERS = {
    **{name: (lambda w, n=name: w.ids[n]) for name in (
        "case_id", "subject_id", "operation_id", "alert_id", "link_id", "referral_id", "indictment_id",
        "trace_id", "dissemination_id", "notification_id", "user_id", "token_id", "mou_id", "rule_id",
        "measure_id", "seizure_id", "extradition_id", "request_id", "job_id")},
    "code": lambda w: ["en", "es"],
    # Agencies are data: one of the first twelve (the owner's own) and a partner the migrations seed.
    "agency_code": lambda w: [OWNER, "PNC-GT"],
    "filename": _static_files,
    "name": _monitoring_tables,
}
# Parameters naming ATF's own objects: FGR must be refused them.
OWNED = {"case_id", "subject_id", "operation_id", "alert_id", "link_id", "referral_id", "indictment_id",
         "trace_id", "dissemination_id", "notification_id", "token_id", "seizure_id", "extradition_id",
         "request_id", "job_id"}
STRICT = {"case_id", "subject_id", "operation_id"}  # always a plain 404/403, whatever the body
# Accounts are managed by the administrators of the system, whatever their agency (DESIGN.md: users).
ADMINISTERED = {"token_id", "user_id"}


@dataclass(frozen=True)
class Call:
    endpoint: str
    method: str
    path: str
    params: frozenset[str]

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")


def calls(app, world: World) -> list[Call]:
    """Every route with every method and every filling of its parameters."""
    out, unknown = [], []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in NOT_WALKED:
            continue
        fillings = [{}]
        for name in sorted(rule.arguments):
            converter = rule._converters[name]
            if isinstance(converter, AnyConverter):
                values = sorted(converter.items)
            elif name in PARAMETERS:
                values = PARAMETERS[name](world)
            else:
                unknown.append(f"{rule.endpoint}: <{name}> in {rule.rule}")
                values = []
            fillings = [{**f, name: v} for f in fillings for v in values]
        for values in fillings:
            with app.test_request_context():
                from flask import url_for

                path = url_for(rule.endpoint, **values)
            for method in sorted(rule.methods & set(METHODS)):
                out.append(Call(rule.endpoint, method, path, frozenset(rule.arguments)))
    assert not unknown, "teach PARAMETERS these path parameters:\n" + "\n".join(sorted(set(unknown)))
    for endpoint, path in SEARCHES.items():
        out += [Call(endpoint, "GET", f"{path}?q={quote(words)}", frozenset()) for words in SEARCHED_FOR]
    return out


def send(client, call: Call, token: str | None, csrf: str | None):
    if call.api:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body = {} if call.method in ("POST", "PATCH", "PUT") else None
        return client.open(call.path, method=call.method, json=body, headers=headers)
    data = {"csrf_token": csrf} if csrf and call.method != "GET" else None
    return client.open(call.path, method=call.method, data=data)


def snapshot() -> dict[str, str]:
    """A fingerprint of every table but the walkers' bookkeeping."""
    db.session.expire_all()
    out = {}
    for table in db.metadata.sorted_tables:
        if table.name in BOOKKEEPING:
            continue
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        out[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out


def area_of(path: str) -> set[str] | None:
    for prefix, roles in AREAS.items():
        if path.startswith(prefix):
            return roles
    return None


class Walk:
    """The answers of one walk, and what was wrong with them."""

    def __init__(self):
        self.problems: list[str] = []
        self.count = 0

    def check(self, ok: bool, who: str, call: Call, status: int, why: str) -> None:
        if not ok:
            self.problems.append(f"{who} {call.method} {call.path} ({call.endpoint}) -> {status}: {why}")


def walk_as(app, world, agency: str, role: str, walk: Walk, all_calls: list[Call],
            hidden_from_owner: tuple[str, ...] = ()) -> None:
    client = app.test_client()
    user = world.users[(agency, role)]
    login(client, user)
    csrf = csrf_token(client.get("/account").text)
    token = world.tokens[(agency, role)]
    who = f"{agency} {role}"
    for call in all_calls:
        response = send(client, call, token, csrf)
        status, body = response.status_code, response.get_data(as_text=True)
        response.close()
        walk.count += 1
        walk.check(status < 500, who, call, status, "server error")
        if call.api and status == 401:
            walk.check(False, who, call, status, "a valid token was refused")
        if agency == OTHER:
            named = call.params & OWNED - (ADMINISTERED if role == "admin" else set())
            if named:
                allowed = {403, 404} if named & STRICT or call.method == "GET" else {400, 403, 404, 405, 409, 422}
                walk.check(status in allowed, who, call, status, f"another agency's {sorted(named)}")
            leaked = [m for m in CASE_MARKS + SUBJECT_MARKS if m in body]
            walk.check(not leaked, who, call, status, f"shows ATF's {leaked}")
        else:
            leaked = [m for m in hidden_from_owner if m in body]
            walk.check(not leaked, who, call, status, f"shows FGR's {leaked}")
        if role in ("monitor", "admin"):
            leaked = [m for m in SUBJECT_MARKS if m in body]
            walk.check(not leaked, who, call, status, f"shows a subject's identity {leaked}")
        roles = area_of(call.path)
        if roles is not None and role not in roles and call.endpoint not in PUBLIC:
            walk.check(status in (403, 404), who, call, status, "outside the role's area")


def walk_signed_out(app, walk: Walk, all_calls: list[Call]) -> None:
    client = app.test_client()
    for call in all_calls:
        response = send(client, call, None, None)
        status = response.status_code
        location = response.headers.get("Location", "")
        response.close()
        walk.count += 1
        walk.check(status < 500, "signed out", call, status, "server error")
        if call.endpoint in PUBLIC:
            continue
        if call.api:
            walk.check(status == 401, "signed out", call, status, "the API must ask for a token")
        else:
            walk.check(status in (400, 405) or (status == 302 and "/login" in location), "signed out", call,
                       status, "a page must ask to sign in")


def walk_everything(app, world, all_calls, hidden_from_owner: tuple[str, ...] = ()) -> None:
    """Signed out, then as every role of the other agency (which must change nothing), then of the owner."""
    walk = Walk()
    before = snapshot()
    walk_signed_out(app, walk, all_calls)
    for role in ROLES:
        walk_as(app, world, OTHER, role, walk, all_calls)
    after = snapshot()
    changed = sorted(name for name in before if before[name] != after[name])
    assert not changed, f"the other agency's walk changed {changed}"
    for role in ROLES:
        walk_as(app, world, OWNER, role, walk, all_calls, hidden_from_owner=hidden_from_owner)
    assert not walk.problems, f"{len(walk.problems)} of {walk.count} answers wrong:\n" + "\n".join(walk.problems)


def test_every_route_as_every_role_of_two_agencies(app_ctx, make):
    app = app_ctx
    app.test_client_class = IsolatedClient
    world = build_world(make)
    all_calls = calls(app, world)
    assert len({c.endpoint for c in all_calls}) >= 100, "the walk should cover the whole app"
    walk_everything(app, world, all_calls, hidden_from_owner=TRACED_MARKS)


# --- the walk after the attack sequences --------------------------------------------------------

FGR_MARKS = ("Tlacuachextra", "Armas del Norte, S.A. de C.V.")


def _api(client, world, agency: str, role: str):
    from .factories import Api

    return Api(client, world.tokens[(agency, role)])


def cross_border_sequence(client, world) -> None:
    """Switch cross_border off, clear, switch it on, go active: refused while ICE, CBP and FGR are pending."""
    from datetime import datetime, timedelta, timezone

    from .test_deconfliction import operation_body

    agent, boss = _api(client, world, OWNER, "agent"), _api(client, world, OWNER, "supervisor")
    start = (datetime.now(timezone.utc) + timedelta(days=9)).replace(microsecond=0)
    body = operation_body(world.ids["case_id"][0], kind="controlled_delivery", cross_border=True,
                          starts_at=start.isoformat(), ends_at=(start + timedelta(hours=4)).isoformat(),
                          latitude=31.34, longitude=-110.93)
    operation = agent.post("/api/v1/operations", json=body).get_json()
    path = f"/api/v1/operations/{operation['id']}"
    assert agent.patch(path, json={"cross_border": False}).status_code == 200
    assert boss.post(f"{path}/transition", json={"to": "cleared"}).status_code == 200
    assert agent.patch(path, json={"cross_border": True}).status_code == 200
    assert boss.post(f"{path}/transition", json={"to": "active", "reason": "go"}).status_code == 409
    assert agent.get(path).get_json()["status"] == "planned"
    # FGR, asked to clear it, is not the one to move it.
    assert _api(client, world, OTHER, "supervisor").post(f"{path}/transition", json={"to": "active"}
                                                          ).status_code in (403, 404)


def match_review_sequence(client, world) -> None:
    """FGR's agent cannot close ATF's side of a possible match, nor anyone a confident one from match review."""
    from coordinator.conflicts.models import ConflictAlert

    atf, fgr = _api(client, world, OWNER, "agent"), _api(client, world, OTHER, "agent")
    business = {"kind": "business", "role": "other"}
    atf.post(f"/api/v1/cases/{world.ids['case_id'][0]}/subjects", json={**business, "name": "Armas del Norte SA de CV"})
    fgr_case = fgr.post("/api/v1/cases", json={"number": "FGR-SEQ-1", "title": "Sonora", "case_type": "smuggling",
                                               "opened_on": "2026-01-10", "initiated_by": "trace"}).get_json()
    made = fgr.post(f"/api/v1/cases/{fgr_case['id']}/subjects",
                    json={**business, "name": FGR_MARKS[1]}).get_json()
    [conflict] = made["conflicts"]
    assert conflict["level"] == "possible"
    link = db.session.scalar(select(SubjectLink).where(SubjectLink.kind == "business"))
    assert fgr.post(f"/api/v1/matches/{link.id}", json={"decision": "rejected", "note": "no"}).status_code == 403
    fgr_boss = _api(client, world, OTHER, "supervisor")
    assert fgr_boss.post(f"/api/v1/matches/{link.id}", json={"decision": "rejected", "note": "no"}).status_code == 200
    db.session.expire_all()
    sides = {side.agency.code: side.status for side in db.session.get(ConflictAlert, conflict["id"]).sides}
    assert sides == {OWNER: "open", OTHER: "false_positive"}
    confident = db.session.scalar(select(SubjectLink).where(SubjectLink.kind == "phone"))
    refused = _api(client, world, OWNER, "supervisor").post(f"/api/v1/matches/{confident.id}",
                                                             json={"decision": "rejected", "note": "no"})
    assert refused.status_code == 409


def purge_sequence(client, world) -> None:
    """ATF purges its phone (alerted with ICE); the next record FGR registers takes a new id, shown to nobody."""
    from datetime import date

    from coordinator.conflicts.models import ConflictAlert
    from coordinator.subjects.models import SubjectRecord

    phone = db.session.scalar(select(SubjectRecord).where(SubjectRecord.agency_id == world.users[(OWNER, "agent")]
                                                          .agency_id, SubjectRecord.kind == "phone"))
    phone_id = phone.id
    alert_id = db.session.scalar(select(AlertSide.alert_id).where(AlertSide.record_type == "subject",
                                                                   AlertSide.record_id == phone_id))
    purged = _api(client, world, OWNER, "supervisor").post(f"/api/v1/subjects/{phone_id}/purge", json={
        "reviewer_name": "Sup. Whitfield", "decided_on": date.today().isoformat(),
        "reason": "No longer meets the standard"})
    assert purged.status_code == 200
    db.session.expire_all()
    alert = db.session.get(ConflictAlert, alert_id)
    assert alert.status == "closed" and {s.status for s in alert.sides} == {"deconflicted"}
    fgr = _api(client, world, OTHER, "agent")
    fgr_case = fgr.post("/api/v1/cases", json={"number": "FGR-SEQ-2", "title": "Sonora 2", "case_type": "smuggling",
                                               "opened_on": "2026-01-10", "initiated_by": "trace"}).get_json()
    made = fgr.post(f"/api/v1/cases/{fgr_case['id']}/subjects", json={
        "kind": "person", "role": "suspect", "first_name": "Qzfgr", "last_name": FGR_MARKS[0]})
    assert made.status_code == 201 and made.get_json()["id"] > phone_id
    again = fgr.post(f"/api/v1/cases/{fgr_case['id']}/subjects",
                     json={"kind": "phone", "role": "suspect", "number": "+1 602 555 0188"})
    assert again.status_code == 201  # the purged record's pair: a new alert, never a 500


def test_the_walk_holds_after_the_purge_match_review_and_cross_border_sequences(app_ctx, make):
    app = app_ctx
    app.test_client_class = IsolatedClient
    world = build_world(make)
    client = app.test_client()
    cross_border_sequence(client, world)
    match_review_sequence(client, world)
    purge_sequence(client, world)
    all_calls = calls(app, world)
    walk_everything(app, world, all_calls, hidden_from_owner=FGR_MARKS + TRACED_MARKS)


def test_a_route_with_an_unknown_parameter_fails_the_walk(app_ctx, make):
    from flask import Flask

    other = Flask("probe")
    other.add_url_rule("/things/<int:thing_id>", "things.show", lambda thing_id: "")
    with pytest.raises(AssertionError, match="thing_id"):
        calls(other, World())
