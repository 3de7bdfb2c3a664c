"""A person claims an association's entry.

From the link in a message to the association's own registry address:
following it proves control of the address, so the person becomes a
representative at once (signed in, or with an account made for that address
from the link), and the claim, the membership and an audit row are written
together. Without the link, from the association directory: the claim waits
until the coordinator confirms or declines it."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from .. import access
from ..associations.models import Association, Membership
from ..audit.operations import record_event
from ..auth.models import Language, User
from ..auth.operations import find_user_by_email
from ..auth.passwords import hash_password, password_problems
from ..auth.people import Person
from ..core import Conflict, DomainError, utcnow
from ..extensions import db
from ..municipalities.models import Municipality
from ..web.links import external_url
from .models import AssociationClaim
from .notices import coordinators, queue_to_person
from .reach import read_claim_token


def association_of_token(token: str) -> tuple[Association, str] | None:
    """The active association a claim token names, with the address it was
    sent to, while that is still the association's address; else None."""
    read = read_claim_token(token)
    if read is None:
        return None
    association_id, address = read
    association = db.session.get(Association, association_id)
    if association is None or not association.active:
        return None
    if not address or (association.email or "").strip().lower() != address:
        return None
    return association, address


def claim_by_address(association: Association, user: User, address: str) -> Membership:
    """The user, who followed the link sent to `address`, represents the
    association from now on."""
    if not user.active:
        raise DomainError(_("The account is closed."))
    if user.represents(association.id):
        raise DomainError(_("You represent %(association)s already.", association=association.name))
    claim = db.session.scalar(sa.select(AssociationClaim).where(
        AssociationClaim.association_id == association.id, AssociationClaim.user_id == user.id))
    if claim is None:
        claim = AssociationClaim(association_id=association.id, user_id=user.id)
        db.session.add(claim)
    claim.proved_address = address
    claim.confirmed = True
    claim.decided_at = utcnow()
    claim.decided_by_id = user.id
    membership = Membership(user_id=user.id, association_id=association.id)
    db.session.add(membership)
    db.session.flush()
    record_event(actor=user, action="claim_association", obj=association,
                 municipality_id=association.municipality_id,
                 details={"address": address, "claim": claim.id})
    return membership


def ask_to_represent(association: Association, user: User) -> AssociationClaim:
    """The user asks to represent the association without the address link;
    the claim waits for the coordinator. A declined claim can be made again."""
    if not user.active:
        raise DomainError(_("The account is closed."))
    if not association.active:
        raise DomainError(_("%(association)s is archived in the registry.", association=association.name))
    if user.represents(association.id):
        raise DomainError(_("You represent %(association)s already.", association=association.name))
    claim = db.session.scalar(sa.select(AssociationClaim).where(
        AssociationClaim.association_id == association.id, AssociationClaim.user_id == user.id))
    if claim is not None and claim.decided_at is None:
        raise DomainError(_("You have asked to represent %(association)s already; the coordinator decides.",
                            association=association.name))
    if claim is None:
        claim = AssociationClaim(association_id=association.id, user_id=user.id)
        db.session.add(claim)
    claim.created_at = utcnow()
    claim.proved_address = None
    claim.decided_at = claim.decided_by_id = claim.confirmed = None
    db.session.flush()
    record_event(actor=user, action="ask_to_represent", obj=association,
                 municipality_id=association.municipality_id, details={"claim": claim.id},
                 changes_pages=False)
    link = external_url("notifications.claim_list", slug=association_slug(association))
    for coordinator in coordinators(association.municipality_id):
        with force_locale(coordinator.language.value):
            queue_to_person(coordinator, _("%(person)s asks to represent %(association)s",
                                           person=user.name, association=association.name),
                            _("%(person)s (%(email)s) asks to represent %(association)s. "
                              "Confirm or decline the request:\n%(link)s",
                              person=user.name, email=user.email, association=association.name, link=link),
                            f"claim-asked:{claim.id}:{claim.created_at.isoformat()}:{coordinator.id}")
    return claim


def pending_claims(municipality_id: int) -> list[AssociationClaim]:
    """The claims waiting for the coordinator, oldest first, with their
    people and associations (one query)."""
    return list(db.session.scalars(
        sa.select(AssociationClaim)
        .join(Association, Association.id == AssociationClaim.association_id)
        .where(Association.municipality_id == municipality_id, AssociationClaim.decided_at.is_(None))
        .options(joinedload(AssociationClaim.association), joinedload(AssociationClaim.user))
        .order_by(AssociationClaim.created_at, AssociationClaim.id)
    ).unique())


def asked_by(user: Person, association_ids) -> set[int]:
    """Which of the associations the user has asked to represent, waiting for the coordinator."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(db.session.scalars(sa.select(AssociationClaim.association_id).where(
        AssociationClaim.user_id == user.id, AssociationClaim.decided_at.is_(None),
        AssociationClaim.association_id.in_(list(association_ids)))))


def decide_claim(claim: AssociationClaim, coordinator: Person, *, confirm: bool) -> Membership | None:
    """The coordinator confirms the claim (the person represents the
    association from now on) or declines it."""
    association = claim.association
    access.ensure("manage_municipality", association.municipality_id, coordinator)
    if claim.decided_at is not None:
        raise DomainError(_("This claim has been decided already."))
    claim.confirmed = confirm
    claim.decided_at = utcnow()
    claim.decided_by_id = coordinator.id
    membership = None
    if confirm and claim.user.active and not claim.user.represents(association.id):
        membership = Membership(user_id=claim.user_id, association_id=association.id)
        db.session.add(membership)
    db.session.flush()
    record_event(actor=coordinator, action="confirm_claim" if confirm else "decline_claim", obj=association,
                 municipality_id=association.municipality_id,
                 details={"claim": claim.id, "user": claim.user_id})
    person = claim.user
    if person.active and person.wants_notifications:
        with force_locale(person.language.value):
            if confirm:
                subject = _("You now represent %(association)s", association=association.name)
                body = _("The coordinator confirmed that you represent %(association)s. You can give its wishes, "
                         "comment and propose changes for it:\n%(link)s",
                         association=association.name, link=external_url("dashboard.index"))
            else:
                subject = _("Your request to represent %(association)s was declined", association=association.name)
                body = _("The coordinator declined your request to represent %(association)s. If you do speak "
                         "for the association, ask its board to contact the municipality.",
                         association=association.name)
            queue_to_person(person, subject, body, f"claim-decided:{claim.id}:{claim.decided_at.isoformat()}")
    return membership


def association_slug(association: Association) -> str:
    municipality = db.session.get(Municipality, association.municipality_id)
    return municipality.slug if municipality else ""


def create_account_by_address(association: Association, address: str, *, name: str, password: str,
                              language: Language) -> User:
    """An account for the address the claim link was sent to, made by whoever
    followed the link: the account represents the association at once."""
    if find_user_by_email(address) is not None:
        raise Conflict(_("An account with the address %(email)s exists already: log in to claim the entry.",
                         email=address))
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Give your name."))
    problems = password_problems(password or "", email=address, name=name)
    if problems:
        raise DomainError(_("The password is not acceptable."), problems)
    user = User(email=address, name=name, password_hash=hash_password(password), language=language)
    db.session.add(user)
    db.session.flush()
    record_event(actor=user, action="create_user", obj=user, municipality_id=association.municipality_id,
                 details={"by_claim_link": association.id})
    claim_by_address(association, user, address)
    return user
