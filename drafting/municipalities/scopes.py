"""What the municipality's public pages depend on, for conditional GET
(`web/freshness.py`): the municipality found by its slug."""
from __future__ import annotations

import sqlalchemy as sa

from ..web.freshness import Scope
from .models import Municipality

municipality_scope = Scope(
    Municipality.__table__, ("slug",),
    lambda municipalities, slug: sa.select().select_from(municipalities).where(municipalities.c.slug == slug))
