"""Section pages: the current text, the version history and the editor."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access
from ..core import DomainError
from ..extensions import db
from ..web.drafts import apply_draft, take_draft
from ..web.forms import validated
from ..web.freshness import fresh_page
from ..workflow.queries import get_round_or_404
from ..workflow.table import Action
from . import operations
from . import structure as structure_operations
from .comparison import compare_with_approved
from .diffing import tracked_view as tracked
from .forms import AddSectionForm, SectionForm, StructureForm, WithdrawSectionForm
from .panels import section_page_context
from .queries import (
    chapter_number,
    current_version,
    get_section_or_404,
    section_history,
    sections_with_text,
    withdrawn_sections,
)
from .scopes import section_scope

bp = Blueprint("documents", __name__)


def _load(round_id: int, section_id: int, target=None):
    """The round and its section, when the route's permission (on the round,
    or on an action of the workflow table) is granted."""
    round_ = access.readable_round(round_id)
    access.check(target(round_) if target else round_)
    return round_, get_section_or_404(round_, section_id)


def _editing(round_):
    return access.RoundAction(round_, Action.EDIT_SECTIONS)


@bp.route("/rounds/<int:round_id>/sections/<int:section_id>")
@fresh_page(section_scope)
@login_required
def section_page(round_id: int, section_id: int):
    round_, section = _load(round_id, section_id)
    return render_template(
        "documents/section.html",
        **section_page_context(round_, section, page=request.args.get("page", 1, type=int)),
    )


@bp.route("/rounds/<int:round_id>/sections/<int:section_id>/compare")
@login_required
def compare_versions(round_id: int, section_id: int):
    """Any two versions of a section as tracked changes."""
    round_, section = _load(round_id, section_id)
    versions = {v.number: v for v in section_history(section)}
    if not versions:
        abort(404)
    newest = max(versions)
    to_number = request.args.get("to", newest, type=int)
    from_number = request.args.get("from", max(to_number - 1, 0), type=int)
    if to_number not in versions or (from_number not in versions and from_number != 0):
        abort(404)
    old = versions[from_number].text if from_number else ""
    view = request.args.get("view", "inline")
    return render_template(
        "documents/compare.html", round=round_, section=section, versions=versions,
        from_number=from_number, to_number=to_number, view=view,
        change=tracked(old, versions[to_number].text, view),
    )


@bp.route("/rounds/<int:round_id>/compare")
@login_required
def compare_document(round_id: int):
    """The whole round's text against the last approved guideline."""
    round_ = get_round_or_404(round_id)
    access.check(round_)
    view = request.args.get("view", "inline")
    comparison = compare_with_approved(round_, view)
    return render_template("documents/compare_document.html", round=round_, comparison=comparison, view=view)


@bp.route("/rounds/<int:round_id>/sections/<int:section_id>/edit", methods=["GET", "POST"])
@login_required
def edit_section(round_id: int, section_id: int):
    round_, section = _load(round_id, section_id, _editing)
    latest = current_version(section)
    form = SectionForm()
    conflict = None
    if not form.is_submitted():
        form.base_number.data = section.current_number
        form.heading.data = section.heading
        form.text.data = latest.text if latest else ""
        if apply_draft(form, take_draft()):
            flash(_("Your unsent text was kept for you: check it and save it."), "info")
    elif form.validate_on_submit():
        try:
            operations.save_section(
                section,
                current_user,
                base_number=validated(form.base_number.data),
                heading=form.heading.data or "",
                text=form.text.data or "",
                reason=form.reason.data or "",
            )
        except operations.StaleSave as stale:
            conflict = stale
            form.base_number.data = section.current_number
            form.base_number.raw_data = None
            form.text.data = stale.submitted_text
            form.heading.data = stale.submitted_heading
            latest = stale.latest
        except DomainError as error:
            form.text.errors = [error.message, *error.details]
        else:
            db.session.commit()
            flash(_("The section is saved."), "success")
            return redirect(
                url_for("documents.section_page", round_id=round_.id, section_id=section.id)
            )
    return render_template(
        "documents/edit_section.html",
        round=round_,
        section=section,
        form=form,
        latest=latest,
        conflict=conflict,
    ), (409 if conflict else 200)


@bp.route("/rounds/<int:round_id>/sections/new", methods=["GET", "POST"])
@login_required
def add_section(round_id: int):
    round_ = get_round_or_404(round_id)
    access.check(_editing(round_))
    form = AddSectionForm()
    if form.validate_on_submit():
        section = operations.add_section(round_, current_user, heading=form.heading.data)
        db.session.commit()
        flash(_("The section is added."), "success")
        return redirect(
            url_for("documents.edit_section", round_id=round_.id, section_id=section.id)
        )
    return render_template("documents/add_section.html", round=round_, form=form)


def _structure_url(round_) -> str:
    return url_for("documents.structure", round_id=round_.id)


@bp.route("/rounds/<int:round_id>/structure")
@login_required
def structure(round_id: int):
    """The sections in order, with buttons to move, remove or withdraw each."""
    round_ = access.readable_round(round_id)
    access.check(_editing(round_))
    sections = sections_with_text(round_)
    return render_template(
        "documents/structure.html", round=round_, sections=sections,
        inputs=structure_operations.sections_with_inputs(round_), withdrawn=withdrawn_sections(round_), form=StructureForm(),
    )


@bp.route("/rounds/<int:round_id>/sections/<int:section_id>/move", methods=["POST"])
@login_required
def move_section(round_id: int, section_id: int):
    round_, section = _load(round_id, section_id, _editing)
    form = StructureForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        structure_operations.move_section(section, current_user, form.direction.data or "")
    except DomainError as error:
        if error.status_code == 403:
            raise
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The section “%(heading)s” is now chapter %(number)s.", heading=section.heading,
                number=chapter_number(section)), "success")
    return redirect(_structure_url(round_) + f"#section-{section.id}")


@bp.route("/rounds/<int:round_id>/sections/<int:section_id>/remove", methods=["POST"])
@login_required
def remove_section(round_id: int, section_id: int):
    round_, section = _load(round_id, section_id, _editing)
    form = StructureForm()
    if not form.validate_on_submit():
        abort(400)
    heading = section.heading
    try:
        structure_operations.remove_section(section, current_user)
    except DomainError as error:
        if error.status_code == 403:
            raise
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The section “%(heading)s” is removed.", heading=heading), "success")
    return redirect(_structure_url(round_))


@bp.route("/rounds/<int:round_id>/sections/<int:section_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw_section(round_id: int, section_id: int):
    round_, section = _load(round_id, section_id, _editing)
    form = WithdrawSectionForm()
    if form.validate_on_submit():
        try:
            structure_operations.withdraw_section(section, current_user, reason=form.reason.data)
        except DomainError as error:
            if error.status_code == 403:
                raise
            form.reason.errors = [error.message]
        else:
            db.session.commit()
            flash(_("The section “%(heading)s” is withdrawn from the document.", heading=section.heading),
                  "success")
            return redirect(_structure_url(round_))
    return render_template("documents/withdraw_section.html", round=round_, section=section, form=form,
                           chapter=chapter_number(section)), (422 if form.errors else 200)
