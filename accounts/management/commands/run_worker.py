import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connections, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accounts.deletion import resume_deletions
from core.supervise import keep_running

WORKER_DIED = "The task worker running this task exited before it finished."


def reclaim_tasks_of(worker_id: str) -> int:
    """The tasks the worker `worker_id` had taken when it exited: each is run again once by the next worker
    (our tasks are safe to run twice: an import stores all or nothing and each set once, a deletion deletes what
    it finds, a mail at worst arrives twice); one whose second worker died too is marked failed."""
    reclaimed = 0
    with transaction.atomic():
        for task in DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING):
            if not task.worker_ids or task.worker_ids[-1] != worker_id:
                continue
            row = DBTaskResult.objects.filter(pk=task.pk)
            if len(task.worker_ids) == 1:
                row.update(status=TaskResultStatus.READY, started_at=None)
            else:
                row.update(status=TaskResultStatus.FAILED, finished_at=timezone.now(), traceback=WORKER_DIED)
            reclaimed += 1
    return reclaimed


class Command(BaseCommand):
    help = (
        "Run the task worker (db_worker, with the arguments given after --) and start it again whenever it exits, "
        "until stopped with SIGTERM or Ctrl-C; the tasks it had taken are run again. For `make run` and `make "
        "serve`; under systemd use db_worker with Restart=always (docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("worker_args", nargs="*", help="passed on to db_worker, after --")

    def handle(self, *args, worker_args, **options):
        started = {}

        def command():
            self._tidy("stalled account deletions", resume_deletions)
            started["id"] = get_random_string(32)
            return [
                sys.executable,
                str(settings.BASE_DIR / "manage.py"),
                "db_worker",
                f"--worker-id={started['id']}",
                *worker_args,
            ]

        def after_exit(code):
            self._tidy("tasks the worker had taken", lambda: reclaim_tasks_of(started["id"]))

        sys.exit(keep_running(command, name="db_worker", log=self.stderr.write, after_exit=after_exit))

    def _tidy(self, what, step):
        """A database that is down (why the worker exited, often) must not stop the supervisor."""
        try:
            count = step()
            if count:
                self.stderr.write(f"Handed on {count} {what}.")
        except DatabaseError as error:
            self.stderr.write(f"Could not look for {what}: {error}")
        finally:
            connections.close_all()  # the supervisor holds no connection while the worker runs
