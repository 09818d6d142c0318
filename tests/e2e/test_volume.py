"""The weekly hard sets partial in a browser at 390x844: the heat map on the anatomy figure, its legend, the table.

The partial has no URL of its own yet (the /progress/ page includes it), so the test renders it inside base.html and
serves that page, our static files and the site's CSP to chromium through Playwright's request routing: no server.
"""

import datetime
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.contrib.staticfiles import finders
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone
from playwright.sync_api import expect

from exercises.models import Exercise
from tests.factories import SessionExerciseFactory, SetLogFactory, TrainingSessionFactory
from training_log.selectors.volume import weekly_hard_sets

ORIGIN = "http://scapula.test"
PAGE = ORIGIN + "/progress/"
# The site's policy (config/settings.py CONTENT_SECURITY_POLICY): an inline style or script would be refused.
CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
SHOTS = Path("/work/shots/i13-volume")
WRAPPER = """{% extends "base.html" %}{% load static %}
{% block head %}<link rel="stylesheet" href="{% static 'css/anatomy.css' %}">{% endblock %}
{% block content %}<h1 class="h3">Progress</h1>{% include "training_log/_muscle_volume.html" %}{% endblock %}"""
# Hard sets per workout of each exercise, two workouts a week, newest week first: a spread over every band.
WEEKS = [
    {"deadlift": 3, "barbell-row": 5, "face-pull": 3, "pull-up": 3},
    {"deadlift": 3, "barbell-row": 3, "face-pull": 2},
    {"barbell-row": 4, "pull-up": 4},
    {"deadlift": 2, "face-pull": 3, "pull-up": 3},
    {},
    {"deadlift": 3, "barbell-row": 3, "face-pull": 3, "pull-up": 3},
    {"deadlift": 2, "barbell-row": 2},
    {"face-pull": 2},
]


def _log_weeks(athlete, today):
    exercises = {exercise.slug: exercise for exercise in Exercise.objects.filter(slug__in=WEEKS[0])}
    monday = today - datetime.timedelta(days=today.weekday())
    for weeks_ago, plan in enumerate(WEEKS):
        for day in (0, 3):
            when = timezone.make_aware(
                datetime.datetime.combine(monday - datetime.timedelta(weeks=weeks_ago, days=-day), datetime.time(7))
            )
            if when.date() > today:
                when = timezone.make_aware(datetime.datetime.combine(today, datetime.time(0, 30)))
            workout = TrainingSessionFactory(athlete=athlete, name="Upper back", started_at=when)
            for slug, hard_sets in plan.items():
                item = SessionExerciseFactory(
                    session=workout, exercise=exercises[slug], sets=hard_sets, rep_min=6, rep_max=10
                )
                for rir in [2] * hard_sets + [6]:  # the last one too easy to count
                    SetLogFactory(session_exercise=item, weight=60, unit="kg", reps=8, rir=rir)


def _serve(page, html):
    def handle(route):
        path = urlparse(route.request.url).path
        if path == "/progress/":
            headers = {"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CSP}
            route.fulfill(status=200, headers=headers, body=html)
        elif path.startswith("/static/") and (found := finders.find(path.removeprefix("/static/"))):
            route.fulfill(path=found)
        else:
            route.fulfill(status=404, body="")

    page.route(ORIGIN + "/**", handle)


def _render(volume, user):
    request = RequestFactory().get("/progress/")
    request.user = user
    return engines["django"].from_string(WRAPPER).render({"volume": volume}, request)


@pytest.fixture
def volume_page(page, athlete, library):
    today = timezone.localdate()
    _log_weeks(athlete, today)
    refused = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    _serve(page, _render(weekly_hard_sets(athlete, today=today), athlete))
    page.goto(PAGE)
    yield page
    assert refused == [], "The CSP refused something:\n" + "\n".join(refused)


def test_heat_map_legend_and_table_at_390(volume_page, axe_log):
    page = volume_page
    section = page.get_by_role("region", name="Hard sets per muscle, this week")
    expect(section.get_by_role("heading", name="Hard sets per muscle, this week")).to_be_visible()

    # This week's trapezius, twice: deadlift 3 + row 5 (primary) + face pull 3 x 0.5 + pull-up 3 x 0.5 = 22, over 20.
    trapezius = page.get_by_role("link", name="1 Trapezius: 22 hard sets this week")
    assert "heat-4" in trapezius.get_attribute("class")
    fill = trapezius.locator(".anat-region").evaluate("el => getComputedStyle(el).fill")
    swatch = page.locator(".heat-legend .swatch.heat-4").evaluate("el => getComputedStyle(el).backgroundColor")
    assert fill == swatch == "rgb(92, 29, 14)"
    for label in ["0", "0.5 to 4.5", "5 to 9.5", "10 to 20", "over 20"]:
        expect(page.locator(".heat-legend li", has_text=label).first).to_be_visible()

    table = page.get_by_role("table")
    assert table.get_by_role("row", name="Trapezius").locator("td").first.inner_text() == "22"
    assert table.get_by_role("row", name="Serratus posterior inferior").locator("td").all_inner_texts() == ["0"] * 8
    assert axe_log.violations(PAGE) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "full.png", full_page=True)
    page.locator("figure.anatomy-figure").screenshot(path=SHOTS / "figure-legend.png")
    table_wrap = page.get_by_role("region", name="The last 8 weeks")
    table_wrap.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "table.png")
    # The table scrolls inside its own box and the muscle names stay put.
    name_cell = table.get_by_role("rowheader", name="Trapezius")
    before = name_cell.bounding_box()["x"]
    table_wrap.evaluate("el => el.scrollBy(400, 0)")
    assert table_wrap.evaluate("el => el.scrollLeft") > 0
    assert name_cell.bounding_box()["x"] == before
    page.screenshot(path=SHOTS / "table-scrolled.png")
