from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length
from wtforms.widgets import HiddenInput

from ..web.forms import Form, long_text, short_text
from .operations import MAX_HEADING_LENGTH
from .richtext import MAX_TEXT_LENGTH


def rich_text_length(max_length: int = MAX_TEXT_LENGTH) -> Length:
    """The most characters of HTML a rich-text field takes."""
    return Length(max=max_length, message=_l("At most %(max)d characters.", max=max_length))


class SectionForm(Form):
    base_number = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    heading = short_text(_l("Heading"), required=True, max_length=MAX_HEADING_LENGTH)
    text = TextAreaField(
        _l("Text"),
        validators=[rich_text_length()],
        description=_l("Headings, lists, bold, italic and links are kept; other formatting is removed."),
    )
    reason = long_text(
        _l("Reason for the change"), max_length=2000,
        description=_l("Shown in the version history, for example “updated the grant dates”."),
    )


class AddSectionForm(Form):
    heading = short_text(_l("Heading of the new section"), required=True,
                         max_length=MAX_HEADING_LENGTH)


class StructureForm(Form):
    """A button on the page of the document's structure: move up or down, or remove."""

    direction = HiddenField()


class WithdrawSectionForm(Form):
    reason = long_text(
        _l("Reason for withdrawing the section"), required=True, max_length=2000,
        description=_l("Shown in the history and in the appendix of the document with the section's comments."),
    )
