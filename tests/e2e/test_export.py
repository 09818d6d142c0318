"""Taking the data away, on a phone: the athlete finds "Export your data" under their history, reads what each
download holds and downloads their sets."""

import uuid
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import expect

from tests.factories import PASSWORD, SessionExerciseFactory, UserFactory
from training_log.services.sessions import log_set

SHOTS = Path("/work/shots/i14-export")
PHONE_WIDTH = 390


def test_athlete_downloads_their_sets_from_the_history_page(live_server, page, axe_log, transactional_db):
    athlete = UserFactory(username="alex", display_name="Alex")
    item = SessionExerciseFactory(
        session__athlete=athlete, session__name="Upper back A", exercise__name="Seated row", sets=1
    )
    log_set(
        actor=athlete, session_exercise=item, weight=Decimal(120), unit="lb", reps=10, rir=2, client_id=uuid.uuid4()
    )

    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username*").fill("alex")
    page.get_by_label("Password*").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/log/")
    page.get_by_role("link", name="Export your data").click()
    expect(page.get_by_role("heading", name="Export your data")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "export.png", full_page=True)
    assert not axe_log.violations()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download sets (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("scapula-sets-")
    lines = Path(download.path()).read_text().splitlines()
    assert lines[0] == "date,session,exercise,set_number,weight,unit,reps,rir,rpe,warmup,note"
    assert ",Upper back A,Seated row,1,120,lb,10,2,8,no," in lines[1]
