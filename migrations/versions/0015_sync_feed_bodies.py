"""sync feed rows carry the item serialized (body text) instead of JSON data

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-27 14:25:00

Every app resyncs once: the feed is emptied (states too, so old tokens name a dead epoch: 410).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM sync_items")
    op.execute("DELETE FROM sync_dirty")
    op.execute("DELETE FROM sync_states")
    with op.batch_alter_table('sync_items', schema=None) as batch_op:
        batch_op.drop_column('data')
        batch_op.add_column(sa.Column('body', sa.Text(), nullable=True))


def downgrade():
    op.execute("DELETE FROM sync_items")
    op.execute("DELETE FROM sync_dirty")
    op.execute("DELETE FROM sync_states")
    with op.batch_alter_table('sync_items', schema=None) as batch_op:
        batch_op.drop_column('body')
        batch_op.add_column(sa.Column('data', sa.JSON(none_as_null=True), nullable=True))
