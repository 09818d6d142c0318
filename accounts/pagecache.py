"""A logged-in person's pages, stored in the shared cache until something they show changes.

Each person has a data version in the cache (one value, `people:version:<id>`). Every write that changes
what someone's pages show replaces the version of everyone concerned: the athlete whose workout, plan or
set it is, the coach or author on it, and every person linked to them by a coaching link (a coach's
dashboard shows their athletes; an athlete's pages show their coach's name and comments). Three things
replace versions, so no write is missed:

- a signal on every save and delete of the accounts, workouts and training_log models (from a request, the
  task worker, a management command or the admin) names the people on the row;
- a logged-in person's request that wrote to the database replaces their version and their linked
  people's when it is answered (services that write with QuerySet.update() send no signal: this covers them);
- an import replaces the athlete's version when it ends (bulk inserts send no signal).

A page is kept in a slot named by: the viewer, their login session and CSRF secret (the page holds a CSRF
token for that secret; another phone has its own session, so its own pages), the viewer's local date and
time zone ("today"), the URL with its query string and whether htmx asked. It is kept with the versions it
was made under, the viewer's and the library's (custom exercises, the library): it is served only while
both are still current, so a new version retires it on every process that shares the cache. The versions
and the slot come back in one round trip to the cache. Pages also expire after PERSON_PAGE_TIMEOUT, which bounds
what time alone changes within a day (an invitation that expires). Slot and versions make the page's
ETag: a phone that has the page gets a 304 without it being sent.

Only a cache shared by every process may hold these pages (settings.PRIVATE_PAGE_CACHE: on with CACHE_URL,
off with each process's own memory, where one process could not retire another's pages).
"""

import contextvars
import hashlib
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from core.versions import LIBRARY_VERSION_KEY, current_version, has_messages
from core.versions import replace_versions as replace_keys

from .models import CoachingLink, User

PERSON_VERSION_KEY = "people:version:{}"
PERSON_PAGE_KEY = "people:page:{}"
PERSON_PAGE_TIMEOUT = 10 * 60
WATCHED_APPS = ("accounts", "workouts", "training_log")
# Rows nobody's cached page shows, written in bulk (an upload's megabyte chunks).
UNWATCHED_MODELS = ("training_log.importchunk",)
# Watched on save only: a delete signal would stop Django deleting them in bulk (it would load every row of
# an account's years of sets to signal each). A set is deleted by services.sessions.delete_set, which says so
# itself, or with its workout, exercise or account, whose own delete is watched.
SAVE_ONLY_MODELS = ("training_log.setlog",)

# During a request, the people whose pages changed, replaced once when it is answered (see middleware).
_changed_in_request: contextvars.ContextVar[set[int] | None] = contextvars.ContextVar("people_changed", default=None)


def _linked(user_ids: set[int]) -> set[int]:
    """The people and everyone a coaching link (any, ended too: the link may have just ended) ties them to."""
    rows = CoachingLink.objects.filter(Q(coach_id__in=user_ids) | Q(athlete_id__in=user_ids)).values_list(
        "coach_id", "athlete_id"
    )
    linked = set(user_ids)
    for coach_id, athlete_id in rows:
        linked.update((coach_id, athlete_id))
    return linked


def replace_versions(user_ids) -> None:
    """New versions for these people and everyone linked to them: their stored pages are never read again."""
    ids = {pk for pk in user_ids if pk is not None}
    if ids:
        replace_keys(PERSON_VERSION_KEY.format(pk) for pk in _linked(ids))


def people_changed(user_ids) -> None:
    """Call when a write changed what these people's pages show. In a request, their versions are replaced
    when it is answered; elsewhere now and again when the transaction commits (a page rendered in between
    read the old rows, and the second replacement keeps it from being served)."""
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return
    pending = _changed_in_request.get()
    if pending is not None:
        pending.update(ids)
        return
    replace_versions(ids)
    transaction.on_commit(lambda: replace_versions(ids))


def _people_on(instance) -> set[int]:
    """The people a row belongs to: its user foreign keys, else those of the row it belongs to (a planned
    exercise's workout, a template item's template)."""
    if isinstance(instance, User):
        return {instance.pk}
    ids, parents = set(), []
    for field in instance._meta.concrete_fields:
        if not field.is_relation or not field.many_to_one and not field.one_to_one:
            continue
        if field.related_model is User:
            ids.add(getattr(instance, field.attname))
        elif field.related_model._meta.app_label in WATCHED_APPS:
            parents.append(field)
    if ids:
        return ids
    for field in parents:
        try:
            parent = getattr(instance, field.name)
        except field.related_model.DoesNotExist:  # deleted with it (a cascade)
            continue
        if parent is not None:
            ids |= _people_on(parent)
    return ids


