"""Scale-out, proven: two gunicorn instances on two loopback ports, one PostgreSQL and one Redis between them.

1. Log in on instance A; A keeps the workout page (a logged-in page, in Redis: a 304 for the phone that has
   it); with that session cookie, log a set on instance B; A shows it, not the page it kept.
2. Both instances answer an anonymous library page with the same ETag (one library version, in Redis); an
   exercise created through B retires it, and A answers the old ETag with a fresh page (200), not a 304.
Nothing of a request lives in a web process: sessions are in the database, the cache is Redis.

Usage: make scale-out (PostgreSQL on 127.0.0.1:5432, Redis on 127.0.0.1:6379). Exits non-zero on any failure.
Uses the database scapula_scaleout (recreated) and Redis database 15 (flushed).
"""

import http.cookiejar
import os
import re
import signal
import subprocess
import urllib.error
import urllib.parse
import urllib.request

from common import PYTHON, ROOT, gunicorn, recreate_database, served_env

PG = os.environ.get("SCALE_OUT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/scapula_scaleout")
REDIS = os.environ.get("SCALE_OUT_CACHE_URL", "redis://127.0.0.1:6379/15")
PORTS = (8931, 8932)
PASSWORD = "scale-out-password"  # noqa: S105 - a throwaway user of a throwaway database

SETUP = f"""
from accounts.models import User
from exercises.models import Exercise
from training_log.models import SessionExercise, TrainingSession
from django.core.cache import cache
cache.clear()
user = User.objects.create_user("lifter", "lifter@example.com", "{PASSWORD}")
session = TrainingSession.objects.create(athlete=user, name="Pull")
item = SessionExercise.objects.create(session=session, exercise=Exercise.objects.get(slug="deadlift"), sets=3,
                                      rep_min=4, rep_max=6)
print("PATHS", session.get_absolute_url(), f"/log/sessions/{{session.pk}}/exercises/{{item.pk}}/sets/", item.pk)
"""


class Browser:
    """One person's cookies, used against either instance."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), "")

    def get(self, port, path, headers=None):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
        try:
            with self.opener.open(request, timeout=10) as response:  # noqa: S310 - loopback
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def post(self, port, path, data, headers=None):
        token = self.cookie("csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", data=body, headers={"X-CSRFToken": token, **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=10) as response:  # noqa: S310 - loopback
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def check(condition, what):
    print(("  ok    " if condition else "  FAIL  ") + what)
    if not condition:
        raise SystemExit(1)


def main():
    name = PG.rsplit("/", 1)[1]
    recreate_database(PG)
    env = served_env(PG, CACHE_URL=REDIS)
    for command in (["migrate", "--noinput", "-v0"], ["load_library"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    workout, set_path, item = re.search(r"PATHS (\S+) (\S+) (\d+)", out).groups()
    servers = []
    try:
        servers += [gunicorn(port, env) for port in PORTS]
        a, b = PORTS
        print(f"Two instances: A on :{a}, B on :{b}; PostgreSQL {name}, Redis {REDIS}")
        lifter = Browser()
        lifter.get(a, "/accounts/login/")
        status, _ = lifter.post(a, "/accounts/login/", {"username": "lifter", "password": PASSWORD})
        check(status == 200 and lifter.cookie("sessionid"), "logged in on A")
        status, _, page = lifter.get(b, workout)
        check(
            status == 200 and "Deadlift" in page,
            "B knows the session A started (sessions in the database, read through Redis)",
        )
        lifter.get(a, workout)
        _, kept, _ = lifter.get(a, workout)
        status, _, _ = lifter.get(a, workout, {"If-None-Match": kept.get("ETag", "")})
        check(status == 304, "A keeps the workout page (a logged-in page, in Redis): 304 for the phone that has it")
        prefix = f"ex{item}"
        fields = {f"{prefix}-weight": "315", f"{prefix}-reps": "5", f"{prefix}-rir": "2"}
        status, _ = lifter.post(b, set_path, {**fields, f"{prefix}-client_id": "6f2a5c1e-0c4b-4c55-9a53-2f1d7c1e9b01"})
        check(status == 200, "logged a set on B")
        status, headers, page = lifter.get(a, workout, {"If-None-Match": kept["ETag"]})
        check(status == 200 and "315 lb × 5" in page, "A shows the set logged on B, not the page it kept")

        visitor = Browser()
        _, headers_a, _ = visitor.get(a, "/exercises/deadlift/")
        _, headers_b, _ = visitor.get(b, "/exercises/deadlift/")
        etag = headers_a["ETag"]
        check(etag and etag == headers_b["ETag"], f"A and B give the anonymous page one ETag ({etag})")
        status, _, _ = visitor.get(a, "/exercises/deadlift/", {"If-None-Match": etag})
        check(status == 304, "A answers that ETag with 304")
        lifter.get(b, "/exercises/new/")
        custom = {
            "name": "Band pull-apart", "equipment": "cable", "muscle_rhomboids": "primary", "rep_min": "12",
            "rep_max": "20", "unit": "lb", "step_up": "5", "step_down": "5",
        }  # fmt: skip
        status, page = lifter.post(b, "/exercises/new/", custom)
        created = status == 200 and "Band pull-apart" in page and "is-invalid" not in page
        check(created, "an exercise created through B (the library version moves on, in Redis)")
        status, headers, _ = visitor.get(a, "/exercises/deadlift/", {"If-None-Match": etag})
        check(status == 200 and headers["ETag"] != etag, "A no longer serves the old page: 200 with a new ETag")
        print("Scale-out proven: any number of instances can share one PostgreSQL and one Redis.")
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
