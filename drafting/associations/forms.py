from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, URLField
from wtforms.validators import URL, Email, Length, Optional, Regexp

from ..web.forms import Form, long_text, short_text


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


class RegisterEntryForm(ContactDetailsForm):
    name = short_text(_l("Name of the association"), required=True)
    register_number = short_text(
        _l("Register number"),
        max_length=20,
        description=_l("From the Finnish Patent and Registration Office's register, e.g. 123.456."),
    )
    active = BooleanField(_l("Active"), default=True)
