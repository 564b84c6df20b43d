"""participant merges: the log of two records of one person merged

Revision ID: 69214c655159
Revises: 8002a2a3f517
Create Date: 2026-12-03 13:16:37.685500

"""
from alembic import op
import sqlalchemy as sa

import trainings.clock


# revision identifiers, used by Alembic.
revision = '69214c655159'
down_revision = '8002a2a3f517'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('participant_merges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kept_id', sa.Integer(), nullable=True),
    sa.Column('removed_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('moved', sa.Text(), nullable=False),
    sa.Column('created_at', trainings.clock.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['kept_id'], ['participants.id'], name=op.f('fk_participant_merges_kept_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_participant_merges_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant_merges'))
    )
    with op.batch_alter_table('participant_merges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_merges_kept_id'), ['kept_id'], unique=False)



def downgrade():
    with op.batch_alter_table('participant_merges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_merges_kept_id'))

    op.drop_table('participant_merges')
