"""accounts, events, attendees

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 14:04:28.738155

"""
from alembic import op
import sqlalchemy as sa

import server.types  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('can_organize', sa.Boolean(), nullable=False),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', server.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('email', name=op.f('uq_accounts_email'))
    )
    op.create_table('email_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('expires_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('consumed_at', server.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_email_codes'))
    )
    with op.batch_alter_table('email_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_email_codes_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_email_codes_email'), ['email'], unique=False)

    op.create_table('auth_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('family_id', sa.String(length=32), nullable=False),
    sa.Column('expires_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', server.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', server.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_auth_tokens_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_auth_tokens_token_hash'))
    )
    with op.batch_alter_table('auth_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auth_tokens_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_auth_tokens_family_id'), ['family_id'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('starts_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('join_code', sa.String(length=16), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], name=op.f('fk_events_created_by_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('join_code', name=op.f('uq_events_join_code'))
    )
    op.create_table('attendees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('company', sa.String(length=120), nullable=False),
    sa.Column('job_title', sa.String(length=120), nullable=False),
    sa.Column('industry', sa.String(length=120), nullable=False),
    sa.Column('bio', sa.Text(), nullable=False),
    sa.Column('goals', sa.JSON(), nullable=False),
    sa.Column('interests', sa.JSON(), nullable=False),
    sa.Column('links', sa.JSON(), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('discoverable', sa.Boolean(), nullable=False),
    sa.Column('open_to_matching', sa.Boolean(), nullable=False),
    sa.Column('shared_fields', sa.JSON(), nullable=False),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('joined_at', server.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_attendees_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_attendees_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendees')),
    sa.UniqueConstraint('event_id', 'account_id', name=op.f('uq_attendees_event_id_account_id'))
    )
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendees_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendees_event_id'), ['event_id'], unique=False)

    op.create_table('event_intents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('complements', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_intents_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_intents')),
    sa.UniqueConstraint('event_id', 'key', name=op.f('uq_event_intents_event_id_key'))
    )
    with op.batch_alter_table('event_intents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_intents_event_id'), ['event_id'], unique=False)

    op.create_table('event_organizers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_event_organizers_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_organizers_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_organizers')),
    sa.UniqueConstraint('event_id', 'account_id', name=op.f('uq_event_organizers_event_id_account_id'))
    )
    with op.batch_alter_table('event_organizers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_organizers_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_organizers_event_id'), ['event_id'], unique=False)



def downgrade():
    with op.batch_alter_table('event_organizers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_organizers_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_organizers_account_id'))

    op.drop_table('event_organizers')
    with op.batch_alter_table('event_intents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_intents_event_id'))

    op.drop_table('event_intents')
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendees_event_id'))
        batch_op.drop_index(batch_op.f('ix_attendees_account_id'))

    op.drop_table('attendees')
    op.drop_table('events')
    with op.batch_alter_table('auth_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auth_tokens_family_id'))
        batch_op.drop_index(batch_op.f('ix_auth_tokens_account_id'))

    op.drop_table('auth_tokens')
    with op.batch_alter_table('email_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_email_codes_email'))
        batch_op.drop_index(batch_op.f('ix_email_codes_created_at'))

    op.drop_table('email_codes')
    op.drop_table('accounts')
