"""The register of associations: a contact person for each association, and
lists of associations kept while their import is previewed.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 14:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('associations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_person', sa.String(length=200), nullable=True))

    op.create_table('association_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=255), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_association_imports_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_association_imports_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_association_imports'))
    )
    with op.batch_alter_table('association_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_association_imports_municipality_id'), ['municipality_id'], unique=False)


def downgrade():
    with op.batch_alter_table('association_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_association_imports_municipality_id'))
    op.drop_table('association_imports')

    with op.batch_alter_table('associations', schema=None) as batch_op:
        batch_op.drop_column('contact_person')
