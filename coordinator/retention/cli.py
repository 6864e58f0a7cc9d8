"""`flask --app coordinator retention report`: what is due for review, per agency."""
from __future__ import annotations

from datetime import datetime, time, timezone

import click
from flask import current_app
from flask.cli import AppGroup

from ..audit.recorder import record
from ..extensions import db
from .services import retention_report

retention = AppGroup("retention", help="28 CFR Part 23 retention review.")


@retention.command("report")
@click.option("--agency", "agency_code", default=None, help="Only this agency (ATF, FGR, ...).")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Report as on this day (default: now).")
@click.option("--list/--no-list", "listing", default=True, show_default=True, help="List the due records.")
def report_command(agency_code, as_of, listing):
    """Per agency, the records due for review and those without a criminal predicate (ids, never contents)."""
    now = datetime.combine(as_of.date(), time.max, tzinfo=timezone.utc) if as_of else None
    years = current_app.config["RETENTION_YEARS"]
    summary, rows = retention_report(db.session, now, agency_code, years)
    click.echo(f"{'agency':8} {'due':>7} {'no predicate':>13}  oldest due")
    for line in summary:
        click.echo(f"{line.agency:8} {line.due:>7} {line.missing_predicate:>13}  {line.oldest_due_on or '-'}")
    if listing and rows:
        click.echo("")
        click.echo(f"{'record':>8} {'agency':8} {'case':16} {'kind':10} {'entered':10} {'validated':10} due")
        for row in rows:
            click.echo(f"{row.subject_id:>8} {row.agency:8} {row.case_number[:16]:16} {row.kind:10} "
                       f"{row.entered_on} {str(row.validated_on or '-'):10} {row.due_on}")
    record(db.session, "retention.report", details={"agency": agency_code, "due": sum(s.due for s in summary)})
    db.session.commit()
