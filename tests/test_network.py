"""The link graph as its readers see it: a case's neighbourhood, and the network report."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from coordinator.conflicts.models import SubjectLink
from coordinator.extensions import db
from coordinator.network.services import case_neighbourhood, network_report
from coordinator.subjects.models import SubjectRecord

from .factories import Api, login

PHONE = {"kind": "phone", "role": "suspect", "number": "+1 602 555 0101"}
DEALER = {"kind": "dealer", "role": "source_dealer", "license_number": "5-86-013-01-5E-12345"}
PERSON = {"kind": "person", "role": "straw_purchaser", "first_name": "Jesús", "last_name": "Robles",
          "second_last_name": "Quintero", "dob": "1994-03-07"}


class World:
    """ATF's case A holds a phone and a dealer. ICE's case B holds the same phone and a person,
    FGR's case C the same person; FGR's case F and ICE's case G the same dealer as A.

    From A: B's records are one link away (the phone), C's person two (phone, then person);
    the dealer ties A, F and G, and nothing else ties F and G to the rest.
    """

    def __init__(self, client, make):
        self.atf, self.ice, self.fgr = make.user("ATF"), make.user("ICE"), make.user("FGR")
        self.a = make.case(self.atf, number="ATF-785-0001", title="Phoenix straw ring")
        self.b = make.case(self.ice, number="ICE-PHX-0002", title="Nogales corridor")
        self.c = make.case(self.fgr, number="FGR-SON-0003", title="Hermosillo cell")
        self.f = make.case(self.fgr, number="FGR-CHIH-0004", title="Juárez buyers")
        self.g = make.case(self.ice, number="ICE-TUC-0005", title="Tucson export")
        atf, ice, fgr = (Api(client, make.token(u)) for u in (self.atf, self.ice, self.fgr))
        self.phone = self._add(atf, self.a, PHONE)
        self.dealer = self._add(atf, self.a, {**DEALER, "name": "Desert Guns LLC"})
        self._add(ice, self.b, PHONE)
        self._add(ice, self.b, PERSON)
        self._add(fgr, self.c, {**PERSON, "first_name": "Jesus", "aliases": ["El Güero"]})
        self._add(fgr, self.f, {**DEALER, "name": "Armería del Desierto"})
        self._add(ice, self.g, {**DEALER, "name": "Sonoran Arms Wholesale"})

    @staticmethod
    def _add(api, case, body) -> dict:
        response = api.post(f"/api/v1/cases/{case.id}/subjects", json=body)
        assert response.status_code == 201, response.text
        return response.get_json()


# Words only the other agencies' records or cases hold.
THEIR_WORDS = ("ROBLES", "Robles", "Jesús", "Güero", "Armería", "Sonoran", "ICE-PHX-0002", "FGR-SON-0003",
               "FGR-CHIH-0004", "ICE-TUC-0005", "Nogales", "Hermosillo")


@pytest.fixture()
def world(client, make):
    return World(client, make)


def test_the_neighbourhood_shows_other_agencies_within_reach_through_own_records(world):
    near = case_neighbourhood(db.session, world.atf, world.a.id, hops=2)
    seen = {(row.agency, row.kind, row.hops) for row in near.rows}
    # Records linked to the case's own, as their alerts tell (agency, kind); the case two links away as
    # its network alert tells (an agency's case) — not ICE's person, nor what ties ICE's case to FGR's.
    assert seen == {("ICE", "phone", 1), ("ICE", "dealer", 1), ("FGR", "dealer", 1), ("FGR", None, 2)}
    assert near.agencies == {"FGR": 1, "ICE": 2}
    far = next(row for row in near.rows if row.hops == 2)
    assert far.via == world_label(world.phone["id"]) and far.path == ()
    assert all(row.label is None and row.case_number is None and row.case_id is None for row in near.rows)

    one_hop = case_neighbourhood(db.session, world.atf, world.a.id, hops=1)
    assert {row.hops for row in one_hop.rows} == {1} and ("FGR", None) not in {
        (row.agency, row.kind) for row in one_hop.rows}


def test_the_neighbourhood_tells_no_more_than_the_alerts(client, world):
    """Which kinds of records another agency's case holds, and which third agencies it links to, stay theirs."""
    from coordinator.conflicts.models import AlertSide, ConflictAlert

    login(client, world.atf)
    html = client.get(f"/cases/{world.a.id}/network?hops=3").text
    assert "Person" not in html  # ICE's person (linked to FGR's) and FGR's person are nobody's alert to ATF
    network = db.session.scalars(select(ConflictAlert).where(ConflictAlert.kind == "network")).all()
    assert network, "the world's chain A–B–C raises a network alert"
    for alert in network:  # without the network alert, the case two links away is not shown at all
        db.session.execute(db.delete(AlertSide).where(AlertSide.alert_id == alert.id))
        db.session.delete(alert)
    db.session.commit()
    near = case_neighbourhood(db.session, world.atf, world.a.id, hops=3)
    assert {row.agency for row in near.rows if row.hops > 1} == set()
    assert {row.agency for row in near.rows} == {"ICE", "FGR"}  # the dealer's direct links
    # Drawn: the case, its two records, the three cases linked to them, and only those links.
    assert near.graph.number_of_nodes() == 1 + 2 + 3 and near.graph.number_of_edges() == 2 + 3


