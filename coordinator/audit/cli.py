"""`flask --app coordinator audit ...`: seal the log, verify it, export the trail."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from .chain import SEAL_BATCH
from .recorder import record
from .sealer import seal_forever, seal_pending, verify_log
from .search import AuditFilter, csv_lines, export_rows

audit = AppGroup("audit", help="The audit trail.")


@audit.command("seal")
@click.option("--loop", is_flag=True, help="Keep sealing, every --interval seconds.")
@click.option("--interval", type=click.FloatRange(0.05, 3600), default=1.0, show_default=True,
              help="Seconds between rounds with --loop.")
@click.option("--batch", type=click.IntRange(1, 1_000_000), default=SEAL_BATCH, show_default=True,
              help="Most entries in one batch.")
def seal_command(loop, interval, batch):
    """Seal the committed entries into the log and export its checkpoint; safe to run several at once."""
    app = current_app._get_current_object()
    if loop:
        seal_forever(db.session, app, interval, batch)
        return
    seals = seal_pending(db.session, app, batch)
    if not seals:
        click.echo("nothing to seal")
        return
    last = seals[-1]
    click.echo(f"sealed {last.last_seq - seals[0].first_seq + 1} entries in {len(seals)} batch(es); "
               f"log size {last.last_seq}, batch {last.batch}, head {last.hash}")


@audit.command("verify")
def verify_command():
    """Check every sealed entry and batch and the last checkpoint; exit 1 naming the first broken entry."""
    verdict = verify_log(db.session, current_app._get_current_object())
    record(db.session, "audit.verify", outcome="success" if verdict.ok else "failure",
           details={"checked": verdict.checked, "broken_seq": verdict.broken_seq})
    db.session.commit()
    if verdict.ok:
        click.echo(f"audit trail intact: {verdict.checked} entries sealed; head {verdict.head_seq} "
                   f"{verdict.head_hash}; {verdict.unsealed} waiting for a seal; "
                   f"checkpoint {verdict.checkpoint_size if verdict.checkpoint_size is not None else 'none'}")
        return
    click.echo(f"audit trail BROKEN at entry {verdict.broken_seq}: "
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
