"""Every model of the application, imported in one place for the migrations."""
from .accessibility.models import AccessibilityFeedback, AccessibilityStatement
from .associations.models import Association, AssociationImport, Membership
from .audit.models import AuditEvent
from .auth.models import Invitation, PasswordReset, StaffRole, StaffRoleKind, User
from .comments.models import (
    Comment,
    CommentKind,
    CommentResponse,
    CommentRevision,
    Disposition,
    QuotePosition,
)
from .documents.models import Section, SectionVersion, VersionOrigin
from .municipalities.models import Guideline, Municipality
from .notifications.models import AssociationClaim, OutboxMessage
from .proposals.models import ChangeProposal, ProposalStatus
from .publishing.models import AgendaPlan, DocumentImport
from .web.submissions import Submission
from .workflow.models import (
    Body,
    DecidingBody,
    DecisionStep,
    DraftingRound,
    RoundSource,
    RoundState,
    StepDecision,
)

__all__ = [
    "AgendaPlan",
    "Body",
    "AccessibilityFeedback",
    "AccessibilityStatement",
    "Association",
    "AssociationClaim",
    "AssociationImport",
    "AuditEvent",
    "ChangeProposal",
    "Comment",
    "CommentKind",
    "CommentResponse",
    "CommentRevision",
    "Disposition",
    "DocumentImport",
    "DecidingBody",
    "DecisionStep",
    "DraftingRound",
    "Guideline",
    "Invitation",
    "Membership",
    "Municipality",
    "OutboxMessage",
    "PasswordReset",
    "ProposalStatus",
    "QuotePosition",
    "RoundSource",
    "RoundState",
    "Section",
    "SectionVersion",
    "StaffRole",
    "StaffRoleKind",
    "StepDecision",
    "Submission",
    "User",
    "VersionOrigin",
]