def world_label(record_id: int) -> str:
    return db.session.get(SubjectRecord, record_id).label


def test_the_network_page_draws_the_graph_and_never_names_their_records(client, world):
    login(client, world.atf)
    case_page = client.get(f"/cases/{world.a.id}")
    assert f"/cases/{world.a.id}/network" in case_page.text
    page = client.get(f"/cases/{world.a.id}/network?hops=2")
    assert page.status_code == 200
    html = page.text
    assert '<svg' in html and 'role="img"' in html and html.count("<circle") >= 6 and "<path class=\"link\"" in html
    assert "<table>" in html and "ATF-785-0001" in html and world_label(world.phone["id"]) in html
    assert "FGR" in html and "ICE" in html
    for word in THEIR_WORDS:
        assert word not in html, word
    assert client.get(f"/cases/{world.a.id}/network?hops=banana").status_code == 200
    assert client.get(f"/cases/{world.a.id}/network?hops=99").status_code == 200


def test_another_agency_gets_a_404_and_a_monitor_a_403(client, make, world):
    login(client, make.user("DEA"))
    assert client.get(f"/cases/{world.a.id}/network").status_code == 404
    assert client.get("/cases/999999/network").status_code == 404
    monitor = client.application.test_client()
    login(monitor, make.user("ATF", "monitor"))
    assert monitor.get(f"/cases/{world.a.id}/network").status_code == 403


def test_the_report_finds_the_network_of_three_agencies_and_the_dealer_tying_it(make, world):
    report = network_report(db.session, make.user("USAO", "monitor"))
    assert report.network_count == 1 and (report.records, report.links, report.cases) == (7, 5, 5)
    network = report.networks[0]
    assert network.agencies == ("ATF", "FGR", "ICE") and network.cases == 5
    assert {ref.number for ref in network.named} == {"ATF-785-0001", "ICE-PHX-0002", "FGR-SON-0003",
                                                     "FGR-CHIH-0004", "ICE-TUC-0005"}
    top = report.connectors[0]
    assert (top.kind, top.cases, top.records, top.agencies, top.cut) == ("dealer", 3, 3, ("ATF", "FGR", "ICE"), True)
    assert top.labels == () and all(ref.case_id is None for ref in top.named)

    alone = network_report(db.session, None, component_of=world.c.id, top=1)
    assert alone.component_of.number == "FGR-SON-0003" and alone.network_count == 1
    assert len(alone.connectors) == 1 and alone.connectors[0].kind == "dealer"


