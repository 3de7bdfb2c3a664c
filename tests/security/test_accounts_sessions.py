"""Sessions: a session id without a secret never logs in (part of finding 11
of issue 12), and a session's secret is kept by the browser alone: the
database holds its hash, the stored pieces' keys and the ETags hold neither ("Also seen")."""
from __future__ import annotations

import time

import pytest
import redis
import sqlalchemy as sa

from drafting import create_app
from drafting.auth.models import LoginSession, User, hash_token
from drafting.extensions import db
from drafting.workflow.models import RoundState
from tests.conftest import Browser
from tests.test_page_cache import (
    looked_at,
    redis_url,  # noqa: F401  (the fixture: a Redis server of the test's own)
    section_url,
)


def _pretend(client, session_id: str) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
        session["seen"] = int(time.time())


@pytest.mark.parametrize("url", ["/settings", "/m/{slug}/admin/users", "/"])
def test_finding_11_a_session_id_without_a_secret_never_logs_in(app, make, url):
    municipality = make.municipality()
    never_logged_in = make.coordinator(municipality, name="Ensimmäinen Ylläpitäjä")
    client = app.test_client()
    _pretend(client, f"{never_logged_in.id}.")
    response = client.get(url.format(slug=municipality.slug))
    assert "Ensimmäinen Ylläpitäjä" not in response.get_data(as_text=True)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]


def test_a_session_from_another_login_of_the_same_person_is_not_ended_by_logging_in_again(app, make):
    municipality = make.municipality()
    person = make.coordinator(municipality)
    laptop, phone = Browser(app.test_client()), Browser(app.test_client())
    laptop.login(person)
    phone.login(person)
    assert laptop.get("/settings").status_code == 200
    assert phone.get("/settings").status_code == 200
    phone.post("/logout", token_from="/settings")  # logging out ends every session of the person
    assert laptop.get("/settings").status_code == 302


def test_session_secrets_are_stored_as_hashes_and_never_in_stored_keys_or_etags(
        app, database_url, redis_url, town):  # noqa: F811  (redis_url is the imported fixture)
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": app.config["SECRET_KEY"],
              "MAIL_SERVER": None, "RATE_LIMITS_ENABLED": False, "CACHE_TYPE": "RedisCache",
              "CACHE_REDIS_URL": redis_url}
    served_from_redis = create_app(config)
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    browser = Browser(served_from_redis.test_client())
    looked_at(served_from_redis, browser, town.eila, section_url(round_))
    etag = browser.get(section_url(round_)).get_etag()[0]
    with browser.client.session_transaction() as session:
        user_id, _dot, secret = session["_user_id"].partition(".")
    assert etag and secret not in etag and hash_token(secret) not in etag
    assert user_id == str(town.eila.id) and len(secret) >= 32

    hashes = db.session.scalars(sa.select(LoginSession.token_hash).where(LoginSession.user_id == town.eila.id)).all()
    assert hashes == [hash_token(secret)]
    row = db.session.execute(sa.select(User.__table__).where(User.id == town.eila.id)).one()
    assert all(secret not in str(value) for value in row)

    store = redis.Redis.from_url(redis_url)
    keys = store.keys("*")
    assert keys
    assert all(secret.encode() not in key for key in keys)
    assert all(secret.encode() not in (store.get(key) or b"") for key in keys)
    with served_from_redis.app_context():
        db.engine.dispose()
