"""Every route of the application and the permission it asks for.

Each (endpoint, method) names one permission of `rules.py` and the object
the permission is about, found from the route's parameters. The views ask
this table through `access.check` (the route is looked up from the
request); a route that is not in it is refused, and the test suite walks
every route as every kind of person in every step of a round against it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..associations.models import Association
from ..comments.models import Comment
from ..extensions import db
from ..municipalities.models import Municipality
from ..proposals.models import ChangeProposal
from ..workflow.models import DecisionStep, DraftingRound
from ..workflow.table import Action, decision_action
from .rules import PERMISSIONS, AssociationInRound, Permission, RoundAction

Finder = Callable[[dict], Any]


def nothing(_args: dict) -> None:
    return None


def round_(args: dict) -> DraftingRound | None:
    return db.session.get(DraftingRound, args["round_id"])


def municipality(args: dict) -> Municipality | None:
    return db.session.scalar(sa.select(Municipality).where(Municipality.slug == args["slug"]))


def association(args: dict) -> Association | None:
    return db.session.get(Association, args["association_id"])


def comment(args: dict) -> Comment | None:
    found = db.session.get(Comment, args["comment_id"])
    return found if found is not None and found.round_id == args["round_id"] else None


def proposal(args: dict) -> ChangeProposal | None:
    found = db.session.get(ChangeProposal, args["proposal_id"])
    return found if found is not None and found.round_id == args["round_id"] else None


def association_in_round(args: dict) -> AssociationInRound | None:
    found, member = round_(args), association(args)
    if found is None or member is None or member.municipality_id != found.municipality_id:
        return None
    return AssociationInRound(found, member)


def action_on_round(action: Action) -> Finder:
    def find(args: dict) -> RoundAction | None:
        found = round_(args)
        return RoundAction(found, action) if found is not None else None
    return find


def decision(args: dict) -> RoundAction | None:
    found = round_(args)
    try:
        action = decision_action(DecisionStep(args["step"]))
    except ValueError:
        return None
    return RoundAction(found, action) if found is not None else None


def transition(args: dict) -> RoundAction | None:
    found = round_(args)
    try:
        action = Action(args["action"])
    except ValueError:
        return None
    return RoundAction(found, action) if found is not None else None


@dataclass(frozen=True)
class Route:
    permission: Permission
    find: Finder = nothing

    @property
    def is_public(self) -> bool:
        return self.permission.name == "anyone"


def _r(permission: str, find: Finder = nothing) -> Route:
    return Route(PERMISSIONS[permission], find)


GET, POST = "GET", "POST"
EDIT_SECTIONS = action_on_round(Action.EDIT_SECTIONS)

ROUTES: dict[tuple[str, str], Route] = {
    # the accessibility statement
    ("accessibility.choose", GET): _r("anyone"),
    ("accessibility.statement", GET): _r("anyone"),
    ("accessibility.statement", POST): _r("anyone"),
    ("accessibility.edit", GET): _r("manage_municipality", municipality),
    ("accessibility.edit", POST): _r("manage_municipality", municipality),
    # the municipality's users and association register
    ("administration.users", GET): _r("manage_municipality", municipality),
    ("administration.users", POST): _r("manage_municipality", municipality),
    ("administration.set_role", POST): _r("manage_municipality", municipality),
    ("administration.set_active", POST): _r("manage_municipality", municipality),
    ("administration.erase", POST): _r("manage_municipality", municipality),
    ("administration.remove_access", POST): _r("manage_municipality", municipality),
    ("administration.associations", GET): _r("manage_municipality", municipality),
    ("administration.associations", POST): _r("manage_municipality", municipality),
    ("administration.edit_association", GET): _r("manage_municipality", municipality),
    ("administration.edit_association", POST): _r("manage_municipality", municipality),
    # the association register: lists imported, entries merged, archived, deleted
    ("registry.import_list", GET): _r("manage_municipality", municipality),
    ("registry.import_list", POST): _r("manage_municipality", municipality),
    ("registry.preview", GET): _r("manage_municipality", municipality),
    ("registry.preview", POST): _r("manage_municipality", municipality),
    ("registry.archive", POST): _r("manage_municipality", municipality),
    ("registry.restore", POST): _r("manage_municipality", municipality),
    ("registry.delete", POST): _r("manage_municipality", municipality),
    ("registry.merge", GET): _r("manage_municipality", municipality),
    ("registry.merge", POST): _r("manage_municipality", municipality),
    # associations
    ("associations.directory", GET): _r("anyone"),
    ("associations.edit_details", GET): _r("edit_association_details", association),
    ("associations.edit_details", POST): _r("edit_association_details", association),
    # accounts: the links in mail are their own keys
    ("auth.accept_invitation", GET): _r("anyone"),
    ("auth.accept_invitation", POST): _r("anyone"),
    ("auth.forgot_password", GET): _r("anyone"),
    ("auth.forgot_password", POST): _r("anyone"),
    ("auth.login", GET): _r("anyone"),
    ("auth.login", POST): _r("anyone"),
    ("auth.reset_password", GET): _r("anyone"),
    ("auth.reset_password", POST): _r("anyone"),
    ("auth.set_language", POST): _r("anyone"),
    ("auth.logout", POST): _r("signed_in"),
    ("auth.settings", GET): _r("signed_in"),
    ("auth.settings", POST): _r("signed_in"),
    ("auth.my_data", GET): _r("signed_in"),
    ("auth.close_account", POST): _r("signed_in"),
    # the claim link in mail to an association's own address is its own key;
    # claiming with it takes a signed-in person
    ("notifications.claim", GET): _r("anyone"),
    ("notifications.claim", POST): _r("signed_in"),
    ("notifications.claim_account", POST): _r("anyone"),
    # asking to represent an association without the link; the coordinator decides
    ("notifications.ask_to_represent", POST): _r("signed_in", association),
    ("notifications.claim_list", GET): _r("manage_municipality", municipality),
    ("notifications.decide_claim", POST): _r("manage_municipality", municipality),
    # the unsubscribe link in a notice is its own key, for a mail program too
    ("notifications.unsubscribe", GET): _r("anyone"),
    ("notifications.unsubscribe", POST): _r("anyone"),
    # comments
    ("comments.document_comments", GET): _r("read_round", round_),
    ("comments.thread", GET): _r("read_comment", comment),
    ("comments.history", GET): _r("read_comment", comment),
    ("comments.post_document_comment", POST): _r("write_comment", round_),
    ("comments.post_section_comment", POST): _r("write_comment", round_),
    ("comments.post_reply", POST): _r("reply", comment),
    ("comments.edit", GET): _r("edit_comment", comment),
    ("comments.edit", POST): _r("edit_comment", comment),
    ("comments.hide", POST): _r("moderate", comment),
    ("comments.respond", POST): _r("respond", comment),
    ("comments.summary", GET): _r("read_published_round", round_),
    ("comments.summary_csv", GET): _r("read_published_round", round_),
    ("comments.summary_xlsx", GET): _r("read_published_round", round_),
    # what became of each association's input: its outcome report
    ("outcomes.index", GET): _r("read_outcome_reports", round_),
    ("outcomes.report", GET): _r("read_outcome_report", association_in_round),
    ("outcomes.printable", GET): _r("read_outcome_report", association_in_round),
    ("outcomes.document", GET): _r("read_outcome_report", association_in_round),
    # the front page
    ("dashboard.index", GET): _r("anyone"),
    # sections
    ("documents.section_page", GET): _r("read_round", round_),
    ("documents.compare_versions", GET): _r("read_round", round_),
    ("documents.compare_document", GET): _r("read_round", round_),
    ("documents.add_section", GET): _r("workflow_action", EDIT_SECTIONS),
    ("documents.add_section", POST): _r("workflow_action", EDIT_SECTIONS),
    ("documents.edit_section", GET): _r("workflow_action", EDIT_SECTIONS),
    ("documents.edit_section", POST): _r("workflow_action", EDIT_SECTIONS),
    ("documents.structure", GET): _r("workflow_action", EDIT_SECTIONS),
    ("documents.move_section", POST): _r("workflow_action", EDIT_SECTIONS),
    ("documents.remove_section", POST): _r("workflow_action", EDIT_SECTIONS),
    ("documents.withdraw_section", GET): _r("workflow_action", EDIT_SECTIONS),
    ("documents.withdraw_section", POST): _r("workflow_action", EDIT_SECTIONS),
    # change proposals
    ("proposals.section_proposals", GET): _r("read_round", round_),
    ("proposals.show", GET): _r("read_proposal", proposal),
    ("proposals.new", GET): _r("propose", round_),
    ("proposals.new", POST): _r("propose", round_),
    ("proposals.accept", POST): _r("decide_proposal", proposal),
    ("proposals.reject", POST): _r("decide_proposal", proposal),
    ("proposals.edit_and_accept", GET): _r("decide_proposal", proposal),
    ("proposals.edit_and_accept", POST): _r("decide_proposal", proposal),
    ("proposals.withdraw", POST): _r("withdraw_proposal", proposal),
    # the published guideline
    ("public.guideline", GET): _r("anyone"),
    ("public.guideline_year", GET): _r("anyone"),
    ("publishing.public_document", GET): _r("anyone"),
    ("publishing.public_document_of_year", GET): _r("anyone"),
    # documents of a round in preparation, and the import of a guideline
    ("publishing.document", GET): _r("read_round_in_preparation", round_),
    ("publishing.document_with_changes", GET): _r("read_round_in_preparation", round_),
    ("publishing.agenda", GET): _r("read_round_in_preparation", round_),
    ("publishing.agenda_document", GET): _r("read_round_in_preparation", round_),
    ("publishing.agenda_text", GET): _r("read_round_in_preparation", round_),
    ("publishing.agenda_plan", POST): _r("plan_agenda", round_),
    ("publishing.upload", GET): _r("open_round", municipality),
    ("publishing.upload", POST): _r("open_round", municipality),
    ("publishing.preview", GET): _r("open_round", municipality),
    ("publishing.preview", POST): _r("open_round", municipality),
    ("publishing.move_import_section", POST): _r("open_round", municipality),
    ("publishing.remove_import_section", POST): _r("open_round", municipality),
    ("publishing.rename_import_section", POST): _r("open_round", municipality),
    # the round and its workflow
    ("workflow.round_page", GET): _r("read_round", round_),
    ("workflow.calendar", GET): _r("read_round", round_),
    ("workflow.history", GET): _r("read_round_in_preparation", round_),
    ("workflow.open_round", GET): _r("open_round", municipality),
    ("workflow.open_round", POST): _r("open_round", municipality),
    ("workflow.record_decision", GET): _r("workflow_action", decision),
    ("workflow.record_decision", POST): _r("workflow_action", decision),
    ("workflow.schedule", GET): _r("workflow_action", action_on_round(Action.SET_SCHEDULE)),
    ("workflow.schedule", POST): _r("workflow_action", action_on_round(Action.SET_SCHEDULE)),
    ("workflow.transition", POST): _r("workflow_transition", transition),
    ("workflow.start_revision", POST): _r("workflow_action", action_on_round(Action.START_REVISION)),
}


def route(endpoint: str | None, method: str) -> Route | None:
    return ROUTES.get((endpoint or "", "GET" if method == "HEAD" else method))
