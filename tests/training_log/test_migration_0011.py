"""Migration 0011's backfill, in batches by primary key, judges every set as the one UPDATE it replaced did."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Exists, OuterRef

from tests.factories import SessionExerciseFactory, SetLogFactory
from training_log.models import SessionExercise, SetLog

migration = importlib.import_module("training_log.migrations.0011_setlog_on_target")
pytestmark = pytest.mark.django_db


def _one_update():
    """The backfill as it was: one UPDATE over the whole table, in one transaction."""
    inside = SessionExercise.objects.filter(
        pk=OuterRef("session_exercise_id"),
        rep_min__lte=OuterRef("reps"),
        rep_max__gte=OuterRef("reps"),
        rir_min__lte=OuterRef("rir"),
        rir_max__gte=OuterRef("rir"),
    )
    SetLog.objects.filter(rir__isnull=False).update(on_target=Exists(inside))


def _judged() -> dict[int, bool | None]:
    return dict(SetLog.objects.values_list("pk", "on_target"))


def test_the_batches_judge_every_set_as_the_one_update_did():
    item = SessionExerciseFactory(rep_min=5, rep_max=8, rir_min=1, rir_max=2)
    other = SessionExerciseFactory(rep_min=10, rep_max=12, rir_min=0, rir_max=3)
    inside = SetLogFactory(session_exercise=item, reps=6, rir=2)
    too_many_reps = SetLogFactory(session_exercise=item, reps=9, rir=2)
    gone = SetLogFactory(session_exercise=item, reps=6, rir=1)
    too_easy = SetLogFactory(session_exercise=item, reps=6, rir=4)
    no_rir = SetLogFactory(session_exercise=item, reps=6, rir=None)  # imported without RPE: never judged
    other_inside = SetLogFactory(session_exercise=other, reps=12, rir=0)
    other_short = SetLogFactory(session_exercise=other, reps=8, rir=0)
    gone.delete()  # a gap in the keys: that range's batch is smaller
    SetLog.objects.update(on_target=None)
    _one_update()
    expected = _judged()
    SetLog.objects.update(on_target=None)

    migration.judge_logged_sets(apps, SimpleNamespace(connection=connection), batch=2)

    assert _judged() == expected
    assert expected == {
        inside.pk: True,
        too_many_reps.pk: False,
        too_easy.pk: False,
        no_rir.pk: None,
        other_inside.pk: True,
        other_short.pk: False,
    }


def test_the_backfill_reaches_sets_stored_while_it_runs(monkeypatch):
    """The old code keeps serving during the migration: a set it stores gets a higher key than the last one
    the backfill saw at its start, and is judged by a later batch."""
    item = SessionExerciseFactory(rep_min=5, rep_max=8, rir_min=1, rir_max=2)
    SetLogFactory(session_exercise=item, reps=6, rir=2)
    late = []
    real_update = type(SetLog.objects.all()).update

    def update_and_log_one_more(queryset, **changes):
        if not late:
            late.append(SetLogFactory(session_exercise=item, reps=6, rir=1, on_target=None))
        return real_update(queryset, **changes)

    monkeypatch.setattr(type(SetLog.objects.all()), "update", update_and_log_one_more)
    migration.judge_logged_sets(apps, SimpleNamespace(connection=connection), batch=1)

    assert SetLog.objects.get(pk=late[0].pk).on_target is True


def test_the_migration_is_not_one_transaction():
    """Each batch commits on its own; one transaction would hold the set table for the whole backfill."""
    assert migration.Migration.atomic is False
