"""Finding 13 of issue 12: the rate limits count in a store every worker and
server shares. Two gunicorn servers over one Redis allow a limit once, not
once each; production refuses to start with per-worker counting; and while
the store is away each worker goes on counting for itself."""
from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
HOST = "ohjeverstas.example.fi"
CLIENT = "198.51.100.23"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode())
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing answers on port {port}")


@pytest.fixture
def redis_url(tmp_path):
    """A real Redis server of the test's own on a free port, keeping nothing on disk."""
    port = free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    try:
        wait_for_port(port, server)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def server_environment(database_url: str, **variables) -> dict:
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith(("DRAFTING_", "RATELIMIT_", "FLASK_", "PUBLIC_", "TRUSTED_"))}
    environment.update({"SECRET_KEY": "s" * 64, "DATABASE_URL": database_url, "PUBLIC_BASE_URL": f"https://{HOST}",
                        "PROXY_COUNT": "1", "MAIL_SERVER": "", **variables})
    return environment


@pytest.fixture
def servers(app, database_url):
    """Start gunicorn servers (one worker each) on the suite's database."""
    started = []

    def start(count: int, **variables) -> list[int]:
        ports = []
        for _ in range(count):
            port = free_port()
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
                cwd=PROJECT, env=server_environment(database_url, **variables),
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            started.append(process)
            wait_for_port(port, process)
            ports.append(port)
        return ports

    yield start
    for process in started:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        process.wait(timeout=10)


class Visitor:
    """One person's browser behind the TLS proxy, sending each request to the next server."""

    def __init__(self, ports: list[int]):
        self.ports = ports
        self.turn = 0
        self.cookie = ""

    def request(self, method: str, path: str, body: str = "") -> tuple[int, str]:
        port = self.ports[self.turn % len(self.ports)]
        self.turn += 1
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": CLIENT,
                   "Referer": f"https://{HOST}/login", "Cookie": self.cookie}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            if header.startswith("session="):
                self.cookie = header.split(";", 1)[0]
        text = response.read().decode()
        connection.close()
        return response.status, text

    def wrong_logins(self, count: int) -> list[int]:
        status, page = self.request("GET", "/login")
        assert status == 200
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
        return [self.request("POST", "/login", f"csrf_token={token}&email=ei.kukaan%40example.fi&password=x")[0]
                for _ in range(count)]


def test_finding_13_two_servers_sharing_redis_allow_a_limit_once(servers, redis_url):
    """With memory:// each of gunicorn's workers counted apart, so `--workers 4`
    allowed four times the limits."""
    ports = servers(2, DRAFTING_ENV="production", RATELIMIT_STORAGE_URI=redis_url)
    assert Visitor(ports).wrong_logins(7) == [200] * 5 + [429] * 2


def test_with_memory_counting_two_servers_allow_the_limit_twice(servers):
    """What production now refuses: the same requests, each server counting apart."""
    ports = servers(2, RATELIMIT_STORAGE_URI="memory://")
    assert Visitor(ports).wrong_logins(7) == [200] * 7


def test_finding_13_production_refuses_to_start_with_per_worker_counting(database_url):
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{free_port()}", "wsgi:app"],
        cwd=PROJECT, env=server_environment(database_url, DRAFTING_ENV="production"),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _out, errors = process.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)
        pytest.fail("production started with each worker counting the limits apart")
    assert process.returncode != 0
    assert ("RATELIMIT_STORAGE_URI must name a store shared by every worker and server when "
            "DRAFTING_ENV=production") in errors.decode()


def test_while_the_shared_store_is_away_each_worker_goes_on_counting(servers):
    """No 500 and no free pass when Redis cannot be reached."""
    [port] = servers(1, DRAFTING_ENV="production", RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0")
    assert Visitor([port]).wrong_logins(6) == [200] * 5 + [429]
