"""The revision counter of each municipality, which the page cache checks.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 18:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('revision')
