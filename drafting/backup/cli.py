"""The operator's commands for backups:

    flask --app wsgi backup export SLUG --output FILE
    flask --app wsgi backup import FILE
"""
from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from ..extensions import db
from .archive import BackupError, export_municipality, import_backup

backup = AppGroup("backup", help="A municipality's whole history in one file.")


@backup.command("export")
@click.argument("slug")
@click.option("--output", "output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="The file to write (JSON).")
def backup_export(slug, output):
    """Write the whole history of the municipality SLUG to a file."""
    try:
        data = export_municipality(slug)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    with open(output, "w", encoding="utf-8") as file:
        json.dump(data, file, ensure_ascii=False, indent=1, sort_keys=True)
    rows = sum(len(rows) for rows in data["tables"].values())
    click.echo(f"Wrote {rows} rows of {slug} to {output}.")


@backup.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def backup_import(path):
    """Restore a backup file into an empty database."""
    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
        rows = import_backup(data)
    except (BackupError, ValueError, KeyError) as error:
        db.session.rollback()
        raise click.ClickException(f"The backup was not restored: {error}") from None
    db.session.commit()
    click.echo(f"Restored {rows} rows of {data['municipality']}.")
