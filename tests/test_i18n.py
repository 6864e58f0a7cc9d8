"""Spanish for the Mexican users: a complete catalog, and the language chosen per user and request.

The completeness test extracts the messages afresh from the source, the way
``make extract-messages`` does, so a string added without its Spanish
translation fails here rather than reaching users in English.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from .factories import Api, csrf_token, login

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "coordinator" / "translations"
SPANISH_PO = TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po"
SPANISH_MO = SPANISH_PO.with_suffix(".mo")

ENGLISH_BROWSER = {"Accept-Language": "en-US,en;q=0.9"}
SPANISH_BROWSER = {"Accept-Language": "es-MX,es;q=0.9"}

# printf-style placeholders: %(name)s, %(min)d, %s ...; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")

GOOD_CASE = {"number": "FGR-26-001", "title": "Compras por prestanombres", "case_type": "straw_purchase",
             "opened_on": "2026-02-01", "initiated_by": "trace", "mexico_nexus": True}


def placeholders(texts) -> set[str]:
    found = set()
    for text in texts:
        found |= {p for p in PLACEHOLDER.findall(text or "") if p != "%%"}
    return found


def forms(value) -> tuple[str, ...]:
    """A message's id or string as a tuple of its plural forms (one for a plain message)."""
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory, monkeypatch_module):
    """The catalog template extracted now from the source, with the Makefile's options."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    monkeypatch_module.chdir(ROOT)
    CommandLineInterface().run(["pybabel", "--quiet", "extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_",
                                "-o", str(pot), "."])
    with pot.open("rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


@pytest.fixture(scope="module")
def spanish():
    with SPANISH_PO.open("rb") as f:
        return read_po(f, locale="es")


@pytest.fixture()
def compiled_catalog():
    """The pages are translated from the compiled .mo (``make install`` builds it from the .po)."""
    assert SPANISH_MO.exists(), f"{SPANISH_MO.relative_to(ROOT)} is missing: run `make translations`"
    assert SPANISH_MO.stat().st_mtime >= SPANISH_PO.stat().st_mtime, (
        f"{SPANISH_MO.relative_to(ROOT)} is older than its .po: run `make translations`")


# The catalog


def test_extraction_finds_the_messages(fresh_template):
    ids = {m.id for m in fresh_template if m.id}
    assert len(ids) > 100
    assert "Sign in" in ids and "This field is required." in ids


def test_every_message_has_a_spanish_translation(fresh_template, spanish):
    assert not spanish.fuzzy, "the Spanish catalog's header is marked fuzzy"
    problems = []
    for message in fresh_template:
        if not message.id:
            continue
        key = message.id if not message.context else (message.id, message.context)
        translated = spanish.get(message.id, message.context)
        if translated is None:
            problems.append(f"untranslated (not in the .po; run `make extract-messages`): {key!r}")
            continue
        if translated.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        strings = forms(translated.string)
        if isinstance(message.id, (list, tuple)) and len(strings) != spanish.num_plurals:
            problems.append(f"wrong number of plural forms: {key!r}")
        if not all(s and s.strip() for s in strings):
            problems.append(f"empty translation: {key!r}")
            continue
        expected, got = placeholders(forms(message.id)), placeholders(strings)
        if expected != got:
            problems.append(f"placeholders differ in {key!r}: {sorted(expected)} vs {sorted(got)}")
    assert not problems, f"{len(problems)} problem(s) in the Spanish catalog:\n" + "\n".join(problems)


def test_placeholder_check_sees_a_dropped_placeholder():
    assert placeholders(["Case %(number)s saved."]) == {"%(number)s"}
    assert placeholders(["Field must be between %(min)d and %(max)d characters long."]) == {"%(min)d", "%(max)d"}
    assert placeholders(["Caso guardado."]) == set()
    assert placeholders(["100%% sure"]) == set()


# The language of the pages


def test_login_page_follows_the_browser_language(client, compiled_catalog):
    spanish = client.get("/login", headers=SPANISH_BROWSER)
    assert spanish.status_code == 200
    assert "Iniciar sesión" in spanish.text
    assert 'lang="es"' in spanish.text

    english = client.get("/login")
    assert english.status_code == 200
    assert "Sign in" in english.text
    assert "Iniciar sesión" not in english.text


def test_a_spanish_user_sees_spanish_pages_in_an_english_browser(client, make, compiled_catalog):
    user = make.user("FGR", "agent", locale="es")
    login(client, user)
    home = client.get("/home", headers=ENGLISH_BROWSER)
    assert home.status_code == 200
    assert "Cerrar sesión" in home.text
    assert "Operativos" in home.text
    assert "Sign out" not in home.text

    cases = client.get("/cases/", headers=ENGLISH_BROWSER, follow_redirects=True)
    assert cases.status_code == 200
    assert "Número" in cases.text
    assert "Casos" in cases.text


def test_an_english_user_sees_english_pages_in_a_spanish_browser(client, make, compiled_catalog):
    user = make.user("ATF", "agent", locale="en")
    login(client, user)
    home = client.get("/home", headers=SPANISH_BROWSER)
    assert "Sign out" in home.text
    assert "Cerrar sesión" not in home.text


def test_the_language_switch_works_for_an_anonymous_visitor(client, compiled_catalog):
    page = client.get("/login", headers=ENGLISH_BROWSER)
    response = client.post("/language/es", data={"next": "/login", "csrf_token": csrf_token(page.text)},
                           headers=ENGLISH_BROWSER)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    page = client.get("/login", headers=ENGLISH_BROWSER)
    assert "Iniciar sesión" in page.text

    client.post("/language/en", data={"next": "/login", "csrf_token": csrf_token(page.text)},
                headers=SPANISH_BROWSER)
    page = client.get("/login", headers=SPANISH_BROWSER)
    assert "Sign in" in page.text
    assert "Iniciar sesión" not in page.text


def test_an_unknown_language_is_refused(client):
    page = client.get("/login")
    assert client.post("/language/fr", data={"csrf_token": csrf_token(page.text)}).status_code == 404


# Messages of errors


def test_api_validation_errors_are_in_the_users_language(client, make, compiled_catalog):
    user = make.user("FGR", "agent", locale="es")
    headers = {"Authorization": f"Bearer {make.token(user)}", **ENGLISH_BROWSER}
    response = client.post("/api/v1/cases", json={**GOOD_CASE, "title": ""}, headers=headers)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert error["message"] == "Algunos campos no son válidos."
    assert "title" in error["fields"]
    assert "Este campo es obligatorio." in str(error["fields"]["title"])


def test_api_validation_errors_stay_in_english_for_an_english_user(client, make):
    api = Api(client, make.token(make.user("ATF", "agent", locale="en")))
    response = api.post("/api/v1/cases", json={**GOOD_CASE, "title": ""})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == "Some fields are not valid."


def test_error_page_is_in_spanish(client, make, compiled_catalog):
    anonymous = client.get("/no-such-page", headers=SPANISH_BROWSER)
    assert anonymous.status_code == 404
    assert "No se encontró." in anonymous.text
    assert "Volver a la página de inicio" in anonymous.text

    login(client, make.user("SEDENA", "agent", locale="es"))
    page = client.get("/no-such-page", headers=ENGLISH_BROWSER)
    assert page.status_code == 404
    assert "No se encontró." in page.text
    assert "Not found." not in page.text
