"""Scapula's benchmarks: queries per page, then throughput and latency under load.

Runs gunicorn (2 sync workers, debug off) on 127.0.0.1 against a throwaway SQLite database (or the
DATABASE_URL you pass), fills it with the library, the public templates and the demo athletes' history,
then drives each page with wrk twice and prints the figures. Loopback only; every run stops by itself.
Usage: make bench  (BENCH_SECONDS=10 for longer runs)
"""

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8911"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
PUBLIC_PAGES = ["/healthz/", "/exercises/", "/exercises/deadlift/", "/muscles/"]
PRIVATE_PAGES = ["/plan/", "/log/", "{session}"]

SETUP = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from accounts.models import User
from training_log.models import TrainingSession

alex = User.objects.get(username="alex")
session = SessionStore()
session.update({SESSION_KEY: str(alex.pk), BACKEND_SESSION_KEY: "accounts.backends.EmailConfirmationBackend",
                HASH_SESSION_KEY: alex.get_session_auth_hash()})
session.create()
latest = TrainingSession.objects.filter(athlete=alex).order_by("-started_at").first()
print("COOKIE", session.session_key)
print("SESSION", latest.get_absolute_url())
client = Client()
client.force_login(alex, backend="accounts.backends.EmailConfirmationBackend")
for path in %(pages)r + [latest.get_absolute_url(), latest.get_absolute_url() + "summary/"]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path, HTTP_HOST="127.0.0.1").status_code
    print("QUERIES", path, status, len(queries))
"""


def manage(*args, env, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )
    return result.stdout


def wrk(url, cookie=None):
    command = ["wrk", "-t2", "-c16", f"-d{SECONDS}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"\s(50|99)%\s+([\d.]+\w+)", out))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, latency.get("50", "?"), latency.get("99", "?"), int(errors.group(1)) if errors else 0


def main():
    if not shutil.which("wrk"):
        sys.exit("make bench needs wrk: apt-get install wrk (make bench installs it when run as root).")
    workdir = Path(tempfile.mkdtemp(prefix="scapula-bench-"))
    secret = secrets.token_urlsafe(50)
    base_env = {
        **os.environ,
        "DJANGO_SECRET_KEY": secret,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback: wrk must not be sent to https
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
    }
    setup_env = {**base_env, "DJANGO_DEBUG": "true"}
    serve_env = {**base_env, "DJANGO_DEBUG": "false"}
    print(f"Database: {base_env['DATABASE_URL'].split('@')[-1]}")
    for command in (["migrate", "--noinput", "-v0"], ["load_library"], ["load_templates"], ["load_demo"]):
        manage(*command, env=setup_env, capture=True)
    manage("load_demo_history", env=setup_env, capture=True)
    manage("collectstatic", "--noinput", "-v0", env=serve_env)
    out = manage("shell", "-c", SETUP % {"pages": PUBLIC_PAGES + PRIVATE_PAGES[:2]}, env=serve_env, capture=True)
    cookie = re.search(r"COOKIE (\w+)", out).group(1)
    session_path = re.search(r"SESSION (\S+)", out).group(1)

    print("\nQueries per page (alex, 8 weeks of history)")
    for path, status, count in re.findall(r"QUERIES (\S+) (\d+) (\d+)", out):
        print(f"  {path:32} {status}  {count:>3} queries")

    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")), "config.wsgi", "--bind", f"127.0.0.1:{PORT}",
            "--workers", "2", "--no-control-socket", "--log-level", "warning",
        ],
        cwd=ROOT, env=serve_env,
    )  # fmt: skip
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz/", timeout=1)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.2)
        print(f"\nLoad: wrk -t2 -c16 -d{SECONDS}s, gunicorn 2 sync workers, debug off; two runs each")
        print(f"  {'page':32} {'req/s':>16} {'p50':>16} {'p99':>18}")
        pages = [(p, None) for p in PUBLIC_PAGES] + [
            (p.replace("{session}", session_path), cookie) for p in PRIVATE_PAGES
        ]
        for path, page_cookie in pages:
            runs = [wrk(f"http://127.0.0.1:{PORT}{path}", page_cookie) for _ in range(2)]
            errors = sum(run[3] for run in runs)
            rates = " / ".join(f"{run[0]:.0f}" for run in runs)
            print(
                f"  {path:32} {rates:>16} {' / '.join(r[1] for r in runs):>16} {' / '.join(r[2] for r in runs):>18}"
                + (f"  ({errors} non-2xx!)" if errors else "")
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
