"""The application as a whole: factory, settings, schema, health, error shapes."""
from __future__ import annotations

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


def test_agencies_are_seeded_by_the_migrations(app_ctx):
    from coordinator.accounts.models import Agency

    codes = {a.code for a in db.session.scalars(db.select(Agency))}
    assert codes == {"ATF", "ICE", "CBP", "DEA", "FBI", "USAO", "FGR", "CENAPI", "SSPC", "SEDENA", "GN", "ANAM"}
    fgr = db.session.scalar(db.select(Agency).where(Agency.code == "FGR"))
    assert fgr.country == "MX"


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
