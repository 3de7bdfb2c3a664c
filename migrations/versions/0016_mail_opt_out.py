"""Mail in the recipient's language with a link to stop it: an outbox
message keeps its language and its unsubscribe link, and an association's
own registry address can ask for no more mail.

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-02 15:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('unsubscribe_url', sa.String(length=1000), nullable=True))

    op.create_table('mail_opt_outs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('association_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['association_id'], ['associations.id'],
                            name=op.f('fk_mail_opt_outs_association_id_associations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_opt_outs')),
    sa.UniqueConstraint('association_id', 'address', name=op.f('uq_mail_opt_outs_association_id_address'))
    )


def downgrade():
    op.drop_table('mail_opt_outs')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('unsubscribe_url')
        batch_op.drop_column('language')
