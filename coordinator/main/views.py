"""Each role's start page."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..extensions import db
from .services import agent_home, supervisor_home

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    return redirect(url_for("accounts.login"))


@bp.get("/home")
@login_required
def home():
    role = current_user.role
    if role == "agent":
        return render_template("main/agent.html", **agent_home(db.session, current_user))
    if role == "supervisor":
        return render_template("main/supervisor.html", **supervisor_home(db.session, current_user))
    if role == "monitor":
        from ..monitoring.views import dashboard_page

        return dashboard_page("main/monitor.html")
    if role == "watch":
        return redirect(url_for("watch.board"))
    return redirect(url_for("accounts.users"))


@bp.record_once
def _register_templating(state) -> None:
    from .templating import register

    register(state.app)
