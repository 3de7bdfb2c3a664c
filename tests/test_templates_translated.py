"""Every text a template shows goes through the catalogue: a template with a
literal word in it (outside {{ _("…") }}) fails this test."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from drafting import PROJECT_ROOT

TEMPLATES = sorted((PROJECT_ROOT / "templates").rglob("*.html"))
# Words that are the same in every language: names and symbols.
ALLOWED = {"Ohjeverstas", "suomi", "svenska", "English", "¶", "www.saavutettavuusvaatimukset.fi"}
TRANSLATABLE_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "aria-description"}
JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.S)
LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


class LiteralText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            if name in TRANSLATABLE_ATTRIBUTES and value and LETTERS.search(value):
                self.found.append(f"{name}={value!r}")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        text = data.strip()
        if self.skip or not text or not LETTERS.search(text):
            return
        if text in ALLOWED:
            return
        self.found.append(text)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(PROJECT_ROOT)))
def test_no_literal_text_in_templates(template):
    source = JINJA.sub(" ", template.read_text(encoding="utf-8"))
    parser = LiteralText()
    parser.feed(source)
    assert parser.found == []


def test_the_check_finds_literal_text():
    parser = LiteralText()
    parser.feed(JINJA.sub(" ", '<p>{{ _("Hello") }}</p><button aria-label="Close">x</button><p>Tallenna</p>'))
    assert parser.found == ["aria-label='Close'", "x", "Tallenna"]
