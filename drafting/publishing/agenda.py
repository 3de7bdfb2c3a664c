"""The agenda text (päätösehdotus) for the approving body, in the form of
municipal minutes: the header with the body, the meeting date and the §, the
preparer and the presenter, the grounds, the main changes, the proposal, the
decision once recorded and the numbered attachments – as HTML, as text to
paste into the case-management system and as DOCX."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from docx import Document
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from ..auth.models import StaffRole, StaffRoleKind, User
from ..comments.summary import build_summary, reach_sentence
from ..core import local_today
from ..documents.comparison import last_approved_before, pair_sections
from ..documents.diffing import DELETE, INSERT, diff
from ..documents.models import SectionVersion, VersionOrigin
from ..extensions import db
from ..proposals.models import ChangeProposal, ProposalStatus
from ..workflow.models import DecisionStep
from . import package, wordml
from .fingerprint import content_hash, short
from .guideline import DOCUMENT_LANGUAGE, _PublicRecordReader, reference_moment
from .models import AgendaPlan


@dataclass
class AgendaItem:
    title: str
    header: list[str]
    preparer: str
    presenter: str
    grounds: list[str]
    changes: list[str]
    proposal: str
    decision: str
    attachments: list[str]
    headings: dict[str, str] = field(default_factory=dict)

    def numbered_attachments(self) -> list[str]:
        return [f"{number}. {text}" for number, text in enumerate(self.attachments, start=1)]

    def as_text(self) -> str:
        h = self.headings
        lines = [" ".join(self.header), "", self.title, "",
                 f"{h['preparer']}: {self.preparer}", f"{h['presenter']}: {self.presenter}", "",
                 h["grounds"], ""]
        lines += [paragraph + "\n" for paragraph in self.grounds]
        lines += [h["changes"], ""]
        lines += [f"- {change}" for change in self.changes] + [""]
        lines += [h["proposal"], "", self.proposal, "", h["decision"], "", self.decision, "", h["attachments"], ""]
        lines += self.numbered_attachments()
        return "\n".join(line.rstrip() for line in lines).strip() + "\n"


def _words(tokens) -> int:
    return sum(1 for token in tokens if token[0] == "W" and token[1].strip() and token[1][:1].isalnum())


def _default_preparer(round_) -> str:
    decision = round_.current_decision(DecisionStep.DECISION)
    coordinator = db.session.scalar(
        sa.select(User).join(StaffRole, StaffRole.user_id == User.id)
        .where(StaffRole.municipality_id == round_.municipality_id, StaffRole.kind == StaffRoleKind.COORDINATOR,
               User.id == round_.opened_by_id)
    ) or round_.opened_by
    name = decision.authorised_coordinator if decision and decision.authorised_coordinator else coordinator.name
    return _("%(name)s, welfare coordinator, %(email)s", name=name, email=coordinator.email)


def agenda_plan(round_) -> AgendaPlan | None:
    return db.session.scalar(sa.select(AgendaPlan).where(AgendaPlan.round_id == round_.id))


def _reasons_by_section(round_) -> dict[int, list[str]]:
    """The reasons the coordinator gave for the changes, per section: the
    reasons of her own edits and of her decisions on accepted proposals (or
    the proposer's rationale where she gave none). Two queries."""
    reasons: dict[int, list[str]] = defaultdict(list)
    section_ids = [section.id for section in round_.sections]
    if not section_ids:
        return reasons
    edits = db.session.execute(
        sa.select(SectionVersion.section_id, SectionVersion.reason)
        .where(SectionVersion.section_id.in_(section_ids), SectionVersion.origin == VersionOrigin.EDIT,
               SectionVersion.reason.is_not(None))
        .order_by(SectionVersion.section_id, SectionVersion.number)).all()
    accepted = db.session.execute(
        sa.select(ChangeProposal.section_id, ChangeProposal.decision_reason, ChangeProposal.rationale)
        .where(ChangeProposal.round_id == round_.id,
               ChangeProposal.status.in_([ProposalStatus.ACCEPTED, ProposalStatus.ACCEPTED_WITH_EDITS]))
        .order_by(ChangeProposal.decided_at, ChangeProposal.id)).all()
    for section_id, reason in edits:
        reasons[section_id].append(reason or "")
    for section_id, decision_reason, rationale in accepted:
        reasons[section_id].append(decision_reason or rationale)
    return {key: _distinct(values) for key, values in reasons.items()}


def _distinct(values: list[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        text = " ".join((value or "").split()).rstrip(".")
        if text and text not in seen:
            seen.append(text)
    return seen


def _changes(round_) -> list[str]:
    approved = last_approved_before(round_)
    if approved is None:
        return [_("The guideline is new: there is no earlier approved guideline.")]
    reasons = _reasons_by_section(round_)
    changes = []
    for old_section, old_version, new_section, new_version in pair_sections(approved, round_):
        if new_section is None:
            changes.append(_("%(heading)s: removed", heading=old_section.heading))
            continue
        if old_section is None:
            given = reasons.get(new_section.id)
            changes.append(_("%(heading)s: new section. %(reasons)s.", heading=new_section.heading,
                             reasons="; ".join(given)) if given
                           else _("%(heading)s: new section", heading=new_section.heading))
            continue
        result = diff(old_version.text if old_version else "", new_version.text if new_version else "")
        added = sum(_words(c.tokens) for c in result if c.op == INSERT)
        removed = sum(_words(c.tokens) for c in result if c.op == DELETE)
        if not (added or removed or old_section.heading != new_section.heading):
            continue
        given = reasons.get(new_section.id)
        if given:
            changes.append(_("%(heading)s: %(reasons)s.", heading=new_section.heading, reasons="; ".join(given)))
        else:
            changes.append(_("%(heading)s: %(added)s words added, %(removed)s words removed",
                             heading=new_section.heading, added=added, removed=removed))
    return changes or [_("No changes to the guideline approved for %(year)s.", year=approved.year)]


def _process(round_, today: date) -> list[str]:
    """The process in sentences whose tense follows the dates."""
    paragraphs = []
    decision = round_.current_decision(DecisionStep.DECISION)
    if decision:
        paragraphs.append(_("%(body)s decided on %(date)s (%(paragraph)s) to prepare the guideline and "
                            "authorised %(coordinator)s to prepare it.", body=decision.body_label,
                            date=format_date(decision.decided_on), paragraph=decision.minutes_paragraph,
                            coordinator=decision.authorised_coordinator))
    opens, closes = round_.wishes_opens_on, round_.wishes_closes_on
    if closes and opens:
        paragraphs.append(
            _("The associations' wishes are gathered from %(start)s to %(end)s.", start=format_date(opens),
              end=format_date(closes)) if closes >= today else
            _("The associations' wishes were gathered from %(start)s to %(end)s.", start=format_date(opens),
              end=format_date(closes)))
    elif closes:
        paragraphs.append(
            _("The associations' wishes are gathered until %(end)s.", end=format_date(closes)) if closes >= today
            else _("The associations' wishes were gathered until %(end)s.", end=format_date(closes)))
    review = round_.current_decision(DecisionStep.WELFARE_REVIEW)
    if review:
        paragraphs.append(_("The welfare group reviewed the draft on %(date)s.", date=format_date(review.decided_on)))
    if round_.evening_on:
        place = round_.evening_place or "–"
        if round_.evening_on >= today:
            paragraphs.append(_("The association evening will be held on %(date)s (%(place)s), and the "
                                "associations can also comment on the draft electronically.",
                                date=format_date(round_.evening_on), place=place))
        else:
            paragraphs.append(_("The association evening was held on %(date)s (%(place)s), and the associations "
                                "could also comment on the draft electronically.",
                                date=format_date(round_.evening_on), place=place))
    return paragraphs


def build_agenda(round_, today: date | None = None) -> AgendaItem:
    today = today or local_today()
    with force_locale(DOCUMENT_LANGUAGE):
        municipality = round_.municipality
        plan = agenda_plan(round_)
        approval = round_.current_decision(DecisionStep.APPROVAL)
        title_text = _("Approving the guideline for cooperation with associations for %(year)s", year=round_.year)

        body = approval.body_label if approval else (plan.body.name if plan else None)
        meeting_on = approval.decided_on if approval else (plan.meeting_on if plan else None)
        header = [body or _("The approving body"),
                  format_date(meeting_on) if meeting_on else _("meeting date not yet set"),
                  approval.minutes_paragraph if approval and approval.minutes_paragraph else "§"]

        attachments = [_("Guideline for cooperation with associations %(year)s (content hash %(hash)s)",
                         year=round_.year, hash=short(round_.content_hash or content_hash(round_)))]
        guideline_attachment = len(attachments)

        grounds = [_(
            "The guideline for cooperation with associations gathers the principles of cooperation between "
            "%(municipality)s and its associations: forms of cooperation, grants, premises, communication and "
            "the yearly schedule. It is revised every January.", municipality=municipality.name_fi)]
        grounds += _process(round_, today)
        summary = build_summary(round_, _PublicRecordReader(), with_threads=False)
        wishes = sum(c.wishes for c in summary.counts)
        comments = sum(c.comments for c in summary.counts)
        proposals = db.session.execute(
            sa.select(ChangeProposal.status, sa.func.count()).where(ChangeProposal.round_id == round_.id)
            .group_by(ChangeProposal.status)).all()
        total_proposals = sum(n for _s, n in proposals)
        accepted = sum(n for s, n in proposals if s in (ProposalStatus.ACCEPTED, ProposalStatus.ACCEPTED_WITH_EDITS))
        grounds.append(reach_sentence(summary.participation) + " " + _(
            "An association counts as reached when it has a representative in the service or a message to its "
            "own address was delivered."))
        grounds.append(_(
            "The associations gave %(wishes)s wishes, %(comments)s comments and %(proposals)s change proposals, "
            "of which %(accepted)s were accepted. The municipality's response to every comment and proposal is "
            "in the appendix of the guideline (attachment %(number)s).",
            wishes=wishes, comments=comments, proposals=total_proposals, accepted=accepted,
            number=guideline_attachment))

        proposal = _("%(body)s approves the guideline for cooperation with associations for %(year)s as in "
                     "attachment %(number)s.", body=body or _("The approving body"), year=round_.year,
                     number=guideline_attachment)
        if approval:
            decision = _("%(body)s approved the proposal on %(date)s (%(paragraph)s).", body=approval.body_label,
                         date=format_date(approval.decided_on), paragraph=approval.minutes_paragraph)
            if approval.outcome:
                decision += " " + approval.outcome
        else:
            decision = _("Filled in once the decision has been recorded.")
        headings = {"preparer": _("Prepared by"), "presenter": _("Presented by"), "grounds": _("Grounds"),
                    "changes": _("Main changes"), "proposal": _("Proposal"), "decision": _("Decision"),
                    "attachments": _("Attachments")}
        return AgendaItem(
            title=title_text, header=header,
            preparer=plan.preparer if plan else _default_preparer(round_),
            presenter=plan.presenter if plan else _("not yet named"),
            grounds=grounds, changes=_changes(round_), proposal=proposal, decision=decision,
            attachments=attachments, headings=headings)


def agenda_docx(round_) -> bytes:
    item = build_agenda(round_)
    h = item.headings
    with force_locale(DOCUMENT_LANGUAGE):
        document = Document()
        package.set_up(document)
        package.prepare(document, title=item.title, author=round_.municipality.name_fi, language="fi-FI",
                        moment=reference_moment(round_), subject=_("Draft decision"))
        parts = [wordml.paragraph(wordml.run(" ".join(item.header), ("strong",))),
                 wordml.paragraph(wordml.run(item.title), style="Heading1"),
                 wordml.paragraph(wordml.run(f"{h['preparer']}: ", ("strong",)) + wordml.run(item.preparer)),
                 wordml.paragraph(wordml.run(f"{h['presenter']}: ", ("strong",)) + wordml.run(item.presenter)),
                 wordml.paragraph(wordml.run(h["grounds"]), style="Heading2")]
        parts += [wordml.paragraph(wordml.run(text)) for text in item.grounds]
        parts.append(wordml.paragraph(wordml.run(h["changes"]), style="Heading2"))
        parts += [wordml.paragraph(wordml.run(change), style="ListBullet") for change in item.changes]
        parts.append(wordml.paragraph(wordml.run(h["proposal"]), style="Heading2"))
        parts.append(wordml.paragraph(wordml.run(item.proposal, ("strong",))))
        parts.append(wordml.paragraph(wordml.run(h["decision"]), style="Heading2"))
        parts.append(wordml.paragraph(wordml.run(item.decision)))
        parts.append(wordml.paragraph(wordml.run(h["attachments"]), style="Heading2"))
        parts += [wordml.paragraph(wordml.run(text)) for text in item.numbered_attachments()]
        package.append_body(document, "".join(parts))
        return package.save(document)
