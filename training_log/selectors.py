"""Reads for the training log, scoped to the viewer: the athlete, or a coach while linked."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.shortcuts import get_object_or_404

from accounts.models import CoachingLink, User
from accounts.selectors import athletes_visible_to
from exercises.selectors import custom_swap_choices, library_exercises
from workouts.models import PlannedSession
from workouts.selectors import with_state

from . import cardcache
from .cardcache import CardHistory
from .history import format_volume, set_volume
from .models import CoachOverride, Comment, CommentRead, SessionExercise, SetLog, TrainingSession
from .records import RECORD_E1RM, RECORD_HEAVIEST, RECORD_REPS, beats, lifted
from .services import advice
from .services.loads import LoadableRecommendation
from .services.progression import convert, format_weight, lifted_e1rm

# Why a card has no advice although there are sets to go by: they were imported without RPE (SetLog.rir).
NO_RIR_LAST_TIME = (
    "Your last {exercise} sets came in without RIR, so no advice yet: log a set and the next one gets it."
)
NO_RIR_LAST_SET = "Your last set came in without RIR, so no advice for the next one."


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


@dataclass(frozen=True)
class Card:
    """Everything one exercise card on the session page shows."""

    item: SessionExercise
    sets: list[SetLog]  # warm-ups included, in the order logged
    advice: LoadableRecommendation | None  # the next set: from this session's working sets, else the last session's
    from_last_time: bool
    show_loading: bool
    swap_choices: tuple[tuple[int, str], ...] = ()  # what the card's swap offers, as (id, name)
    override: CoachOverride | None = None  # the coach's word on the next set, in place of the advice
    override_weight: Decimal | None = None  # its weight in the athlete's unit (the set form's)
    # "Last time": every set (warm-ups too) of the athlete's previous workout with this exercise, in order.
    last_time: list[SetLog] = field(default_factory=list)
    last_time_at: datetime.datetime | None = None  # when that workout started
    no_advice_reason: str = ""  # why there is no advice although there are sets to go by (they have no RIR)

    @property
    def working_sets(self) -> list[SetLog]:
        return [logged for logged in self.sets if not logged.is_warmup]

    @property
    def rows(self) -> list[tuple[str, SetLog]]:
        """Each logged set with its label: "W" for a warm-up, else its number among the working sets."""
        rows, number = [], 0
        for logged in self.sets:
            if not logged.is_warmup:
                number += 1
            rows.append(("W" if logged.is_warmup else str(number), logged))
        return rows

    @property
    def next_set_number(self) -> int:
        return len(self.working_sets) + 1

    @property
    def is_extra(self) -> bool:
        return len(self.working_sets) >= self.item.sets

    @property
    def last_set(self) -> SetLog | None:
        return self.sets[-1] if self.sets else None


def _before_any(session: TrainingSession) -> QuerySet[SetLog]:
    """Sets (warm-ups too) of this athlete logged before this session started, in other sessions."""
    return SetLog.objects.filter(athlete_id=session.athlete_id, logged_at__lt=session.started_at).exclude(
        session_exercise__session=session
    )


def _before(session: TrainingSession) -> QuerySet[SetLog]:
    """Working sets of this athlete logged before this session started, in other sessions."""
    return _before_any(session).working()


def _with_history(items: QuerySet[SessionExercise], session: TrainingSession) -> QuerySet[SessionExercise]:
    """Each item with, from history, the session exercise of its last working set (the last session), the
    session exercise of its last set of any kind (what "Last time" shows) and the pk of the latest working
    set that reached the top of the range it was logged under."""
    latest_any = _before_any(session).filter(exercise_id=OuterRef("exercise_id")).order_by("-logged_at", "-pk")
    latest = latest_any.working()
    return items.annotate(
        last_item_id=Subquery(latest.values("session_exercise_id")[:1]),
        last_done_item_id=Subquery(latest_any.values("session_exercise_id")[:1]),
        topped_out_set_id=Subquery(latest.filter(reps__gte=F("session_exercise__rep_max")).values("pk")[:1]),
    )


def _read_histories(items: list[SessionExercise], session: TrainingSession) -> dict[int, CardHistory]:
    """Two queries, whatever the history: which earlier sets each item's card needs, then those sets (the
    last session's, for the advice and for "Last time", and the topped-out ones)."""
    pointers = list(
        _with_history(SessionExercise.objects.filter(pk__in=[item.pk for item in items]), session).values(
            "pk", "last_item_id", "last_done_item_id", "topped_out_set_id"
        )
    )
    last_ids = {row["last_item_id"] for row in pointers if row["last_item_id"]}
    done_ids = {row["last_done_item_id"] for row in pointers if row["last_done_item_id"]}
    topped_ids = {row["topped_out_set_id"] for row in pointers if row["topped_out_set_id"]}
    last_sets, logged_range, topped_out, last_time = {}, {}, {}, {}
    if last_ids or done_ids or topped_ids:
        found = (
            _before_any(session)
            .filter(Q(session_exercise_id__in=last_ids | done_ids) | Q(pk__in=topped_ids))
            .annotate(
                logged_rep_min=F("session_exercise__rep_min"),
                logged_rep_max=F("session_exercise__rep_max"),
                session_started_at=F("session_exercise__session__started_at"),
            )
            .order_by("logged_at", "pk")
        )
        for logged in found:
            if logged.session_exercise_id in last_ids and not logged.is_warmup:
                last_sets.setdefault(logged.session_exercise_id, []).append(logged)
                logged_range[logged.session_exercise_id] = (logged.logged_rep_min, logged.logged_rep_max)
            if logged.session_exercise_id in done_ids:
                last_time.setdefault(logged.session_exercise_id, []).append(logged)
            if logged.pk in topped_ids:
                topped_out[logged.pk] = logged
    return {
        row["pk"]: CardHistory(
            last_sets=last_sets.get(row["last_item_id"], []),
            logged_range=logged_range.get(row["last_item_id"]),
            topped_out=topped_out.get(row["topped_out_set_id"]),
            last_time=last_time.get(row["last_done_item_id"], []),
        )
        for row in pointers
    }


