"""What crosses to a peer instance: keyed hashes of blocking keys, a Bloom-filter encoding of names, hashed cells.

Never a record: every value sent is an HMAC-SHA256 under the federation's
shared secret (``FEDERATION_SECRET``), truncated to 128 bits, of a
blocking key the local engine already derives (``keys.subject_keys``), of
a date of birth, or of a space-time cell. Two instances that hold the same
secret derive the same hash from the same key, so a peer finds its own
records that share a key without learning the key.

Names need fuzzy comparison, which exact hashes cannot give: a person's
names are also sent as a cryptographic long-term key (CLK, Schnell et al.
2011, as clkhash/anonlink build it): the character bigrams of each name
word (padded, accents and case folded) are each set into a 1,024-bit Bloom
filter by ``NAME_HASHES`` keyed hash functions (double hashing over
HMAC-SHA256); two spellings of one name share most bigrams, so their
filters share most bits, and the Dice coefficient of the filters measures
how alike the names are. Operations are sent as their map cells
(``events.event_keys``) crossed with the UTC hours of their windows, hashed.

Plain Python: the engine's own keys and cells, a secret and values in,
hashes out.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import datetime, timedelta, timezone
from typing import Mapping

from unidecode import unidecode

from .events import event_keys, event_query_keys
from .nicknames import name_classes
from .spelling import readable

VERSION = "1"
HASH_HEX = 32  # 128 bits of each HMAC-SHA256
NAME_BITS = 1024
NAME_HASHES = 20
# Keys that say little alone (a serial without its make, a plate without its state): a hit on them only is "possible".
WEAK_TAGS = frozenset({"fs", "pn"})
PERSON_FIELDS = ("first_name", "middle_name", "last_name", "second_last_name")
GIVEN_FIELDS = ("first_name", "middle_name")
# A person hit: the same date of birth and names this alike (Dice) is a "match", or less alike a "possible";
# a date one typing slip away (day and month swapped, a year off by one) needs the names NAME_NEAR_DATE alike.
NAME_MATCH = 0.85
NAME_POSSIBLE = 0.70
NAME_NEAR_DATE = 0.85
HOUR = timedelta(hours=1)
MAX_HOURS = 24 * 14  # a longer window is sent as its first two weeks

ENCODING = {
    "version": VERSION,
    "keyed_hash": {"algorithm": "HMAC-SHA256", "key": "FEDERATION_SECRET", "truncated_to_bits": HASH_HEX * 4,
                   "encoding": "hex", "input": "purpose + ':' + value (UTF-8)",
                   "purposes": {"k": "a blocking key", "d": "a date of birth (ISO 8601), and its near forms "
                                   "'a{year div 2}:{DDMM}' and 'b{(year+1) div 2}:{DDMM}' with day and month "
                                   "sorted (DDMM: the smaller first)",
                                "c": "a map cell + '@' + a UTC hour (YYYY-MM-DDTHH)",
                                "f": "the constant 'federation': a question's 'secret' field, its first 16 hex "
                                     "digits; a question under another secret is refused (409 secret_mismatch)"}},
    "name_bloom_filter": {"bits": NAME_BITS, "hash_functions": NAME_HASHES,
                          "tokens": "character bigrams of each name word, padded with '_' at both ends, "
                                    "after folding accents and case; a given name (first or middle) found in the "
                                    "nickname table is encoded as the formal name of each of its classes instead",
                          "given_names": "the nickname and Spanish/English equivalents table of "
                                         "coordinator/deconfliction/nicknames.py: a form's classes are the formal "
                                         "Spanish names its formal names are equivalent to (Pepe, José -> JOSE; "
                                         "Bill, William, Guillermo -> GUILLERMO)",
                          "hashing": "double hashing: h1, h2 = the two 64-bit halves of HMAC-SHA256(secret, 'n:' + "
                                     "bigram); bit i = (h1 + i*h2) mod bits, i = 0..hash_functions-1",
                          "encoding": "base64 of the bit array, most significant bit first",
                          "similarity": "Dice coefficient", "match_at": NAME_MATCH,
                          "possible_at": NAME_POSSIBLE, "possible_with_a_near_date_at": NAME_NEAR_DATE},
    "event_cells": {"cells": "the map cells of coordinator.deconfliction.events (fine 'ef', coarse 'ec'/'eL')",
                    "time": "UTC hours the window touches", "query": "the asker widens its area and window by "
                    "its distance and time margins; cells met in the unwidened window are an overlap"},
}


def keyed(secret: bytes, purpose: str, value: str) -> str:
    """HMAC-SHA256 of ``purpose:value`` under the federation's secret, truncated (hex)."""
    return hmac.new(secret, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:HASH_HEX]


def secret_fingerprint(secret: bytes) -> str:
    """Which secret a question was hashed under, without telling it: a peer holding another one refuses it.

    While a rotation of ``FEDERATION_SECRET`` is half done, hashes under
    two secrets never meet: without this a question would be answered
    "no hit" when nothing was compared.
    """
    return keyed(secret, "f", "federation")[:16]


def hashed_keys(secret: bytes, keys: list[str]) -> list[tuple[str, bool]]:
    """Each blocking key's hash, with whether it is strong alone."""
    return [(keyed(secret, "k", key), key.split(":", 1)[0] not in WEAK_TAGS) for key in dict.fromkeys(keys)]


