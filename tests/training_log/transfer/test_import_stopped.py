"""An import whose worker died: nothing of it is stored, its page says so once its progress is
IMPORT_STOPPED_AFTER old (a GET writes nothing), its owner can end it, and purge_imports ends the rest."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.clock import on
from tests.training_log.transfer.test_import import _confirm, _preview
from training_log.models import IMPORT_STOPPED_AFTER, ImportChunk, ImportJob, SetLog, TrainingSession
from training_log.transfer import importer, services

SAMPLE = Path(__file__).resolve().parents[4] / "shared" / "samples" / "hevy_lbs.csv"
STOPPED_TEXT = "The import stopped; try again."
pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """What the worker's death looks like from inside: no `except Exception` runs, the transaction goes."""


@pytest.fixture
def stopped_job(clock, client, athlete, library, settings, monkeypatch):
    """A confirmed import whose worker took the task, wrote its first batch and died."""
    clock.travel(on("Tuesday"))
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, not run at once
    client.force_login(athlete)
    job = _preview(client, SAMPLE.read_bytes())
    _confirm(client, job)
    task = DBTaskResult.objects.get()
    task.claim("the-worker-that-died")
    real_write = importer._Importer._write

    def write_then_die(self, batch):
        real_write(self, batch)
        raise WorkerKilled

    monkeypatch.setattr(importer._Importer, "_write", write_then_die)
    with pytest.raises(WorkerKilled):
        importer.run_import(job.pk)
    monkeypatch.undo()
    job.refresh_from_db()
    return job


def test_a_worker_killed_mid_import_leaves_nothing_of_it(stopped_job, athlete):
    assert stopped_job.status == ImportJob.Status.QUEUED and stopped_job.progress_at is not None
    assert not SetLog.objects.filter(athlete=athlete).exists()
    assert not TrainingSession.objects.filter(athlete=athlete).exists()


def test_the_page_says_stopped_only_after_the_stated_time_and_writes_nothing(stopped_job, clock, client):
    clock.shift(IMPORT_STOPPED_AFTER - dt.timedelta(seconds=1))
    page = client.get(stopped_job.get_absolute_url()).content.decode()
    assert "Importing export.csv" in page
    assert STOPPED_TEXT not in page

    clock.shift(dt.timedelta(seconds=2))
    page = client.get(stopped_job.get_absolute_url()).content.decode()
    fragment = client.get(reverse("training_log:import-progress", args=[stopped_job.pk])).content.decode()
    listing = client.get(reverse("training_log:import")).content.decode()
    assert "Not imported" in page and STOPPED_TEXT in page and "End this import" in page
    assert STOPPED_TEXT in fragment and "hx-trigger" not in fragment  # the polling stops
    assert '<meta http-equiv="refresh"' not in page
    assert "Stopped ·" in listing
    unchanged = ImportJob.objects.get(pk=stopped_job.pk)
    assert (unchanged.status, unchanged.progress_at) == (ImportJob.Status.QUEUED, stopped_job.progress_at)


def test_its_owner_ends_it_and_its_task(stopped_job, clock, client):
    clock.shift(IMPORT_STOPPED_AFTER + dt.timedelta(minutes=1))
    response = client.post(reverse("training_log:import-cancel", args=[stopped_job.pk]), follow=True)
    page = response.content.decode()
    assert "Import ended: nothing from the file was stored." in page and STOPPED_TEXT in page
    job = ImportJob.objects.get(pk=stopped_job.pk)
    assert (job.status, job.error) == (ImportJob.Status.FAILED, STOPPED_TEXT)
    assert not ImportChunk.objects.filter(job=job).exists()
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"


def test_another_lifter_cannot_end_it(stopped_job, clock, client, other_athlete):
    clock.shift(IMPORT_STOPPED_AFTER + dt.timedelta(minutes=1))
    client.force_login(other_athlete)
    response = client.post(reverse("training_log:import-cancel", args=[stopped_job.pk]))
    assert response.status_code == 404
    assert ImportJob.objects.get(pk=stopped_job.pk).status == ImportJob.Status.QUEUED
    with pytest.raises(PermissionDenied):
        services.cancel_import(actor=other_athlete, job=stopped_job)


