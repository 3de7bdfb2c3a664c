"""Sections can be withdrawn from the document: a withdrawn section keeps its
text and inputs for the history and the appendix but leaves the body.

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-02 14:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('withdrawal_reason', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.drop_column('withdrawal_reason')
        batch_op.drop_column('withdrawn_at')
