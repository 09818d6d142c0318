from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from .services import check_coach


def coach_required(view):
    """For the coach pages, inside login_required: someone who doesn't coach goes to Settings, where the
    message says how to switch it on (not a 403: it is their own choice, one tick away)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            check_coach(request.user)
        except PermissionDenied as refusal:
            messages.info(request, str(refusal))
            return redirect("accounts:settings")
        return view(request, *args, **kwargs)

    return wrapped
