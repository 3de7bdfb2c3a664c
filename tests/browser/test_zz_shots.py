from tests.browser.test_association_import import LIST
from tests.conftest import PASSWORD
from tests.messages import fi


def test_shots(people, town, make):
    make.association(town.municipality, name="Mäkelän kylätoimikunta")
    coordinator = people()
    coordinator.login(town.coordinator.email, PASSWORD)
    page = coordinator.goto(f"/m/{town.municipality.slug}/admin/associations/import")
    page.get_by_label(fi("Paste the list")).fill(LIST)
    page.locator("main").get_by_role("button", name=fi("Read the list")).click()
    page.wait_for_load_state()
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/shot_preview_{width}.png", full_page=True)
    round_ = town.round(__import__("drafting.workflow.models", fromlist=["RoundState"]).RoundState.ASSOCIATION_EVENING)
    page = coordinator.goto(f"/rounds/{round_.id}/summary")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/shot_summary_{width}.png", full_page=True)
