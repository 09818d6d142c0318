"""Scapula's benchmarks: queries per page, then throughput and latency under load, as ratios to /healthz/.

Data: on PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/scapula_bench, recreated)
the generated data of bench/generate.py (1,000 athletes, ~3.1 million sets; SCALE=10 for ten times that; reused
when already there unless BENCH_REGENERATE=1). Without PostgreSQL, a throwaway SQLite database with the demo
athletes' history. Runs gunicorn (2 sync workers, debug off) on 127.0.0.1 and drives each page with wrk, twice:
the library anonymously, the athlete's pages as a generated athlete, /coach/ as the head coach (50 athletes),
and logging a set (POST with htmx, answered by the card). Loopback only; every run stops by itself.
Prints the figures and writes them to bench/results/bench-<time>.json with the machine's CPU count.
Usage: make bench  (BENCH_SECONDS=10 for longer runs)
"""

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from common import PYTHON, ROOT, gunicorn, recreate_database, served_env

PORT = int(os.environ.get("BENCH_PORT", "8911"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/scapula_bench")
PUBLIC_PAGES = ["/healthz/", "/", "/exercises/", "/exercises/deadlift/", "/muscles/", "/muscles/trapezius/"]
ATHLETE_PAGES = ["/today/", "/plan/", "/progress/", "/log/", "{session}", "{open}"]
COACH_PAGES = ["/coach/"]
TARGETS = {  # issue 15: share of /healthz/'s req/s
    **dict.fromkeys(PUBLIC_PAGES[1:], 0.5),
    "{open}": 0.3, "POST set": 0.3, "/today/": 0.2, "/plan/": 0.2, "/progress/": 0.2, "/coach/": 0.15,
}  # fmt: skip

SETUP = """
import datetime, time, uuid
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from accounts.models import User
from accounts.pagecache import replace_versions
from training_log.models import SessionExercise, SetLog, TrainingSession

def cookie(user):
    session = SessionStore()
    session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "accounts.backends.EmailConfirmationBackend",
                    HASH_SESSION_KEY: user.get_session_auth_hash()})
    session.create()
    return session.session_key

generated = User.objects.filter(username="bench-head-coach").exists()
athlete = User.objects.get(username="bench-athlete-0" if generated else "alex")
coach = User.objects.get(username="bench-head-coach" if generated else "coach")
latest = TrainingSession.objects.filter(athlete=athlete, finished_at__isnull=False).order_by("-started_at").first()
# Open workouts to log into: the POST load spreads over 250 of them (4 exercises each), as a gym full of lifters
# would, so a card holds the few sets a real one does (two runs at 250 sets a second: 4 a card), not dozens.
TrainingSession.objects.filter(athlete=athlete, name="Bench open").delete()
now = datetime.datetime.now(datetime.UTC)
items = []
for n in range(250):
    session = TrainingSession.objects.create(athlete=athlete, name="Bench open", started_at=now)
    for position, old in enumerate(SessionExercise.objects.filter(session=latest).order_by("position")):
        items.append(SessionExercise.objects.create(
            session=session, exercise_id=old.exercise_id, position=position, sets=old.sets,
            rep_min=old.rep_min, rep_max=old.rep_max))
open_session = items[0].session
# Each lifter opens their workout before logging into it: its cards' histories are read then, and kept
# (training_log.cardcache), as the page does.
from training_log.selectors.cards import session_cards
for session in {item.session for item in items}:
    session_cards(session, athlete)
csrf = _get_new_csrf_string()
print("COOKIE_ATHLETE", cookie(athlete))
print("COOKIE_COACH", cookie(coach))
print("CSRF", csrf)
print("SESSION", latest.get_absolute_url())
print("OPEN", open_session.get_absolute_url())
print("ITEMS", " ".join(f"{i.session_id}:{i.pk}" for i in items))
print("DATA", "generated" if generated else "demo", SetLog.objects.count())
client = Client()
for user, pages in ((None, %(public)r), (athlete, %(athlete)r), (coach, %(coach)r)):
    if user:
        client.force_login(user, backend="accounts.backends.EmailConfirmationBackend")
    for path in pages:
        path = path.replace("{session}", latest.get_absolute_url()).replace("{open}", open_session.get_absolute_url())
        client.get(path, HTTP_HOST="127.0.0.1")  # as a browser arrives: it gets its CSRF cookie
        if user:
            replace_versions([user.pk])  # the page must be made, not read from the cache
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path, HTTP_HOST="127.0.0.1").status_code
        with CaptureQueriesContext(connection) as cached:
            client.get(path, HTTP_HOST="127.0.0.1")
        counts = len(queries), len(cached)  # now: every request below empties the log they read
        # What it costs to make the page (in this process, debug off): what a person waits for after a change.
        times = []
        for _ in range(5 if user else 0):
            replace_versions([user.pk])
            start = time.perf_counter()
            client.get(path, HTTP_HOST="127.0.0.1")
            times.append((time.perf_counter() - start) * 1000)
        made_ms = sorted(times)[len(times) // 2] if times else 0
        print("QUERIES", path, status, *counts, f"{made_ms:.0f}")
client.force_login(athlete, backend="accounts.backends.EmailConfirmationBackend")

def post_set(item):
    prefix = f"ex{item.pk}"
    data = {f"{prefix}-weight": "100", f"{prefix}-reps": "8", f"{prefix}-rir": "2"}
    data[f"{prefix}-client_id"] = str(uuid.uuid4())
    return client.post(f"/log/sessions/{item.session_id}/exercises/{item.pk}/sets/", data, HTTP_HOST="127.0.0.1",
                       HTTP_HX_REQUEST="true").status_code

item = items[0]
before = SetLog.objects.filter(session_exercise=item).count()
with CaptureQueriesContext(connection) as queries:
    status = post_set(item)
assert SetLog.objects.filter(session_exercise=item).count() == before + 1, "the set POST stored nothing"
count = len(queries)
times = []
for item in items[1:6]:  # one set into each of five more cards
    start = time.perf_counter()
    post_set(item)
    times.append((time.perf_counter() - start) * 1000)
print("QUERIES", "POST set", status, count, count, f"{sorted(times)[2]:.0f}")
"""

# wrk: each request logs a set with a new client id into one of the open workouts' exercises, in turn.
POST_LUA = """
local items = {%(items)s}
local counter = 0
local threads = 0  -- counted in setup(), which runs in wrk's own state: each thread knows only its tid
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "sessionid=%(cookie)s; csrftoken=%(csrf)s"
wrk.headers["X-CSRFToken"] = "%(csrf)s"
wrk.headers["HX-Request"] = "true"
request = function()
  counter = counter + 1
  local pair = items[((counter * 2 + tid) %% #items) + 1]  -- wrk -t2: the threads take turns, not the same card
  local id = string.format("%(run)s-%%04d-4000-8000-%%012d", tid, counter)
  local prefix = "ex" .. pair[2]
  local body = prefix .. "-weight=100&" .. prefix .. "-reps=8&" .. prefix .. "-rir=2&" .. prefix .. "-client_id=" .. id
  return wrk.format(nil, "/log/sessions/" .. pair[1] .. "/exercises/" .. pair[2] .. "/sets/", nil, body)
end
"""


def manage(*args, env, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )
    return result.stdout


def wrk(url, cookie=None, script=None, csrf=None):
    command = ["wrk", "-t2", "-c16", f"-d{SECONDS}s", "--latency", url]
    if cookie:  # a browser that has been here before: its login and its CSRF cookie
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}; csrftoken={csrf}"]
    if script:
        command[1:1] = ["-s", script]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"\s(50|99)%\s+([\d.]+\w+)", out))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = int(errors.group(1)) if errors else 0
    failed += sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    return {"rps": rate, "p50": latency.get("50", "?"), "p99": latency.get("99", "?"), "errors": failed}


