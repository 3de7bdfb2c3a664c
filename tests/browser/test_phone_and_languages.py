"""At 375 px – the association evening happens on phones – the pages have no
horizontal scrolling and every control can be reached; the language choice
is remembered; a screenshot of each page is kept as proof."""
from __future__ import annotations

import pytest

from drafting.comments import operations as comments
from drafting.documents.operations import save_section
from drafting.extensions import db
from drafting.proposals import operations as proposals
from drafting.workflow.models import RoundState
from tests.conftest import PASSWORD
from tests.messages import fi

PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}
LONG = ("<p>Yhdistysavustusten hakemusten käsittelyaikataulu ja myöntämisperusteet päivitetään "
        "vuosittain talousarviokäsittelyn yhteydessä https://www.esimerkkikunta.example.fi/avustukset/"
        "hakeminen-ja-myontamisperusteet-2026.</p><ul><li>Toiminta-avustus</li><li>Kohdeavustus</li></ul>")


@pytest.fixture
def evening(town):
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    section = round_.sections[5]
    save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading, text=LONG)
    comment = comments.post_comment(round_, town.eila, text="Hakuajoista pitää tiedottaa " * 20, section=section,
                                    association_id=town.seniors.id, quote="Toiminta-avustus")
    comments.reply(comment, town.coordinator, text="Kiitos, tiedotamme.")
    proposal = proposals.propose(section, town.eila, association_id=town.seniors.id,
                                 text=LONG.replace("vuosittain", "kahdesti vuodessa"), rationale="Useammin")
    db.session.commit()
    return round_, section, comment, proposal


def assert_fits(page) -> None:
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    outside = page.evaluate("""w => Array.from(document.querySelectorAll(
            'a[href], button, input:not([type=hidden]), select, textarea, [contenteditable=true]'))
        .filter(e => e.offsetParent !== null)
        .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
        .filter(([html, r]) => r.left < -1 || r.right > w + 1 || r.width === 0)
        .map(([html]) => html)""", width)
    assert outside == []


def test_the_evening_pages_fit_a_phone(people, town, evening, tmp_path):
    round_, section, comment, proposal = evening
    phone = people(**PHONE)
    phone.login(town.eila.email, PASSWORD)
    pages = {
        "round": f"/rounds/{round_.id}",
        "section": f"/rounds/{round_.id}/sections/{section.id}",
        "comment": f"/rounds/{round_.id}/comments/{comment.id}",
        "proposal": f"/rounds/{round_.id}/proposals/{proposal.id}",
        "proposal-side": f"/rounds/{round_.id}/proposals/{proposal.id}?view=side",
        "new-proposal": f"/rounds/{round_.id}/sections/{section.id}/proposals/new",
    }
    for name, path in pages.items():
        phone.goto(path)
        assert_fits(phone.page)
        shot = tmp_path / f"{name}-375.png"
        phone.page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
    # every control is reachable with the keyboard too: the focus moves through the page
    phone.goto(pages["section"])
    seen = set()
    for _ in range(60):
        phone.page.keyboard.press("Tab")
        seen.add(phone.page.evaluate("() => document.activeElement.id || document.activeElement.tagName"))
    assert {"quote", "text"} <= seen


def test_the_language_is_chosen_and_remembered(people, town):
    visitor = people()
    visitor.goto("/")
    assert visitor.page.locator("html").get_attribute("lang") == "fi"
    visitor.page.get_by_label("Kieli").select_option("sv")
    visitor.page.locator("header").get_by_role("button").first.click()
    visitor.page.wait_for_load_state()
    assert visitor.page.locator("html").get_attribute("lang") == "sv"
    visitor.goto("/m/testikunta/associations")
    assert visitor.page.locator("html").get_attribute("lang") == "sv"
    visitor.check()
    person = people()
    person.login(town.matti.email, PASSWORD)
    person.page.get_by_label(fi("Language")).select_option("en")
    person.page.locator("header").get_by_role("button").first.click()
    person.page.wait_for_load_state()
    db.session.refresh(town.matti)
    assert town.matti.language.value == "en"
    assert "Log out" in person.page.content()
    person.check()
