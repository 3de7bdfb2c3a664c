"""Comments, wishes and review remarks with their revisions and the
municipality's responses; the e-mail outbox; notification preferences and the
closing date of written comments.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 06:45:02.189792

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('send_after', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_outbox_messages_dedupe_key'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_messages_pending', ['sent_at', 'send_after'], unique=False)

    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('section_version_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('root_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('wish', 'comment', 'remark', name='comment_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('internal', sa.Boolean(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('association_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at_evening', sa.Boolean(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.Column('quote_start', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('edited_at', sa.DateTime(), nullable=True),
    sa.Column('hidden_at', sa.DateTime(), nullable=True),
    sa.Column('hidden_by_id', sa.Integer(), nullable=True),
    sa.Column('hidden_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("kind = 'remark' OR internal = false OR parent_id IS NOT NULL", name=op.f('ck_comments_only_remarks_are_internal')),
    sa.CheckConstraint('(hidden_at IS NULL) = (hidden_reason IS NULL)', name=op.f('ck_comments_hidden_with_reason')),
    sa.CheckConstraint('(quote IS NULL) = (quote_start IS NULL)', name=op.f('ck_comments_quote_has_position')),
    sa.ForeignKeyConstraint(['association_id'], ['associations.id'], name=op.f('fk_comments_association_id_associations')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_comments_author_id_users')),
    sa.ForeignKeyConstraint(['hidden_by_id'], ['users.id'], name=op.f('fk_comments_hidden_by_id_users')),
    sa.ForeignKeyConstraint(['parent_id'], ['comments.id'], name=op.f('fk_comments_parent_id_comments')),
    sa.ForeignKeyConstraint(['root_id'], ['comments.id'], name=op.f('fk_comments_root_id_comments')),
    sa.ForeignKeyConstraint(['round_id'], ['drafting_rounds.id'], name=op.f('fk_comments_round_id_drafting_rounds')),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_comments_section_id_sections')),
    sa.ForeignKeyConstraint(['section_version_id'], ['section_versions.id'], name=op.f('fk_comments_section_version_id_section_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index('ix_comments_root_id', ['root_id'], unique=False)
        batch_op.create_index('ix_comments_round_section_created', ['round_id', 'section_id', 'created_at'], unique=False)

    op.create_table('comment_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('disposition', sa.Enum('taken_into_account', 'not_taken_into_account', 'noted', name='disposition', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('linked_version_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('superseded_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("disposition <> 'not_taken_into_account' OR length(trim(text)) > 0", name=op.f('ck_comment_responses_reason_when_not_taken')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_comment_responses_author_id_users')),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_comment_responses_comment_id_comments')),
    sa.ForeignKeyConstraint(['linked_version_id'], ['section_versions.id'], name=op.f('fk_comment_responses_linked_version_id_section_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_responses'))
    )
    with op.batch_alter_table('comment_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_responses_comment_id'), ['comment_id'], unique=False)
        batch_op.create_index('uq_comment_responses_one_current', ['comment_id'], unique=True, sqlite_where=sa.text('superseded_at IS NULL'), postgresql_where=sa.text('superseded_at IS NULL'))

    op.create_table('comment_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.Column('replaced_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_comment_revisions_comment_id_comments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_revisions'))
    )
    with op.batch_alter_table('comment_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_revisions_comment_id'), ['comment_id'], unique=False)

    with op.batch_alter_table('drafting_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comments_close_on', sa.Date(), nullable=True))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wants_notifications', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
    # Existing users keep receiving notices; new rows get the model's default.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('wants_notifications', server_default=None)



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('wants_notifications')

    with op.batch_alter_table('drafting_rounds', schema=None) as batch_op:
        batch_op.drop_column('comments_close_on')

    with op.batch_alter_table('comment_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_revisions_comment_id'))

    op.drop_table('comment_revisions')
    with op.batch_alter_table('comment_responses', schema=None) as batch_op:
        batch_op.drop_index('uq_comment_responses_one_current', sqlite_where=sa.text('superseded_at IS NULL'), postgresql_where=sa.text('superseded_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_comment_responses_comment_id'))

    op.drop_table('comment_responses')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_round_section_created')
        batch_op.drop_index('ix_comments_root_id')

    op.drop_table('comments')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_pending')

    op.drop_table('outbox_messages')
