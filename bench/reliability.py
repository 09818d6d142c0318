"""Reliability under every fault we know of: the site broken on purpose while 20 lifters log sets.

The site runs as `make serve` runs it (gunicorn, debug off, 2 x cores + 1 workers, and a db_worker) on
PostgreSQL (a database of its own, recreated) and a redis-server of its own on a free port (no persistence).
The app reaches PostgreSQL through bench/proxy.py, which can go silent. Twenty lifters (twenty accounts, one
thread each) log sets as the set form does, each POST with a new client id; a POST that fails is sent again with
the same client id until it succeeds, as a phone would. Under that load, one fault at a time:

  redis-kill     Redis killed (SIGKILL), started again (empty) 3 s later
  redis-hang     Redis stopped (SIGSTOP) for 4 s, then continued
  redis-full     Redis's maxmemory set just above what it holds (noeviction) for 4 s, then lifted
  db-kill        PostgreSQL's connections to the database terminated, three times a second apart
  db-hang        the proxy stops forwarding for 4 s (a silent database: connect and statement timeouts matter)
  worker-kill    db_worker SIGKILLed in the middle of a lifter's import of a few thousand sets; the lifter's
                 job must end visibly, and importing the file again must store each set once
  gunicorn-kill  a gunicorn worker SIGKILLed (the check `make reliability` made before, now one fault of many)

Each fault gets fresh workouts, so its figures are its own: POSTs, errors seen by kind, sets acknowledged vs
stored, lost, doubled, the time from the end of the fault to the first successful POST and to /healthz/ 200
with the cache up, the slowest POST, and whether pages stayed correct (afterwards, each lifter's workout page
and /log/, served by the app with its cache on, show exactly the sets and workouts the database has, and the
workout page's ETag from before the fault no longer gets a 304). docs/deploy.md says how to read the table.

Usage: make reliability, or .venv/bin/python bench/reliability.py [fault ...] (PostgreSQL on 127.0.0.1:5432,
user postgres; database scapula_reliability, or RELIABILITY_DATABASE_URL's). Loopback only; about 3 minutes.
Exits non-zero on any set lost or doubled, any set never acknowledged, any wrong page, or an import that did
not end visibly.
"""

import concurrent.futures
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis
from common import PYTHON, ROOT, gunicorn, recreate_database, served_env
from proxy import Proxy
from tally import (
    OK,
    Attempt,
    Figures,
    Health,
    cache_up,
    compare,
    during_fault,
    error_kind,
    figures,
    session_ids,
    set_ids,
    table,
)

