"""Issue 14: lists of associations imported through the coordinator's pages:
a 300-row XLSX and a pasted list, each row's verdict in the preview, the
coordinator's decisions, bad rows, and a pasted list refused in the
single-name field."""
from __future__ import annotations

import io
import re
from html import unescape

import sqlalchemy as sa
from openpyxl import Workbook

from drafting.associations.models import Association, AssociationImport
from drafting.audit.models import AuditEvent
from drafting.extensions import db
from tests.messages import fi

VERDICT = re.compile(r'id="row-(\d+)-line" data-verdict="(\w+)"')


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register(municipality) -> dict[str, Association]:
    return {a.name: a for a in db.session.scalars(
        sa.select(Association).where(Association.municipality_id == municipality.id))}


def verdicts(page: str) -> dict[int, str]:
    return {int(number): verdict for number, verdict in VERDICT.findall(page)}


SEEN = re.compile(r'name="seen" value="(\w+)"')
SUBMISSION = re.compile(r'name="submission_token"[^>]*value="(\w+)"|value="(\w+)"[^>]*name="submission_token"')


def decide(browser, location, page, choices):
    """Send the preview's form as shown in `page` with these choices."""
    submission = SUBMISSION.search(page)
    return browser.post(location, {"seen": SEEN.search(page).group(1),
                                   "submission_token": submission.group(1) or submission.group(2), **choices},
                        token_from=location)


def read(browser, municipality, **data):
    url = f"/m/{municipality.slug}/admin/associations/import"
    response = browser.post(url, data, token_from=url, content_type="multipart/form-data")
    assert response.status_code == 302, unescape(response.get_data(as_text=True))[-2000:]
    return response.headers["Location"]


def test_issue_14_a_300_row_xlsx_is_previewed_row_by_row_and_imported_in_one_step(browser, make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    make.association(municipality, name="Mäkelän kylätoimikunta")
    make.association(municipality, name="Kylän Nuoret ry", email="nuoret@example.fi")
    make.association(municipality, name="Urheiluseura Kiri", register_number="201.234")
    rows = [["Nimi", "Sähköposti", "Rekisterinumero", "Yhteyshenkilö"]]
    expected = {}
    for n in range(1, 296):
        rows.append([f"Yhdistys numero {n} ry", f"yhdistys{n}@example.fi", f"{100 + n}.{n:03d}", f"Henkilö {n}"])
        expected[n + 1] = "new"
    rows += [["Kylätoimikunta Mäkelä", "makela@example.fi", None, "Maija"],   # 297 near, adds details
             ["KYLÄN NUORET", None, None, None],                                # 298 duplicate
             ["Kiri ry", None, "201.234", None],                                # 299 same register number
             ["yhdistys numero 1", None, None, None],                           # 300 duplicate of row 2
             ["Yhdistys numero 2 ry.", None, None, None]]                       # 301 near row 3
    expected.update({297: "near_duplicate", 298: "duplicate", 299: "near_duplicate", 300: "duplicate",
                     301: "near_duplicate"})
    assert len(rows) - 1 == 300
    browser.login(coordinator)
    location = read(browser, municipality, document=(io.BytesIO(xlsx(rows)), "jakelulista.xlsx"))
    page = unescape(browser.text(location))
    assert verdicts(page) == expected
    assert "jakelulista.xlsx" in page and "Mäkelän kylätoimikunta" in page
    before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    # the defaults, but row 3 skipped and the near-duplicate of row 301 imported as new
    response = decide(browser, location, page, {"skip": "3", "row-301": "import"})
    assert response.status_code == 302
    db.session.expire_all()
    entries = register(municipality)
    assert len(entries) == 3 + 294 + 1
    assert "Yhdistys numero 2 ry" not in entries and "Yhdistys numero 2 ry." in entries
    assert entries["Yhdistys numero 17 ry"].email == "yhdistys17@example.fi"
    assert entries["Yhdistys numero 17 ry"].register_number == "117.017"
    assert entries["Yhdistys numero 17 ry"].contact_person == "Henkilö 17"
    makela = entries["Mäkelän kylätoimikunta"]
    assert (makela.email, makela.contact_person) == ("makela@example.fi", "Maija")
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id).offset(before)).all()
    assert sorted({e.action for e in events}) == ["create_association", "import_association_list",
                                                  "update_association"]
    assert sum(e.action == "create_association" for e in events) == 295
    summary = next(e for e in events if e.action == "import_association_list")
    assert summary.details == {"source": "jakelulista.xlsx", "created": 295, "updated": 1, "skipped": 4}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AssociationImport)) == 0


