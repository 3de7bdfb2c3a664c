"""The demo municipality Esimerkkikunta, built through the same operations a
coordinator uses: an approved 2025 guideline and a 2026 round gathering wishes."""
from __future__ import annotations

from datetime import date, time, timedelta

import sqlalchemy as sa

from ..associations.operations import ContactDetails, RegisterEntry, create_association
from ..auth.models import Language, StaffRoleKind
from ..auth.operations import accept_invitation, create_staff_user, invite
from ..auth.people import Person
from ..core import local_today
from ..documents.operations import save_section
from ..extensions import db
from ..municipalities.models import Municipality
from ..municipalities.operations import create_municipality
from ..workflow import operations as workflow
from ..workflow.models import DecidingBody, DecisionStep
from ..workflow.table import Action, ActionInput
from .content import APPROVED_2025_SECTIONS, ASSOCIATIONS

SLUG = "esimerkkikunta"
DEMO_PASSWORD = "esimerkki-demo-2026"

# (e-mail, name, roles or associations as shown on start)
DEMO_USERS = [
    ("koordinaattori@esimerkkikunta.fi", "Kaisa Laine", "koordinaattori"),
    ("hyvinvointiryhma@esimerkkikunta.fi", "Heikki Salo", "hyvinvointiryhmän jäsen"),
    ("hyvaksyja@esimerkkikunta.fi", "Anna Nieminen", "hyväksyjä"),
    ("yllapito@esimerkkikunta.fi", "Ville Ylönen", "ylläpitäjä"),
    ("edustaja@example.fi", "Eila Korhonen", "kahden yhdistyksen edustaja"),
    ("edustaja2@example.fi", "Matti Mäkinen", "yhdistyksen edustaja"),
]
_ROLES = {
    "koordinaattori@esimerkkikunta.fi": [StaffRoleKind.COORDINATOR],
    "hyvinvointiryhma@esimerkkikunta.fi": [StaffRoleKind.WELFARE_MEMBER],
    "hyvaksyja@esimerkkikunta.fi": [StaffRoleKind.APPROVER],
    "yllapito@esimerkkikunta.fi": [StaffRoleKind.ADMIN],
}
_MEMBERSHIPS = {"edustaja@example.fi": [0, 2], "edustaja2@example.fi": [1]}


def load_demo() -> bool:
    """Create Esimerkkikunta unless it exists; True when it was created. The
    operator adds the staff, the coordinator adds the associations and invites
    their representatives, who accept: each step an audited operation."""
    if db.session.scalar(sa.select(Municipality.id).where(Municipality.slug == SLUG)):
        return False
    municipality = create_municipality(
        slug=SLUG, name_fi="Esimerkkikunta", name_sv="Exempelkommun", bilingual=True
    )
    staff = {
        email: create_staff_user(email=email, name=name, password=DEMO_PASSWORD,
                                 municipality_id=municipality.id, roles=_ROLES[email])
        for email, name, _label in DEMO_USERS if email in _ROLES
    }
    coordinator = staff["koordinaattori@esimerkkikunta.fi"]
    associations = [
        create_association(
            municipality.id, coordinator,
            RegisterEntry(name=data["name"], register_number=data.get("register_number"), active=True),
            ContactDetails(email=data.get("email"), phone=data.get("phone"), website=data.get("website"),
                           description=data.get("description")),
        )
        for data in ASSOCIATIONS
    ]
    for email, name, _label in DEMO_USERS:
        for index in _MEMBERSHIPS.get(email, []):
            invitation, _token = invite(coordinator, municipality_id=municipality.id, email=email,
                                        association=associations[index])
            accept_invitation(invitation, name=name, password=DEMO_PASSWORD, language=Language.FI)
    db.session.flush()
    db.session.expire_all()

    approved = _approved_2025(municipality, coordinator)
    _round_2026(approved, coordinator)
    return True


def _move(round_, action: Action, user: Person, **kwargs) -> None:
    workflow.apply_transition(round_, action, user, ActionInput(**kwargs), round_.state)


def _approved_2025(municipality, coordinator):
    round_ = workflow.open_round_from_outline(
        municipality.guideline, coordinator, outline_key="document_model", year=2025
    )
    workflow.record_decision(
        round_, DecisionStep.DECISION, coordinator,
        workflow.DecisionInput(
            decided_on=date(2024, 8, 26), body=DecidingBody.MANAGEMENT_GROUP,
            minutes_paragraph="§ 41",
            responsible_persons="Kaisa Laine, hyvinvointikoordinaattori\nHeikki Salo, sivistysjohtaja",
            authorised_coordinator="Kaisa Laine",
        ),
    )
    workflow.set_schedule(round_, coordinator, workflow.ScheduleInput(
        wishes_opens_on=date(2024, 9, 2), wishes_closes_on=date(2024, 9, 30),
        evening_on=date(2024, 11, 5), evening_starts_at=time(18, 0),
        evening_place="Esimerkkikunnan kunnantalo, valtuustosali",
    ))
    _move(round_, Action.OPEN_WISHES, coordinator)
    for section, (heading, text) in zip(round_.sections, APPROVED_2025_SECTIONS):
        save_section(section, coordinator, base_number=0, heading=heading, text=text,
                     reason="Ensimmäinen luonnos yhdistysten toiveiden pohjalta")
    _move(round_, Action.START_WELFARE_REVIEW, coordinator)
    workflow.record_decision(
        round_, DecisionStep.WELFARE_REVIEW, coordinator,
        workflow.DecisionInput(
            decided_on=date(2024, 10, 15),
            outcome="Luonnos hyväksyttiin yhdistysiltaan. Avustusten hakuajat täsmennetään.",
        ),
    )
    _move(round_, Action.OPEN_ASSOCIATION_EVENING, coordinator)
    _move(round_, Action.SUBMIT_FOR_APPROVAL, coordinator)
    workflow.record_decision(
        round_, DecisionStep.APPROVAL, coordinator,
        workflow.DecisionInput(decided_on=date(2025, 1, 27), body=DecidingBody.BOARD,
                               minutes_paragraph="§ 14"),
    )
    _move(round_, Action.APPROVE, coordinator)
    return round_


def _round_2026(approved, coordinator):
    round_ = workflow.start_revision(approved, coordinator, year=2026)
    today = local_today()
    workflow.record_decision(
        round_, DecisionStep.DECISION, coordinator,
        workflow.DecisionInput(
            decided_on=today - timedelta(days=14), body=DecidingBody.WELFARE_GROUP,
            minutes_paragraph="§ 7",
            responsible_persons="Kaisa Laine, hyvinvointikoordinaattori",
            authorised_coordinator="Kaisa Laine",
        ),
    )
    workflow.set_schedule(round_, coordinator, workflow.ScheduleInput(
        wishes_opens_on=today - timedelta(days=7), wishes_closes_on=today + timedelta(days=21),
        evening_on=today + timedelta(days=60), evening_starts_at=time(18, 0),
        evening_place="Esimerkkikunnan kirjasto, Jokisali",
    ))
    _move(round_, Action.OPEN_WISHES, coordinator)
    first = round_.sections[0]
    version = first.versions[-1] if first.versions else None
    if version is not None:
        save_section(
            first, coordinator, base_number=first.current_number, heading=first.heading,
            text=version.text + "<p>Ohjetta on päivitetty vuodelle 2026 yhdistysten toiveiden "
            "ja talousarvion linjausten mukaisesti.</p>",
            reason="Vuoden 2026 päivitys",
        )
    return round_
