"""`flask --app coordinator audit ...`: verify the chain, export the trail."""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from ..extensions import db
from .chain import verify
from .recorder import record
from .search import AuditFilter, csv_lines, export_rows

audit = AppGroup("audit", help="The audit trail.")


@audit.command("verify")
def verify_command():
    """Recompute every entry's hash; exit 1 naming the first broken entry, 0 when the chain is intact."""
    verdict = verify(db.session)
    record(db.session, "audit.verify", outcome="success" if verdict.ok else "failure",
           details={"checked": verdict.checked, "broken_seq": verdict.broken_seq})
    db.session.commit()
    if verdict.ok:
        click.echo(f"audit trail intact: {verdict.checked} entries; head {verdict.head_seq} {verdict.head_hash}")
        return
    click.echo(f"audit trail BROKEN at entry {verdict.broken_seq} (audit_events.id = {verdict.broken_seq}): "
               f"{verdict.problem} ({verdict.checked} entries before it verified)", err=True)
    sys.exit(1)


@audit.command("term-digest")
@click.argument("term")
def term_digest_command(term):
    """Print the digest a search for TERM is written to the trail as (to find who searched for it)."""
    from .requests import term_digest

    record(db.session, "audit.term_digest", details={})
    db.session.commit()
    click.echo(term_digest(term))


@audit.command("export")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="First day (UTC).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last day (UTC).")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="CSV file (default: stdout).")
def export_command(since, until, output):
    """Write the trail (or the days given) as CSV; the export is itself audited."""
    filters = AuditFilter(since=since.date() if since else None, until=until.date() if until else None)
    for line in csv_lines(export_rows(db.session, filters)):
        output.write(line)
    record(db.session, "audit.export", details={"query": filters.as_args()})
    db.session.commit()
