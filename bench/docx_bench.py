"""The council's DOCX of a large consultation: 13 sections of about 460 words
and 2,000 comments with responses. Prints our generation time next to pandoc
converting the same content from Markdown, measured in one run.

    .venv/bin/python bench/docx_bench.py [--comments 2000] [--runs 5]

pandoc comes from Debian (apt-get install pandoc); the benchmark says so if
it is missing. The database is a temporary SQLite file filled with bulk inserts.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa

from drafting import create_app
from drafting.associations.models import Association
from drafting.auth.models import StaffRole, StaffRoleKind, User
from drafting.comments.models import Comment, CommentKind, CommentResponse, Disposition
from drafting.core import utcnow
from drafting.documents.models import SectionVersion, VersionOrigin
from drafting.documents.queries import sections_with_text
from drafting.documents.richtext import plain_text
from drafting.extensions import db
from drafting.municipalities.operations import create_municipality
from drafting.publishing.guideline import build_docx
from drafting.workflow import operations as workflow
from drafting.workflow.models import RoundState

WORDS = ("kunta yhdistys järjestö avustus toimitila yhteistyö hyvinvointi ilta vuosikello koordinaattori "
         "hakemus päätös valtuusto lautakunta tiedottaminen kumppanuus vapaaehtoinen seura kylätalo").split()


def text_of(rng: random.Random, words: int) -> str:
    paragraphs, written = [], 0
    while written < words:
        length = min(rng.randint(40, 90), words - written)
        paragraphs.append("<p>" + " ".join(rng.choice(WORDS) for _ in range(length)) + ".</p>")
        written += length
    paragraphs.insert(2, "<ul><li>" + "</li><li>".join(" ".join(rng.sample(WORDS, 5)) for _ in range(4))
                      + "</li></ul>")
    return "".join(paragraphs)


def build(comments: int, rng: random.Random) -> int:
    municipality = create_municipality(slug="penkki", name_fi="Penkkikunta")
    coordinator = User(email="k@penkki.fi", name="Koordinaattori", password_hash="x")
    db.session.add(coordinator)
    db.session.flush()
    db.session.add(StaffRole(user_id=coordinator.id, municipality_id=municipality.id, kind=StaffRoleKind.COORDINATOR))
    associations = [Association(municipality_id=municipality.id, name=f"Yhdistys {n} ry") for n in range(40)]
    db.session.add_all(associations)
    db.session.commit()
    db.session.expire_all()
    round_ = workflow.open_round_from_outline(municipality.guideline, coordinator, outline_key="document_model",
                                              year=2026)
    db.session.flush()
    for section in round_.sections:
        section.current_number = 1
        db.session.add(SectionVersion(section_id=section.id, number=1, text=text_of(rng, 460),
                                      author_id=coordinator.id, origin=VersionOrigin.EDIT))
    round_.state = RoundState.ASSOCIATION_EVENING
    db.session.commit()
    now = utcnow()
    db.session.execute(sa.insert(Comment), [
        {"round_id": round_.id, "section_id": round_.sections[n % 13].id, "kind": CommentKind.COMMENT,
         "internal": False, "author_id": coordinator.id, "association_id": associations[n % 40].id,
         "recorded_at_evening": False, "text": "<p>" + " ".join(rng.choice(WORDS) for _ in range(30)) + "</p>",
         "created_at": now}
        for n in range(comments)
    ])
    ids = db.session.scalars(sa.select(Comment.id)).all()
    db.session.execute(sa.insert(CommentResponse), [
        {"comment_id": comment_id, "disposition": Disposition.NOTED, "text": "Kiitos, asia on huomioitu.",
         "author_id": coordinator.id, "created_at": now}
        for comment_id in ids
    ])
    db.session.commit()
    return round_.id


def markdown_of(round_) -> str:
    lines = [f"# {round_.guideline.title} {round_.year}", ""]
    for index, (section, version) in enumerate(sections_with_text(round_), start=1):
        lines += [f"# {index} {section.heading}", "", plain_text(version.text).replace("\n", "\n\n"), ""]
    lines += ["# Liite 2", "", "| Nro | Kirjoittaja | Sisältö | Vastine |", "|---|---|---|---|"]
    for comment in db.session.scalars(sa.select(Comment).order_by(Comment.id)):
        lines.append(f"| {comment.id} | {comment.association_id} | {plain_text(comment.text)} | Kiitos |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="docx-bench-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir}/bench.sqlite", "SECRET_KEY": "bench"})
    rng = random.Random(2026)
    with app.app_context():
        db.create_all()
        round_id = build(args.comments, rng)
    with app.test_request_context():
        from drafting.workflow.models import DraftingRound

        round_ = db.session.get(DraftingRound, round_id)
        build_docx(round_)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            data = build_docx(round_)
            times.append(time.perf_counter() - started)
        ours = statistics.median(times)
        markdown = workdir / "ohje.md"
        markdown.write_text(markdown_of(round_), encoding="utf-8")
    print(f"document: 13 sections of about 460 words, {args.comments} comments with responses; "
          f"{len(data) // 1024} KiB")
    print(f"{'generator':<44} {'seconds':>8} {'× ours':>8}")
    print(f"{'ours (python-docx package, body as WordprocessingML)':<44} {ours:>8.3f} {1:>8.2f}")
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("pandoc is not installed (apt-get install pandoc): no comparison")
        return
    pandoc_times = []
    for _ in range(max(1, args.runs // 2)):
        started = time.perf_counter()
        subprocess.run([pandoc, str(markdown), "-o", str(workdir / "pandoc.docx")], check=True)
        pandoc_times.append(time.perf_counter() - started)
    theirs = statistics.median(pandoc_times)
    print(f"{'pandoc, the same content from Markdown':<44} {theirs:>8.3f} {theirs / ours:>8.2f}")
    print(f"goal: at most 0.5 s -> {'met' if ours <= 0.5 else 'NOT met'}; at least 8× faster than pandoc -> "
          f"{'met' if theirs / ours >= 8 else 'NOT met'} ({theirs / ours:.1f}×)")


if __name__ == "__main__":
    main()
