"""What each workout card knows from history, kept in the shared cache until that history changes.

A card's history (the last workout's sets of its exercise, the range they were logged under, the last set
that reached the top of its range, what "Last time" lists) is read from the sets the athlete logged before
the workout started, in other workouts. Logging a set changes none of it: a set logged now is after the
start of every workout there is. Yet building it cost the busiest write, a set logged and its card redrawn,
three correlated subqueries and a second query, a third of the request.

So each card's history is kept under its session exercise with the athlete's `User.history_version`, the
exercise and the workout's start it was read for, and served only while all three still hold. The version
is in the database (accounts.versions): a write service that changes an earlier workout's sets (a set edited
or deleted, a workout or one of its exercises deleted or swapped, an import) calls
`changed(history=[athlete])` in its transaction. The athlete's row is read before the sets (it comes with the
viewer, or with the session), so a card read during such a write is stored under a version the commit retires.

What is stored is plain data (PastSet, tuples, Decimals), never model instances: a deploy changes models, and
the release in every key (settings.RELEASE) retires what the old code stored anyway. Only a cache every process
shares may hold these (settings.CARD_HISTORY_CACHE, on with CACHE_URL).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache

from .domain.sets import set_text

CARD_KEY = "history:card:{}:{}"  # athlete id, session exercise id
TIMEOUT = 24 * 60 * 60


@dataclass(frozen=True)
class PastSet:
    """A set of an earlier workout, as a card shows it and the advice reads it (the fields of SetLog it needs)."""

    weight: Decimal
    unit: str
    reps: int
    rir: int | None
    reps_left: int | None
    rir_left: int | None
    reps_right: int | None
    rir_right: int | None
    is_warmup: bool
    session_started_at: datetime.datetime  # when its workout started

    @classmethod
    def of(cls, logged) -> "PastSet":
        return cls(
            weight=logged.weight,
            unit=logged.unit,
            reps=logged.reps,
            rir=logged.rir,
            reps_left=logged.reps_left,
            rir_left=logged.rir_left,
            reps_right=logged.reps_right,
            rir_right=logged.rir_right,
            is_warmup=logged.is_warmup,
            session_started_at=logged.session_started_at,
        )

    @property
    def text(self) -> str:
        return set_text(self)


@dataclass(frozen=True)
class CardHistory:
    """One card's history: see training_log.selectors.cards."""

    last_sets: tuple[PastSet, ...]  # the last workout's working sets of the exercise, in order (the first set)
    logged_range: tuple[int, int] | None  # the rep range those were logged under
    topped_out: PastSet | None  # the latest working set that reached the top of its range
    last_time: tuple[PastSet, ...]  # "Last time": every set, warm-ups too, of the last workout with the exercise


def enabled() -> bool:
    return settings.CARD_HISTORY_CACHE


def _check(session, item) -> tuple:
    return (item.exercise_id, session.started_at)


def read(session, items, version: str) -> dict[int, CardHistory]:
    """The cards' histories still current by session exercise id (`version`: the athlete's history_version,
    read before the sets): one round trip to the cache."""
    if not enabled() or not items:
        return {}
    keys = {CARD_KEY.format(session.athlete_id, item.pk): item for item in items}
    found = cache.get_many(list(keys))
    current = {}
    for key, item in keys.items():
        stored = found.get(key)
        if stored is not None and stored[0] == version and stored[1] == _check(session, item):
            current[item.pk] = stored[2]
    return current


def write(session, version: str, histories: dict, items) -> None:
    """Keep the histories read under `version`."""
    if not enabled() or not histories:
        return
    by_pk = {item.pk: item for item in items}
    cache.set_many(
        {
            CARD_KEY.format(session.athlete_id, pk): (version, _check(session, by_pk[pk]), history)
            for pk, history in histories.items()
        },
        timeout=TIMEOUT,
    )
