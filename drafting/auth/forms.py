from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from ..web.forms import Form, SelectChoice, short_text
from .models import Language
from .operations import normalise_email


def language_choices():
    return [SelectChoice(language.value, language.label) for language in Language]


class LoginForm(Form):
    email = EmailField(
        _l("E-mail address"),
        validators=[InputRequired(_l("Give your e-mail address.")), Length(max=254)],
        filters=[normalise_email],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Give your password.")), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )


class AcceptInvitationForm(Form):
    name = short_text(_l("Your name"), required=True, render_kw={"autocomplete": "name"})
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Choose a password."))],
        description=_l("At least 12 characters. A few words in a row are easy to remember."),
        render_kw={"autocomplete": "new-password"},
    )
    password_again = PasswordField(
        _l("Password again"),
        validators=[
            InputRequired(_l("Type the password again.")),
            EqualTo("password", _l("The passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    language = SelectField(_l("Language of the service"), choices=language_choices)


class LanguageForm(Form):
    language = SelectField(_l("Language"), choices=language_choices)


class EmailForm(Form):
    email = EmailField(
        _l("E-mail address"),
        validators=[InputRequired(_l("Give an e-mail address.")),
                    Email(_l("This is not a valid e-mail address.")), Length(max=254)],
        filters=[normalise_email],
    )


class SettingsForm(Form):
    language = SelectField(_l("Language of the service and of e-mails"), choices=language_choices)
    wants_notifications = BooleanField(
        _l("Send me announcements, reminders, digests and what became of my comments and proposals by e-mail"),
        description=_l("Mail about your password is always sent."),
    )


class NewPasswordForm(Form):
    password = PasswordField(
        _l("New password"),
        validators=[InputRequired(_l("Choose a password."))],
        description=_l("At least 12 characters. A few words in a row are easy to remember."),
        render_kw={"autocomplete": "new-password"},
    )
    password_again = PasswordField(
        _l("New password again"),
        validators=[InputRequired(_l("Type the password again.")),
                    EqualTo("password", _l("The passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )


class CloseAccountForm(Form):
    confirm = BooleanField(_l("I understand: my account is closed and my personal data erased"),
                           validators=[InputRequired(_l("Confirm that you want to close your account."))])
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(_l("Give your password.")), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
