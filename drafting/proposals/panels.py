"""The proposals panel: the first proposals on the section page, all of them
page by page on the proposals page, each pending one as the passages it changes."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask_babel import get_locale
from flask_login import current_user

from ..documents.diffing import changed_passages, diff, render_inline
from ..documents.queries import current_version
from ..web.pieces import Deferred
from . import rules
from .queries import proposal_count, proposals_on, sees_internal

PROPOSALS_ON_SECTION_PAGE = 10
PROPOSALS_PAGE_SIZE = 25


@dataclass
class ProposalList:
    proposals: list
    total: int
    page: int | None
    pages: int
    diffs: dict[int, str]


def proposals_context(round_, section, *, page: int | None = None) -> dict:
    """The proposals panel: the first ones on the section page, all of them
    page by page on the proposals page. The list is the same for everyone who
    sees it alike (staff see the welfare group's internal proposals too): a
    stored piece of the page, read from the database only when drawn."""
    staff = sees_internal(round_)

    def listing() -> ProposalList:
        current = current_version(section)
        total = proposal_count(section, staff=staff)
        number, pages = page, 1
        if page is None:
            items = proposals_on(section, staff=staff, limit=PROPOSALS_ON_SECTION_PAGE)
        else:
            pages = max(1, -(-total // PROPOSALS_PAGE_SIZE))
            number = min(max(1, page), pages)
            items = proposals_on(section, staff=staff, limit=PROPOSALS_PAGE_SIZE,
                                 offset=(number - 1) * PROPOSALS_PAGE_SIZE)
        rendered = {
            proposal.id: changed_passages_of(current.text if current else "", proposal.current_text or proposal.proposed_text)
            for proposal in items if proposal.is_pending and not proposal.conflict
        }
        return ProposalList(items, total, number, pages, rendered)

    return {
        "proposal_list": Deferred(listing),
        "proposals_key": (round_.id, section.id, page, staff),
        "can_propose": rules.can_propose(round_, current_user, section),
    }


@lru_cache(maxsize=4096)
def _changed_passages(old: str, new: str, locale: str) -> str:
    return changed_passages(render_inline(diff(old, new)))


def changed_passages_of(old: str, new: str) -> str:
    """The paragraphs a proposal changes, as tracked changes: what the list of
    proposals shows of each. The same pair of texts (and language of the
    screen-reader words) is diffed once per process."""
    return _changed_passages(old, new, str(get_locale()))
