from functools import cached_property

from .selectors.comments import Unread, unread_counts


class _Unread:
    """The menu's unread comment counts, fetched (one query) only when a template reads them: an htmx
    partial that never shows the menu costs nothing."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def counts(self) -> Unread:
        return unread_counts(self.user)


def unread_comments(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_comments": _Unread(user)}
