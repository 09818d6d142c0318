"""On a phone in Tokyo, the Settings picker offers the device's zone first and keeps the saved one selected."""

from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory


def test_the_devices_zone_heads_the_picker_and_the_saved_zone_stays_selected(live_server, browser, transactional_db):
    UserFactory(username="traveller", time_zone="Europe/Berlin")
    context = browser.new_context(timezone_id="Asia/Tokyo", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username*").fill("traveller")
    page.get_by_label("Password*").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/accounts/settings/")

    picker = page.get_by_label("Time zone")
    expect(picker.locator("optgroup").first).to_have_attribute("label", "This device")
    first = picker.locator("option").first
    expect(first).to_have_attribute("value", "Asia/Tokyo")
    expect(picker).to_have_value("Europe/Berlin")
    context.close()
