"""The configuration the application refuses to start with (findings 2, 11 and
13 of issue 12): no secret key outside tests and the Flask command line, no
public address or shared rate-limit store in production."""
from __future__ import annotations

import os
import stat

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from drafting import create_app
from drafting.config import (
    ConfigurationError,
    from_environment,
    instance_secret_key,
    settle,
)
from drafting.extensions import db

PUBLISHED_KEY = "development-only-secret-key"
STRONG = "k" * 64


@pytest.fixture
def environment(monkeypatch):
    """An environment that configures nothing, as on a fresh server."""
    for name in ("DRAFTING_ENV", "SECRET_KEY", "PUBLIC_BASE_URL", "TRUSTED_HOSTS", "RATELIMIT_STORAGE_URI",
                 "RATE_LIMITS_ENABLED", "FLASK_RUN_FROM_CLI", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def settled(instance_path, **config) -> dict:
    values = {**from_environment(str(instance_path)), **config}
    settle(values, str(instance_path))
    return values


def forged_session_cookie(secret: str, session_id: str) -> str:
    signer = Flask("forger")
    signer.secret_key = secret
    return SecureCookieSessionInterface().get_signing_serializer(signer).dumps(
        {"_user_id": session_id, "_fresh": True})


def test_finding_11_a_server_without_a_secret_key_refuses_to_start(environment, database_url):
    """A gunicorn (or any server but Flask's own command line) without SECRET_KEY
    signed every session with a published key."""
    with pytest.raises(ConfigurationError) as refused:
        create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    assert str(refused.value).startswith("SECRET_KEY is not set. Set it to a long random value")
    assert "flask run, make run" in str(refused.value)


def test_finding_11_a_cookie_signed_with_the_published_key_logs_no_one_in(environment, database_url, make):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "RATE_LIMITS_ENABLED": False})
    try:
        user = make.coordinator(make.municipality())
        session_id = user.start_session()
        db.session.commit()
        client = app.test_client()
        client.set_cookie("session", forged_session_cookie(PUBLISHED_KEY, session_id))
        assert client.get("/settings").status_code == 302
        client.set_cookie("session", forged_session_cookie(app.secret_key, session_id))
        assert client.get("/settings").status_code == 200  # the same cookie signed with the real key
    finally:
        with app.app_context():
            db.engine.dispose()


def test_finding_11_the_published_key_is_refused_when_given(environment, tmp_path):
    environment.setenv("SECRET_KEY", PUBLISHED_KEY)
    with pytest.raises(ConfigurationError, match="SECRET_KEY is a published example value"):
        settled(tmp_path)


def test_finding_11_the_flask_command_line_keeps_a_random_key_in_the_instance(environment, tmp_path):
    environment.setenv("FLASK_RUN_FROM_CLI", "true")
    first = settled(tmp_path / "instance")["SECRET_KEY"]
    path = tmp_path / "instance" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) == 64 and first != PUBLISHED_KEY
    assert settled(tmp_path / "instance")["SECRET_KEY"] == first  # every process of the instance
    assert settled(tmp_path / "another")["SECRET_KEY"] != first
    os.chmod(path, 0o644)
    with pytest.raises(ConfigurationError, match=f"{path} may be read by other users than its owner; "
                                                 f"run: chmod 600 {path}"):
        instance_secret_key(path)
    path.write_text("lyhyt\n")
    os.chmod(path, 0o600)
    with pytest.raises(ConfigurationError, match="does not hold a secret key"):
        instance_secret_key(path)


def test_finding_11_tests_get_a_random_key_of_their_own(environment, tmp_path):
    first = settled(tmp_path, TESTING=True)["SECRET_KEY"]
    assert len(first) == 64 and settled(tmp_path, TESTING=True)["SECRET_KEY"] != first
    assert not (tmp_path / "secret_key").exists()


