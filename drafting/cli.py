"""Commands for the service's operator and for scheduled jobs:

    flask --app wsgi demo load
    flask --app wsgi rounds revise [--municipality SLUG] [--as EMAIL] [--year YYYY]
    flask --app wsgi municipalities add SLUG "Nimi" [--name-sv "Namn"] [--bilingual]
    flask --app wsgi users add EMAIL "Name" --municipality SLUG --role coordinator
    flask --app wsgi mail send
    flask --app wsgi backup export SLUG --output FILE
    flask --app wsgi backup import FILE
    flask --app wsgi users export-data EMAIL --output FILE
    flask --app wsgi users erase EMAIL
    flask --app wsgi users deactivate EMAIL (users activate EMAIL)
    flask --app wsgi users purge-inactive
"""
from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup

from .core import DomainError
from .extensions import db


def _fail(message: str, details: list[str] | None = None) -> None:
    text = message + "".join(f"\n  - {line}" for line in details or [])
    raise click.ClickException(text)


def register_cli(app: Flask) -> None:
    demo = AppGroup("demo", help="The demo municipality Esimerkkikunta.")
    rounds = AppGroup("rounds", help="Drafting rounds.")
    municipalities = AppGroup("municipalities", help="Municipalities served by this instance.")
    users = AppGroup("users", help="User accounts.")
    mail = AppGroup("mail", help="E-mail notifications.")
    backup = AppGroup("backup", help="A municipality's whole history in one file.")

    @backup.command("export")
    @click.argument("slug")
    @click.option("--output", "output", type=click.Path(dir_okay=False, writable=True), required=True,
                  help="The file to write (JSON).")
    def backup_export(slug, output):
        """Write the whole history of the municipality SLUG to a file."""
        import json

        from .backup import BackupError, export_municipality

        try:
            data = export_municipality(slug)
        except BackupError as error:
            _fail(str(error))
        with open(output, "w", encoding="utf-8") as file:
            json.dump(data, file, ensure_ascii=False, indent=1, sort_keys=True)
        rows = sum(len(rows) for rows in data["tables"].values())
        click.echo(f"Wrote {rows} rows of {slug} to {output}.")

    @backup.command("import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    def backup_import(path):
        """Restore a backup file into an empty database."""
        import json

        from .backup import BackupError, import_backup

        try:
            with open(path, encoding="utf-8") as file:
                data = json.load(file)
            rows = import_backup(data)
        except (BackupError, ValueError, KeyError) as error:
            db.session.rollback()
            _fail(f"The backup was not restored: {error}")
        db.session.commit()
        click.echo(f"Restored {rows} rows of {data['municipality']}.")

    @mail.command("send")
    @click.option("--limit", default=500, show_default=True, help="Send at most this many messages.")
    def mail_send(limit):
        """Queue the due reminders and digests, then deliver the outbox (run it from cron)."""
        from .accessibility.operations import queue_feedback_digests
        from .auth.operations import handle_reset_requests
        from .notifications.notices import queue_due_digests, queue_due_reminders
        from .notifications.outbox import pending_count, send_pending

        handle_reset_requests(limit=10_000)
        reminders = queue_due_reminders()
        digests = queue_due_digests() + queue_feedback_digests()
        db.session.commit()
        sent, failed = send_pending(limit=limit)
        click.echo(f"Queued {reminders} reminders and {digests} digests; "
                   f"sent {sent}, failed {failed}, waiting {pending_count()}.")
        if failed:
            raise SystemExit(1)

    @demo.command("load")
    def demo_load():
        """Load Esimerkkikunta (once; running again changes nothing) and print the logins."""
        from .demo import DEMO_PASSWORD, DEMO_USERS, load_demo

        created = load_demo()
        db.session.commit()
        click.echo("Demo municipality Esimerkkikunta " + ("loaded." if created else "is already loaded."))
        click.echo("Demo logins (password for all: %s):" % DEMO_PASSWORD)
        for email, name, roles in DEMO_USERS:
            click.echo(f"  {email:<36} {name} ({roles})")

    @rounds.command("revise")
    @click.option("--municipality", "slug", help="Only this municipality (its address name).")
    @click.option("--as", "actor_email", help="Coordinator in whose name the revision starts.")
    @click.option("--year", type=int, help="Year of the new round (default: this year or the next).")
    def rounds_revise(slug, actor_email, year):
        """Start the January revision from each approved guideline that has no open round."""
        from .auth.models import StaffRole, StaffRoleKind, User
        from .municipalities.models import Municipality
        from .workflow.operations import start_revision
        from .workflow.queries import latest_approved_round, open_round_of

        query = sa.select(Municipality).order_by(Municipality.slug)
        if slug:
            query = query.where(Municipality.slug == slug)
        found = db.session.scalars(query).all()
        if slug and not found:
            _fail(f"No municipality with the address name {slug!r}.")
        failures = 0
        for municipality in found:
            guideline = municipality.guideline
            approved = latest_approved_round(guideline.id) if guideline else None
            if approved is None:
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

    @municipalities.command("add")
    @click.argument("slug")
    @click.argument("name_fi")
    @click.option("--name-sv", help="Swedish name.")
    @click.option("--bilingual", is_flag=True, help="The municipality is bilingual.")
    def municipalities_add(slug, name_fi, name_sv, bilingual):
        """Add a municipality (SLUG is its address name, e.g. kontiolahti)."""
        from .municipalities.operations import create_municipality

        try:
            municipality = create_municipality(
                slug=slug, name_fi=name_fi, name_sv=name_sv, bilingual=bilingual
            )
        except DomainError as error:
            _fail(error.message)
        db.session.commit()
        click.echo(f"Added {municipality.name_fi} at /m/{municipality.slug}/.")

    @users.command("add")
    @click.argument("email")
    @click.argument("name")
    @click.option("--municipality", "slug", required=True, help="Address name of the municipality.")
    @click.option("--role", "roles", multiple=True, required=True,
                  type=click.Choice(["coordinator", "welfare_member", "approver", "admin"]))
    @click.password_option(help="The password (asked when not given).")
    def users_add(email, name, slug, roles, password):
        """Add a staff user, e.g. the first coordinator of a new municipality."""
        from .auth.models import StaffRole, StaffRoleKind, User
        from .auth.operations import find_user_by_email, normalise_email
        from .auth.passwords import hash_password, password_problems
        from .municipalities.models import Municipality

        municipality = db.session.scalar(sa.select(Municipality).where(Municipality.slug == slug))
        if municipality is None:
            _fail(f"No municipality with the address name {slug!r}.")
        if find_user_by_email(email) is not None:
            _fail(f"A user with the e-mail address {email} exists already.")
        problems = password_problems(password, email=email)
        if problems:
            _fail("The password is not acceptable:", problems)
        user = User(email=normalise_email(email), name=name.strip(),
                    password_hash=hash_password(password))
        db.session.add(user)
        for role in roles:
            db.session.add(StaffRole(user=user, municipality_id=municipality.id,
                                     kind=StaffRoleKind(role)))
        db.session.commit()
        click.echo(f"Added {user.email} to {municipality.name_fi} as {', '.join(roles)}.")

    @users.command("export-data")
    @click.argument("email")
    @click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True))
    def users_export_data(email, output):
        """Write everything the service holds about a person to a file (JSON)."""
        import json

        from .auth.operations import find_user_by_email
        from .auth.privacy import personal_data

        user = find_user_by_email(email)
        if user is None:
            _fail(f"No user with the e-mail address {email}.")
        with open(output, "w", encoding="utf-8") as file:
            json.dump(personal_data(user), file, ensure_ascii=False, indent=1)
        click.echo(f"Wrote the data of {user.email} to {output}.")

    @users.command("erase")
    @click.argument("email")
    @click.option("--reason", default="the person asked for it", show_default=True)
    def users_erase(email, reason):
        """Erase a person's identity; what they submitted stays, without their name."""
        from .auth.operations import find_user_by_email
        from .auth.privacy import erase_person

        user = find_user_by_email(email)
        if user is None:
            _fail(f"No user with the e-mail address {email}.")
        try:
            erase_person(user, None, reason=reason)
        except DomainError as error:
            _fail(error.message)
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
        from .auth.operations import find_user_by_email, switch_account

        user = find_user_by_email(email)
        if user is None or user.erased_at is not None:
            _fail(f"No user with the e-mail address {email}.")
        changed = switch_account(user, None, active)
        db.session.commit()
        state = "active" if active else "deactivated"
        click.echo(f"{user.email} is {state}" + ("." if changed else " already; nothing changed."))

    @users.command("purge-inactive")
    @click.option("--days", type=int, help="Default: ACCOUNT_RETENTION_DAYS of the configuration.")
    def users_purge_inactive(days):
        """Erase the accounts that have not been used for the retention period."""
        from flask import current_app

        from .auth.privacy import purge_inactive

        days = days or current_app.config["ACCOUNT_RETENTION_DAYS"]
        count = purge_inactive(days)
        db.session.commit()
        click.echo(f"Erased {count} accounts unused for more than {days} days.")

    for group in (demo, rounds, municipalities, users, mail, backup):
        app.cli.add_command(group)
