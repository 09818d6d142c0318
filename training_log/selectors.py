"""Reads for the training log, scoped to the viewer: the athlete, or a coach while linked."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.selectors import athletes_visible_to
from exercises.selectors import library_exercises
from workouts.models import PlannedSession

from .models import SessionExercise, SetLog, TrainingSession
from .services import advice
from .services.loads import LoadableRecommendation
from .services.progression import convert, estimated_1rm


def sessions_visible_to(viewer: User) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(athlete__in=athletes_visible_to(viewer).values("pk"))


def get_session_for_viewer(viewer: User, pk) -> TrainingSession:
    return get_object_or_404(sessions_visible_to(viewer).select_related("athlete"), pk=pk)


def get_session_for_athlete(viewer: User, pk) -> TrainingSession:
    """Only the athlete writes to their log. Their coach may read it (403 on a write); others get 404."""
    session = get_session_for_viewer(viewer, pk)
    if session.athlete_id != viewer.pk:
        raise PermissionDenied("Only the athlete logs their sets.")
    return session


def get_session_exercise(session: TrainingSession, pk) -> SessionExercise:
    return get_object_or_404(session.exercises.select_related("exercise"), pk=pk)


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


def todays_sessions(athlete: User, *, today: datetime.date) -> QuerySet[PlannedSession]:
    return (
        PlannedSession.objects.filter(athlete=athlete, date=today)
        .select_related("planned_by", "training_session")
        .prefetch_related("exercises__exercise")
    )


def open_sessions(athlete: User) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(athlete=athlete, finished_at__isnull=True)


def history(athlete: User) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(athlete=athlete)


@dataclass(frozen=True)
class Card:
    """Everything one exercise card on the session page shows."""

    item: SessionExercise
    sets: list[SetLog]
    advice: LoadableRecommendation | None  # the next set: from this session's last set, else the last session's
    from_last_time: bool
    show_loading: bool

    @property
    def next_set_number(self) -> int:
        return len(self.sets) + 1

    @property
    def is_extra(self) -> bool:
        return len(self.sets) >= self.item.sets

    @property
    def last_set(self) -> SetLog | None:
        return self.sets[-1] if self.sets else None


def _previous_sets(session: TrainingSession) -> dict[int, SetLog]:
    """The last set of each of this session's exercises logged before it: two queries, whatever the history."""
    latest = (
        SetLog.objects.filter(athlete_id=session.athlete_id, exercise_id=OuterRef("exercise_id"))
        .exclude(session_exercise__session=session)
        .filter(logged_at__lt=session.started_at)
        .order_by("-logged_at", "-pk")
        .values("pk")[:1]
    )
    pairs = session.exercises.annotate(previous=Subquery(latest)).values_list("exercise_id", "previous")
    previous_ids = {previous: exercise_id for exercise_id, previous in pairs if previous}
    found = SetLog.objects.in_bulk(list(previous_ids))
    return {previous_ids[pk]: logged for pk, logged in found.items()}


def session_cards(session: TrainingSession, athlete: User) -> list[Card]:
    items = session.exercises.select_related("exercise", "swapped_from").prefetch_related(
        Prefetch("logged_sets", queryset=SetLog.objects.order_by("logged_at", "pk")),
        Prefetch("exercise__alternatives", queryset=library_exercises().only("pk", "name")),
    )
    previous = _previous_sets(session)
    cards = []
    for item in items:
        sets = list(item.logged_sets.all())
        last = sets[-1] if sets else previous.get(item.exercise_id)
        cards.append(
            Card(
                item=item,
                sets=sets,
                advice=advice.next_set(item, item.exercise, athlete, last),
                from_last_time=not sets and last is not None,
                show_loading=advice.show_loading(item.exercise),
            )
        )
    return cards


def card_for(session: TrainingSession, athlete: User, item_pk) -> Card:
    return next(card for card in session_cards(session, athlete) if card.item.pk == item_pk)


@dataclass(frozen=True)
class ExerciseSummary:
    item: SessionExercise
    best: SetLog | None
    e1rm: Decimal | None  # in the athlete's unit
    records: list[str]
    next_time: LoadableRecommendation | None


def session_summary(session: TrainingSession, athlete: User) -> list[ExerciseSummary]:
    """Per exercise: the best set by estimated 1RM, records beaten, and what to do next time."""
    cards = session_cards(session, athlete)
    earlier = (
        SetLog.objects.filter(athlete_id=session.athlete_id, logged_at__lt=session.started_at)
        .filter(exercise_id__in=[card.item.exercise_id for card in cards])
        .values("exercise_id")
        .annotate(best_e1rm=Max("e1rm_kg"), heaviest=Max("weight_kg"))
    )
    records_before = {row["exercise_id"]: row for row in earlier}
    unit = athlete.unit
    summaries = []
    for card in cards:
        best = max(card.sets, key=lambda s: (s.e1rm_kg, s.weight_kg), default=None)
        records = []
        before = records_before.get(card.item.exercise_id)
        if best and before:
            if best.e1rm_kg > (before["best_e1rm"] or 0):
                records.append("Best estimated 1RM")
            if max(s.weight_kg for s in card.sets) > (before["heaviest"] or 0):
                records.append("Heaviest weight")
        e1rm = estimated_1rm(convert(best.weight, best.unit, unit), best.reps, best.rir) if best else None
        summaries.append(ExerciseSummary(card.item, best, e1rm, records, card.advice if card.sets else None))
    return summaries
