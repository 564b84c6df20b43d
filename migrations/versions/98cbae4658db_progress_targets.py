"""progress targets: one value per indicator, group (women, men, total) and programme year

Revision ID: 98cbae4658db
Revises: 7a3f2c1e9b04
Create Date: 2026-12-03 19:09:51.048423

"""
from alembic import op
import sqlalchemy as sa

import trainings.clock


# revision identifiers, used by Alembic.
revision = '98cbae4658db'
down_revision = '7a3f2c1e9b04'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('progress_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('group', sa.String(length=10), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', trainings.clock.UTCDateTime(), nullable=False),
    sa.CheckConstraint('value >= 0', name=op.f('ck_progress_targets_value')),
    sa.CheckConstraint('year BETWEEN 2000 AND 2100', name=op.f('ck_progress_targets_year')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_progress_targets_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_targets')),
    sa.UniqueConstraint('indicator', 'group', 'year', name='uq_progress_targets')
    )


def downgrade():
    op.drop_table('progress_targets')
