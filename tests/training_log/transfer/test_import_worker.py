"""The import through the real task queue: django-tasks' database backend stores the task with the
confirmed job, and `db_worker` (what `make run` starts beside the web server) runs it."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from training_log.models import ImportJob, SetLog
from training_log.transfer import services

SAMPLE = Path(__file__).resolve().parents[4] / "shared" / "samples" / "hevy_lbs.csv"


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_confirmed_import(settings, athlete, library_transactional):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = services.start_import(actor=athlete, upload=SimpleUploadedFile("hevy.csv", SAMPLE.read_bytes()))
    mapping = {entry["name"]: str(entry["suggestion"]) for entry in job.preview["exercises"] if not entry["recognised"]}
    services.confirm_import(actor=athlete, job=job, mapping=mapping)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED and not SetLog.objects.exists()  # waiting for the worker
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.result["added_sets"] == 4
    assert SetLog.objects.filter(athlete=athlete).count() == 4
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
