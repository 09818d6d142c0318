from functools import cached_property

from . import selectors


class _Unread:
    """The menu's unread comment counts, fetched (one query) only when a template reads them: an htmx
    partial that never shows the menu costs nothing."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def counts(self) -> selectors.Unread:
        return selectors.unread_counts(self.user)

    @property
    def folded(self) -> int:
        """The count on "More": what sits inside it. Nothing counted does now: the athlete's own count is on
        "History" and a coach's athletes' on "Coach", both in the row. The badge's place stays (id
        "unread-total", replaced out of band) for whatever moves into "More" next."""
        return 0


def unread_comments(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_comments": _Unread(user)}
