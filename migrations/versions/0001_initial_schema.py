"""The first schema: municipalities, users, associations, drafting rounds,
sections and their versions, step decisions and the audit trail.

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 06:27:08.140352

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('municipalities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name_fi', sa.String(length=200), nullable=False),
    sa.Column('name_sv', sa.String(length=200), nullable=True),
    sa.Column('bilingual', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_municipalities')),
    sa.UniqueConstraint('slug', name=op.f('uq_municipalities_slug'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('language', sa.Enum('fi', 'sv', 'en', name='user_language', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('associations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('register_number', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_associations_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_associations')),
    sa.UniqueConstraint('municipality_id', 'name_key', name=op.f('uq_associations_municipality_id_name_key'))
    )
    op.create_table('guidelines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_guidelines_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guidelines')),
    sa.UniqueConstraint('municipality_id', name=op.f('uq_guidelines_municipality_id'))
    )
    op.create_table('staff_roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('coordinator', 'welfare_member', 'approver', 'admin', name='staff_role_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('granted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_staff_roles_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_staff_roles_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_roles')),
    sa.UniqueConstraint('user_id', 'municipality_id', 'kind', name=op.f('uq_staff_roles_user_id_municipality_id_kind'))
    )
    op.create_table('drafting_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guideline_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('decision', 'wishes', 'welfare_review', 'association_evening', 'approval', 'approved', 'archived', name='round_state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('source', sa.Enum('outline', 'previous_round', 'import', name='round_source', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('outline_key', sa.String(length=40), nullable=True),
    sa.Column('previous_round_id', sa.Integer(), nullable=True),
    sa.Column('wishes_opens_on', sa.Date(), nullable=True),
    sa.Column('wishes_closes_on', sa.Date(), nullable=True),
    sa.Column('wishes_closed_at', sa.DateTime(), nullable=True),
    sa.Column('wishes_closed_by_id', sa.Integer(), nullable=True),
    sa.Column('evening_on', sa.Date(), nullable=True),
    sa.Column('evening_starts_at', sa.Time(), nullable=True),
    sa.Column('evening_place', sa.String(length=300), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('wishes_closes_on IS NULL OR wishes_opens_on IS NULL OR wishes_closes_on >= wishes_opens_on', name=op.f('ck_drafting_rounds_wishes_window_in_order')),
    sa.CheckConstraint('year BETWEEN 2000 AND 2200', name=op.f('ck_drafting_rounds_plausible_year')),
    sa.ForeignKeyConstraint(['guideline_id'], ['guidelines.id'], name=op.f('fk_drafting_rounds_guideline_id_guidelines')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_drafting_rounds_opened_by_id_users')),
    sa.ForeignKeyConstraint(['previous_round_id'], ['drafting_rounds.id'], name=op.f('fk_drafting_rounds_previous_round_id_drafting_rounds')),
    sa.ForeignKeyConstraint(['wishes_closed_by_id'], ['users.id'], name=op.f('fk_drafting_rounds_wishes_closed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drafting_rounds')),
    sa.UniqueConstraint('guideline_id', 'year', name=op.f('uq_drafting_rounds_guideline_id_year'))
    )
    with op.batch_alter_table('drafting_rounds', schema=None) as batch_op:
        batch_op.create_index('uq_drafting_rounds_one_open_per_guideline', ['guideline_id'], unique=True, sqlite_where=sa.text("state NOT IN ('approved', 'archived')"), postgresql_where=sa.text("state NOT IN ('approved', 'archived')"))

    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('association_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.Enum('coordinator', 'welfare_member', 'approver', 'admin', name='invitation_role', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('invited_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('association_id IS NOT NULL OR role IS NOT NULL', name=op.f('ck_invitations_grants_something')),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['users.id'], name=op.f('fk_invitations_accepted_by_id_users')),
    sa.ForeignKeyConstraint(['association_id'], ['associations.id'], name=op.f('fk_invitations_association_id_associations')),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_invitations_invited_by_id_users')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_invitations_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitations_token_hash'))
    )
    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('association_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['association_id'], ['associations.id'], name=op.f('fk_memberships_association_id_associations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_memberships_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships')),
    sa.UniqueConstraint('user_id', 'association_id', name=op.f('uq_memberships_user_id_association_id'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('municipality_id', sa.Integer(), nullable=True),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('from_state', sa.String(length=40), nullable=True),
    sa.Column('to_state', sa.String(length=40), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_audit_events_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['round_id'], ['drafting_rounds.id'], name=op.f('fk_audit_events_round_id_drafting_rounds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index('ix_audit_events_round_occurred', ['round_id', 'occurred_at'], unique=False)

    op.create_table('sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('heading', sa.String(length=300), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=True),
    sa.Column('current_number', sa.Integer(), nullable=False),
    sa.Column('origin_section_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('current_number >= 0', name=op.f('ck_sections_current_number_not_negative')),
    sa.ForeignKeyConstraint(['origin_section_id'], ['sections.id'], name=op.f('fk_sections_origin_section_id_sections')),
    sa.ForeignKeyConstraint(['round_id'], ['drafting_rounds.id'], name=op.f('fk_sections_round_id_drafting_rounds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sections')),
    sa.UniqueConstraint('round_id', 'position', name=op.f('uq_sections_round_id_position'))
    )
    op.create_table('step_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.Enum('decision', 'welfare_review', 'approval', name='decision_step', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('body', sa.Enum('management_group', 'welfare_group', 'council', 'board', 'committee', 'other', name='deciding_body', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('body_name', sa.String(length=200), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('minutes_paragraph', sa.String(length=40), nullable=True),
    sa.Column('responsible_persons', sa.Text(), nullable=True),
    sa.Column('authorised_coordinator', sa.String(length=200), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("body IS NULL OR body <> 'other' OR body_name IS NOT NULL", name=op.f('ck_step_decisions_other_body_named')),
    sa.CheckConstraint("step <> 'approval' OR (body IS NOT NULL AND minutes_paragraph IS NOT NULL)", name=op.f('ck_step_decisions_approval_complete')),
    sa.CheckConstraint("step <> 'decision' OR (body IS NOT NULL AND minutes_paragraph IS NOT NULL AND responsible_persons IS NOT NULL AND authorised_coordinator IS NOT NULL)", name=op.f('ck_step_decisions_decision_complete')),
    sa.CheckConstraint("step <> 'welfare_review' OR outcome IS NOT NULL", name=op.f('ck_step_decisions_review_complete')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_step_decisions_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['round_id'], ['drafting_rounds.id'], name=op.f('fk_step_decisions_round_id_drafting_rounds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_step_decisions'))
    )
    with op.batch_alter_table('step_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_step_decisions_round_id'), ['round_id'], unique=False)

    op.create_table('section_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('origin', sa.Enum('edit', 'carried_over', 'imported', 'proposal', name='version_origin', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('origin_version_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('number >= 1', name=op.f('ck_section_versions_number_positive')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_section_versions_author_id_users')),
    sa.ForeignKeyConstraint(['origin_version_id'], ['section_versions.id'], name=op.f('fk_section_versions_origin_version_id_section_versions')),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_section_versions_section_id_sections')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_section_versions')),
    sa.UniqueConstraint('section_id', 'number', name=op.f('uq_section_versions_section_id_number'))
    )


def downgrade():
    op.drop_table('section_versions')
    with op.batch_alter_table('step_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_step_decisions_round_id'))

    op.drop_table('step_decisions')
    op.drop_table('sections')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_round_occurred')
        batch_op.drop_index(batch_op.f('ix_audit_events_municipality_id'))

    op.drop_table('audit_events')
    op.drop_table('memberships')
    op.drop_table('invitations')
    with op.batch_alter_table('drafting_rounds', schema=None) as batch_op:
        batch_op.drop_index('uq_drafting_rounds_one_open_per_guideline', sqlite_where=sa.text("state NOT IN ('approved', 'archived')"), postgresql_where=sa.text("state NOT IN ('approved', 'archived')"))

    op.drop_table('drafting_rounds')
    op.drop_table('staff_roles')
    op.drop_table('guidelines')
    op.drop_table('associations')
    op.drop_table('users')
    op.drop_table('municipalities')
