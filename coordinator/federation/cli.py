"""`flask --app coordinator federation ...`: this instance's identity and its peers."""
from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from ..extensions import db
from .client import PeerUnreachable
from .identity import NotFederated, identity, own_name
from .outbound import hello
from .peers import PeerError, add_peer, peer_named, peers, set_status

federation = AppGroup("federation", help="Deconfliction with peer instances.")


def _own_name() -> str:
    try:
        return own_name()
    except NotFederated as err:
        raise click.ClickException(str(err))


@federation.command("identity")
def identity_command():
    """Print what a peer needs to add this instance: {"name", "url", "key"}."""
    try:
        click.echo(json.dumps(identity()))
    except NotFederated as err:
        raise click.ClickException(str(err))


@federation.command("add-peer")
@click.option("--name", required=True)
@click.option("--url", required=True, help="The peer's base URL (its PUBLIC_URL).")
@click.option("--key", required=True, help="The peer's public key, as its `federation identity` prints it.")
def add_peer_command(name, url, key):
    """Add a peer (or change a known peer's URL and key)."""
    try:
        peer = add_peer(db.session, name, url, key, own_name=_own_name())
    except PeerError as err:
        raise click.ClickException(f"{err.field}: {err.message}")
    db.session.commit()
    click.echo(f"peer {peer.name} at {peer.url} ({peer.status})")


@federation.command("peers")
def peers_command():
    """List the peers: name, URL, status, last heard from."""
    for peer in peers(db.session):
        heard = peer.last_heard_at.isoformat() if peer.last_heard_at else "-"
        click.echo(f"{peer.name}\t{peer.url}\t{peer.status}\t{heard}")


@federation.command("set-status")
@click.argument("name")
@click.argument("status", type=click.Choice(["active", "suspended"]))
def set_status_command(name, status):
    """Suspend a peer (nothing sent to it or taken from it) or resume it."""
    peer = peer_named(db.session, name)
    if peer is None:
        raise click.ClickException(f"no peer named {name}")
    set_status(db.session, peer, status)
    db.session.commit()
    click.echo(f"peer {peer.name} {peer.status}")


@federation.command("hello")
@click.argument("name")
def hello_command(name):
    """Check that a peer answers and that each accepts the other's signature."""
    _own_name()
    peer = peer_named(db.session, name)
    if peer is None:
        raise click.ClickException(f"no peer named {name}")
    try:
        answer = hello(db.session, peer)
    except PeerUnreachable as err:
        db.session.commit()  # the attempt stays on the record
        raise click.ClickException(str(err))
    db.session.commit()
    click.echo(json.dumps(answer))


@federation.command("reindex")
@click.option("--batch", type=int, default=500, help="Records re-derived per transaction.")
def reindex_command(batch):
    """Re-derive the hashed index (and the questions waiting for a peer) under the current FEDERATION_SECRET."""
    from ..audit.recorder import record
    from .index import reindex

    _own_name()
    counts: dict[str, int] = {}
    for what, count in reindex(db.session, batch):
        counts[what] = counts.get(what, 0) + count
        db.session.commit()
    record(db.session, "federation.reindexed", details=counts)
    db.session.commit()
    click.echo(", ".join(f"{count} {what}" for what, count in counts.items()) + " re-derived")


@federation.command("work")
@click.option("--loop", is_flag=True, help="Keep going: send what waits every --interval seconds.")
@click.option("--interval", type=float, default=5.0)
def work_command(loop, interval):
    """Send the messages waiting for peers that did not answer (the queued checks raise their alerts then)."""
    import time

    from ..boundary import run_after_commit
    from .sync import due, send_row, waiting

    _own_name()
    while True:
        for row in due(db.session):
            send_row(db.session, row)
            db.session.commit()
            run_after_commit(db.session)  # the contacts an answer found call for
        db.session.remove()
        if not loop:
            click.echo(f"{waiting(db.session)} waiting")
            db.session.remove()
            return
        time.sleep(interval)
