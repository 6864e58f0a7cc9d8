"""CSV downloads of the monitor's tables, safe to open in a spreadsheet."""
from __future__ import annotations

import csv
import io

from flask import Response, abort
from sqlalchemy.orm import Session

from .dashboard import Filters, table_named
from .tables import Table

# A cell a spreadsheet would run as a formula ("=HYPERLINK(...)") is quoted as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def table_csv(table: Table) -> str:
    """The table as CSV text: a heading row, then its rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_cell(c) for c in table.columns])
    writer.writerows([_cell(v) for v in row] for row in table.rows)
    return out.getvalue()


def csv_response(table: Table, filename: str) -> Response:
    """A download of the table; UTF-8 with a byte-order mark so spreadsheets read the accents right."""
    return Response("\ufeff" + table_csv(table), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def table_download(session: Session, name: str, filters: Filters | None, names: tuple[str, ...]) -> Response:
    """One of the dashboard's tables as a CSV file: a 404 for a name not in ``names``, a 400 without filters."""
    if name not in names:
        abort(404)
    if filters is None:
        abort(400)
    return csv_response(table_named(session, name, filters),
                        f"{name}-{filters.period.key}-{filters.agency or 'all'}.csv")
