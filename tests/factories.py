"""Test data made through the services, so it is what the app itself would write."""
from __future__ import annotations

import itertools
import re
from datetime import date, datetime, timedelta, timezone

from coordinator.accounts.services import create_token, create_user
from coordinator.cases.services import register_case
from coordinator.operations.services import register_operation
from coordinator.subjects.services import add_subject

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def count_registered(model, index_model, record_type: str) -> int:
    """Rows of a registered kind, with the deconfliction rows a registration writes beside them (all or nothing)."""
    from coordinator.conflicts.models import DeconflictionCheck
    from coordinator.extensions import db

    rows = db.session.scalar(db.select(db.func.count(model.id)))
    if rows == 0:
        assert db.session.scalar(db.select(db.func.count(index_model.id))) == 0
        assert db.session.scalar(db.select(db.func.count(DeconflictionCheck.id))
                                 .where(DeconflictionCheck.record_type == record_type)) == 0
    return rows


class Factories:
    def __init__(self, session):
        self.session = session

    def user(self, agency: str = "ATF", role: str = "agent", **kwargs):
        n = next(_counter)
        user = create_user(
            self.session, email=kwargs.pop("email", f"user{n}@{agency.lower()}.test"),
            name=kwargs.pop("name", f"User {n} {agency}"), agency_code=agency, role=role,
            password=kwargs.pop("password", PASSWORD), phone=kwargs.pop("phone", f"+1 602 555 {n:04d}"),
            **kwargs,
        )
        self.session.commit()
        return user

    def token(self, user, days: int = 30) -> str:
        token = create_token(self.session, user, days)
        self.session.commit()
        return token

    def case(self, user, **values):
        n = next(_counter)
        defaults = {"number": f"C-{n:05d}", "title": f"Case {n}", "case_type": "firearms_trafficking",
                    "opened_on": date(2026, 1, 15), "initiated_by": "trace", "mexico_nexus": True}
        case = register_case(self.session, user, {**defaults, **values})
        self.session.commit()
        return case

    def subject(self, user, case, kind: str = "phone", role: str = "suspect", **data):
        if kind == "phone" and not data:
            data = {"number": f"+1602555{next(_counter) % 10000:04d}"}
        record = add_subject(self.session, user, case, kind, role, data)
        self.session.commit()
        return record

    def network_looks(self) -> list[tuple[int, str]]:
        """Do the network looks registrations queued, as the job workers would: each job's id and its end."""
        from coordinator.jobs.models import NETWORK_LOOK
        from coordinator.jobs.services import Slicing, work_queued

        return work_queued(self.session, Slicing(), kinds=(NETWORK_LOOK,))

    def operation(self, user, case, **values):
        start = values.pop("starts_at", datetime.now(timezone.utc) + timedelta(days=3))
        defaults = {"kind": "surveillance", "title": "Surveillance", "starts_at": start,
                    "ends_at": start + timedelta(hours=6), "latitude": 33.4665, "longitude": -112.0952,
                    "radius_m": 300, "cross_border": False, "timezone": "America/Phoenix",
                    # Mexican agencies' operations at this Phoenix point too: the place is meant.
                    "confirm_location": True}
        operation = register_operation(self.session, user, case, {**defaults, **values})
        self.session.commit()
        return operation


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def login(client, user, password: str = PASSWORD):
    page = client.get("/login")
    response = client.post("/login", data={"email": user.email, "password": password,
                                           "csrf_token": csrf_token(page.text)})
    assert response.status_code == 302, response.text
    return response


def logout(client):
    return client.post("/logout", data={"csrf_token": csrf_token(client.get("/account").text)})


def post_form(client, url: str, data: dict, form_url: str | None = None):
    """Submit a form the way a browser does: load it, take its CSRF token, post."""
    page = client.get(form_url or url)
    assert page.status_code == 200, page.status_code
    return client.post(url, data={**data, "csrf_token": csrf_token(page.text)})


class Api:
    """A JSON client carrying a bearer token."""

    def __init__(self, client, token: str):
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def get(self, path, **kwargs):
        return self.client.get(path, headers=self.headers, **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.client.post(path, json=json, headers=self.headers, **kwargs)

    def patch(self, path, json=None, **kwargs):
        return self.client.patch(path, json=json, headers=self.headers, **kwargs)
