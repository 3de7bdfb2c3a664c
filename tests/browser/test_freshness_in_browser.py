"""Chromium keeps a signed-in page and revalidates it (304); two tabs of the
page, and the page brought back with Back, carry the same submission token,
and every comment written in them is saved once (issue 13, item 5)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import request, request_finished

from drafting.comments.models import Comment
from drafting.extensions import db
from drafting.workflow.models import RoundState
from tests.conftest import PASSWORD


def comment_texts() -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(sa.select(Comment.text)))


def send(page, text: str) -> None:
    form = page.locator("form.comment-form")
    form.locator("textarea[name=text]").fill(text)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_two_tabs_and_back_each_save_a_comment_once(app, people, town):
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    url = f"/rounds/{round_.id}/sections/{round_.sections[0].id}"
    eila = people()
    eila.login(town.eila.email, PASSWORD)
    first = eila.goto(url)
    answered = []

    def record(sender, response, **extra):
        answered.append((request.path, response.status_code))

    request_finished.connect(record, app)
    try:
        first.reload()  # the server answers 304, and Chromium shows the page it kept
    finally:
        request_finished.disconnect(record, app)
    assert (url, 304) in answered

    second = eila.context.new_page()
    second.goto(url)
    token = "form.comment-form input[name=submission_token]"
    assert first.locator(token).input_value() == second.locator(token).input_value()

    send(first, "Ensimmäinen välilehti")
    send(second, "Toinen välilehti")
    assert comment_texts() == ["<p>Ensimmäinen välilehti</p>", "<p>Toinen välilehti</p>"]

    first.go_back()
    send(first, "Ensimmäinen välilehti")
    assert comment_texts() == ["<p>Ensimmäinen välilehti</p>", "<p>Toinen välilehti</p>"]
