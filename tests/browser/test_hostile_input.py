"""Two hundred cross-site scripting payloads go through every text field –
section text and headings, comments, replies, responses, moderation reasons,
proposals and their rationales, rejection reasons, decisions, the schedule,
association details and people's names – and the pages that show them are
opened in Chromium with a watch on dialogs, the console and the network:
nothing runs. The CSV, XLSX and DOCX made of the same data are inert."""
from __future__ import annotations

import csv
import io
import zipfile

import pytest
import sqlalchemy as sa
from docx import Document
from openpyxl import load_workbook

from drafting.associations import operations as associations
from drafting.comments import operations as comments
from drafting.comments.models import Comment, Disposition
from drafting.core import DomainError, local_today
from drafting.documents.operations import add_section, save_section
from drafting.documents.queries import current_version
from drafting.extensions import db
from drafting.proposals import operations as proposals
from drafting.workflow import operations as workflow
from drafting.workflow.models import DecidingBody, DecisionStep, RoundState
from tests.conftest import PASSWORD
from tests.security.xss import PAYLOADS

INERT_MARKERS = ("alert(1)", "__pwned", "evil.example", "msgbox")


@pytest.fixture
def hostile_round(town, make):
    coordinator = town.coordinator
    round_ = town.round(RoundState.DECISION)
    workflow.record_decision(round_, DecisionStep.DECISION, coordinator, workflow.DecisionInput(
        decided_on=local_today(), body=DecidingBody.OTHER, body_name=PAYLOADS[4],
        minutes_paragraph=PAYLOADS[8][:40], responsible_persons=PAYLOADS[12], authorised_coordinator=PAYLOADS[16]))
    db.session.commit()
    make.advance(round_, coordinator, RoundState.WELFARE_REVIEW)
    for index in range(4):
        chunk = PAYLOADS[index * 50:(index + 1) * 50]
        section = round_.sections[index + 1]
        save_section(section, coordinator, base_number=section.current_number, heading=chunk[index][:250],
                     text="".join(chunk))
    add_section(round_, coordinator, heading=PAYLOADS[2])
    workflow.record_decision(round_, DecisionStep.WELFARE_REVIEW, coordinator,
                             workflow.DecisionInput(decided_on=local_today(), outcome=PAYLOADS[1]))
    for payload in PAYLOADS[:20]:
        stored(comments.post_comment, round_, town.welfare, text=payload, section=round_.sections[1])
    db.session.commit()
    make.advance(round_, coordinator, RoundState.ASSOCIATION_EVENING)
    workflow.set_schedule(round_, coordinator, workflow.ScheduleInput(
        wishes_opens_on=round_.wishes_opens_on, wishes_closes_on=round_.wishes_closes_on,
        evening_on=round_.evening_on, evening_starts_at=round_.evening_starts_at, evening_place=PAYLOADS[20]))
    people = []
    for index, payload in enumerate(PAYLOADS):
        if index % 4 == 0:
            person = make.user(name=payload[:200], email=f"hostile{index}@example.fi",
                               associations=[town.seniors])
            people.append(person)
        author = people[-1]
        comment = stored(comments.post_comment, round_, author, text=payload, association_id=town.seniors.id)
        if comment is None:
            continue
        stored(comments.reply, comment, town.coordinator, text=PAYLOADS[-index - 1])
        if index % 3:
            comments.respond(comment, town.coordinator, disposition=Disposition.NOT_TAKEN_INTO_ACCOUNT,
                             text=PAYLOADS[(index * 7) % len(PAYLOADS)])
        if index % 17 == 0:
            comments.hide_comment(comment, town.coordinator, reason=PAYLOADS[(index + 5) % len(PAYLOADS)])
    section = round_.sections[1]
    for index, payload in enumerate(PAYLOADS[:60]):
        proposal = stored(proposals.propose, section, town.eila, association_id=town.sports.id,
                          text=current_version(section).text + payload, rationale=PAYLOADS[-index - 1])
        if proposal is not None and index % 2:
            proposals.reject(proposal, town.coordinator, reason=PAYLOADS[index])
    for index, payload in enumerate(PAYLOADS[:80]):
        stored(
            associations.create_association, round_.municipality_id, town.coordinator,
            associations.RegisterEntry(name=f"{payload[:150]} {index}", register_number=None, active=True),
            associations.ContactDetails(email=None, phone=payload[:40], website=None, description=payload))
    for payload in ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", " javascript:alert(1)"):
        with pytest.raises(DomainError):
            associations.update_contact_details(town.seniors, town.coordinator, associations.ContactDetails(
                email=None, phone=None, website=payload, description=None))
    db.session.commit()
    return round_


