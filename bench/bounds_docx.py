"""The worst DOCX imports the limits allow, timed in one run (issue 12, finding 4).

For each hostile shape, the largest file the import accepts and the smallest
one it refuses: plain paragraphs, a table merged down one column, list
paragraphs over many numbering definitions, many styles, text split into
many differently formatted runs, the largest document part and the most text. Each must be imported in
under a second or refused at once with its message.

    .venv/bin/python bench/bounds_docx.py [--runs 3]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drafting import create_app
from drafting.publishing import importer
from drafting.publishing.importer import ImportRefused, read_guideline
from tests.publishing.test_import_bounds import (
    HEADING,
    docx_with,
    large_document_part,
    many_styles,
    merged_table,
    numbered_lists,
    paragraph,
    plain_paragraphs,
)

GOAL_SECONDS = 1.0
# The longest table merged down one column that every limit allows: each row
# is two cells of one paragraph each, below one heading.
MERGED_ROWS = min(importer.MAX_MERGED_CELLS, (importer.MAX_PARAGRAPHS - 1) // 2)


# Paragraphs in each section of the generated files: each section stays
# within the length of one saved section (documents.richtext.MAX_TEXT_LENGTH).
PARAGRAPHS_PER_SECTION = 40


def formatted_runs(runs: int) -> bytes:
    """Runs that alternate bold and italic, so none can be joined, 60 to a paragraph."""
    per_paragraph = 60
    headings = -(-(-(-runs // per_paragraph)) // PARAGRAPHS_PER_SECTION)  # one run each
    body_runs = runs - headings
    body = []
    for number, start in enumerate(range(0, body_runs, per_paragraph)):
        if number % PARAGRAPHS_PER_SECTION == 0:
            body.append(HEADING.format(f"Muotoilu {number // PARAGRAPHS_PER_SECTION + 1}"))
        pieces = "".join(f'<w:r><w:rPr><w:{"b" if n % 2 else "i"}/></w:rPr><w:t xml:space="preserve">s{n % 10} </w:t></w:r>'
                         for n in range(start, min(start + per_paragraph, body_runs)))
        body.append(f"<w:p>{pieces}</w:p>")
    return docx_with("".join(body))


def most_text(characters: int) -> bytes:
    """Paragraphs of plain words up to the text limit."""
    sentence = "Kunta ja yhdistykset sopivat yhteistyön muodoista, tiloista ja avustuksista. "
    per_paragraph = sentence * 12
    count = characters // (len(per_paragraph) + 7) - 1
    return docx_with("".join(
        (HEADING.format(f"Teksti {n // PARAGRAPHS_PER_SECTION + 1}") if n % PARAGRAPHS_PER_SECTION == 0 else "")
        + paragraph(per_paragraph.strip()) for n in range(count)))


SHAPES = [
    ("plain paragraphs", lambda: plain_paragraphs(importer.MAX_PARAGRAPHS),
     lambda: plain_paragraphs(importer.MAX_PARAGRAPHS + 1),
     f"{importer.MAX_PARAGRAPHS} paragraphs"),
    ("table merged down one column", lambda: merged_table(MERGED_ROWS),
     lambda: merged_table(importer.MAX_MERGED_CELLS + 1),
     f"{MERGED_ROWS} rows, {MERGED_ROWS} merged cells"),
    ("list paragraphs, many numberings",
     lambda: numbered_lists(importer.MAX_PARAGRAPHS, importer.MAX_NUMBERING_DEFINITIONS),
     lambda: numbered_lists(importer.MAX_PARAGRAPHS, importer.MAX_NUMBERING_DEFINITIONS + 1),
     f"{importer.MAX_PARAGRAPHS} list paragraphs × {importer.MAX_NUMBERING_DEFINITIONS} numberings"),
    ("styles", lambda: many_styles(importer.MAX_STYLES), lambda: many_styles(importer.MAX_STYLES + 1),
     f"{importer.MAX_STYLES} paragraph styles"),
    ("formatted runs", lambda: formatted_runs(importer.MAX_RUNS), lambda: formatted_runs(importer.MAX_RUNS + 1),
     f"{importer.MAX_RUNS} runs, bold and italic in turn"),
    ("document part of bookmarks", lambda: large_document_part(importer.MAX_XML_PART_BYTES - 4096),
     lambda: large_document_part(importer.MAX_XML_PART_BYTES + 4096),
     f"{importer.MAX_XML_PART_BYTES // 1024 // 1024} MB of XML"),
    ("most text", lambda: most_text(importer.MAX_TEXT_CHARACTERS),
     lambda: most_text(importer.MAX_TEXT_CHARACTERS + 20_000),
     f"about {importer.MAX_TEXT_CHARACTERS} characters"),
]


def timed(data: bytes, runs: int) -> tuple[float, float, str]:
    """Median wall-clock and CPU seconds of reading the file, and what came of it."""
    times, cpu_times, outcome = [], [], ""
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            result = read_guideline(data)
            outcome = f"imported: {len(result.sections)} section(s), {sum(len(s.text) for s in result.sections)} " \
                      f"characters of HTML"
        except ImportRefused as refused:
            outcome = f"refused: {refused.message}"
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    return statistics.median(times), statistics.median(cpu_times), outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bounds-docx-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir}/bench.sqlite", "SECRET_KEY": "bench",
                      "BABEL_DEFAULT_LOCALE": "en"})
    worst = worst_cpu = 0.0
    with app.test_request_context():
        print(f"time budget of one import: {importer.IMPORT_SECONDS:.0f} s; goal: under {GOAL_SECONDS:.1f} s each")
        print(f"{'shape':<34} {'file':<46} {'KiB':>6} {'seconds':>8} {'CPU s':>6}  outcome")
        for name, at_limit, over_limit, described in SHAPES:
            for label, make in (("at the limit: " + described, at_limit), ("one over the limit", over_limit)):
                data = make()
                seconds, cpu_seconds, outcome = timed(data, args.runs)
                worst, worst_cpu = max(worst, seconds), max(worst_cpu, cpu_seconds)
                print(f"{name:<34} {label:<46} {len(data) // 1024:>6} {seconds:>8.3f} {cpu_seconds:>6.3f}  {outcome}")
                name = ""
    load = os.getloadavg()[0]
    print(f"slowest: {worst:.3f} s of wall clock -> {'met' if worst < GOAL_SECONDS else 'NOT met'}; "
          f"{worst_cpu:.3f} s of CPU -> {'met' if worst_cpu < GOAL_SECONDS else 'NOT met'} "
          f"(load average {load:.1f} on {os.cpu_count()} cores: the wall clock counts the waits for a core too)")


if __name__ == "__main__":
    main()
