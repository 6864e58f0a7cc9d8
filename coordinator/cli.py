"""`flask --app coordinator ...` commands, thin over the services; each commits once."""
from __future__ import annotations

import os
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from .accounts.models import User
from .accounts.services import AccountError, create_token, create_user
from .security.twofactor import is_enrolled
from .codes import ROLES
from .extensions import db

users = AppGroup("users", help="Manage user accounts.")
tokens = AppGroup("tokens", help="Manage API tokens.")
demo = AppGroup("demo", help="Demonstration data.")
network = AppGroup("network", help="The link graph across agencies.")
imports = AppGroup("import", help="Bulk import of records.")


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--agency", "agency_code", required=True, help="Agency code: ATF, ICE, FGR, PNC-GT, ... (flask agencies list)")
@click.option("--role", required=True, type=click.Choice(list(ROLES)))
@click.option("--password", required=True, help="At least 12 characters.")
@click.option("--locale", type=click.Choice(["en", "es"]), default=None)
@click.option("--timezone", default=None, help="An IANA zone; default: the office's or the agency's.")
@click.option("--phone", default=None)
def create_user_command(email, name, agency_code, role, password, locale, timezone, phone):
    """Create a user of an agency with a role."""
    try:
        user = create_user(db.session, email=email, name=name, agency_code=agency_code, role=role,
                           password=password, locale=locale, timezone=timezone, phone=phone)
    except AccountError as err:
        raise click.ClickException(str(err))
    db.session.commit()
    click.echo(f"created {user.email} ({user.agency.code}, {user.role})")


@users.command("list")
def list_users_command():
    """List the users with their agency and role."""
    for user in db.session.scalars(select(User).order_by(User.email)):
        click.echo(f"{user.email}\t{user.agency.code}\t{user.role}\t{'active' if user.active else 'inactive'}")


@tokens.command("create")
@click.argument("email")
@click.option("--days", type=int, default=None, help="Days until it expires (default API_TOKEN_DAYS).")
@click.option("--label", default=None)
def create_token_command(email, days, label):
    """Print a new API token for the user; only its hash is stored."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"no user with email {email}")
    if current_app.config["REQUIRE_SECOND_FACTOR"] and not is_enrolled(user):
        raise click.ClickException(f"{user.email} has no second factor: tokens are issued only to accounts "
                                   "with one (the API would refuse this one)")
    try:
        token = create_token(db.session, user, days if days is not None else current_app.config["API_TOKEN_DAYS"],
                             label, max_days=current_app.config["API_TOKEN_MAX_DAYS"])
    except AccountError as err:
        raise click.ClickException(str(err))
    db.session.commit()
    click.echo(token)


@tokens.command("list")
@click.argument("email")
def list_tokens_command(email):
    """List a user's tokens: id, label, created, expires, last used, revoked (never the token itself)."""
    from .accounts.services import tokens_of

    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"no user with email {email}")
    for t in tokens_of(db.session, user):
        state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "live"
        click.echo(f"{t.id}\t{t.label or '-'}\tcreated {t.created_at:%Y-%m-%d}\t"
                   f"expires {t.expires_at:%Y-%m-%d}\t{state}" if t.expires_at else f"{t.id}\t{state}")


@tokens.command("revoke")
@click.argument("token_ids", nargs=-1, type=int)
@click.option("--user", "email", default=None, help="Revoke every live token of this user.")
def revoke_tokens_command(token_ids, email):
    """Revoke tokens by id (see `tokens list`), or all of a user's with --user; they stop working at once."""
    from .accounts.models import ApiToken
    from .accounts.services import revoke_all_tokens, revoke_token

    if not token_ids and not email:
        raise click.UsageError("give token ids or --user EMAIL")
    count = 0
    for token_id in token_ids:
        token = db.session.get(ApiToken, token_id)
        if token is None:
            raise click.ClickException(f"no token with id {token_id}")
        count += token.revoked_at is None
        revoke_token(db.session, token, None)
    if email:
        user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None:
            raise click.ClickException(f"no user with email {email}")
        count += revoke_all_tokens(db.session, user, None)
    db.session.commit()
    click.echo(f"revoked {count} token(s)")


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when users exist already.")
def load_demo_command(if_empty):
    """Load the demonstration agencies' users, cases, subjects and operations."""
    from .demo import DEMO_PASSWORD, load_demo

    if if_empty and db.session.scalar(select(User.id).limit(1)) is not None:
        click.echo("database has users already; demo data not loaded")
        return
    accounts = load_demo(db.session)
    db.session.commit()
    click.echo(f"demo data loaded; every demo account's password is {DEMO_PASSWORD}")
    for user in accounts:
        click.echo(f"  {user.email:32} {user.agency.code:6} {user.role}")


