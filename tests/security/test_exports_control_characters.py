"""Finding 17: a control character in a person's name made the XLSX summary
fail for everyone. Text is cleaned of control characters on input (every
form of the app) and on export (CSV, XLSX and DOCX), and CSV cells are never
formulas."""
from __future__ import annotations

import csv
import importlib
import io
import pkgutil
import re
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook
from werkzeug.datastructures import MultiDict
from wtforms import PasswordField, StringField, TextAreaField

import drafting
from drafting.associations.models import Association
from drafting.auth.operations import normalise_email
from drafting.comments import operations
from drafting.comments.models import Disposition
from drafting.extensions import db
from drafting.web.forms import Form
from drafting.web.text import spreadsheet_cell
from drafting.workflow.models import RoundState as S

CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
LINE_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
DIRTY = "Ei\x07la\x1b\x00 Edustaja\x9b\tx\ny\x0bz\x85"


@pytest.fixture
def dirty_round(town):
    """Names, a heading and texts stored before input was cleaned, with control characters in them."""
    round_ = town.round(S.WISHES)
    town.eila.name = "Eila\x07 Edustaja\x1b"
    town.seniors.name = "Eläkeläiset\x0b ry\x9b"
    round_.sections[0].heading = "Johdanto\x08"
    comment = operations.post_comment(round_, town.eila, text="Toive\x01 ja\x02 toinen", section=round_.sections[0],
                                      association_id=town.seniors.id)
    operations.post_comment(round_, town.eila, text=" =1+1 kaava", association_id=town.seniors.id)
    operations.respond(comment, town.coordinator, disposition=Disposition.NOTED,
                       text="Kiitos\x0c vastaus")
    db.session.commit()
    return round_


def test_finding_17_a_control_character_in_a_name_leaves_the_xlsx_readable(browser, town, dirty_round):
    browser.login(town.coordinator)
    response = browser.get(f"/rounds/{dirty_round.id}/summary.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [str(cell.value or "") for row in sheet.iter_rows() for cell in row]
    assert "Eila Edustaja" in cells and "Eläkeläiset ry" in cells and "Johdanto" in cells
    assert not any(LINE_CONTROLS.search(cell) for cell in cells)


def test_finding_17_csv_cells_are_clean_and_never_formulas(browser, town, dirty_round):
    browser.login(town.coordinator)
    response = browser.get(f"/rounds/{dirty_round.id}/summary.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert "Eila Edustaja" in cells and "Kiitos vastaus" in cells
    assert not any(LINE_CONTROLS.search(cell) for cell in cells)
    assert "'=1+1 kaava" in cells
    assert not any(cell.lstrip().startswith(("=", "+", "-", "@")) for cell in cells)


@pytest.mark.parametrize("value, cell", [
    ("=1+1", "'=1+1"), (" =HYPERLINK(1)", "' =HYPERLINK(1)"), ("\t+1", "'\t+1"), ("-2", "'-2"),
    ("@SUM(1)", "'@SUM(1)"), ("Nimi\x07\x1b", "Nimi"), ("Rivi\nrivi", "Rivi\nrivi"), (None, ""), (12, "12"),
])
def test_finding_17_a_spreadsheet_cell_is_clean_text(value, cell):
    assert spreadsheet_cell(value) == cell


def test_the_csv_content_type_names_its_charset_once(browser, town, dirty_round):
    """Also seen in issue 12: the CSV's Content-Type repeated its charset."""
    browser.login(town.coordinator)
    response = browser.get(f"/rounds/{dirty_round.id}/summary.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize("document", ["document.docx", "document-changes.docx", "agenda.docx"])
def test_finding_17_the_docx_exports_hold_no_control_characters(browser, town, dirty_round, document):
    town.municipality.name_fi = "Testi\x07kunta"
    db.session.commit()
    browser.login(town.coordinator)
    response = browser.get(f"/rounds/{dirty_round.id}/{document}")
    assert response.status_code == 200
    Document(io.BytesIO(response.data))
    package = zipfile.ZipFile(io.BytesIO(response.data))
    for name in ("word/document.xml", "docProps/core.xml"):
        assert not LINE_CONTROLS.search(package.read(name).decode("utf-8"))


def all_forms() -> list[type]:
    for module in pkgutil.walk_packages(drafting.__path__, "drafting."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found, pending = [], [Form]
    while pending:
        for subclass in pending.pop().__subclasses__():
            found.append(subclass)
            pending.append(subclass)
    return found


def test_every_form_of_the_app_is_found():
    names = {form.__name__ for form in all_forms()}
    assert {"AcceptInvitationForm", "RegisterEntryForm", "SectionForm", "CommentForm", "ProposalForm",
            "OpenRoundForm", "StatementForm"} <= names


@pytest.mark.parametrize("form_class", all_forms(), ids=lambda form: f"{form.__module__}.{form.__name__}")
def test_finding_17_every_text_field_is_cleaned_of_control_characters(app, form_class):
    with app.test_request_context(method="POST"):
        fields = [name for name, field in form_class(meta={"csrf": False})._fields.items()
                  if isinstance(field, StringField)]
        form = form_class(formdata=MultiDict({name: DIRTY for name in fields}), meta={"csrf": False})
        for name in fields:
            field = form[name]
            if isinstance(field, PasswordField):
                assert field.data == DIRTY.replace("\x00", "")
            elif isinstance(field, TextAreaField):
                assert field.data.rstrip("\n") == "Eila Edustaja\tx\nyz", name
            elif normalise_email in field.filters:
                assert field.data == "eilaedustajaxyz", name
            else:
                assert field.data.strip() == "Eila Edustaja x y z", name


def test_finding_17_a_form_stores_the_cleaned_text(browser, town):
    browser.login(town.eila)
    url = f"/associations/{town.seniors.id}/details"
    response = browser.post(url, {"phone": "040\x07 123\x1b", "description": "Rivi\x08 yksi\r\nRivi kaksi\x9b",
                                  "email": "", "website": ""}, token_from=url)
    assert response.status_code == 302
    db.session.expire_all()
    association = db.session.get(Association, town.seniors.id)
    assert association.phone == "040 123"
    assert association.description.replace("\r\n", "\n") == "Rivi yksi\nRivi kaksi"
