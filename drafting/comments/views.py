"""Writing, reading, answering and moderating comments."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access
from ..core import DomainError, passes
from ..documents.models import Section, SectionVersion
from ..documents.panels import section_page_context
from ..documents.queries import current_version, get_section_or_404
from ..extensions import db
from ..proposals.queries import accepted_in
from ..web.drafts import apply_draft, take_draft
from ..web.forms import SelectChoice
from ..web.freshness import fresh_page
from ..web.security import WRITING_LIMIT, current_account, limiter
from ..web.submissions import commit_once, repeated
from ..workflow.queries import get_round_or_404
from ..workflow.scopes import round_scope
from . import operations, rules
from .forms import CommentForm, EditForm, HideForm, ReplyForm, ResponseForm, association_choices
from .models import Comment, CommentRevision, Disposition
from .panels import comment_form, discussion_context, own_associations
from .queries import build_threads, get_comment_or_404
from .summary import build_summary, export_columns, export_rows, to_csv, to_xlsx

bp = Blueprint("comments", __name__)



def _checked_round(round_id: int):
    """The round, when the route's permission on it is granted."""
    round_ = get_round_or_404(round_id)
    access.check(round_)
    return round_


def _checked_comment(round_id: int, comment_id: int):
    """The round and its comment, when the route's permission on the comment is granted."""
    round_ = access.readable_round(round_id)
    comment = get_comment_or_404(round_, comment_id, current_user)
    access.check(comment)
    return round_, comment


def _chosen_association(form) -> int | None:
    value = form.association_id.data
    return int(value) if value and str(value).isdigit() else None


@bp.route("/rounds/<int:round_id>/comments", methods=["GET"])
@fresh_page(round_scope)
@login_required
def document_comments(round_id: int):
    round_ = _checked_round(round_id)
    return render_template("comments/document.html", round=round_,
                           **discussion_context(round_, None, page=request.args.get("page", 1, type=int)))


def _post(round_, section: Section | None):
    form = comment_form(round_, CommentForm(), section)
    if form is None:
        rules.ensure_can_write(round_, current_user, association_id=None, section=section)
        raise DomainError(_("Commenting is closed in this step of the round."))
    if form.validate_on_submit():
        if (done := repeated(form)) is not None:
            return done
        try:
            comment = operations.post_comment(
                round_, current_user, text=form.text.data or "", section=section,
                association_id=_chosen_association(form), quote=form.quote.data,
                quote_near=form.quote_near.data, on_behalf=bool(form.on_behalf.data),
            )
        except DomainError as error:
            if error.status_code == 403:
                raise
            form.text.errors = [error.message, *error.details]
        else:
            location = url_for("comments.thread", round_id=round_.id, comment_id=comment.id)
            if (done := commit_once(form, location)) is not None:
                return done
            flash(_("Your %(kind)s is saved.", kind=comment.kind.label.lower()), "success")
            return redirect(location)
    if section is None:
        return render_template("comments/document.html", round=round_,
                               **discussion_context(round_, None, form)), 422
    return render_template("documents/section.html",
                           **section_page_context(round_, section, comment_form=form)), 422


@bp.route("/rounds/<int:round_id>/comments", methods=["POST"])
@login_required
@limiter.limit(WRITING_LIMIT, key_func=current_account)
def post_document_comment(round_id: int):
    round_ = access.readable_round(round_id)
    access.check(round_)
    return _post(round_, None)


@bp.route("/rounds/<int:round_id>/sections/<int:section_id>/comments", methods=["POST"])
@login_required
@limiter.limit(WRITING_LIMIT, key_func=current_account)
def post_section_comment(round_id: int, section_id: int):
    round_ = access.readable_round(round_id)
    access.check(round_)
    return _post(round_, get_section_or_404(round_, section_id))


def _reply_form(round_, parent, form: ReplyForm | None = None) -> ReplyForm | None:
    if not passes(rules.ensure_can_reply, parent, current_user, round_):
        return None
    if form is None:
        form = ReplyForm(prefix="reply")
        if apply_draft(form, take_draft()):
            flash(_("Your unsent text was kept for you: check it and send it."), "info")
    own = own_associations(current_user.association_ids(round_.municipality_id))
    form.association_id.choices = association_choices(own)
    if current_user.is_staff_of(round_.municipality_id):
        form.association_id.choices = [SelectChoice("", _("the municipality"))] + form.association_id.choices
    return form


