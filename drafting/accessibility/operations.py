from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _

from .. import access
from ..audit.operations import record_event
from ..auth.models import StaffRoleKind
from ..core import DomainError, local_today, utcnow
from ..extensions import db
from ..municipalities.models import Municipality
from ..notifications.notices import coordinators
from ..notifications.outbox import queue
from .models import AccessibilityFeedback, AccessibilityStatement, Compliance

MANAGERS = (StaffRoleKind.COORDINATOR, StaffRoleKind.ADMIN)
MAX_FEEDBACK = 5_000
# After feedback is mailed to a municipality, what follows within this time
# waits for one digest (sent by `flask mail send`).
FEEDBACK_MAIL_INTERVAL = timedelta(hours=1)


def statement_of(municipality) -> AccessibilityStatement:
    """The municipality's statement; one prepared from the service's own
    self-assessment until the municipality edits it."""
    statement = db.session.scalar(
        sa.select(AccessibilityStatement).where(AccessibilityStatement.municipality_id == municipality.id)
    )
    if statement is None:
        statement = AccessibilityStatement(municipality_id=municipality.id, compliance=Compliance.PARTIAL,
                                           non_accessible_content="", assessment="",
                                           prepared_on=date(2026, 11, 1), updated_on=date(2026, 11, 1))
    return statement


@dataclass
class StatementInput:
    compliance: Compliance
    non_accessible_content: str
    assessment: str
    feedback_email: str | None
    feedback_phone: str | None


def update_statement(municipality, user, data: StatementInput) -> AccessibilityStatement:
    access.ensure("manage_municipality", municipality, user,
                  _("Only the coordinator or an administrator may edit the accessibility statement."))
    statement = statement_of(municipality)
    if statement.id is None:
        db.session.add(statement)
    statement.compliance = data.compliance
    statement.non_accessible_content = data.non_accessible_content.strip()
    statement.assessment = data.assessment.strip()
    statement.feedback_email = (data.feedback_email or "").strip() or None
    statement.feedback_phone = (data.feedback_phone or "").strip() or None
    statement.updated_on = local_today()
    statement.updated_by_id = user.id
    db.session.flush()
    record_event(actor=user, action="update_accessibility_statement", obj=statement,
                 municipality_id=municipality.id)
    return statement


def send_feedback(municipality, *, message: str, contact: str | None, page: str | None) -> AccessibilityFeedback:
    """Keep a resident's feedback and mail it to the municipality: at once,
    or in the next digest when feedback was mailed within the hour. Nothing
    on any page changes, so the municipality's stored pages stay valid."""
    message = (message or "").strip()
    if not message:
        raise DomainError(_("Write your feedback first."))
    if len(message) > MAX_FEEDBACK:
        raise DomainError(_("The feedback is too long: at most %(limit)s characters.", limit=MAX_FEEDBACK))
    feedback = AccessibilityFeedback(municipality_id=municipality.id, message=message,
                                     contact=(contact or "").strip()[:254] or None, page=(page or "")[:500] or None)
    db.session.add(feedback)
    db.session.flush()
    record_event(actor=None, action="accessibility_feedback", obj=feedback, municipality_id=municipality.id,
                 changes_pages=False)
    _mail_waiting_feedback(municipality, utcnow())
    return feedback


def queue_feedback_digests(now: datetime | None = None) -> int:
    """For `flask mail send`: one digest to each municipality whose feedback
    waits and which has had no feedback mail within the hour."""
    now = now or utcnow()
    waiting = db.session.scalars(
        sa.select(Municipality).where(Municipality.id.in_(
            sa.select(AccessibilityFeedback.municipality_id).where(AccessibilityFeedback.mailed_at.is_(None))))
        .order_by(Municipality.id)
    ).all()
    return sum(_mail_waiting_feedback(municipality, now) for municipality in waiting)


def _mail_waiting_feedback(municipality, now: datetime) -> int:
    """Mail the municipality's waiting feedback, unless feedback was mailed
    within FEEDBACK_MAIL_INTERVAL; returns the number of messages queued."""
    last_mailed = db.session.scalar(
        sa.select(sa.func.max(AccessibilityFeedback.mailed_at))
        .where(AccessibilityFeedback.municipality_id == municipality.id))
    if last_mailed is not None and now - last_mailed < FEEDBACK_MAIL_INTERVAL:
        return 0
    waiting = db.session.scalars(
        sa.select(AccessibilityFeedback)
        .where(AccessibilityFeedback.municipality_id == municipality.id, AccessibilityFeedback.mailed_at.is_(None))
        .order_by(AccessibilityFeedback.created_at, AccessibilityFeedback.id)
    ).all()
    if not waiting:
        return 0
    queued = 0
    for address, language in _feedback_recipients(municipality):
        with force_locale(language):
            queue(address, *_feedback_mail(municipality, waiting))
        queued += 1
    for feedback in waiting:
        feedback.mailed_at = now
    return queued


def _feedback_recipients(municipality) -> list[tuple[str, str]]:
    """The statement's feedback address (in Finnish), or else the municipality's coordinators."""
    statement = statement_of(municipality)
    if statement.feedback_email:
        return [(statement.feedback_email, "fi")]
    return [(person.email, person.language.value) for person in coordinators(municipality.id)]


def _feedback_mail(municipality, feedback: Sequence[AccessibilityFeedback]) -> tuple[str, str]:
    """The subject and body of the mail that brings one or several feedback messages."""
    if len(feedback) == 1:
        item = feedback[0]
        return (_("Accessibility feedback on Ohjeverstas"),
                _("Feedback on the accessibility of the guideline service of %(municipality)s:\n\n%(message)s\n\n"
                  "Reply to: %(contact)s\nPage: %(page)s", municipality=municipality.name_fi, message=item.message,
                  contact=item.contact or "–", page=item.page or "–"))
    parts = [_("%(count)s new feedback messages on the accessibility of the guideline service of %(municipality)s:",
               count=len(feedback), municipality=municipality.name_fi)]
    for number, item in enumerate(feedback, start=1):
        parts.append(f"{number}. {format_datetime(item.created_at)}\n\n{item.message}\n\n"
                     + _("Reply to: %(contact)s\nPage: %(page)s", contact=item.contact or "–", page=item.page or "–"))
    return (_("Accessibility feedback on Ohjeverstas: %(count)s messages", count=len(feedback)),
            "\n\n---\n\n".join(parts))
