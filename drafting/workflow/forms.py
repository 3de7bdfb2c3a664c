from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, RadioField, SelectField, TimeField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from ..documents.outlines import OUTLINES
from ..web.forms import FIRST_YEAR, LAST_YEAR, FinnishDateField, Form, SelectChoice, long_text, short_text
from .models import DecidingBody


class OpenRoundForm(Form):
    year = IntegerField(
        _l("Year of the guideline"),
        validators=[
            InputRequired(_l("Give the year as a number, for example 2027.")),
            NumberRange(FIRST_YEAR, LAST_YEAR, _l("Give a year between 2000 and 2200.")),
        ],
    )
    outline = RadioField(
        _l("Template"),
        choices=lambda: [SelectChoice(o.key, o.name) for o in OUTLINES.values()],
        validators=[InputRequired(_l("Choose a template."))],
    )


def _body_choices(*bodies: DecidingBody):
    return lambda: [SelectChoice("", _l("Choose…"))] + [SelectChoice(b.value, b.label) for b in bodies]


def _confirm_dates() -> BooleanField:
    return BooleanField(_l("The dates are right: save them as they are."))


class _BodyDecisionForm(Form):
    """A decision of a named body: which body, when, which § of its minutes.
    When the body is "another body", its name is required."""

    body_name = short_text(
        _l("Name of the body"), max_length=200,
        description=_l("As the municipality calls it, for example Hyvinvointilautakunta. Required for another "
                       "body; otherwise the kind's name is used when left empty."),
    )
    decided_on = FinnishDateField(
        _l("Date of the decision"), validators=[InputRequired(_l("Give the date of the decision."))]
    )
    minutes_paragraph = short_text(
        _l("Minutes paragraph (§)"), required=True, max_length=40,
        description=_l("For example: § 12"),
    )
    confirm_dates = _confirm_dates()

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.body.data == DecidingBody.OTHER.value and not (self.body_name.data or "").strip():
            self.body_name.errors = [*self.body_name.errors, _l("Name the body that decided.")]
            return False
        return valid


class DecisionForm(_BodyDecisionForm):
    body = SelectField(
        _l("Deciding body"),
        choices=_body_choices(
            DecidingBody.MANAGEMENT_GROUP, DecidingBody.WELFARE_GROUP, DecidingBody.OTHER
        ),
        validators=[InputRequired(_l("Choose the body that decided."))],
    )
    responsible_persons = long_text(
        _l("Responsible persons"), required=True, max_length=2000,
        description=_l("Names and titles, one per line."),
    )
    authorised_coordinator = short_text(
        _l("Authorised coordinator"), required=True,
        description=_l("The person authorised to prepare the guideline."),
    )


class ReviewForm(Form):
    decided_on = FinnishDateField(
        _l("Date of the welfare group's meeting"),
        validators=[InputRequired(_l("Give the date of the meeting."))],
    )
    outcome = long_text(
        _l("Outcome of the review"), required=True, max_length=5000,
        description=_l("What the welfare group decided and what should be refined in the draft."),
    )
    confirm_dates = _confirm_dates()


class ApprovalForm(_BodyDecisionForm):
    body = SelectField(
        _l("Approving body"),
        choices=_body_choices(
            DecidingBody.MANAGEMENT_GROUP,
            DecidingBody.COUNCIL,
            DecidingBody.BOARD,
            DecidingBody.COMMITTEE,
            DecidingBody.OTHER,
        ),
        validators=[InputRequired(_l("Choose the approving body."))],
    )


class ScheduleForm(Form):
    wishes_opens_on = FinnishDateField(_l("Wishes window opens"), validators=[Optional()])
    wishes_closes_on = FinnishDateField(_l("Wishes window closes"), validators=[Optional()])
    evening_on = FinnishDateField(_l("Date of the association evening"), validators=[Optional()])
    evening_starts_at = TimeField(
        _l("Starting time of the association evening"),
        validators=[Optional()],
        format=["%H:%M", "%H.%M"],
    )
    evening_place = short_text(_l("Place of the association evening"), max_length=300)
    comments_close_on = FinnishDateField(
        _l("Written comments close"), validators=[Optional()],
        description=_l("Leave empty to take comments until the round moves on to approval."),
    )
    confirm_dates = _confirm_dates()

    def validate_wishes_closes_on(self, field):
        if field.data and self.wishes_opens_on.data and field.data < self.wishes_opens_on.data:
            raise ValidationError(_l("The wishes window cannot close before it opens."))


class TransitionForm(Form):
    from_state = HiddenField(validators=[InputRequired()])
    reason = long_text(_l("Reason"), max_length=2000)
    confirm_early_close = BooleanField(_l("Close the consultation early"))


class RevisionForm(Form):
    pass
