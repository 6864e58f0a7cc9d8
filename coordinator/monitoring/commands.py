"""`flask --app coordinator reports ...` and `monitoring ...`: the outcomes report and the default MOUs."""
from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from ..accounts.agencies import is_agency_code
from ..extensions import db
from .periods import PeriodError, parse_period
from .report import outcomes_report
from .text import report_lines

reports = AppGroup("reports", help="Outcome reports, as the monitor's dashboard and the API give them.")
monitoring = AppGroup("monitoring", help="MOUs, their rules and the performance measures.")


@reports.command("outcomes")
@click.option("--agency", default=None, help="Agency code (ATF, ICE, ...); every agency when left out.")
@click.option("--fiscal-year", "fiscal_year", default=None, help="US fiscal year (October to September).")
@click.option("--year", default=None, help="Calendar year, instead of a fiscal year.")
@click.option("--from", "start", default=None, help="First day (ISO date), with --to, instead of a year.")
@click.option("--to", "end", default=None, help="Last day (ISO date).")
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON instead of text.")
def outcomes_command(agency, fiscal_year, year, start, end, as_json):
    """Print the outcomes funnel of an agency (or all) for a period; the current fiscal year by default."""
    code = agency.strip().upper() if agency else None
    if code is not None and not is_agency_code(db.session, code):
        raise click.BadParameter(f"not an agency code: {agency}", param_hint="--agency")
    args = {key: value for key, value in {"fiscal_year": fiscal_year, "year": year, "from": start,
                                           "to": end}.items() if value}
    try:
        period = parse_period(args)
    except PeriodError as err:
        raise click.BadParameter(err.message, param_hint=f"--{err.field.replace('_', '-')}")
    report = outcomes_report(db.session, code, period)
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
        return
    for line in report_lines(report):
        click.echo(line)


@monitoring.command("seed")
def seed_command():
    """Record the parties' own MOU of the public record, without invented figures (once; again changes nothing).

    The demo's example MOUs and measures, with invented figures, are written only by ``flask demo load``.
    """
    from .seed import seed_monitoring

    created = seed_monitoring(db.session)
    db.session.commit()
    click.echo(f"{created} MOU(s) recorded or measure(s) corrected" if created else "already recorded; nothing changed")
