from playwright.sync_api import expect

from exercises.models import Exercise


def test_lifter_finds_the_face_pull_through_the_rhomboids_filter(live_server, page, library_transactional):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Browse the exercise library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exercise library")

    page.get_by_label("Muscle").select_option("rhomboids")
    page.get_by_role("button", name="Show exercises").click()
    expect(page).to_have_url(live_server.url + "/exercises/?q=&muscle=rhomboids&equipment=")
    page.get_by_role("link", name="Face pull").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Face pull")
    steps = page.locator("ol.steps > li")
    face_pull = Exercise.objects.get(slug="face-pull")
    expect(steps).to_have_count(face_pull.steps.count())
    expect(steps.first).to_have_text(face_pull.steps.first().text)

    primary = face_pull.muscle_roles.filter(role="primary").values_list("muscle__slug", flat=True)
    for slug in primary:
        expect(page.locator(f'svg.anatomy a.is-primary[href="/muscles/{slug}/"]')).to_have_count(1)
    # No horizontal scroll on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_anatomy_figure_links_to_a_muscle(live_server, page, library_transactional):
    page.goto(live_server.url + "/muscles/")
    # Tap the region's name in the figure's key (the link spans the region and its key row).
    page.locator("svg.anatomy text.anat-key", has_text="Rhomboids").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rhomboids")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_tapping_a_number_on_the_figure_opens_that_muscle_highlighted(live_server, page, library_transactional):
    page.goto(live_server.url + "/muscles/")
    # The numbers on the drawing sit above the regions but let taps fall through to them.
    box = page.locator("svg.anatomy .anat-tags text", has_text="4").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.get_by_role("heading", level=1)).to_have_text("Teres major")
    expect(page.locator('svg.anatomy a[aria-current="page"]')).to_have_attribute("aria-label", "4 Teres major")
