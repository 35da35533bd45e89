"""attendee imports

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 14:19:29.012886

"""
from alembic import op
import sqlalchemy as sa
import server.types  # noqa: F401  (custom column types used by autogenerate)


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attendee_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('dry_run', sa.Boolean(), nullable=False),
    sa.Column('send_invites', sa.Boolean(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('format', sa.String(length=8), nullable=False),
    sa.Column('sheet', sa.String(length=120), nullable=True),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=False),
    sa.Column('rows_done', sa.Integer(), nullable=False),
    sa.Column('created', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('failed_rows', sa.Integer(), nullable=False),
    sa.Column('outcomes', sa.Text(), nullable=False),
    sa.Column('header_row', sa.Integer(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('errors_total', sa.Integer(), nullable=False),
    sa.Column('failure', sa.Text(), nullable=True),
    sa.Column('created_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', server.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', server.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', server.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], name=op.f('fk_attendee_imports_created_by_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_attendee_imports_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendee_imports'))
    )
    with op.batch_alter_table('attendee_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendee_imports_event_id'), ['event_id'], unique=False)

    op.create_table('attendee_import_files',
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['attendee_imports.id'], name=op.f('fk_attendee_import_files_import_id_attendee_imports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('import_id', name=op.f('pk_attendee_import_files'))
    )
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_id', sa.String(length=120), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_attendees_event_id_external_id'), ['event_id', 'external_id'])



def downgrade():
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_attendees_event_id_external_id'), type_='unique')
        batch_op.drop_column('external_id')

    op.drop_table('attendee_import_files')
    with op.batch_alter_table('attendee_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendee_imports_event_id'))

    op.drop_table('attendee_imports')