def test_a_rejected_link_no_longer_ties_the_network(make, world):
    phone_link = db.session.scalar(select(SubjectLink).where(SubjectLink.kind == "phone"))
    phone_link.state = "rejected"
    db.session.commit()
    report = network_report(db.session, None)
    assert sorted(n.cases for n in report.networks) == [2, 3]


def test_a_monitor_sees_case_numbers_but_no_subject(client, runner, make, world):
    login(client, make.user("CBP", "monitor"))
    page = client.get("/network/report")
    assert page.status_code == 200
    assert "ATF-785-0001" in page.text and "ICE-TUC-0005" in page.text and "Networks" in page.text
    cli = runner.invoke(args=["network", "report", "--top", "5"])
    assert cli.exit_code == 0, cli.output
    assert "ATF ATF-785-0001" in cli.output and "dealer: 3 cases" in cli.output
    alone = runner.invoke(args=["network", "report", "--component-of", str(world.f.id)])
    assert alone.exit_code == 0 and "the network of FGR FGR-CHIH-0004" in alone.output
    for text in (page.text, cli.output, alone.output):
        # The phone in any of the ways it could be written (a user's name may hold "602": "User 3602").
        for word in ("ROBLES", "Robles", "Jesús", "Güero", "Desert Guns", "Armería", "Sonoran", "602 555",
                     "602-555", "6025550101", "(602)", world_label(world.phone["id"])):
            assert word not in text, word
    assert runner.invoke(args=["network", "report", "--component-of", "999999"]).exit_code != 0


def test_a_supervisor_sees_the_networks_of_the_agency_and_names_only_its_own(client, make, world):
    elsewhere = {**PHONE, "number": "+52 662 111 2233"}  # a network of CBP and DEA, away from ATF's
    for user, number in ((make.user("CBP"), "CBP-0006"), (make.user("DEA"), "DEA-0007")):
        World._add(Api(client, make.token(user)), make.case(user, number=number), elsewhere)
    assert network_report(db.session, None).network_count == 2

    login(client, make.user("ATF", "supervisor"))
    page = client.get("/network/report")
    assert page.status_code == 200
    html = page.text
    assert "ATF-785-0001" in html and "Desert Guns LLC" in html  # their own case and record
    assert "ICE × 2" in html and "FGR × 2" in html
    for word in THEIR_WORDS + ("CBP-0006", "DEA-0007"):
        assert word not in html, word
    assert client.get(f"/network/report?component_of={world.a.id}").status_code == 200
    assert client.get(f"/network/report?component_of={world.b.id}").status_code == 404


def test_agents_have_no_report_and_administrators_the_monitors_one(client, make, world):
    login(client, world.atf)
    assert client.get("/network/report").status_code == 403
    admin = client.application.test_client()
    login(admin, make.user("ATF", "admin"))
    page = admin.get(f"/network/report?component_of={world.g.id}&top=1")
    assert page.status_code == 200 and "ICE-TUC-0005" in page.text and "Sonoran" not in page.text
    assert admin.get("/network/report?component_of=999999").status_code == 404


def test_a_case_without_links_has_an_empty_neighbourhood(client, make):
    agent = make.user("SSPC")
    case = make.case(agent)
    login(client, agent)
    page = client.get(f"/cases/{case.id}/network")
    assert page.status_code == 200 and "<svg" not in page.text
    assert "No record of another case is linked" in page.text


def test_records_of_cases_the_viewer_may_read_are_named(client, make, world):
    own = make.case(world.atf, number="ATF-785-0008")
    World._add(Api(client, make.token(world.atf)), own, {**PERSON, "aliases": ["Chuy"]})
    near = case_neighbourhood(db.session, world.atf, world.a.id, hops=2)
    mine = [row for row in near.rows if row.agency == "ATF"]
    assert len(mine) == 1 and mine[0].hops == 2 and mine[0].case_number == "ATF-785-0008"
    assert mine[0].case_id == own.id and "ROBLES" in mine[0].label
    assert [(s.agency, s.case_number) for s in mine[0].path] == [("ICE", None), ("ATF", "ATF-785-0008")]
    assert "ATF" not in near.agencies  # the viewer's own agency is not "another agency"