PASTED = "\n".join([
    "Kylätoimikunta Mäkelä",               # 1 near-duplicate of Mäkelän kylätoimikunta
    "Kylän nuoret",                        # 2 duplicate
    "Pohjois-Karjalan Martat ry; martat@example.fi",  # 3 new
    "Pohjois Karjalan Martat",             # 4 near-duplicate of row 3
    "pohjois-karjalan martat ry.",         # 5 near-duplicate of row 3 (a trailing period)
    "Pohjois-Karjalan Martat",             # 6 duplicate of row 3
    "Byaföreningen i Mäkelä rf",           # 7 new
    "Mäkelä byaförening",                  # 8 near-duplicate of row 7
    "",
    "Eläkeläiset ry.",                     # 10 near-duplicate of Eläkeläiset ry
])


def test_issue_14_a_pasted_list_with_duplicates_and_near_duplicates(browser, make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    make.association(municipality, name="Mäkelän kylätoimikunta")
    make.association(municipality, name="Kylän Nuoret ry")
    make.association(municipality, name="Eläkeläiset ry")
    browser.login(coordinator)
    location = read(browser, municipality, text=PASTED)
    page = unescape(browser.text(location))
    assert verdicts(page) == {1: "near_duplicate", 2: "duplicate", 3: "new", 4: "near_duplicate",
                              5: "near_duplicate", 6: "duplicate", 7: "new", 8: "near_duplicate",
                              10: "near_duplicate"}
    assert fi("Resembles row %(number)s of this list.", number=3) in page
    assert fi("Same as row %(number)s of this list.", number=3) in page
    response = decide(browser, location, page, {"row-1": "import", "row-8": "import"})
    assert response.status_code == 302
    db.session.expire_all()
    assert sorted(register(municipality)) == sorted([
        "Mäkelän kylätoimikunta", "Kylän Nuoret ry", "Eläkeläiset ry", "Kylätoimikunta Mäkelä",
        "Pohjois-Karjalan Martat ry", "Byaföreningen i Mäkelä rf", "Mäkelä byaförening"])


def test_issue_14_bad_rows_import_nothing_until_skipped(browser, make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    browser.login(coordinator)
    location = read(browser, municipality, text="Hyvä Seura\nHuono Seura; ei-osoite\nY-Seura; ; 1234567-8")
    page = unescape(browser.text(location))
    assert verdicts(page) == {1: "new", 2: "bad", 3: "bad"}
    assert fi("The e-mail address is not valid.") in page
    assert fi("This is a business ID (Y-tunnus), not a number of the register of associations.") in page
    response = decide(browser, location, page, {"row-2": "", "row-3": "skip"})
    assert response.status_code == 422
    page = unescape(response.get_data(as_text=True))
    assert fi("Nothing was imported.") in page
    assert fi("Row %(number)s: %(reasons)s Fix the list and read it again, or skip the row.", number=2,
              reasons=fi("The e-mail address is not valid.")) in page
    assert register(municipality) == {}
    response = decide(browser, location, page, {"row-2": "skip", "row-3": "skip"})
    assert response.status_code == 302
    assert list(register(municipality)) == ["Hyvä Seura"]
    again = decide(browser, location, page, {"row-2": "skip", "row-3": "skip"})  # sent twice
    assert (again.status_code, again.headers["Location"]) == (302, response.headers["Location"])
    assert list(register(municipality)) == ["Hyvä Seura"]


def test_issue_14_a_file_that_is_not_a_list_and_a_too_long_list_are_refused(browser, make):
    municipality = make.municipality()
    browser.login(make.coordinator(municipality))
    url = f"/m/{municipality.slug}/admin/associations/import"
    response = browser.post(url, {"document": (io.BytesIO(b"%PDF-1.7 ..."), "lista.pdf")}, token_from=url,
                            content_type="multipart/form-data")
    assert response.status_code == 422
    assert fi("This file is neither CSV nor XLSX. Save the list as .csv or .xlsx, or paste it.") in unescape(
        response.get_data(as_text=True))
    response = browser.post(url, {"text": "\n".join(f"Seura {n}" for n in range(5002))}, token_from=url,
                            content_type="multipart/form-data")
    assert response.status_code == 422
    assert fi("The list has more than %(limit)d rows. Import it in parts of at most %(limit)d rows.",
              limit=5000) in unescape(response.get_data(as_text=True))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AssociationImport)) == 0