def test_an_import_still_making_progress_is_not_ended(stopped_job, client):
    response = client.post(reverse("training_log:import-cancel", args=[stopped_job.pk]), follow=True)
    assert response.status_code == 200 and "Import ended" not in response.content.decode()
    assert ImportJob.objects.get(pk=stopped_job.pk).status == ImportJob.Status.QUEUED


def test_purge_imports_ends_stopped_imports_and_their_tasks(stopped_job, clock):
    out = StringIO()
    call_command("purge_imports", stdout=out)
    assert "Ended 0 stopped imports." in out.getvalue()

    clock.shift(IMPORT_STOPPED_AFTER + dt.timedelta(minutes=1))
    call_command("purge_imports", stdout=out)
    assert "Ended 1 stopped import." in out.getvalue()
    job = ImportJob.objects.get(pk=stopped_job.pk)
    assert (job.status, job.error) == (ImportJob.Status.FAILED, STOPPED_TEXT)
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"
    assert not ImportChunk.objects.exists()


def test_an_import_cancelled_while_it_runs_stores_nothing(client, athlete, library, monkeypatch):
    """The job is locked only at the end of the import: one ended meanwhile rolls the whole import back."""
    client.force_login(athlete)
    job = _preview(client, SAMPLE.read_bytes())
    real_run = importer._Importer.run

    def run_then_find_it_ended(self):
        result = real_run(self)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, error=importer.STOPPED)
        return result

    monkeypatch.setattr(importer._Importer, "run", run_then_find_it_ended)
    _confirm(client, job)
    job.refresh_from_db()
    assert (job.status, job.error) == (ImportJob.Status.FAILED, STOPPED_TEXT)
    assert not SetLog.objects.filter(athlete=athlete).exists()


@pytest.mark.django_db(transaction=True)
def test_a_running_import_records_its_progress_where_the_database_lets_it(settings, athlete, library_transactional):
    """On PostgreSQL, while the import's transaction is open, its heartbeat reaches other connections, and one
    that finds the job ended stops the import: nothing of it stays. SQLite lets one connection write at a time
    and that one is the import, so there the heartbeat writes nothing: the import's start is its only record,
    and the import goes on to the end (imports there take seconds)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, connections
    from django.utils import timezone

    job = services.start_import(actor=athlete, upload=SimpleUploadedFile("hevy.csv", SAMPLE.read_bytes()))
    mapping = {e["name"]: str(e["suggestion"]) for e in job.preview["exercises"] if not e["recognised"]}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, run below
    job = services.confirm_import(actor=athlete, job=job, mapping=mapping)
    seen, beats = [], []

    class Watched(importer._Heartbeat):
        def __call__(self):
            beats.append(timezone.now())
            if connection.vendor == "postgresql":
                other = connections.create_connection("default")
                try:
                    with other.cursor() as cursor:
                        cursor.execute("SELECT progress_at FROM training_log_importjob WHERE id = %s", [job.pk])
                        seen.append(cursor.fetchone()[0])
                        if len(seen) == 2:  # its owner ends it from another request
                            cursor.execute(
                                "UPDATE training_log_importjob SET status = 'failed' WHERE id = %s", [job.pk]
                            )
                finally:
                    other.close()
            super().__call__()

    import unittest.mock

    with (
        unittest.mock.patch.object(importer, "_Heartbeat", Watched),
        unittest.mock.patch.object(importer, "PROGRESS_SECONDS", 0),
        unittest.mock.patch.object(importer, "PROGRESS_EVERY", 1),
    ):
        importer.run_import(job.pk)
    job = ImportJob.objects.get(pk=job.pk)
    if connection.vendor == "postgresql":
        assert seen[0] is not None and seen[1] > seen[0]  # started, then moved on while the transaction was open
        assert not SetLog.objects.filter(athlete=athlete).exists()
        assert job.status == ImportJob.Status.FAILED
    else:
        assert len(beats) > 1  # the import asked for a heartbeat on the way...
        assert job.progress_at < beats[0]  # ...and none was written: the start is the only record
        assert job.status == ImportJob.Status.DONE
        assert SetLog.objects.filter(athlete=athlete).exists()
