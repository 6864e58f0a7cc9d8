"""The receipt and conflicts of a record's latest check, for the API's answers."""
from __future__ import annotations

from flask_babel import gettext as _

from ..conflicts.present import latest_receipt, verdict_of
from ..extensions import db
from .serialise import iso


def checked(record_type: str, record_id: int, agency_id: int) -> tuple[str | None, list[dict]]:
    """The receipt number and the conflicts found by the latest check of a record."""
    return latest_receipt(db.session, record_type, record_id, agency_id, _)


def peers_checked(record_type: str, record_id: int) -> dict | None:
    """Which peer instances the latest check asked, and which could not be reached (None without a federation).

    ``{"checked": [names], "not_checked": [names]}``: a peer named in
    ``not_checked`` gave no answer, so "no conflict" there is not known; the
    question waits and is asked when it answers (``checked_later``).
    """
    from ..conflicts.detect import latest_check

    check = latest_check(db.session, record_type, record_id)
    return check.peers if check is not None else None


def live(record_type: str, record_id: int, agency_id: int) -> dict:
    """A record's verdict for a GET: the alerts open now as ``conflicts``, and its latest receipt with its time.

    ``checked_conflicts`` is what that check found at ``checked_at``.
    """
    verdict = verdict_of(db.session, record_type, record_id, agency_id, _)
    return {"conflicts": verdict.open, "receipt": verdict.receipt, "checked_at": iso(verdict.checked_at),
            "checked_conflicts": verdict.found, "peers": peers_checked(record_type, record_id)}


def openapi_components() -> dict:
    """A registration's answer and the peers its check asked, for the document's ``components.schemas``."""
    names = {"type": "array", "items": {"type": "string"}}
    conflicts = {"type": "array", "items": {"$ref": "#/components/schemas/Conflict"}}
    return {
        "PeersChecked": {
            "type": ["object", "null"], "required": ["checked", "not_checked"],
            "description": "The peer instances the check asked (null when this instance is in no federation). "
                           "A peer in not_checked did not answer: no conflict there is not known; the question "
                           "waits and is asked again, and the peer moves to checked_later",
            "properties": {"checked": names, "not_checked": names, "checked_later": names}},
        "Receipt": {
            "type": "object", "required": ["receipt", "conflicts", "peers"],
            "description": "What a registration or a change answers besides the record: its check's receipt",
            "properties": {"receipt": {"type": ["string", "null"]}, "conflicts": conflicts,
                           "peers": {"$ref": "#/components/schemas/PeersChecked"}}},
    }