def _response_form(round_, comment, form: ResponseForm | None = None) -> ResponseForm | None:
    if not passes(rules.ensure_can_respond, comment, current_user, round_):
        return None
    form = form or ResponseForm(prefix="response")
    query = sa.select(SectionVersion).join(Section).where(Section.round_id == round_.id)
    if comment.section_id is not None:
        query = query.where(Section.id == comment.section_id)
    versions = db.session.scalars(
        query.order_by(Section.position, SectionVersion.number.desc()).limit(200)
    ).all()
    proposals = accepted_in(round_, comment.section_id)
    form.linked_version_id.choices = [SelectChoice("", _("Choose the version or proposal…"))] + [
        SelectChoice(f"p:{p.id}", _("Proposal %(number)s by %(speaker)s", number=p.id, speaker=p.speaker))
        for p in proposals
    ] + [
        SelectChoice(f"v:{v.id}", _("%(heading)s, version %(number)s", heading=v.section.heading, number=v.number))
        for v in versions
    ]
    return form


def _linked(value: str | None) -> tuple[int | None, int | None]:
    """The version and the proposal chosen in the response form ("v:12", "p:3")."""
    kind, _sep, number = (value or "").partition(":")
    if not number.isdigit():
        return None, None
    return (int(number), None) if kind == "v" else (None, int(number)) if kind == "p" else (None, None)


def _thread_context(round_, comment, **forms) -> dict:
    section = comment.section
    version = current_version(section) if section is not None else None
    root = comment if comment.parent_id is None else db.session.get_one(Comment, comment.root_id)
    [thread] = build_threads([root], current_user, round_, version)
    return {
        "round": round_,
        "thread": thread,
        "focus": comment,
        "reply_form": forms.get("reply_form", _reply_form(round_, comment)),
        "response_form": forms.get("response_form", _response_form(round_, root)),
        "hide_form": HideForm(prefix="hide") if access.may("moderate", round_) else None,
        "can_moderate": access.may("moderate", round_),
    }


@bp.route("/rounds/<int:round_id>/comments/<int:comment_id>")
@login_required
def thread(round_id: int, comment_id: int):
    round_, comment = _checked_comment(round_id, comment_id)
    return render_template("comments/thread.html", **_thread_context(round_, comment))


@bp.route("/rounds/<int:round_id>/comments/<int:comment_id>/replies", methods=["POST"])
@login_required
@limiter.limit(WRITING_LIMIT, key_func=current_account)
def post_reply(round_id: int, comment_id: int):
    round_, parent = _checked_comment(round_id, comment_id)
    form = _reply_form(round_, parent, ReplyForm(prefix="reply"))
    if form is None:
        rules.ensure_can_reply(parent, current_user, round_)
        abort(403)
    if form.validate_on_submit():
        if (done := repeated(form)) is not None:
            return done
        try:
            reply = operations.reply(parent, current_user, text=form.text.data or "",
                                     association_id=_chosen_association(form))
        except DomainError as error:
            if error.status_code == 403:
                raise
            form.text.errors = [error.message]
        else:
            location = url_for("comments.thread", round_id=round_.id, comment_id=reply.root_id) + f"#comment-{reply.id}"
            if (done := commit_once(form, location)) is not None:
                return done
            flash(_("Your reply is saved."), "success")
            return redirect(location)
    return render_template("comments/thread.html", **_thread_context(round_, parent, reply_form=form)), 422


