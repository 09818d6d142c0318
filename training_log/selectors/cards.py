"""The session page's exercise cards: what each shows (its sets, "Last time", the next set the method
advises or the coach set) and what the viewer may do on it. A fixed number of queries for any history: the
cards' histories come from training_log.cardcache while nothing earlier changed."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects

from accounts.models import User
from exercises.selectors import custom_swap_choices, library_exercises

from .. import cardcache
from ..cardcache import CardHistory, PastSet
from ..domain import advice
from ..domain.loads import LoadableRecommendation
from ..domain.progression import convert
from ..domain.sets import numbered
from ..models import CoachOverride, SessionExercise, SetLog, TrainingSession
from .overrides import pending_overrides
from .sessions import can_edit

# Why a card has no advice although there are sets to go by: they were imported without RPE (SetLog.rir).
NO_RIR_LAST_TIME = (
    "Your last {exercise} sets came in without RIR, so no advice yet: log a set and the next one gets it."
)
NO_RIR_LAST_SET = "Your last set came in without RIR, so no advice for the next one."
# No set of the exercise anywhere: the method has nothing to go by, so the card says how to pick a first weight.
FIRST_TIME = (
    "First time: pick a weight you could lift about {reps} times, and do {rep_min}-{rep_max} reps "
    "stopping 1-2 short of failure."
)
FIRST_TIME_SPARE_REPS = 2  # a first weight the lifter could lift for rep_max + 2: the top of the range, 1-2 short


@dataclass(frozen=True)
class NextSet:
    """The weight (in the athlete's unit) and reps the set form offers for the next set."""

    weight: Decimal
    reps: int | None


def next_set(override: CoachOverride | None, override_weight: Decimal | None, recommendation) -> NextSet | None:
    """The coach's word wins over the method's for the one set it is for: their weight, and their reps or
    else the method's. Without one, the method's advice; with neither, nothing (the lifter picks)."""
    if override is not None:
        return NextSet(override_weight, override.reps or (recommendation.reps if recommendation else None))
    if recommendation is not None:
        return NextSet(recommendation.weight, recommendation.reps)
    return None


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
    last_time: list[PastSet] = field(default_factory=list)
    last_time_at: datetime.datetime | None = None  # when that workout started
    no_advice_reason: str = ""  # why there is no advice although there are sets to go by (they have no RIR)
    first_time_advice: str = ""  # how to pick a first weight, when nothing at all says what to lift
    next_set: NextSet | None = None  # what the set form starts with: the coach's word, else the advice
    can_edit: bool = False  # the viewer may log, correct, skip, swap and annotate here (selectors.sessions.can_edit)

    @property
    def working_sets(self) -> list[SetLog]:
        return [logged for logged in self.sets if not logged.is_warmup]

    @property
    def rows(self) -> list[tuple[str, SetLog]]:
        """Each logged set with its label: "W" for a warm-up, else its number among the working sets."""
        return numbered(self.sets)

    @property
    def can_log(self) -> bool:
        """A set can be logged (and the rest timer runs) on an editable card not skipped today."""
        return self.can_edit and not self.item.skipped

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


def earlier_working_sets(session: TrainingSession) -> QuerySet[SetLog]:
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
    last_sets, logged_range, topped_out, last_time = {}, {}, {}, {}  # of PastSet: the cache keeps no model
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
        for row in found:
            logged = PastSet.of(row)
            session_exercise_id = row.session_exercise_id
            if session_exercise_id in last_ids and not logged.is_warmup:
                last_sets.setdefault(session_exercise_id, []).append(logged)
                logged_range[session_exercise_id] = (row.logged_rep_min, row.logged_rep_max)
            if session_exercise_id in done_ids:
                last_time.setdefault(session_exercise_id, []).append(logged)
            if row.pk in topped_ids:
                topped_out[row.pk] = logged
    return {
        row["pk"]: CardHistory(
            last_sets=tuple(last_sets.get(row["last_item_id"], ())),
            logged_range=logged_range.get(row["last_item_id"]),
            topped_out=topped_out.get(row["topped_out_set_id"]),
            last_time=tuple(last_time.get(row["last_done_item_id"], ())),
        )
        for row in pointers
    }


def _histories(items: list[SessionExercise], session: TrainingSession, athlete: User) -> dict[int, CardHistory]:
    """Each item's card history by item pk: from the cache while nothing earlier changed (cardcache), else
    read (two queries) and kept. The athlete's history version is read before the sets, so a card read during a
    write to an earlier workout is kept under a version that write's commit retires."""
    # The athlete's version as the items' query read it (session_cards), else as the caller's copy of the athlete
    # has it (card_of: the set just logged, whose service gave it any new one).
    version = getattr(items[0], "history_version", None) or athlete.history_version if items else ""
    histories = cardcache.read(session, items, version)
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


def session_cards(session: TrainingSession, viewer: User, *, swaps: bool = True, item_pk=None) -> list[Card]:
    """Each exercise's card (or only the one of `item_pk`) as `viewer` sees it: the session must come through
    a scoped selector (selectors.sessions). `swaps`: with what each swap offers (two queries more), when the
    viewer may edit."""
    exercises = session.exercises.all() if item_pk is None else session.exercises.filter(pk=item_pk)
    items = list(
        exercises.select_related("exercise", "swapped_from")
        .annotate(history_version=F("session__athlete__history_version"))  # cardcache: with the items, not a query
        .prefetch_related(_logged_sets())
    )
    return _cards(session, viewer, items, swaps=swaps)


def card_of(session: TrainingSession, viewer: User, item: SessionExercise) -> Card:
    """The card of an exercise of the session already in hand, with its exercise (as a set logged redraws
    it): its sets are the one query it needs, with the coach's word (its history is usually kept)."""
    prefetch_related_objects([item], _logged_sets())
    (card,) = _cards(session, viewer, [item], swaps=True)
    return card


def _athlete(session: TrainingSession, viewer: User) -> User:
    """Whose equipment, unit and overrides the cards use: the session's athlete (the viewer when it is theirs,
    with no query)."""
    return viewer if viewer.pk == session.athlete_id else session.athlete


def _cards(session: TrainingSession, viewer: User, items: list[SessionExercise], *, swaps: bool) -> list[Card]:
    athlete = _athlete(session, viewer)
    editable = can_edit(viewer, session)
    histories = _histories(items, session, athlete)
    # A swap is offered only before the exercise's first set (services.sessions.SWAP_AFTER_SETS): once every
    # card has a set, as after logging one, there is nothing to offer and no query to run.
    swappable = [item for item in items if not item.logged_sets.all()] if swaps and editable else []
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
        overrides = pending_overrides(athlete, {item.exercise_id for item in items})
    cards = []
    for item in items:
        sets = list(item.logged_sets.all())
        working = [logged for logged in sets if not logged.is_warmup]
        past = histories[item.pk]
        topped = _topped_out(working, item, past, athlete.unit)
        no_advice_reason = ""
        if working:
            recommendation = advice.next_set(
                item, item.exercise, athlete, working[-1], topped_out=topped, earlier=working[:-1]
            )
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
        override = overrides.get(item.exercise_id)
        override_weight = _in_unit(override, athlete.unit) if override else None
        nothing_to_go_by = override is None and recommendation is None and not no_advice_reason
        cards.append(
            Card(
                item=item,
                sets=sets,
                advice=recommendation,
                from_last_time=not working and recommendation is not None,
                show_loading=advice.show_loading(item.exercise),
                swap_choices=_swap_choices(item, custom) if item.pk in swappable else (),
                override=override,
                override_weight=override_weight,
                last_time=list(past.last_time),
                last_time_at=past.last_time[0].session_started_at if past.last_time else None,
                no_advice_reason=no_advice_reason,
                first_time_advice=_first_time(item) if nothing_to_go_by else "",
                next_set=next_set(override, override_weight, recommendation),
                can_edit=editable,
            )
        )
    return cards


def _first_time(item: SessionExercise) -> str:
    return FIRST_TIME.format(reps=item.rep_max + FIRST_TIME_SPARE_REPS, rep_min=item.rep_min, rep_max=item.rep_max)


def _in_unit(override: CoachOverride, unit: str) -> Decimal:
    """The coach's weight in the athlete's unit, to the hundredth the set form takes."""
    return convert(override.weight, override.unit, unit).quantize(Decimal("0.01"))


def card_for(session: TrainingSession, viewer: User, item_pk) -> Card:
    return next(card for card in session_cards(session, viewer, item_pk=item_pk) if card.item.pk == item_pk)
