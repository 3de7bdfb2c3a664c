"""A section with 5,000 comments next to one with 5: the section page's time
and query count, measured in one run: the page drawn with every piece drawn,
the page drawn with the shared pieces kept, and a revalidation with its ETag
(304). The run fails if the busy section's page makes more queries than the
quiet one's, or a revalidation more than one.

    .venv/bin/python bench/comments_bench.py [--database-url URL] [--comments 5000] [--runs 20]

Without --database-url a temporary SQLite database is used. The database is
filled with bulk inserts, then each page is requested through the WSGI app
(no network), the first request discarded, the median of the rest reported.
Queries are counted on every connection, the freshness check's own included.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from sqlalchemy import event

from drafting import create_app
from drafting.associations.models import Association, Membership
from drafting.auth.models import StaffRole, StaffRoleKind, User
from drafting.auth.passwords import hash_password
from drafting.comments.models import Comment, CommentKind, CommentResponse, Disposition
from drafting.comments.queries import PAGE_SIZE
from drafting.core import utcnow
from drafting.extensions import db
from drafting.municipalities.operations import create_municipality
from drafting.workflow import operations as workflow
from drafting.workflow.models import RoundState

PASSWORD = "bench-salasana-2026"
QUIET = 5


def build(comments: int):
    municipality = create_municipality(slug="penkki", name_fi="Penkkikunta")
    coordinator = User(email="k@penkki.fi", name="Koordinaattori", password_hash=hash_password(PASSWORD))
    db.session.add(coordinator)
    db.session.flush()
    db.session.add(StaffRole(user_id=coordinator.id, municipality_id=municipality.id,
                             kind=StaffRoleKind.COORDINATOR))
    associations = [Association(municipality_id=municipality.id, name=f"Yhdistys {n} ry") for n in range(20)]
    db.session.add_all(associations)
    people = [User(email=f"e{n}@penkki.fi", name=f"Edustaja {n}", password_hash="x") for n in range(40)]
    db.session.add_all(people)
    db.session.flush()
    db.session.add_all(Membership(user_id=p.id, association_id=associations[n % 20].id)
                       for n, p in enumerate(people))
    db.session.commit()
    db.session.expire_all()
    round_ = workflow.open_round_from_outline(municipality.guideline, coordinator,
                                              outline_key="document_model", year=2026)
    round_.state = RoundState.ASSOCIATION_EVENING
    db.session.commit()
    busy, quiet, full = round_.sections[0], round_.sections[1], round_.sections[2]
    now = utcnow()
    for section, count in ((busy, comments), (quiet, QUIET), (full, PAGE_SIZE)):
        rows = [
            {"round_id": round_.id, "section_id": section.id, "kind": CommentKind.COMMENT, "internal": False,
             "author_id": people[n % 40].id, "association_id": associations[n % 20].id,
             "recorded_at_evening": False, "text": f"<p>Kommentti {n} osiosta.</p>", "created_at": now}
            for n in range(count)
        ]
        db.session.execute(sa.insert(Comment), rows)
        roots = db.session.scalars(sa.select(Comment.id).where(Comment.section_id == section.id)).all()
        db.session.execute(sa.insert(Comment), [
            {"round_id": round_.id, "section_id": section.id, "parent_id": root, "root_id": root,
             "kind": CommentKind.COMMENT, "internal": False, "author_id": coordinator.id,
             "recorded_at_evening": False, "text": "<p>Vastaus.</p>", "created_at": now}
            for root in roots
        ])
        db.session.execute(sa.insert(CommentResponse), [
            {"comment_id": root, "disposition": Disposition.NOTED, "text": "Kiitos", "author_id": coordinator.id,
             "created_at": now}
            for root in roots[::2]
        ])
    db.session.commit()
    return round_.id, busy.id, quiet.id, full.id


def measure(app, client, url: str, runs: int, *, pieces: bool = True,
            revalidate: bool = False) -> tuple[float, int]:
    queries = []

    def count(*_args):
        queries.append(1)

    app.config["PIECE_CACHE_ENABLED"] = pieces
    first = client.get(url)
    headers = {"If-None-Match": first.headers["ETag"]} if revalidate else {}
    times = []
    for _ in range(runs):
        queries.clear()
        event.listen(sa.engine.Engine, "before_cursor_execute", count)
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append(time.perf_counter() - started)
        event.remove(sa.engine.Engine, "before_cursor_execute", count)
        assert response.status_code == (304 if revalidate else 200), response.status_code
    app.config["PIECE_CACHE_ENABLED"] = True
    return statistics.median(times), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="comments-bench-")
    url = args.database_url or f"sqlite:///{workdir}/bench.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        round_id, busy, quiet, full = build(args.comments)
    client = app.test_client()
    client.post("/login", data={"email": "k@penkki.fi", "password": PASSWORD})
    with app.app_context():
        sections = ((f"section with {args.comments} comments (+ replies)", busy),
                    (f"section with {PAGE_SIZE} comments, one full page", full),
                    (f"section with {QUIET} comments (+ replies)", quiet))
        results = [(name, *measure(app, client, f"/rounds/{round_id}/sections/{section}", args.runs,
                                   pieces=False)) for name, section in sections]
        kept = [(name, *measure(app, client, f"/rounds/{round_id}/sections/{section}", args.runs))
                for name, section in sections]
        revalidated = [(name, *measure(app, client, f"/rounds/{round_id}/sections/{section}", args.runs,
                                       revalidate=True)) for name, section in sections]
    print(f"database: {sa.engine.make_url(url).get_backend_name()}, median of {args.runs} requests")
    for title, rows in (("drawn, every piece drawn", results), ("drawn, shared pieces kept", kept),
                        ("revalidated with its ETag (304)", revalidated)):
        print(f"\n{title}\n{'page':<45} {'time (ms)':>10} {'queries':>8}")
        for name, seconds, queries in rows:
            print(f"{name:<45} {seconds * 1000:>10.1f} {queries:>8}")
    print("\n(drawn, every piece drawn)")
    print(f"time ratio {args.comments} comments / one full page: {results[0][1] / results[1][1]:.2f}")
    print(f"time ratio {args.comments} comments / {QUIET} comments:    {results[0][1] / results[2][1]:.2f}")
    with app.app_context():
        db.drop_all()
    growing = [f"{title}: {rows[0][2]} queries at {args.comments:,} comments, {rows[2][2]} at {QUIET}"
               for title, rows in (("drawn", results), ("pieces kept", kept), ("304", revalidated))
               if rows[0][2] > rows[2][2]]
    not_one = [f"{name}: {queries}" for name, _seconds, queries in revalidated if queries != 1]
    if growing or not_one:
        raise SystemExit("FAILED: " + "; ".join(growing + (["a 304 is not one query: " + ", ".join(not_one)]
                                                          if not_one else [])))
    print(f"query counts flat from {QUIET} to {args.comments:,} comments; a 304 is one query: yes")


if __name__ == "__main__":
    main()
