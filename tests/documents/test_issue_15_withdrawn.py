"""Issue 15: a withdrawn section keeps its discussion but takes no new
comments or change proposals, and its page no longer invites them."""
from __future__ import annotations

from html import unescape

import pytest
import sqlalchemy as sa

from drafting.comments import operations as comments
from drafting.comments.models import Comment
from drafting.core import DomainError
from drafting.documents import structure
from drafting.documents.queries import sections_with_text
from drafting.extensions import db
from drafting.proposals import operations as proposals
from drafting.proposals.models import ChangeProposal
from drafting.workflow.models import RoundState
from tests.messages import fi


@pytest.fixture
def evening(town):
    return town.round(RoundState.ASSOCIATION_EVENING)


def withdrawn_with_a_comment(round_, town):
    kept, gone = (section for section, _v in sections_with_text(round_)[1:3])
    comments.post_comment(round_, town.eila, text="Tämä luku on turha.", section=gone,
                          association_id=town.seniors.id)
    structure.withdraw_section(gone, town.coordinator, reason="Yhdistetään lukuun 2.")
    db.session.commit()
    return kept, gone


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_issue_15_a_withdrawn_section_refuses_new_comments_and_proposals(evening, town):
    kept, gone = withdrawn_with_a_comment(evening, town)
    before = count(Comment), count(ChangeProposal)
    with pytest.raises(DomainError) as refused:
        comments.post_comment(evening, town.eila, text="Vielä yksi.", section=gone,
                              association_id=town.seniors.id)
    assert refused.value.message == fi(
        "The section “%(heading)s” has been withdrawn: it takes no new comments.", heading=gone.heading)
    db.session.rollback()
    with pytest.raises(DomainError) as refused:
        proposals.propose(gone, town.eila, text="<p>Uusi teksti</p>", rationale="Selkeämpi",
                          association_id=town.seniors.id)
    assert refused.value.message == fi(
        "The section “%(heading)s” has been withdrawn: no changes can be proposed to it.", heading=gone.heading)
    db.session.rollback()
    assert (count(Comment), count(ChangeProposal)) == before

    # the sections still in the document take both as before
    comments.post_comment(evening, town.eila, text="Hyvä luku.", section=kept, association_id=town.seniors.id)
    proposals.propose(kept, town.eila, text="<p>Uusi teksti</p>", rationale="Selkeämpi",
                      association_id=town.seniors.id)
    db.session.commit()
    assert (count(Comment), count(ChangeProposal)) == (before[0] + 1, before[1] + 1)


def test_issue_15_the_page_of_a_withdrawn_section_no_longer_invites_comments_or_proposals(evening, town, browser):
    kept, gone = withdrawn_with_a_comment(evening, town)
    browser.login(town.eila)
    open_page = unescape(browser.text(f"/rounds/{evening.id}/sections/{kept.id}"))
    assert 'class="comment-form"' in open_page
    assert f"/sections/{kept.id}/proposals/new" in open_page

    page = unescape(browser.text(f"/rounds/{evening.id}/sections/{gone.id}"))
    assert fi("This section has been withdrawn from the document: its discussion is kept, and it takes no "
              "new comments or change proposals.") in page
    assert "Tämä luku on turha." in page
    assert 'class="comment-form"' not in page
    assert f"/sections/{gone.id}/proposals/new" not in page

    before = count(Comment), count(ChangeProposal)
    url = f"/rounds/{evening.id}/sections/{kept.id}"
    refused = browser.post(f"/rounds/{evening.id}/sections/{gone.id}/comments",
                           {"text": "Vielä yksi.", "association_id": str(town.seniors.id)}, token_from=url,
                           follow_redirects=True)
    assert fi("The section “%(heading)s” has been withdrawn: it takes no new comments.",
              heading=gone.heading) in unescape(refused.get_data(as_text=True))
    refused = browser.get(f"/rounds/{evening.id}/sections/{gone.id}/proposals/new", follow_redirects=True)
    assert fi("The section “%(heading)s” has been withdrawn: no changes can be proposed to it.",
              heading=gone.heading) in unescape(refused.get_data(as_text=True))
    assert (count(Comment), count(ChangeProposal)) == before
