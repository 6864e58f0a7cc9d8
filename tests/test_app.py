"""The application as a whole: factory, settings, schema, health, error shapes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from coordinator import create_app
from coordinator.extensions import db


def test_health(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_migrations_build_exactly_the_models(app_ctx):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_json_columns_store_compact_utf8_text_that_reads_back_the_same(make):
    from coordinator.notifications.models import Notification
    from coordinator.types import json_text

    value = {"name": "José Peña", "count": 3, "ratio": 0.1, 7: [None, True, "línea\n\"dos\""]}
    assert json_text(value) == '{"name":"José Peña","count":3,"ratio":0.1,"7":[null,true,"línea\\n\\"dos\\""]}'
    assert json.loads(json_text(value)) == json.loads(json.dumps(value))  # the json module's reading
    note = Notification(user_id=make.user().id, kind="test", params=value)
    db.session.add(note)
    db.session.flush()
    stored = db.session.scalar(db.select(Notification.__table__.c.params.cast(db.String)).where(
        Notification.id == note.id))
    assert json.loads(stored) == json.loads(json_text(value))
    db.session.expire(note)
    assert note.params == json.loads(json.dumps(value))


def test_json_columns_are_read_by_orjson_and_read_what_the_json_module_reads(make):
    """Every row's JSON is read by the fast reader; what orjson would read otherwise goes to the json module."""
    from coordinator.notifications.models import Notification
    from coordinator.types import json_value

    assert db.engine.dialect._json_deserializer is json_value
    texts = ['{"wide": 123456789012345678901234567890, "max": 9223372036854775807, "f": 0.1, "s": "é"}',
             '[1e400, -0.0, "\\u00e9", null]']
    if db.engine.dialect.name == "sqlite":  # PostgreSQL's json type refuses NaN
        texts.append('{"x": NaN}')
    for text in texts:
        expected = json.loads(text)
        assert repr(json_value(text)) == repr(json_value(text.encode())) == repr(expected)
        note = Notification(user_id=make.user().id, kind="test", params={})
        db.session.add(note)
        db.session.flush()
        db.session.execute(db.text("UPDATE notifications SET params = :t WHERE id = :id"), {"t": text, "id": note.id})
        db.session.expire(note)
        assert repr(note.params) == repr(expected)


def test_agencies_are_seeded_by_the_migrations(app_ctx):
    from coordinator.accounts.models import Agency

    agencies = {a.code: a for a in db.session.scalars(db.select(Agency))}
    assert set(agencies) == {"ATF", "ICE", "CBP", "DEA", "FBI", "USAO", "FGR", "CENAPI", "SSPC", "SEDENA", "GN",
                             "ANAM",  # the twelve of the first agreement, and the partners the public record names:
                             "PNC-GT", "MP-GT", "BPD-BZ", "PNC-SV", "AZDPS", "TXDPS", "FGE-BC", "FGE-SON",
                             "FGE-CHIH", "FGE-TAMPS"}
    assert agencies["FGR"].country == "MX" and agencies["FGR"].default_locale == "es"
    assert agencies["CENAPI"].parent is agencies["FGR"]
    assert (agencies["PNC-GT"].country, agencies["PNC-GT"].kind, agencies["PNC-GT"].plate_issuer) == ("GT", "foreign", "GT")
    assert (agencies["AZDPS"].kind, agencies["AZDPS"].plate_issuer) == ("state", "AZ")
    assert agencies["ATF"].plate_issuer is None  # plates repeat across US states: the user names the state


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("COORDINATOR_CONFIG", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    import config

    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_unknown_config_name_is_refused(monkeypatch):
    monkeypatch.setenv("COORDINATOR_CONFIG", "staging")
    with pytest.raises(RuntimeError, match="COORDINATOR_CONFIG"):
        create_app()


def test_api_errors_are_json(client):
    response = client.get("/api/v1/cases")
    assert response.status_code == 401
    body = response.get_json()
    assert body["error"]["code"] == "unauthorized"
    assert body["error"]["message"]
    missing = client.get("/api/v1/nowhere")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"


def test_error_pages_are_html(client):
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert "text/html" in response.content_type


def test_openapi_document_lists_the_contract(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    for path in ("/api/v1/cases", "/api/v1/cases/{case_id}", "/api/v1/cases/{case_id}/subjects",
                 "/api/v1/operations", "/api/v1/health"):
        assert path in spec["paths"]
    case_body = spec["paths"]["/api/v1/cases"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"number", "title", "case_type", "opened_on", "initiated_by", "referring_agency",
            "mexico_nexus"} <= set(case_body["properties"])


def test_the_mappers_are_configured_when_the_app_is_made_not_by_its_first_request(tmp_path):
    """A new process (a restarted server) does not make its first request pay for resolving every relationship."""
    code = ("from coordinator import create_app\n"
            "from coordinator.extensions import db\n"
            f"create_app({{'SQLALCHEMY_DATABASE_URI': 'sqlite:///{tmp_path / 'x.sqlite'}'}})\n"
            "print(db.Model.registry._new_mappers)\n")
    env = {**os.environ, "COORDINATOR_CONFIG": "testing"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                         cwd=Path(__file__).resolve().parent.parent).stdout
    assert out.strip() == "False"
