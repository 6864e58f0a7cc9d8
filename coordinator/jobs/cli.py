"""`flask --app coordinator jobs ...`: the job workers (large API imports, the network looks registrations leave)."""
from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from .models import NETWORK_LOOK, SUBJECT_IMPORT
from .services import Slicing, work_queued

jobs = AppGroup("jobs", help="Work handed over by requests: large API imports, network looks.")


@jobs.command("work")
@click.option("--loop", is_flag=True, help="Keep waiting for jobs, looking every --interval seconds.")
@click.option("--interval", type=click.FloatRange(0.1, 3600), default=1.0, show_default=True,
              help="Seconds between looks for new jobs with --loop.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice([NETWORK_LOOK, SUBJECT_IMPORT]),
              help="Do only jobs of this kind (repeatable); by default every kind, network looks first.")
def work_command(loop, interval, kinds):
    """Do the queued jobs; safe to run several at once (each job is claimed by one worker).

    A job is committed slice by slice with its progress, so a worker that is
    killed loses nothing: another (or this one restarted) goes on from the
    last slice once the claim has run out (JOB_LEASE_SECONDS).
    """
    slicing = Slicing.from_config(current_app.config, db.engine.dialect.name)
    while True:
        for job_id, outcome in work_queued(db.session, slicing, kinds=tuple(kinds) or None):
            click.echo(f"job {job_id}: {outcome}")
        if not loop:
            return
        time.sleep(interval)
