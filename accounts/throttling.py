"""Log-in throttling on top of django-axes: where a request comes from, and two limits instead of one.

Axes counts failures per lock-out parameter and compares the largest count with one limit. We want
two limits: a few failures for one username from one address (someone guessing a password), and more
for one address across any usernames (someone trying a list of accounts). Never the username alone:
that would let anyone lock a lifter out from everywhere by typing their name wrong five times.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


def client_ip(request) -> str | None:
    """The client's address. Behind our proxy (`DJANGO_BEHIND_PROXY`) it is the right-most entry of
    X-Forwarded-For, the one our proxy added; entries to its left come from the client and can be
    anything. Without the proxy, or when the header is missing or garbled, REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR") or None
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            return remote
    return remote


class LoginThrottle(AxesDatabaseHandler):
    """Reads AXES_LOCKOUT_PARAMETERS as [["username", "ip_address"], "ip_address"], in that order."""

    def get_failures(self, request, credentials=None) -> int:
        by_pair, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            # Axes locks when this count reaches AXES_FAILURE_LIMIT: report the address's lock on that scale.
            return max(by_pair, settings.AXES_FAILURE_LIMIT)
        return by_pair

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful log-in clears that username's failures from this address only: logging in to
        one's own account must not wipe the count of an address trying many others."""
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair.delete()
        return count
