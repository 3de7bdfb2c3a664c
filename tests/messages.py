"""The messages the application shows, in the language it shows them in:
tests compare against the catalogue, so they hold in every language and fail
when a message is missing from the Finnish catalogue."""
from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, gettext


def translated(language: str, message: str, **variables) -> str:
    """The text for an English message id in a language; fails if it is untranslated."""
    with force_locale(language):
        text = gettext(message, **variables)
    english = message % variables if variables else message
    assert text != english, f"not in the {language} catalogue: {message!r}"
    return text


def fi(message: str, **variables) -> str:
    """The Finnish text for an English message id; fails if it is untranslated."""
    return translated("fi", message, **variables)


def sv(message: str, **variables) -> str:
    """The Swedish text for an English message id; fails if it is untranslated."""
    return translated("sv", message, **variables)


def raises_message(error: type[Exception], message: str, **variables):
    """pytest.raises for a domain error whose message is this catalogue entry."""
    return pytest.raises(error, match=re.escape(fi(message, **variables)))