PG = os.environ.get("RELIABILITY_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/scapula_reliability")
REDIS_SERVER = "/usr/bin/redis-server"
LIFTERS = 20
WORKERS = 2 * len(os.sched_getaffinity(0)) + 1  # as `make serve` starts gunicorn (2 x nproc + 1)
WARM_UP = 2.0  # seconds of load before a fault
FAULT = 4.0  # seconds a hang or a full Redis lasts
AFTER = 3.0  # seconds of load after a fault, at least
AFTER_MAX = 12.0  # ... and at most, waiting for /healthz/ to say all is up
RETRY_PAUSE = 0.25  # a phone's pause before sending a failed set again
RETRY_DEADLINE = 20.0  # seconds after the load stops within which every failed set must have gone through
PHONE_TIMEOUT = 10.0
# A hung Redis or database may cost a request this long (timeouts under a second for Redis, 2 s for the database,
# and a little queueing under load), no more: past it the table warns that requests wait the hang out.
HANG_LIMIT = 3.0
IMPORT_ROWS = 6000
# How long the lifter waits for an import whose worker was killed to say it stopped (or finished).
IMPORT_DEADLINE = float(os.environ.get("RELIABILITY_IMPORT_DEADLINE", "60"))
# The app says an import stopped after this long without progress (5 minutes by default; the worker records
# progress every 10 s): this run's servers are asked for less, so the whole run stays within a few minutes.
STOPPED_AFTER = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Redis:
    """A redis-server of the run's own, saving nothing, on a free loopback port."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                   "--dir", str(self.directory)]  # fmt: skip
        env = {name: value for name, value in os.environ.items() if name != "LD_PRELOAD"}  # faketime crashes it
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        for _ in range(100):
            try:
                self.client().ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1)

    def signal(self, number: int) -> None:
        os.kill(self.process.pid, number)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.signal(signal.SIGCONT)
            self.signal(signal.SIGKILL)
            self.process.wait()


# `make serve` runs db_worker under manage.py run_worker, which starts it again when it exits, once that command
# exists (issue 23); before, this run starts it again itself. The table says which did.
SUPERVISED = any(ROOT.glob("*/management/commands/run_worker.py"))


class Worker:
    """db_worker as `make serve` runs it, watched: every db_worker process seen is counted, so a restart shows."""

    def __init__(self, env: dict, log):
        self.env, self.log = env, log
        self.supervisor = None  # manage.py run_worker, when there is one
        self.process = None  # db_worker, when this run keeps it running itself
        self.pids: list[int] = []  # every db_worker seen, in order
        self.stopping = False
        self.restarted_by = "make serve's run_worker" if SUPERVISED else "this run (make serve does not restart it)"

    @property
    def restarts(self) -> int:
        return max(len(self.pids) - 1, 0)

    def start(self) -> None:
        if SUPERVISED:
            self.supervisor = self._popen("run_worker", "--", "--no-startup-delay")
        threading.Thread(target=self._watch, daemon=True, name="db_worker-watch").start()
        self._wait(lambda: self.pids, 20)

    def _popen(self, *command: str) -> subprocess.Popen:
        return subprocess.Popen([PYTHON, "manage.py", *command], cwd=ROOT, env=self.env, stdout=self.log,
                                stderr=self.log)  # fmt: skip

    def current(self) -> int | None:
        if self.supervisor is not None:
            children = subprocess.run(["pgrep", "-P", str(self.supervisor.pid)], capture_output=True, text=True)
            return int(children.stdout.split()[0]) if children.stdout.split() else None
        return self.process.pid if self.process is not None and self.process.poll() is None else None

    def _watch(self) -> None:
        while not self.stopping:
            if self.supervisor is None and (self.process is None or self.process.poll() is not None):
                if self.process is not None:
                    time.sleep(1)  # as run_worker pauses
                if self.stopping:
                    return
                self.process = self._popen("db_worker", "--no-startup-delay")
            pid = self.current()
            if pid and (not self.pids or self.pids[-1] != pid):
                self.pids.append(pid)
            time.sleep(0.1)

    @staticmethod
    def _wait(condition, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.05)
        return bool(condition())

    def kill(self) -> bool:
        """SIGKILL the db_worker; True once another has been started."""
        pid = self.pids[-1]
        os.kill(pid, signal.SIGKILL)
        return self._wait(lambda: self.pids[-1] != pid, 40)

    def stop(self) -> None:
        self.stopping = True
        for process in (self.supervisor, self.process):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)


@dataclass
class Lifter:
    number: int
    user_id: int
    cookie: str
    csrf: str
    workouts: dict[str, tuple[int, list[int]]]  # fault key -> (workout id, its exercises' ids)
    etag: str = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"Cookie": f"sessionid={self.cookie}; csrftoken={self.csrf}", "X-CSRFToken": self.csrf}


class Site:
    """Requests to the app, never following a redirect."""

    def __init__(self, port: int):
        self.port = port

    def request(self, method, path, lifter=None, body=None, headers=None, timeout=PHONE_TIMEOUT):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(
                method, path, body=body, headers={**(lifter.headers if lifter else {}), **(headers or {})}
            )
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode(errors="replace")
        finally:
            connection.close()

    def post_set(self, lifter: Lifter, workout: int, item: int, client_id: str) -> Attempt:
        prefix = f"ex{item}"
        fields = {"weight": "100", "reps": "5", "rir": "2", "client_id": client_id}
        body = urllib.parse.urlencode({f"{prefix}-{name}": value for name, value in fields.items()})
        headers = {"HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded"}
        started = time.monotonic()
        try:
            status, _, page = self.request("POST", f"/log/sessions/{workout}/exercises/{item}/sets/", lifter, body,
                                           headers)  # fmt: skip
            if status != 200:
                outcome = error_kind(status=status)
            else:
                outcome = OK if "is-invalid" not in page else error_kind(invalid=True)
        except (OSError, http.client.HTTPException) as error:
            outcome = error_kind(error=error)
        return Attempt(client_id, started, time.monotonic(), outcome)

    def health(self) -> Health:
        started = time.monotonic()
        try:
            status, _, body = self.request("GET", "/healthz/", timeout=5)
            cache = json.loads(body).get("cache", "?")
        except (OSError, http.client.HTTPException, ValueError):
            status, cache = 0, "?"
        return Health(started, time.monotonic(), status, cache)


@dataclass
class Run:
    """Everything a fault acts on."""

    site: Site
    redis: Redis
    proxy: Proxy
    worker: Worker
    server: subprocess.Popen
    lifters: list[Lifter]
    import_file: bytes
    jobs: list[int] = field(default_factory=list)
    missed: str = ""  # a fault that did not happen as meant


# -- the faults -----------------------------------------------------------------------------------------------


def redis_kill(run: Run) -> list[str]:
    run.redis.signal(signal.SIGKILL)
    run.redis.process.wait()
    time.sleep(3)
    run.redis.start()
    return ["Redis killed, started again empty after 3 s"]


def redis_hang(run: Run) -> list[str]:
    run.redis.signal(signal.SIGSTOP)
    time.sleep(FAULT)
    run.redis.signal(signal.SIGCONT)
    return [f"Redis stopped for {FAULT:.0f} s"]


def redis_full(run: Run) -> list[str]:
    client = run.redis.client()
    used = client.info("memory")["used_memory"]
    client.config_set("maxmemory-policy", "noeviction")
    client.config_set("maxmemory", used + 64 * 1024)
    refused = 0
    until = time.monotonic() + FAULT
    while time.monotonic() < until:  # whether Redis really refuses writes meanwhile
        try:
            client.set("reliability:probe", "x" * 100_000)
        except redis.exceptions.OutOfMemoryError:
            refused += 1
        time.sleep(0.2)
    client.config_set("maxmemory", 0)
    client.delete("reliability:probe")
    return [f"Redis full for {FAULT:.0f} s ({used / 2**20:.1f} MB used, limit +64 KB; {refused} probe writes refused)"]


def db_kill(run: Run) -> list[str]:
    server, name = PG.rsplit("/", 1)
    killed = []
    with psycopg.connect(server + "/postgres", autocommit=True) as admin:
        for round_ in range(3):
            if round_:
                time.sleep(1)
            rows = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            ).fetchall()
            killed.append(len(rows))
    return [f"PostgreSQL connections terminated three times ({' + '.join(map(str, killed))} backends)"]


def db_hang(run: Run) -> list[str]:
    run.proxy.pause()
    time.sleep(FAULT)
    run.proxy.resume()
    return [f"the database silent for {FAULT:.0f} s (the proxy forwarded nothing)"]


def gunicorn_kill(run: Run) -> list[str]:
    workers = subprocess.run(["pgrep", "-P", str(run.server.pid)], capture_output=True, text=True).stdout.split()
    os.kill(int(workers[0]), signal.SIGKILL)
    return [f"gunicorn worker {workers[0]} killed (one of {len(workers)})"]


# -- the import whose worker dies ------------------------------------------------------------------------------

PROGRESS = re.compile(r"([\d,]+) of ([\d,]+) rows read")


def multipart(fields: dict[str, str], name: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
             for key, value in fields.items()]  # fmt: skip
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        f"Content-Type: text/csv\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def start_import(run: Run, lifter: Lifter) -> int:
    """Upload and confirm, as the lifter does on the import pages: the job's id."""
    from django.db import connections

    from training_log.models import ImportJob

    body, content_type = multipart({"csrfmiddlewaretoken": lifter.csrf}, "file", "strong.csv", run.import_file)
    status, headers, _ = run.site.request("POST", "/log/import/", lifter, body, {"Content-Type": content_type}, 60)
    location = headers.get("Location", "")
    if status != 302 or not re.search(r"/log/import/\d+/", location):
        raise RuntimeError(f"upload answered {status}")
    job = int(re.search(r"/log/import/(\d+)/", location).group(1))
    connections.close_all()
    preview = ImportJob.objects.get(pk=job).preview
    fields = {"csrfmiddlewaretoken": lifter.csrf, "unit": "kg"}
    for index, entry in enumerate(preview["exercises"]):
        if not entry["recognised"]:
            fields[f"exercise_{index}"] = str(entry["suggestion"] or "new")
    if preview.get("broken_total"):
        fields["leave_out_broken"] = "on"
    status, _, _ = run.site.request("POST", f"/log/import/{job}/", lifter, urllib.parse.urlencode(fields),
                                    {"Content-Type": "application/x-www-form-urlencoded"}, 30)  # fmt: skip
    if status != 302:
        raise RuntimeError(f"confirming the import answered {status}")
    run.jobs.append(job)
    return job


