"""The January job:

    flask --app wsgi rounds revise [--municipality SLUG] [--as EMAIL] [--year YYYY]
"""
from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from ..auth.models import StaffRole, StaffRoleKind, User
from ..core import DomainError
from ..extensions import db
from ..municipalities.models import Municipality
from .operations import start_revision
from .queries import latest_approved_round, open_round_of

rounds = AppGroup("rounds", help="Drafting rounds.")


@rounds.command("revise")
@click.option("--municipality", "slug", help="Only this municipality (its address name).")
@click.option("--as", "actor_email", help="Coordinator in whose name the revision starts.")
@click.option("--year", type=int, help="Year of the new round (default: this year or the next).")
def rounds_revise(slug, actor_email, year):
    """Start the January revision from each approved guideline that has no open round."""
    query = sa.select(Municipality).order_by(Municipality.slug)
    if slug:
        query = query.where(Municipality.slug == slug)
    found = db.session.scalars(query).all()
    if slug and not found:
        raise click.ClickException(f"No municipality with the address name {slug!r}.")
    failures = 0
    for municipality in found:
        guideline = municipality.guideline
        approved = latest_approved_round(guideline.id) if guideline else None
        if guideline is None or approved is None:
            click.echo(f"{municipality.slug}: no approved guideline to revise, skipped.")
            continue
        current = open_round_of(guideline.id)
        if current is not None:
            click.echo(f"{municipality.slug}: the {current.year} round is already open, skipped.")
            continue
        coordinators = sa.select(User).join(StaffRole).where(
            StaffRole.municipality_id == municipality.id,
            StaffRole.kind == StaffRoleKind.COORDINATOR,
            User.active.is_(True),
        )
        if actor_email:
            coordinators = coordinators.where(User.email == actor_email.strip().lower())
        actor = db.session.scalar(coordinators.order_by(User.id).limit(1))
        if actor is None:
            click.echo(f"{municipality.slug}: no active coordinator"
                       + (f" {actor_email}" if actor_email else "") + ", skipped.", err=True)
            failures += 1
            continue
        try:
            new_round = start_revision(approved, actor, year=year)
        except DomainError as error:
            db.session.rollback()
            click.echo(f"{municipality.slug}: {error.message} {' '.join(error.details)}", err=True)
            failures += 1
            continue
        db.session.commit()
        click.echo(f"{municipality.slug}: the {new_round.year} revision started "
                   f"from the guideline approved for {approved.year} (round {new_round.id}).")
    if failures:
        raise SystemExit(1)
