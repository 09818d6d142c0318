"""What each workout card knows from history, kept in the shared cache until that history changes.

A card's history (the last workout's sets of its exercise, the range they were logged under, the last set
that reached the top of its range, what "Last time" lists) is read from the sets the athlete logged before
the workout started, in other workouts. Logging a set changes none of it: a set logged now is after the
start of every workout there is. Yet building it cost the busiest write, a set logged and its card redrawn,
three correlated subqueries and a second query, a third of the request.

So each card's history is kept under its session exercise with the athlete's history version, the exercise
and the workout's start it was read for, and served only while all three still hold. The version
(`history:version:<athlete id>`) is replaced, now and again when the transaction commits, by every write
that could change an earlier workout's sets:

- a set saved, unless it is a new one logged now (an edit, or a set dated in the past);
- a set deleted (services.sessions.delete_set says so; a delete signal on sets would stop Django deleting an
  account's sets in bulk), and every workout or workout exercise saved or deleted (their sets go with them);
- an import, which inserts in bulk without signals (it calls history_changed when it ends).

Reads take the version before the rows, so a card read during a write's transaction is stored under a
version the commit retires. Only a cache every process shares may hold these (settings.CARD_HISTORY_CACHE,
on with CACHE_URL): with each process's own memory, one could not retire another's.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from core.versions import current_version, versions_changed

from .models import SessionExercise, SetLog, TrainingSession

HISTORY_VERSION_KEY = "history:version:{}"
CARD_KEY = "history:card:{}:{}"  # athlete id, session exercise id
TIMEOUT = 24 * 60 * 60
# A set saved with a time this close to now is being logged now: it is in no workout's history yet.
LOGGED_NOW = datetime.timedelta(seconds=5)


@dataclass(frozen=True)
class CardHistory:
    """One card's history: see training_log.selectors.cards."""

    last_sets: list  # the last workout's working sets of the exercise, in order (they drive the first set)
    logged_range: tuple[int, int] | None  # the rep range those were logged under
    topped_out: object | None  # the latest working set that reached the top of its range
    last_time: list  # "Last time": every set, warm-ups too, of the last workout with the exercise


def enabled() -> bool:
    return settings.CARD_HISTORY_CACHE


def history_changed(athlete_ids) -> None:
    """A write changed these athletes' earlier workouts: their cards' histories are read again."""
    ids = {pk for pk in athlete_ids if pk is not None}
    if ids and enabled():
        versions_changed(HISTORY_VERSION_KEY.format(pk) for pk in ids)


def _check(session, item) -> tuple:
    return (item.exercise_id, session.started_at)


def read(session, items) -> tuple[str, dict[int, CardHistory]]:
    """(the athlete's history version, the cards' histories still current by session exercise id): one round
    trip to the cache."""
    if not enabled() or not items:
        return "", {}
    version_key = HISTORY_VERSION_KEY.format(session.athlete_id)
    keys = {CARD_KEY.format(session.athlete_id, item.pk): item for item in items}
    found = cache.get_many([version_key, *keys])
    version = current_version(version_key, found)
    current = {}
    for key, item in keys.items():
        stored = found.get(key)
        if stored is not None and stored[0] == version and stored[1] == _check(session, item):
            current[item.pk] = stored[2]
    return version, current


def write(session, version: str, histories: dict, items) -> None:
    """Keep the histories read under `version` (from read(), taken before the rows were)."""
    if not enabled() or not version or not histories:
        return
    by_pk = {item.pk: item for item in items}
    cache.set_many(
        {
            CARD_KEY.format(session.athlete_id, pk): (version, _check(session, by_pk[pk]), history)
            for pk, history in histories.items()
        },
        timeout=TIMEOUT,
    )


def _set_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created and instance.logged_at >= timezone.now() - LOGGED_NOW:
        return
    history_changed([instance.athlete_id])


def _workout_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if isinstance(instance, SessionExercise):
        try:
            instance = instance.session
        except TrainingSession.DoesNotExist:  # deleted with it: its own signal says so
            return
    history_changed([instance.athlete_id])


def connect_signals() -> None:
    """From TrainingLogConfig.ready."""
    post_save.connect(_set_saved, sender=SetLog, dispatch_uid="cardcache-set-save")
    for model in (TrainingSession, SessionExercise):
        name = model._meta.label_lower
        post_save.connect(_workout_changed, sender=model, dispatch_uid=f"cardcache-save-{name}")
        post_delete.connect(_workout_changed, sender=model, dispatch_uid=f"cardcache-delete-{name}")
