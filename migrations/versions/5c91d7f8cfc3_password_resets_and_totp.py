"""accounts: one-time password reset links, TOTP two-factor authentication, recovery codes

Revision ID: 5c91d7f8cfc3
Revises: 5c1d8e2a9f47
Create Date: 2026-12-03 16:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import trainings.clock


# revision identifiers, used by Alembic.
revision = '5c91d7f8cfc3'
down_revision = '5c1d8e2a9f47'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_reset_digest', sa.String(length=64),
                                      nullable=True))
        batch_op.add_column(sa.Column('password_reset_expires_at',
                                      trainings.clock.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_users_password_reset_digest'),
                                          ['password_reset_digest'])
    op.create_table(
        'recovery_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('used_at', trainings.clock.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_recovery_codes_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes')),
    )
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_codes_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_codes_user_id'))
    op.drop_table('recovery_codes')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_users_password_reset_digest'), type_='unique')
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_secret')
        batch_op.drop_column('password_reset_expires_at')
        batch_op.drop_column('password_reset_digest')
