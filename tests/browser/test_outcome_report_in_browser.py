"""Issue 14 in a real browser: a representative opens its association's
outcome report from the link it was mailed, and the printable version; the
coordinator finds the reports from the round page; axe-core finds no
violation on any of these pages."""
from __future__ import annotations

from tests.conftest import PASSWORD
from tests.messages import fi
from tests.outcomes.test_outcome_report import approved_round_with_inputs


def test_issue_14_an_associations_outcome_report_in_a_browser(people, town):
    round_, _version = approved_round_with_inputs(town)
    representative = people()
    representative.login(town.eila.email, PASSWORD)
    page = representative.goto(f"/rounds/{round_.id}/outcomes/{town.seniors.id}")
    assert page.get_by_role("heading", level=1).inner_text() == fi(
        "What became of the input of %(association)s", association=town.seniors.name)
    dispositions = [page.locator("li.outcome").nth(i).get_attribute("data-disposition") for i in range(3)]
    assert dispositions == ["taken_into_account", "accepted_with_edits", "rejected"]
    page.get_by_role("link", name=fi("Printable version")).click()
    page.wait_for_load_state()
    representative.check()
    assert "Kohdeavustuksia haetaan ympäri vuoden" in page.locator("main").inner_text()

    coordinator = people()
    coordinator.login(town.coordinator.email, PASSWORD)
    page = coordinator.goto(f"/rounds/{round_.id}")
    page.get_by_role("link", name=fi("Outcome reports")).click()
    page.wait_for_load_state()
    coordinator.check()
    page.get_by_role("link", name=town.village.name).click()
    page.wait_for_load_state()
    coordinator.check()
    assert "Kylän kommentti" in page.locator("main").inner_text()
