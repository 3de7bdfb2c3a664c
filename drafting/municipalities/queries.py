from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from ..extensions import db
from .models import Municipality


def get_municipality_or_404(slug: str) -> Municipality:
    municipality = db.session.scalar(sa.select(Municipality).where(Municipality.slug == slug))
    if municipality is None:
        abort(404)
    return municipality


def all_municipalities() -> list[Municipality]:
    return list(db.session.scalars(sa.select(Municipality).order_by(Municipality.name_fi)))
