"""The web's defences: security headers, no inline script or style, production settings."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from coordinator import create_app
from coordinator.security.headers import add_headers

from .factories import login

ROOT = Path(__file__).resolve().parent.parent
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "a style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on...= event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: address"),
]


def test_pages_carry_the_security_headers(client, make):
    login(client, make.user())
    for path in ("/login", "/home", "/cases/", "/api/v1/health", "/nowhere"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, path
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cache-Control"] == "no-store"
        assert "Strict-Transport-Security" not in headers  # only where served over HTTPS


def test_hsts_is_sent_in_production(app):
    with app.test_request_context("/"):
        response = add_headers(app.response_class("x"), hsts=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=63072000")


def test_production_requires_the_second_factor_and_secure_cookies(monkeypatch):
    monkeypatch.setenv("COORDINATOR_CONFIG", "production")
    monkeypatch.setenv("REQUIRE_SECOND_FACTOR", "0")  # cannot be switched off outside development
    production = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 32})
    assert production.config["REQUIRE_SECOND_FACTOR"] is True
    assert production.config["SECURITY_HSTS"] is True
    assert production.config["SESSION_COOKIE_SECURE"] and production.config["SESSION_COOKIE_HTTPONLY"]
    assert production.permanent_session_lifetime.total_seconds() == 30 * 60


def test_static_files_may_be_cached(client):
    response = client.get("/static/app.css")
    assert response.status_code == 200 and "Cache-Control" not in response.headers or \
        response.headers["Cache-Control"] != "no-store"
    response.close()


@pytest.mark.parametrize("template", sorted(str(p.relative_to(ROOT)) for p in (ROOT / "templates").rglob("*.html")))
def test_templates_hold_no_inline_script_or_style(template):
    """The CSP would block them; keeping them out means the policy never breaks a page."""
    text = (ROOT / template).read_text(encoding="utf-8")
    for pattern, what in INLINE:
        found = pattern.search(text)
        assert found is None, f"{template} has {what}: {found.group(0)!r}"


def test_the_scripts_and_styles_are_files_of_this_site(client):
    page = client.get("/login").text
    assert re.findall(r'<script src="([^"]+)"', page) == ["/static/app.js"]
    assert all(href.startswith("/static/") for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', page))
