"""Security headers on every response.

The content security policy allows scripts and styles from this site's own
files only — no inline script, no inline style, no ``eval`` — so an
injected ``<script>`` or ``style=`` does nothing even if escaping ever
failed (a test keeps inline script and style out of the templates). Pages
may not be framed; HSTS is sent where the app is served over HTTPS
(production). Pages and API answers carrying case data are not stored by
browsers or proxies.
"""
from __future__ import annotations

from flask import Flask, Response, request

CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HSTS = "max-age=63072000; includeSubDomains"


def add_headers(response: Response, hsts: bool) -> Response:
    """Set the security headers the response does not set itself."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
    if hsts:
        headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint != "static":
        headers.setdefault("Cache-Control", "no-store")
    return response


def register(app: Flask) -> None:
    """Add the headers to every response; HSTS where SECURITY_HSTS is on (production)."""

    @app.after_request
    def security_headers(response: Response) -> Response:
        return add_headers(response, bool(app.config.get("SECURITY_HSTS")))
