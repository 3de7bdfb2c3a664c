"""The demo for a first look:

    flask --app wsgi demo load
"""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..extensions import db
from .loading import DEMO_PASSWORD, DEMO_USERS, load_demo

demo = AppGroup("demo", help="The demo municipality Esimerkkikunta.")


@demo.command("load")
def demo_load():
    """Load Esimerkkikunta (once; running again changes nothing) and print the logins."""
    created = load_demo()
    db.session.commit()
    click.echo("Demo municipality Esimerkkikunta " + ("loaded." if created else "is already loaded."))
    click.echo("Demo logins (password for all: %s):" % DEMO_PASSWORD)
    for email, name, roles in DEMO_USERS:
        click.echo(f"  {email:<36} {name} ({roles})")
