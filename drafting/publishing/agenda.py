"""The draft agenda text (päätösehdotus) for the approving body, in the form
of municipal minutes: the preparer, the background, the main changes and the
proposal – as text to copy and as DOCX."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from docx import Document
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from ..auth.models import StaffRole, StaffRoleKind, User
from ..comments.summary import build_summary, reach_sentence
from ..documents.comparison import last_approved_before, pair_sections
from ..documents.diffing import DELETE, INSERT, diff
from ..extensions import db
from ..proposals.models import ChangeProposal, ProposalStatus
from ..workflow.models import DecisionStep
from . import package, wordml
from .fingerprint import content_hash, short
from .guideline import DOCUMENT_LANGUAGE, _PublicRecordReader, reference_moment


@dataclass
class AgendaItem:
    title: str
    preparer: str
    background: list[str]
    changes: list[str]
    proposal: str
    attachments: list[str]

    def as_text(self) -> str:
        lines = [self.title, "", f"{_('Prepared by')}: {self.preparer}", "", _("Background"), ""]
        lines += [paragraph + "\n" for paragraph in self.background]
        lines += [_("Main changes"), ""]
        lines += [f"- {change}" for change in self.changes] + [""]
        lines += [_("Proposal"), "", self.proposal, "", _("Attachments"), ""]
        lines += [f"- {attachment}" for attachment in self.attachments]
        return "\n".join(lines).strip() + "\n"


def _words(tokens) -> int:
    return sum(1 for token in tokens if token[0] == "W" and token[1].strip() and token[1][:1].isalnum())


def _preparer(round_) -> str:
    decision = round_.current_decision(DecisionStep.DECISION)
    coordinator = db.session.scalar(
        sa.select(User).join(StaffRole, StaffRole.user_id == User.id)
        .where(StaffRole.municipality_id == round_.municipality_id, StaffRole.kind == StaffRoleKind.COORDINATOR,
               User.id == round_.opened_by_id)
    ) or round_.opened_by
    name = decision.authorised_coordinator if decision and decision.authorised_coordinator else coordinator.name
    return _("%(name)s, welfare coordinator, %(email)s", name=name, email=coordinator.email)


def build_agenda(round_) -> AgendaItem:
    with force_locale(DOCUMENT_LANGUAGE):
        municipality = round_.municipality
        title_text = _("Approving the guideline for cooperation with associations for %(year)s", year=round_.year)
        background = [_(
            "The guideline for cooperation with associations gathers the principles of cooperation between "
            "%(municipality)s and its associations: forms of cooperation, grants, premises, communication and "
            "the yearly schedule. It is revised every January.", municipality=municipality.name_fi)]
        decision = round_.current_decision(DecisionStep.DECISION)
        if decision:
            background.append(_("%(body)s decided on %(date)s (%(paragraph)s) to prepare the guideline and "
                                "authorised %(coordinator)s to prepare it.", body=decision.body_label,
                                date=format_date(decision.decided_on), paragraph=decision.minutes_paragraph,
                                coordinator=decision.authorised_coordinator))
        if round_.wishes_closes_on and round_.wishes_opens_on:
            background.append(_("The associations' wishes were gathered from %(start)s to %(end)s.",
                                start=format_date(round_.wishes_opens_on), end=format_date(round_.wishes_closes_on)))
        elif round_.wishes_closes_on:
            background.append(_("The associations' wishes were gathered until %(end)s.",
                                end=format_date(round_.wishes_closes_on)))
        review = round_.current_decision(DecisionStep.WELFARE_REVIEW)
        if review:
            background.append(_("The welfare group reviewed the draft on %(date)s.", date=format_date(review.decided_on)))
        if round_.evening_on:
            background.append(_("The association evening was held on %(date)s (%(place)s), and the associations "
                                "could also comment on the draft electronically.",
                                date=format_date(round_.evening_on), place=round_.evening_place or "–"))
        summary = build_summary(round_, _PublicRecordReader(), with_threads=False)
        wishes = sum(c.wishes for c in summary.counts)
        comments = sum(c.comments for c in summary.counts)
        proposals = db.session.execute(
            sa.select(ChangeProposal.status, sa.func.count()).where(ChangeProposal.round_id == round_.id)
            .group_by(ChangeProposal.status)).all()
        total_proposals = sum(n for _s, n in proposals)
        accepted = sum(n for s, n in proposals if s in (ProposalStatus.ACCEPTED, ProposalStatus.ACCEPTED_WITH_EDITS))
        background.append(reach_sentence(summary.participation) + " " + _(
            "An association counts as reached when it has a representative in the service or a message to its "
            "own address was delivered."))
        background.append(_(
            "The associations gave %(wishes)s wishes, %(comments)s comments and %(proposals)s change proposals, "
            "of which %(accepted)s were accepted. Every comment and proposal has the municipality's response in "
            "appendix 2 of the guideline.",
            wishes=wishes, comments=comments, proposals=total_proposals, accepted=accepted))

        approved = last_approved_before(round_)
        changes = []
        for old_section, old_version, new_section, new_version in pair_sections(approved, round_):
            if new_section is None:
                changes.append(_("%(heading)s: removed", heading=old_section.heading))
                continue
            if old_section is None:
                changes.append(_("%(heading)s: new section", heading=new_section.heading))
                continue
            result = diff(old_version.text if old_version else "", new_version.text if new_version else "")
            added = sum(_words(c.tokens) for c in result if c.op == INSERT)
            removed = sum(_words(c.tokens) for c in result if c.op == DELETE)
            if added or removed or old_section.heading != new_section.heading:
                changes.append(_("%(heading)s: %(added)s words added, %(removed)s words removed",
                                 heading=new_section.heading, added=added, removed=removed))
        if approved is None:
            changes = [_("The guideline is new: there is no earlier approved guideline.")]
        elif not changes:
            changes = [_("No changes to the guideline approved for %(year)s.", year=approved.year)]

        approval = round_.current_decision(DecisionStep.APPROVAL)
        body = approval.body_label if approval else _("The approving body")
        proposal = _("%(body)s approves the guideline for cooperation with associations for %(year)s as in the "
                     "attachment.", body=body, year=round_.year)
        digest = round_.content_hash or content_hash(round_)
        attachments = [_("Guideline for cooperation with associations %(year)s (content hash %(hash)s)",
                         year=round_.year, hash=short(digest))]
        return AgendaItem(title_text, _preparer(round_), background, changes, proposal, attachments)


def agenda_docx(round_) -> bytes:
    item = build_agenda(round_)
    with force_locale(DOCUMENT_LANGUAGE):
        document = Document()
        package.set_up(document)
        package.prepare(document, title=item.title, author=round_.municipality.name_fi, language="fi-FI",
                        moment=reference_moment(round_), subject=_("Draft decision"))
        parts = [wordml.paragraph(wordml.run(item.title), style="Heading1"),
                 wordml.paragraph(wordml.run(f"{_('Prepared by')}: ", ("strong",)) + wordml.run(item.preparer)),
                 wordml.paragraph(wordml.run(_("Background")), style="Heading2")]
        parts += [wordml.paragraph(wordml.run(text)) for text in item.background]
        parts.append(wordml.paragraph(wordml.run(_("Main changes")), style="Heading2"))
        parts += [wordml.paragraph(wordml.run(change), style="ListBullet") for change in item.changes]
        parts.append(wordml.paragraph(wordml.run(_("Proposal")), style="Heading2"))
        parts.append(wordml.paragraph(wordml.run(item.proposal, ("strong",))))
        parts.append(wordml.paragraph(wordml.run(_("Attachments")), style="Heading2"))
        parts += [wordml.paragraph(wordml.run(text), style="ListBullet") for text in item.attachments]
        package.append_body(document, "".join(parts))
        return package.save(document)