def stored(operation, *args, **kwargs):
    """What the operation stored, or None when it refused the text (a payload
    that is nothing but markup is an empty comment, and is refused as one)."""
    from drafting.core import DomainError

    try:
        return operation(*args, **kwargs)
    except DomainError:
        return None


def visit(page, url: str, events: list) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    assert page.evaluate("() => window.__pwned") is None, url
    assert events == [], (url, events)


def test_nothing_hostile_runs_in_the_browser(people, town, hostile_round, live_server):
    round_ = hostile_round
    reader = people()
    reader.login(town.coordinator.email, PASSWORD)
    page = reader.page
    events: list = []
    page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda message: events.append(f"console: {message.text}")
            if message.type in ("error", "warning") else None)
    page.on("request", lambda request: events.append(f"request: {request.url}")
            if not request.url.startswith(live_server) else None)
    comment_ids = db.session.scalars(sa.select(Comment.id).where(Comment.round_id == round_.id)
                                     .order_by(Comment.id).limit(6)).all()
    urls = [f"/rounds/{round_.id}", f"/rounds/{round_.id}/history", f"/rounds/{round_.id}/compare",
            f"/rounds/{round_.id}/agenda", "/m/testikunta/associations", "/m/testikunta/admin/associations",
            "/m/testikunta/admin/users", "/"]
    urls += [f"/rounds/{round_.id}/sections/{section.id}" for section in round_.sections[:6]]
    urls += [f"/rounds/{round_.id}/sections/{round_.sections[1].id}/edit"]
    urls += [f"/rounds/{round_.id}/comments?page={n}" for n in range(1, 9)]
    urls += [f"/rounds/{round_.id}/summary?page={n}" for n in (1, 2)]
    urls += [f"/rounds/{round_.id}/comments/{comment_id}" for comment_id in comment_ids]
    proposal_ids = db.session.scalars(sa.text("SELECT id FROM change_proposals ORDER BY id LIMIT 4")).all()
    urls += [f"/rounds/{round_.id}/proposals/{pid}?view={view}" for pid in proposal_ids for view in ("inline", "side")]
    for url in urls:
        visit(page, url, events)
    # the approved text on the public page
    round_.state = RoundState.APPROVED
    db.session.commit()
    resident = people()
    resident.page.on("dialog", lambda dialog: (events.append("dialog"), dialog.dismiss()))
    resident.page.on("console", lambda message: events.append(message.text) if message.type == "error" else None)
    visit(resident.page, "/m/testikunta/guideline", events)
    assert len(urls) >= 30


def test_the_exports_are_inert(app, browser, town, hostile_round):
    round_ = hostile_round
    browser.login(town.coordinator)
    rows = list(csv.reader(io.StringIO(browser.get(f"/rounds/{round_.id}/summary.csv")
                                       .get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert len(rows) > 400
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    sheet = load_workbook(io.BytesIO(browser.get(f"/rounds/{round_.id}/summary.xlsx").data)).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f" and not str(cell.value or "").startswith(("=", "+", "-", "@"))
    for url in (f"/rounds/{round_.id}/document.docx", f"/rounds/{round_.id}/document-changes.docx",
                f"/rounds/{round_.id}/agenda.docx"):
        data = browser.get(url).data
        document = Document(io.BytesIO(data))
        targets = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
        assert all(target.startswith(("https://", "http://", "mailto:")) for target in targets)
        body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
        instructions = [part.split("</w:instrText>")[0] for part in body.split("<w:instrText")[1:]]
        assert all("TOC" in instruction for instruction in instructions)
        assert "<script" not in body and "javascript:" not in " ".join(targets)
