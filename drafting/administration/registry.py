"""The coordinator's housekeeping of the association register: lists
imported with a preview, entries merged, archived, restored and deleted.

A list read for import is kept on the server (`AssociationImport`) while its
preview is shown: the rows never travel through the page, so nothing the
browser sends back but the choice made for each row is trusted, and the
verdicts are worked out again against the register on each showing and at
the import itself."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access
from ..associations import operations
from ..associations.lists import Decision, ListRefused, Verdict, rows_from_file, rows_from_text
from ..associations.models import Association, AssociationImport
from ..core import DomainError
from ..extensions import db
from ..municipalities.queries import get_municipality_or_404
from ..web.forms import SelectChoice
from ..web.submissions import commit_once, repeated
from .forms import ImportDecisionsForm, ListImportForm, MergeForm, RegistryActionForm

bp = Blueprint("registry", __name__, url_prefix="/m/<slug>/admin/associations")

# Pasted lists and files read in one request may be larger than a form's
# ordinary text part (5,000 rows with their details).
LIST_FORM_BYTES = 4 * 1024 * 1024

VERDICT_LABELS = {
    Verdict.NEW: lambda: _("new"),
    Verdict.DUPLICATE: lambda: _("duplicate"),
    Verdict.NEAR_DUPLICATE: lambda: _("near-duplicate"),
    Verdict.BAD: lambda: _("to be fixed"),
}
DECISION_LABELS = {
    Decision.IMPORT: lambda: _("Import as a new association"),
    Decision.SKIP: lambda: _("Skip"),
    Decision.ADD_DETAILS: lambda: _("Add its details to the existing entry"),
}
VERDICT_TAGS = {Verdict.NEW: "accepted", Verdict.DUPLICATE: "pending", Verdict.NEAR_DUPLICATE: "pending",
                Verdict.BAD: "rejected"}
DETAIL_LABELS = {
    "email": lambda: _("e-mail"),
    "register_number": lambda: _("register number"),
    "contact_person": lambda: _("contact person"),
}


def _managed_municipality(slug: str):
    municipality = get_municipality_or_404(slug)
    access.check(municipality)
    return municipality


def _association_of(municipality, association_id: int) -> Association:
    association = db.session.get(Association, association_id)
    if association is None or association.municipality_id != municipality.id:
        abort(404)
    return association


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_list(slug: str):
    municipality = _managed_municipality(slug)
    request.max_form_memory_size = LIST_FORM_BYTES
    form = ListImportForm()
    if form.validate_on_submit() and (done := repeated(form)) is not None:
        return done
    if form.validate_on_submit():
        upload = form.document.data
        try:
            if upload:
                source = upload.filename or _("file")
                rows = rows_from_file(source, upload.read())
            else:
                source = _("pasted list")
                rows = rows_from_text(form.text.data or "")
            imported = operations.read_list(municipality.id, current_user, source=source, rows=rows)
        except ListRefused as refused:
            field = form.document if upload else form.text
            field.errors = [str(operations.REFUSALS[refused.reason]) % {"limit": refused.limit}]
        except DomainError as error:
            (form.document if upload else form.text).errors = [error.message]
        else:
            location = url_for("registry.preview", slug=slug, import_id=imported.id)
            return commit_once(form, location) or redirect(location)
    return render_template("administration/association_import.html", municipality=municipality, form=form), \
        (422 if form.errors else 200)


def _own_import(municipality, import_id: int) -> AssociationImport:
    imported = db.session.get(AssociationImport, import_id)
    if (imported is None or imported.municipality_id != municipality.id
            or imported.uploaded_by_id != current_user.id):
        abort(404)
    return imported


def _decisions() -> dict[int, str | None]:
    """The choices sent: `row-<number>` for a row that needs a decision,
    `skip` (one for each ticked box) for new rows left out."""
    decisions: dict[int, str | None] = {}
    for key, value in request.form.items():
        if key.startswith("row-") and key[4:].isdigit():
            decisions[int(key[4:])] = value or None
    for value in request.form.getlist("skip"):
        if value.isdigit():
            decisions[int(value)] = Decision.SKIP.value
    return decisions


@bp.route("/import/<int:import_id>", methods=["GET", "POST"])
@login_required
def preview(slug: str, import_id: int):
    municipality = _managed_municipality(slug)
    form = ImportDecisionsForm()
    if form.validate_on_submit() and (done := repeated(form)) is not None:
        return done  # the list imported by the same form sent before is gone
    imported = _own_import(municipality, import_id)
    decisions: dict[int, str | None] = {}
    refusal = None
    if form.validate_on_submit():
        decisions = _decisions()
        try:
            outcome = operations.import_list(imported, current_user, decisions,
                                             seen=request.form.get("seen") or "")
        except DomainError as error:
            db.session.rollback()
            refusal = error
        else:
            location = url_for("administration.associations", slug=slug)
            if (done := commit_once(form, location)) is not None:
                return done
            flash(_("Imported: %(created)d new associations, details added to %(updated)d, %(skipped)d rows "
                    "skipped.", created=outcome.created, updated=outcome.updated, skipped=outcome.skipped),
                  "success")
            return redirect(location)
    assessments = operations.assess_import(imported)
    counts = {verdict: 0 for verdict in Verdict}
    for assessment in assessments:
        counts[assessment.verdict] += 1
    chosen = {a.row.number: decisions.get(a.row.number, a.default.value if a.default else "") or ""
              for a in assessments}
    entry_ids = {a.entry.id for a in assessments if a.entry is not None}
    new = [a for a in assessments if a.verdict == Verdict.NEW]
    to_decide = [a for a in assessments if a.verdict != Verdict.NEW]
    edit_url = url_for("administration.edit_association", slug=slug, association_id=0)[:-1]
    # every text of the rows translated once, not once a row: a list has thousands of rows
    return render_template(
        "administration/association_import_preview.html",
        municipality=municipality, imported=imported, form=form, assessments=assessments, counts=counts,
        chosen=chosen, refusal=refusal, Verdict=Verdict, new=new, to_decide=to_decide,
        seen=operations.fingerprint(assessments),
        problems={key: str(text) for key, text in operations.PROBLEMS.items()},
        verdicts={verdict: label() for verdict, label in VERDICT_LABELS.items()},
        decisions={decision: label() for decision, label in DECISION_LABELS.items()},
        codes={member: member.value for member in (*Verdict, *Decision)},
        details={name: label() for name, label in DETAIL_LABELS.items()},
        tags=VERDICT_TAGS, entry_urls={id_: f"{edit_url}{id_}" for id_ in entry_ids},
        same_row=_("Same as row %(number)s of this list.", number="{}"),
        resembles_row=_("Resembles row %(number)s of this list.", number="{}"),
        labels={"reg_no": _("reg. no."), "already": _("Already in the register:"),
                "same_number": _("Same register number as:"), "resembles": _("Resembles:"),
                "would_add": _("Would add:"), "fix_or_skip": _("Fix the list, or skip"),
                "what_to_do": _("What to do")},
    ), (422 if refusal else 200)


@bp.route("/<int:association_id>/archive", methods=["POST"])
@login_required
def archive(slug: str, association_id: int):
    return _registry_action(slug, association_id, operations.archive_association,
                            lambda name: _("%(name)s is archived.", name=name))


@bp.route("/<int:association_id>/restore", methods=["POST"])
@login_required
def restore(slug: str, association_id: int):
    return _registry_action(slug, association_id, operations.restore_association,
                            lambda name: _("%(name)s is active again.", name=name))


@bp.route("/<int:association_id>/delete", methods=["POST"])
@login_required
def delete(slug: str, association_id: int):
    return _registry_action(slug, association_id, operations.delete_association,
                            lambda name: _("%(name)s is deleted from the register.", name=name),
                            to_register=True)


def _registry_action(slug: str, association_id: int, operation, done_message, *, to_register=False):
    municipality = _managed_municipality(slug)
    association = _association_of(municipality, association_id)
    if not RegistryActionForm().validate_on_submit():
        abort(400)
    name = association.name
    back = url_for("administration.edit_association", slug=slug, association_id=association_id)
    try:
        operation(association, current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(back)
    db.session.commit()
    flash(done_message(name), "success")
    return redirect(url_for("administration.associations", slug=slug) if to_register else back)


def merge_form(municipality, association: Association) -> MergeForm:
    form = MergeForm()
    others = db.session.execute(
        sa.select(Association.id, Association.name)
        .where(Association.municipality_id == municipality.id, Association.id != association.id)
        .order_by(Association.name_key))
    form.merged_id.choices = [SelectChoice("", _("Choose…")),
                              *(SelectChoice(str(id_), name) for id_, name in others)]
    return form


@bp.route("/<int:association_id>/merge", methods=["GET", "POST"])
@login_required
def merge(slug: str, association_id: int):
    municipality = _managed_municipality(slug)
    kept = _association_of(municipality, association_id)
    form = merge_form(municipality, kept)
    if form.validate_on_submit():
        merged = _association_of(municipality, int(form.merged_id.data))
        merged_name = merged.name
        try:
            operations.merge_associations(kept, merged, current_user)
        except DomainError as error:
            db.session.rollback()
            form.merged_id.errors = [error.message]
        else:
            db.session.commit()
            flash(_("%(merged)s is merged into %(kept)s.", merged=merged_name, kept=kept.name), "success")
            return redirect(url_for("administration.edit_association", slug=slug, association_id=kept.id))
    return render_template("administration/association_merge.html", municipality=municipality,
                           association=kept, form=form), (422 if form.errors else 200)
