"""Hostile sizes: every list is bounded before its sub-forms are built, every JSON body by its endpoint."""
from __future__ import annotations

import pytest

from coordinator.subjects import forms as subject_forms

from .factories import Api, csrf_token, login


@pytest.fixture()
def built(monkeypatch) -> list[int]:
    """Counts the identity-document sub-forms built (one per entry a list is processed into)."""
    count = [0]
    original = subject_forms.DocumentForm.__init__

    def counting(self, *args, **kwargs):
        count[0] += 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(subject_forms.DocumentForm, "__init__", counting)
    return count


def test_a_person_with_thousands_of_documents_is_refused_before_they_are_built(client, make, built):
    agent = make.user("ATF")
    case = make.case(agent)
    person = {"kind": "person", "role": "suspect", "last_name": "Robles", "documents": [{}] * 5_000}
    refused = Api(client, make.token(agent)).post(f"/api/v1/cases/{case.id}/subjects", json=person)
    assert refused.status_code == 400
    assert refused.get_json()["error"]["fields"]["documents"] == "At most 100 entries in a list."
    assert built[0] < 10  # the blank entry of each form bound: none of the 5,000


def test_the_page_bounds_the_documents_too(client, make, built):
    agent = make.user("ATF")
    case = make.case(agent)
    login(client, agent)
    url = f"/cases/{case.id}/subjects/new?kind=person"
    token = csrf_token(client.get(url).text)
    built[0] = 0
    form = {"csrf_token": token, "role": "suspect", "last_name": "Robles", "predicate": "Seen buying rifles twice"}
    form.update({f"documents-{n}-kind": "passport" for n in range(3_000)})
    refused = client.post(url, data=form)
    assert refused.status_code in (400, 422) and "At most 100 entries in a list." in refused.text
    assert built[0] < 10


def test_lists_of_any_kind_are_bounded(client, make):
    agent = make.user("ATF")
    case = make.case(agent)
    api = Api(client, make.token(agent))
    aliases = api.post(f"/api/v1/cases/{case.id}/subjects",
                       json={"kind": "person", "role": "suspect", "last_name": "Robles", "aliases": ["x"] * 5_000})
    assert aliases.status_code == 400 and "aliases" in aliases.get_json()["error"]["fields"]
    from .test_deconfliction import operation_body

    targets = api.post("/api/v1/operations", json=operation_body(case.id, target_subject_ids=list(range(1, 5_001))))
    assert targets.status_code == 400 and "target_subject_ids" in targets.get_json()["error"]["fields"]


def test_a_json_body_beyond_its_endpoints_bound_gets_a_413_in_json(client, make):
    agent = make.user("ATF")
    case = make.case(agent)
    api = Api(client, make.token(agent))
    huge = {"kind": "person", "role": "suspect", "last_name": "Robles", "notes": "x" * 1_100_000}
    refused = api.post(f"/api/v1/cases/{case.id}/subjects", json=huge)
    assert refused.status_code == 413
    assert refused.get_json()["error"]["code"] == "too_large"
    # An import is a file: its endpoint takes far more.
    rows = "kind,role,number\n" + "".join(f"phone,suspect,+1602555{n:04d}\n" for n in range(4_000))
    assert len(rows) > 100_000
    imported = api.post(f"/api/v1/cases/{case.id}/subjects/import", data=rows, content_type="text/csv")
    # 4,000 lines are more than a request imports itself: the file is taken whole and queued as a job.
    assert imported.status_code == 202, imported.get_data(as_text=True)[:300]
    assert imported.get_json()["status"] == "queued"
