"""The tasks a worker had taken when it exited are run again once (`manage.py run_worker`)."""

import pytest
from django_tasks_db.models import DBTaskResult

from accounts.management.commands.run_worker import WORKER_DIED, reclaim_tasks_of
from accounts.tasks import delete_account_data

pytestmark = pytest.mark.django_db


def _taken(*worker_ids) -> DBTaskResult:
    task = DBTaskResult.objects.get(pk=delete_account_data.using(backend="default").enqueue(1).id)
    for worker_id in worker_ids:
        task.claim(worker_id)
    return task


def test_the_dead_workers_tasks_run_again_once_and_no_one_elses(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first_death, other_worker, second_death, waiting = _taken("dead"), _taken("alive"), _taken("a", "dead"), _taken()

    assert reclaim_tasks_of("dead") == 2

    statuses = {task.pk: (task.status, task.traceback) for task in DBTaskResult.objects.all()}
    assert statuses[first_death.pk] == ("READY", "")  # the next worker takes it
    assert statuses[other_worker.pk] == ("RUNNING", "")  # alive: left alone
    assert statuses[second_death.pk] == ("FAILED", WORKER_DIED)  # it died twice: not again
    assert statuses[waiting.pk] == ("READY", "")
