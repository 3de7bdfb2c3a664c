"""Downloads of the guideline, the agenda text (with the meeting it is drafted
for), the public DOCX and the import."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access
from ..core import DomainError, local_today
from ..extensions import db
from ..municipalities.queries import get_municipality_or_404
from ..municipalities.scopes import municipality_scope
from ..web.forms import validated
from ..web.freshness import fresh_page
from ..web.submissions import commit_once, repeated
from ..workflow.models import DecidingBody
from ..workflow.queries import get_round_or_404, latest_approved_round, published_rounds
from . import operations
from .agenda import agenda_docx, build_agenda
from .agenda import agenda_plan as planned_meeting
from .forms import AgendaPlanForm, ImportConfirmForm, ImportSectionForm, UploadForm
from .guideline import build_docx, document_filename
from .importer import MAX_UPLOAD_BYTES, ImportRefused
from .models import DocumentImport

bp = Blueprint("publishing", __name__)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(data: bytes, filename: str) -> Response:
    return Response(data, mimetype=DOCX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _staff_round(round_id: int):
    round_ = get_round_or_404(round_id)
    access.check(round_)
    return round_


@bp.route("/rounds/<int:round_id>/document.docx")
@login_required
def document(round_id: int):
    round_ = _staff_round(round_id)
    return _docx(build_docx(round_), document_filename(round_))


@bp.route("/rounds/<int:round_id>/document-changes.docx")
@login_required
def document_with_changes(round_id: int):
    round_ = _staff_round(round_id)
    return _docx(build_docx(round_, tracked=True), document_filename(round_, tracked=True))


def _agenda_page(round_, form: AgendaPlanForm, status: int = 200) -> ResponseReturnValue:
    return render_template("publishing/agenda.html", round=round_, item=build_agenda(round_), form=form), status


@bp.route("/rounds/<int:round_id>/agenda")
@login_required
def agenda(round_id: int):
    round_ = _staff_round(round_id)
    form = AgendaPlanForm()
    plan = planned_meeting(round_)
    if plan is not None:
        form.process(obj=plan)
        form.body_kind.data, form.body_name.data = plan.body.kind.value, plan.body.name
    return _agenda_page(round_, form)


@bp.route("/rounds/<int:round_id>/agenda", methods=["POST"])
@login_required
def agenda_plan(round_id: int):
    round_ = get_round_or_404(round_id, for_update=True)
    access.check(round_)
    form = AgendaPlanForm()
    if not form.validate_on_submit():
        return _agenda_page(round_, form, 400)
    if (done := repeated(form)) is not None:
        return done
    operations.plan_agenda(round_, current_user, kind=DecidingBody(form.body_kind.data),
                           body_name=form.body_name.data, meeting_on=form.meeting_on.data,
                           preparer=form.preparer.data, presenter=form.presenter.data)
    location = url_for("publishing.agenda", round_id=round_.id)
    if (done := commit_once(form, location)) is not None:
        return done
    flash(_("The meeting of the agenda is saved."), "success")
    return redirect(location)


@bp.route("/rounds/<int:round_id>/agenda.txt")
@login_required
def agenda_text(round_id: int):
    round_ = _staff_round(round_id)
    return Response(build_agenda(round_).as_text(), mimetype="text/plain",
                    headers={"Content-Disposition":
                             f'attachment; filename="paatosehdotus-{round_.municipality.slug}-{round_.year}.txt"'})


@bp.route("/rounds/<int:round_id>/agenda.docx")
@login_required
def agenda_document(round_id: int):
    round_ = _staff_round(round_id)
    return _docx(agenda_docx(round_), f"paatosehdotus-{round_.municipality.slug}-{round_.year}.docx")


@bp.route("/m/<slug>/guideline.docx")
@fresh_page(municipality_scope)
def public_document(slug: str):
    municipality = get_municipality_or_404(slug)
    round_ = latest_approved_round(municipality.guideline.id) if municipality.guideline else None
    if round_ is None:
        abort(404)
    return _docx(build_docx(round_), document_filename(round_))


@bp.route("/m/<slug>/guideline/<int:year>.docx")
@fresh_page(municipality_scope)
def public_document_of_year(slug: str, year: int):
    municipality = get_municipality_or_404(slug)
    round_ = next((r for r in published_rounds(municipality.guideline.id) if r.year == year), None) \
        if municipality.guideline else None
    if round_ is None:
        abort(404)
    return _docx(build_docx(round_), document_filename(round_))


@bp.route("/m/<slug>/imports/new", methods=["GET", "POST"])
@login_required
def upload(slug: str):
    municipality = get_municipality_or_404(slug)
    access.check(municipality)
    form = UploadForm()
    if form.validate_on_submit() and (done := repeated(form)) is not None:
        return done
    if form.validate_on_submit():
        upload = form.document.data
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        try:
            imported = operations.import_document(municipality, current_user,
                                                  filename=upload.filename or "", data=data)
        except ImportRefused as refused:
            form.document.errors = [refused.message]
        else:
            location = url_for("publishing.preview", slug=slug, import_id=imported.id)
            return commit_once(form, location) or redirect(location)
    return render_template("publishing/upload.html", municipality=municipality, form=form), \
        (422 if form.errors else 200)


@bp.route("/m/<slug>/imports/<int:import_id>", methods=["GET", "POST"])
@login_required
def preview(slug: str, import_id: int):
    municipality = get_municipality_or_404(slug)
    access.check(municipality)
    imported = db.session.get(DocumentImport, import_id)
    if imported is None or imported.municipality_id != municipality.id:
        abort(404)
    form = ImportConfirmForm()
    if not form.is_submitted():
        form.year.data = local_today().year
    if form.validate_on_submit():
        try:
            round_ = operations.open_round_from_import(imported, current_user, year=validated(form.year.data))
        except DomainError as error:
            if error.status_code == 403:
                raise
            form.year.errors = [error.message]
        else:
            db.session.commit()
            flash(_("The drafting round %(year)s is open with the imported sections.", year=round_.year), "success")
            return redirect(url_for("workflow.round_page", round_id=round_.id))
    return render_template("publishing/preview.html", municipality=municipality, imported=imported, form=form,
                           section_form=ImportSectionForm()), \
        (422 if form.errors else 200)


def _arrange_import(slug: str, import_id: int, index: int, change) -> ResponseReturnValue:
    """Change one section of the preview before the round is opened; `change`
    calls the operation and gives the index to show afterwards."""
    municipality = get_municipality_or_404(slug)
    access.check(municipality)
    imported = db.session.get(DocumentImport, import_id)
    if imported is None or imported.municipality_id != municipality.id:
        abort(404)
    form = ImportSectionForm()
    if not form.validate_on_submit():
        abort(400)
    anchor = index
    try:
        anchor = change(imported, form)
    except DomainError as error:
        if error.status_code == 403:
            raise
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The sections of the preview are changed."), "success")
    return redirect(url_for("publishing.preview", slug=slug, import_id=imported.id) + f"#import-section-{anchor + 1}")


@bp.route("/m/<slug>/imports/<int:import_id>/sections/<int:index>/move", methods=["POST"])
@login_required
def move_import_section(slug: str, import_id: int, index: int):
    return _arrange_import(slug, import_id, index, lambda imported, form: operations.move_imported_section(
        imported, current_user, index=index, heading=form.heading.data, direction=form.direction.data or ""))


@bp.route("/m/<slug>/imports/<int:import_id>/sections/<int:index>/remove", methods=["POST"])
@login_required
def remove_import_section(slug: str, import_id: int, index: int):
    def remove(imported, form) -> int:
        operations.remove_imported_section(imported, current_user, index=index, heading=form.heading.data)
        return max(index - 1, 0)

    return _arrange_import(slug, import_id, index, remove)


@bp.route("/m/<slug>/imports/<int:import_id>/sections/<int:index>/rename", methods=["POST"])
@login_required
def rename_import_section(slug: str, import_id: int, index: int):
    def rename(imported, form) -> int:
        operations.rename_imported_section(imported, current_user, index=index, heading=form.heading.data,
                                           new_heading=form.new_heading.data or "")
        return index

    return _arrange_import(slug, import_id, index, rename)
