from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from ..documents.forms import rich_text_length
from ..web.forms import Form, long_text


class ProposalForm(Form):
    base_number = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    association_id = SelectField(_l("I propose for"), validate_choice=False)
    on_behalf = BooleanField(_l("Recorded at the association evening on behalf of the association"))
    text = TextAreaField(
        _l("Proposed wording"),
        validators=[rich_text_length()],
        description=_l("Start from the current text and change what you want changed."),
    )
    rationale = long_text(_l("Rationale"), required=True, max_length=5000,
                          description=_l("Why the text should change."))


class DecisionForm(Form):
    seen_version_id = HiddenField()


class RejectForm(Form):
    seen_version_id = HiddenField()
    reason = long_text(_l("Reason for rejecting"), required=True, max_length=5000,
                       description=_l("Shown to the proposer and in the consultation summary."))


class EditAcceptForm(Form):
    seen_version_id = HiddenField()
    text = TextAreaField(_l("Text to accept"), validators=[rich_text_length()])
    reason = long_text(_l("What you changed and why"), max_length=5000)


class WithdrawForm(Form):
    pass


def seen_version(form) -> int | None:
    value = form.seen_version_id.data
    return int(value) if value and str(value).isdigit() else None


