"""Reads of workouts, scoped to the viewer: the athlete, or a coach while linked. Every page that fetches a
workout, one of its exercises or a set goes through one of these, so no view can forget the rule."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.selectors import athletes_visible_to
from workouts.models import PlannedSession
from workouts.selectors import with_state

from ..models import SessionExercise, SetLog, TrainingSession


def sessions_visible_to(viewer: User) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(athlete__in=athletes_visible_to(viewer).values("pk"))


def get_session_for_viewer(viewer: User, pk) -> TrainingSession:
    return get_object_or_404(sessions_visible_to(viewer).select_related("athlete"), pk=pk)


def get_session_for_athlete(viewer: User, pk) -> TrainingSession:
    """Only the athlete writes to their log. Their coach may read it (403 on a write); others get 404."""
    # The athlete's own workout (every set logged asks) without the coach's visibility rule to compile.
    session = TrainingSession.objects.filter(athlete=viewer, pk=pk).first()
    if session is not None:
        session.athlete = viewer
        return session
    session = get_session_for_viewer(viewer, pk)
    if session.athlete_id != viewer.pk:
        raise PermissionDenied("Only the athlete logs their sets.")
    return session


def get_session_exercise(session: TrainingSession, pk) -> SessionExercise:
    return get_object_or_404(session.exercises.select_related("exercise"), pk=pk)


def get_session_exercise_for_athlete(viewer: User, session_pk, pk) -> SessionExercise:
    """An exercise of the athlete's own workout, with the workout and the exercise: one query, as every set
    logged asks. Their coach gets PermissionDenied, anyone else 404 (get_session_for_athlete)."""
    item = (
        SessionExercise.objects.select_related("session", "exercise")
        .filter(session__athlete=viewer, session_id=session_pk, pk=pk)
        .first()
    )
    if item is None:
        session = get_session_for_athlete(viewer, session_pk)
        item = get_session_exercise(session, pk)
        item.session = session
    item.session.athlete = viewer
    return item


def get_set_for_athlete(viewer: User, pk) -> SetLog:
    logged = get_object_or_404(
        SetLog.objects.filter(athlete__in=athletes_visible_to(viewer).values("pk")).select_related(
            "session_exercise__session", "session_exercise__exercise"
        ),
        pk=pk,
    )
    if logged.athlete_id != viewer.pk:
        raise PermissionDenied("Only the athlete changes their sets.")
    return logged


def can_edit(viewer: User, session: TrainingSession) -> bool:
    """What the session page offers: only the athlete changes their workout, and only while it is open
    (services.sessions refuses everyone else; the page only reflects it)."""
    return viewer.pk == session.athlete_id and session.is_open


def todays_sessions(athlete: User, *, today: datetime.date) -> QuerySet[PlannedSession]:
    """Today's planned sessions with their state (a finished one is done); cancelled ones are gone."""
    sessions = (
        PlannedSession.objects.filter(athlete=athlete, date=today, cancelled_at__isnull=True)
        .select_related("planned_by")
        .prefetch_related("exercises__exercise")
    )
    return with_state(sessions, today=today)


def open_sessions(athlete: User) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(athlete=athlete, finished_at__isnull=True)


def history(athlete: User) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(athlete=athlete)
