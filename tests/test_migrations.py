"""The migrations, run from an empty database, produce exactly the models'
schema, and downgrade back to empty."""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import flask_migrate
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from drafting import PROJECT_ROOT, create_app
from drafting.config import normalise_database_url
from drafting.extensions import db

MIGRATIONS = str(PROJECT_ROOT / "migrations")


@contextmanager
def empty_database(tmp_path):
    """A new, empty database of the kind the suite runs on."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield "sqlite:///" + str(tmp_path / "migrated.sqlite")
        return
    server = sa.engine.make_url(normalise_database_url(url))
    name = f"drafting_migrations_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_migrations_produce_the_models_schema_and_downgrade_to_empty(tmp_path):
    with empty_database(tmp_path) as url:
        migrated = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
        with migrated.app_context():
            flask_migrate.upgrade(directory=MIGRATIONS)
            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"compare_type": True, "compare_server_default": True}
                )
                differences = compare_metadata(context, db.metadata)
                assert differences == []
                tables = set(sa.inspect(connection).get_table_names()) - {"alembic_version"}
                assert tables == set(db.metadata.tables)
                indexes = {ix["name"]: ix for ix in sa.inspect(connection).get_indexes("drafting_rounds")}
                assert indexes["uq_drafting_rounds_one_open_per_guideline"]["unique"]
                checks = {ck["name"] for ck in sa.inspect(connection).get_check_constraints("step_decisions")}
                assert {"ck_step_decisions_decision_complete", "ck_step_decisions_approval_complete",
                        "ck_step_decisions_review_complete"} <= checks
            flask_migrate.downgrade(directory=MIGRATIONS, revision="base")
            with db.engine.connect() as connection:
                assert set(sa.inspect(connection).get_table_names()) <= {"alembic_version"}
            db.session.remove()
            db.engine.dispose()


def test_there_is_one_migration_chain():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1
