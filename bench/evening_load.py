"""The association evening under load: 200 people reading sections and posting
comments and proposals for 60 seconds, against gunicorn and PostgreSQL on
this machine. Prints requests, errors and latency percentiles, and checks
that the database holds exactly the comments the clients were told were saved.

    .venv/bin/python bench/evening_load.py [--users 200] [--seconds 60] [--workers 5]
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres]

A fresh database is created on the server and dropped afterwards. Locust
(pip install '.[bench]') drives the clients; each client comes from an
address of its own (X-Forwarded-For behind PROXY_COUNT=1), as people at an
evening do, so the per-address login limit applies per person.
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "ilta-kuormitus-salasana-2026"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(url: str, users: int) -> dict:
    """Schema and an evening: a municipality, its associations, people and a round."""

    from drafting import create_app
    from drafting.associations.models import Association, Membership
    from drafting.auth.models import StaffRole, StaffRoleKind, User
    from drafting.auth.passwords import hash_password
    from drafting.documents.models import SectionVersion, VersionOrigin
    from drafting.extensions import db
    from drafting.municipalities.operations import create_municipality
    from drafting.workflow import operations as workflow
    from drafting.workflow.models import RoundState

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "load"})
    with app.app_context():
        db.create_all()
        municipality = create_municipality(slug="iltakunta", name_fi="Iltakunta")
        password = hash_password(PASSWORD)
        coordinator = User(email="koordinaattori@iltakunta.fi", name="Koordinaattori", password_hash=password)
        db.session.add(coordinator)
        db.session.flush()
        db.session.add(StaffRole(user_id=coordinator.id, municipality_id=municipality.id,
                                 kind=StaffRoleKind.COORDINATOR))
        associations = [Association(municipality_id=municipality.id, name=f"Yhdistys {n} ry") for n in range(40)]
        db.session.add_all(associations)
        people = [User(email=f"edustaja{n}@iltakunta.fi", name=f"Edustaja {n}", password_hash=password)
                  for n in range(users)]
        db.session.add_all(people)
        db.session.flush()
        db.session.add_all(Membership(user_id=p.id, association_id=associations[n % 40].id)
                           for n, p in enumerate(people))
        db.session.commit()
        db.session.expire_all()
        round_ = workflow.open_round_from_outline(municipality.guideline, coordinator,
                                                  outline_key="document_model", year=2026)
        db.session.flush()
        for section in round_.sections:
            section.current_number = 1
            db.session.add(SectionVersion(
                section_id=section.id, number=1, author_id=coordinator.id, origin=VersionOrigin.EDIT,
                text="<p>" + " ".join(["Kunta ja yhdistykset tekevät yhteistyötä."] * 40) + "</p>"))
        round_.state = RoundState.ASSOCIATION_EVENING
        db.session.commit()
        return {"round_id": round_.id, "sections": [s.id for s in round_.sections],
                "associations": {p.email: associations[n % 40].id for n, p in enumerate(people)}}


def warm_up(base: str, world: dict, requests: int) -> None:
    """A server at an evening has been running: every worker has loaded its
    templates and opened its connections before the first person arrives."""
    import urllib.request

    for _ in range(requests):
        for path in ("/login", "/m/iltakunta/associations"):
            urllib.request.urlopen(base + path, timeout=30).read()


def run_load(base: str, world: dict, users: int, seconds: int, think: tuple[int, int]) -> tuple[dict, list[int]]:
    import gevent
    from locust import HttpUser, between, task
    from locust.env import Environment

    saved: list[int] = []
    emails = iter(sorted(world["associations"]))
    token = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
    submission = re.compile(r'name="submission_token" type="hidden" value="(\w+)"')

    class Representative(HttpUser):
        host = base
        wait_time = between(think[0], think[1])

        def on_start(self):
            self.email = next(emails)
            self.address = f"10.{len(saved) % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
            self.client.headers["X-Forwarded-For"] = self.address
            page = self.client.get("/login", name="/login").text
            self.client.post("/login", name="/login [POST]", allow_redirects=False,
                             data={"csrf_token": token.search(page).group(1), "email": self.email,
                                   "password": PASSWORD})

        def section(self) -> int:
            import random

            return random.choice(world["sections"])

        @task(4)
        def read_section(self):
            self.client.get(f"/rounds/{world['round_id']}/sections/{self.section()}", name="/rounds/[id]/sections/[id]")

        @task(2)
        def read_round(self):
            self.client.get(f"/rounds/{world['round_id']}", name="/rounds/[id]")

        @task(2)
        def comment(self):
            section = self.section()
            page = self.client.get(f"/rounds/{world['round_id']}/sections/{section}",
                                   name="/rounds/[id]/sections/[id]").text
            response = self.client.post(
                f"/rounds/{world['round_id']}/sections/{section}/comments", name="/comments [POST]",
                allow_redirects=False,
                data={"csrf_token": token.search(page).group(1), "submission_token": submission.search(page).group(1),
                      "association_id": str(world["associations"][self.email]),
                      "text": f"Kommentti {uuid.uuid4().hex[:8]} yhdistykseltä."})
            if response.status_code == 302 and "/comments/" in response.headers.get("Location", ""):
                saved.append(int(response.headers["Location"].rstrip("/").split("/")[-1].split("#")[0]))
            elif response.status_code not in (302, 429):
                response.failure(f"comment not saved: {response.status_code}")

        @task(1)
        def propose(self):
            section = self.section()
            url = f"/rounds/{world['round_id']}/sections/{section}/proposals/new"
            page = self.client.get(url, name="/proposals/new").text
            base = re.search(r'name="base_number" type="hidden" value="(\d+)"', page).group(1)
            text = re.search(r'<textarea id="text"[^>]*>(.*?)</textarea>', page, re.S).group(1)
            self.client.post(url, name="/proposals/new [POST]", allow_redirects=False, data={
                "csrf_token": token.search(page).group(1), "submission_token": submission.search(page).group(1),
                "base_number": base, "association_id": str(world["associations"][self.email]),
                "text": text.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"') + " Lisäys.",
                "rationale": "Tarkennus"})

    environment = Environment(user_classes=[Representative])
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=max(2, users // 20))  # people arrive over about 20 seconds
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    stats = environment.stats.total
    return {
        "requests": stats.num_requests,
        "failures": stats.num_failures,
        "p50": stats.get_response_time_percentile(0.50),
        "p95": stats.get_response_time_percentile(0.95),
        "p99": stats.get_response_time_percentile(0.99),
        "rps": stats.total_rps,
        "errors": {str(error.error)[:120]: error.occurrences for error in environment.stats.errors.values()},
        "by_name": {name: (entry.num_requests, entry.num_failures, entry.get_response_time_percentile(0.95))
                    for (name, _method), entry in environment.stats.entries.items()},
    }, saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--think-min", type=int, default=5, help="Seconds a person reads before the next action.")
    parser.add_argument("--think-max", type=int, default=15)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()

    import sqlalchemy as sa

    from drafting.config import normalise_database_url

    server = sa.engine.make_url(normalise_database_url(args.database_url))
    name = f"drafting_load_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    gunicorn = None
    try:
        world = prepare(url, args.users)
        port = free_port()
        environment = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "load-" + uuid.uuid4().hex,
                       "PROXY_COUNT": "1", "DRAFTING_ENV": "development"}
        gunicorn = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "--workers", str(args.workers), "--threads", str(args.threads),
             "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
             # longer than a person's pause, as a reverse proxy keeps its connections: with gunicorn's
             # 2 s a client may send on a connection the server is just closing
             "--keep-alive", str(args.think_max + 5), "wsgi:app"],
            cwd=ROOT, env=environment)
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        warm_up(base, world, args.workers * args.threads * 3)
        result, saved = run_load(base, world, args.users, args.seconds, (args.think_min, args.think_max))
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            stored = {row[0] for row in connection.execute(sa.text(
                "SELECT id FROM comments WHERE author_id IN (SELECT id FROM users WHERE email LIKE 'edustaja%')"))}
        engine.dispose()
        print(f"{args.users} users for {args.seconds} s, {args.think_min}–{args.think_max} s between actions, "
              f"against gunicorn ({args.workers} workers × {args.threads} threads) and PostgreSQL")
        print(f"requests {result['requests']}, errors {result['failures']}, {result['rps']:.1f} requests/s")
        print(f"latency p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms, p99 {result['p99']:.0f} ms")
        for request_name, (count, failures, p95) in sorted(result["by_name"].items()):
            print(f"  {request_name:<34} {count:>6} requests {failures:>4} errors  p95 {p95:.0f} ms")
        for error, count in sorted(result["errors"].items(), key=lambda item: -item[1])[:5]:
            print(f"  error ×{count}: {error}")
        lost = set(saved) - stored
        unexpected = stored - set(saved)
        print(f"comments the clients were told were saved: {len(saved)}; in the database: {len(stored)}; "
              f"lost: {len(lost)}; saved without telling: {len(unexpected)}")
        goals = result["failures"] == 0 and not lost and result["p95"] < 250
        print("goal (0 errors, 0 lost comments, p95 < 250 ms):", "met" if goals else "NOT met")
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=20)
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    from gevent import monkey

    monkey.patch_all()
    main()
