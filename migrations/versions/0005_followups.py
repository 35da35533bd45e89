"""followups: private notes, contact log, next steps, feedback on meeting someone, sent reminders

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 14:23:41.715343

"""
from alembic import op
import sqlalchemy as sa
import server.types  # noqa: F401  (custom column types used by autogenerate)


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('connection_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('connection_id', sa.Integer(), nullable=False),
    sa.Column('author_account_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_account_id'], ['accounts.id'], name=op.f('fk_connection_notes_author_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['connection_id'], ['connections.id'], name=op.f('fk_connection_notes_connection_id_connections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_connection_notes')),
    sa.UniqueConstraint('connection_id', 'author_account_id', name=op.f('uq_connection_notes_connection_id_author_account_id'))
    )
    with op.batch_alter_table('connection_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_connection_notes_author_account_id'), ['author_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_connection_notes_connection_id'), ['connection_id'], unique=False)

    op.create_table('followups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('connection_id', sa.Integer(), nullable=False),
    sa.Column('author_account_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('happened_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_account_id'], ['accounts.id'], name=op.f('fk_followups_author_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['connection_id'], ['connections.id'], name=op.f('fk_followups_connection_id_connections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followups'))
    )
    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followups_author_account_id'), ['author_account_id'], unique=False)
        batch_op.create_index('ix_followups_connection_author', ['connection_id', 'author_account_id'], unique=False)

    op.create_table('connection_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('author_account_id', sa.Integer(), nullable=False),
    sa.Column('subject_account_id', sa.Integer(), nullable=False),
    sa.Column('connection_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('would_meet_again', sa.Boolean(), nullable=False),
    sa.Column('no_show', sa.Boolean(), nullable=False),
    sa.Column('updated_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_account_id'], ['accounts.id'], name=op.f('fk_connection_feedback_author_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['connection_id'], ['connections.id'], name=op.f('fk_connection_feedback_connection_id_connections'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_connection_feedback_event_id_events'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subject_account_id'], ['accounts.id'], name=op.f('fk_connection_feedback_subject_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_connection_feedback')),
    sa.UniqueConstraint('author_account_id', 'subject_account_id', name=op.f('uq_connection_feedback_author_account_id_subject_account_id'))
    )
    with op.batch_alter_table('connection_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_connection_feedback_author_account_id'), ['author_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_connection_feedback_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_connection_feedback_subject_account_id'), ['subject_account_id'], unique=False)

    op.create_table('next_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('connection_id', sa.Integer(), nullable=False),
    sa.Column('author_account_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('set_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_account_id'], ['accounts.id'], name=op.f('fk_next_steps_author_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['connection_id'], ['connections.id'], name=op.f('fk_next_steps_connection_id_connections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_next_steps')),
    sa.UniqueConstraint('connection_id', 'author_account_id', name=op.f('uq_next_steps_connection_id_author_account_id'))
    )
    with op.batch_alter_table('next_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_next_steps_author_account_id'), ['author_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_next_steps_connection_id'), ['connection_id'], unique=False)

    op.create_table('reminders_sent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('connection_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('sent_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_reminders_sent_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['connection_id'], ['connections.id'], name=op.f('fk_reminders_sent_connection_id_connections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders_sent')),
    sa.UniqueConstraint('account_id', 'connection_id', 'kind', 'due_on', name=op.f('uq_reminders_sent_account_id_connection_id_kind_due_on'))
    )
    with op.batch_alter_table('reminders_sent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminders_sent_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminders_sent_connection_id'), ['connection_id'], unique=False)



def downgrade():
    with op.batch_alter_table('reminders_sent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminders_sent_connection_id'))
        batch_op.drop_index(batch_op.f('ix_reminders_sent_account_id'))

    op.drop_table('reminders_sent')
    with op.batch_alter_table('next_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_next_steps_connection_id'))
        batch_op.drop_index(batch_op.f('ix_next_steps_author_account_id'))

    op.drop_table('next_steps')
    with op.batch_alter_table('connection_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_connection_feedback_subject_account_id'))
        batch_op.drop_index(batch_op.f('ix_connection_feedback_event_id'))
        batch_op.drop_index(batch_op.f('ix_connection_feedback_author_account_id'))

    op.drop_table('connection_feedback')
    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.drop_index('ix_followups_connection_author')
        batch_op.drop_index(batch_op.f('ix_followups_author_account_id'))

    op.drop_table('followups')
    with op.batch_alter_table('connection_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_connection_notes_connection_id'))
        batch_op.drop_index(batch_op.f('ix_connection_notes_author_account_id'))

    op.drop_table('connection_notes')
