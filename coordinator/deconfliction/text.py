"""Text folding shared by the normalisers: accents, case, punctuation, placeholders."""
from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_NON_ALNUM = re.compile(r"[^A-Z0-9]+")

# What people type when the value is unknown. Two records saying "UNKNOWN"
# or "OBLITERATED" (a common state of serials on guns seized in Mexico) are
# not the same gun, so these never become keys.
PLACEHOLDERS = frozenset(
    "UNKNOWN UNK UNKN NA NONE NULL NIL NOSERIAL NOSN NOVIN NOPLATE NOPLATES SINPLACA SINPLACAS "
    "SP SN SINNUMERO SINSERIE OBLITERATED OBLIT DEFACED GROUNDOFF REMOVED ILLEGIBLE "
    "BORRADO LIMADO DESCONOCIDO NOAPLICA NOLEGIBLE TEMP TEMPORARY PAPER PERMISO XXX TBD".split()
)


def normalise_text(value: object) -> str:
    """Fold accents, case, apostrophes and punctuation: "Ñoño's Av." -> "NONOS AV"."""
    if value is None:
        return ""
    text = unidecode(unicodedata.normalize("NFKC", str(value)))
    text = text.replace("'", "").replace("`", "").upper()
    return _NON_ALNUM.sub(" ", text).strip()


def compact(value: object) -> str:
    """Uppercase alphanumerics only, every separator dropped."""
    return normalise_text(value).replace(" ", "")
