"""meetings: slots, tables, check-in, availability, meeting requests and bookings, speed-networking sessions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 14:30:00.000000

"""
from alembic import op
import sqlalchemy as sa
import server.types  # noqa: F401  (custom column types used by autogenerate)


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meeting_locations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity BETWEEN 2 AND 6', name=op.f('ck_meeting_locations_table_capacity')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_meeting_locations_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_locations'))
    )
    with op.batch_alter_table('meeting_locations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_locations_event_id'), ['event_id'], unique=False)

    op.create_table('meeting_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('open_for_meetings', sa.Boolean(), nullable=False),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_meeting_slots_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_slots'))
    )
    with op.batch_alter_table('meeting_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_slots_event_id'), ['event_id'], unique=False)

    op.create_table('networking_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('starts_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('rounds', sa.Integer(), nullable=False),
    sa.Column('minutes_per_round', sa.Integer(), nullable=False),
    sa.Column('group_size', sa.Integer(), nullable=False),
    sa.Column('participants', sa.String(length=16), nullable=False),
    sa.Column('table_count', sa.Integer(), nullable=True),
    sa.Column('location_ids', sa.JSON(), nullable=False),
    sa.Column('absent_ids', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('published_at', server.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_networking_sessions_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_networking_sessions'))
    )
    with op.batch_alter_table('networking_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_networking_sessions_event_id'), ['event_id'], unique=False)

    op.create_table('busy_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_busy_slots_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['meeting_slots.id'], name=op.f('fk_busy_slots_slot_id_meeting_slots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_busy_slots')),
    sa.UniqueConstraint('attendee_id', 'slot_id', name=op.f('uq_busy_slots_attendee_id_slot_id'))
    )
    with op.batch_alter_table('busy_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_busy_slots_attendee_id'), ['attendee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_busy_slots_slot_id'), ['slot_id'], unique=False)

    op.create_table('check_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=False),
    sa.Column('checked_in_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('by_account_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_check_ins_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['by_account_id'], ['accounts.id'], name=op.f('fk_check_ins_by_account_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_check_ins_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_ins')),
    sa.UniqueConstraint('attendee_id', name=op.f('uq_check_ins_attendee_id'))
    )
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_check_ins_event_id'), ['event_id'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('requester_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('requested_location_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_meetings_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_id'], ['meeting_locations.id'], name=op.f('fk_meetings_location_id_meeting_locations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['attendees.id'], name=op.f('fk_meetings_proposed_by_id_attendees'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_location_id'], ['meeting_locations.id'], name=op.f('fk_meetings_requested_location_id_meeting_locations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requester_id'], ['attendees.id'], name=op.f('fk_meetings_requester_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['meeting_slots.id'], name=op.f('fk_meetings_slot_id_meeting_slots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_requester_id'), ['requester_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_slot_id'), ['slot_id'], unique=False)

    op.create_table('session_opt_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_session_opt_ins_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['networking_sessions.id'], name=op.f('fk_session_opt_ins_session_id_networking_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_opt_ins')),
    sa.UniqueConstraint('session_id', 'attendee_id', name=op.f('uq_session_opt_ins_session_id_attendee_id'))
    )
    with op.batch_alter_table('session_opt_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_opt_ins_attendee_id'), ['attendee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_opt_ins_session_id'), ['session_id'], unique=False)

    op.create_table('session_seats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('round_no', sa.Integer(), nullable=False),
    sa.Column('table_no', sa.Integer(), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=False),
    sa.Column('partners', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_session_seats_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['networking_sessions.id'], name=op.f('fk_session_seats_session_id_networking_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_seats')),
    sa.UniqueConstraint('session_id', 'round_no', 'attendee_id', name=op.f('uq_session_seats_session_id_round_no_attendee_id'))
    )
    with op.batch_alter_table('session_seats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_seats_attendee_id'), ['attendee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_seats_session_id'), ['session_id'], unique=False)

    op.create_table('meeting_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=True),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(attendee_id IS NULL) <> (location_id IS NULL)', name=op.f('ck_meeting_bookings_one_resource')),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_meeting_bookings_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_id'], ['meeting_locations.id'], name=op.f('fk_meeting_bookings_location_id_meeting_locations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_bookings_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['meeting_slots.id'], name=op.f('fk_meeting_bookings_slot_id_meeting_slots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_bookings')),
    sa.UniqueConstraint('slot_id', 'attendee_id', name=op.f('uq_meeting_bookings_slot_id_attendee_id')),
    sa.UniqueConstraint('slot_id', 'location_id', name=op.f('uq_meeting_bookings_slot_id_location_id'))
    )
    with op.batch_alter_table('meeting_bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_bookings_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=False),
    sa.Column('response', sa.String(length=16), nullable=False),
    sa.Column('no_show', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_meeting_participants_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_participants_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_participants')),
    sa.UniqueConstraint('meeting_id', 'attendee_id', name=op.f('uq_meeting_participants_meeting_id_attendee_id'))
    )
    with op.batch_alter_table('meeting_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_participants_attendee_id'), ['attendee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_participants_meeting_id'), ['meeting_id'], unique=False)



def downgrade():
    with op.batch_alter_table('meeting_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_participants_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_participants_attendee_id'))

    op.drop_table('meeting_participants')
    with op.batch_alter_table('meeting_bookings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_bookings_meeting_id'))

    op.drop_table('meeting_bookings')
    with op.batch_alter_table('session_seats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_seats_session_id'))
        batch_op.drop_index(batch_op.f('ix_session_seats_attendee_id'))

    op.drop_table('session_seats')
    with op.batch_alter_table('session_opt_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_opt_ins_session_id'))
        batch_op.drop_index(batch_op.f('ix_session_opt_ins_attendee_id'))

    op.drop_table('session_opt_ins')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_slot_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_requester_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_event_id'))

    op.drop_table('meetings')
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_ins_event_id'))

    op.drop_table('check_ins')
    with op.batch_alter_table('busy_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_busy_slots_slot_id'))
        batch_op.drop_index(batch_op.f('ix_busy_slots_attendee_id'))

    op.drop_table('busy_slots')
    with op.batch_alter_table('networking_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_networking_sessions_event_id'))

    op.drop_table('networking_sessions')
    with op.batch_alter_table('meeting_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_slots_event_id'))

    op.drop_table('meeting_slots')
    with op.batch_alter_table('meeting_locations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_locations_event_id'))

    op.drop_table('meeting_locations')