def _network_alerts() -> dict[frozenset, list]:
    from coordinator.conflicts.models import ConflictAlert

    db.session.expire_all()
    found: dict[frozenset, list] = {}
    for alert in db.session.scalars(select(ConflictAlert).where(ConflictAlert.kind == "network")):
        found.setdefault(frozenset(side.case_id for side in alert.sides), []).append(alert)
    return found


def test_a_link_between_two_networks_alerts_every_pair_it_joins_from_both_ends(make):
    """A–B (ATF, ICE) and C–D (FGR, CBP) are joined: ICE registers in B what C holds.

    The new link B–C joins A to C (two links), A to D (three) and B to D (two):
    each pair is alerted, not only when A or D next joins a case. ICE's own
    (B–D) is in its answer; the two between other agencies' cases are raised
    by the job workers a moment later. A and D's alert names each side's own
    record that starts the chain.
    """
    from coordinator.jobs.models import Job

    atf, ice, fgr, cbp = (make.user(code) for code in ("ATF", "ICE", "FGR", "CBP"))
    a, b, c, d = make.case(atf), make.case(ice), make.case(fgr), make.case(cbp)
    a_phone = make.subject(atf, a, "phone", number="+16025550131")
    make.subject(ice, b, "phone", number="+16025550131")
    make.subject(fgr, c, "phone", number="+16025550132")
    d_phone = make.subject(cbp, d, "phone", number="+16025550132")
    make.subject(fgr, c, "phone", number="+16025550133")
    assert _network_alerts() == {}

    make.subject(ice, b, "phone", number="+16025550133")

    assert set(_network_alerts()) == {frozenset((b.id, d.id))}
    [job] = db.session.scalars(select(Job)).all()
    assert (job.kind, job.case_id, job.user_id, job.status) == ("network_look", b.id, ice.id, "queued")
    job_id = job.id
    assert make.network_looks() == [(job_id, "done")]
    assert db.session.scalars(select(Job)).all() == []  # the alerts are its record
    found = _network_alerts()
    assert set(found) == {frozenset((a.id, c.id)), frozenset((a.id, d.id)), frozenset((b.id, d.id))}
    assert all(len(alerts) == 1 for alerts in found.values())
    severity = {pair: alerts[0].severity for pair, alerts in found.items()}
    assert severity[frozenset((a.id, d.id))] == "low" and severity[frozenset((a.id, c.id))] == "medium"
    [far] = found[frozenset((a.id, d.id))]
    reasons = {side.case_id: side.reasons[0]["params"] for side in far.sides}
    assert reasons[a.id] == {"between": "2", "record": a_phone.label}
    assert reasons[d.id] == {"between": "2", "record": d_phone.label}

    # The same link made again, from either end: the pairs are joined already; nothing is raised twice.
    make.subject(ice, b, "phone", number="+16025550133")
    make.subject(fgr, c, "phone", number="+16025550133")
    make.network_looks()
    assert {pair: len(alerts) for pair, alerts in _network_alerts().items()} == {pair: 1 for pair in found}


