"""A case's sharing page: its dissemination record, share with an agency, revoke a share."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import case_for, dissemination_for, require_casework
from ..extensions import db
from ..security.forms import ConfirmForm
from .forms import ShareForm
from .services import SharingError, disseminate, disseminations_of, revoke

bp = Blueprint("sharing", __name__)


@bp.before_request
@login_required
def casework_only():
    require_casework(current_user)


def _page(case, form: ShareForm, status: int = 200):
    return render_template("sharing/case.html", case=case, form=form, revoke_form=ConfirmForm(),
                           disseminations=disseminations_of(db.session, case)), status


@bp.route("/cases/<int:case_id>/sharing", methods=["GET", "POST"])
def case(case_id: int):
    """Who has been given this case, when and why; and a form to share it with one more agency."""
    shared_case = case_for(db.session, current_user, case_id, write=True)
    form = ShareForm()
    if form.validate_on_submit():
        try:
            row = disseminate(db.session, current_user, shared_case, form.agency.data, form.reason.data,
                              form.requested_by.data)
        except SharingError as err:
            form[err.field].errors.append(err.message)
        else:
            flash(_("Case %(number)s is shared with %(agency)s.", number=shared_case.number,
                    agency=row.to_agency.code), "success")
            return redirect(url_for("sharing.case", case_id=shared_case.id))
    return _page(shared_case, form, 422 if form.errors else 200)


@bp.post("/disseminations/<int:dissemination_id>/revoke")
def revoke_share(dissemination_id: int):
    """End the other agency's access; the record of the dissemination stays."""
    row = dissemination_for(db.session, current_user, dissemination_id)
    if ConfirmForm().validate_on_submit():
        try:
            revoke(db.session, current_user, row)
        except SharingError as err:
            flash(err.message, "error")
        else:
            flash(_("The share with %(agency)s is revoked.", agency=row.to_agency.code), "success")
    return redirect(url_for("sharing.case", case_id=row.case_id))
