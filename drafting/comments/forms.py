from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput

from ..web.forms import Form, SelectChoice, long_text
from .models import Disposition


def association_choices(associations) -> list[SelectChoice]:
    return [SelectChoice(str(a.id), a.name) for a in associations]


class CommentForm(Form):
    association_id = SelectField(_l("I write for"), validate_choice=False)
    on_behalf = BooleanField(_l("Recorded at the association evening on behalf of the association"))
    quote = TextAreaField(
        _l("Quoted passage (optional)"),
        description=_l("Select a passage in the text above and press “Quote the selection”, "
                       "or copy the passage here."),
        validators=[Optional()],
    )
    quote_near = IntegerField(widget=HiddenInput(), validators=[Optional()])
    text = TextAreaField(
        _l("Your comment"),
        description=_l("At most 10 000 characters. Paragraphs, lists, bold, italic and links are kept."),
    )


class ReplyForm(Form):
    association_id = SelectField(_l("I write for"), validate_choice=False)
    text = TextAreaField(_l("Your reply"))


class EditForm(Form):
    text = TextAreaField(_l("Comment"))


class HideForm(Form):
    reason = long_text(_l("Reason for hiding (shown to readers)"), required=True, max_length=1000)


class ResponseForm(Form):
    disposition = RadioField(
        _l("Disposition"),
        choices=lambda: [SelectChoice(d.value, d.label) for d in Disposition],
    )
    text = long_text(
        _l("The municipality's response"),
        max_length=10_000,
        description=_l("Required when the comment was not taken into account: give the reason."),
    )
    linked_version_id = SelectField(_l("Taken into account in"), validate_choice=False)
