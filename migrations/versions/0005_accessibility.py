"""The accessibility statement of each municipality and the feedback sent through it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 07:23:45.373142

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('accessibility_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('contact', sa.String(length=254), nullable=True),
    sa.Column('page', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_accessibility_feedback_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accessibility_feedback'))
    )
    with op.batch_alter_table('accessibility_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accessibility_feedback_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('accessibility_statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('compliance', sa.Enum('full', 'partial', 'none', name='compliance', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('non_accessible_content', sa.Text(), nullable=False),
    sa.Column('assessment', sa.Text(), nullable=False),
    sa.Column('feedback_email', sa.String(length=254), nullable=True),
    sa.Column('feedback_phone', sa.String(length=40), nullable=True),
    sa.Column('prepared_on', sa.Date(), nullable=False),
    sa.Column('updated_on', sa.Date(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_accessibility_statements_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_accessibility_statements_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accessibility_statements')),
    sa.UniqueConstraint('municipality_id', name=op.f('uq_accessibility_statements_municipality_id'))
    )


def downgrade():
    op.drop_table('accessibility_statements')
    with op.batch_alter_table('accessibility_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accessibility_feedback_municipality_id'))

    op.drop_table('accessibility_feedback')