def test_issue_14_a_preview_is_the_coordinators_own_and_the_register_is_checked_again(browser, other_browser, make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    colleague = make.coordinator(municipality)
    browser.login(coordinator)
    location = read(browser, municipality, text="Uusi Seura\nToinen Seura")
    other_browser.login(colleague)
    assert other_browser.get(location).status_code == 404
    page = browser.text(location)
    make.association(municipality, name="Uusi Seura ry")  # added meanwhile
    response = decide(browser, location, page, {})
    assert response.status_code == 422
    page = unescape(response.get_data(as_text=True))
    assert fi("The register has changed since the preview. Look at the verdicts again and import.") in page
    assert verdicts(page) == {1: "duplicate", 2: "new"}
    assert sorted(register(municipality)) == ["Uusi Seura ry"]
    response = decide(browser, location, page, {"row-1": "import"})  # a choice it no longer has
    assert fi("Row %(number)s: choose what to do with it again; the register has changed since the preview.",
              number=1) in unescape(response.get_data(as_text=True))
    assert decide(browser, location, page, {}).status_code == 302
    assert sorted(register(municipality)) == ["Toinen Seura", "Uusi Seura ry"]


def test_issue_14_a_pasted_block_in_the_single_name_field_is_refused(browser, make):
    municipality = make.municipality()
    browser.login(make.coordinator(municipality))
    url = f"/m/{municipality.slug}/admin/associations"
    for block in ("Kylän Nuoret ry\nMartat ry\nEläkeläiset ry", "Kylän Nuoret ry; Martat ry",
                  "Kylän Nuoret, Martat, Eläkeläiset, Urheiluseura"):
        response = browser.post(url, {"name": block, "active": "y"}, token_from=url)
        assert response.status_code == 200
        page = unescape(response.get_data(as_text=True))
        assert fi("This looks like several associations. Bring a list in with the import of a list "
                  "(Import a list), which shows each row before anything is saved.") in page
        assert f'href="/m/{municipality.slug}/admin/associations/import"' in page
    assert register(municipality) == {}
    assert browser.post(url, {"name": "Martat, Kylä ry", "active": "y"}, token_from=url).status_code == 302


def test_issue_14_only_managers_import_lists(browser, make):
    municipality = make.municipality()
    representative = make.representative(municipality)
    browser.login(representative)
    url = f"/m/{municipality.slug}/admin/associations/import"
    assert browser.get(url).status_code == 403


def test_issue_14_a_pasted_list_of_5000_rows_with_details_is_read(browser, make):
    municipality = make.municipality()
    browser.login(make.coordinator(municipality))
    text = "\n".join(f"Pitkänimisen Kyläyhdistyksen Harrastusjaosto numero {n} ry; "
                     f"jaosto.numero.{n}@pitkanimisen-kylayhdistys.example.fi; {100 + n % 900}.{n % 1000:03d}; "
                     f"Yhteyshenkilö Etunimi Sukunimi {n}" for n in range(5000))
    assert len(text.encode()) > 500_000
    location = read(browser, municipality, text=text)
    assert len(verdicts(browser.text(location))) == 5000


def test_issue_14_the_preview_takes_as_many_queries_for_300_rows_as_for_3(browser, make):
    from tests.conftest import served

    municipality = make.municipality()
    for n in range(20):
        make.association(municipality, name=f"Olemassa oleva {n}")
    browser.login(make.coordinator(municipality))
    counts = []
    for size in (3, 300):
        text = "\n".join(f"Olemassa oleva {n} ry." if n % 10 == 0 else f"Seura {n}" for n in range(size))
        location = read(browser, municipality, text=text)
        browser.get(location)
        response, queries = served(browser, location)
        assert response.status_code == 200
        counts.append(queries)
    assert counts[0] == counts[1], counts
