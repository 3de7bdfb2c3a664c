from __future__ import annotations

from ..web.forms import Form


class ClaimForm(Form):
    """Confirms a claim of an association's entry: the button alone."""
