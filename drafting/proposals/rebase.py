"""Re-basing a proposal onto a section text that changed after it was made.

The proposal's change (base → proposal) is turned into diff-match-patch
patches over the token streams and applied to the current text. The result
is accepted only when every patch applies and every word the proposal inserts
is in the result, in order; otherwise the proposal is a conflict for the
coordinator to resolve. Insertions are never dropped silently."""
from __future__ import annotations

from dataclasses import dataclass

from diff_match_patch import diff_match_patch

from ..documents.diffing import DELETE, EQUAL, INSERT, Codec, diff_tokens
from ..documents.tokens import canonical, parse, serialise

_OPS = {EQUAL: diff_match_patch.DIFF_EQUAL, INSERT: diff_match_patch.DIFF_INSERT,
        DELETE: diff_match_patch.DIFF_DELETE}


@dataclass(frozen=True)
class Rebase:
    text: str | None  # the proposal applied to the current text, or None on conflict

    @property
    def conflict(self) -> bool:
        return self.text is None


def _patcher() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Match_Threshold = 0.3
    dmp.Patch_DeleteThreshold = 0.3
    dmp.Match_Distance = 2000
    return dmp


def _contains_in_order(haystack: str, needles: list[str]) -> bool:
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        if found == -1:
            return False
        position = found + len(needle)
    return True


def rebase(base_html: str, proposal_html: str, current_html: str) -> Rebase:
    if current_html == base_html:
        return Rebase(proposal_html)
    codec = Codec()
    base, proposal, current = (codec.encode(parse(text)) for text in (base_html, proposal_html, current_html))
    changes = diff_tokens(codec.decode(base), codec.decode(proposal), codec)
    diffs = [(_OPS[change.op], codec.encode(change.tokens)) for change in changes]
    dmp = _patcher()
    patches = dmp.patch_make(base, diffs)
    result, applied = dmp.patch_apply(patches, current)
    if not all(applied):
        return Rebase(None)
    text = canonical(serialise(_separate_words(codec.decode(result))))
    insertions = [chars for op, chars in diffs if op == diff_match_patch.DIFF_INSERT]
    if not _contains_in_order(codec.encode(parse(text)), insertions):
        return Rebase(None)
    return Rebase(text)


def _separate_words(tokens: list) -> list:
    """Two words that came together from different edits keep a space between
    them, instead of running into one word."""
    result: list = []
    for token in tokens:
        if (result and token[0] == "W" and result[-1][0] == "W"
                and token[1][:1].isalnum() and result[-1][1][-1:].isalnum()):
            result.append(("W", " ", ()))
        result.append(token)
    return result
