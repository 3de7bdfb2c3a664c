from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, TextAreaField
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


class ListImportForm(Form):
    """A list of associations: pasted lines or a CSV or XLSX file."""

    text = TextAreaField(
        _l("Paste the list"),
        description=_l("One association a line. After the name, separated by a tab or a semicolon: "
                       "e-mail address, register number, contact person. A first line of column names "
                       "(nimi, sähköposti, rekisterinumero, yhteyshenkilö) is recognised."),
    )
    document = FileField(
        _l("Or choose a file (CSV or XLSX)"),
        description=_l("A spreadsheet saved from Excel or LibreOffice: the first sheet is read, at most "
                       "5,000 rows. Columns are recognised by their names in Finnish, Swedish or English."),
    )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not (self.text.data or "").strip() and not self.document.data:
            self.text.errors = [*self.text.errors, _l("Paste the list or choose a file.")]
            valid = False
        return valid


class ImportDecisionsForm(Form):
    """The decisions of a list's preview: one choice a row, sent as `row-<number>`."""


class RegistryActionForm(Form):
    """Archiving, restoring or deleting an entry of the register: the CSRF token alone."""


class MergeForm(Form):
    merged_id = SelectField(_l("The entry merged into this one"), validate_choice=False)
    confirm = BooleanField(
        _l("I confirm: the chosen entry's representatives, comments and proposals move to this one, "
           "and the chosen entry is deleted"),
        validators=[InputRequired(_l("Confirm the merge first."))],
    )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.merged_id.data not in offered(self.merged_id.choices):
            self.merged_id.errors = [_l("Choose the entry to merge.")]
            valid = False
        return valid
