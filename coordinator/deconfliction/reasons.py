"""Why two records matched, in words the viewer's interface can translate."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping


def N_(message: str) -> str:
    """Mark a message for extraction without translating it here.

    The engine has no request and no locale; the caller translates the
    message when it renders it for a particular user.
    """
    return message


@dataclass(frozen=True)
class Reason:
    """One piece of evidence behind a match.

    ``code`` is stable and machine-readable ("same_dob", "nickname", ...);
    ``message`` is an English template with ``%(name)s`` placeholders marked
    with :func:`N_`; ``params`` fills them in.
    """

    code: str
    message: str
    params: Mapping[str, str] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str] = lambda s: s) -> str:
        """Return the message in the language ``translate`` speaks.

        Parameters are offered to ``translate`` too: the engine fills some
        with words of its own (a document's kind, a spelling rule), marked
        with :func:`N_`; names and numbers simply have no translation.
        """
        params = {key: translate(value) if value else value for key, value in self.params.items()}
        return translate(self.message) % params


@dataclass(frozen=True)
class MatchResult:
    """The verdict on one candidate pair.

    ``level`` is "match" (confident), "possible" (for human review) or None
    (not the same thing); ``score`` is in [0, 1].
    """

    score: float
    level: str | None
    reasons: tuple[Reason, ...] = ()

    @property
    def is_match(self) -> bool:
        return self.level is not None
