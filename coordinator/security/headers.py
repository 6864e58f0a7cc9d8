"""Security headers on every response.

The content security policy allows scripts and styles from this site's own
files only — no inline script, no inline style, no ``eval`` — so an
injected ``<script>`` or ``style=`` does nothing even if escaping ever
failed (a test keeps inline script and style out of the templates). The one
outside origin allowed is the map tile server's, for images only, when one is
set (``MAP_TILE_URL``); the map's own script and basemap are files of this
site. Geolocation is allowed to this site's own pages ("use my location" on
the operation form), to no frame and no other origin. Pages
may not be framed; HSTS is sent where the app is served over HTTPS
(production). Pages and API answers carrying case data are not stored by
browsers or proxies.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, request

IMG_SRC = "img-src 'self' data:"
CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    IMG_SRC,
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HSTS = "max-age=63072000; includeSubDomains"
PERMISSIONS = "camera=(), microphone=(), geolocation=(self), payment=()"


def content_security_policy(tile_url: str | None) -> str:
    """The policy, with the tile server's origin added to the image sources when maps use one."""
    parts = urlsplit((tile_url or "").replace("{s}", "a"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return CSP
    origin = f"{parts.scheme}://{parts.netloc}"
    if "{s}" in tile_url:  # subdomains a., b., c. of one server
        origin = f"{parts.scheme}://*.{parts.netloc.split('.', 1)[1]}"
    return CSP.replace(IMG_SRC, f"{IMG_SRC} {origin}")


def add_headers(response: Response, hsts: bool, csp: str = CSP) -> Response:
    """Set the security headers the response does not set itself."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", csp)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS)
    if hsts:
        headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint != "static":
        headers.setdefault("Cache-Control", "no-store")
    return response


def register(app: Flask) -> None:
    """Add the headers to every response; HSTS where SECURITY_HSTS is on (production)."""
    csp = content_security_policy(app.config.get("MAP_TILE_URL"))

    @app.after_request
    def security_headers(response: Response) -> Response:
        return add_headers(response, bool(app.config.get("SECURITY_HSTS")), csp)
