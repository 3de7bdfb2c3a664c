"""An association's outcome report as a DOCX, built with python-docx in the
publishing feature's way, in the reader's language."""
from __future__ import annotations

from docx import Document
from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from ..publishing import package, wordml
from .queries import OutcomeReport, Place


def place_text(place: Place | None) -> str:
    if place is None:
        return ""
    if place.version is None:
        return place.chapter
    return _("%(chapter)s, version %(number)s", chapter=place.chapter, number=place.version)


def report_title(report: OutcomeReport) -> str:
    return _("What became of the input of %(association)s", association=report.association.name)


def outcome_filename(report: OutcomeReport) -> str:
    return f"palaute-{report.round.municipality.slug}-{report.round.year}-{report.association.id}.docx"


def outcome_docx(report: OutcomeReport) -> bytes:
    round_ = report.round
    document = Document()
    package.set_up(document)
    package.prepare(document, title=report_title(report), author=round_.municipality.name,
                    language=str(get_locale() or "fi").replace("_", "-"),
                    moment=(round_.approved_at or round_.opened_at).replace(microsecond=0),
                    subject=f"{round_.guideline.title} {round_.year}")
    parts = [wordml.paragraph(wordml.run(report_title(report)), style="Heading1"),
             wordml.paragraph(wordml.run(f"{round_.municipality.name}: {round_.guideline.title} {round_.year}"))]
    if not report.items:
        parts.append(wordml.paragraph(wordml.run(_("The association made no wishes, comments or proposals "
                                                   "in this round."))))
    for item in report.items:
        parts.append(wordml.paragraph(wordml.run(f"{item.kind}, {format_date(item.created_at)}"),
                                      style="Heading2"))
        lines = [(_("Section"), place_text(item.place)), (_("What was written"), item.text)]
        if item.recorded_at_evening:
            lines.append((_("Recorded"), _("at the association evening on the association's behalf")))
        if item.accepted_text:
            lines.append((_("As accepted"), item.accepted_text))
        if item.hidden_reason:
            lines.append((_("Hidden, the reason"), item.hidden_reason))
        lines.append((_("Disposition"), item.disposition))
        if item.response:
            lines.append((_("The municipality's response"), item.response))
        lines.append((_("Taken into account in"), place_text(item.taken_into) or _("Not in the text")))
        parts += [wordml.paragraph(wordml.run(f"{label}: ", ("strong",)) + wordml.run(value))
                  for label, value in lines]
    package.append_body(document, "".join(parts))
    return package.save(document)
