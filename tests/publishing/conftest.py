"""Reading our documents back with a real LibreOffice."""
from __future__ import annotations


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
