"""Issue 15: the agenda page and its meeting form in Chromium at 1280 and
375 px – filled in with labels and the keyboard, checked by axe, no
horizontal scrolling on a phone; a screenshot of each is kept as proof."""
from __future__ import annotations

from drafting.extensions import db
from drafting.workflow.models import RoundState
from tests.browser.test_phone_and_languages import PHONE, assert_fits
from tests.conftest import PASSWORD
from tests.messages import fi

DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def test_issue_15_the_agenda_is_drafted_for_a_meeting_in_the_browser(people, town, tmp_path):
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    db.session.commit()
    path = f"/rounds/{round_.id}/agenda"
    for width, options in ((1280, DESKTOP), (375, PHONE)):
        person = people(**options)
        person.login(town.coordinator.email, PASSWORD)
        page = person.goto(path)
        if width == 375:
            assert_fits(page)
        page.screenshot(path=str(tmp_path / f"agenda-before-{width}.png"), full_page=True)
        page.get_by_label(fi("Kind of the approving body")).select_option("committee")
        page.get_by_label(fi("Name of the body")).fill(f"Hyvinvointilautakunta {width}")
        page.get_by_label(fi("Date of the meeting")).fill("2027-01-14")
        page.get_by_label(fi("Prepared by")).fill("Kaisa Laine, hyvinvointikoordinaattori, kaisa@testikunta.fi")
        presenter = page.get_by_label(fi("Presented by"))
        presenter.fill("Pekka Sivistysjohtaja, sivistysjohtaja, pekka@testikunta.fi")
        presenter.press("Enter")
        page.wait_for_load_state()
        person.check()
        header = page.locator(".agenda__header").inner_text()
        assert header == f"Hyvinvointilautakunta {width} 14.1.2027 §"
        assert "Pekka Sivistysjohtaja" in page.locator(".agenda").inner_text()
        if width == 375:
            assert_fits(page)
        page.screenshot(path=str(tmp_path / f"agenda-after-{width}.png"), full_page=True)
        assert (tmp_path / f"agenda-after-{width}.png").stat().st_size > 10_000
