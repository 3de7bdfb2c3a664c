"""The coordinator's administration of users, invitations and associations."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from .. import access
from ..associations import operations as association_operations
from ..associations.forms import RegisterEntryForm
from ..associations.models import Association, Membership
from ..audit.models import AuditEvent
from ..auth import operations as auth_operations
from ..auth.models import Invitation, StaffRole, StaffRoleKind, User
from ..auth.privacy import ensure_may_erase, erase_person
from ..core import DomainError
from ..extensions import db
from ..municipalities.queries import get_municipality_or_404
from ..notifications.outbox import queue
from ..notifications.smtp import mail_configured
from ..web.forms import SelectChoice, validated
from ..web.links import external_url
from ..web.submissions import commit_once, repeated
from .forms import ActiveForm, EraseForm, InviteForm, RegistryActionForm, RemoveAccessForm, RoleForm

bp = Blueprint("administration", __name__, url_prefix="/m/<slug>/admin")


def _managed_municipality(slug: str):
    municipality = get_municipality_or_404(slug)
    access.check(municipality)
    return municipality


def _associations(municipality_id: int, *, active_only: bool = False) -> list[Association]:
    query = sa.select(Association).where(Association.municipality_id == municipality_id)
    if active_only:
        query = query.where(Association.active.is_(True))
    return list(db.session.scalars(query.order_by(Association.name_key)))


def _people(municipality_id: int) -> sa.Select:
    """The ids of the people of the municipality: those with a role or an
    association in it, and those who had one (their roles and memberships
    were granted, removed or accepted here), unless erased."""
    staff = sa.select(StaffRole.user_id).where(StaffRole.municipality_id == municipality_id)
    representatives = (
        sa.select(Membership.user_id)
        .join(Association, Membership.association_id == Association.id)
        .where(Association.municipality_id == municipality_id)
    )
    recorded = sa.select(AuditEvent.object_id).where(
        AuditEvent.municipality_id == municipality_id, AuditEvent.object_type == User.__tablename__)
    accepted = sa.select(Invitation.accepted_by_id).where(
        Invitation.municipality_id == municipality_id, Invitation.accepted_by_id.is_not(None))
    return sa.select(User.id).where(User.id.in_(sa.union(staff, representatives, recorded, accepted)),
                                    User.erased_at.is_(None))


def _users(municipality_id: int) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.id.in_(_people(municipality_id)))
            .options(selectinload(User.roles),
                     selectinload(User.memberships).joinedload(Membership.association))
            .order_by(User.name)
        )
    )


@bp.route("/users", methods=["GET", "POST"])
@login_required
def users(slug: str):
    municipality = _managed_municipality(slug)
    form = InviteForm()
    form.association_id.choices = [
        SelectChoice(str(a.id), a.name) for a in _associations(municipality.id, active_only=True)
    ]
    grantable = auth_operations.grantable_roles(current_user, municipality.id)
    form.role.choices = [SelectChoice(kind.value, kind.label) for kind in StaffRoleKind if kind in grantable]
    if form.validate_on_submit() and (done := repeated(form)) is not None:
        return done
    if form.validate_on_submit():
        association = (
            db.session.get(Association, int(form.association_id.data))
            if form.kind.data == "representative"
            else None
        )
        role = StaffRoleKind(form.role.data) if form.kind.data == "staff" else None
        try:
            invitation, token = auth_operations.invite(
                current_user,
                municipality_id=municipality.id,
                email=form.email.data or "",
                association=association,
                role=role,
            )
        except DomainError as error:
            form.email.errors = [error.message]
        else:
            link = external_url("auth.accept_invitation", token=token)
            what = association.name if association else role.label if role else ""
            queue(
                invitation.email,
                _("Invitation to Ohjeverstas: %(municipality)s", municipality=municipality.name),
                _(
                    "%(inviter)s invites you to %(municipality)s's drafting of the guideline "
                    "for cooperation with associations (%(what)s).\n\n"
                    "Create your account with this link within 14 days:\n%(link)s\n",
                    inviter=current_user.name,
                    municipality=municipality.name,
                    what=what,
                    link=link,
                ),
            )
            if (done := commit_once(form, url_for("administration.users", slug=slug))) is not None:
                return done
            if mail_configured():
                flash(_("The invitation was sent to %(email)s.", email=invitation.email), "success")
            else:
                flash(
                    _("E-mail is not configured, so give this link to %(email)s yourself: %(link)s",
                      email=invitation.email, link=link),
                    "info",
                )
            return redirect(url_for("administration.users", slug=slug))
    return render_template(
        "administration/users.html",
        municipality=municipality,
        users=_users(municipality.id),
        form=form,
        kinds=list(StaffRoleKind),
        grantable=grantable,
        works_elsewhere=auth_operations.works_elsewhere,
        may_manage_person=auth_operations.may_manage_person,
    )


def _user_of(municipality, user_id: int) -> User:
    user = db.session.scalar(sa.select(User).where(User.id == user_id, User.id.in_(_people(municipality.id))))
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>/roles", methods=["POST"])
@login_required
def set_role(slug: str, user_id: int):
    municipality = _managed_municipality(slug)
    user = _user_of(municipality, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        kind = StaffRoleKind(form.role.data)
    except ValueError:
        abort(400)
    auth_operations.set_role(current_user, user, municipality.id, kind, form.granted.data == "1")
    db.session.commit()
    flash(_("The roles of %(name)s are saved.", name=user.name), "success")
    return redirect(url_for("administration.users", slug=slug))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@login_required
def set_active(slug: str, user_id: int):
    municipality = _managed_municipality(slug)
    user = _user_of(municipality, user_id)
    form = ActiveForm()
    if not form.validate_on_submit():
        abort(400)
    auth_operations.set_active(current_user, user, municipality.id, form.active.data == "1")
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("administration.users", slug=slug))


@bp.route("/users/<int:user_id>/access", methods=["POST"])
@login_required
def remove_access(slug: str, user_id: int):
    municipality = _managed_municipality(slug)
    user = _user_of(municipality, user_id)
    if not RemoveAccessForm().validate_on_submit():
        abort(400)
    auth_operations.remove_access(current_user, user, municipality.id)
    db.session.commit()
    flash(_("%(name)s no longer has roles or associations in %(municipality)s.",
            name=user.name, municipality=municipality.name), "success")
    return redirect(url_for("administration.users", slug=slug))


@bp.route("/associations", methods=["GET", "POST"])
@login_required
def associations(slug: str):
    municipality = _managed_municipality(slug)
    form = RegisterEntryForm()
    if form.validate_on_submit() and (done := repeated(form)) is not None:
        return done
    if form.validate_on_submit():
        try:
            association = association_operations.create_association(
                municipality.id, current_user, *_entry_and_details(form)
            )
        except DomainError as error:
            form.name.errors = [*form.name.errors, error.message]
        else:
            location = url_for("administration.associations", slug=slug)
            if (done := commit_once(form, location)) is not None:
                return done
            flash(_("%(name)s is added to the register.", name=association.name), "success")
            return redirect(location)
    return render_template(
        "administration/associations.html",
        municipality=municipality,
        associations=_associations(municipality.id),
        form=form,
    )


def _entry_and_details(form: RegisterEntryForm):
    return (
        association_operations.RegisterEntry(
            name=validated(form.name.data), register_number=form.register_number.data,
            active=bool(form.active.data), contact_person=form.contact_person.data,
        ),
        association_operations.ContactDetails(
            email=form.email.data, phone=form.phone.data, website=form.website.data,
            description=form.description.data,
        ),
    )


@bp.route("/associations/<int:association_id>", methods=["GET", "POST"])
@login_required
def edit_association(slug: str, association_id: int):
    municipality = _managed_municipality(slug)
    association = db.session.get(Association, association_id)
    if association is None or association.municipality_id != municipality.id:
        abort(404)
    form = RegisterEntryForm(obj=association)
    if form.validate_on_submit():
        entry, details = _entry_and_details(form)
        try:
            association_operations.update_register_entry(association, current_user, entry)
        except DomainError as error:
            form.name.errors = [*form.name.errors, error.message]
        else:
            association_operations.update_contact_details(association, current_user, details)
            db.session.commit()
            flash(_("The details of %(name)s are saved.", name=association.name), "success")
            return redirect(url_for("administration.associations", slug=slug))
    return render_template(
        "administration/edit_association.html",
        municipality=municipality,
        association=association,
        form=form,
        action_form=RegistryActionForm(),
    )


@bp.route("/users/<int:user_id>/erase", methods=["POST"])
@login_required
def erase(slug: str, user_id: int):
    municipality = _managed_municipality(slug)
    user = _user_of(municipality, user_id)
    form = EraseForm(prefix=f"erase-{user.id}")
    if not form.validate_on_submit():
        flash(_("Confirm the erasure first."), "error")
        return redirect(url_for("administration.users", slug=slug))
    ensure_may_erase(current_user, user, municipality.id)
    erase_person(user, current_user, reason=_("erased by %(name)s", name=current_user.name),
                 also_in=municipality.id)
    db.session.commit()
    flash(_("The personal data was erased. What the person wrote stays without their name."), "success")
    return redirect(url_for("administration.users", slug=slug))
