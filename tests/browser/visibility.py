"""What the browser tests check besides axe on every page: that nothing
carrying the `hidden` attribute is drawn (a style sheet's `display` for an
element's kind overrides the attribute unless `[hidden]` is kept hidden)."""
from __future__ import annotations

SHOWN_THOUGH_HIDDEN = """() => Array.from(document.querySelectorAll('[hidden]'))
    .filter(element => element.checkVisibility())
    .map(element => element.outerHTML.slice(0, 120))"""


def shown_though_hidden(page) -> list[str]:
    """The elements of the page that carry `hidden` and are drawn all the same."""
    return page.evaluate(SHOWN_THOUGH_HIDDEN)


def assert_nothing_hidden_shows(page) -> None:
    shown = shown_though_hidden(page)
    assert shown == [], f"{page.url}: elements with the hidden attribute are visible: {shown}"
