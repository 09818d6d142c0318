"""Reads of the comment threads on workouts: a thread, and the unread counts the menu, the history and the
coach's dashboard show. Scoped to the viewer through accounts.selectors.athletes_visible_to."""

from dataclasses import dataclass

from django.db.models import Count, F, Func, OuterRef, Q, QuerySet, Subquery

from accounts.models import CoachingLink, User
from accounts.selectors import athletes_visible_to

from ..models import Comment, CommentRead, TrainingSession


def comments_for(viewer: User, session: TrainingSession) -> list[Comment]:
    """The session's thread, oldest first, each comment with `is_new` (by someone else, after the viewer's
    read mark). The session must come through a scoped selector (get_session_for_viewer). Two queries."""
    read_at = CommentRead.objects.filter(user=viewer, session=session).values_list("read_at", flat=True).first()
    comments = list(session.comments.select_related("author"))
    for comment in comments:
        comment.is_new = comment.author_id != viewer.pk and (read_at is None or comment.created_at > read_at)
    return comments


def _unread_on(viewer: User, athletes: Q) -> QuerySet[Comment]:
    """Comments by others on the workouts `athletes` selects, after the viewer's read mark for that workout."""
    read_at = CommentRead.objects.filter(user=viewer, session_id=OuterRef("session_id")).values("read_at")[:1]
    return (
        Comment.objects.filter(athletes)
        .exclude(author=viewer)
        .annotate(read_at=Subquery(read_at))
        .filter(Q(read_at__isnull=True) | Q(created_at__gt=F("read_at")))
    )


def _unread(viewer: User) -> QuerySet[Comment]:
    """Comments by others on the sessions the viewer may see now, after the viewer's read mark for that
    session (all of them where there is no mark)."""
    return _unread_on(viewer, Q(athlete__in=athletes_visible_to(viewer).values("pk")))


def unread_count(viewer: User) -> int:
    """One query."""
    return _unread(viewer).count()


@dataclass(frozen=True)
class Unread:
    own: int  # on the viewer's own workouts
    coached: int  # on the workouts of the athletes they coach

    @property
    def total(self) -> int:
        return self.own + self.coached


def _count(queryset: QuerySet) -> Subquery:
    """COUNT(*) of a queryset, as a scalar subquery."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1])


def unread_counts(viewer: User) -> Unread:
    """The menu's counts (on every page that draws the menu), in one query of two scalar subqueries: one on the
    viewer's own workouts, one on those of the athletes they coach now. Each follows the indexes from the
    athlete to their workouts to the comments; one query filtered on "own OR coached" made PostgreSQL read every
    workout of every athlete (84 ms of /today/'s 91 ms of SQL with 156,000 workouts)."""
    coached = CoachingLink.objects.active().filter(coach=viewer).values("athlete_id")
    counts = (
        User.objects.filter(pk=viewer.pk)
        .values(
            own=_count(_unread_on(viewer, Q(athlete_id=viewer.pk))),
            coached=_count(_unread_on(viewer, Q(athlete_id__in=coached))),
        )
        .get()
    )
    return Unread(own=counts["own"] or 0, coached=counts["coached"] or 0)


def unread_counts_by_athlete(viewer: User) -> dict[int, int]:
    """athlete id -> unread comments on their workouts, for the athletes the viewer sees. One query."""
    rows = _unread(viewer).values("athlete_id").annotate(count=Count("pk")).order_by()
    return {row["athlete_id"]: row["count"] for row in rows}


def unread_by_session(viewer: User, athlete: User) -> dict[int, int]:
    """session id -> unread comments, on this athlete's workouts. One query."""
    rows = _unread(viewer).filter(athlete=athlete).values("session_id").annotate(count=Count("pk")).order_by()
    return {row["session_id"]: row["count"] for row in rows}
