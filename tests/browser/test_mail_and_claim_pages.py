"""Issue 14: the pages of the unsubscribe link, the claim link and the
coordinator's list of claims, in Chromium with axe-core checking each."""
from __future__ import annotations

import sqlalchemy as sa

from drafting.associations.models import Membership
from drafting.auth.models import User
from drafting.extensions import db
from drafting.notifications import claims as claim_operations
from drafting.notifications.optout import address_link, person_link
from drafting.notifications.reach import claim_link
from tests.conftest import PASSWORD


def path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_issue_14_unsubscribe_claim_and_claim_list_pages_work_in_the_browser(app, town, people):
    hall = town.make.association(town.municipality, name="Seurantalo ry", email="talo@example.fi")
    newcomer = town.make.user(town.municipality, name="Uusi Ihminen", email="uusi@example.fi")
    claim_operations.ask_to_represent(town.village, newcomer)
    db.session.commit()

    visitor = people()
    visitor.goto(path(person_link(town.eila)))
    visitor.page.get_by_role("button", name="Lopeta ilmoitukset").click()
    visitor.check()
    assert visitor.page.get_by_role("status").is_visible()
    db.session.expire_all()
    assert db.session.get(User, town.eila.id).wants_notifications is False
    visitor.goto(path(address_link(hall)))

    visitor.goto(path(claim_link(hall)))
    visitor.page.locator("#name").fill("Talon Väki")
    visitor.page.locator("#password").fill(PASSWORD)
    visitor.page.locator("#password_again").fill(PASSWORD)
    visitor.page.get_by_role("button", name="Luo tili").click()
    visitor.page.wait_for_url("**/")
    visitor.check()
    account = db.session.scalar(sa.select(User).where(User.email == "talo@example.fi"))
    assert account is not None and account.represents(hall.id)

    coordinator = people()
    coordinator.login(town.coordinator.email, PASSWORD)
    coordinator.goto(f"/m/{town.municipality.slug}/associations/claims")
    coordinator.page.get_by_role("button", name="Vahvista: Uusi Ihminen – Kyläyhdistys ry").click()
    coordinator.check()
    assert db.session.scalar(sa.select(Membership.id).where(
        Membership.user_id == newcomer.id, Membership.association_id == town.village.id)) is not None
