"""race-free invariants: idempotency keys reserved before the work, one pending intro per pair

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 08:20:00.000000

"""
from alembic import op
import sqlalchemy as sa
import server.types  # noqa: F401  (custom column types used by autogenerate)
from server.types import utcnow


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending'")
intros = sa.table(
    'intros', sa.column('id', sa.Integer), sa.column('sender_id', sa.Integer), sa.column('recipient_id', sa.Integer),
    sa.column('pair_low', sa.Integer), sa.column('pair_high', sa.Integer), sa.column('status', sa.String),
    sa.column('responded_at', server.types.UTCDateTime(timezone=True)),
)


def upgrade():
    # A reservation row has no answer yet.
    with op.batch_alter_table('idempotent_responses', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('content_type', existing_type=sa.String(length=100), nullable=True)
        batch_op.alter_column('body', existing_type=sa.LargeBinary(), nullable=True)

    with op.batch_alter_table('intros', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pair_low', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pair_high', sa.Integer(), nullable=True))
    sender_first = intros.c.sender_id < intros.c.recipient_id
    op.execute(intros.update().values(
        pair_low=sa.case((sender_first, intros.c.sender_id), else_=intros.c.recipient_id),
        pair_high=sa.case((sender_first, intros.c.recipient_id), else_=intros.c.sender_id)))
    # Races before this revision left some pairs with several pending intros: the oldest stays.
    older = intros.alias('older')
    op.execute(intros.update().where(intros.c.status == 'pending', sa.exists().where(
        older.c.status == 'pending', older.c.pair_low == intros.c.pair_low,
        older.c.pair_high == intros.c.pair_high, older.c.id < intros.c.id)).values(
        status='cancelled', responded_at=utcnow()))
    with op.batch_alter_table('intros', schema=None) as batch_op:
        batch_op.alter_column('pair_low', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('pair_high', existing_type=sa.Integer(), nullable=False)
        batch_op.create_check_constraint(op.f('ck_intros_pair_ordered'), 'pair_low < pair_high')
    op.create_index('uq_intros_pending_pair', 'intros', ['pair_low', 'pair_high'], unique=True,
                    sqlite_where=PENDING, postgresql_where=PENDING)


def downgrade():
    op.drop_index('uq_intros_pending_pair', table_name='intros', sqlite_where=PENDING, postgresql_where=PENDING)
    with op.batch_alter_table('intros', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_intros_pair_ordered'), type_='check')
        batch_op.drop_column('pair_high')
        batch_op.drop_column('pair_low')

    # Unanswered reservations cannot be kept once an answer is required.
    op.execute(sa.text('DELETE FROM idempotent_responses WHERE status IS NULL'))
    with op.batch_alter_table('idempotent_responses', schema=None) as batch_op:
        batch_op.alter_column('body', existing_type=sa.LargeBinary(), nullable=False)
        batch_op.alter_column('content_type', existing_type=sa.String(length=100), nullable=False)
        batch_op.alter_column('status', existing_type=sa.Integer(), nullable=False)
