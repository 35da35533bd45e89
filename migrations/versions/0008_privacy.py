"""privacy: erased accounts, event retention, the audit log

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 08:30:00.000000

"""
from alembic import op
import sqlalchemy as sa
import server.types  # noqa: F401  (custom column types used by autogenerate)


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', server.types.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('attendee_data_purged_at', server.types.UTCDateTime(timezone=True),
                                      nullable=True))
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('actor_account_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_account_id'], ['accounts.id'], name=op.f('fk_audit_log_actor_account_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_audit_log_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_event_id'))
    op.drop_table('audit_log')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('attendee_data_purged_at')
        batch_op.drop_column('retention_days')
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
