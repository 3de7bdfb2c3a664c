"""The benchmark suite, in one run, printed as tables:

  1. queries and time of the main pages as the current round grows from 5 to
     5,000 comments and the history from 1 to 10 years (pages that show a
     bounded amount must stay flat);
  2. throughput of the main pages under gunicorn as a ratio to a bare Flask
     page served by the same workers in the same run (goal: the busy section
     page revalidated at least 40 % of the bare page): each page drawn with
     every piece drawn, drawn with the shared pieces kept, and revalidated
     with its ETag (304) by the person who holds it; and the busy section
     page read by many people in turn, each with their own session and ETag;
  3. the final DOCX, the tracked-changes DOCX and the whole-document comparison;
  4. peak memory of a worker while serving and while generating the DOCX;
  5. one session across two servers on one database (nothing is kept on a
     server that the other would need).

    .venv/bin/python bench/suite.py [--database-url URL] [--workers 2] [--seconds 5]

Without --database-url a temporary SQLite file is used; with a PostgreSQL
server URL a fresh database is created on it and dropped afterwards.
wrk (Debian package wrk) measures the throughput.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import sqlalchemy as sa
from dataset import build

SCALES = [(1, 5), (10, 5), (10, 50), (10, 500), (10, 5000)]


def pages(world: dict) -> dict[str, str]:
    r = world["current_round"]
    return {
        "round page": f"/rounds/{r}",
        "busy section page": f"/rounds/{r}/sections/{world['busy_section']}",
        "consultation summary": f"/rounds/{r}/summary",
        "published guideline": f"/m/{world['slug']}/guideline",
        "comments on the whole document": f"/rounds/{r}/comments",
        "front page (dashboard)": "/",
    }


def client_for(app, email: str, password: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    client.post("/login", data={"email": email, "password": password,
                                "csrf_token": token.group(1) if token else ""})
    return client


def measure(app, client, url: str, runs: int = 7) -> tuple[float, int]:
    from sqlalchemy import event

    from drafting.extensions import db

    with app.app_context():
        engine = db.engine
    counted = []
    listener = lambda *args: counted.append(1)
    client.get(url)
    times = []
    for _ in range(runs):
        counted.clear()
        event.listen(engine, "before_cursor_execute", listener)
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        event.remove(engine, "before_cursor_execute", listener)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000, len(counted)


def scaling(url: str) -> None:
    from drafting import create_app

    print("\n1. Time (ms) and queries of each page as the round and its history grow (pages drawn, every piece drawn)")
    results = {}
    for years, comments in SCALES:
        world = build(url, years=years, comments=comments, proposals=max(1, comments // 10))
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "suite", "RATE_LIMITS_ENABLED": False,
                          "PIECE_CACHE_ENABLED": False})
        client = client_for(app, world["coordinator"], world["password"])
        for name, path in pages(world).items():
            results[(name, years, comments)] = measure(app, client, path)
        with app.app_context():
            from drafting.extensions import db

            db.engine.dispose()
    header = "".join(f"{f'{y} y, {c} c':>17}" for y, c in SCALES)
    print(f"{'page':<32}{header}")
    for name in pages({"current_round": 0, "busy_section": 0, "slug": ""}):
        cells = "".join(f"{results[(name, y, c)][0]:>9.1f} ms {results[(name, y, c)][1]:>3}q" for y, c in SCALES)
        print(f"{name:<32}{cells}")
    print("(y = years of approved history, c = comments and replies in the current round; "
          "proposals are a tenth of the comments)")


def next_reader(url: str, readers: int = 9) -> None:
    """The section page and the round page drawn for one more representative:
    with the pieces off everything is drawn; with them on, the pieces come from
    store when someone has drawn them since they last changed (a section's
    threads, proposals and history change with that section, the steps of the
    round with any change), also when a comment has just been written on
    another section."""
    from drafting import create_app
    from drafting.auth.models import User
    from drafting.comments.operations import post_comment
    from drafting.documents.models import Section
    from drafting.extensions import db

    world = build(url)
    paths = {name: pages(world)[name] for name in ("busy section page", "round page")}
    cases = (("every piece drawn", False, False), ("pieces from store", True, False),
             ("a comment elsewhere before", True, True))
    print(f"\n1b. Pages drawn for the next representative (in-process, median of {readers} people)")
    print(f"{'page':<32}" + "".join(f"{label:>28}" for label, _store, _comment in cases))
    results: dict[tuple[str, str], float] = {}
    for label, store, comment_elsewhere in cases:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "suite", "RATE_LIMITS_ENABLED": False,
                          "PIECE_CACHE_ENABLED": store})
        first = client_for(app, "edustaja0@suurkunta.fi", world["password"])
        times: dict[str, list[float]] = {name: [] for name in paths}
        for n in range(1, readers + 1):
            client = client_for(app, f"edustaja{n}@suurkunta.fi", world["password"])
            client.get("/")  # the login's message
            for name, path in paths.items():
                first.get(path)  # someone else draws the page first
                if comment_elsewhere:
                    with app.test_request_context():
                        writer = db.session.scalar(sa.select(User).where(User.email == "edustaja0@suurkunta.fi"))
                        quiet = db.session.get(Section, world["quiet_section"])
                        post_comment(quiet.round, writer, text="Toisaalla", section=quiet,
                                     association_id=writer.memberships[0].association_id)
                        db.session.commit()
                started = time.perf_counter()
                assert client.get(path).status_code == 200
                times[name].append(time.perf_counter() - started)
        for name in paths:
            results[(name, label)] = statistics.median(times[name]) * 1000
        with app.app_context():
            db.engine.dispose()
    for name in paths:
        print(f"{name:<32}" + "".join(f"{results[(name, label)]:>25.1f} ms" for label, _s, _c in cases))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(module: str, workers: int, environment: dict) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "--workers", str(workers), "--bind",
                                f"127.0.0.1:{port}", "--log-level", "warning", module],
                               cwd=ROOT if module == "wsgi:app" else ROOT / "bench", env=environment)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{module} did not start")


# One browser: the same User-Agent logs in and then asks for the pages.
USER_AGENT = "Ohjeverstas-bench/1.0"


PEOPLE = 40

IN_TURN = """
cookies = {%s}
etags = {%s}
counter = 0
request = function()
  counter = counter + 1
  local n = counter %% #cookies + 1
  local headers = {["Cookie"] = "session=" .. cookies[n], ["User-Agent"] = "%s"}
  if etags[n] ~= "" then headers["If-None-Match"] = etags[n] end
  return wrk.format("GET", nil, headers)
