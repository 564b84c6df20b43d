"""check-ins: no separate index on half_day_id, the unique constraint's index serves

Revision ID: 8002a2a3f517
Revises: 214c1874fae5
Create Date: 2026-11-27 13:24:45.563069

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '8002a2a3f517'
down_revision = '214c1874fae5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_ins_half_day_id'))


def downgrade():
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_check_ins_half_day_id'), ['half_day_id'], unique=False)
