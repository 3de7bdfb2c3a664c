"""Issue 14: after approval each association gets an outcome report of what
became of its wishes, comments and proposals: a page, a printable version and
a DOCX, for its representatives and the municipality's staff, mailed to them
and to the association's own address through the outbox."""
from __future__ import annotations

import sqlalchemy as sa

from drafting.comments import operations as comments
from drafting.comments.models import Comment, CommentKind, Disposition
from drafting.extensions import db
from drafting.notifications.models import OutboxMessage
from drafting.outcomes.docx import outcome_docx
from drafting.outcomes.queries import outcome_report
from drafting.proposals import operations as proposals
from drafting.workflow.models import RoundState
from tests.conftest import served
from tests.messages import fi
from tests.publishing.conftest import libreoffice_convert

S = RoundState


def approved_round_with_inputs(town):
    """The seniors' association comments, has a proposal accepted with edits
    and one rejected; the coordinator responds to the comment and links it to
    the edited version, and records a wish of the association at the evening.
    The round is then approved."""
    round_ = town.round(S.ASSOCIATION_EVENING)
    first, second = round_.sections[0], round_.sections[1]
    comment = comments.post_comment(round_, town.eila, text="Avustusten hakuaika on liian lyhyt",
                                    section=second, association_id=town.seniors.id)
    db.session.commit()
    edited = proposals.propose(second, town.eila, text="<p>Hakuaika on kuusi viikkoa.</p>",
                               rationale="Pidempi aika", association_id=town.seniors.id)
    db.session.commit()
    version = proposals.accept_with_edits(edited, town.coordinator, text="<p>Hakuaika on viisi viikkoa.</p>",
                                          reason="Budjetin aikataulu", seen_version_id=edited.rebased_on_version_id)
    db.session.commit()
    comments.respond(comment, town.coordinator, disposition=Disposition.TAKEN_INTO_ACCOUNT,
                     text="Hakuaikaa pidennettiin", linked_version_id=version.id)
    rejected = proposals.propose(first, town.eila, text="<p>Kaikki avustukset kerran vuodessa.</p>",
                                 rationale="Yksinkertaisempi", association_id=town.seniors.id)
    db.session.commit()
    proposals.reject(rejected, town.coordinator, reason="Kohdeavustuksia haetaan ympäri vuoden")
    db.session.commit()
    recorded = comments.post_comment(round_, town.coordinator, text="Illassa toivottiin kerhotiloja",
                                     association_id=town.seniors.id, on_behalf=True)
    db.session.commit()
    comments.respond(recorded, town.coordinator, disposition=Disposition.NOTED, text="Selvitetään syksyllä")
    db.session.commit()
    village = comments.post_comment(round_, town.matti, text="Kylän kommentti", association_id=town.village.id)
    db.session.commit()
    comments.respond(village, town.coordinator, disposition=Disposition.NOTED, text="Kiitos")
    db.session.commit()
    town.make.advance(round_, town.coordinator, S.APPROVED)
    return round_, version


def test_issue_14_an_associations_outcome_report_lists_each_input_with_what_became_of_it(app, town):
    round_, version = approved_round_with_inputs(town)
    with app.test_request_context():
        report = outcome_report(round_, town.seniors)
    heading = round_.sections[1].heading
    chapter = f"2. {heading}"
    assert [(item.kind, item.disposition_key) for item in report.items] == [
        (fi("Comment"), "taken_into_account"), (fi("Change proposal"), "accepted_with_edits"),
        (fi("Change proposal"), "rejected"), (fi("Comment"), "noted")]
    comment, edited, rejected, recorded = report.items
    assert comment.place.chapter == chapter and comment.response == "Hakuaikaa pidennettiin"
    assert (comment.taken_into.chapter, comment.taken_into.version) == (chapter, version.number)
    assert edited.response == "Budjetin aikataulu" and edited.accepted_text == "Hakuaika on viisi viikkoa."
    assert (edited.taken_into.chapter, edited.taken_into.version) == (chapter, version.number)
    assert rejected.place.chapter.startswith("1. ") and rejected.taken_into is None
    assert rejected.response == "Kohdeavustuksia haetaan ympäri vuoden"
    assert recorded.recorded_at_evening and recorded.response == "Selvitetään syksyllä"
    assert recorded.text == "Illassa toivottiin kerhotiloja" and recorded.taken_into is None
    assert all("Kylän kommentti" not in item.text for item in report.items)


