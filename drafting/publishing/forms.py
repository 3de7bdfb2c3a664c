from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange

from ..web.forms import FinnishDateField, Form, SelectChoice, short_text
from ..workflow.models import DecidingBody


class UploadForm(Form):
    document = FileField(
        _l("The guideline as a Word file (.docx)"),
        validators=[FileRequired(_l("Choose the file to import."))],
        description=_l("At most 20 MB. Sections are made from the Word headings of the file."),
    )


class ImportConfirmForm(Form):
    year = IntegerField(
        _l("Year of the guideline"),
        validators=[InputRequired(_l("Give the year as a number, for example 2027.")),
                    NumberRange(2000, 2200, _l("Give a year between 2000 and 2200."))],
    )


class ImportSectionForm(Form):
    """A change to one section of the preview: `heading` is the heading the
    user saw, so that a preview changed meanwhile is not changed blindly."""

    heading = HiddenField()
    direction = HiddenField()
    new_heading = StringField(_l("New heading"))


_AGENDA_KINDS = (DecidingBody.COUNCIL, DecidingBody.BOARD, DecidingBody.COMMITTEE, DecidingBody.MANAGEMENT_GROUP,
                 DecidingBody.OTHER)


class AgendaPlanForm(Form):
    """The meeting the agenda is drafted for, before the decision is recorded."""

    body_kind = SelectField(
        _l("Kind of the approving body"),
        choices=lambda: [SelectChoice("", _l("Choose…"))] + [SelectChoice(k.value, k.label) for k in _AGENDA_KINDS],
        validators=[InputRequired(_l("Choose the approving body."))],
    )
    body_name = short_text(
        _l("Name of the body"), max_length=200,
        description=_l("As the municipality calls it, for example Hyvinvointilautakunta. Required for another "
                       "body; otherwise the kind's name is used when left empty."),
    )
    meeting_on = FinnishDateField(
        _l("Date of the meeting"), validators=[InputRequired(_l("Give the date of the meeting."))]
    )
    preparer = short_text(
        _l("Prepared by"), required=True, max_length=300,
        description=_l("Name, title and contact details, for example: Kaisa Laine, welfare coordinator, "
                       "kaisa.laine@kunta.fi, 040 123 4567"),
    )
    presenter = short_text(
        _l("Presented by"), required=True, max_length=300,
        description=_l("Name, title and contact details of the official who presents the matter."),
    )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.body_kind.data == DecidingBody.OTHER.value and not (self.body_name.data or "").strip():
            self.body_name.errors = [*self.body_name.errors, _l("Name the body that decides.")]
            return False
        return valid
