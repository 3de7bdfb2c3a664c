"""A municipality's whole history in one file, and back.

`flask --app wsgi backup export SLUG` writes the municipality, its users,
associations, every round with its sections, versions, decisions, comments,
proposals and responses, the imports, the accessibility statement and the
audit trail as JSON; `backup import FILE` restores it into an empty database
with the same ids, so a restored round gives the same documents byte for byte.
The people of the municipality are kept with their passwords as argon2
hashes, except people who also work in another municipality (their password
is not the municipality's to keep: they choose a new one after a restore);
anyone else the history mentions is kept by name alone. Sessions,
password-reset links, the outbox and form tokens are passing state and are
not part of a backup."""
from __future__ import annotations

import base64
import enum
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa

from ..audit.operations import record_event
from ..extensions import db
from ..municipalities.models import Municipality

FORMAT = "ohjeverstas-backup"
VERSION = 1
NOT_BACKED_UP = {"outbox_messages", "form_submissions", "password_resets", "password_reset_requests",
                 "login_sessions", "alembic_version", "association_imports"}
STAND_IN_DOMAIN = "elsewhere.invalid"


class BackupError(Exception):
    """The backup cannot be made or restored; the message says why."""


def _encode(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    return value


def _decode(value: Any, column: sa.Column) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        (kind, text), = value.items()
        if kind == "$datetime":
            return datetime.fromisoformat(text)
        if kind == "$date":
            return date.fromisoformat(text)
        if kind == "$time":
            return time.fromisoformat(text)
        if kind == "$bytes":
            return base64.b64decode(text)
    enum_class = getattr(column.type, "enum_class", None)
    if enum_class is not None and value is not None:
        return enum_class(value)
    return value


def _ids(rows: list[dict]) -> set[int]:
    return {row["id"] for row in rows}


def export_municipality(slug: str) -> dict:
    tables = db.metadata.tables
    connection = db.session.connection()

    def rows(table_name: str, condition) -> list[dict]:
        table = tables[table_name]
        result = connection.execute(sa.select(table).where(condition).order_by(*table.primary_key.columns))
        return [dict(row._mapping) for row in result]

    t = tables
    municipalities = rows("municipalities", t["municipalities"].c.slug == slug)
    if not municipalities:
        raise BackupError(f"No municipality with the address name {slug!r}.")
    municipality_id = municipalities[0]["id"]
    data: dict[str, list[dict]] = {"municipalities": municipalities}
    data["guidelines"] = rows("guidelines", t["guidelines"].c.municipality_id == municipality_id)
    data["associations"] = rows("associations", t["associations"].c.municipality_id == municipality_id)
    association_ids = _ids(data["associations"])
    data["staff_roles"] = rows("staff_roles", t["staff_roles"].c.municipality_id == municipality_id)
    data["memberships"] = rows("memberships", t["memberships"].c.association_id.in_(association_ids))
    data["association_claims"] = rows("association_claims",
                                      t["association_claims"].c.association_id.in_(association_ids))
    data["mail_opt_outs"] = rows("mail_opt_outs", t["mail_opt_outs"].c.association_id.in_(association_ids))
    data["invitations"] = rows("invitations", t["invitations"].c.municipality_id == municipality_id)
    data["drafting_rounds"] = rows("drafting_rounds", t["drafting_rounds"].c.guideline_id.in_(_ids(data["guidelines"])))
    round_ids = _ids(data["drafting_rounds"])
    data["sections"] = rows("sections", t["sections"].c.round_id.in_(round_ids))
    data["section_versions"] = rows("section_versions", t["section_versions"].c.section_id.in_(_ids(data["sections"])))
    data["bodies"] = rows("bodies", t["bodies"].c.municipality_id == municipality_id)
    data["step_decisions"] = rows("step_decisions", t["step_decisions"].c.round_id.in_(round_ids))
    data["agenda_plans"] = rows("agenda_plans", t["agenda_plans"].c.round_id.in_(round_ids))
    data["comments"] = rows("comments", t["comments"].c.round_id.in_(round_ids))
    comment_ids = _ids(data["comments"])
    data["comment_revisions"] = rows("comment_revisions", t["comment_revisions"].c.comment_id.in_(comment_ids))
    data["comment_quote_positions"] = rows("comment_quote_positions",
                                           t["comment_quote_positions"].c.comment_id.in_(comment_ids))
    data["change_proposals"] = rows("change_proposals", t["change_proposals"].c.round_id.in_(round_ids))
    data["comment_responses"] = rows("comment_responses", t["comment_responses"].c.comment_id.in_(comment_ids))
    data["document_imports"] = rows("document_imports", t["document_imports"].c.municipality_id == municipality_id)
    data["accessibility_statements"] = rows("accessibility_statements",
                                            t["accessibility_statements"].c.municipality_id == municipality_id)
    data["accessibility_feedback"] = rows("accessibility_feedback",
                                          t["accessibility_feedback"].c.municipality_id == municipality_id)
    data["audit_events"] = rows("audit_events", sa.or_(t["audit_events"].c.municipality_id == municipality_id,
                                                       t["audit_events"].c.round_id.in_(round_ids)))
    tied = {row["user_id"] for row in data["staff_roles"] + data["memberships"]}
    elsewhere = set(connection.execute(
        sa.select(t["staff_roles"].c.user_id).where(t["staff_roles"].c.user_id.in_(tied),
                                                    t["staff_roles"].c.municipality_id != municipality_id)
        .union(sa.select(t["memberships"].c.user_id)
               .join(t["associations"], t["associations"].c.id == t["memberships"].c.association_id)
               .where(t["memberships"].c.user_id.in_(tied),
                      t["associations"].c.municipality_id != municipality_id))).scalars())
    user_ids: set[int] = set()
    for table_name, table_rows in data.items():
        for column in tables[table_name].columns:
            if any(fk.column.table.name == "users" for fk in column.foreign_keys):
                user_ids.update(row[column.name] for row in table_rows if row[column.name] is not None)
    data["users"] = [_user_as_backed_up(row, tied, elsewhere)
                     for row in rows("users", t["users"].c.id.in_(user_ids))]
    missing = set(tables) - set(data) - NOT_BACKED_UP
    if missing:
        raise BackupError(f"The backup does not know the tables {sorted(missing)}.")
    return {
        "format": FORMAT,
        "version": VERSION,
        "municipality": slug,
        "tables": {name: [{key: _encode(value) for key, value in row.items()} for row in table_rows]
                   for name, table_rows in data.items()},
    }


def _user_as_backed_up(row: dict, tied: set[int], elsewhere: set[int]) -> dict:
    """A person of the municipality as they are, without the password hash if
    the same password opens another municipality's data too; anyone else the
    history mentions (a former representative, someone of another
    municipality) as a stand-in with their name and id alone."""
    if row["id"] in tied and row["id"] not in elsewhere:
        return row
    if row["id"] in tied:
        return {**row, "password_hash": None}
    return {**row, "email": f"person-{row['id']}@{STAND_IN_DOMAIN}", "password_hash": None, "active": False,
            "last_login_at": None, "wants_notifications": False}


def _deferred_columns(table: sa.Table) -> set[str]:
    """Foreign keys that close a cycle between tables: filled in after every row is in."""
    return {fk.parent.name for fk in table.foreign_keys if fk.use_alter}


def import_backup(backup: dict) -> int:
    """Restore a backup into an empty database, recorded in the restored
    municipality's audit trail; returns the number of rows."""
    if backup.get("format") != FORMAT or backup.get("version") != VERSION:
        raise BackupError("The file is not an Ohjeverstas backup of a known version.")
    connection = db.session.connection()
    tables = db.metadata.tables
    occupied = [name for name in backup["tables"]
                if connection.execute(sa.select(sa.func.count()).select_from(tables[name])).scalar()]
    if occupied:
        raise BackupError(f"The database is not empty (rows in {', '.join(sorted(occupied))}); "
                          "restore into an empty database.")
    deferred: list[tuple[sa.Table, dict]] = []
    count = 0
    for table in db.metadata.sorted_tables:
        rows = backup["tables"].get(table.name)
        if not rows:
            continue
        later = _deferred_columns(table)
        prepared = []
        for row in rows:
            values = {name: _decode(value, table.c[name]) for name, value in row.items() if name in table.c}
            if later:
                deferred.append((table, {"id": values["id"], **{name: values[name] for name in later}}))
                values.update({name: None for name in later})
            prepared.append(values)
        connection.execute(table.insert(), prepared)
        count += len(prepared)
    for table, values in deferred:
        if any(values[name] is not None for name in values if name != "id"):
            connection.execute(table.update().where(table.c.id == values["id"])
                               .values({k: v for k, v in values.items() if k != "id"}))
    if connection.dialect.name == "postgresql":
        for table in db.metadata.sorted_tables:
            if "id" in table.c and backup["tables"].get(table.name) and isinstance(table.c.id.type, sa.Integer):
                connection.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT max(id) FROM {table.name}))"))
    municipality = db.session.scalar(sa.select(Municipality).where(Municipality.slug == backup["municipality"]))
    if municipality is not None:
        record_event(actor=None, action="restore_backup", obj=municipality, municipality_id=municipality.id,
                     details={"rows": count})
    return count
