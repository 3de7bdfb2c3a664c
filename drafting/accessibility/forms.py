from flask_babel import lazy_gettext as _l
from wtforms import EmailField, RadioField
from wtforms.validators import Email, Length, Optional

from ..web.forms import Form, SelectChoice, long_text, short_text
from .models import Compliance


class StatementForm(Form):
    compliance = RadioField(_l("How well the service meets the requirements"),
                            choices=lambda: [SelectChoice(c.value, c.label) for c in Compliance])
    non_accessible_content = long_text(
        _l("Content that is not accessible, and why"), max_length=10_000,
        description=_l("One item per paragraph: what, which requirement, and how to get the content otherwise."))
    assessment = long_text(_l("How accessibility was assessed"), max_length=5_000,
                           description=_l("For example: self-assessment and automated testing with axe-core."))
    feedback_email = EmailField(_l("E-mail address for accessibility feedback"),
                                validators=[Optional(), Email(_l("This is not a valid e-mail address.")),
                                            Length(max=254)],
                                filters=[lambda v: v.strip() if isinstance(v, str) else v])
    feedback_phone = short_text(_l("Phone number for accessibility feedback"), max_length=40)


class FeedbackForm(Form):
    message = long_text(_l("Your feedback"), required=True, max_length=5_000,
                        description=_l("Tell us what was difficult to use, and on which page."))
    contact = short_text(_l("Your e-mail or phone, if you want a reply (optional)"), max_length=254)
