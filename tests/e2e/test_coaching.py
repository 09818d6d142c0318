import re

from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import PASSWORD, UserFactory


def _log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_coach_invites_athlete_signs_up_accepts_then_ends_the_link(live_server, browser, browser_context_args, page):
    UserFactory(username="casey", display_name="Coach Casey", is_coach=True)
    base = live_server.url

    # The coach makes an invitation link.
    _log_in(page, base, "casey")
    page.get_by_role("navigation", name="Main").get_by_text("More").click()
    page.get_by_role("link", name="Athletes").click()
    page.get_by_label("Who is it for?").fill("Jordan")
    page.get_by_role("button", name="Invite an athlete").click()
    link = page.get_by_label("Invitation link").input_value()
    assert re.fullmatch(re.escape(base) + r"/accounts/invite/[A-Za-z0-9_-]{43}/", link)

    # A new athlete opens it on their own phone, signs up and confirms by e-mail.
    athlete_context = browser.new_context(**browser_context_args, timezone_id="America/Los_Angeles")
    athlete_context.set_default_timeout(10_000)
    athlete = athlete_context.new_page()
    athlete.goto(link)
    athlete.get_by_role("link", name="Create an account").click()
    athlete.get_by_label("Username").fill("jordan")
    athlete.get_by_label("E-mail").fill("jordan@example.com")
    athlete.get_by_label("Name shown to your coach").fill("Jordan")
    athlete.get_by_label("Password*").fill("pull-heavy-often-2026")
    athlete.get_by_label("Password again").fill("pull-heavy-often-2026")
    athlete.get_by_role("button", name="Create account").click()
    expect(athlete.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert User.objects.get(username="jordan").time_zone == "America/Los_Angeles"  # from the browser
    confirm = re.search(r"http://\S+/accounts/activate/\S+", mail.outbox[-1].body).group(0)
    athlete.goto(confirm)
    athlete.get_by_role("button", name="Confirm my address").click()
    # Confirming never logs in: the log-in page asks for the password, then goes back to the invitation.
    expect(athlete.get_by_text("Your e-mail address is confirmed.")).to_be_visible()
    athlete.get_by_label("Username").fill("jordan")
    athlete.get_by_label("Password").fill("pull-heavy-often-2026")
    athlete.get_by_role("button", name="Log in").click()

    # Back on the invitation: who the coach is, what they will see, Accept.
    expect(athlete.get_by_role("heading", level=1)).to_have_text("Coach Casey wants to coach you")
    athlete.get_by_role("button", name="Accept").click()
    expect(athlete.get_by_text("Coach Casey is now your coach.")).to_be_visible()

    page.reload()
    expect(page.locator(".athlete")).to_contain_text("Jordan")

    # The athlete ends the link; the coach no longer sees them.
    athlete.get_by_text("End coaching…").click()
    athlete.get_by_role("button", name="End coaching with Coach Casey").click()
    expect(athlete.get_by_text("Coach Casey no longer sees your training.")).to_be_visible()
    page.reload()
    expect(page.locator(".athlete")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert athlete.evaluate("document.documentElement.scrollWidth") <= 390
    athlete_context.close()
