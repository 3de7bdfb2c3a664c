"""Issue 15 in a real browser: the coordinator reorders the sections with the
keyboard and withdraws one that has a wish, and arranges an import preview;
the rich-text editors show no raw HTML box, at 1280 px and on a phone. axe and
the hidden-element check run on every page; a screenshot of each is kept."""
from __future__ import annotations

import sqlalchemy as sa

from drafting.comments import operations as comments
from drafting.documents.queries import sections_with_text
from drafting.extensions import db
from drafting.publishing.models import DocumentImport
from drafting.workflow.models import RoundState
from tests.browser.test_story import tab_to
from tests.browser.visibility import shown_though_hidden
from tests.conftest import PASSWORD
from tests.messages import fi

PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def test_issue_15_the_hidden_check_reports_an_element_a_style_sheet_shows(people):
    person = people()
    person.page.set_content("<style>textarea { display: block; }</style><p hidden>piilossa</p>"
                            "<textarea hidden>&lt;p&gt;&lt;br&gt;&lt;/p&gt;</textarea>")
    assert [html[:9] for html in shown_though_hidden(person.page)] == ["<textarea"]


def headings_in_page(page) -> list[str]:
    return [text.strip() for text in page.locator(".structure-item__heading").all_inner_texts()]


def test_issue_15_reorder_and_withdraw_in_the_browser(people, town, tmp_path):
    round_ = town.round(RoundState.WISHES)
    sections = [section for section, _v in sections_with_text(round_)]
    first, second, with_wish = sections[0], sections[1], sections[3]
    comments.post_comment(round_, town.eila, text="Tämä luku on turha.", section=with_wish,
                          association_id=town.seniors.id)
    db.session.commit()
    shots = []

    for size, options in (("1280", DESKTOP), ("375", PHONE)):
        coordinator = people(**options)
        coordinator.login(town.coordinator.email, PASSWORD)
        page = coordinator.page
        coordinator.goto(f"/rounds/{round_.id}")
        page.get_by_role("link", name=fi("Order and headings of the sections")).click()
        page.wait_for_load_state()
        coordinator.check()
        shots.append(page.screenshot(path=tmp_path / f"structure-{size}.png", full_page=True))
        if size == "1280":
            assert headings_in_page(page)[:2] == [f"1. {first.heading}", f"2. {second.heading}"]
            # keyboard only: to the first section's "Move down" and Enter
            tab_to(page, f"#section-{first.id} button[value=down]")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            coordinator.check()
            assert headings_in_page(page)[:2] == [f"1. {second.heading}", f"2. {first.heading}"]
            assert fi("The section “%(heading)s” is now chapter %(number)s.", heading=first.heading,
                      number=2) in page.content().replace("&nbsp;", " ")
            item = page.locator(f"#section-{with_wish.id}")
            assert item.get_by_role("button", name=fi("Remove")).count() == 0
            assert page.locator(f"#section-{second.id}").get_by_role("button", name=fi("Remove")).count() == 1
            item.get_by_role("link", name=fi("Withdraw")).click()
            page.wait_for_load_state()
            coordinator.check()
            shots.append(page.screenshot(path=tmp_path / f"withdraw-{size}.png", full_page=True))
            page.get_by_label(fi("Reason for withdrawing the section")).fill("Yhdistetty lukuun 3.")
            page.locator("main").get_by_role("button", name=fi("Withdraw the section")).click()
            page.wait_for_load_state()
            coordinator.check()
            shots.append(page.screenshot(path=tmp_path / f"structure-after-{size}.png", full_page=True))
            assert f"4. {with_wish.heading}" not in headings_in_page(page)
            assert page.locator("#withdrawn-heading").count() == 1
        coordinator.goto(f"/rounds/{round_.id}/sections/{with_wish.id}")
        assert "Yhdistetty lukuun 3." in page.content()
        shots.append(page.screenshot(path=tmp_path / f"withdrawn-section-{size}.png", full_page=True))
        coordinator.goto(f"/rounds/{round_.id}/history")
        history = page.locator("main table").inner_text()
        assert f"{fi('Moved a section')} 2. {first.heading}" in history
        assert f"{fi('Withdrew a section')} 4. {with_wish.heading}" in history
        shots.append(page.screenshot(path=tmp_path / f"history-{size}.png", full_page=True))
        coordinator.goto(f"/rounds/{round_.id}/sections/{first.id}/edit")
        assert page.locator("textarea#text").is_hidden() and page.locator(".richtext__area").is_visible()
        shots.append(page.screenshot(path=tmp_path / f"edit-{size}.png", full_page=True))
    assert len(people.axe_log) >= 14 and all(shots)


def test_issue_15_the_change_proposal_editor_shows_no_raw_html_box(people, town, tmp_path):
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    section = sections_with_text(round_)[0][0]
    for size, options in (("1280", DESKTOP), ("375", PHONE)):
        eila = people(**options)
        eila.login(town.eila.email, PASSWORD)
        page = eila.goto(f"/rounds/{round_.id}/sections/{section.id}/proposals/new")
        assert page.locator(".richtext__area").is_visible()
        assert page.locator("main textarea[data-richtext]").evaluate_all(
            "areas => areas.every(area => !area.checkVisibility())")
        page.screenshot(path=tmp_path / f"proposal-{size}.png", full_page=True)


def test_issue_15_the_import_preview_is_arranged_in_the_browser(people, town, tmp_path):
    imported = DocumentImport(municipality_id=town.municipality.id, uploaded_by_id=town.coordinator.id,
                              filename="ohje.docx", warnings=[], split_on="heading",
                              sections=[{"heading": "Johdanto", "text": "<p>Alku</p>"},
                                        {"heading": "Avustukset", "text": "<p>Rahaa</p>"},
                                        {"heading": "Tilat", "text": "<p>Saleja</p>"}])
    db.session.add(imported)
    db.session.commit()
    for size, options in (("1280", DESKTOP), ("375", PHONE)):
        coordinator = people(**options)
        coordinator.login(town.coordinator.email, PASSWORD)
        page = coordinator.goto(f"/m/testikunta/imports/{imported.id}")
        page.screenshot(path=tmp_path / f"import-{size}.png", full_page=True)
    page.locator("#import-section-1").get_by_role("button", name=fi("Move down")).click()
    page.wait_for_load_state()
    coordinator.check()
    page.get_by_label(fi("Heading of chapter %(number)s", number=1)).fill("Avustukset ja tuet")
    page.locator("#import-section-1").get_by_role("button", name=fi("Rename")).click()
    page.wait_for_load_state()
    coordinator.check()
    page.locator("#import-section-3").get_by_role("button", name=fi("Leave out")).click()
    page.wait_for_load_state()
    coordinator.check()
    page.screenshot(path=tmp_path / "import-after-375.png", full_page=True)
    assert page.locator(".import-preview h2").all_inner_texts() == ["1. Avustukset ja tuet", "2. Johdanto"]
    db.session.expire_all()
    assert [s["heading"] for s in db.session.scalar(sa.select(DocumentImport)).sections] == \
        ["Avustukset ja tuet", "Johdanto"]
