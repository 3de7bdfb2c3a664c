"""Who changed what: the way from the approved text to the current one,
version by version, with each insertion and deletion credited to the version
that made it (the proposal's association, or the coordinator who edited)."""
from __future__ import annotations

from ..documents.diffing import DELETE, EQUAL, INSERT, Codec, diff_tokens
from ..documents.tokens import parse
from .body import Attribution, Item


def _visible(entries: list[Item]) -> list[Item]:
    return [entry for entry in entries if entry.op != DELETE]


def attributed_changes(base_text: str, versions: list[tuple[str, Attribution]]) -> list[Item]:
    """The base text with every later version's changes applied as tracked
    changes; insertions later deleted again disappear, as they would in Word."""
    entries = [Item(token) for token in parse(base_text)]
    codec = Codec()
    for text, attribution in versions:
        visible = [entry.token for entry in _visible(entries)]
        changes = diff_tokens(visible, parse(text), codec)
        result: list[Item] = []
        position = 0

        def next_visible() -> Item:
            nonlocal position
            while entries[position].op == DELETE:
                result.append(entries[position])
                position += 1
            entry = entries[position]
            position += 1
            return entry

        for change in changes:
            if change.op == EQUAL:
                for _token in change.tokens:
                    result.append(next_visible())
            elif change.op == DELETE:
                for _token in change.tokens:
                    entry = next_visible()
                    if entry.op == EQUAL:
                        result.append(Item(entry.token, DELETE, attribution))
            else:
                while position < len(entries) and entries[position].op == DELETE:
                    result.append(entries[position])
                    position += 1
                result.extend(Item(token, INSERT, attribution) for token in change.tokens)
        result.extend(entries[position:])
        entries = result
    return entries