def test_production_names_everything_missing_at_once(environment, tmp_path):
    environment.setenv("DRAFTING_ENV", "production")
    with pytest.raises(ConfigurationError) as refused:
        settled(tmp_path)
    lines = str(refused.value).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["SECRET_KEY", "PUBLIC_BASE_URL", "RATELIMIT_STORAGE_URI"]
    assert lines[1] == ("PUBLIC_BASE_URL must be set when DRAFTING_ENV=production: the address at which people "
                        "reach the service, such as https://ohjeverstas.example.fi. Every link in the e-mails "
                        "(password resets, invitations, notices) starts with it.")
    assert lines[2] == ("RATELIMIT_STORAGE_URI must name a store shared by every worker and server when "
                        "DRAFTING_ENV=production, such as redis://127.0.0.1:6379/2: with memory:// each worker "
                        "counts apart, and four workers would allow four times every limit.")


def production(environment, **variables):
    values = {"DRAFTING_ENV": "production", "SECRET_KEY": STRONG, "PUBLIC_BASE_URL": "https://ohjeverstas.example.fi",
              "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/2", **variables}
    for name, value in values.items():
        environment.setenv(name, value)


def test_production_with_everything_set_starts(environment, tmp_path):
    production(environment, PUBLIC_BASE_URL="https://Ohjeverstas.example.fi/palvelu/")
    config = settled(tmp_path)
    assert config["PUBLIC_BASE_URL"] == "https://ohjeverstas.example.fi/palvelu"
    assert config["TRUSTED_HOSTS"] == ["ohjeverstas.example.fi"]
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/2"
    assert config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True
    assert config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(("variables", "message"), [
    ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 32 characters long when DRAFTING_ENV=production"),
    ({"PUBLIC_BASE_URL": "http://ohjeverstas.example.fi"},
     "PUBLIC_BASE_URL must be an address such as https://ohjeverstas.example.fi (https,"),
    ({"PUBLIC_BASE_URL": "ohjeverstas.example.fi"}, "not 'ohjeverstas.example.fi'"),
    ({"PUBLIC_BASE_URL": "https://ohjeverstas.example.fi/?next=x"}, "no query or user"),
    ({"PUBLIC_BASE_URL": "https://ohjeverstas.example.fi:99999"}, "PUBLIC_BASE_URL has an invalid port"),
    ({"RATELIMIT_STORAGE_URI": "memory://"}, "RATELIMIT_STORAGE_URI must name a store shared by every worker"),
    ({"RATELIMIT_STORAGE_URI": "redsi://127.0.0.1"},
     "RATELIMIT_STORAGE_URI 'redsi://127.0.0.1' is not a store the rate limits can use; use one of memcached"),
], ids=["short-secret", "http", "no-scheme", "query", "port", "memory", "unknown-store"])
def test_production_refuses_each_unsafe_value_precisely(environment, tmp_path, variables, message):
    production(environment, **variables)
    with pytest.raises(ConfigurationError) as refused:
        settled(tmp_path)
    assert message in str(refused.value)


def test_production_without_rate_limits_needs_no_store(environment, tmp_path):
    production(environment, RATE_LIMITS_ENABLED="0")
    environment.delenv("RATELIMIT_STORAGE_URI")
    assert settled(tmp_path)["RATELIMIT_STORAGE_URI"] == "memory://"


def test_development_defaults_serve_the_development_server(environment, tmp_path):
    environment.setenv("FLASK_RUN_FROM_CLI", "true")
    config = settled(tmp_path)
    assert config["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"
    assert config["TRUSTED_HOSTS"] is None
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is False


def test_trusted_hosts_from_the_environment_keep_the_public_host(environment, tmp_path):
    production(environment, TRUSTED_HOSTS="ohjeverstas.example.fi, .kunta.example.fi")
    assert settled(tmp_path)["TRUSTED_HOSTS"] == ["ohjeverstas.example.fi", ".kunta.example.fi"]
    production(environment, TRUSTED_HOSTS="internal.example.fi")
    assert settled(tmp_path)["TRUSTED_HOSTS"] == ["internal.example.fi", "ohjeverstas.example.fi"]
