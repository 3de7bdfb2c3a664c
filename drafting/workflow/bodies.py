"""The municipality's registry of named bodies: a body is found by its kind
and name, and added the first time a decision or an agenda names it."""
from __future__ import annotations

import sqlalchemy as sa

from ..extensions import db
from ..web.text import single_line
from .models import KIND_NAMES_FI, Body, DecidingBody


def body_named(municipality_id: int, kind: DecidingBody, name: str | None) -> Body:
    """The registry's body of this kind and name, added when new; an empty
    name is the kind's own Finnish name (for example "Kunnanhallitus")."""
    name = single_line(name or "").strip()[:200] or KIND_NAMES_FI[kind]
    body = db.session.scalar(sa.select(Body).where(
        Body.municipality_id == municipality_id, Body.kind == kind, Body.name == name))
    if body is None:
        body = Body(municipality_id=municipality_id, kind=kind, name=name)
        db.session.add(body)
        db.session.flush()
    return body


def registered_bodies(municipality_id: int) -> list[Body]:
    return list(db.session.scalars(
        sa.select(Body).where(Body.municipality_id == municipality_id).order_by(Body.name)))
