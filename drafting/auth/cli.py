"""The operator's commands for accounts:

    flask --app wsgi users add EMAIL "Name" --municipality SLUG --role coordinator
    flask --app wsgi users export-data EMAIL --output FILE
    flask --app wsgi users erase EMAIL
    flask --app wsgi users deactivate EMAIL (users activate EMAIL)
    flask --app wsgi users purge-inactive
"""
from __future__ import annotations

import json

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from ..core import DomainError
from ..extensions import db
from ..municipalities.models import Municipality
from .models import StaffRoleKind
from .operations import create_staff_user, find_user_by_email, switch_account
from .privacy import erase_person, personal_data, purge_inactive

users = AppGroup("users", help="User accounts.")


def refused(error: DomainError) -> click.ClickException:
    """A refusal on the command line: the message and each detail on its own line."""
    return click.ClickException(error.message + "".join(f"\n  - {line}" for line in error.details))


@users.command("add")
@click.argument("email")
@click.argument("name")
@click.option("--municipality", "slug", required=True, help="Address name of the municipality.")
@click.option("--role", "roles", multiple=True, required=True,
              type=click.Choice(["coordinator", "welfare_member", "approver", "admin"]))
@click.password_option(help="The password (asked when not given).")
def users_add(email, name, slug, roles, password):
    """Add a staff user, e.g. the first coordinator of a new municipality."""
    municipality = db.session.scalar(sa.select(Municipality).where(Municipality.slug == slug))
    if municipality is None:
        raise click.ClickException(f"No municipality with the address name {slug!r}.")
    try:
        user = create_staff_user(email=email, name=name, password=password, municipality_id=municipality.id,
                                 roles=[StaffRoleKind(role) for role in roles])
    except DomainError as error:
        db.session.rollback()
        raise refused(error) from None
    db.session.commit()
    click.echo(f"Added {user.email} to {municipality.name_fi} as {', '.join(roles)}.")


def _user(email: str):
    """The user with this address, or a precise refusal."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user with the e-mail address {email}.")
    return user


@users.command("export-data")
@click.argument("email")
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True))
def users_export_data(email, output):
    """Write everything the service holds about a person to a file (JSON)."""
    user = _user(email)
    with open(output, "w", encoding="utf-8") as file:
        json.dump(personal_data(user), file, ensure_ascii=False, indent=1)
    click.echo(f"Wrote the data of {user.email} to {output}.")


@users.command("erase")
@click.argument("email")
@click.option("--reason", default="the person asked for it", show_default=True)
def users_erase(email, reason):
    """Erase a person's identity; what they submitted stays, without their name."""
    user = _user(email)
    try:
        erase_person(user, None, reason=reason)
    except DomainError as error:
        db.session.rollback()
        raise refused(error) from None
    db.session.commit()
    click.echo(f"Erased the personal data of user {user.id}.")


@users.command("deactivate")
@click.argument("email")
def users_deactivate(email):
    """Close a whole account (in every municipality); its sessions end."""
    _switch_account(email, False)


@users.command("activate")
@click.argument("email")
def users_activate(email):
    """Open a closed account again."""
    _switch_account(email, True)


def _switch_account(email: str, active: bool) -> None:
    user = _user(email)
    if user.erased_at is not None:
        raise click.ClickException(f"No user with the e-mail address {email}.")
    changed = switch_account(user, None, active)
    db.session.commit()
    state = "active" if active else "deactivated"
    click.echo(f"{user.email} is {state}" + ("." if changed else " already; nothing changed."))


@users.command("purge-inactive")
@click.option("--days", type=int, help="Default: ACCOUNT_RETENTION_DAYS of the configuration.")
def users_purge_inactive(days):
    """Erase the accounts that have not been used for the retention period."""
    days = days or current_app.config["ACCOUNT_RETENTION_DAYS"]
    count = purge_inactive(days)
    db.session.commit()
    click.echo(f"Erased {count} accounts unused for more than {days} days.")
