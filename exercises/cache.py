"""The public library pages, cached for visitors who are not logged in.

One value in Django's cache, the library version, names the library as it is now: every write to the
library or to a custom exercise (exercises.services, the admin) bumps it. An anonymous page is stored
under the version and its URL, and its ETag is made of the same, so a bump retires every stored page and
every ETag at once, on every process that shares the cache. Logged-in pages carry the person's menu (their
name, their unread comments) and, on the library, their own exercises: they are never stored in a shared
cache, only answered with 304 when the page they would get is byte for byte the one they have.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag

from core.versions import LIBRARY_VERSION_KEY as VERSION_KEY
from core.versions import current_version, has_messages, versions_changed

PAGE_KEY = "library:page:{}"
# Stored pages of an old version are never read again; this only bounds how long they take up room.
PAGE_TIMEOUT = 24 * 60 * 60
# A browser or proxy may reuse an anonymous page for a minute without asking: the library changes on a
# deploy, not by the second, and nothing private is on it. After that it revalidates with the ETag (a 304).
BROWSER_MAX_AGE = 60


def library_version() -> str:
    return current_version(VERSION_KEY)


def library_changed() -> None:
    """Call from every write that changes what the library pages show."""
    versions_changed([VERSION_KEY])


def _private(request, response):
    """A logged-in page: never in a shared cache; a 304 only when the page rendered now is the same."""
    if response.status_code == 200 and not response.streaming:
        patch_cache_control(response, private=True, no_cache=True)
        set_response_etag(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)
    return response


def _anonymous(request, view, args, kwargs):
    path = request.get_full_path()  # the query string too: /exercises/?q=row is its own page
    digest = hashlib.sha256(f"{library_version()}\nanonymous\n{path}".encode()).hexdigest()[:32]
    etag = f'"{digest}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        key = PAGE_KEY.format(digest)
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                # A page that holds a CSRF token is the visitor's own (none of ours do; this keeps it so).
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            ):
                cache.set(key, (response.content, response["Content-Type"]), PAGE_TIMEOUT)
    if response.status_code in (200, 304):
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
    # The same URL is another page once logged in: no browser or proxy may hand one for the other.
    patch_vary_headers(response, ["Cookie"])
    return response


def public_library_page(view):
    """For the pages anyone may read: stored and answered with 304 for anonymous visitors (see above)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if request.user.is_authenticated or has_messages(request):
            return _private(request, view(request, *args, **kwargs))
        return _anonymous(request, view, args, kwargs)

    return wrapped
