"""departments: attendee department/team/office, event networking_scope and public_org_fields,
sessions' mix_departments

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27 11:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    # Server defaults fill the rows that exist: every event stays `open`, nothing is shown.
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('department', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('team', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('office', sa.String(length=120), nullable=False, server_default=''))
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('networking_scope', sa.String(length=20), nullable=False,
                                      server_default='open'))
        batch_op.add_column(sa.Column('public_org_fields', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('networking_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mix_departments', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('networking_sessions', schema=None) as batch_op:
        batch_op.drop_column('mix_departments')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('public_org_fields')
        batch_op.drop_column('networking_scope')
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.drop_column('office')
        batch_op.drop_column('team')
        batch_op.drop_column('department')