@bp.route("/rounds/<int:round_id>/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(round_id: int, comment_id: int):
    round_, comment = _checked_comment(round_id, comment_id)
    rules.ensure_can_edit(comment, current_user, round_)
    form = EditForm()
    if not form.is_submitted():
        form.text.data = comment.text
    elif form.validate_on_submit():
        try:
            operations.edit_comment(comment, current_user, text=form.text.data or "")
        except DomainError as error:
            form.text.errors = [error.message]
        else:
            db.session.commit()
            flash(_("The comment is saved. The earlier wording is kept in its history."), "success")
            return redirect(url_for("comments.thread", round_id=round_.id, comment_id=comment.id))
    return render_template("comments/edit.html", round=round_, comment=comment, form=form)


@bp.route("/rounds/<int:round_id>/comments/<int:comment_id>/hide", methods=["POST"])
@login_required
def hide(round_id: int, comment_id: int):
    round_, comment = _checked_comment(round_id, comment_id)
    form = HideForm(prefix="hide")
    if form.validate_on_submit():
        operations.hide_comment(comment, current_user, reason=form.reason.data)
        db.session.commit()
        flash(_("The comment is hidden. It is kept, and readers see the reason."), "success")
        return redirect(url_for("comments.thread", round_id=round_.id, comment_id=comment.id))
    context = _thread_context(round_, comment)
    context["hide_form"] = form
    return render_template("comments/thread.html", **context), 422


@bp.route("/rounds/<int:round_id>/comments/<int:comment_id>/response", methods=["POST"])
@login_required
def respond(round_id: int, comment_id: int):
    round_, comment = _checked_comment(round_id, comment_id)
    rules.ensure_can_respond(comment, current_user, round_)
    form = _response_form(round_, comment, ResponseForm(prefix="response"))
    if form is None:
        abort(403)
    if form.validate_on_submit():
        if (done := repeated(form)) is not None:
            return done
        try:
            disposition = Disposition(form.disposition.data)
        except ValueError:
            form.disposition.errors = [_("Choose the disposition.")]
        else:
            version_id, proposal_id = _linked(form.linked_version_id.data)
            try:
                operations.respond(comment, current_user, disposition=disposition, text=form.text.data or "",
                                   linked_version_id=version_id, linked_proposal_id=proposal_id)
            except DomainError as error:
                form.text.errors = [error.message]
            else:
                location = url_for("comments.thread", round_id=round_.id, comment_id=comment.id)
                if (done := commit_once(form, location)) is not None:
                    return done
                flash(_("The response is saved and the writer is told of it."), "success")
                return redirect(location)
    return render_template("comments/thread.html",
                           **_thread_context(round_, comment, response_form=form)), 422


@bp.route("/rounds/<int:round_id>/comments/<int:comment_id>/history")
@login_required
def history(round_id: int, comment_id: int):
    round_, comment = _checked_comment(round_id, comment_id)
    if comment.is_hidden and not current_user.is_staff_of(round_.municipality_id):
        abort(404)
    revisions = db.session.scalars(
        sa.select(CommentRevision).where(CommentRevision.comment_id == comment.id)
        .order_by(CommentRevision.id.desc())
    ).all()
    return render_template("comments/history.html", round=round_, comment=comment, revisions=revisions)


def _summary_round(round_id: int):
    return _checked_round(round_id)


@bp.route("/rounds/<int:round_id>/summary")
@fresh_page(round_scope)
def summary(round_id: int):
    round_ = _summary_round(round_id)
    data = build_summary(round_, current_user, page=request.args.get("page", 1, type=int))
    staff = current_user.is_authenticated and current_user.is_staff_of(round_.municipality_id)
    return render_template("comments/summary.html", round=round_, summary=data, staff=staff)


def _export_name(round_, extension: str) -> str:
    return f"kuuleminen-{round_.municipality.slug}-{round_.year}.{extension}"


@bp.route("/rounds/<int:round_id>/summary.csv")
def summary_csv(round_id: int):
    round_ = _summary_round(round_id)
    body = to_csv(export_columns(), export_rows(round_, current_user))
    return Response(body, content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{_export_name(round_, "csv")}"'})


@bp.route("/rounds/<int:round_id>/summary.xlsx")
def summary_xlsx(round_id: int):
    round_ = _summary_round(round_id)
    body = to_xlsx(export_columns(), export_rows(round_, current_user), title=_("Consultation"))
    return Response(body, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{_export_name(round_, "xlsx")}"'})