def job_state(run: Run, lifter: Lifter, job: int) -> tuple[str, str]:
    """What the import's page tells the lifter: ("waiting", ""), ("importing", "1,500 of 6,001"), ("imported",
    "") or ("stopped", the reason shown); ("unknown", why) when the page did not answer."""
    try:
        status, _, page = run.site.request("GET", f"/log/import/{job}/progress/", lifter, timeout=5)
    except (OSError, http.client.HTTPException) as error:
        return "unknown", error_kind(error=error)
    if status != 200:
        return "unknown", str(status)
    if "Import finished" in page:
        return "imported", ""
    if "Not imported" in page:
        said = re.search(r"<p>(.*?)</p>", page, re.S)  # the reason, under the heading
        return "stopped", re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", said.group(1) if said else "")).strip()
    found = PROGRESS.search(page)
    return ("importing", f"{found.group(1)} of {found.group(2)}") if found else ("waiting", "")


def wait_for_end(run: Run, lifter: Lifter, job: int, seconds: float) -> tuple[str, str, float]:
    started = time.monotonic()
    state, text = job_state(run, lifter, job)
    while state not in ("imported", "stopped") and time.monotonic() - started < seconds:
        time.sleep(0.5)
        state, text = job_state(run, lifter, job)
    return state, text, time.monotonic() - started


