"""A logged-in person's pages, stored in the shared cache until something they show changes.

A page is kept under `people:page:<viewer id>:<digest>`, the digest naming the viewer's login session and the
page's path with only the query parameters its view declares (core.pagekeys: any other URL is made fresh and
never stored). Beside the page is its stamp: the viewer's `pages_version` and the library's version (both read
with `request.user` by the auth backend, accounts.versions), the viewer's CSRF secret (the page holds a token
for it), time zone and local date. It is served only while the stamp is what the request would make now; a new
page replaces the old in the same slot, so a person has at most one entry per page and login. A page read from
the cache costs the session and the user queries and one round trip to the cache. The release
(settings.RELEASE) is in every cache key and in the ETag: a deploy retires every page.

Write services keep the versions right (accounts.versions.changed, inside their transaction): a coach whose
link ended has a new version, so the page they were shown is never served again and the view, with its scoped
access check, runs. That is also why a 304 is only ever answered for a page stored under the current versions
or one the view has just made: `If-None-Match: *` on someone else's athlete gets the view's 404.

The pages are `Cache-Control: private, no-store`: a browser keeps no copy (Back on a shared phone after
log-out shows nothing) and so never revalidates; the ETag serves other clients. What makes the pages fast is the
server's cache.

Only a cache shared by every process may hold these pages (settings.PRIVATE_PAGE_CACHE: on with CACHE_URL,
off with each process's own memory, where a page could outlive a change made by another process's cache).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from core.pagekeys import canonical_path, has_messages

from .versions import LIBRARY_MIRROR_KEY, changed, library_version

PERSON_PAGE_KEY = "people:page:{}:{}"  # viewer id, digest of (login session, canonical path)
PERSON_PAGE_TIMEOUT = 10 * 60  # bounds what time alone changes within a day (an invitation that expires)
_UNREAD = object()  # a user loaded some other way than by accounts.backends (no library version with it)


def replace_versions(user_ids) -> None:
    """New page versions for these people, outside any write (bench/ uses it so a page is made, not read)."""
    with transaction.atomic():
        changed(people=user_ids)


def forget_pages(user_id) -> int:
    """Deletes every page stored for this person (a deleted account): with Redis, by a SCAN of the pattern of
    their keys. Other caches cannot list keys; there the pages are never served (the person's version, and
    then the person, is gone) and expire within PERSON_PAGE_TIMEOUT."""
    delete_matching = getattr(cache, "delete_matching", None)
    return delete_matching(PERSON_PAGE_KEY.format(user_id, "")) if delete_matching else 0


def _slot(request, path: str) -> str:
    digest = hashlib.sha256(f"{request.session.session_key or ''}\n{path}".encode()).hexdigest()
    return PERSON_PAGE_KEY.format(request.user.pk, digest)


def _stamp(request, library: str) -> str:
    """What the stored page must have been made under to be served now."""
    return "\n".join(
        [
            request.user.pages_version,
            library,
            request.META.get("CSRF_COOKIE", ""),
            timezone.get_current_timezone_name(),
            timezone.localdate().isoformat(),
        ]
    )


def _storable(request, response, csrf_secret: str) -> bool:
    """A page of this request's own: rendering made no new CSRF secret (its tokens are for the one in the stamp;
    a page renewing the cookie of the same secret is fine), set no cookie and showed no message."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and request.META.get("CSRF_COOKIE", "") == csrf_secret
        and not has_messages(request)
    )


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def private_page(view=None, *, query=None):
    """For a logged-in person's read-only pages (GET never changes data here): answered from the cache while
    nothing the page shows has changed (see above). `query`: the parameters the view reads, each with the
    values it allows (core.pagekeys). Put it inside login_required."""
    if view is None:
        return lambda view: private_page(view, query=query)
    allowed = query or {}

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if (
            not settings.PRIVATE_PAGE_CACHE
            or request.method not in ("GET", "HEAD")
            or not request.user.is_authenticated
            or has_messages(request)
            or "HX-Request" in request.headers  # a fragment: none of these pages is fetched so
        ):
            return view(request, *args, **kwargs)
        path = canonical_path(request, allowed)
        if path is None:
            return _private(view(request, *args, **kwargs))
        slot = _slot(request, path)
        # Read with the user (accounts.backends): None when the database has no library version row yet.
        library = getattr(request.user, "library_version", _UNREAD)
        found = cache.get_many([slot] if library is not _UNREAD else [slot, LIBRARY_MIRROR_KEY])
        stamp = _stamp(request, library_version(found) if library is _UNREAD else library or "")
        etag = '"{}"'.format(hashlib.sha256(f"{settings.RELEASE}\n{slot}\n{stamp}".encode()).hexdigest()[:32])
        stored = found.get(slot)
        if stored is not None and stored[0] == stamp:
            response = get_conditional_response(request, etag=etag) or HttpResponse(stored[1], content_type=stored[2])
        else:
            csrf_secret = request.META.get("CSRF_COOKIE", "")
            response = view(request, *args, **kwargs)
            if not _storable(request, response, csrf_secret):
                return _private(response)
            cache.set(slot, (stamp, response.content, response["Content-Type"]), PERSON_PAGE_TIMEOUT)
            response = get_conditional_response(request, etag=etag, response=response)
        response["ETag"] = etag
        return _private(response)

    return wrapped
