"""The revision counters the page store checks: every change of a municipality,
its changes not confined to one section, and those of each section and of
each round's discussion of the whole document.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 18:55:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('general_revision', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('drafting_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('drafting_rounds', schema=None) as batch_op:
        batch_op.drop_column('revision')
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.drop_column('revision')
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('general_revision')
        batch_op.drop_column('revision')
