"""The content hash of an approved round, and DOCX files read for import.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 07:12:54.388511

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('document_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.Column('split_on', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_document_imports_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['round_id'], ['drafting_rounds.id'], name=op.f('fk_document_imports_round_id_drafting_rounds')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_document_imports_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_imports'))
    )
    with op.batch_alter_table('document_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_imports_municipality_id'), ['municipality_id'], unique=False)

    with op.batch_alter_table('drafting_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_hash', sa.String(length=64), nullable=True))



def downgrade():
    with op.batch_alter_table('drafting_rounds', schema=None) as batch_op:
        batch_op.drop_column('content_hash')

    with op.batch_alter_table('document_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_imports_municipality_id'))

    op.drop_table('document_imports')
