"""What every template can use: labels, dates in the reader's language and
the filters of stored text."""
from __future__ import annotations

from flask import Flask
from flask_babel import format_date, format_datetime, format_time, get_locale
from markupsafe import Markup

from ..audit.labels import audit_description, audit_label, state_label


def register_templating(app: Flask) -> None:
    app.jinja_env.globals.update(
        audit_label=audit_label,
        audit_description=audit_description,
        state_label=state_label,
        format_date=format_date,
        format_datetime=format_datetime,
        format_time=format_time,
    )
    @app.template_filter("richtext")
    def richtext(html: str | None) -> Markup:
        """Stored section text: sanitised to the safe subset when it was saved."""
        return Markup(html or "")

    @app.template_filter("dict_without")
    def dict_without(mapping, *keys) -> dict:
        return {key: value for key, value in mapping.items() if key not in keys}

    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def inject_language():
        return {"current_language": str(get_locale() or "fi")}
