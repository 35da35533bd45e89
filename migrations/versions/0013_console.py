"""console: uploads held for preview, interest vocabulary overrides, attendee indexes for the console's sorted table

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27 11:10:00

"""
from alembic import op
import sqlalchemy as sa
import server.types  # noqa: F401  (custom column types used by autogenerate)


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('console_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_console_uploads_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_console_uploads_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_uploads'))
    )
    with op.batch_alter_table('console_uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_uploads_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_console_uploads_event_id'), ['event_id'], unique=False)

    op.create_table('interest_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('spelling', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('target', sa.String(length=120), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], name=op.f('fk_interest_overrides_created_by_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_interest_overrides_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interest_overrides')),
    sa.UniqueConstraint('event_id', 'spelling', name=op.f('uq_interest_overrides_event_id_spelling'))
    )
    with op.batch_alter_table('interest_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interest_overrides_event_id'), ['event_id'], unique=False)

    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.create_index('ix_attendees_event_name', ['event_id', 'display_name', 'id'], unique=False)
        batch_op.create_index('ix_attendees_event_company', ['event_id', 'company', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.drop_index('ix_attendees_event_company')
        batch_op.drop_index('ix_attendees_event_name')

    with op.batch_alter_table('interest_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interest_overrides_event_id'))

    op.drop_table('interest_overrides')

    with op.batch_alter_table('console_uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_uploads_event_id'))
        batch_op.drop_index(batch_op.f('ix_console_uploads_created_at'))

    op.drop_table('console_uploads')
