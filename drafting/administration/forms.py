from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, RadioField, SelectField
from wtforms.validators import Email, InputRequired, Length, ValidationError

from ..auth.models import StaffRoleKind


class InviteForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[InputRequired(_l("Give an e-mail address.")),
                    Email(_l("This is not a valid e-mail address.")), Length(max=254)],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
    )
    kind = RadioField(
        _l("The invited person will be"),
        choices=[("representative", _l("a representative of an association")),
                 ("staff", _l("a member of the municipality's staff"))],
        default="representative",
    )
    association_id = SelectField(_l("Association"), coerce=int, validate_choice=False)
    role = SelectField(
        _l("Role"),
        choices=lambda: [(kind.value, kind.label) for kind in StaffRoleKind],
    )

    def validate_association_id(self, field):
        if self.kind.data == "representative" and field.data not in {
            value for value, _label in field.choices
        }:
            raise ValidationError(_l("Choose the association."))


class RoleForm(FlaskForm):
    role = HiddenField(validators=[InputRequired()])
    granted = HiddenField(validators=[InputRequired()])


class ActiveForm(FlaskForm):
    active = HiddenField(validators=[InputRequired()])
