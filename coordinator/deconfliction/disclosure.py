"""Need to know in the reasons: a side sees its own values, never the other record's.

Person reasons quote names ("Chuy is a nickname of Jesús"). Shown to one
agency, a quoted name that is not on that agency's own record is replaced by
words that say it was withheld, so the reason still reads and nothing of the
other case leaks.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from unidecode import unidecode

from .reasons import N_, Reason

NAME_PARAMS = frozenset({"a", "b", "nick", "name", "alias", "form"})
WITHHELD = N_("the name on their record")
_NAME_FIELDS = ("first_name", "middle_name", "last_name", "second_last_name")


def _fold(value: str) -> str:
    # Dots and apostrophes dropped: a reason quotes "Ma." and "Hdz." as the words the matcher read, "Ma" and "Hdz".
    text = unidecode(value).upper().replace("-", " ").replace(",", " ").replace(".", " ").replace("'", "")
    return " ".join(text.split())


def own_names(fields: Mapping[str, object]) -> set[str]:
    """Every name and name word on a person record, folded, with its aliases."""
    names: set[str] = set()
    values = [fields.get(name) for name in _NAME_FIELDS] + list(fields.get("aliases") or [])
    for value in values:
        if isinstance(value, str) and value.strip():
            folded = _fold(value)
            names.add(folded)
            names.update(folded.split())
    return names


def _is_own(value: str, names: set[str]) -> bool:
    folded = _fold(value)
    return folded in names or all(word in names for word in folded.split())


def withhold_other_names(reasons: Iterable[Reason], own_fields: Mapping[str, object]) -> tuple[Reason, ...]:
    """The reasons with every quoted name that is not the viewer's own replaced by a withheld marker."""
    names = own_names(own_fields)
    safe = []
    for reason in reasons:
        params = dict(reason.params)
        for key in NAME_PARAMS & params.keys():
            if params[key] and not _is_own(str(params[key]), names):
                params[key] = WITHHELD
        safe.append(Reason(reason.code, reason.message, params))
    return tuple(safe)
