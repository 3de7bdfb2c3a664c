from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from ..audit.operations import record_event
from ..core import Conflict, DomainError
from ..extensions import db
from .models import Guideline, Municipality

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def create_municipality(
    *, slug: str, name_fi: str, name_sv: str | None = None, bilingual: bool = False
) -> Municipality:
    """A municipality with its guideline. Set up by the service's operator
    (the `municipalities add` command), not from the web; recorded in the
    municipality's audit trail."""
    slug = slug.strip().lower()
    if not _SLUG.match(slug):
        raise DomainError(_("The address name may contain only a-z, 0-9 and hyphens."))
    if db.session.scalar(sa.select(Municipality.id).where(Municipality.slug == slug)):
        raise Conflict(_("The municipality %(slug)s exists already.", slug=slug))
    municipality = Municipality(
        slug=slug, name_fi=name_fi.strip(), name_sv=(name_sv or "").strip() or None,
        bilingual=bilingual,
    )
    db.session.add(municipality)
    db.session.add(Guideline(municipality=municipality))
    db.session.flush()
    record_event(actor=None, action="create_municipality", obj=municipality, municipality_id=municipality.id,
                 details={"slug": municipality.slug, "bilingual": bilingual})
    return municipality
