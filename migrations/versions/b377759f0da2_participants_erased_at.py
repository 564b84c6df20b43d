"""participants.erased_at: when a person was anonymised (law 09-08, right to erasure)

The record stays, without name, contacts, function or signatures, so that every count and gain
figure stays as it was; erased_at says it is no longer a person anyone can recognise.

Revision ID: b377759f0da2
Revises: 5c91d7f8cfc3
Create Date: 2026-12-03 16:00:00.000000

"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import trainings.clock


# revision identifiers, used by Alembic.
revision = 'b377759f0da2'
down_revision = '5c91d7f8cfc3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', trainings.clock.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
