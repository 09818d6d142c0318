import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from core.supervise import keep_running


class Command(BaseCommand):
    help = (
        "Run the task worker (db_worker, with the arguments given) and start it again whenever it exits, "
        "until stopped with SIGTERM or Ctrl-C. For `make run` and `make serve`; under systemd use db_worker "
        "with Restart=always (docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("worker_args", nargs="*", help="passed on to db_worker, after --")

    def handle(self, *args, worker_args, **options):
        argv = [sys.executable, str(settings.BASE_DIR / "manage.py"), "db_worker", *worker_args]
        code = keep_running(argv, name="db_worker", log=lambda line: self.stderr.write(line))
        sys.exit(code)
