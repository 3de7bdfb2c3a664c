from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, StringField, URLField
from wtforms.validators import URL, Email, Length, Optional, Regexp, StopValidation

from ..web.forms import Form, NotBlank, long_text, short_text, strip_filter
from .names import looks_like_a_list
from .operations import LIST_IN_NAME


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ContactDetailsForm(Form):
    email = EmailField(
        _l("E-mail address"),
        validators=[Optional(), Email(_l("This is not a valid e-mail address.")), Length(max=254)],
        filters=[_strip],
    )
    phone = short_text(_l("Phone"), max_length=40)
    website = URLField(
        _l("Website"),
        validators=[
            Optional(),
            URL(require_tld=True, message=_l("Give the whole address, for example https://yhdistys.fi.")),
            Regexp(r"^https?://", message=_l("The address must start with https:// or http://.")),
            Length(max=300),
        ],
        filters=[_strip],
    )
    description = long_text(_l("What the association does"), max_length=2000)


class OneName:
    """A single name, not a pasted list: the text as sent, before a line
    break becomes a space, holds no list (see `looks_like_a_list`)."""

    def __call__(self, form, field):
        sent = field.raw_data[0] if field.raw_data else ""
        if not isinstance(sent, str) or sent.strip() == (field.object_data or "").strip():
            return  # a name kept as it was is not questioned again
        if looks_like_a_list(sent.strip()):
            raise StopValidation(str(LIST_IN_NAME))


class RegisterEntryForm(ContactDetailsForm):
    name = StringField(
        _l("Name of the association"),
        validators=[NotBlank(), OneName(), Length(max=200, message=_l("At most %(max)d characters.", max=200))],
        filters=[strip_filter],
    )
    register_number = short_text(
        _l("Register number"),
        max_length=20,
        description=_l("From the Finnish Patent and Registration Office's register, e.g. 123.456."),
    )
    contact_person = short_text(_l("Contact person"), max_length=200)
    active = BooleanField(_l("Active"), default=True,
                          description=_l("An archived association is neither in the directory nor among the "
                                         "choices of new comments and invitations."))
