from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale, gettext as _

from ..audit.operations import record_event
from ..auth.models import StaffRoleKind
from ..core import DomainError, PermissionDenied, local_today
from ..extensions import db
from ..notifications.outbox import queue
from .models import AccessibilityFeedback, AccessibilityStatement, Compliance

MANAGERS = (StaffRoleKind.COORDINATOR, StaffRoleKind.ADMIN)
MAX_FEEDBACK = 5_000


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
    if not user.is_authenticated or not user.has_role(municipality.id, *MANAGERS):
        raise PermissionDenied(_("Only the coordinator or an administrator may edit the accessibility statement."))
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
    message = (message or "").strip()
    if not message:
        raise DomainError(_("Write your feedback first."))
    if len(message) > MAX_FEEDBACK:
        raise DomainError(_("The feedback is too long: at most %(limit)s characters.", limit=MAX_FEEDBACK))
    feedback = AccessibilityFeedback(municipality_id=municipality.id, message=message,
                                     contact=(contact or "").strip()[:254] or None, page=(page or "")[:500] or None)
    db.session.add(feedback)
    db.session.flush()
    statement = statement_of(municipality)
    if statement.feedback_email:
        with force_locale("fi"):
            queue(statement.feedback_email, _("Accessibility feedback on Ohjeverstas"),
                  _("Feedback on the accessibility of the guideline service of %(municipality)s:\n\n%(message)s\n\n"
                    "Reply to: %(contact)s\nPage: %(page)s", municipality=municipality.name_fi, message=message,
                    contact=feedback.contact or "–", page=feedback.page or "–"))
    record_event(actor=None, action="accessibility_feedback", obj=feedback, municipality_id=municipality.id)
    return feedback
