"""Every model of the application, imported in one place for the migrations."""
from .associations.models import Association, Membership
from .audit.models import AuditEvent
from .auth.models import Invitation, StaffRole, StaffRoleKind, User
from .documents.models import Section, SectionVersion, VersionOrigin
from .municipalities.models import Guideline, Municipality
from .workflow.models import (
    DecidingBody,
    DecisionStep,
    DraftingRound,
    RoundSource,
    RoundState,
    StepDecision,
)

__all__ = [
    "Association",
    "AuditEvent",
    "DecidingBody",
    "DecisionStep",
    "DraftingRound",
    "Guideline",
    "Invitation",
    "Membership",
    "Municipality",
    "RoundSource",
    "RoundState",
    "Section",
    "SectionVersion",
    "StaffRole",
    "StaffRoleKind",
    "StepDecision",
    "User",
    "VersionOrigin",
]
