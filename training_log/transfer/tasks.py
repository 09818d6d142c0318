"""The background half of an import (django-tasks): `make run` starts a `db_worker` beside the web server."""

from django_tasks import task

from .importer import run_import


@task()
def import_history(job_id: int) -> None:
    run_import(job_id)
