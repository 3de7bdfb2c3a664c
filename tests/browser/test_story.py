"""The whole story in a real browser, as people do it: a round opened from a
template, wishes, the draft, the welfare group, the association evening with
a quoted comment and proposals made with the keyboard only, the responses,
the approval, the DOCX, the published guideline and the next revision.
axe-core checks every page on the way."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import sqlalchemy as sa
from docx import Document

from drafting.core import local_today
from drafting.extensions import db
from drafting.workflow.models import DraftingRound, RoundState
from tests.conftest import PASSWORD
from tests.messages import fi

INTRO = "Kunta ja yhdistykset tekevät yhteistyötä avoimesti ja tasapuolisesti."


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Move the keyboard focus forward until it is on `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"the keyboard never reached {selector}")


def the_round(year: int) -> DraftingRound:
    db.session.expire_all()
    return db.session.scalar(sa.select(DraftingRound).where(DraftingRound.year == year))


def click_button(person, name: str) -> None:
    person.page.locator("main").get_by_role("button", name=name).first.click()
    person.page.wait_for_load_state()
    person.check()


def test_the_whole_story(people, town, live_server):
    today = local_today()
    coordinator = people()
    coordinator.login(town.coordinator.email, PASSWORD)
    page = coordinator.page
    coordinator.check()

    # the coordinator opens the 2027 round from the 13-section document model
    page.get_by_role("link", name=fi("Open a round from a template")).click()
    coordinator.check()
    page.get_by_label(fi("Year of the guideline")).fill("2027")
    page.get_by_label(fi("Document model in 13 sections")).check()
    click_button(coordinator, fi("Open the round"))
    round_url = page.url
    assert the_round(2027).state == RoundState.DECISION

    page.get_by_role("link", name=fi("Record the decision")).click()
    coordinator.check()
    page.get_by_label(fi("Deciding body")).select_option("management_group")
    page.get_by_label(fi("Date of the decision")).fill((today - timedelta(days=7)).isoformat())
    page.get_by_label(fi("Minutes paragraph (§)")).fill("§ 12")
    page.get_by_label(fi("Responsible persons")).fill("Kaisa Koordinaattori")
    page.get_by_label(fi("Authorised coordinator")).fill("Kaisa Koordinaattori")
    click_button(coordinator, fi("Save the record"))
    page.get_by_role("link", name=fi("Set the schedule")).click()
    coordinator.check()
    page.get_by_label(fi("Wishes window opens")).fill((today - timedelta(days=1)).isoformat())
    page.get_by_label(fi("Wishes window closes")).fill((today + timedelta(days=10)).isoformat())
    evening = today + timedelta(days=20)
    evening += timedelta(days=(1 - evening.weekday()) % 7)
    page.get_by_label(fi("Date of the association evening")).fill(evening.isoformat())
    page.get_by_label(fi("Starting time of the association evening")).fill("18:00")
    page.get_by_label(fi("Place of the association evening")).fill("Kunnantalo")
    click_button(coordinator, fi("Save the schedule"))
    click_button(coordinator, fi("Open the gathering of wishes"))
    assert the_round(2027).state == RoundState.WISHES
    section_id = the_round(2027).sections[0].id
    section_url = f"{round_url}/sections/{section_id}"

    # two associations give their wishes
    eila, matti = people(), people()
    eila.login(town.eila.email, PASSWORD)
    eila.goto(section_url)
    tab_to(eila.page, "#text")
    eila.page.keyboard.type("Toivomme, että yhdistysilta pidetään iltaisin.")
    tab_to(eila.page, ".comment-form button[type=submit]")
    eila.page.keyboard.press("Enter")
    eila.page.wait_for_url(re.compile(r"/comments/\d+$"))
    eila.check()
    matti.login(town.matti.email, PASSWORD)
    matti.goto(f"{round_url}/comments")
    matti.page.get_by_label(fi("Your comment")).fill("Toivomme lisää tietoa tiloista.")
    click_button(matti, fi("Send the wish"))

    # the coordinator writes the draft and answers the wishes
    coordinator.goto(f"{section_url}/edit")
    coordinator.page.locator(".richtext__area").click()
    coordinator.page.keyboard.press("Control+A")
    coordinator.page.keyboard.type(INTRO)
    page.get_by_label(fi("Reason for the change")).fill("Luonnos")
    click_button(coordinator, fi("Save as a new version"))
    for comment in db.session.scalars(sa.text("SELECT id FROM comments ORDER BY id")).all():
        coordinator.goto(f"{round_url}/comments/{comment}")
        page.get_by_label(fi("Noted")).check()
        page.get_by_role("textbox", name=fi("The municipality's response")).fill("Kiitos toiveesta.")
        click_button(coordinator, fi("Save the response"))
    coordinator.goto(round_url)
    page.get_by_label(fi("Close the wishes window early: I confirm that no more wishes are gathered.")).check()
    page.get_by_label(fi("Reason for closing early")).fill("Kaikki yhdistykset ovat jo vastanneet.")
    click_button(coordinator, fi("Send the draft to the welfare group"))
    assert the_round(2027).state == RoundState.WELFARE_REVIEW

    # the welfare group leaves an internal remark; the review is recorded
    welfare = people()
    welfare.login(town.welfare.email, PASSWORD)
    welfare.goto(section_url)
    welfare.page.get_by_label(fi("Your comment")).fill("SISÄINEN: tarkennetaan iltojen ajankohtaa.")
    click_button(welfare, fi("Save the remark"))
    coordinator.goto(round_url)
    page.get_by_role("link", name=fi("Record the welfare group's review")).click()
    coordinator.check()
    page.get_by_label(fi("Date of the welfare group's meeting")).fill(today.isoformat())
    page.get_by_label(fi("Outcome of the review")).fill("Luonnos viedään yhdistysiltaan.")
    click_button(coordinator, fi("Save the record"))
    click_button(coordinator, fi("Open the association evening consultation"))
    assert the_round(2027).state == RoundState.ASSOCIATION_EVENING

    # at the association evening: a quoted comment and a proposal, keyboard only
    eila.goto(section_url)
    assert "SISÄINEN" not in eila.page.content()
    tab_to(eila.page, "#quote")
    eila.page.keyboard.type("avoimesti ja tasapuolisesti")
    tab_to(eila.page, "#text")
    eila.page.keyboard.type("Lisätkää myös yhdenvertaisuus.")
    tab_to(eila.page, ".comment-form button[type=submit]")
    eila.page.keyboard.press("Enter")
    eila.page.wait_for_url(re.compile(r"/comments/\d+$"))
    eila.check()
    assert "avoimesti ja tasapuolisesti" in eila.page.content()

    eila.goto(section_url)
    tab_to(eila.page, f"a[href$='/sections/{section_id}/proposals/new']")
    eila.page.keyboard.press("Enter")
    eila.page.wait_for_url("**/proposals/new")
    eila.check()
    tab_to(eila.page, ".richtext__area")
    eila.page.keyboard.press("Control+End")
    eila.page.keyboard.type(" Kaikkia kohdellaan yhdenvertaisesti.")
    tab_to(eila.page, "#rationale")
    eila.page.keyboard.type("Yhdenvertaisuus kuuluu ohjeeseen.")
    tab_to(eila.page, "main form button[type=submit]")
    eila.page.keyboard.press("Enter")
    eila.page.wait_for_url(re.compile(r"/proposals/\d+$"))
    eila.check()
    assert eila.page.locator("ins", has_text="yhdenvertaisesti").count() >= 1

    matti.goto(section_url)
    matti.page.get_by_role("link", name=fi("Propose a change to this section")).click()
    matti.check()
    matti.page.locator(".richtext__area").click()
    matti.page.keyboard.press("Control+A")
    matti.page.keyboard.type("Kunta päättää yksin.")
    matti.page.get_by_label(fi("Rationale")).fill("Lyhyempi on parempi.")
    click_button(matti, fi("Send the proposal"))

    # the coordinator answers, accepts one proposal and rejects the other
    comment_id = db.session.scalar(sa.text("SELECT id FROM comments WHERE quote IS NOT NULL"))
    coordinator.goto(f"{round_url}/comments/{comment_id}")
    page.get_by_label(fi("Not taken into account")).check()
    page.get_by_role("textbox", name=fi("The municipality's response")).fill("Yhdenvertaisuus tulee muutosesityksen kautta.")
    click_button(coordinator, fi("Save the response"))
    first, second = db.session.scalars(sa.text("SELECT id FROM change_proposals ORDER BY id")).all()
    coordinator.goto(f"{round_url}/proposals/{first}")
    click_button(coordinator, fi("Accept"))
    coordinator.goto(f"{round_url}/proposals/{second}")
    page.get_by_label(fi("Reason for rejecting")).fill("Ohje laaditaan yhdessä yhdistysten kanssa.")
    click_button(coordinator, fi("Reject"))
    # the chapters left without text are listed, and withdrawn deliberately
    coordinator.goto(round_url)
    empty = [s for s in the_round(2027).sections if s.current_number == 0]
    assert fi("Chapter %(number)s “%(heading)s” has no text: write it or withdraw the section.",
              number=2, heading=empty[0].heading) in page.inner_text("main")
    for section in empty:
        coordinator.goto(f"{round_url}/sections/{section.id}/withdraw")
        page.get_by_label(fi("Reason for withdrawing the section")).fill("Ei tarvita tänä vuonna.")
        click_button(coordinator, fi("Withdraw the section"))
    # the evening is still ahead: closing early needs a confirmation and a reason
    coordinator.goto(round_url)
    page.get_by_label(fi("Close the consultation early: I confirm that no more comments or proposals are taken.")).check()
    page.get_by_label(fi("Reason for closing early")).fill("Yhdistykset antoivat palautteensa kirjallisesti.")
    click_button(coordinator, fi("Submit for approval"))
    assert the_round(2027).state == RoundState.APPROVAL

    # the approver records the decision, approves and downloads the DOCX
    approver = people(accept_downloads=True)
    approver.login(town.approver.email, PASSWORD)
    approver.goto(round_url)
    approver.page.get_by_role("link", name=fi("Record the approval decision")).click()
    approver.check()
    approver.page.get_by_label(fi("Approving body")).select_option("council")
    approver.page.get_by_label(fi("Date of the decision")).fill(today.isoformat())
    approver.page.get_by_label(fi("Minutes paragraph (§)")).fill("§ 44")
    click_button(approver, fi("Save the record"))
    click_button(approver, fi("Mark as approved and publish"))
    assert the_round(2027).state == RoundState.APPROVED
    with approver.page.expect_download() as download:
        approver.page.get_by_role("link", name=fi("The guideline as DOCX"), exact=True).click()
    document = Document(io.BytesIO(open(download.value.path(), "rb").read()))
    assert document.core_properties.title == "Järjestöyhteistyön ohje 2027"
    assert any("yhdenvertaisesti" in p.text for p in document.paragraphs)

    # a resident reads the published guideline
    resident = people()
    resident.goto("/m/testikunta/guideline")
    text = resident.page.locator("article.guideline").inner_text()
    assert INTRO in text and "Kaikkia kohdellaan yhdenvertaisesti." in text and "§ 44" in resident.page.content()
    assert "SISÄINEN" not in resident.page.content()

    # the next January the revision starts from the approved text
    coordinator.goto(round_url)
    click_button(coordinator, fi("Start the %(year)s revision", year=max(today.year, 2028)))
    revision = the_round(max(today.year, 2028))
    assert revision.state == RoundState.DECISION and revision.previous_round_id == the_round(2027).id
    assert len(people.axe_log) >= 30
