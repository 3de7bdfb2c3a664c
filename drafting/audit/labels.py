"""How the audit history names each kind of change."""
from flask_babel import lazy_gettext as _l

from ..workflow.models import RoundState
from ..workflow.table import Action

_OTHER_ACTIONS = {
    "create_municipality": _l("Added the municipality"),
    "restore_backup": _l("Restored from a backup"),
    "create_user": _l("Added a user"),
    "open_round": _l("Opened the round"),
    "archive": _l("Archived"),
    "edit_section": _l("Edited a section"),
    "add_section": _l("Added a section"),
    "move_section": _l("Moved a section"),
    "remove_section": _l("Removed a section"),
    "withdraw_section": _l("Withdrew a section"),
    "invite": _l("Sent an invitation"),
    "accept_invitation": _l("Accepted an invitation"),
    "grant_role": _l("Granted a role"),
    "revoke_role": _l("Removed a role"),
    "activate_user": _l("Activated a user"),
    "deactivate_user": _l("Deactivated a user"),
    "remove_access": _l("Removed a person's access to the municipality"),
    "create_association": _l("Added an association"),
    "update_association": _l("Changed the association register"),
    "update_association_details": _l("Changed an association's contact details"),
    "update_settings": _l("Changed their settings"),
    "update_accessibility_statement": _l("Edited the accessibility statement"),
    "accessibility_feedback": _l("Accessibility feedback received"),
    "import_document": _l("Imported a DOCX file"),
    "arrange_import": _l("Arranged the sections of an imported file"),
    "propose": _l("Made a change proposal"),
    "rebase_proposal": _l("Re-based a change proposal"),
    "accept_proposal": _l("Accepted a change proposal"),
    "accept_proposal_with_edits": _l("Accepted a change proposal with edits"),
    "reject_proposal": _l("Rejected a change proposal"),
    "withdraw_proposal": _l("Withdrew a change proposal"),
    "post_comment": _l("Wrote a comment"),
    "reply": _l("Replied to a comment"),
    "edit_comment": _l("Edited a comment"),
    "hide_comment": _l("Hid a comment"),
    "respond": _l("Gave the municipality's response"),
}


def audit_label(action: str) -> str:
    try:
        return Action(action).label
    except ValueError:
        return str(_OTHER_ACTIONS.get(action, action))


def audit_description(event) -> str:
    """What the history says of a change: its kind and, for a section, the
    chapter number and heading it had (“Edited a section 3. Grants”)."""
    label = audit_label(event.action)
    details = event.details or {}
    chapter = details.get("chapter") if isinstance(details, dict) else None
    if not chapter:
        return label
    text = f"{label} {chapter}"
    if event.action == "move_section" and details.get("from_chapter"):
        text += " " + str(_l("(earlier chapter %(number)s)", number=details["from_chapter"]))
    return text


def state_label(state: str | None) -> str:
    if not state:
        return "–"
    try:
        return RoundState(state).label
    except ValueError:
        return state
