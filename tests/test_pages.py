"""What each role sees, the pages anyone can read, the catalogues and the
production configuration."""
from __future__ import annotations

import re
from html import unescape

import pytest
from babel.messages.pofile import read_po

from drafting import PROJECT_ROOT, create_app
from drafting.auth.models import StaffRoleKind
from drafting.config import ConfigurationError
from drafting.documents.operations import save_section
from drafting.extensions import db
from drafting.workflow.models import RoundState
from tests.messages import fi

CATALOGUES = PROJECT_ROOT / "drafting" / "translations"


@pytest.fixture
def town(make):
    municipality = make.municipality(slug="testikunta", name="Testikunta")
    coordinator = make.coordinator(municipality)
    return municipality, coordinator


def test_the_coordinator_sees_what_needs_them(browser, make, town):
    municipality, coordinator = town
    round_ = make.round(municipality, coordinator, RoundState.DECISION, year=2027)
    browser.login(coordinator)
    page = unescape(browser.text("/"))
    assert fi("Needs you") in page and f"/rounds/{round_.id}" in page
    assert fi("The decision to prepare the guideline is not recorded.") in page
    assert fi("Users and invitations") in page


def test_the_approver_sees_the_round_waiting_for_approval(browser, make, town):
    municipality, coordinator = town
    approver = make.user(municipality, StaffRoleKind.APPROVER)
    make.round(municipality, coordinator, RoundState.APPROVAL, year=2027)
    browser.login(approver)
    page = unescape(browser.text("/"))
    assert fi("Needs you") in page and fi("Users and invitations") not in page


def test_a_representative_sees_the_wishes_deadline_and_their_associations(browser, make, town):
    municipality, coordinator = town
    association = make.association(municipality, name="Oma Seura ry")
    representative = make.representative(municipality, association)
    round_ = make.round(municipality, coordinator, RoundState.WISHES, year=2027)
    browser.login(representative)
    page = unescape(browser.text("/"))
    assert "Oma Seura ry" in page and f"/rounds/{round_.id}" in page
    assert fi("Needs you") not in page
    round_page = unescape(browser.text(f"/rounds/{round_.id}"))
    assert fi("What you can do now") not in round_page
    assert fi("Audit history of the round") not in round_page
    assert browser.get(f"/rounds/{round_.id}/history").status_code == 403


def test_representatives_do_not_see_a_round_before_it_opens_to_them(browser, make, town):
    municipality, coordinator = town
    representative = make.representative(municipality)
    round_ = make.round(municipality, coordinator, RoundState.DECISION, year=2027)
    browser.login(representative)
    assert browser.get(f"/rounds/{round_.id}").status_code == 403


def test_the_round_page_shows_the_stepper_and_the_actions(browser, make, town):
    municipality, coordinator = town
    round_ = make.round(municipality, coordinator, RoundState.WELFARE_REVIEW, year=2027)
    browser.login(coordinator)
    page = unescape(browser.text(f"/rounds/{round_.id}"))
    assert page.count('class="stepper__step') == 5
    assert re.search(r'stepper__step--current" aria-current="step">.*?' + re.escape(fi("Welfare-group review")),
                     page, re.S)
    assert page.count("stepper__step--done") == 2
    assert fi("Record the welfare group's review") in page
    assert fi("Send back one step") in page
    assert fi("The welfare group's review is not recorded.") in page


def test_the_approved_guideline_is_readable_without_login(browser, make, town):
    municipality, coordinator = town
    first = make.round(municipality, coordinator, RoundState.WISHES, year=2025)
    section = first.sections[3]
    save_section(section, coordinator, base_number=0, heading=section.heading,
                 text="<p>Avustuksia haetaan <em>maaliskuussa</em>.</p>")
    db.session.commit()
    make.advance(first, coordinator, RoundState.APPROVED)
    page = browser.text("/m/testikunta/guideline")
    assert "Avustuksia haetaan <em>maaliskuussa</em>." in page
    assert section.heading in page and "§ 5" in page
    from drafting.workflow.operations import start_revision

    second = start_revision(first, coordinator, year=2026)
    db.session.commit()
    make.advance(second, coordinator, RoundState.APPROVED)
    page = unescape(browser.text("/m/testikunta/guideline"))
    assert "2026" in page and "/m/testikunta/guideline/2025" in page
    archived = unescape(browser.text("/m/testikunta/guideline/2025"))
    assert fi("This is an earlier year's guideline.") in archived
    assert browser.get("/m/testikunta/guideline/2031").status_code == 404


def test_no_guideline_yet_is_said_plainly(browser, town):
    response = browser.get("/m/testikunta/guideline")
    assert response.status_code == 404
    assert fi("The municipality has no approved guideline for cooperation with associations yet.") in \
        unescape(response.get_data(as_text=True))


def test_the_open_round_page_offers_the_templates_and_the_revision(browser, make, town):
    municipality, coordinator = town
    approved = make.round(municipality, coordinator, RoundState.APPROVED, year=2025)
    browser.login(coordinator)
    page = unescape(browser.text("/m/testikunta/rounds/new"))
    assert f"/rounds/{approved.id}/revise" in page
    for name in ("Document model in 13 sections", "Association programme in six steps",
                 "Core topics of the guideline"):
        assert fi(name) in page
    response = browser.post("/m/testikunta/rounds/new", {"year": "kaksituhatta", "outline": "nope"})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and 'value="kaksituhatta"' in page


def test_every_page_declares_its_language(browser, make, town):
    municipality, coordinator = town
    assert '<html lang="fi">' in browser.text("/")
    response = browser.get("/", headers={"Accept-Language": "sv-FI,sv;q=0.9"})
    assert '<html lang="sv">' in response.get_data(as_text=True)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_catalogue_translates_every_message(language):
    template = read_po((CATALOGUES / "messages.pot").open("rb"))
    catalogue = read_po((CATALOGUES / language / "LC_MESSAGES" / "messages.po").open("rb"))
    wanted = {m.id for m in template if m.id}
    have = {m.id for m in catalogue if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)
            and not m.fuzzy}
    assert wanted - have == set()


def test_the_template_of_messages_is_up_to_date(tmp_path):
    """Every text in the code and templates is in the catalogues' template."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (PROJECT_ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = {
        message[2] if isinstance(message[2], str) else message[2][0]
        for message in extract_from_dir(str(PROJECT_ROOT), method_map, options_map,
                                        keywords={"_": None, "gettext": None, "ngettext": (1, 2),
                                                  "_l": None, "lazy_gettext": None})
    }
    template = {m.id if isinstance(m.id, str) else m.id[0]
                for m in read_po((CATALOGUES / "messages.pot").open("rb")) if m.id}
    assert found - template == set(), "run `make extract-messages` and translate the new texts"


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("DRAFTING_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("DATABASE_URL", "postgres://user@db.example/ohje")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://ohjeverstas.example.fi")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/2")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://user@db.example/ohje"
