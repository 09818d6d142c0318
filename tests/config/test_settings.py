import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_debug_off_without_secret_key_refuses_to_start():
    result = _import_settings(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr.splitlines()[-1]


def test_debug_off_with_real_secret_key_starts():
    result = _import_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x7" * 30)
    assert result.returncode == 0, result.stderr


def test_database_url_selects_postgresql():
    code = "from django.conf import settings; import config.settings as s; print(s.DATABASES['default']['ENGINE'])"
    environment = dict(os.environ, DATABASE_URL="postgres://postgres@127.0.0.1:5432/scapula")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_cache_url_selects_redis_and_it_works():
    code = (
        "import django; django.setup(); from django.core.cache import caches; cache = caches['default']; "
        "cache.set('scapula-probe', 42, 5); print(type(cache).__name__, cache.get('scapula-probe'))"
    )
    environment = dict(os.environ, CACHE_URL="redis://127.0.0.1:6379/15", DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.stdout.split() == ["RedisCache", "42"], result.stderr


def test_behind_proxy_trusts_the_forwarded_headers_and_nothing_else_does():
    code = "import config.settings as s; print(s.BEHIND_PROXY, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    behind = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=dict(environment, DJANGO_BEHIND_PROXY="true"),
        capture_output=True,
        text=True,
    )
    direct = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert behind.stdout.strip() == "True ('HTTP_X_FORWARDED_PROTO', 'https')", behind.stderr
    assert direct.stdout.strip() == "False None", direct.stderr
