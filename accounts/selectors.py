"""Who may see whom. Every private page reaches another person's data through these functions,
so the rule lives in one place: yourself always; an athlete only while your coaching link is active."""

from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404

from . import deletion
from .deletion import count_rows
from .models import AccountDeletion, CoachingLink, EmailChange, Invitation, User


def active_athlete_links(coach: User) -> QuerySet[CoachingLink]:
    return CoachingLink.objects.active().filter(coach=coach).select_related("athlete").order_by("athlete__username")


def active_coach_links(athlete: User) -> QuerySet[CoachingLink]:
    return CoachingLink.objects.active().filter(athlete=athlete).select_related("coach").order_by("coach__username")


def latest_link(*, coach_id: int, athlete: User) -> CoachingLink | None:
    """The pair's active link, else the one that ended last, else None."""
    return (
        CoachingLink.objects.filter(coach_id=coach_id, athlete=athlete)
        .order_by(F("ended_at").desc(nulls_first=True))
        .first()
    )


def pending_invitations(coach: User) -> QuerySet[Invitation]:
    return Invitation.objects.pending().filter(coach=coach)


def pending_email_change(user: User) -> EmailChange | None:
    return EmailChange.objects.pending().filter(user=user).first()


def athletes_visible_to(viewer: User) -> QuerySet[User]:
    """The viewer and the athletes they coach right now."""
    if not viewer.is_authenticated:
        return User.objects.none()
    coached = CoachingLink.objects.active().filter(coach=viewer).values("athlete_id")
    return User.objects.filter(pk=viewer.pk) | User.objects.filter(pk__in=coached)


def get_athlete_for_viewer(viewer: User, athlete_id) -> User:
    """An athlete the viewer may see, or 404 (never 403: do not reveal that the account exists)."""
    return get_object_or_404(athletes_visible_to(viewer), pk=athlete_id)


def get_link_for_coach(coach: User, link_id) -> CoachingLink:
    return get_object_or_404(CoachingLink.objects.active().filter(coach=coach), pk=link_id)


def get_link_for_athlete(athlete: User, link_id) -> CoachingLink:
    return get_object_or_404(CoachingLink.objects.active().filter(athlete=athlete), pk=link_id)


def get_pending_invitation_for_coach(coach: User, invitation_id) -> Invitation:
    return get_object_or_404(pending_invitations(coach), pk=invitation_id)


def account_contents(user: User) -> dict[str, int]:
    """What deleting the account removes, as its confirmation page counts it: each app's counts (see
    accounts.deletion) and the links, in one query."""
    counts = {
        "athletes": count_rows(CoachingLink, coach=user, ended_at__isnull=True),
        "coaches": count_rows(CoachingLink, athlete=user, ended_at__isnull=True),
    }
    for part in deletion.parts():
        counts |= part.counts(user)
    return User.objects.filter(pk=user.pk).values(**counts).get()


@dataclass(frozen=True)
class DeletionProgress:
    finished: bool
    left: dict[str, int] | None  # what account_contents counts, while the account is still there


def deletion_progress(pk: int) -> DeletionProgress | None:
    """Where a deletion stands, for its progress page: two queries."""
    deletion = AccountDeletion.objects.filter(pk=pk).first()
    if deletion is None:
        return None
    user = None if deletion.finished_at else User.objects.filter(pk=deletion.user_id).first()
    if user is None:
        return DeletionProgress(finished=True, left=None)
    return DeletionProgress(finished=False, left=account_contents(user))
