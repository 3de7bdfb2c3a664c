"""The operator's command for a new municipality:

    flask --app wsgi municipalities add SLUG "Nimi" [--name-sv "Namn"] [--bilingual]
"""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..core import DomainError
from ..extensions import db
from .operations import create_municipality

municipalities = AppGroup("municipalities", help="Municipalities served by this instance.")


@municipalities.command("add")
@click.argument("slug")
@click.argument("name_fi")
@click.option("--name-sv", help="Swedish name.")
@click.option("--bilingual", is_flag=True, help="The municipality is bilingual.")
def municipalities_add(slug, name_fi, name_sv, bilingual):
    """Add a municipality (SLUG is its address name, e.g. kontiolahti)."""
    try:
        municipality = create_municipality(slug=slug, name_fi=name_fi, name_sv=name_sv, bilingual=bilingual)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Added {municipality.name_fi} at /m/{municipality.slug}/.")
