"""Where each quoted passage is in the later versions of its section, worked
out once per comment and version.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 10:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comment_quote_positions',
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('section_version_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('start', sa.Integer(), nullable=True),
    sa.Column('passage', sa.Text(), nullable=True),
    sa.CheckConstraint("state IN ('found', 'changed', 'gone')",
                       name=op.f('ck_comment_quote_positions_state_known')),
    sa.CheckConstraint("(state = 'changed') = (passage IS NOT NULL)",
                       name=op.f('ck_comment_quote_positions_passage_when_changed')),
    sa.CheckConstraint("(state = 'gone') = (start IS NULL)",
                       name=op.f('ck_comment_quote_positions_start_unless_gone')),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'],
                            name=op.f('fk_comment_quote_positions_comment_id_comments')),
    sa.ForeignKeyConstraint(['section_version_id'], ['section_versions.id'],
                            name=op.f('fk_comment_quote_positions_section_version_id_section_versions')),
    sa.PrimaryKeyConstraint('comment_id', 'section_version_id', name=op.f('pk_comment_quote_positions'))
    )
    with op.batch_alter_table('comment_quote_positions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_quote_positions_section_version_id'),
                              ['section_version_id'], unique=False)


def downgrade():
    with op.batch_alter_table('comment_quote_positions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_quote_positions_section_version_id'))

    op.drop_table('comment_quote_positions')
