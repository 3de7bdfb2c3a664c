"""The language a page is drawn in: the signed-in person's own, or the one a
visitor chose on the page (else their browser's)."""
from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_login import current_user


def select_locale() -> str:
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated:
        return current_user.language.value
    return visitor_language()


def visitor_language() -> str:
    """The language of someone not logged in: chosen on the page, or the browser's."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("language")
    if isinstance(chosen, str) and chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or "fi"
