"""Issue 14 in a real browser: the coordinator pastes a list of
associations, looks at the preview's verdicts, decides the rows that need a
decision with the keyboard, imports, and tidies the register; axe-core
finds no violation on any of these pages."""
from __future__ import annotations

import sqlalchemy as sa

from drafting.associations.models import Association
from drafting.extensions import db
from tests.conftest import PASSWORD
from tests.messages import fi

LIST = "\n".join([
    "Nimi;Sähköposti;Rekisterinumero;Yhteyshenkilö",
    "Kylätoimikunta Mäkelä;makela@example.fi;;Maija Mäkelä",
    "Urheiluseura ry;;;",
    "Pohjois-Karjalan Martat ry;martat@example.fi;201.234;",
    "Pohjois Karjalan Martat;;;",
    "Rikkinäinen Seura;ei-osoite;;",
    "Uusi Kuoro ry;kuoro@example.fi;;",
])


def names(municipality) -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(sa.select(Association.name).where(
        Association.municipality_id == municipality.id)))


def test_issue_14_the_import_preview_in_a_browser(people, town, make):
    make.association(town.municipality, name="Mäkelän kylätoimikunta")
    coordinator = people()
    coordinator.login(town.coordinator.email, PASSWORD)
    page = coordinator.goto(f"/m/{town.municipality.slug}/admin/associations")
    page.get_by_role("link", name=fi("Import a list")).first.click()
    coordinator.check()
    page.get_by_label(fi("Paste the list")).fill(LIST)
    page.locator("main").get_by_role("button", name=fi("Read the list")).click()
    page.wait_for_load_state()
    coordinator.check()
    rows = page.locator("tr[data-verdict]")
    verdicts = {rows.nth(i).locator("strong").inner_text(): rows.nth(i).get_attribute("data-verdict")
                for i in range(rows.count())}
    assert verdicts == {"Kylätoimikunta Mäkelä": "near_duplicate", "Urheiluseura ry": "duplicate",
                        "Pohjois-Karjalan Martat ry": "new", "Pohjois Karjalan Martat": "near_duplicate",
                        "Rikkinäinen Seura": "bad", "Uusi Kuoro ry": "new"}
    # importing with the bad row undecided imports nothing and says why
    page.locator("main").get_by_role("button", name=fi("Import the list")).click()
    page.wait_for_load_state()
    coordinator.check()
    assert fi("Nothing was imported.") in page.locator(".error-summary").inner_text()
    assert names(town.municipality) == ["Eläkeläiset ry", "Kyläyhdistys ry", "Mäkelän kylätoimikunta",
                                        "Urheiluseura ry"]
    # the bad row skipped with the keyboard, a new row left out with its box
    bad = page.get_by_role("combobox", name=f"{fi('What to do')} Rikkinäinen Seura")
    bad.focus()
    bad.select_option("skip")
    page.get_by_role("checkbox", name=f"{fi('Skip')} Uusi Kuoro ry").check()
    page.get_by_role("combobox", name=f"{fi('What to do')} Kylätoimikunta Mäkelä").select_option("add_details")
    page.locator("main").get_by_role("button", name=fi("Import the list")).click()
    page.wait_for_load_state()
    coordinator.check()
    assert names(town.municipality) == ["Eläkeläiset ry", "Kyläyhdistys ry", "Mäkelän kylätoimikunta",
                                        "Pohjois-Karjalan Martat ry", "Urheiluseura ry"]
    makela = db.session.scalar(sa.select(Association).where(Association.name == "Mäkelän kylätoimikunta"))
    assert (makela.email, makela.contact_person) == ("makela@example.fi", "Maija Mäkelä")
    # the housekeeping of an entry: its page and the merge page
    page.get_by_role("link", name="Mäkelän kylätoimikunta").click()
    coordinator.check()
    page.get_by_role("link", name=fi("Merge another entry of the same association into this one")).click()
    coordinator.check()
    page.locator("main").get_by_role("button", name=fi("Merge")).click()
    page.wait_for_load_state()
    coordinator.check()
