from __future__ import annotations

from datetime import timedelta

import pytest

from drafting.auth.models import StaffRoleKind
from drafting.core import local_today
from drafting.extensions import db
from drafting.workflow.models import RoundState


class Town:
    """A municipality with people in every role and a round in a chosen step."""

    def __init__(self, make):
        self.make = make
        self.municipality = make.municipality(slug="testikunta", name="Testikunta")
        self.coordinator = make.coordinator(self.municipality, name="Kaisa Koordinaattori")
        self.welfare = make.user(self.municipality, StaffRoleKind.WELFARE_MEMBER, name="Heikki Hyvinvointi")
        self.approver = make.user(self.municipality, StaffRoleKind.APPROVER)
        self.seniors = make.association(self.municipality, name="Eläkeläiset ry")
        self.sports = make.association(self.municipality, name="Urheiluseura ry")
        self.village = make.association(self.municipality, name="Kyläyhdistys ry")
        self.eila = make.user(self.municipality, name="Eila Edustaja", email="eila@example.fi",
                              associations=[self.seniors, self.sports])
        self.matti = make.user(self.municipality, name="Matti Mäkinen", email="matti@example.fi",
                               associations=[self.village])
        other = make.municipality()
        self.stranger = make.representative(other, name="Vieras Edustaja")

    def round(self, state: RoundState, *, open_windows: bool = True):
        round_ = self.make.round(self.municipality, self.coordinator, state)
        if open_windows:
            today = local_today()
            round_.wishes_opens_on = today - timedelta(days=5)
            round_.wishes_closes_on = today + timedelta(days=10)
            round_.comments_close_on = None
        db.session.commit()
        return round_


@pytest.fixture
def town(make) -> Town:
    return Town(make)


def libreoffice_convert(sources: list, target: str, outdir) -> None:
    """Convert files with a real LibreOffice, headless, with a profile of its own."""
    import shutil
    import subprocess

    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "LibreOffice (Debian package libreoffice-writer) is needed to read the documents back"
    profile = outdir / "lo-profile"
    subprocess.run(
        [office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
         "--outdir", str(outdir), *[str(source) for source in sources]],
        check=True, capture_output=True, timeout=240,
    )
