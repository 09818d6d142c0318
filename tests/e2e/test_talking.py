"""Talking about a workout in the browser: the coach comments on a finished workout and sets the next weight;
the athlete sees the unread count, reads the comment (marked read by the page itself) and finds the coach's
weight on the card, once. And the invitation link's Copy button."""

import re
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import CoachingLink
from exercises.models import Exercise
from tests.factories import PASSWORD, SessionExerciseFactory, TrainingSessionFactory, UserFactory
from training_log.models import CommentRead, TrainingSession
from training_log.services.sessions import log_set

SHOTS = Path("test-results")  # beside pytest-playwright failure screenshots (git ignores it)


def _log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _menu(page):
    return page.get_by_role("navigation", name="Main")


def _workouts(athlete, deadlift):
    """Yesterday's finished deadlifts (with a note), and today's workout, open, with no set yet."""
    started = timezone.now() - timedelta(days=1)
    item = SessionExerciseFactory(
        session__athlete=athlete,
        session__started_at=started,
        exercise=deadlift,
        sets=2,
        rep_min=4,
        rep_max=6,
        note="Grip went on set 2",
    )
    yesterday = item.session
    for _ in range(2):
        log_set(
            actor=athlete,
            session_exercise=item,
            weight=Decimal(225),
            unit="lb",
            reps=5,
            rir=2,
            client_id=uuid.uuid4(),
        )
    TrainingSession.objects.filter(pk=yesterday.pk).update(finished_at=timezone.now())
    today = TrainingSessionFactory(
        athlete=athlete,
        name="Heavy day",
        exercises=[deadlift],
        exercises__sets=2,
        exercises__rep_min=4,
        exercises__rep_max=6,
    )
    return yesterday, today


def test_coach_comments_and_overrides_the_athlete_reads_and_lifts_it(
    live_server, browser, browser_context_args, page, library_transactional
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    coach = UserFactory(username="casey", display_name="Coach Casey", is_coach=True)
    athlete = UserFactory(username="jordan", display_name="Jordan")
    CoachingLink.objects.create(coach=coach, athlete=athlete)
    deadlift = Exercise.objects.get(slug="deadlift")
    yesterday, today = _workouts(athlete, deadlift)
    base = live_server.url

    # The coach opens yesterday's workout: the athlete's note is there; they comment.
    _log_in(page, base, "casey")
    page.goto(f"{base}/log/athletes/{athlete.pk}/")
    page.get_by_role("link", name=re.compile("^Pulls ")).click()
    expect(page.locator(".exercise-note")).to_have_text("Jordan's note: Grip went on set 2")
    page.get_by_label("Add a comment").fill("Strong pulls.\nUse straps on the last set next time.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".comment")).to_have_count(1)
    expect(page.locator(".comment-body")).to_have_text("Strong pulls.Use straps on the last set next time.")
    assert page.locator(".comment-body br").count() == 1
    page.screenshot(path=SHOTS / "summary-comments-coach.png", full_page=True)

    # ... and sets the next deadlift weight from the summary.
    page.get_by_role("link", name="Set next weight for Deadlift").click()
    expect(page.get_by_label("Exercise")).to_have_value(str(deadlift.pk))
    expect(page.get_by_label("Unit")).to_have_value("lb")
    page.get_by_label("Weight").fill("235")
    page.get_by_label("Reps (optional)").fill("4")
    page.get_by_label("Note for the athlete (optional)").fill("Brace hard, no hitching")
    page.screenshot(path=SHOTS / "override-form.png", full_page=True)
    page.get_by_role("button", name="Set next weight").click()
    expect(page.get_by_role("status").first).to_contain_text("Deadlift: next set 235 lb × 4.")
    expect(page.locator(".override")).to_contain_text("Deadlift: 235 lb × 4")
    page.screenshot(path=SHOTS / "override-list.png", full_page=True)

    # The athlete, on their own phone: the menu says there is an unread comment.
    athlete_context = browser.new_context(**browser_context_args)
    athlete_context.set_default_timeout(10_000)
    phone = athlete_context.new_page()
    _log_in(phone, base, "jordan")
    expect(_menu(phone).get_by_role("link", name="History 1 unread comment")).to_be_visible()
    phone.screenshot(path=SHOTS / "menu-unread.png")
    _menu(phone).get_by_role("link", name="History 1 unread comment").click()
    expect(phone.locator(".has-unread")).to_contain_text("1 new comment")
    phone.locator(".has-unread").click()

    # The comment is there, marked new; the page marks it read by itself (a POST from htmx).
    expect(phone.locator(".comment")).to_contain_text("Coach Casey")
    expect(phone.locator(".comment.is-new")).to_have_count(1)
    expect(phone.locator(".mark-read")).to_have_count(0)  # htmx posted it and removed the button
    expect(_menu(phone).get_by_role("link", name="History", exact=True)).to_be_visible()  # and the count went
    assert CommentRead.objects.filter(user=athlete, session=yesterday).exists()
    phone.locator("#comments").scroll_into_view_if_needed()
    phone.screenshot(path=SHOTS / "summary-comments-athlete.png", full_page=True)
    phone.reload()
    expect(phone.locator(".comment.is-new")).to_have_count(0)
    expect(_menu(phone).locator("summary")).to_have_text(re.compile(r"^\s*More\s*$"))

    # Today's card shows the coach's weight in place of the method's, once.
    phone.goto(f"{base}/log/sessions/{today.pk}/")
    card = phone.locator("article.log-card").first
    expect(card.locator(".coach-override")).to_contain_text("set by your coach")
    expect(card.locator(".coach-override")).to_contain_text("235 lb × 4")
    expect(card.locator(".coach-note")).to_contain_text("Brace hard, no hitching")
    expect(card.get_by_label("Weight (lb)")).to_have_value("235")
    expect(card.get_by_label("Reps")).to_have_value("4")
    card.screenshot(path=SHOTS / "card-override.png")
    card.locator(".rir-buttons label", has_text="1").first.click()
    card.get_by_role("button", name="Log set 1").click()
    expect(card.locator(".logged-sets li")).to_have_count(1)
    expect(card.locator(".coach-override")).to_have_count(0)
    expect(card.locator(".next-set")).to_contain_text("Next set")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    athlete_context.close()


def _invite(page, base):
    _log_in(page, base, "casey")
    _menu(page).get_by_text("More").click()
    _menu(page).get_by_role("link", name="Athletes").click()
    page.get_by_label("Who is it for?").fill("Jordan")
    page.get_by_role("button", name="Invite an athlete").click()
    return page.get_by_label("Invitation link").input_value()


def test_the_invitation_link_has_a_copy_button(live_server, page, context):
    UserFactory(username="casey", display_name="Coach Casey", is_coach=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    link = _invite(page, live_server.url)
    copy = page.get_by_role("button", name="Copy link")
    expect(copy).to_be_visible()
    # Share shows only where the browser has the Web Share API.
    expect(page.get_by_role("button", name="Share link")).to_be_visible(visible=page.evaluate("!!navigator.share"))
    copy.click()
    expect(page.locator("[data-share-status]")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == link
    page.locator(".alert-success").screenshot(path=SHOTS / "invite-link.png")


def test_without_javascript_the_link_is_there_and_no_dead_buttons(live_server, browser, browser_context_args):
    UserFactory(username="casey", display_name="Coach Casey", is_coach=True)
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    link = _invite(page, live_server.url)
    assert link.startswith(live_server.url + "/accounts/invite/")
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    expect(page.get_by_role("button", name="Share link")).to_be_hidden()
    context.close()
