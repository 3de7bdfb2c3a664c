"""PostgreSQL stopped and started under load: requests during the outage get a
friendly 503, no partial write remains, and the service recovers by itself.

    .venv/bin/python bench/db_outage.py [--clients 10] [--outage 6]

Needs the right to stop and start the local cluster (pg_ctlcluster, as on
this machine's PostgreSQL). A fresh database is created and dropped.
"""
from __future__ import annotations

import argparse
import collections
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def cluster(action: str) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action], check=True)


def main() -> None:
    import requests
    import sqlalchemy as sa
    from evening_load import PASSWORD, free_port, prepare

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--outage", type=float, default=6.0)
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    server = sa.engine.make_url(args.database_url)
    name = f"drafting_outage_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    world = prepare(url, args.clients)
    port = free_port()
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--workers", "3", "--threads", "4", "--worker-class", "gthread",
         "--bind", f"127.0.0.1:{port}", "--log-level", "error", "wsgi:app"], cwd=ROOT,
        stderr=open(os.environ.get("OUTAGE_LOG", os.devnull), "w"),
        env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": uuid.uuid4().hex, "PROXY_COUNT": "1",
             "RATE_LIMITS_ENABLED": "0"})
    base = f"http://127.0.0.1:{port}"
    phase = {"name": "before"}
    statuses: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    saved: list[int] = []
    stop = threading.Event()
    token = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')

    def client(email: str) -> None:
        session = requests.Session()
        session.headers["X-Forwarded-For"] = f"10.9.{len(email)}.{hash(email) % 250}"
        page = session.get(base + "/login", timeout=10).text
        session.post(base + "/login", data={"csrf_token": token.search(page).group(1), "email": email,
                                            "password": PASSWORD}, timeout=10)
        section = world["sections"][hash(email) % len(world["sections"])]
        while not stop.is_set():
            try:
                response = session.get(f"{base}/rounds/{world['round_id']}/sections/{section}", timeout=10)
                statuses[phase["name"]][response.status_code] += 1
                match = token.search(response.text)
                if response.status_code != 200 or not match:
                    time.sleep(0.2)
                    continue
                posted = session.post(
                    f"{base}/rounds/{world['round_id']}/sections/{section}/comments", allow_redirects=False,
                    data={"csrf_token": match.group(1), "association_id": str(world["associations"][email]),
                          "text": f"Kommentti {uuid.uuid4().hex[:8]}"}, timeout=10)
                statuses[phase["name"]][posted.status_code] += 1
                if posted.status_code == 302 and "/comments/" in posted.headers.get("Location", ""):
                    saved.append(int(posted.headers["Location"].split("/")[-1].split("#")[0]))
            except requests.RequestException as error:
                statuses[phase["name"]][type(error).__name__] += 1
            time.sleep(0.1)

    try:
        for _ in range(100):
            try:
                requests.get(base + "/login", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.1)
        threads = [threading.Thread(target=client, args=(email,), daemon=True)
                   for email in sorted(world["associations"])[:args.clients]]
        for thread in threads:
            thread.start()
        time.sleep(4)
        phase["name"] = "outage"
        cluster("stop")
        time.sleep(args.outage)
        cluster("start")
        phase["name"] = "recovering"
        time.sleep(3)
        phase["name"] = "after"
        time.sleep(5)
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            stored = {row[0] for row in connection.execute(sa.text("SELECT id FROM comments"))}
            partial = connection.execute(sa.text(
                "SELECT count(*) FROM comments WHERE id NOT IN (SELECT object_id FROM audit_events "
                "WHERE action = 'post_comment')")).scalar()
        engine.dispose()
        for name_ in ("before", "outage", "recovering", "after"):
            print(f"{name_:<11} {dict(statuses[name_])}")
        server_errors = sum(count for counter in statuses.values() for status, count in counter.items()
                            if isinstance(status, int) and status >= 500 and status != 503)
        print(f"comments the clients were told were saved: {len(saved)}; in the database: {len(stored)}; "
              f"lost: {len(set(saved) - stored)}; partial writes (a comment without its audit row): {partial}; "
              f"saved while the connection broke before the answer: {len(stored - set(saved))}")
        recovered = statuses["after"].get(200, 0) > 0 and not any(
            isinstance(s, int) and s >= 500 for s in statuses["after"])
        print(f"5xx other than 503: {server_errors}; 503 during the outage: {statuses['outage'].get(503, 0)}; "
              f"recovered by itself: {'yes' if recovered else 'NO'}")
    finally:
        stop.set()
        gunicorn.terminate()
        gunicorn.wait(timeout=20)
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
