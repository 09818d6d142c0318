"""Reads for templates and plans, scoped to the viewer. Views never query these models directly."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.selectors import athletes_visible_to

from .models import PlannedExercise, PlannedSession, TemplateItem, WorkoutTemplate


def templates_visible_to(viewer: User) -> QuerySet[WorkoutTemplate]:
    """The viewer's own templates and our public ones."""
    mine = Q(owner=viewer) if viewer.is_authenticated else Q(pk__in=[])
    return WorkoutTemplate.objects.filter(mine | Q(owner__isnull=True))


def template_list(viewer: User) -> QuerySet[WorkoutTemplate]:
    return templates_visible_to(viewer).annotate(item_count=Count("items")).order_by("owner_id", "name", "pk")


def _items() -> Prefetch:
    return Prefetch("items", queryset=TemplateItem.objects.select_related("exercise").order_by("position", "pk"))


def get_template_for_viewer(viewer: User, pk) -> WorkoutTemplate:
    return get_object_or_404(templates_visible_to(viewer).prefetch_related(_items()), pk=pk)


def get_template_for_owner(viewer: User, pk) -> WorkoutTemplate:
    """Someone else's private template: 404. A public template: visible, so 403 (copy it instead)."""
    template = get_template_for_viewer(viewer, pk)
    if template.owner_id != viewer.pk:
        raise PermissionDenied("Public templates can be copied, not edited.")
    return template


def sessions_visible_to(viewer: User) -> QuerySet[PlannedSession]:
    return PlannedSession.objects.filter(athlete__in=athletes_visible_to(viewer).values("pk"))


def _with_exercises(sessions: QuerySet[PlannedSession]) -> QuerySet[PlannedSession]:
    exercises = PlannedExercise.objects.select_related("exercise").order_by("position", "pk")
    return sessions.select_related("planned_by", "athlete").prefetch_related(Prefetch("exercises", queryset=exercises))


def upcoming_sessions(athlete: User, *, today: datetime.date) -> QuerySet[PlannedSession]:
    """Sessions from today on. Callers pass an athlete already fetched through accounts.selectors."""
    return _with_exercises(PlannedSession.objects.filter(athlete=athlete, date__gte=today))


def get_session_for_viewer(viewer: User, pk) -> PlannedSession:
    return get_object_or_404(_with_exercises(sessions_visible_to(viewer)), pk=pk)


def get_session_for_planner(viewer: User, pk) -> PlannedSession:
    """Only whoever planned a session changes it, and a coach only while still linked.

    Not visible: 404. Visible but planned by someone else (the athlete looking at their coach's plan): 403.
    """
    session = get_session_for_viewer(viewer, pk)
    if session.planned_by_id != viewer.pk:
        raise PermissionDenied("Only whoever planned this session can change it.")
    if session.started_at is not None:
        raise PermissionDenied("This session has been started: the log keeps what was planned.")
    return session
