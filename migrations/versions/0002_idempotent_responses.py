"""idempotent responses

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 14:10:25.095007

"""
from alembic import op
import sqlalchemy as sa
import server.types  # noqa: F401  (custom column types used by autogenerate)


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('idempotent_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_idempotent_responses_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotent_responses')),
    sa.UniqueConstraint('account_id', 'key', name=op.f('uq_idempotent_responses_account_id_key'))
    )
    with op.batch_alter_table('idempotent_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotent_responses_created_at'), ['created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('idempotent_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotent_responses_created_at'))

    op.drop_table('idempotent_responses')
