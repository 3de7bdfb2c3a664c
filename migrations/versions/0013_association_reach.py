"""An association's own address reaches it: a message to that address names
the association, so its delivery counts the association as reached, and a
person who follows the claim link in it asks to represent the association.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-02 14:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('association_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_association_id_associations'),
                                    'associations', ['association_id'], ['id'])
        batch_op.create_index('ix_outbox_messages_association_delivered', ['association_id', 'sent_at'],
                              unique=False)

    op.create_table('association_claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('association_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('proved_address', sa.String(length=254), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['association_id'], ['associations.id'],
                            name=op.f('fk_association_claims_association_id_associations')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_association_claims_decided_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_association_claims_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_association_claims')),
    sa.UniqueConstraint('association_id', 'user_id', name=op.f('uq_association_claims_association_id_user_id'))
    )


def downgrade():
    op.drop_table('association_claims')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_association_delivered')
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_association_id_associations'), type_='foreignkey')
        batch_op.drop_column('association_id')