def end_import(run: Run, lifter: Lifter, job: int) -> list[str]:
    """What the lifter does with an import that stopped: press the page's button that ends it, where there is one."""
    _, _, page = run.site.request("GET", f"/log/import/{job}/progress/", lifter)
    action = re.search(r'action="([^"]*/log/import/\d+/cancel/)"', page)
    if not action:
        return []
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": lifter.csrf})
    status, _, _ = run.site.request("POST", action.group(1), lifter, body,
                                    {"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    state, text = job_state(run, lifter, job)
    return [f"ended with its page's button ({status}): then {state}" + (f" ({text[:100]})" if text else "")]


def worker_kill(run: Run) -> list[str]:
    """The lifter's import, and the worker killed as soon as its page shows rows read."""
    lifter = run.lifters[0]
    job = start_import(run, lifter)
    deadline = time.monotonic() + 60
    state, text = job_state(run, lifter, job)
    while state in ("waiting", "unknown") and time.monotonic() < deadline:
        time.sleep(0.02)
        state, text = job_state(run, lifter, job)
    back = run.worker.kill()
    if not back:
        run.missed = "db_worker killed and not started again within 40 s"
        return [run.missed]
    if state == "importing":
        return [f"db_worker SIGKILLed with {text} rows of the import read; started again by {run.worker.restarted_by}"]
    run.missed = f"db_worker SIGKILLed, but the import was not seen running ({state}): the fault missed"
    return [run.missed]


def after_worker_kill(run: Run) -> tuple[list[str], list[str]]:
    """The killed import must end visibly, and importing the file again must store each set once."""
    from django.db import connections

    from training_log.models import ImportJob, SetLog

    lifter, job = run.lifters[0], run.jobs[-1]
    notes, problems = [], [run.missed] if run.missed else []
    state, text, waited = wait_for_end(run, lifter, job, IMPORT_DEADLINE)
    if state in ("imported", "stopped"):
        notes.append(f"the killed import's page after {waited:.1f} s: {state}" + (f" ({text[:100]})" if text else ""))
        notes += end_import(run, lifter, job)
    else:
        problems.append(
            f"the killed import still says {text or state!r} after {waited:.0f} s, with no visible end (this run "
            f"asks its servers for {STOPPED_AFTER} s without progress: SCAPULA_IMPORT_STOPPED_AFTER)"
        )
    again = start_import(run, lifter)
    state, _, waited = wait_for_end(run, lifter, again, 60)
    connections.close_all()
    expected = ImportJob.objects.get(pk=job).preview["sets"]
    ids = [str(i) for i in SetLog.objects.filter(athlete_id=lifter.user_id).exclude(
        session_exercise__session__imported_from="").values_list("client_id", flat=True)]  # fmt: skip
    notes.append(f"imported again: {state} after {waited:.1f} s; {len(ids):,} imported sets stored for the file's "
                 f"{expected:,}, {len(set(ids)):,} distinct")  # fmt: skip
    if state != "imported":
        problems.append(f"importing the file again did not finish ({state})")
    if len(ids) != expected or len(set(ids)) != len(ids):
        problems.append(f"the file's {expected:,} sets are stored {len(ids):,} times ({len(set(ids)):,} distinct)")
    return notes, problems


@dataclass(frozen=True)
class Fault:
    key: str
    name: str
    act: Callable[[Run], list[str]]  # the fault itself: what it did, in words
    after: Callable[[Run], tuple[list[str], list[str]]] | None = None  # notes and problems, once the load stops
    limit: float | None = None  # seconds a POST may take while the fault lasts
    down: str = ""  # what /healthz/ should say is down meanwhile: "database" or "cache"


FAULTS = [
    Fault("redis-kill", "Redis killed", redis_kill, down="cache"),
    Fault("redis-hang", "Redis hung", redis_hang, limit=HANG_LIMIT, down="cache"),
    Fault("redis-full", "Redis full", redis_full, down="cache"),
    Fault("db-kill", "DB conns killed", db_kill),
    Fault("db-hang", "DB silent", db_hang, limit=HANG_LIMIT, down="database"),
    Fault("worker-kill", "db_worker killed", worker_kill, after_worker_kill),
    Fault("gunicorn-kill", "gunicorn worker killed", gunicorn_kill),
]


# -- one fault under load -------------------------------------------------------------------------------------


def lift(run: Run, lifter: Lifter, fault: str, stop: threading.Event, attempts: list, lock) -> None:
    """Sets one after another; a failed one is sent again with its client id until it goes through."""
    workout, items = lifter.workouts[fault]
    pending, number = None, 0
    deadline = None
    while True:
        if stop.is_set():
            if pending is None:
                return
            deadline = deadline or time.monotonic() + RETRY_DEADLINE
            if time.monotonic() > deadline:
                return
        client_id = pending or str(uuid.uuid4())
        attempt = run.site.post_set(lifter, workout, items[number % len(items)], client_id)
        with lock:
            attempts.append(attempt)
        if attempt.outcome == OK:
            pending, number = None, number + 1
        else:
            pending = client_id
            time.sleep(RETRY_PAUSE)


def watch_health(run: Run, stop: threading.Event, samples: list) -> None:
    while not stop.is_set():
        samples.append(run.site.health())
        time.sleep(0.1)


def check_pages(run: Run, fault: str) -> list[str]:
    """Each lifter's workout page and /log/, as the app serves them now (cache on), against the database."""
    from django.db import connections

    from training_log.models import SetLog, TrainingSession

    connections.close_all()
    problems = []

    def one(lifter: Lifter) -> list[str]:
        workout, _ = lifter.workouts[fault]
        found = []
        stored = set(SetLog.objects.filter(session_exercise__session_id=workout).values_list("pk", flat=True))
        status, _, page = run.site.request("GET", f"/log/sessions/{workout}/", lifter)
        if status != 200:
            return [f"lifter {lifter.number}'s workout page answered {status}"]
        found += compare(f"lifter {lifter.number}'s workout page", set_ids(page), stored)
        if stored and lifter.etag:
            status, _, _ = run.site.request("GET", f"/log/sessions/{workout}/", lifter,
                                            headers={"If-None-Match": lifter.etag})  # fmt: skip
            if status == 304:
                found.append(f"lifter {lifter.number}'s workout page: 304 for the ETag from before its sets")
        listed = list(TrainingSession.objects.filter(athlete_id=lifter.user_id).values_list("pk", flat=True)[:50])
        status, _, page = run.site.request("GET", "/log/", lifter)
        if status != 200:
            return [*found, f"lifter {lifter.number}'s /log/ answered {status}"]
        found += compare(f"lifter {lifter.number}'s /log/", session_ids(page), listed)
        connections.close_all()
        return found

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        for found in pool.map(one, run.lifters):
            problems += found
    return problems


def keep_etags(run: Run, fault: str) -> None:
    def one(lifter: Lifter) -> None:
        workout, _ = lifter.workouts[fault]
        _, headers, _ = run.site.request("GET", f"/log/sessions/{workout}/", lifter)
        lifter.etag = headers.get("ETag", "")

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(one, run.lifters))


def under_load(run: Run, fault: Fault) -> Figures:
    """One fault: the load, the fault, the load a little longer, the retries, then the counting. A fault that
    raises (an upload refused, say) fails its line instead of the whole run."""
    from django.db import connections

    from training_log.models import SetLog

    keep_etags(run, fault.key)
    attempts, samples, lock = [], [], threading.Lock()
    stop, stop_health = threading.Event(), threading.Event()
    threads = [threading.Thread(target=lift, args=(run, lifter, fault.key, stop, attempts, lock))
               for lifter in run.lifters]  # fmt: skip
    watcher = threading.Thread(target=watch_health, args=(run, stop_health, samples))
    for thread in [*threads, watcher]:
        thread.start()
    notes, problems = [], []
    restarts = run.worker.restarts
    try:
        time.sleep(WARM_UP)
        began = time.monotonic()
        try:
            notes = fault.act(run)
        except Exception as error:  # said in the table, and the run goes on
            problems.append(f"the fault itself failed: {error!r}")
        ended = time.monotonic()
        while time.monotonic() < ended + AFTER or (
            time.monotonic() < ended + AFTER_MAX and not any(cache_up(s) and s.started >= ended for s in list(samples))
        ):
            time.sleep(0.2)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        stop_health.set()
        watcher.join()
    if fault.after and not problems:
        try:
            more_notes, problems = fault.after(run)
            notes += more_notes
        except Exception as error:
            problems.append(f"checking after the fault failed: {error!r}")
    page_problems = check_pages(run, fault.key)
    connections.close_all()
    workouts = [lifter.workouts[fault.key][0] for lifter in run.lifters]
    stored = [str(i) for i in SetLog.objects.filter(session_exercise__session_id__in=workouts)
              .values_list("client_id", flat=True)]  # fmt: skip
    result = figures(fault.name, attempts, stored, samples, ended, page_problems)
    result.problems = problems
    more_notes, result.warnings = during_fault(attempts, samples, began, ended, fault.limit, fault.down)
    notes += more_notes
    if run.worker.restarts > restarts:
        notes.append(f"db_worker exited and was started again {run.worker.restarts - restarts} time(s), by "
                     f"{run.worker.restarted_by}")  # fmt: skip
    result.notes = notes
    return result


# -- setting up -----------------------------------------------------------------------------------------------


def prepare(faults: list[Fault]) -> list[Lifter]:
    """The schema, the library, and twenty lifters with a logged-in session each and a fresh workout per fault."""
    from io import StringIO

    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.middleware.csrf import _get_new_csrf_string

    from accounts.models import User
    from exercises.models import Exercise
    from training_log.models import SessionExercise, TrainingSession

    call_command("migrate", verbosity=0)
    call_command("load_library", stdout=StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)
    exercises = [Exercise.objects.get(slug=slug) for slug in ("deadlift", "barbell-row")]
    lifters = []
    for number in range(LIFTERS):
        user = User.objects.create_user(f"lifter{number}", f"lifter{number}@example.com", password=None)
        workouts = {}
        for fault in faults:
            workout = TrainingSession.objects.create(athlete=user, name=fault.name)
            items = [SessionExercise.objects.create(session=workout, exercise=exercise, position=n, sets=3, rep_min=4,
                                                    rep_max=6).pk for n, exercise in enumerate(exercises)]  # fmt: skip
            workouts[fault.key] = (workout.pk, items)
        store = SessionStore()
        store.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "accounts.backends.EmailConfirmationBackend",
                      HASH_SESSION_KEY: user.get_session_auth_hash()})  # fmt: skip
        store.create()
        lifters.append(Lifter(number, user.pk, store.session_key, _get_new_csrf_string(), workouts))
    return lifters


