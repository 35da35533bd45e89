"""qr handle at creation: every attendee has one, so showing a badge (GET) never writes

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-27 14:20:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

attendees = sa.table('attendees', sa.column('id', sa.Integer), sa.column('qr_handle', sa.String(32)))


def upgrade():
    connection = op.get_bind()
    missing = connection.execute(sa.select(attendees.c.id).where(attendees.c.qr_handle.is_(None))).scalars().all()
    for start in range(0, len(missing), 5000):
        connection.execute(
            attendees.update().where(attendees.c.id == sa.bindparam('attendee_id')),
            [{'attendee_id': i, 'qr_handle': secrets.token_urlsafe(16)} for i in missing[start:start + 5000]])
    with op.batch_alter_table('attendees') as batch_op:
        batch_op.alter_column('qr_handle', existing_type=sa.String(length=32), nullable=False)


def downgrade():
    with op.batch_alter_table('attendees') as batch_op:
        batch_op.alter_column('qr_handle', existing_type=sa.String(length=32), nullable=True)
