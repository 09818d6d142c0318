import os
import re
import secrets
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


CACHE_PROBE = (
    "import django; django.setup(); from django.conf import settings; from django.core.cache import caches; "
    "cache = caches['default']; cache.set('scapula-probe-42', 42, 5); print(type(cache).__name__, "
    "cache.get('scapula-probe-42'), settings.SESSION_ENGINE.rsplit('.', 1)[1], settings.PRIVATE_PAGE_CACHE, "
    "settings.CARD_HISTORY_CACHE)"
)


def test_cache_url_selects_redis_and_it_works_and_keeps_logins_and_pages():
    environment = dict(os.environ, CACHE_URL="redis://127.0.0.1:6379/15", DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "-c", CACHE_PROBE], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.stdout.split() == ["RedisCache", "42", "cached_db", "True", "True"], result.stderr


def test_the_redis_cache_keeps_one_client_for_its_pool():
    """Django's own backend makes a client for every call (config/cache.py)."""
    code = (
        "import django; django.setup(); from django.core.cache import cache; cache.set('scapula-probe', 7, 5); "
        "clients = [cache._cache.get_client(write=w) for w in (True, False, True)]; "
        "print(len({id(c) for c in clients}), cache.get_many(['scapula-probe']))"
    )
    environment = dict(os.environ, CACHE_URL="redis://127.0.0.1:6379/15", DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.stdout.strip() == "1 {'scapula-probe': 7}", result.stderr


def test_without_a_shared_cache_logins_and_pages_stay_in_the_database():
    environment = {k: v for k, v in os.environ.items() if k != "CACHE_URL" and not k.startswith("DJANGO_")}
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run(
        [sys.executable, "-c", CACHE_PROBE], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.stdout.split() == ["LocMemCache", "42", "db", "False", "False"], result.stderr


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


PRODUCTION = {"DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "scapula.example.com"}


def _production(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(PRODUCTION, DJANGO_SECRET_KEY=secrets.token_urlsafe(50), **env)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True)


HARDENING = (
    "import config.settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
    "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
)


def test_https_hardening_is_on_by_default_with_debug_off():
    result = _production("-c", HARDENING)
    assert result.stdout.split() == ["True", "True", "True", "31536000", "True", "False"], result.stderr


def test_each_part_of_the_https_hardening_turns_off_on_its_own():
    result = _production(
        "-c", HARDENING, DJANGO_SECURE_COOKIES="0", DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_SECURE_HSTS_SECONDS="0"
    )
    assert result.stdout.split() == ["False", "False", "False", "0", "False", "False"], result.stderr
    subdomains = _production("-c", HARDENING, DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="0")
    assert subdomains.stdout.split() == ["True", "True", "True", "31536000", "False", "False"], subdomains.stderr


def test_https_hardening_stays_off_in_development():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", HARDENING], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.stdout.split() == ["False", "False", "False", "0", "False", "False"], result.stderr


def test_check_deploy_is_clean_with_production_settings_but_for_hsts_preload():
    result = _production("manage.py", "check", "--deploy")
    # HSTS preload (W021) stays off on purpose: see SECURE_HSTS_PRELOAD in config/settings.py.
    reported = set(re.findall(r"\((\w+\.[WE]\d+)\)", result.stdout + result.stderr))
    assert reported == {"security.W021"}, result.stdout + result.stderr
    assert result.returncode == 0