def postgres_reachable(url) -> bool:
    try:
        import psycopg

        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=2):
            return True
    except Exception:  # noqa: BLE001 - any failure means: use SQLite
        return False


def cache_url(workdir: Path) -> str:
    """The cache every gunicorn worker shares, as in production: BENCH_CACHE_URL, else Redis's database 14 on
    127.0.0.1 (emptied first) when it answers, else a file cache in the run's own directory."""
    if os.environ.get("BENCH_CACHE_URL"):
        return os.environ["BENCH_CACHE_URL"]
    url = "redis://127.0.0.1:6379/14"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
        return url
    except Exception:  # noqa: BLE001 - no Redis: the file cache
        return f"file://{workdir / 'cache'}"


def prepare_postgres(env) -> None:
    """The generated data in BENCH_DATABASE_URL's database: reused when it is there at this scale."""
    import psycopg

    name = PG_URL.rsplit("/", 1)[1]
    with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and os.environ.get("BENCH_REGENERATE") != "1":
            with psycopg.connect(PG_URL) as conn:
                try:
                    athletes = conn.execute(
                        "SELECT count(*) FROM accounts_user WHERE username LIKE 'bench-athlete-%%'"
                    ).fetchone()[0]
                except psycopg.Error:
                    athletes = 0
            wanted = round(1000 * float(os.environ.get("SCALE", "1")))
            if athletes == wanted:
                print(f"Reusing the generated data in {name} ({athletes:,} athletes; BENCH_REGENERATE=1 to rebuild)")
                manage("migrate", "--noinput", "-v0", env=env)
                return
    recreate_database(PG_URL)
    for command in (["migrate", "--noinput", "-v0"], ["load_library"], ["load_templates"]):
        manage(*command, env=env, capture=True)
    subprocess.run([PYTHON, "bench/generate.py"], cwd=ROOT, env=env, check=True)


