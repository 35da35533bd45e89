"""networking: suggestion feedback and exposure, intros, connections, blocks, notifications

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 14:17:44.638292

"""
from alembic import op
import sqlalchemy as sa
import server.types  # noqa: F401  (custom column types used by autogenerate)


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('blocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('blocker_account_id', sa.Integer(), nullable=False),
    sa.Column('blocked_account_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['blocked_account_id'], ['accounts.id'], name=op.f('fk_blocks_blocked_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['blocker_account_id'], ['accounts.id'], name=op.f('fk_blocks_blocker_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_blocks_event_id_events'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blocks')),
    sa.UniqueConstraint('blocker_account_id', 'blocked_account_id', name=op.f('uq_blocks_blocker_account_id_blocked_account_id'))
    )
    with op.batch_alter_table('blocks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_blocks_blocked_account_id'), ['blocked_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_blocks_blocker_account_id'), ['blocker_account_id'], unique=False)

    op.create_table('connections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_low_id', sa.Integer(), nullable=False),
    sa.Column('account_high_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('account_low_id < account_high_id', name=op.f('ck_connections_ordered_pair')),
    sa.ForeignKeyConstraint(['account_high_id'], ['accounts.id'], name=op.f('fk_connections_account_high_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['account_low_id'], ['accounts.id'], name=op.f('fk_connections_account_low_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_connections_event_id_events'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_connections')),
    sa.UniqueConstraint('account_low_id', 'account_high_id', name=op.f('uq_connections_account_low_id_account_high_id'))
    )
    with op.batch_alter_table('connections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_connections_account_high_id'), ['account_high_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_connections_account_low_id'), ['account_low_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_connections_event_id'), ['event_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', server.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_notifications_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_notifications_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_account_id'), ['account_id'], unique=False)

    op.create_table('intros',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('responded_at', server.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_intros_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['attendees.id'], name=op.f('fk_intros_recipient_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sender_id'], ['attendees.id'], name=op.f('fk_intros_sender_id_attendees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intros'))
    )
    with op.batch_alter_table('intros', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intros_event_id'), ['event_id'], unique=False)
        batch_op.create_index('ix_intros_recipient_status', ['recipient_id', 'status'], unique=False)
        batch_op.create_index('ix_intros_sender_status', ['sender_id', 'status'], unique=False)

    op.create_table('suggestion_exposure',
    sa.Column('attendee_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('impressions', sa.Integer(), nullable=False),
    sa.Column('window_started_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_suggestion_exposure_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_suggestion_exposure_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('attendee_id', name=op.f('pk_suggestion_exposure'))
    )
    with op.batch_alter_table('suggestion_exposure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suggestion_exposure_event_id'), ['event_id'], unique=False)

    op.create_table('suggestion_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_suggestion_feedback_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_suggestion_feedback_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['attendees.id'], name=op.f('fk_suggestion_feedback_target_id_attendees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion_feedback')),
    sa.UniqueConstraint('attendee_id', 'target_id', name=op.f('uq_suggestion_feedback_attendee_id_target_id'))
    )
    with op.batch_alter_table('suggestion_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suggestion_feedback_attendee_id'), ['attendee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suggestion_feedback_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suggestion_feedback_target_id'), ['target_id'], unique=False)

    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('matching_revision', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('qr_handle', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_attendees_matching_revision'), ['matching_revision'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_attendees_qr_handle'), ['qr_handle'])

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('exclude_same_company', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('max_pending_intros', sa.Integer(), nullable=True))



def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('max_pending_intros')
        batch_op.drop_column('exclude_same_company')

    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_attendees_qr_handle'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_attendees_matching_revision'))
        batch_op.drop_column('qr_handle')
        batch_op.drop_column('matching_revision')

    with op.batch_alter_table('suggestion_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suggestion_feedback_target_id'))
        batch_op.drop_index(batch_op.f('ix_suggestion_feedback_event_id'))
        batch_op.drop_index(batch_op.f('ix_suggestion_feedback_attendee_id'))

    op.drop_table('suggestion_feedback')
    with op.batch_alter_table('suggestion_exposure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suggestion_exposure_event_id'))

    op.drop_table('suggestion_exposure')
    with op.batch_alter_table('intros', schema=None) as batch_op:
        batch_op.drop_index('ix_intros_sender_status')
        batch_op.drop_index('ix_intros_recipient_status')
        batch_op.drop_index(batch_op.f('ix_intros_event_id'))

    op.drop_table('intros')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_account_id'))

    op.drop_table('notifications')
    with op.batch_alter_table('connections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_connections_event_id'))
        batch_op.drop_index(batch_op.f('ix_connections_account_low_id'))
        batch_op.drop_index(batch_op.f('ix_connections_account_high_id'))

    op.drop_table('connections')
    with op.batch_alter_table('blocks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_blocks_blocker_account_id'))
        batch_op.drop_index(batch_op.f('ix_blocks_blocked_account_id'))

    op.drop_table('blocks')
