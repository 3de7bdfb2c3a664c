"""The browser tests' fixtures (Chromium, the live server, each person's page) for the outcome report."""
from tests.browser.conftest import chromium, live_server, people  # noqa: F401