def _histories(items: list[SessionExercise], session: TrainingSession) -> dict[int, CardHistory]:
    """Each item's card history by item pk: from the cache while nothing earlier changed (cardcache), else
    read (two queries) and kept."""
    version, histories = cardcache.read(session, items)
    missing = [item for item in items if item.pk not in histories]
    if missing:
        read = _read_histories(missing, session)
        cardcache.write(session, version, read, missing)
        histories |= read
    return histories


def _topped_out(working: list[SetLog], item: SessionExercise, history: CardHistory, unit: str) -> Decimal | None:
    """The weight (in unit) at which the lifter last reached the top of the range: today's sets first."""
    topped = next((s for s in reversed(working) if s.reps >= item.rep_max), None) or history.topped_out
    return convert(topped.weight, topped.unit, unit) if topped else None


def _swap_choices(item: SessionExercise, custom: list[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    """The library alternatives, the exercise this one replaced, then the custom exercises (not itself)."""
    choices = [(alternative.pk, alternative.name) for alternative in item.exercise.alternatives.all()]
    if item.swapped_from is not None and all(pk != item.swapped_from_id for pk, _ in choices):
        choices.insert(0, (item.swapped_from_id, item.swapped_from.name))
    return tuple(choices + [choice for choice in custom if choice[0] != item.exercise_id])


def _logged_sets() -> Prefetch:
    return Prefetch("logged_sets", queryset=SetLog.objects.order_by("logged_at", "pk"))


def session_cards(session: TrainingSession, athlete: User, *, swaps: bool = True, item_pk=None) -> list[Card]:
    """Each exercise's card (or only the one of `item_pk`). `swaps`: with what its swap offers (two queries
    more), for the athlete's open session."""
    exercises = session.exercises.all() if item_pk is None else session.exercises.filter(pk=item_pk)
    items = list(exercises.select_related("exercise", "swapped_from").prefetch_related(_logged_sets()))
    return _cards(session, athlete, items, swaps=swaps)


def card_of(session: TrainingSession, athlete: User, item: SessionExercise) -> Card:
    """The card of an exercise of the session already in hand, with its exercise (as a set logged redraws
    it): its sets are the one query it needs, with the coach's word (its history is usually kept)."""
    prefetch_related_objects([item], _logged_sets())
    (card,) = _cards(session, athlete, [item], swaps=True)
    return card


def _cards(session: TrainingSession, athlete: User, items: list[SessionExercise], *, swaps: bool) -> list[Card]:
    histories = _histories(items, session)
    # A swap is offered only before the exercise's first set (services.sessions.SWAP_AFTER_SETS): once every
    # card has a set, as after logging one, there is nothing to offer and no query to run.
    swappable = [item for item in items if not item.logged_sets.all()] if swaps and session.is_open else []
    custom = []
    if swappable:
        alternatives = Prefetch("exercise__alternatives", queryset=library_exercises().only("pk", "name"))
        prefetch_related_objects(swappable, alternatives)
        custom = custom_swap_choices(athlete)
    swappable = {item.pk for item in swappable}
    # A finished workout is read-only: the coach's word is for the next set, so only an open one shows it.
    overrides = {}
    # services.sessions.log_set says whether one is pending for the exercise it locked.
    known = {getattr(item, "pending_override", None) for item in items}
    if session.is_open and items and known != {False}:
        overrides = _overrides(athlete, {item.exercise_id for item in items})
    cards = []
    for item in items:
        sets = list(item.logged_sets.all())
        working = [logged for logged in sets if not logged.is_warmup]
        past = histories[item.pk]
        topped = _topped_out(working, item, past, athlete.unit)
        no_advice_reason = ""
        if working:
            recommendation = advice.next_set(item, item.exercise, athlete, working[-1], topped_out=topped)
            if not advice.drives_advice(working[-1]):
                no_advice_reason = NO_RIR_LAST_SET
        else:
            recommendation = advice.session_start(
                item,
                item.exercise,
                athlete,
                past.last_sets,
                logged_range=past.logged_range,
                topped_out=topped,
            )
            if past.last_sets and not any(advice.drives_advice(logged) for logged in past.last_sets):
                no_advice_reason = NO_RIR_LAST_TIME.format(exercise=item.exercise.name)
        cards.append(
            Card(
                item=item,
                sets=sets,
                advice=recommendation,
                from_last_time=not working and recommendation is not None,
                show_loading=advice.show_loading(item.exercise),
                swap_choices=_swap_choices(item, custom) if item.pk in swappable else (),
                override=(override := overrides.get(item.exercise_id)),
                override_weight=_in_unit(override, athlete.unit) if override else None,
                last_time=past.last_time,
                last_time_at=past.last_time[0].session_started_at if past.last_time else None,
                no_advice_reason=no_advice_reason,
            )
        )
    return cards


def _in_unit(override: CoachOverride, unit: str) -> Decimal:
    """The coach's weight in the athlete's unit, to the hundredth the set form takes."""
    return convert(override.weight, override.unit, unit).quantize(Decimal("0.01"))


def card_for(session: TrainingSession, athlete: User, item_pk) -> Card:
    return next(card for card in session_cards(session, athlete, item_pk=item_pk) if card.item.pk == item_pk)


@dataclass(frozen=True)
class ExerciseSummary:
    item: SessionExercise
    best: SetLog | None
    e1rm: Decimal | None  # in the athlete's unit: Epley on the reps done, no RIR
    records: list[str]
    next_time: LoadableRecommendation | None
    volume: Decimal = Decimal(0)  # weight × reps of the working sets, in the athlete's unit (set_volume)
    no_advice_reason: str = ""  # why there is no next time (the last set has no RIR)

    @property
    def volume_text(self) -> str:
        return format_volume(self.volume)


def session_summary(session: TrainingSession, athlete: User) -> list[ExerciseSummary]:
    """Per exercise: the best working set by what was lifted, records beaten, and what to do next time.
    Warm-ups never count."""
    cards = session_cards(session, athlete, swaps=False)
    weights = sorted({logged.weight_kg for card in cards for logged in card.working_sets})
    # One query: per exercise, the best e1RM, the heaviest weight and, for each weight lifted today,
    # the most reps ever done at that weight or heavier.
    reps_at = {f"reps_at_{n}": Max("reps", filter=Q(weight_kg__gte=weight)) for n, weight in enumerate(weights)}
    earlier = (
        _before(session)
        .filter(exercise_id__in=[card.item.exercise_id for card in cards])
        .values("exercise_id")
        .annotate(best_e1rm=Max("e1rm_kg"), heaviest=Max("weight_kg"), **reps_at)
    )
    records_before = {row["exercise_id"]: row for row in earlier} if cards else {}
    unit = athlete.unit
    summaries = []
    for card in cards:
        working = card.working_sets
        best = max(working, key=lifted, default=None)
        records = []
        before = records_before.get(card.item.exercise_id)
        if best and before:
            if beats(best.e1rm_kg, before["best_e1rm"]):
                records.append(RECORD_E1RM)
            if beats(max(s.weight_kg for s in working), before["heaviest"]):
                records.append(RECORD_HEAVIEST)
            most = [before[f"reps_at_{weights.index(s.weight_kg)}"] for s in working]
            rep_records = [s for s, prior in zip(working, most, strict=True) if beats(s.reps, prior)]
            if rep_records:
                top = max(rep_records, key=lambda s: (s.weight_kg, s.reps))
                records.append(RECORD_REPS.format(weight=format_weight(top.weight), unit=top.unit))
        e1rm = lifted_e1rm(best.weight, best.unit, unit, best.reps) if best else None
        volume = sum((set_volume(s, unit) for s in working), Decimal(0))
        next_time = card.advice if working else None
        # An imported workout's sets often have no RIR: saying so under each of its exercises is noise.
        reason = card.no_advice_reason if working and not session.imported_from else ""
        summaries.append(ExerciseSummary(card.item, best, e1rm, records, next_time, volume, reason))
    return summaries


def _overrides(athlete: User, exercise_ids: set[int]) -> dict[int, CoachOverride]:
    """exercise id -> the coach's override that still counts. Most lifters have none pending: one plain
    query says so, and only if there is one does the log decide whether a set has used it up."""
    pending = CoachOverride.objects.filter(athlete=athlete, cleared_at__isnull=True, exercise_id__in=exercise_ids)
    if not pending.exists():
        return {}
    found = active_overrides(athlete).filter(exercise_id__in=exercise_ids)
    return {override.exercise_id: override for override in found}


def active_overrides(athlete: User) -> QuerySet[CoachOverride]:
    """The athlete's coach overrides that still count: not cleared, and no working set of that exercise
    logged since. Derived from the log on every read, so nothing is written when a set consumes one."""
    consumed = SetLog.objects.working().filter(
        athlete_id=OuterRef("athlete_id"), exercise_id=OuterRef("exercise_id"), logged_at__gt=OuterRef("created_at")
    )
    return (
        CoachOverride.objects.filter(athlete=athlete, cleared_at__isnull=True)
        .exclude(Exists(consumed))
        .select_related("set_by")
    )


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
