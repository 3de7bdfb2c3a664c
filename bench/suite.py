"""The benchmark suite, in one run, printed as tables:

  1. the pages drawn for the next person, in-process, at 5 and at 5,000
     comments and replies in the current round (most of them on the busy
     section): for each page the time and the queries with every piece
     drawn, the time with the shared pieces kept, and a revalidation with
     its ETag (304, one query). The run fails if a page makes more queries
     at 5,000 comments than at 5, or a revalidation more than one;
  2. throughput under gunicorn, measured in rounds that interleave the bare
     Flask page (the yardstick), the busy section page drawn (every piece
     drawn, and with the shared pieces kept) and its revalidation (304),
     each asked for by many representatives in turn, each with their own
     session and ETag; each page as requests/s and as a ratio of the bare
     page in the same round, medians over the rounds (goal: the 304 at least
     0.4 of the bare page);
  3. the final DOCX, the tracked-changes DOCX and the whole-document comparison;
  4. peak memory of a worker while serving and while generating the DOCX;
  5. one session across two servers on one database (nothing is kept on a
     server that the other would need).

    .venv/bin/python bench/suite.py [--database-url URL] [--workers 2] [--seconds 4] [--rounds 5]

Without --database-url a temporary SQLite file is used; with a PostgreSQL
server URL a fresh database is created on it and dropped afterwards.
wrk (Debian package wrk) measures the throughput. The load average of the
machine is printed before and after the throughput: the machine may be
shared, which is why the pages are measured interleaved with the bare one.
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

COMMENTS = (5, 5000)
YEARS = 10


def pages(world: dict) -> dict[str, str]:
    r = world["current_round"]
    return {
        "busy section page": f"/rounds/{r}/sections/{world['busy_section']}",
        "round page": f"/rounds/{r}",
        "consultation summary": f"/rounds/{r}/summary",
        "comments on the whole document": f"/rounds/{r}/comments",
        "published guideline (visitor)": f"/m/{world['slug']}/guideline",
    }


def client_for(app, email: str, password: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    client.post("/login", data={"email": email, "password": password,
                                "csrf_token": token.group(1) if token else ""})
    client.get("/")  # the login's message is shown here, not on a measured page
    return client


def measure(app, client, url: str, runs: int, *, pieces: bool, revalidate: bool = False) -> tuple[float, int]:
    """The median time (ms) of `runs` requests and the queries of one, on
    every engine of the process (the freshness check's included)."""
    counted: list[int] = []

    def count(*_args) -> None:
        counted.append(1)

    app.config["PIECE_CACHE_ENABLED"] = pieces
    first = client.get(url)
    assert first.status_code == 200, (url, first.status_code)
    headers = {"If-None-Match": first.headers["ETag"]} if revalidate else {}
    expected = 304 if revalidate else 200
    times, queries = [], []
    for _ in range(runs):
        counted.clear()
        sa.event.listen(sa.engine.Engine, "before_cursor_execute", count)
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append(time.perf_counter() - started)
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", count)
        assert response.status_code == expected, (url, response.status_code, expected)
        queries.append(len(counted))
    app.config["PIECE_CACHE_ENABLED"] = True
    return statistics.median(times) * 1000, max(queries)


def in_process(url: str, runs: int) -> dict:
    """Part 1; returns the world of the largest dataset for the other parts."""
    from drafting import create_app
    from drafting.extensions import db

    load_before = load_average()
    results: dict[tuple[str, int], dict[str, tuple[float, int]]] = {}
    shown: dict[int, tuple[int, int]] = {}
    world: dict = {}
    for comments in COMMENTS:
        world = build(url, years=YEARS, comments=comments, proposals=max(1, comments // 10))
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "suite", "RATE_LIMITS_ENABLED": False})
        with app.app_context():
            on_section, on_document = (db.session.scalar(
                sa.text("SELECT count(*) FROM comments WHERE round_id = :r AND section_id " + condition),
                {"r": world["current_round"], "s": world["busy_section"]}) for condition in ("= :s", "IS NULL"))
            shown[comments] = (on_section, on_document)
        coordinator = client_for(app, world["coordinator"], world["password"])
        visitor = app.test_client()
        for name, path in pages(world).items():
            client = visitor if "visitor" in name else coordinator
            results[(name, comments)] = {
                "drawn": measure(app, client, path, runs, pieces=False),
                "kept": measure(app, client, path, runs, pieces=True),
                "304": measure(app, client, path, runs, pieces=True, revalidate=True),
            }
        with app.app_context():
            db.engine.dispose()
    print(f"\n1. Pages drawn for the next person, in-process, median of {runs} requests "
          f"({YEARS} years of history; queries on every connection); load average before {load_before}, "
          f"after {load_average()}")
    print("comments and replies in the round: " + ", ".join(
        f"{comments:,} ({on_section:,} on the busy section, {on_document:,} on the whole document)"
        for comments, (on_section, on_document) in shown.items()))
    print(f"{'page':<32}{'comments':>9}{'drawn':>10}{'queries':>8}{'pieces kept':>13}{'queries':>8}"
          f"{'304':>8}{'queries':>8}")
    for name in pages(world):
        for comments in COMMENTS:
            cells = results[(name, comments)]
            print(f"{name:<32}{comments:>9,}{cells['drawn'][0]:>7.1f} ms{cells['drawn'][1]:>8}"
                  f"{cells['kept'][0]:>10.1f} ms{cells['kept'][1]:>8}{cells['304'][0]:>5.1f} ms{cells['304'][1]:>8}")
    small, large = COMMENTS
    checked = [name for name in pages(world)
               if name != "comments on the whole document" or shown[small][1] > 0]
    if len(checked) < len(pages(world)):
        print(f"(the comments on the whole document are not compared: at {small:,} comments there are none "
              "to show, and the threads' replies and responses are read only when there are)")
    growing = [f"{name} ({kind}: {results[(name, small)][kind][1]} -> {results[(name, large)][kind][1]} queries)"
               for name in checked for kind in ("drawn", "kept", "304")
               if results[(name, large)][kind][1] > results[(name, small)][kind][1]]
    more_than_one = [f"{name} at {comments:,} comments ({results[(name, comments)]['304'][1]} queries)"
                     for name in pages(world) for comments in COMMENTS if results[(name, comments)]["304"][1] != 1]
    if growing or more_than_one:
        raise SystemExit("FAILED: " + "; ".join(
            ([f"query counts grow from {small:,} to {large:,} comments: " + ", ".join(growing)] if growing else [])
            + (["a revalidation is not one query: " + ", ".join(more_than_one)] if more_than_one else [])))
    print(f"query counts flat from {small:,} to {large:,} comments on every page compared; "
          "every revalidation one query: yes")
    return world


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(module: str, workers: int, environment: dict, root: Path = ROOT) -> tuple[subprocess.Popen, int]:
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen([str(gunicorn), "--workers", str(workers), "--bind",
                                f"127.0.0.1:{port}", "--log-level", "warning", module],
                               cwd=root if module == "wsgi:app" else ROOT / "bench", env=environment)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{module} did not start")


# One browser per person: the same User-Agent logs in and then asks for the pages.
USER_AGENT = "Ohjeverstas-bench/1.0"

PEOPLE = 40

# Each request is the next person's: their session cookie and, for a
# revalidation, the ETag of the page they hold.
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


def wrk(url: str, seconds: int, cookies: list[str], etags: list[str] | None = None) -> float:
    """Requests a second of `url` asked for by the people of `cookies` in
    turn; with their ETags each request is a revalidation."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        quoted = ", ".join(f"'{tag}'" for tag in (etags or [""] * len(cookies)))
        script.write(IN_TURN % (", ".join(f'"{c}"' for c in cookies), quoted, USER_AGENT))
    try:
        output = subprocess.run(["wrk", "-t2", "-c8", f"-d{seconds}s", "-s", script.name, url],
                                capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    assert not non_2xx, output
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


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


def throughput(url: str, world: dict, workers: int, seconds: int, rounds: int, baseline: Path | None) -> None:
    environment = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "suite-" + uuid.uuid4().hex,
                   "RATE_LIMITS_ENABLED": "0", "INACTIVITY_TIMEOUT_MINUTES": "600"}
    app_server, app_port = serve("wsgi:app", workers, environment)
    drawing_server, drawing_port = serve("wsgi:app", workers, {**environment, "PIECE_CACHE": "0"})
    bare_server, bare_port = serve("bare:app", workers, environment)
    servers = [app_server, drawing_server, bare_server]
    if baseline is not None:
        baseline_server, baseline_port = serve("wsgi:app", workers, environment, root=baseline)
        servers.append(baseline_server)
    try:
        base = f"http://127.0.0.1:{app_port}"
        busy = pages(world)["busy section page"]
        session = logged_in(base, world["coordinator"], world["password"])
        readers = [logged_in(base, f"edustaja{n}@suurkunta.fi", world["password"]) for n in range(PEOPLE)]
        for reader in readers:
            reader.get(base + busy)  # the login's message is shown on the first page
        kinds = {
            "bare Flask page": (f"http://127.0.0.1:{bare_port}/", False),
            "busy section page drawn, every piece drawn": (f"http://127.0.0.1:{drawing_port}{busy}", False),
            "busy section page drawn, shared pieces kept": (base + busy, False),
            "busy section page revalidated (304)": (base + busy, True),
        }
        if baseline is not None:
            kinds[f"the same 304, code of {baseline.name}"] = (f"http://127.0.0.1:{baseline_port}{busy}", True)
        rates: dict[str, list[float]] = {kind: [] for kind in kinds}
        ratios: dict[str, list[float]] = {kind: [] for kind in kinds}
        loads = [load_average()]
        for number in range(rounds):
            # the people's pages now: their cookies (the session's last use)
            # and the ETags they hold, each answered 304 before the round
            held = {address: [reader.get(address).headers["ETag"] for reader in readers]
                    for address, revalidate in kinds.values() if revalidate}
            cookies = [reader.cookies.get("session") for reader in readers]
            for address, etags in held.items():
                for reader, etag in zip(readers, etags):
                    answer = reader.get(address, headers={"If-None-Match": etag})
                    assert answer.status_code == 304, ("a revalidation was not answered 304", answer.status_code)
            measured = {}
            order = list(kinds)
            order = order[number % len(order):] + order[:number % len(order)]
            for kind in order:
                address, revalidate = kinds[kind]
                measured[kind] = wrk(address, seconds, cookies, held[address] if revalidate else None)
            for kind in kinds:
                rates[kind].append(measured[kind])
                ratios[kind].append(measured[kind] / measured["bare Flask page"])
            for address, etags in held.items():
                for reader, etag in zip(readers, etags):
                    answer = reader.get(address, headers={"If-None-Match": etag})
                    assert answer.status_code == 304, ("a revalidation was not answered 304", answer.status_code)
        loads.append(load_average())
        print(f"\n2. Throughput under gunicorn ({workers} sync workers), wrk 2 threads × 8 connections, "
              f"{rounds} rounds of {seconds} s per page, the pages interleaved; {PEOPLE} representatives "
              f"in turn, each with their own session (and ETag); load average before {loads[0]}, after {loads[1]}")
        print(f"{'page':<48}{'requests/s':>11}{'× bare':>8}   {'× bare in each round':<}")
        for kind in kinds:
            print(f"{kind:<48}{statistics.median(rates[kind]):>11.0f}{statistics.median(ratios[kind]):>8.2f}   "
                  + " ".join(f"{ratio:.2f}" for ratio in ratios[kind]))
        goal = statistics.median(ratios["busy section page revalidated (304)"])
        print(f"goal: a 304 revalidation of the busy section page at least 0.4 × bare -> {goal:.2f}, "
              f"{'met' if goal >= 0.4 else 'NOT met'}")
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


def documents(url: str, world: dict) -> None:
    from drafting import create_app
    from drafting.documents.comparison import compare_with_approved
    from drafting.extensions import db
    from drafting.publishing.guideline import build_docx
    from drafting.workflow.models import DraftingRound

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
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=9, help="requests per page in part 1")
    parser.add_argument("--throughput-only", action="store_true", help="parts 2, 4 and 5 alone")
    parser.add_argument("--baseline", type=Path,
                        help="a checkout of other code (an earlier commit) whose 304 is measured in the same rounds")
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
        if args.throughput_only:
            world = build(url, years=YEARS, comments=COMMENTS[-1], proposals=COMMENTS[-1] // 10)
        else:
            world = in_process(url, args.runs)
        throughput(url, world, args.workers, args.seconds, args.rounds, args.baseline)
        if not args.throughput_only:
            documents(url, world)
    finally:
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