def test_issue_14_the_report_page_is_for_the_associations_representatives_and_staff(app, town, browser, make):
    round_, version = approved_round_with_inputs(town)
    path = f"/rounds/{round_.id}/outcomes/{town.seniors.id}"
    browser.login(town.eila)
    page = browser.text(path)
    for expected in ("Avustusten hakuaika on liian lyhyt", "Hakuaikaa pidennettiin", "Budjetin aikataulu",
                     "Kohdeavustuksia haetaan ympäri vuoden", fi("Accepted with edits"), fi("Rejected"),
                     fi("Taken into account"), f"2. {round_.sections[1].heading}", "Illassa toivottiin kerhotiloja",
                     fi("at the association evening on the association's behalf")):
        assert expected in page, expected
    assert "Kylän kommentti" not in page
    assert "Hakuaika on viisi viikkoa." in browser.text(path + "/print")
    browser.post("/logout", {})
    browser.login(town.matti)
    assert browser.get(path).status_code == 403
    assert browser.get(path + ".docx").status_code == 403
    assert browser.get(path + "/print").status_code == 403
    browser.post("/logout", {})
    browser.login(town.stranger)
    assert browser.get(path).status_code == 403
    browser.post("/logout", {})
    browser.login(town.coordinator)
    index = browser.text(f"/rounds/{round_.id}/outcomes")
    assert path in index and f"/rounds/{round_.id}/outcomes/{town.village.id}" in index
    assert f"/rounds/{round_.id}/outcomes\"" in browser.text(f"/rounds/{round_.id}")
    assert "Hakuaikaa pidennettiin" in browser.text(path)


def test_issue_14_the_report_is_refused_before_the_round_is_approved(app, town, browser):
    round_ = town.round(S.ASSOCIATION_EVENING)
    browser.login(town.coordinator)
    assert browser.get(f"/rounds/{round_.id}/outcomes/{town.seniors.id}").status_code == 403
    assert browser.get(f"/rounds/{round_.id}/outcomes").status_code == 403
    assert f"/rounds/{round_.id}/outcomes\"" not in browser.text(f"/rounds/{round_.id}")


def test_issue_14_the_report_page_takes_a_fixed_number_of_queries(app, town, browser, every_page_drawn):
    round_, _version = approved_round_with_inputs(town)
    browser.login(town.eila)
    path = f"/rounds/{round_.id}/outcomes/{town.seniors.id}"
    _response, few = served(browser, path)
    second = round_.sections[1]
    for n in range(6):
        db.session.add(Comment(round_id=round_.id, section_id=second.id, kind=CommentKind.COMMENT,
                               author_id=town.eila.id, association_id=town.seniors.id, text=f"<p>Lisää {n}</p>"))
    db.session.commit()
    response, many = served(browser, path)
    assert response.status_code == 200 and "Lisää 5" in response.get_data(as_text=True)
    assert many == few


def test_issue_14_the_outcome_report_is_mailed_on_approval_even_to_those_who_turned_notices_off(app, town, inbox):
    town.seniors.email = "seniorit@example.fi"
    town.eila.wants_notifications = False
    db.session.commit()
    round_, _version = approved_round_with_inputs(town)
    output = app.test_cli_runner().invoke(args=["mail", "send"]).output
    assert "failed 0" in output
    link = f"/rounds/{round_.id}/outcomes/{town.seniors.id}"
    subject = fi("What became of the input of %(association)s", association=town.seniors.name)
    for address in ("eila@example.fi", "seniorit@example.fi"):
        [mail] = [m for m in inbox.to(address) if m["Subject"] == subject]
        assert link in mail.get_body(("plain",)).get_content()
        assert "List-Unsubscribe" not in mail  # the outcome report cannot be turned off
    [village] = [m for m in inbox.to("matti@example.fi")
                 if m["Subject"] == fi("What became of the input of %(association)s",
                                       association=town.village.name)]
    assert f"/rounds/{round_.id}/outcomes/{town.village.id}" in village.get_body(("plain",)).get_content()
    assert not [m for m in inbox.to("eila@example.fi") if town.sports.name in m["Subject"]]
    assert db.session.scalar(sa.select(OutboxMessage.association_id)
                             .where(OutboxMessage.recipient == "seniorit@example.fi",
                                    OutboxMessage.subject == subject)) == town.seniors.id


def test_issue_14_the_outcome_report_docx_reads_back_in_libreoffice(app, town, tmp_path):
    round_, version = approved_round_with_inputs(town)
    with app.test_request_context():
        data = outcome_docx(outcome_report(round_, town.seniors))
    source = tmp_path / "palaute.docx"
    source.write_bytes(data)
    assert len(data) < 40_000
    libreoffice_convert([source], "txt:Text (encoded):UTF8", tmp_path)
    text = " ".join((tmp_path / "palaute.txt").read_text(encoding="utf-8-sig").split())
    assert fi("What became of the input of %(association)s", association=town.seniors.name) in text
    for expected in ("Hakuaikaa pidennettiin", "Budjetin aikataulu", "Hakuaika on viisi viikkoa.",
                     "Kohdeavustuksia haetaan ympäri vuoden", fi("Accepted with edits"), fi("Rejected"),
                     fi("%(chapter)s, version %(number)s", chapter=f"2. {round_.sections[1].heading}",
                        number=version.number)):
        assert expected in text, expected
