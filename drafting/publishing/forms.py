from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange

from ..web.forms import Form


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
