"""`flask --app coordinator watch ...`: escalating overdue critical alerts, sending the phone outbox, regions."""
from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db

watch = AppGroup("watch", help="The watch centre: escalation of unacknowledged critical alerts.")


def send_phone_outbox(limit: int) -> tuple[int, int] | None:
    """Post the due text messages and calls to the gateway, each committed once accepted; None without a gateway."""
    from ..notifications.phone import GatewaySettings, WebhookGateway, claim_due_phone, deliver_phone

    settings = GatewaySettings.from_config(current_app.config)
    if not settings.url:
        return None
    gateway = WebhookGateway(settings)
    ids = claim_due_phone(db.session, limit=limit)
    db.session.commit()
    sent = 0
    for message_id in ids:
        sent += deliver_phone(db.session, message_id, gateway)
        db.session.commit()
    return sent, len(ids)


@watch.command("escalate")
@click.option("--loop", is_flag=True, help="Keep going, every --interval seconds, until stopped.")
@click.option("--interval", type=click.IntRange(1, 3600), default=30, show_default=True)
@click.option("--minutes", type=click.IntRange(1, 24 * 60), default=None,
              help="The acknowledgement limit (default WATCH_ACK_MINUTES, 15).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=200, show_default=True,
              help="At most this many phone messages per pass.")
def escalate_command(loop, interval, minutes, limit):
    """Escalate critical alerts a side has not acknowledged in time (once per side), then send the phone outbox.

    Each pass commits its escalations together with their notifications and
    phone messages, then posts the due messages to PHONE_GATEWAY_URL, each
    committed as soon as the gateway accepted it. Several of these processes
    may run at once: the database lets each side escalate once.
    """
    from .escalation import escalate_overdue

    minutes = minutes or current_app.config["WATCH_ACK_MINUTES"]
    while True:
        made = escalate_overdue(db.session, minutes)
        db.session.commit()
        line = f"escalated {len(made)} side(s) of critical alerts unacknowledged after {minutes} min"
        phone = send_phone_outbox(limit)
        line += "; phone outbox kept (PHONE_GATEWAY_URL is not set)" if phone is None else \
            f"; sent {phone[0]} of {phone[1]} due phone message(s)"
        click.echo(line)
        if not loop:
            return
        time.sleep(interval)


@watch.command("region")
@click.argument("email")
@click.option("--state", "states", multiple=True,
              help="A US or Mexican state the officer covers (AZ, SON, Chihuahua...; repeat).")
@click.option("--border", is_flag=True, help="The ten US and Mexican states along the border.")
@click.option("--box", default=None, help="An area: SOUTH,WEST,NORTH,EAST in degrees.")
@click.option("--zone", "zones", multiple=True, help="An IANA time zone the officer covers (repeat).")
@click.option("--name", default=None, help="The region's name, e.g. 'Arizona–Sonora'.")
def region_command(email, states, border, box, zones, name):
    """Give a watch officer a region (states, an area, time zones, or a mix); none of them: national."""
    from .services import WatchActionError, set_region

    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"no user with email {email}")
    try:
        area = [part.strip() for part in box.split(",")] if box else None
        region = set_region(db.session, user, name, list(zones), [*states, *(["border"] if border else [])], area)
    except WatchActionError as err:
        raise click.ClickException(err.message)
    db.session.commit()
    if region is None:
        click.echo(f"{user.email}: national")
        return
    parts = [*(region.states or ()), *region.zones]
    if region.box:
        parts.append("box " + ",".join(str(v) for v in region.box))
    click.echo(f"{user.email}: {region.name} ({', '.join(parts)})")