def _words(fields: Mapping[str, object]) -> list[str]:
    """The name words to encode, a given name in the nickname table as its canonical forms.

    The local matcher knows Pepe for José and Bill for William from its
    table; bigrams do not (Pepe and José share none). Encoding a given name
    as the formal names of its classes, the ones ``nicknames.relation``
    compares, carries that knowledge across: both sides derive the same
    words from the shared table, and nothing about which form was typed.
    """
    words = []
    for name in PERSON_FIELDS:
        value = fields.get(name)
        if not isinstance(value, str):
            continue
        # Read as the matcher reads it: an encoding repaired, a scan's digits and soft hyphens mended.
        for word in re.findall(r"[a-z]+", unidecode(readable(value)).lower()):
            classes = name_classes(word.upper()) if name in GIVEN_FIELDS else ()
            words += sorted(c.lower() for c in classes) or [word]
    return words


def name_filter(secret: bytes, fields: Mapping[str, object]) -> str | None:
    """The person's names as a Bloom filter (base64), or None without a name."""
    words = _words(fields)
    if not words:
        return None
    bits = bytearray(NAME_BITS // 8)
    for word in words:
        padded = f"_{word}_"
        for i in range(len(padded) - 1):
            digest = hmac.new(secret, f"n:{padded[i:i + 2]}".encode(), hashlib.sha256).digest()
            h1, h2 = int.from_bytes(digest[:8], "big"), int.from_bytes(digest[8:16], "big")
            for k in range(NAME_HASHES):
                bit = (h1 + k * h2) % NAME_BITS
                bits[bit // 8] |= 0x80 >> (bit % 8)
    return base64.b64encode(bytes(bits)).decode()


def dice(a: str, b: str) -> float:
    """The Dice coefficient of two Bloom filters: 2|A∩B| / (|A|+|B|)."""
    x, y = base64.b64decode(a), base64.b64decode(b)
    if len(x) != len(y):
        return 0.0
    both = sum(bin(p & q).count("1") for p, q in zip(x, y))
    total = sum(bin(p).count("1") for p in x) + sum(bin(q).count("1") for q in y)
    return 2 * both / total if total else 0.0


def birth_hashes(secret: bytes, fields: Mapping[str, object]) -> tuple[str | None, list[str]]:
    """The date of birth's hash, and those of its near forms: day and month sorted, in two two-year windows.

    Two dates one slip apart (day and month swapped, the year off by one)
    share a near form, as the local person keys do; the exact hash tells a
    match from a possible. A record without a whole date is hashed under its
    CURP's (``persons.PersonRecord.known``), as its local keys are.
    """
    from .persons import PersonRecord

    dob, _sex, from_curp = PersonRecord.from_fields(fields).known
    text = dob.isoformat() if from_curp else str(fields.get("dob") or "")[:10]
    found = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", text)
    if not found:
        return None, []
    year, month, day = int(found[1]), int(found[2]), int(found[3])
    day_month = f"{min(month, day):02d}{max(month, day):02d}"
    return keyed(secret, "d", text), [keyed(secret, "d", f"a{year // 2}:{day_month}"),
                                      keyed(secret, "d", f"b{(year + 1) // 2}:{day_month}")]


Encoded = tuple[str | None, str | None, list[str]]  # (name filter, date-of-birth hash, its near forms' hashes)


def judge_person(mine: Encoded, theirs: Encoded) -> tuple[str, float] | None:
    """Two encoded persons: ("match" | "possible", the names' Dice), or None.

    The same date of birth with names at least ``NAME_MATCH`` alike is a
    match, at least ``NAME_POSSIBLE`` a possible; a date one slip away
    (a near form shared) with names at least ``NAME_NEAR_DATE`` alike is
    possible. Names alone never alert: namesakes share them.
    """
    if not mine[0] or not theirs[0]:
        return None
    score = dice(mine[0], theirs[0])
    same = mine[1] is not None and mine[1] == theirs[1]
    near = bool(set(mine[2] or ()) & set(theirs[2] or ()))
    if same and score >= NAME_MATCH:
        return "match", score
    if (same and score >= NAME_POSSIBLE) or (near and score >= NAME_NEAR_DATE):
        return "possible", score
    return None


def _hours(starts: datetime, ends: datetime) -> list[str]:
    moment = starts.astimezone(timezone.utc).replace(minute=0, second=0, microsecond=0)
    out = []
    while moment < ends and len(out) < MAX_HOURS:
        out.append(moment.strftime("%Y-%m-%dT%H"))
        moment += HOUR
    return out


def event_index(secret: bytes, lat: float, lon: float, radius_m: float, starts: datetime, ends: datetime) -> list[str]:
    """The hashed cells an operation is indexed under for peers' questions."""
    return [keyed(secret, "c", f"{cell}@{hour}") for cell in event_keys(lat, lon, radius_m)
            for hour in _hours(starts, ends)]


def event_query(secret: bytes, lat: float, lon: float, radius_m: float, starts: datetime, ends: datetime,
                margin_m: float, margin: timedelta) -> tuple[list[str], list[str]]:
    """The hashed cells a peer is asked about: (in the window itself, only within the time margin)."""
    cells = event_query_keys(lat, lon, radius_m + margin_m)
    inside = {keyed(secret, "c", f"{c}@{h}") for c in cells for h in _hours(starts, ends)}
    near = {keyed(secret, "c", f"{c}@{h}") for c in cells for h in _hours(starts - margin, ends + margin)} - inside
    return sorted(inside), sorted(near)
