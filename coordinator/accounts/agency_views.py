"""The administrators' agency pages: the list, a new agency, an agency's settings and offices."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..access import require_admin
from ..extensions import db
from .agencies import AgencyError, add_office, create_agency, records_held, update_agency
from .forms import AgencyEditForm, AgencyForm, OfficeForm
from .models import Agency
from .services import agency_by_code
from .views import bp

EDIT_FIELDS = ("name", "kind", "parent", "default_locale", "default_region")


def _agency(code: str) -> Agency:
    require_admin(current_user)
    agency = agency_by_code(db.session, code)
    if agency is None:
        abort(404)
    return agency


def _file(form, err: AgencyError) -> None:
    target = form[err.field] if err.field in form else form.name
    target.errors = list(target.errors) + [err.message]


@bp.route("/admin/agencies", methods=["GET", "POST"])
@login_required
def agencies():
    """Every agency, active or not, with a form to add one of any country."""
    require_admin(current_user)
    form = AgencyForm(active=True)
    if form.validate_on_submit():
        try:
            agency = create_agency(db.session, code=form.code.data, name=form.name.data, country=form.country.data,
                                   kind=form.kind.data, parent=form.parent.data,
                                   default_locale=form.default_locale.data, default_region=form.default_region.data)
        except AgencyError as err:
            _file(form, err)
        else:
            flash(_("Agency %(code)s added.", code=agency.code), "success")
            return redirect(url_for("accounts.agency", agency_code=agency.code))
    rows = db.session.scalars(select(Agency).order_by(Agency.country.desc(), Agency.code)).all()
    return render_template("accounts/agencies.html", agencies=rows, form=form), 422 if form.errors else 200


@bp.route("/admin/agencies/<agency_code>", methods=["GET", "POST"])
@login_required
def agency(agency_code: str):
    """An agency's settings (deactivation included) and its offices."""
    agency = _agency(agency_code)
    if request.method == "GET":
        return _page(agency, _current(agency), OfficeForm())
    form = AgencyEditForm()  # from the posted fields alone: an absent field is never the stored value
    if form.validate_on_submit():
        values = {name: form[name].data for name in EDIT_FIELDS}
        values["active"] = bool(form.active.data)
        try:
            update_agency(db.session, agency, values)
        except AgencyError as err:
            _file(form, err)
        else:
            flash(_("Agency %(code)s saved.", code=agency.code), "success")
            return redirect(url_for("accounts.agency", agency_code=agency.code))
    return _page(agency, form, OfficeForm())


def _page(agency: Agency, form, office_form):
    status = 422 if form.errors or office_form.errors else 200
    return render_template("accounts/agency.html", agency=agency, form=form, office_form=office_form,
                           held=records_held(db.session, agency)), status


@bp.post("/admin/agencies/<agency_code>/offices")
@login_required
def agency_office(agency_code: str):
    """Add a field office to the agency."""
    agency = _agency(agency_code)
    office_form = OfficeForm()
    if office_form.validate_on_submit():
        try:
            add_office(db.session, agency, name=office_form.name.data, city=office_form.city.data,
                       state=office_form.state.data)
        except AgencyError as err:
            _file(office_form, err)
        else:
            flash(_("Office added."), "success")
            return redirect(url_for("accounts.agency", agency_code=agency.code))
    return _page(agency, _current(agency), office_form)


def _current(agency: Agency) -> AgencyEditForm:
    return AgencyEditForm(obj=agency, parent=agency.parent.code if agency.parent else "", formdata=None)
