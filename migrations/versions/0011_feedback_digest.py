"""Accessibility feedback remembers when it was mailed, so that feedback
arriving in quick succession is mailed as one digest.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('accessibility_feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mailed_at', sa.DateTime(), nullable=True))
    # feedback sent before this was mailed at once
    op.execute("UPDATE accessibility_feedback SET mailed_at = created_at")


def downgrade():
    with op.batch_alter_table('accessibility_feedback', schema=None) as batch_op:
        batch_op.drop_column('mailed_at')
