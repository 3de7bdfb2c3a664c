"""Issue 14: the summary, the agenda text and the documents count the
associations in the registry, those reached (a representative, or a message
delivered to the association's own address) and those that took part."""
from __future__ import annotations

from html import unescape

from drafting.comments import operations as comments
from drafting.extensions import db
from drafting.publishing.agenda import agenda_docx, build_agenda
from drafting.publishing.guideline import build_docx
from drafting.workflow.models import RoundState
from tests.messages import fi
from tests.publishing.conftest import libreoffice_convert

S = RoundState
SENTENCE = ("Of the %(registry)s associations in the registry, %(reached)s were reached and %(took_part)s took "
            "part; %(silent)s were reached but did not take part, and %(not_reached)s could not be reached.")


def send(app) -> str:
    return app.test_cli_runner().invoke(args=["mail", "send"]).output


def registry_of_six(app, town, inbox):
    """Three represented associations, one reached only by its address, one
    whose address changed after the delivery and one with neither; one of
    them writes a wish."""
    town.make.association(town.municipality, name="Nuorisoseura ry", email="nuoriso@example.fi")
    choir = town.make.association(town.municipality, name="Kuoro ry", email="kuoro@example.fi",
                                  phone="040 123 4567")
    town.make.association(town.municipality, name="Partio ry")
    round_ = town.round(S.WISHES)
    assert "failed 0" in send(app)
    assert len(inbox.to("nuoriso@example.fi")) == 1 and len(inbox.to("kuoro@example.fi")) == 1
    choir.email = "laulu@example.fi"
    comments.post_comment(round_, town.eila, text="Toive tiloista", association_id=town.seniors.id)
    db.session.commit()
    return round_


def test_issue_14_the_summary_counts_the_registry_the_reached_and_those_taking_part(app, town, inbox, browser,
                                                                                   other_browser):
    round_ = registry_of_six(app, town, inbox)
    browser.login(town.coordinator)
    page = unescape(browser.get(f"/rounds/{round_.id}/summary").get_data(as_text=True))
    assert fi(SENTENCE, registry=6, reached=4, took_part=1, silent=3, not_reached=2) in page
    silent = page.split(fi("Reached, but did not take part"))[1].split(fi("Not reached at all"))[0]
    unreached = page.split(fi("Not reached at all"))[1].split(fi("Without a response"))[0]
    for name in ("Nuorisoseura ry", "Urheiluseura ry", "Kyläyhdistys ry"):
        assert name in silent and name not in unreached
    for name in ("Kuoro ry", "Partio ry"):
        assert name in unreached and name not in silent
    assert "tel:0401234567" in unreached and "laulu@example.fi" in unreached
    assert "Eläkeläiset ry" not in silent + unreached

    other_browser.login(town.eila)
    page = unescape(other_browser.get(f"/rounds/{round_.id}/summary").get_data(as_text=True))
    assert fi(SENTENCE, registry=6, reached=4, took_part=1, silent=3, not_reached=2) in page
    assert fi("Not reached at all") not in page and "040 123 4567" not in page


def test_issue_14_the_agenda_text_and_the_documents_give_the_honest_counts(app, town, inbox, tmp_path):
    round_ = registry_of_six(app, town, inbox)
    expected = fi(SENTENCE, registry=6, reached=4, took_part=1, silent=3, not_reached=2)
    with app.test_request_context():
        assert expected in build_agenda(round_).as_text()
        (tmp_path / "paatosehdotus.docx").write_bytes(agenda_docx(round_))
        (tmp_path / "ohje.docx").write_bytes(build_docx(round_))
    libreoffice_convert([tmp_path / "paatosehdotus.docx", tmp_path / "ohje.docx"], "txt:Text (encoded):UTF8",
                        tmp_path)
    for name in ("paatosehdotus.txt", "ohje.txt"):
        text = " ".join((tmp_path / name).read_text(encoding="utf-8-sig").split())
        assert expected in text, name
        assert "Kutsutuista" not in text


def test_issue_14_an_approved_rounds_figures_stay_those_of_its_approval(app, town, inbox, make):
    round_ = town.round(S.APPROVAL)
    make.advance(round_, town.coordinator, S.APPROVED)
    with app.test_request_context():
        before = build_agenda(round_).as_text()
    assert fi(SENTENCE, registry=3, reached=3, took_part=0, silent=3, not_reached=0) in before
    later = make.association(town.municipality, name="Myöhäinen ry")
    make.user(town.municipality, associations=[later])
    with app.test_request_context():
        assert build_agenda(round_).as_text() == before
