"""The approving body is a named body of the municipality: a registry of
bodies, decisions that name one, and the agenda planned for a meeting.
Existing decisions get a body named after their kind (or the name typed for
"another body").

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 15:20:00

"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

KINDS = ('management_group', 'welfare_group', 'council', 'board', 'committee', 'other')
KIND_NAMES_FI = {
    'management_group': 'Johtoryhmä',
    'welfare_group': 'Hyvinvointiryhmä',
    'council': 'Kunnanvaltuusto',
    'board': 'Kunnanhallitus',
    'committee': 'Lautakunta',
    'other': 'Toimielin',
}


def upgrade():
    op.create_table(
        'bodies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum(*KINDS, name='deciding_body', native_enum=False, create_constraint=True,
                                  length=32), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'],
                                name=op.f('fk_bodies_municipality_id_municipalities')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bodies')),
        sa.UniqueConstraint('municipality_id', 'kind', 'name', name=op.f('uq_bodies_municipality_id_kind_name')),
    )
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bodies_municipality_id'), ['municipality_id'], unique=False)
    with op.batch_alter_table('step_decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_step_decisions_body_id_bodies'), 'bodies', ['body_id'], ['id'])
    op.create_table(
        'agenda_plans',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('body_id', sa.Integer(), nullable=False),
        sa.Column('meeting_on', sa.Date(), nullable=False),
        sa.Column('preparer', sa.String(length=300), nullable=False),
        sa.Column('presenter', sa.String(length=300), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_agenda_plans_body_id_bodies')),
        sa.ForeignKeyConstraint(['round_id'], ['drafting_rounds.id'],
                                name=op.f('fk_agenda_plans_round_id_drafting_rounds')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_agenda_plans_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_plans')),
        sa.UniqueConstraint('round_id', name=op.f('uq_agenda_plans_round_id')),
    )
    _name_the_bodies_of_recorded_decisions()


def _name_the_bodies_of_recorded_decisions():
    """Every recorded decision with a body gets a body of the registry: the
    name typed for "another body", otherwise the kind's Finnish name."""
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT d.id, d.body, d.body_name, g.municipality_id FROM step_decisions d "
        "JOIN drafting_rounds r ON r.id = d.round_id JOIN guidelines g ON g.id = r.guideline_id "
        "WHERE d.body IS NOT NULL ORDER BY d.id")).all()
    known = {}
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    for decision_id, kind, body_name, municipality_id in rows:
        name = (body_name or '').strip() if kind == 'other' else ''
        name = name or KIND_NAMES_FI[kind]
        key = (municipality_id, kind, name)
        if key not in known:
            connection.execute(sa.text(
                "INSERT INTO bodies (municipality_id, kind, name, created_at) VALUES (:m, :k, :n, :t)"),
                {"m": municipality_id, "k": kind, "n": name, "t": now})
            known[key] = connection.execute(sa.text(
                "SELECT id FROM bodies WHERE municipality_id = :m AND kind = :k AND name = :n"),
                {"m": municipality_id, "k": kind, "n": name}).scalar_one()
        connection.execute(sa.text("UPDATE step_decisions SET body_id = :b WHERE id = :d"),
                           {"b": known[key], "d": decision_id})


def downgrade():
    op.drop_table('agenda_plans')
    with op.batch_alter_table('step_decisions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_step_decisions_body_id_bodies'), type_='foreignkey')
        batch_op.drop_column('body_id')
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bodies_municipality_id'))
    op.drop_table('bodies')
