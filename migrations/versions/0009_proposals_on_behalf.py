"""Change proposals say whether they were made in the welfare group's internal
review (shown to staff alone) and whether the coordinator recorded them at the
association evening on an association's behalf.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('change_proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('internal', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('recorded_at_evening', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_change_proposals_internal_without_association'),
            "internal = false OR association_id IS NULL")
        batch_op.create_check_constraint(
            op.f('ck_change_proposals_recorded_for_association'),
            "recorded_at_evening = false OR association_id IS NOT NULL")


def downgrade():
    with op.batch_alter_table('change_proposals', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_change_proposals_recorded_for_association'), type_='check')
        batch_op.drop_constraint(op.f('ck_change_proposals_internal_without_association'), type_='check')
        batch_op.drop_column('recorded_at_evening')
        batch_op.drop_column('internal')
