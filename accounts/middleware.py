import zoneinfo

from django.utils import timezone
from django.utils.cache import patch_cache_control


class UserTimeZoneMiddleware:
    """Activates the logged-in user's time zone for the request, so `timezone.localdate()` is their
    today and templates show their clock. Visitors get settings.TIME_ZONE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class PrivatePagesMiddleware:
    """Every answer to a logged-in person is `Cache-Control: private, no-store`: no shared cache keeps it, and the
    browser keeps no copy, so Back on a shared phone after log-out shows nothing of theirs. (The server's page
    cache, accounts.pagecache, is what makes their pages fast; no-store browsers never send a revalidation.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