def strong_export(rows: int) -> bytes:
    from import_history import strong_file

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "strong.csv"
        strong_file(path, rows)
        return path.read_bytes()


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def main(keys: list[str]) -> int:
    faults = [fault for fault in FAULTS if not keys or fault.key in keys]
    if keys and len(faults) != len(keys):
        raise SystemExit(f"Unknown fault; the faults are: {', '.join(fault.key for fault in FAULTS)}")
    began = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="scapula-reliability-"))
    rows = []
    with contextlib.ExitStack() as running:  # whatever was started stops, whatever happens
        redis_server = Redis(scratch)
        running.callback(redis_server.stop)
        redis_server.start()
        database = urllib.parse.urlsplit(PG)
        proxy = Proxy((database.hostname, database.port or 5432)).start()
        running.callback(proxy.close)
        proxied = PG.replace(database.netloc, f"{database.username}@127.0.0.1:{proxy.port}")
        env = served_env(proxied, CACHE_URL=redis_server.url, SCAPULA_IMPORT_STOPPED_AFTER=str(STOPPED_AFTER))
        # This process reads the database directly (not through the proxy) and never the cache, with the same
        # secret key, so the login sessions it makes are valid for the site.
        os.environ.update({**env, "DATABASE_URL": PG, "DJANGO_SETTINGS_MODULE": "config.settings"})
        os.environ.pop("CACHE_URL")
        try:
            recreate_database(PG)
        except psycopg.OperationalError as error:
            raise SystemExit(f"make reliability needs PostgreSQL ({PG}; RELIABILITY_DATABASE_URL): {error}") from None
        lifters = prepare(faults)
        log = running.enter_context((scratch / "servers.log").open("w"))
        worker = Worker(env, log)
        running.callback(worker.stop)
        worker.start()
        port = free_port()
        server = gunicorn(port, env, WORKERS, log=log)
        running.callback(stop_server, server)
        run = Run(Site(port), redis_server, proxy, worker, server, lifters, strong_export(IMPORT_ROWS))
        print(f"gunicorn ({WORKERS} workers, debug off) on :{port}, PostgreSQL {database.path[1:]} through a proxy "
              f"on :{proxy.port}, Redis on :{redis_server.port}, db_worker; {LIFTERS} lifters; set-up "
              f"{time.monotonic() - began:.0f} s", flush=True)  # fmt: skip
        for fault in faults:
            rows.append(under_load(run, fault))
            verdict = "FAIL" if rows[-1].failed else "ok"
            print(f"  {verdict:4}  {fault.name}: {rows[-1].requests:,} POSTs, {rows[-1].acknowledged:,} sets "
                  f"acknowledged, {rows[-1].stored:,} stored", flush=True)  # fmt: skip
    print()
    print(table(rows))
    failed = [row.name for row in rows if row.failed]
    print(f"\n{sum(r.requests for r in rows):,} POSTs, {sum(r.acknowledged for r in rows):,} sets acknowledged, "
          f"{sum(r.stored for r in rows):,} stored, {sum(r.lost for r in rows)} lost, "
          f"{sum(r.doubled for r in rows)} doubled, in {time.monotonic() - began:.0f} s")  # fmt: skip
    if failed:
        print(f"FAILED: {', '.join(failed)} (server logs: {scratch / 'servers.log'})")
        return 1
    print("Every fault held: no set lost or doubled, every page as the database has it.")
    shutil.rmtree(scratch)  # kept after a failure, for its servers' log
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
