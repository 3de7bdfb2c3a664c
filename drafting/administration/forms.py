from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField
from wtforms.validators import Email, InputRequired, Length

from ..auth.models import StaffRoleKind
from ..web.forms import Form, SelectChoice, offered


class InviteForm(Form):
    email = EmailField(
        _l("E-mail address"),
        validators=[InputRequired(_l("Give an e-mail address.")),
                    Email(_l("This is not a valid e-mail address.")), Length(max=254)],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
    )
    kind = RadioField(
        _l("The invited person will be"),
        choices=[SelectChoice("representative", _l("a representative of an association")),
                 SelectChoice("staff", _l("a member of the municipality's staff"))],
        default="representative",
    )
    association_id = SelectField(_l("Association"), validate_choice=False)
    role = SelectField(
        _l("Role"),
        choices=lambda: [SelectChoice(kind.value, kind.label) for kind in StaffRoleKind],
        validate_choice=False,
    )

    def validate(self, extra_validators=None):
        """The association matters for a representative, the role for staff."""
        valid = super().validate(extra_validators)
        if self.kind.data == "representative":
            if self.association_id.data not in offered(self.association_id.choices):
                self.association_id.errors = [_l("Choose the association.")]
                valid = False
        elif self.role.data not in offered(self.role.choices):
            self.role.errors = [_l("Choose the role.")]
            valid = False
        return valid


class RoleForm(Form):
    role = HiddenField(validators=[InputRequired()])
    granted = HiddenField(validators=[InputRequired()])


class ActiveForm(Form):
    active = HiddenField(validators=[InputRequired()])


class EraseForm(Form):
    confirm = BooleanField(_l("I confirm: erase this person's personal data"),
                           validators=[InputRequired(_l("Confirm the erasure first."))])


class RemoveAccessForm(Form):
    """Removing a person's roles and associations in the municipality: the CSRF token alone."""
