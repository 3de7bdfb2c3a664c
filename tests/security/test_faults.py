"""When the database is away, people get a friendly 503, not an error page of
the server; mail waits in the outbox while SMTP is away (tests/comments)."""
from __future__ import annotations

from html import unescape

from drafting import create_app
from tests.messages import fi


def test_an_unreachable_database_gives_a_friendly_503(tmp_path):
    broken = create_app({"TESTING": True, "SECRET_KEY": "x", "RATE_LIMITS_ENABLED": False,
                         "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"})
    client = broken.test_client()
    for path in ("/", "/m/esimerkkikunta/guideline", "/accessibility", "/m/esimerkkikunta/associations"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response.headers["Retry-After"] == "30"
        with broken.app_context():
            assert fi("The service cannot reach its database just now. Nothing was saved. Try again in a moment.") \
                in unescape(response.get_data(as_text=True))
