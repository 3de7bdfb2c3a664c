"""Fields and validators shared by the forms of every feature."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, PasswordField, StringField, TextAreaField

# The choices of the forms: new in WTForms 3.3, which types-WTForms (written
# for 3.2) does not know yet.
from wtforms.fields.choices import SelectChoice as SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import Length, Optional, ValidationError

from .submissions import new_submission_token
from .text import multi_line, single_line

T = TypeVar("T")


def validated(value: T | None) -> T:
    """The value of a field that its validators require (`InputRequired`),
    read after the form has validated, where it is always given."""
    if value is None:
        raise ValueError("a required field was read before its form was validated")
    return value


def offered(choices: Iterable[Any] | None) -> set[str]:
    """The values of a select field's choices (`SelectChoice`s)."""
    return {choice.value for choice in choices or ()}

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
# The years a guideline, its decisions and its schedule can concern (as the
# years a round can be opened for); a date outside them is a typing error.
FIRST_YEAR, LAST_YEAR = 2000, 2200


def _without_nul(value):
    """NUL characters are never meaningful in a form and PostgreSQL refuses them."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def control_character_filter(field_class):
    """The filter that cleans a field's text of control characters: a text
    area keeps its tabs and line breaks, a one-line field (names, headings,
    addresses, hidden values) keeps none. A password is taken as typed, bar
    NUL, so that every password set before still works."""
    if issubclass(field_class, PasswordField):
        return _without_nul
    if issubclass(field_class, TextAreaField):
        return multi_line
    if issubclass(field_class, StringField):
        return single_line
    return _without_nul


class Form(FlaskForm):
    """The base of every form: CSRF from Flask-WTF, no control characters in
    text (see `control_character_filter`), and a one-time token so that
    sending the form twice creates one record."""

    submission_token = HiddenField(default=new_submission_token)

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = [control_character_filter(unbound_field.field_class),
                       *unbound_field.kwargs.get("filters", ())]
            return unbound_field.bind(form=form, filters=filters, **options)


class FinnishDateField(DateField):
    """A date from the browser's date picker (2026-03-31) or typed the Finnish
    way (31.3.2026), in the years FIRST_YEAR to LAST_YEAR."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", DATE_FORMATS)
        kwargs["render_kw"] = {"min": f"{FIRST_YEAR}-01-01", "max": f"{LAST_YEAR}-12-31",
                               **kwargs.get("render_kw", {})}
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [valuelist[0].strip()]
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Give the date as day.month.year, for example 31.3.2026."))
        if self.data is not None and not date(FIRST_YEAR, 1, 1) <= self.data <= date(LAST_YEAR, 12, 31):
            self.data = None
            raise ValueError(_l("Give a date in the years %(first)s–%(last)s.", first=FIRST_YEAR, last=LAST_YEAR))


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


class NotBlank:
    def __init__(self, message=None):
        self.message = message or _l("This field is required.")

    def __call__(self, form, field):
        if not (field.data or "").strip():
            raise ValidationError(self.message)


def short_text(label, *, required=False, max_length=200, **kwargs):
    validators: list[object] = [NotBlank()] if required else [Optional()]
    validators.append(
        Length(max=max_length, message=_l("At most %(max)d characters.", max=max_length))
    )
    return StringField(label, validators=validators, filters=[strip_filter], **kwargs)


def long_text(label, *, required=False, max_length=5000, **kwargs):
    validators: list[object] = [NotBlank()] if required else [Optional()]
    validators.append(
        Length(max=max_length, message=_l("At most %(max)d characters.", max=max_length))
    )
    return TextAreaField(label, validators=validators, filters=[strip_filter], **kwargs)
