"""`flask --app coordinator agencies ...`: add, list, deactivate and (when it holds nothing) delete agencies."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..codes import AGENCY_KINDS, LOCALES
from ..extensions import db
from .agencies import AgencyError, create_agency, delete_agency, update_agency
from .models import Agency
from .services import agency_by_code

agencies = AppGroup("agencies", help="Manage the participating agencies of any country.")


def _agency(code: str) -> Agency:
    agency = agency_by_code(db.session, code)
    if agency is None:
        raise click.ClickException(f"no agency has the code {code}")
    return agency


@agencies.command("create")
@click.option("--code", required=True, help="2 to 16 letters, digits or hyphens: PNC-GT, AZDPS.")
@click.option("--name", required=True)
@click.option("--country", required=True, help="ISO 3166 code: US, MX, GT, BZ, SV, ...")
@click.option("--kind", required=True, type=click.Choice(list(AGENCY_KINDS)))
@click.option("--parent", default=None, help="The code of the agency it is part of.")
@click.option("--locale", default=None, type=click.Choice(list(LOCALES)), help="Default language.")
@click.option("--region", default=None, help="Default plate region: a state (AZ, SON) or a country (GT).")
def create_agency_command(code, name, country, kind, parent, locale, region):
    """Add an agency of any country."""
    try:
        agency = create_agency(db.session, code=code, name=name, country=country, kind=kind, parent=parent,
                               default_locale=locale, default_region=region)
    except AgencyError as err:
        raise click.ClickException(f"{err.field}: {err.message}")
    db.session.commit()
    click.echo(f"created {agency.code} ({agency.country}, {agency.kind})")


@agencies.command("list")
def list_agencies_command():
    """List the agencies: code, country, kind, parent, active."""
    for agency in db.session.scalars(select(Agency).order_by(Agency.code)):
        click.echo(f"{agency.code}\t{agency.country}\t{agency.kind}\t{agency.parent.code if agency.parent else '-'}"
                   f"\t{'active' if agency.active else 'inactive'}\t{agency.name}")


def _set_active(code: str, active: bool) -> None:
    agency = _agency(code)
    update_agency(db.session, agency, {"active": active})
    db.session.commit()
    click.echo(f"{'activated' if active else 'deactivated'} {agency.code}")


@agencies.command("deactivate")
@click.argument("code")
def deactivate_agency_command(code):
    """Deactivate an agency: its users no longer sign in, it is no longer offered; its records stay."""
    _set_active(code, False)


@agencies.command("activate")
@click.argument("code")
def activate_agency_command(code):
    """Make a deactivated agency active again."""
    _set_active(code, True)


@agencies.command("delete")
@click.argument("code")
def delete_agency_command(code):
    """Delete an agency added by mistake; refused while it holds records (deactivate it instead)."""
    agency = _agency(code)
    try:
        delete_agency(db.session, agency)
    except AgencyError as err:
        raise click.ClickException(err.message)
    db.session.commit()
    click.echo(f"deleted {code.upper()}")
