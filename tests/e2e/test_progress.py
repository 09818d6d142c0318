"""The demo athlete opens /progress/ on a phone: the deadlift chart, its numbers, the records; then a year."""

import os
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect

SHOTS = Path(os.environ.get("SCAPULA_SHOTS", "test-results"))  # git ignores test-results
PHONE_WIDTH = 390


def _fits_a_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, page.url


def test_demo_athlete_sees_the_deadlift_chart_and_records(live_server, page, library_transactional, settings):
    settings.DEBUG = True  # the demo commands refuse to run otherwise
    for command in ("load_templates", "load_demo", "load_demo_history"):
        call_command(command, stdout=StringIO())
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username*").fill("alex")
    page.get_by_label("Password*").fill("scapula-demo-2026")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/progress/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Progress")
    expect(page.get_by_role("link", name="3 months")).to_have_attribute("aria-current", "page")
    chart = page.get_by_role("img", name="Deadlift: estimated 1RM and top weight")
    expect(chart).to_be_visible()
    section = page.locator(".progress-exercise").filter(has=page.get_by_role("heading", name="Deadlift", exact=True))
    # Eight weeks of Alex's deadlifts: a line with a marker per workout for each series.
    expect(section.locator(".progress-chart .chart-series-1 .chart-line")).to_have_count(1)
    assert section.locator(".progress-chart .chart-series-1 circle").count() >= 4
    expect(section.locator(".chart-legend")).to_contain_text("Estimated 1RM (lb), solid line")
    records = section.locator(".progress-records")
    expect(records.get_by_role("row", name="Best estimated 1RM")).to_contain_text("lb")
    expect(records.get_by_role("row", name="Heaviest weight")).to_contain_text("lb")
    # The numbers behind the chart, for those who prefer them.
    section.get_by_text("The numbers").click()
    expect(section.locator(".progress-points tbody tr").first).to_be_visible()
    _fits_a_phone(page)
    page.screenshot(path=SHOTS / "progress.png", full_page=True)
    section.locator(".progress-chart").screenshot(path=SHOTS / "progress-deadlift-chart.png")
    section.screenshot(path=SHOTS / "progress-deadlift.png")
    page.screenshot(path=SHOTS / "progress-top.png")

    # This week's hard sets per muscle on the figure, with its legend, and the last 8 weeks as a table.
    page.get_by_role("link", name="Hard sets per muscle this week").click()
    volume = page.locator(".muscle-volume")
    expect(volume.get_by_role("heading", name="Hard sets per muscle, this week")).to_be_in_viewport()
    expect(volume.locator(".heat-legend li")).to_have_text(["0", "0.5 to 4.5", "5 to 9.5", "10 to 20", "over 20"])
    expect(volume.locator(".volume-table tbody tr")).to_have_count(9)
    # Alex trained twice in the last full week: his trapezius got hard sets (deadlifts, rows, face pulls...).
    expect(volume.locator(".volume-table tbody tr").filter(has_text="Trapezius").locator("td").nth(1)).not_to_have_text(
        "0"
    )
    _fits_a_phone(page)
    volume.screenshot(path=SHOTS / "progress-volume.png")

    page.get_by_role("link", name="1 year").click()
    expect(page.get_by_role("link", name="1 year")).to_have_attribute("aria-current", "page")
    expect(page).to_have_url(live_server.url + "/progress/?range=1y")
    expect(page.get_by_role("img", name="Deadlift: estimated 1RM and top weight")).to_be_visible()
    _fits_a_phone(page)
    page.screenshot(path=SHOTS / "progress-1y.png", full_page=True)
    page.screenshot(path=SHOTS / "progress-1y-top.png")


def test_coach_opens_an_athletes_progress_from_their_page(live_server, page, library_transactional, settings):
    settings.DEBUG = True
    for command in ("load_templates", "load_demo", "load_demo_history"):
        call_command(command, stdout=StringIO())
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username*").fill("coach")
    page.get_by_label("Password*").fill("scapula-demo-2026")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Coach").click()
    page.get_by_role("link", name="Sam", exact=True).click()
    page.locator("#main").get_by_role("link", name="Progress", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sam's progress")
    expect(page.get_by_role("img", name="Deadlift: estimated 1RM and top weight")).to_be_visible()
    _fits_a_phone(page)
    page.screenshot(path=SHOTS / "progress-coach-sam.png", full_page=True)
    stall = page.locator(".progress-stall").first
    if stall.count():
        stall.locator("xpath=ancestor::section").screenshot(path=SHOTS / "progress-stalled.png")
