"""Change proposals; section versions and responses that point to the proposal
behind them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 07:01:03.573583

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('change_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('base_version_id', sa.Integer(), nullable=True),
    sa.Column('base_text', sa.Text(), nullable=False),
    sa.Column('proposed_text', sa.Text(), nullable=False),
    sa.Column('rebased_on_version_id', sa.Integer(), nullable=True),
    sa.Column('current_text', sa.Text(), nullable=True),
    sa.Column('conflict', sa.Boolean(), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('association_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('pending', 'accepted', 'accepted_with_edits', 'rejected', 'withdrawn', name='proposal_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('accepted_text', sa.Text(), nullable=True),
    sa.CheckConstraint("status <> 'accepted_with_edits' OR accepted_text IS NOT NULL", name=op.f('ck_change_proposals_edited_text_kept')),
    sa.CheckConstraint("status <> 'rejected' OR length(trim(decision_reason)) > 0", name=op.f('ck_change_proposals_rejection_has_reason')),
    sa.ForeignKeyConstraint(['association_id'], ['associations.id'], name=op.f('fk_change_proposals_association_id_associations')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_change_proposals_author_id_users')),
    sa.ForeignKeyConstraint(['base_version_id'], ['section_versions.id'], name=op.f('fk_change_proposals_base_version_id_section_versions')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_change_proposals_decided_by_id_users')),
    sa.ForeignKeyConstraint(['rebased_on_version_id'], ['section_versions.id'], name=op.f('fk_change_proposals_rebased_on_version_id_section_versions')),
    sa.ForeignKeyConstraint(['round_id'], ['drafting_rounds.id'], name=op.f('fk_change_proposals_round_id_drafting_rounds')),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_change_proposals_section_id_sections')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_proposals'))
    )
    with op.batch_alter_table('change_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_proposals_round_id'), ['round_id'], unique=False)
        batch_op.create_index('ix_change_proposals_section_status', ['section_id', 'status'], unique=False)

    with op.batch_alter_table('comment_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('linked_proposal_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_comment_responses_linked_proposal_id_change_proposals'), 'change_proposals', ['linked_proposal_id'], ['id'])

    with op.batch_alter_table('section_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposal_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_section_versions_proposal_id_change_proposals'), 'change_proposals', ['proposal_id'], ['id'])



def downgrade():
    with op.batch_alter_table('section_versions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_section_versions_proposal_id_change_proposals'), type_='foreignkey')
        batch_op.drop_column('proposal_id')

    with op.batch_alter_table('comment_responses', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_comment_responses_linked_proposal_id_change_proposals'), type_='foreignkey')
        batch_op.drop_column('linked_proposal_id')

    with op.batch_alter_table('change_proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_change_proposals_section_status')
        batch_op.drop_index(batch_op.f('ix_change_proposals_round_id'))

    op.drop_table('change_proposals')