def _row_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata
        return
    people_changed(_people_on(instance))


def connect_signals() -> None:
    """From AccountsConfig.ready: every model of the watched apps."""
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower in UNWATCHED_MODELS:
                continue
            post_save.connect(_row_changed, sender=model, dispatch_uid=f"pagecache-save-{model._meta.label_lower}")
            if model._meta.label_lower not in SAVE_ONLY_MODELS:
                post_delete.connect(_row_changed, sender=model, dispatch_uid=f"pagecache-del-{model._meta.label_lower}")


WRITES = ("INSERT", "UPDATE", "DELETE")


class _Writes:
    """A database execute wrapper that notes whether the request wrote anything."""

    def __init__(self):
        self.seen = False

    def __call__(self, execute, sql, params, many, context):
        if not self.seen and sql.lstrip()[:6].upper() in WRITES:
            self.seen = True
        return execute(sql, params, many, context)


class PeopleChangedMiddleware:
    """Collects the people whose pages a request changed and replaces their versions once, before the answer
    leaves. A logged-in person's request that wrote to the database in any way counts as a change to them and
    their linked people (a service's QuerySet.update() sends no signal)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending: set[int] = set()
        writes = _Writes()
        token = _changed_in_request.set(pending)
        try:
            with connection.execute_wrapper(writes):
                response = self.get_response(request)
        finally:
            _changed_in_request.reset(token)
        user = getattr(request, "user", None)
        if writes.seen and user is not None and user.is_authenticated:
            pending.add(user.pk)
        if pending:
            replace_versions(pending)
        return response


def _slot(request) -> str:
    """Where this viewer's page at this URL is kept: one place, whatever the versions (a new page replaces
    the old one instead of piling up beside it)."""
    parts = [
        str(request.user.pk),
        request.session.session_key or "",
        request.META.get("CSRF_COOKIE", ""),
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
    ]
    return PERSON_PAGE_KEY.format(hashlib.sha256("\n".join(parts).encode()).hexdigest())


def _lookup(request) -> tuple[str, str, tuple | None]:
    """(slot, versions now, what the slot holds): one round trip to the cache."""
    slot = _slot(request)
    version_key = PERSON_VERSION_KEY.format(request.user.pk)
    found = cache.get_many([version_key, LIBRARY_VERSION_KEY, slot])
    version = current_version(version_key, found)
    return slot, f"{version}:{current_version(LIBRARY_VERSION_KEY, found)}", found.get(slot)


def _storable(request, response, csrf_secret: str) -> bool:
    """A page of this request's own: rendering made no new CSRF secret (its tokens are for the one in the key;
    a page renewing the cookie of the same secret is fine), set no cookie and showed no message."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and request.META.get("CSRF_COOKIE", "") == csrf_secret
        and not has_messages(request)
    )


def private_page(view):
    """For a logged-in person's read-only pages (GET never changes data here): answered from the cache while
    nothing the page shows has changed (see above). Put it inside login_required."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if (
            not settings.PRIVATE_PAGE_CACHE
            or request.method not in ("GET", "HEAD")
            or not request.user.is_authenticated
            or has_messages(request)
        ):
            return view(request, *args, **kwargs)
        csrf_secret = request.META.get("CSRF_COOKIE", "")
        slot, versions, stored = _lookup(request)
        etag = '"{}"'.format(hashlib.sha256(f"{slot}:{versions}".encode()).hexdigest()[:32])
        response = get_conditional_response(request, etag=etag)
        if response is None:
            if stored is not None and stored[0] == versions:
                response = HttpResponse(stored[1], content_type=stored[2])
            else:
                response = view(request, *args, **kwargs)
                if not _storable(request, response, csrf_secret):
                    return response
                cache.set(slot, (versions, response.content, response["Content-Type"]), PERSON_PAGE_TIMEOUT)
        response["ETag"] = etag
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped


def forget_pages(user_id: int) -> None:
    """Throwaway stub for the workers branch: helper A's accounts.pagecache has the real one, which the lead keeps."""
