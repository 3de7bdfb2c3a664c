"""Nothing a person can type into a form gives a server error or a partial write."""
from __future__ import annotations

import sqlalchemy as sa

from drafting.audit.models import AuditEvent
from drafting.extensions import db
from drafting.workflow.models import RoundState

HOSTILE = ["", "   ", "\x00", "a\x00b", "x" * 20_000, "<script>alert(1)</script>", "-1", "99999999999999999999",
           "31.13.2026", "2026-02-30", "NaN", "☃" * 300, "'; DROP TABLE users; --", "%(x)s {{ 7*7 }}"]


def forms(round_id, section_id, association_id, slug):
    return [
        ("/login", ["email", "password"]),
        (f"/m/{slug}/rounds/new", ["year", "outline"]),
        (f"/rounds/{round_id}/decisions/decision",
         ["body", "body_name", "decided_on", "minutes_paragraph", "responsible_persons", "authorised_coordinator"]),
        (f"/rounds/{round_id}/schedule",
         ["wishes_opens_on", "wishes_closes_on", "evening_on", "evening_starts_at", "evening_place"]),
        (f"/rounds/{round_id}/sections/{section_id}/edit", ["base_number", "heading", "text", "reason"]),
        (f"/rounds/{round_id}/sections/new", ["heading"]),
        (f"/rounds/{round_id}/actions/open_wishes", ["from_state", "reason", "confirm_early_close"]),
        (f"/m/{slug}/admin/users", ["email", "kind", "association_id", "role"]),
        (f"/m/{slug}/admin/associations", ["name", "register_number", "email", "phone", "website", "description"]),
        (f"/associations/{association_id}/details", ["email", "phone", "website", "description"]),
        ("/language", ["language", "next"]),
    ]


def test_hostile_values_in_every_field_never_give_a_server_error(browser, make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    association = make.association(municipality)
    round_ = make.round(municipality, coordinator, RoundState.DECISION)
    section = round_.sections[0]
    db.session.commit()
    browser.login(coordinator)
    for url, fields in forms(round_.id, section.id, association.id, municipality.slug):
        for value in HOSTILE:
            for field in fields:
                response = browser.post(url, {field: value})
                assert response.status_code < 500, (url, field, value[:20])
            response = browser.post(url, {field: value for field in fields})
            assert response.status_code < 500, (url, value[:20])
    db.session.expire_all()
    # nothing hostile was stored: every stored text is free of NUL characters
    for event in db.session.scalars(sa.select(AuditEvent)):
        assert "\x00" not in str(event.details)
    assert round_.state == RoundState.DECISION


def test_an_oversized_body_is_refused_cleanly(browser, make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    round_ = make.round(municipality, coordinator)
    browser.login(coordinator)
    response = browser.post(f"/rounds/{round_.id}/sections/{round_.sections[0].id}/edit",
                            {"base_number": "0", "heading": "x", "text": "x" * 3_000_000})
    assert response.status_code in (200, 413)
    if response.status_code == 200:
        assert 'aria-invalid="true"' in response.get_data(as_text=True)
    response = browser.post(f"/rounds/{round_.id}/sections/{round_.sections[0].id}/edit",
                            {"base_number": "0", "heading": "x", "text": "x" * 30_000_000})
    assert response.status_code == 413
    db.session.refresh(round_.sections[0])
    assert round_.sections[0].current_number == 0


def test_invalid_utf8_deep_nesting_and_malformed_fields_get_clear_answers(browser, make):
    from drafting.comments.models import Comment
    from tests.conftest import Town

    town = Town(make)
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    section = round_.sections[0]
    browser.login(town.coordinator)
    edit = f"/rounds/{round_.id}/sections/{section.id}/edit"
    token = browser.csrf_token(edit)
    before = section.current_number
    raw = b"csrf_token=" + token.encode() + b"&base_number=" + str(before).encode() + \
        b"&heading=Otsikko&text=%FF%FE%C3%28rikki"
    response = browser._request("post", edit, data=raw, content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500
    deep = "<b>" * 20_000 + "syvä" + "</b>" * 20_000
    response = browser.post(edit, {"base_number": str(section.current_number), "heading": "Otsikko",
                                   "text": deep[:190_000]}, token_from=edit)
    assert response.status_code < 500
    comments_page = f"/rounds/{round_.id}/comments"
    for data in ({"association_id": "not-a-number", "text": "x"}, {"association_id": "", "text": ""},
                 {"text": "<i>" * 5000}, {"association_id": str(town.seniors.id), "text": "\x00"}):
        assert browser.post(comments_page, data, token_from=comments_page).status_code < 500
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) <= 1
