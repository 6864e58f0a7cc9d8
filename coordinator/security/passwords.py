"""Password rules and history, after the FBI CJIS Security Policy.

The policy (v5.9.2 and later, IA-5(1), which adopts NIST SP 800-63B; and
the basic password standard of §5.6.2.1.1 before it) asks that a password:

- be long enough — CJIS's floor is 8 characters; Coordinator asks 12 —
  and allow long passphrases with spaces and any printable character
  (up to 256 here), without composition rules;
- not be on a list of commonly used, expected or compromised passwords
  (``common_passwords.txt``, plus one character repeated or a run such as
  ``abcdef…``/``123456…``);
- not be, or contain, the user id (the email address or its name part) or
  the user's own name;

and these checks compare what a password looks like, not its code points:
full-width letters (``ｍａｒｉａ``) are folded by NFKC, letters of other
scripts that look like Latin ones (Cyrillic ``а``, ``о``, ``р``, Greek ``ο``)
are read as those (Unicode's confusables data, via ``confusable_homoglyphs``),
accents are dropped and case is folded, on the password and on the email
and name alike. The password itself is stored as typed;
- not be identical to the previous ten passwords;
- be stored with a salted key-derivation function (Argon2id, ``accounts.passwords``);
- be replaced at the next log-in after an administrator set it (account recovery).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from confusable_homoglyphs import confusables

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..accounts.passwords import verify_password
from .models import PasswordHistory

MIN_LENGTH = 12
MAX_LENGTH = 256
HISTORY = 10
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
RUNS = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm")


@lru_cache(maxsize=4096)
def _latin(char: str) -> str:
    """The Latin letter or digit a character of another script looks like (itself if none)."""
    if char.isascii():
        return char
    found = confusables.is_confusable(char, preferred_aliases=["latin"], greedy=True) or []
    for entry in found:
        for glyph in entry["homoglyphs"]:
            if glyph["c"].isascii() and glyph["c"].isalnum():
                return glyph["c"].lower()
    return char


def skeleton(text: str) -> str:
    """What a text looks like: NFKC-folded, look-alikes read as Latin, accents dropped, case folded."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    latin = "".join(_latin(ch) for ch in folded)
    return "".join(ch for ch in unicodedata.normalize("NFKD", latin) if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The refused list, lower-cased."""
    path = Path(__file__).with_name("common_passwords.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _guessable(password: str) -> bool:
    lowered = skeleton(password)
    squeezed = re.sub(r"[\s\W_]+", "", lowered)
    if lowered in common_passwords() or squeezed in common_passwords():
        return True
    if len(set(lowered)) < 5:
        return True
    return any(squeezed and squeezed in run or squeezed and squeezed in run[::-1] for run in RUNS)


def _personal_parts(email: str | None, name: str | None) -> list[str]:
    parts = []
    if email:
        email = skeleton(email)
        parts.append(email)
        parts.extend(p for p in re.split(r"[^a-z0-9]+", email.split("@", 1)[0]) if len(p) >= 4)
        parts.append(email.split("@", 1)[0])
    if name:
        parts.extend(p for p in re.split(r"\W+", skeleton(name)) if len(p) >= 4)
    return [p for p in parts if len(p) >= 4]


def password_problems(password: str, *, email: str | None = None, name: str | None = None) -> list[str]:
    """What is wrong with a new password under the rules above (nothing: an empty list)."""
    password = password or ""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(str(_l("The password must have at least %(n)d characters.", n=MIN_LENGTH)))
    if len(password) > MAX_LENGTH:
        problems.append(str(_l("The password may have at most %(n)d characters.", n=MAX_LENGTH)))
    if CONTROL.search(password):
        problems.append(str(_l("The password may not contain control characters.")))
    lowered = skeleton(password)
    if any(part in lowered for part in _personal_parts(email, None)):
        problems.append(str(_l("The password may not contain your email address or user name.")))
    elif any(part in lowered for part in _personal_parts(None, name)):
        problems.append(str(_l("The password may not contain your name.")))
    if password and _guessable(password):
        problems.append(str(_l("This password is too common or too easy to guess; a few unrelated words make a good one.")))
    return problems


def used_before(session: Session, user_id: int, password: str, current_hash: str | None) -> bool:
    """True when the password is the current one or one of the last ``HISTORY`` - 1 before it."""
    if current_hash and verify_password(current_hash, password):
        return True
    hashes = session.scalars(select(PasswordHistory.password_hash).where(PasswordHistory.user_id == user_id)
                             .order_by(PasswordHistory.id.desc()).limit(HISTORY - 1)).all()
    return any(verify_password(h, password) for h in hashes)


def remember(session: Session, user_id: int, password_hash: str) -> None:
    """Keep a replaced password's hash, and only as many as the rule needs."""
    session.add(PasswordHistory(user_id=user_id, password_hash=password_hash))
    session.flush()
    keep = select(PasswordHistory.id).where(PasswordHistory.user_id == user_id) \
        .order_by(PasswordHistory.id.desc()).limit(HISTORY - 1)
    session.execute(delete(PasswordHistory).where(PasswordHistory.user_id == user_id,
                                                  PasswordHistory.id.not_in(keep)))
