from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms.validators import AnyOf

from ..auth.forms import AcceptInvitationForm
from ..web.forms import Form


class ClaimForm(Form):
    """Confirms a claim of an association's entry: the button alone."""


class ClaimAccountForm(AcceptInvitationForm):
    """An account for the address the claim link was sent to: the name, the
    password twice and the language."""


class AskToRepresentForm(Form):
    """Asks to represent an association: the button alone."""


class DecideClaimForm(Form):
    decision = HiddenField(validators=[AnyOf(["confirm", "decline"], message=_l("Choose confirm or decline."))])
