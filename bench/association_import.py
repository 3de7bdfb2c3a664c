"""A list of 5,000 associations imported into a register of 500: the time to
read the XLSX file, to show its preview and to import it, each through the
WSGI app (no network), on SQLite or PostgreSQL.

    .venv/bin/python bench/association_import.py [--database-url URL] [--rows 5000] [--runs 3]

Without --database-url a temporary SQLite database is used (a given database
is emptied). The list holds new names, duplicates and near-duplicates of the
register's entries and of its own rows, with e-mail addresses, register
numbers and contact persons. The preview is shown `--runs` times and the
median reported; the import, which empties the list, runs once per run on a
freshly read list into a register restored to its 500 entries. Targets: the
preview under 1 s, the import under 5 s.
"""
from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from openpyxl import Workbook

from drafting import create_app
from drafting.associations.models import Association
from drafting.audit.models import AuditEvent
from drafting.auth.models import StaffRole, StaffRoleKind, User
from drafting.auth.passwords import hash_password
from drafting.extensions import db
from drafting.municipalities.operations import create_municipality

PASSWORD = "bench-salasana-2026"
EXISTING = 500
PREVIEW_TARGET, IMPORT_TARGET = 1.0, 5.0


def build() -> int:
    municipality = create_municipality(slug="penkki", name_fi="Penkkikunta")
    coordinator = User(email="k@penkki.fi", name="Koordinaattori", password_hash=hash_password(PASSWORD))
    db.session.add(coordinator)
    db.session.flush()
    db.session.add(StaffRole(user_id=coordinator.id, municipality_id=municipality.id,
                             kind=StaffRoleKind.COORDINATOR))
    db.session.add_all(Association(municipality_id=municipality.id, name=f"Kylä {n} kylätoimikunta")
                       for n in range(EXISTING))
    db.session.commit()
    return municipality.id


def workbook(rows: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Nimi", "Sähköposti", "Rekisterinumero", "Yhteyshenkilö"])
    for n in range(rows):
        if n % 50 == 0:
            name = f"Kylätoimikunta Kylä {n // 50 % EXISTING}"          # near-duplicate of an entry
        elif n % 50 == 1:
            name = f"KYLÄ {(n // 50 + 250) % EXISTING} KYLÄTOIMIKUNTA ry"  # duplicate of an entry
        elif n % 50 == 4:
            name = f"Yhdistys numero {n - 1} ry."                       # near-duplicate of an earlier row
        elif n % 50 == 5:
            name = f"yhdistys numero {n - 2}"                           # duplicate of an earlier row
        else:
            name = f"Yhdistys numero {n} ry"
        sheet.append([name, f"y{n}@example.fi", f"{100 + n % 900}.{n % 1000:03d}", f"Henkilö {n}"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(call):
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    url = args.database_url or f"sqlite:///{folder.name}/bench.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "bench",
                      "RATE_LIMITS_ENABLED": False})
    with app.app_context():
        db.drop_all()
        db.create_all()
        municipality_id = build()
    client = app.test_client()
    client.post("/login", data={"email": "k@penkki.fi", "password": PASSWORD})
    data = workbook(args.rows)
    base = "/m/penkki/admin/associations"
    reads, previews, imports = [], [], []
    created_before = 0
    for _ in range(args.runs):
        response, seconds = timed(lambda: client.post(
            f"{base}/import", data={"document": (io.BytesIO(data), "lista.xlsx")},
            content_type="multipart/form-data"))
        assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
        reads.append(seconds)
        location = response.headers["Location"]
        client.get(location)
        for _ in range(args.runs):
            response, seconds = timed(lambda: client.get(location))
            assert response.status_code == 200
            previews.append(seconds)
        page = response.get_data(as_text=True)
        verdicts = re.findall(r'data-verdict="(\w+)"', page)
        assert len(verdicts) == args.rows, len(verdicts)
        seen = re.search(r'name="seen" value="(\w+)"', page).group(1)
        response, seconds = timed(lambda: client.post(location, data={"seen": seen}))
        assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
        imports.append(seconds)
        with app.app_context():
            imported = db.session.scalar(sa.select(sa.func.count()).select_from(Association).where(
                Association.municipality_id == municipality_id)) - EXISTING
            recorded = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
                AuditEvent.action == "create_association"))
            created, created_before = recorded - created_before, recorded
            db.session.execute(sa.delete(Association).where(
                Association.municipality_id == municipality_id,
                ~Association.name.like("Kylä % kylätoimikunta")))
            db.session.commit()
    counts = {verdict: verdicts.count(verdict) for verdict in sorted(set(verdicts))}
    database = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    preview, import_ = statistics.median(previews), statistics.median(imports)
    print(f"{database}: a list of {args.rows} rows into a register of {EXISTING}: {counts}")
    print(f"  read the XLSX and keep the list: median {statistics.median(reads):.2f} s")
    print(f"  preview of every row:            median {preview:.2f} s (target < {PREVIEW_TARGET:.0f} s)")
    print(f"  import in one step:              median {import_:.2f} s (target < {IMPORT_TARGET:.0f} s); "
          f"{imported} associations created, {created} audit rows of creation")
    if preview >= PREVIEW_TARGET or import_ >= IMPORT_TARGET:
        sys.exit("a target was missed")
    with app.app_context():
        db.session.remove()
        if args.database_url:
            db.drop_all()
        db.engine.dispose()


if __name__ == "__main__":
    main()
