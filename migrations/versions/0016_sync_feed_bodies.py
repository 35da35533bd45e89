"""sync feed rows carry the item serialized (body text) instead of JSON data; sessions count the
rounds whose "round starting" notifications went out

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-27 14:25:00

Every app resyncs once: the feed is emptied (states too, so old tokens name a dead epoch: 410).
Sessions start with no round announced: the push sender's first pass announces only a round under
way then (rounds already over are skipped, never announced late).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def _empty_feeds():
    op.execute("DELETE FROM sync_items")
    op.execute("DELETE FROM sync_dirty")
    op.execute("DELETE FROM sync_states")


def upgrade():
    _empty_feeds()
    with op.batch_alter_table('sync_items', schema=None) as batch_op:
        batch_op.drop_column('data')
        batch_op.add_column(sa.Column('body', sa.Text(), nullable=True))
    with op.batch_alter_table('networking_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('announced_rounds', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    _empty_feeds()
    with op.batch_alter_table('networking_sessions', schema=None) as batch_op:
        batch_op.drop_column('announced_rounds')
    with op.batch_alter_table('sync_items', schema=None) as batch_op:
        batch_op.drop_column('body')
        batch_op.add_column(sa.Column('data', sa.JSON(none_as_null=True), nullable=True))