def test_a_registration_that_joins_a_large_network_waits_only_for_its_own_alerts(client, make):
    """A case linked to many others: a link into it puts each of them two links from the new case's neighbour.

    The registration answers with its own alerts; its statements do not grow
    with the hub, and the pairs between other agencies' cases, one per spoke,
    come from the job workers. A worker that fails leaves the job to the next,
    which raises each pair once.
    """
    from sqlalchemy import event

    from coordinator.jobs.models import Job

    ice = make.user("ICE")
    hub = make.case(ice)
    spokes, codes = [], ("CBP", "FGR", "ATF", "SSPC", "DEA", "GN")
    for n, code in enumerate(codes):
        agent = make.user(code)
        spokes.append(make.case(agent))
        make.subject(agent, spokes[-1], "phone", number=f"+1520555{n:04d}")
        make.subject(ice, hub, "phone", number=f"+1520555{n:04d}")
    make.network_looks()
    before = set(_network_alerts())
    fgr = make.user("FGR")
    newcomer = make.case(fgr)
    make.subject(fgr, newcomer, "phone", number="+15205559876")

    statements = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        response = Api(client, make.token(ice)).post(f"/api/v1/cases/{hub.id}/subjects",
                                                     json={"kind": "phone", "role": "associate",
                                                           "number": "520-555-9876"})
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    assert response.status_code == 201, response.text
    assert [c["kind"] for c in response.get_json()["conflicts"]] == ["subject"]
    assert set(_network_alerts()) == before  # nothing between other agencies' cases yet: the job is queued
    assert db.session.scalar(select(db.func.count(Job.id)).where(Job.kind == "network_look")) == 1
    assert len(statements) < 120, len(statements)

    # A worker that fails after its first slice: the slice stays, the next worker raises the rest, each pair once.
    import coordinator.jobs.services as job_services

    real = job_services.raise_queued_look

    def fails_after_a_slice(*args):
        for done, alerts in enumerate(real(*args, size=2)):
            if done == 1:
                raise OSError("the database went away")
            yield alerts

    job_services.raise_queued_look = fails_after_a_slice
    try:
        [(job_id, outcome)] = make.network_looks()
        assert outcome == "queued"
        assert len(set(_network_alerts()) - before) == 2
    finally:
        job_services.raise_queued_look = real
    db.session.execute(db.update(Job).where(Job.id == job_id).values(claimed_until=None))
    db.session.commit()
    assert make.network_looks() == [(job_id, "done")]
    found = _network_alerts()
    others = [spoke.id for spoke, code in zip(spokes, codes) if code != "FGR"]  # FGR's own cases are no pair
    assert set(found) - before == {frozenset((newcomer.id, spoke)) for spoke in others}
    assert all(len(alerts) == 1 for alerts in found.values())


def test_a_network_look_that_keeps_failing_keeps_its_pairs_to_be_tried_again(make, monkeypatch):
    """After the last attempt the look is marked failed, and its pairs are kept: set back to queued, it is done."""
    import coordinator.jobs.services as job_services
    from coordinator.jobs.models import Job
    from coordinator.jobs.queue import queue_network_look

    ice = make.user("ICE")
    case = make.case(ice)
    job_id = queue_network_look(db.session, ice.id, case.id, [(case.id, case.id)]).id
    db.session.commit()

    def broken(*_args):
        raise OSError("the database went away")
        yield

    monkeypatch.setattr(job_services, "raise_queued_look", broken)
    for _attempt in range(job_services.MAX_ATTEMPTS):
        db.session.execute(db.update(Job).where(Job.id == job_id).values(claimed_until=None))
        db.session.commit()
        make.network_looks()
    job = db.session.get(Job, job_id)
    db.session.refresh(job)
    assert (job.status, job.payload) == ("failed", '{"pairs": [[%d, %d]]}' % (case.id, case.id))
    monkeypatch.undo()
    db.session.execute(db.update(Job).where(Job.id == job_id).values(status="queued", attempts=0))
    db.session.commit()
    assert make.network_looks() == [(job_id, "done")]


def test_a_network_look_is_nobodys_job_to_read(client, make):
    """The registrant cannot read the queued look: it would tell them their record joined other agencies' cases."""
    from coordinator.jobs.queue import queue_network_look

    ice = make.user("ICE")
    case = make.case(ice)
    job = queue_network_look(db.session, ice.id, case.id, [(case.id, case.id)])
    db.session.commit()
    assert Api(client, make.token(ice)).get(f"/api/v1/jobs/{job.id}").status_code == 404