def main():
    if not shutil.which("wrk"):
        sys.exit("make bench needs wrk: apt-get install wrk (make bench installs it when run as root).")
    workdir = Path(tempfile.mkdtemp(prefix="scapula-bench-"))
    use_pg = "DATABASE_URL" not in os.environ and postgres_reachable(PG_URL)
    database_url = PG_URL if use_pg else os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    serve_env = served_env(
        database_url, DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver", CACHE_URL=cache_url(workdir)
    )
    setup_env = {**serve_env, "DJANGO_DEBUG": "true"}
    print(f"Database: {database_url.split('@')[-1]}; cache: {serve_env['CACHE_URL'].split('://')[0]}")
    if use_pg:
        prepare_postgres(setup_env)
    else:
        for command in (["migrate", "--noinput", "-v0"], ["load_library"], ["load_templates"], ["load_demo"]):
            manage(*command, env=setup_env, capture=True)
        manage("load_demo_history", env=setup_env, capture=True)
    manage("collectstatic", "--noinput", "-v0", env=serve_env)
    out = manage(
        "shell",
        "-c",
        SETUP % {"public": PUBLIC_PAGES, "athlete": ATHLETE_PAGES, "coach": COACH_PAGES},
        env=serve_env,
        capture=True,
    )
    found = dict(re.findall(r"^(COOKIE_ATHLETE|COOKIE_COACH|CSRF|SESSION|OPEN|ITEMS|DATA) (.+)$", out, re.M))
    paths = {"{session}": found["SESSION"], "{open}": found["OPEN"]}
    queries = {
        path: (int(status), int(made), int(cached), int(made_ms))
        for path, status, made, cached, made_ms in re.findall(r"QUERIES (.+?) (\d+) (\d+) (\d+) (\d+)$", out, re.M)
    }
    data_kind, set_count = found["DATA"].split()
    print(
        f"\nQueries per page ({data_kind} data, {int(set_count):,} sets): made, and read from the cache; what"
        " making it takes in one process (a logged-in page after a change; the open workout with its cards'"
        " histories kept; a set logged, with its card)"
    )
    for path, (status, made, cached, made_ms) in queries.items():
        took = f"  made in {made_ms} ms" if made_ms else ""
        print(f"  {path:36} {status}  {made:>3} queries made, {cached:>3} cached{took}")

    items = ", ".join("{" + pair.replace(":", ", ") + "}" for pair in found["ITEMS"].split())
    script = workdir / "post_set.lua"

    def new_post_script():
        """The POST script with a client id prefix of its own: a second run that sent the first run's ids
        would be measuring double taps (each answered with the set already stored), not sets logged."""
        values = {"items": items, "cookie": found["COOKIE_ATHLETE"], "csrf": found["CSRF"], "run": secrets.token_hex(4)}
        script.write_text(POST_LUA % values)
        return str(script)

    workers = os.environ.get("BENCH_WORKERS", "2")
    results = []
    server = gunicorn(PORT, serve_env, workers)
    try:
        print(f"\nLoad: wrk -t2 -c16 -d{SECONDS}s, gunicorn {workers} sync workers, debug off; two runs each")
        print(f"  {'page':36} {'req/s':>13} {'of /healthz/':>12} {'target':>7} {'p50':>16} {'p99':>18}")
        runs = [(p, None, None, p) for p in PUBLIC_PAGES]
        runs += [(paths.get(p, p), found["COOKIE_ATHLETE"], None, p) for p in ATHLETE_PAGES]
        runs += [(p, found["COOKIE_COACH"], None, p) for p in COACH_PAGES]
        runs += [("/", None, new_post_script, "POST set")]
        baseline = None
        for path, cookie, lua, name in runs:
            measured = []
            for _ in range(2):
                measured.append(wrk(f"http://127.0.0.1:{PORT}{path}", cookie, lua and lua(), found["CSRF"]))
                time.sleep(1)  # the last run's queued requests drain before the next is timed
            rate = max(run["rps"] for run in measured)
            baseline = baseline or rate
            share = rate / baseline
            target = TARGETS.get(name)
            verdict = "" if target is None else (" ok" if share >= target else " MISS")
            errors = sum(run["errors"] for run in measured)
            label = "POST set" if lua else path
            rates = " / ".join(f"{run['rps']:.0f}" for run in measured)
            p50 = " / ".join(run["p50"] for run in measured)
            p99 = " / ".join(run["p99"] for run in measured)
            wanted = "" if target is None else f"{target:.0%}"
            print(
                f"  {label:36} {rates:>13} {share:>11.0%} {wanted:>7}{verdict:5} {p50:>16} {p99:>18}"
                + (f"  ({errors} errors!)" if errors else "")
            )
            _, made, cached, made_ms = queries.get(name if lua else label, (None, None, None, None))
            results.append(
                {
                    "page": name,
                    "path": label,
                    "runs": measured,
                    "share_of_healthz": round(share, 3),
                    "target": target,
                    "queries": made,
                    "queries_cached": cached,
                    "made_ms": made_ms or None,
                }
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    report = {
        "cpus": os.cpu_count(),
        "database": "postgresql" if use_pg else "sqlite",
        "data": data_kind,
        "sets": int(set_count),
        "seconds": SECONDS,
        "gunicorn_workers": int(workers),
        "pages": results,
    }
    (out_dir / f"bench-{stamp}.json").write_text(json.dumps(report, indent=2))
    print(f"\nWritten to bench/results/bench-{stamp}.json")


if __name__ == "__main__":
    main()
