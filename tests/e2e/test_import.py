"""Bringing a history in, on a phone: from the history page to the import, a Strong file checked on the
preview (the unit picked, the names matched), imported, and the lifter's progress showing it."""

import re
from pathlib import Path

from django.core.cache import cache
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory
from training_log.models import ImportJob, SetLog
from training_log.transfer import importer, services

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
SHOTS = Path("test-results/import")
PHONE_WIDTH = 390


def _log_in(page, live_server, username):
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username*").fill(username)
    page.get_by_label("Password*").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    page.screenshot(path=SHOTS / name, full_page=True)


def test_lifter_imports_a_strong_export(live_server, page, axe_log, library_transactional):
    UserFactory(username="sam", display_name="Sam", unit="kg")
    _log_in(page, live_server, "sam")
    page.goto(live_server.url + "/log/")
    page.get_by_role("link", name="Import your history").click()
    expect(page.get_by_role("heading", name="Import your history")).to_be_visible()
    _shot(page, "upload.png")

    page.get_by_label("Your export (CSV)").set_input_files(SAMPLES / "strong_classic.csv")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check your import")).to_be_visible()
    figures = page.locator(".import-figures")
    expect(figures).to_contain_text(re.compile(r"Workouts\s*2\s*Sets\s*11"))
    expect(figures).to_contain_text("3 Mar 2025 – 6 Mar 2025")
    expect(page.get_by_label("Bent Over Row (Barbell)")).to_have_value(str(_pk("barbell-row")))
    expect(page.get_by_label("Face Pull (Cable)")).to_have_value(str(_pk("face-pull")))
    _shot(page, "preview.png")

    page.get_by_role("button", name="Import 11 sets").click()
    expect(
        page.get_by_text("Pick kg or lb: Strong's files don't say which.")
    ).to_be_visible()  # no unit picked: nothing stored
    assert not SetLog.objects.exists()
    page.get_by_label("lb").check()
    page.get_by_role("button", name="Import 11 sets").click()
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible()
    expect(page.get_by_text("Added 11 sets in 2 workouts.")).to_be_visible()
    _shot(page, "done.png")

    page.get_by_role("link", name="See your progress").click()
    expect(page.get_by_role("heading", name="Barbell row", exact=False).first).to_be_visible()
    assert SetLog.objects.filter(athlete__username="sam", unit="lb").count() == 11
    assert not axe_log.violations()


def test_the_progress_bar_updates_without_a_reload(live_server, page, library_transactional):
    athlete = UserFactory(username="kim", display_name="Kim")
    job = services.start_import(actor=athlete, upload=_upload("hevy_lbs.csv"))
    mapping = {entry["name"]: str(entry["recognised"] or entry["suggestion"]) for entry in job.preview["exercises"]}
    ImportJob.objects.filter(pk=job.pk).update(status="queued", mapping=mapping)  # confirmed, the worker not yet there
    cache.set(importer.progress_key(job.pk), 2)
    _log_in(page, live_server, "kim")
    page.goto(live_server.url + job.get_absolute_url())
    expect(page.get_by_text("2 of 5 rows read")).to_be_visible()
    _shot(page, "progress.png")
    importer.run_import(job.pk)  # the worker finishes: the page polls and shows the summary by itself
    expect(page.get_by_text("Added 4 sets in 1 workout.")).to_be_visible(timeout=5000)


def _upload(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, (SAMPLES / name).read_bytes())


def _pk(slug):
    from exercises.models import Exercise

    return Exercise.objects.get(slug=slug).pk
