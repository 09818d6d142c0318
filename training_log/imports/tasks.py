"""The background half of an import (django-tasks): `make run` starts a `db_worker` beside the web server."""

from django_tasks import task

from . import services


@task()
def import_history(job_id: int) -> None:
    services.run_import(job_id)