end
"""


def wrk(url: str, seconds: int, cookie: str | None = None, cookies: list[str] | None = None,
        etag: str | None = None, etags: list[str] | None = None) -> float:
    """Requests a second; with an ETag (or one per session) each request is a
    revalidation, answered 304 while nothing changed."""
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", f"User-Agent: {USER_AGENT}", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: session={cookie}"]
    if etag:
        command[1:1] = ["-H", f"If-None-Match: {etag}"]
    script = None
    if cookies:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        quoted = ", ".join("'" + tag + "'" for tag in (etags or [""] * len(cookies)))
        script.write(IN_TURN % (", ".join(f'"{c}"' for c in cookies), quoted, USER_AGENT))
        script.close()
        command[1:1] = ["-s", script.name]
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        if script:
            os.unlink(script.name)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    assert not non_2xx, output
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def worker_peak_kib(master: subprocess.Popen) -> int:
    peaks = []
    for child in Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)))
    return max(peaks)


def logged_in(base: str, email: str, password: str):
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    page = session.get(base + "/login").text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    answer = session.post(base + "/login", data={"csrf_token": token, "email": email, "password": password})
    assert answer.ok and session.cookies.get("session"), (email, answer.status_code)
    return session


def two_servers(first: str, second: str, person, path: str) -> str:
    """One person's session across two servers on the same database, as
    behind a load balancer: logged in on the first, writing on the second,
    and the first counts the comment at once (the ETag it held is stale)."""
    def discussion(server: str) -> int:
        page = person.get(server + path).text
        return int(re.search(r'id="discussion-heading">[^<]*\((\d+)\)', page).group(1))

    person.get(first + path)
    before = discussion(first)
    page = person.get(second + path)
    assert page.status_code == 200, ("the second server did not take the first one's session", page.status_code)
    csrf = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page.text).group(1)
    submission = re.search(r'name="submission_token" type="hidden" value="(\w+)"', page.text).group(1)
    association = re.search(r'name="association_id"[^>]*>\s*<option[^>]*value="(\d+)"', page.text).group(1)
    sent = person.post(second + path + "/comments", allow_redirects=False, data={
        "csrf_token": csrf, "submission_token": submission, "association_id": association,
        "text": "Kahden palvelimen tarkistus"})
    assert sent.status_code == 302, ("the comment was not saved through the second server", sent.status_code)
    person.get(first + path)  # the saved message is shown on the first page after it
    after = discussion(first)
    return (f"\n5. Two servers, one session: logged in on one, wrote on the other; the first counts "
            f"{before} threads before and {after} after: {'yes' if after == before + 1 else 'NO'}")


def throughput(url: str, workers: int, seconds: int) -> None:
    import requests

    world = build(url)
    environment = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "suite-" + uuid.uuid4().hex,
                   "RATE_LIMITS_ENABLED": "0", "INACTIVITY_TIMEOUT_MINUTES": "600"}
    app_server, app_port = serve("wsgi:app", workers, environment)
    drawing_server, drawing_port = serve("wsgi:app", workers, {**environment, "PIECE_CACHE": "0"})
    bare_server, bare_port = serve("bare:app", workers, environment)
    servers = (app_server, drawing_server, bare_server)
    try:
        base = f"http://127.0.0.1:{app_port}"
        session = logged_in(base, world["coordinator"], world["password"])
        cookie = session.cookies.get("session")
        for path in pages(world).values():
            session.get(base + path)
        busy = pages(world)["busy section page"]
        readers = [logged_in(base, f"edustaja{n}@suurkunta.fi", world["password"]) for n in range(PEOPLE)]
        for reader in readers:
            reader.get(base + busy)  # the login's message is shown on the first page
        bare = wrk(f"http://127.0.0.1:{bare_port}/", seconds)
        print(f"\n2. Throughput under gunicorn ({workers} sync workers), wrk 2 threads × 8 connections, "
              f"{seconds} s each; the coordinator asks for the pages, residents for the guideline")
        print(f"{'page':<32}{'drawn/s':>10}{'× bare':>8}{'pieces kept/s':>15}{'× bare':>8}"
              f"{'304/s':>10}{'× bare':>8}")
        print(f"{'bare Flask page':<32}{bare:>10.0f}{1:>8.2f}")
        ratios = {}
        for name, path in pages(world).items():
            if name == "front page (dashboard)":
                continue
            visitor = name == "published guideline"
            who = None if visitor else cookie
            holder = None if visitor else session
            etag = (holder or requests).get(base + path, headers={"User-Agent": USER_AGENT}).headers["ETag"]
            drawn = wrk(f"http://127.0.0.1:{drawing_port}{path}", seconds, who)
            with_pieces = wrk(base + path, seconds, who)
            revalidated = wrk(base + path, seconds, who, etag=etag)
            ratios[name] = revalidated / bare
            print(f"{name:<32}{drawn:>10.0f}{drawn / bare:>8.2f}{with_pieces:>15.0f}{with_pieces / bare:>8.2f}"
                  f"{revalidated:>10.0f}{revalidated / bare:>8.2f}")
        cookies = [reader.cookies.get("session") for reader in readers]
        etags = [reader.get(base + busy).headers["ETag"] for reader in readers]
        drawn = wrk(f"http://127.0.0.1:{drawing_port}{busy}", seconds, cookies=cookies)
        with_pieces = wrk(base + busy, seconds, cookies=cookies)
        revalidated = wrk(base + busy, seconds, cookies=cookies, etags=etags)
        print(f"{f'busy section, {PEOPLE} people in turn':<32}{drawn:>10.0f}{drawn / bare:>8.2f}"
              f"{with_pieces:>15.0f}{with_pieces / bare:>8.2f}{revalidated:>10.0f}{revalidated / bare:>8.2f}")
        goal = ratios["busy section page"] >= 0.4
        print(f"goal: a 304 revalidation of the busy section page at least 0.4 × bare -> "
              f"{'met' if goal else 'NOT met'}")
        serving_peak = worker_peak_kib(app_server)
        started = time.perf_counter()
        docx = session.get(f"{base}/rounds/{world['current_round']}/document.docx")
        docx_seconds = time.perf_counter() - started
        session.get(f"{base}/rounds/{world['current_round']}/document-changes.docx")
        print(f"\n4. Peak memory of a worker: serving {serving_peak / 1024:.0f} MiB; "
              f"after generating the DOCX ({len(docx.content) // 1024} KiB in {docx_seconds:.2f} s over HTTP) "
              f"{worker_peak_kib(app_server) / 1024:.0f} MiB")
        print(two_servers(base, f"http://127.0.0.1:{drawing_port}", readers[0], busy))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)


def documents(url: str) -> None:
    from drafting import create_app
    from drafting.documents.comparison import compare_with_approved
    from drafting.extensions import db
    from drafting.publishing.guideline import build_docx
    from drafting.workflow.models import DraftingRound

    world = build(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "suite"})
    print("\n3. Documents of the full dataset (10 years, 5,000 comments, 500 proposals), median of 3")
    with app.test_request_context():
        round_ = db.session.get(DraftingRound, world["current_round"])
        for name, work in (("final DOCX", lambda: build_docx(round_)),
                           ("tracked-changes DOCX", lambda: build_docx(round_, tracked=True)),
                           ("comparison with last year", lambda: compare_with_approved(round_, "inline"))):
            times = []
            for _ in range(3):
                started = time.perf_counter()
                result = work()
                times.append(time.perf_counter() - started)
            size = f"{len(result) // 1024} KiB" if isinstance(result, bytes) else f"{len(result.sections)} sections"
            print(f"{name:<32}{statistics.median(times):>8.3f} s   {size}")
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for the throughput (apt-get install wrk).")
    admin = name = None
    if args.database_url:
        from drafting.config import normalise_database_url

        server = sa.engine.make_url(normalise_database_url(args.database_url))
        name = f"drafting_suite_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = server.set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='suite-')}/suite.sqlite"
    print(f"database: {sa.engine.make_url(url).get_backend_name()}")
    try:
        scaling(url)
        next_reader(url)
        throughput(url, args.workers, args.seconds)
        documents(url)
    finally:
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
