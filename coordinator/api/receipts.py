"""The receipt and conflicts of a record's latest check, for the API's answers."""
from __future__ import annotations

from flask_babel import gettext as _

from ..conflicts.present import latest_receipt
from ..extensions import db


def checked(record_type: str, record_id: int, agency_id: int) -> tuple[str | None, list[dict]]:
    """The receipt number and the conflicts found by the latest check of a record."""
    return latest_receipt(db.session, record_type, record_id, agency_id, _)
