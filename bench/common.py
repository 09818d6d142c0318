"""What the bench scripts share: a throwaway PostgreSQL database, the production-like environment, and a
gunicorn on a loopback port that is up before anyone talks to it."""

import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def recreate_database(url: str) -> None:
    """Drop and create the database a postgres:// URL names (its server's `postgres` database does it)."""
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def served_env(database_url: str, **extra: str) -> dict[str, str]:
    """Debug off with a fresh secret key, on plain HTTP at 127.0.0.1, one log line per request silenced."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_REQUEST_LOG_LEVEL": "WARNING",
        **extra,
    }


def gunicorn(port: int, env: dict[str, str], workers: int | str = 2, log=None) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:port, returned once /healthz/ answers (or after 20 s). log: a file for its output
    (the errors a fault provokes), else the terminal."""
    server = subprocess.Popen(
        [str(Path(PYTHON).with_name("gunicorn")), "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--no-control-socket", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=1)  # noqa: S310 - loopback
            break
        except OSError:
            time.sleep(0.2)
    return server
