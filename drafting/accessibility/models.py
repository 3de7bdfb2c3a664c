from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from ..core import LabelledEnum, enum_column_type, utcnow
from ..extensions import Model


class Compliance(LabelledEnum):
    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.FULL: _l("The service meets the critical accessibility requirements."),
            cls.PARTIAL: _l("The service partially meets the critical accessibility requirements."),
            cls.NONE: _l("The service does not meet the critical accessibility requirements."),
        }


class AccessibilityStatement(Model):
    __tablename__ = "accessibility_statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), unique=True)
    compliance: Mapped[Compliance] = mapped_column(enum_column_type(Compliance, "compliance"),
                                                   default=Compliance.PARTIAL)
    non_accessible_content: Mapped[str] = mapped_column(sa.Text, default="")
    assessment: Mapped[str] = mapped_column(sa.Text, default="")
    feedback_email: Mapped[str | None] = mapped_column(sa.String(254))
    feedback_phone: Mapped[str | None] = mapped_column(sa.String(40))
    prepared_on: Mapped[date]
    updated_on: Mapped[date]
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class AccessibilityFeedback(Model):
    """Feedback on accessibility sent through the statement page. It is
    mailed to the municipality at once, or, when feedback was mailed within
    the hour, with the others waiting in one digest (`mailed_at` is empty
    while it waits)."""

    __tablename__ = "accessibility_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    message: Mapped[str] = mapped_column(sa.Text)
    contact: Mapped[str | None] = mapped_column(sa.String(254))
    page: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    mailed_at: Mapped[datetime | None]
