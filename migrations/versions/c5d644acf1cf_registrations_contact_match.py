"""registrations: the name a newcomer typed when their phone or e-mail matched a known person

Revision ID: c5d644acf1cf
Revises: a4506c2703b1
Create Date: 2026-12-03 16:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5d644acf1cf'
down_revision = 'a4506c2703b1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_match_name', sa.String(length=201), nullable=True))


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('contact_match_name')