def test_a_link_that_joins_a_case_to_a_network_tells_each_side_of_each_of_its_alerts(client, make):
    """The network alerts one registration raises at once reach the same people, with the same words, as one does."""
    from coordinator.conflicts.models import AlertSide, ConflictAlert
    from coordinator.notifications.models import Notification, OutboxMessage

    ice = make.user("ICE")
    hub = make.case(ice)
    spokes = {}
    for n, code in enumerate(("CBP", "FGR")):
        agent, boss = make.user(code), make.user(code, "supervisor")
        spokes[code] = (make.case(agent), agent, boss)
        make.subject(agent, spokes[code][0], "phone", number=f"+1520555{n:04d}")
        make.subject(ice, hub, "phone", number=f"+1520555{n:04d}")
    make.subject(ice, hub, "phone", number="+15205559876")
    atf, atf_boss = make.user("ATF"), make.user("ATF", "supervisor")
    case = make.case(atf)
    response = Api(client, make.token(atf)).post(f"/api/v1/cases/{case.id}/subjects",
                                                  json={"kind": "phone", "role": "associate", "number": "520-555-9876"})
    assert response.status_code == 201
    alerts = db.session.scalars(select(ConflictAlert).where(
        ConflictAlert.kind == "network", ConflictAlert.sides.any(AlertSide.case_id == case.id))).all()
    assert len(alerts) == 2
    for alert in alerts:
        other = next(side for side in alert.sides if side.case_id != case.id)
        spoke, agent, boss = spokes[other.agency_code]
        for told, own_case, them, poc in ((atf, case, other.agency_code, agent),
                                          (atf_boss, case, other.agency_code, agent),
                                          (agent, spoke, "ATF", atf), (boss, spoke, "ATF", atf)):
            notes = db.session.scalars(select(Notification).where(
                Notification.user_id == told.id, Notification.kind == "alert_raised",
                Notification.link == f"/review/alerts/{alert.id}")).all()
            assert len(notes) == 1, (told.email, alert.pair)
            params = notes[0].params
            assert (params["record"], params["agency"], params["conflict_kind"]) == (own_case.number, them, "network")
            assert poc.name in params["poc"] and poc.email in params["poc"]
            assert db.session.scalar(select(OutboxMessage.to_address).where(
                OutboxMessage.notification_id == notes[0].id)) == told.email


def test_alerts_raised_at_once_are_written_once_when_another_process_raised_one_a_moment_ago(make, monkeypatch):
    """A pair written by another transaction after the batch looked (its read missed it) is refreshed, not doubled."""
    from coordinator.conflicts import alerts as alerts_module
    from coordinator.conflicts.alerts import Overlap, Side, raise_alert, raise_alerts
    from coordinator.conflicts.models import AlertEvent, ConflictAlert

    atf, ice, fgr = make.user("ATF"), make.user("ICE"), make.user("FGR")
    mine, theirs, third = make.case(atf), make.case(ice), make.case(fgr)

    def overlap(pair, other, severity):
        return Overlap(pair=pair, kind="network", level="possible", severity=severity, score=0.5,
                       first=Side(mine.agency_id, mine.id, "case", mine.id, "case", ()),
                       second=Side(other.agency_id, other.id, "case", other.id, "case", ()))

    earlier, _new = raise_alert(db.session, **vars(overlap("network:test:race", theirs, "low")))
    db.session.commit()
    monkeypatch.setattr(alerts_module, "among", lambda _session, column, _values: column.in_([]))  # the read misses it
    raised = raise_alerts(db.session, [overlap("network:test:race", theirs, "medium"),
                                       overlap("network:test:fresh", third, "low")])
    db.session.commit()
    assert [(alert.pair, new) for alert, new in raised] == [("network:test:race", False), ("network:test:fresh", True)]
    assert raised[0][0].id == earlier.id and raised[0][0].severity == "medium"
    assert db.session.scalar(select(db.func.count(ConflictAlert.id))) == 2
    assert db.session.scalar(select(db.func.count(AlertEvent.id)).where(AlertEvent.action == "raised")) == 2
