from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import get_locale
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import utcnow
from ..extensions import Model


class Municipality(Model):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name_fi: Mapped[str] = mapped_column(sa.String(200))
    name_sv: Mapped[str | None] = mapped_column(sa.String(200))
    bilingual: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Counts the changes recorded in the municipality: a stored page of the
    # municipality is served again only while this number is what it was.
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    # Counts the changes not confined to one section (or to the discussion of
    # the whole document): the stored pieces of pages depend on it.
    general_revision: Mapped[int] = mapped_column(default=0, server_default="0")

    guideline: Mapped[Guideline | None] = relationship(back_populates="municipality")

    @property
    def name(self) -> str:
        """The name in the reader's language where the municipality has one."""
        locale = get_locale()
        if locale is not None and locale.language == "sv" and self.name_sv:
            return self.name_sv
        return self.name_fi

    def __repr__(self) -> str:
        return f"<Municipality {self.slug}>"


class Guideline(Model):
    """The municipality's guideline for cooperation with associations; each
    year's text is drafted and approved in a drafting round."""

    __tablename__ = "guidelines"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipalities.id"), unique=True
    )
    title: Mapped[str] = mapped_column(sa.String(200), default="Järjestöyhteistyön ohje")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship(back_populates="guideline")