@demo.command("accounts")
def demo_accounts_command():
    """Print the demo accounts and their password."""
    from .demo import ACCOUNTS, DEMO_PASSWORD

    click.echo(f"Demo accounts (password: {DEMO_PASSWORD}):")
    for email, name, code, role, locale, _zone, _phone in ACCOUNTS:
        click.echo(f"  {email:30} {code:6} {role:10} {locale}  {name}")


@imports.command("subjects")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--case", "case_id", type=int, required=True, help="The case the records belong to.")
@click.option("--user", "email", required=True, help="The importing user (an agent of the case's agency).")
@click.option("--format", "fmt", type=click.Choice(["auto", "csv", "jsonl"]), default="auto")
@click.option("--batch", "batch_size", type=click.IntRange(1, 100_000), default=50_000, show_default=True,
              help="Rows written and committed together (larger batches write the key index faster).")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False), default=None,
              help="Write the refused lines to this CSV file (line, field, message).")
@click.option("--workers", type=click.IntRange(0, 64), default=None,
              help="Processes that validate rows while this one writes (default: one per CPU; 0: none).")
def import_subjects_command(path, case_id, email, fmt, batch_size, errors_path, workers):
    """Import subject records from CSV or JSON Lines; good rows land, bad rows are reported.

    Each batch is committed when written, so an interruption keeps what was
    already imported; SQLite's write lock is held for one batch at a time.
    """
    import csv

    from .access import case_for
    from .imports.parse import detect_format, read_rows
    from .imports.services import import_subjects

    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"no user with email {email}")
    try:
        case = case_for(db.session, user, case_id, write=True)
        fmt = detect_format(path) if fmt == "auto" else fmt
    except ValueError as err:
        raise click.ClickException(str(err))
    except Exception:
        raise click.ClickException(f"case {case_id} is not a case {email} may write to")
    with open(path, encoding="utf-8-sig") as stream:
        total = sum(1 for _line in stream) - (1 if fmt == "csv" else 0)
    with open(path, encoding="utf-8-sig", newline="") as stream, \
            click.progressbar(length=max(total, 0), label="importing", file=sys.stderr) as bar:
        seen = [0]

        def committed(done: int) -> None:
            db.session.commit()
            bar.update(done - seen[0])
            seen[0] = done

        report = import_subjects(db.session, user, case, read_rows(stream, fmt), batch_size=batch_size,
                                 after_batch=committed, workers=(os.cpu_count() or 1) if workers is None else workers)
    db.session.commit()
    click.echo(f"imported {report.imported}, refused {report.failed}, alerts {len(report.alert_ids)}, "
               f"receipt {report.receipt}")
    if errors_path:
        with open(errors_path, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["line", "field", "message"])
            writer.writerows((e.line, e.field, e.message) for e in report.errors)
    else:
        for error in report.errors[:50]:
            click.echo(f"line {error.line}: {error.field}: {error.message}", err=True)


@network.command("report")
@click.option("--component-of", "component_of", type=int, default=None, help="Only the network of this case (its id).")
@click.option("--top", type=click.IntRange(1, 10_000), default=20, show_default=True,
              help="How many networks and connectors to list.")
def network_report_command(component_of, top):
    """Print the networks spanning agencies and what ties the most cases, as a monitor sees them (no subjects)."""
    import time

    from werkzeug.exceptions import NotFound

    from .network.services import network_report
    from .network.text import report_lines

    start = time.perf_counter()
    try:
        report = network_report(db.session, None, component_of=component_of, top=top)
    except NotFound:
        raise click.ClickException(f"no case with id {component_of}")
    for line in report_lines(report):
        click.echo(line)
    click.echo(f"({time.perf_counter() - start:.1f} s)")


