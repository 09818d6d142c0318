"""The demo athlete deletes her account from settings on a phone: counts, password, tick box, gone."""

import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User

SHOTS = Path("/work/shots/i14-delete")
DEMO_PASSWORD = "scapula-demo-2026"  # noqa: S105 (the demo's published log-in)
PHONE_WIDTH = 390


def test_athlete_deletes_her_account(live_server, page, library_transactional, settings):
    settings.DEBUG = True  # the demo command refuses to run otherwise
    for command in ("load_templates", "load_demo", "load_demo_history"):
        call_command(command, stdout=StringIO())
    username = User.objects.filter(is_coach=False, coach_links__isnull=False).values_list("username", flat=True)[0]
    base = live_server.url
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username*").fill(username)
    page.get_by_label("Password*").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("navigation", name="Main").get_by_text("More").click()
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Delete account").click()
    expect(page.get_by_role("heading", name="Delete your account")).to_be_visible()
    expect(page.get_by_text(re.compile(r"[1-9][\d,]* workouts? with [1-9][\d,]* sets"))).to_be_visible()
    expect(page.get_by_role("link", name="Export your data first")).to_have_attribute("href", "/log/export/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "account-delete.png", full_page=True)

    page.get_by_label("Your password").fill("not my password")
    page.get_by_label("I understand this can't be undone.").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("That isn't your password, so nothing was deleted.")).to_be_visible()
    page.screenshot(path=SHOTS / "account-delete-wrong-password.png", full_page=True)

    page.get_by_label("Your password").fill(DEMO_PASSWORD)
    page.get_by_label("I understand this can't be undone.").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account and everything in it is deleted.")).to_be_visible()
    page.screenshot(path=SHOTS / "account-deleted.png", full_page=True)
    assert not User.objects.filter(username=username).exists()
