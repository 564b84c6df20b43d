"""participants: legal basis, day informed and notice version (law 09-08)

Existing people get the basis "unknown": consent is never invented, except for those who
ticked the consent on their own phone (consent_at is set), whose wording was not kept.

Revision ID: 5c1d8e2a9f47
Revises: e5a9c3d17b20
Create Date: 2026-12-03 16:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1d8e2a9f47'
down_revision = 'e5a9c3d17b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'legal_basis', sa.Enum('unknown', 'registration', 'consent', name='legal_basis',
                                   native_enum=False, create_constraint=True, length=20),
            server_default='unknown', nullable=False))
        batch_op.add_column(sa.Column('informed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('notice_version', sa.String(length=20), nullable=True))
    participants = sa.table('participants', sa.column('legal_basis', sa.String),
                            sa.column('consent_at', sa.DateTime))
    op.execute(participants.update().where(participants.c.consent_at.is_not(None))
               .values(legal_basis='consent'))


def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('notice_version')
        batch_op.drop_column('informed_on')
        batch_op.drop_constraint(op.f('ck_participants_legal_basis'), type_='check')
        batch_op.drop_column('legal_basis')
