"""The administrators' page of the federation: this instance's identity, its peers, suspending one."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import require_admin
from ..extensions import db
from .forms import PeerForm, PeerStatusForm
from .identity import NotFederated, identity, own_name
from .peers import PeerError, add_peer, peer_named, peers, set_status

bp = Blueprint("federation", __name__, url_prefix="/admin/federation")


@bp.before_request
@login_required
def administrators_only():
    require_admin(current_user)


def _page(form: PeerForm, status: int = 200):
    try:
        mine, problem = identity(), None
    except NotFederated as err:
        mine, problem = None, str(err)
    return render_template("federation/peers.html", mine=mine, problem=problem, peers=peers(db.session),
                           form=form, status_form=PeerStatusForm()), status


@bp.get("/")
def index():
    """This instance's identity (to give to peers) and the peers it deconflicts with."""
    return _page(PeerForm(formdata=None))


@bp.post("/")
def add():
    """Add a peer, or give a known one a new URL and key."""
    form = PeerForm()
    if form.validate_on_submit():
        try:
            try:
                mine = own_name()
            except NotFederated:
                mine = None
            peer = add_peer(db.session, form.name.data, form.url.data, form.key.data, own_name=mine)
        except PeerError as err:
            getattr(form, err.field).errors.append(err.message)
        else:
            flash(_("Peer %(name)s saved.", name=peer.name), "success")
            return redirect(url_for("federation.index"))
    return _page(form, 400)


@bp.post("/status")
def change_status():
    """Suspend a peer (no message sent to it or taken from it) or resume it."""
    form = PeerStatusForm()
    if not form.validate_on_submit():
        abort(400)
    peer = peer_named(db.session, form.name.data)
    if peer is None:
        abort(404)
    set_status(db.session, peer, form.status.data)
    flash(_("Peer %(name)s suspended.", name=peer.name) if peer.status == "suspended"
          else _("Peer %(name)s resumed.", name=peer.name), "success")
    return redirect(url_for("federation.index"))
