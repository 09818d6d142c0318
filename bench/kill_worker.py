"""Reliability under a crash: kill a gunicorn worker (SIGKILL) while lifters are logging sets.

Eight threads log sets for 10 seconds (each POST a new client id, as the set form does), against gunicorn with
two workers on PostgreSQL; after 3 seconds one worker is killed mid-flight and gunicorn starts another. Then every
request that got no success is sent again with the same client id, as a phone would retry. Checks: every set whose
POST was answered with success is in the database, the retries stored nothing twice, nothing else is there, and
the eight "tabs" logging into one workout at once left its sets in order.

Usage: make reliability (PostgreSQL on 127.0.0.1:5432; database scapula_reliability, recreated). Exits non-zero
on any failure.
"""

import os
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from common import PYTHON, ROOT, gunicorn, recreate_database, served_env

PG = os.environ.get("RELIABILITY_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/scapula_reliability")
PORT = 8941
SECONDS = 10
THREADS = 8

SETUP = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import _get_new_csrf_string
from accounts.models import User
from exercises.models import Exercise
from training_log.models import SessionExercise, TrainingSession
user = User.objects.create_user("lifter", "lifter@example.com", "reliability-password")
session = TrainingSession.objects.create(athlete=user, name="Pull")
items = [SessionExercise.objects.create(session=session, exercise=Exercise.objects.get(slug=slug), position=n, sets=3,
                                        rep_min=4, rep_max=6) for n, slug in enumerate(["deadlift", "barbell-row"])]
store = SessionStore()
store.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "accounts.backends.EmailConfirmationBackend",
              HASH_SESSION_KEY: user.get_session_auth_hash()})
store.create()
print("COOKIE", store.session_key, _get_new_csrf_string(), session.pk, " ".join(str(i.pk) for i in items))
"""

COUNT = """
from training_log.models import SetLog
ids = list(SetLog.objects.values_list("client_id", flat=True))
print("STORED", len(ids), len(set(ids)))
by_time = list(SetLog.objects.order_by("logged_at", "pk").values_list("pk", flat=True))
print("ORDERED", by_time == sorted(by_time))
print("IDS", " ".join(str(i) for i in ids))
"""


def post(cookie, csrf, session, item, client_id):
    prefix = f"ex{item}"
    body = urllib.parse.urlencode(
        {f"{prefix}-weight": "225", f"{prefix}-reps": "5", f"{prefix}-rir": "2", f"{prefix}-client_id": client_id}
    ).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/log/sessions/{session}/exercises/{item}/sets/",
        data=body,
        headers={"Cookie": f"sessionid={cookie}; csrftoken={csrf}", "X-CSRFToken": csrf, "HX-Request": "true"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status == 200 and b"is-invalid" not in response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def main():
    recreate_database(PG)
    env = served_env(PG)
    for command in (["migrate", "--noinput", "-v0"], ["load_library"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)

    def shell(code):
        return subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout

    cookie, csrf, session, *items = re.search(r"COOKIE (.+)", shell(SETUP)).group(1).split()
    server = gunicorn(PORT, env)
    results: list[tuple[str, bool]] = []
    lock = threading.Lock()
    try:
        stop = time.monotonic() + SECONDS

        def lifter(number):
            while time.monotonic() < stop:
                client_id = str(uuid.uuid4())
                ok = post(cookie, csrf, session, items[number % len(items)], client_id)
                with lock:
                    results.append((client_id, ok))

        threads = [threading.Thread(target=lifter, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        time.sleep(3)
        workers = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        os.kill(int(workers[0]), signal.SIGKILL)
        print(f"Killed gunicorn worker {workers[0]} after 3 s of {THREADS} lifters logging sets")
        for thread in threads:
            thread.join()
        failed = [client_id for client_id, ok in results if not ok]
        retried = [client_id for client_id in failed if post(cookie, csrf, session, items[0], client_id)]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    out = shell(COUNT)
    stored, distinct = (int(n) for n in re.search(r"STORED (\d+) (\d+)", out).groups())
    ids = set(re.search(r"IDS ?(.*)", out).group(1).split())
    ordered = "ORDERED True" in out
    succeeded = {client_id for client_id, ok in results if ok} | set(retried)
    print(
        f"{len(results):,} POSTs: {len(results) - len(failed):,} answered with success, {len(failed)} failed "
        f"(the killed worker's), {len(retried)} of those retried with success; {stored:,} sets stored"
    )
    checks = [
        (succeeded <= ids, "every set answered with success is in the database"),
        (stored == distinct, "no set stored twice"),
        (ordered, "eight tabs on one workout: the sets' times follow the order they were stored in"),
        (ids <= {client_id for client_id, _ in results}, "nothing stored that was not sent"),
        (len(retried) == len(failed), "every failed request succeeded when retried"),
    ]
    for ok, what in checks:
        print(("  ok    " if ok else "  FAIL  ") + what)
    if not all(ok for ok, _ in checks):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