persons = AppGroup("persons", help="Person matching.")


@persons.command("recount")
def persons_recount_command():
    """Count every person record's names and date of birth again (a repair; registrations keep them current)."""
    from .conflicts.frequencies import recount

    total = recount(db.session)
    db.session.commit()
    click.echo(f"counted {total} person records")


@persons.command("rekey")
def persons_rekey_command():
    """Index every person record again under the keys it is read by today (a repair; registrations write them)."""
    from .conflicts.rekey import rekey_persons

    total = rekey_persons(db.session)
    db.session.commit()
    click.echo(f"indexed {total} person records again")


outbox = AppGroup("outbox", help="The email outbox.")


@outbox.command("send")
@click.option("--loop", is_flag=True, help="Keep sending, every --interval seconds, until stopped.")
@click.option("--interval", type=click.IntRange(1, 3600), default=30, show_default=True)
@click.option("--limit", type=click.IntRange(1, 10_000), default=200, show_default=True,
              help="At most this many messages per pass.")
def outbox_send_command(loop, interval, limit):
    """Send the emails that are due through SMTP_HOST; a refused one is retried later, never dropped.

    Each message is committed as soon as the server accepted it, so an
    interrupted run loses nothing and re-sends nothing it had marked. A
    message that cannot be built into an email is set aside with its error
    (``outbox status`` counts them) and never holds up the others.
    """
    import time

    from .notifications.outbox import SENT, SET_ASIDE, SmtpSettings, SmtpTransport, claim_due, deliver

    settings = SmtpSettings.from_config(current_app.config)
    if not settings.host:
        kept = "SMTP_HOST is not set: the outbox is kept (and shown at /notifications/outbox)"
        if not loop:
            raise click.ClickException(kept)
        # Beside the app (`make run`) an idle sender must not end: honcho would stop every process with it.
        click.echo(kept + "; waiting until stopped")
        while True:
            time.sleep(3600)
    transport = SmtpTransport(settings)
    while True:
        ids = claim_due(db.session, limit=limit)
        db.session.commit()
        outcomes = []
        for message_id in ids:
            outcomes.append(deliver(db.session, message_id, transport, settings.sender))
            db.session.commit()
        aside = outcomes.count(SET_ASIDE)
        click.echo(f"sent {outcomes.count(SENT)} of {len(ids)} due message(s)"
                   + (f"; set aside {aside} that cannot be built (see `outbox status`)" if aside else ""))
        if not loop:
            return
        time.sleep(interval)


@outbox.command("status")
def outbox_status_command():
    """How many messages are pending and sent, and the oldest pending one's last error."""
    from .notifications.models import OutboxMessage
    from .notifications.services import outbox_counts

    counts = outbox_counts(db.session)
    click.echo(f"pending {counts['pending']}, sent {counts['sent']}, failed {counts['failed']}")
    for failed in db.session.scalars(select(OutboxMessage).where(OutboxMessage.status == "failed")
                                     .order_by(OutboxMessage.id.desc()).limit(10)):
        click.echo(f"set aside: #{failed.id} to {failed.to_address}: {failed.last_error}")
    oldest = db.session.scalar(select(OutboxMessage).where(OutboxMessage.status == "pending")
                               .order_by(OutboxMessage.created_at).limit(1))
    if oldest is not None:
        click.echo(f"oldest pending: #{oldest.id} to {oldest.to_address}, {oldest.attempts} attempt(s), "
                   f"next at {oldest.next_attempt_at:%Y-%m-%d %H:%M:%S}Z, last error: {oldest.last_error or '-'}")


def register(app: Flask) -> None:
    from .accounts.commands import agencies
    from .monitoring.commands import monitoring, reports

    from .audit.cli import audit
    from .jobs.cli import jobs
    from .retention.cli import retention
    from .watch.cli import watch
    from .federation.cli import federation

    for group in (users, tokens, demo, imports, network, persons, outbox, reports, monitoring, audit, retention,
                  watch, agencies, federation, jobs):
        app.cli.add_command(group)
