"""field kit: uids on questions, choices and satisfaction items (a kit carries them and the
results name them), token scopes, and the tables of kits, field copies and results uploads

Revision ID: 7a3f2c1e9b04
Revises: 5be0ca94d2a1
Create Date: 2026-12-03 19:20:00.000000

"""
import uuid
from contextlib import contextmanager

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7a3f2c1e9b04'
down_revision = '5be0ca94d2a1'
branch_labels = None
depends_on = None

TABLES = ['questions', 'choices', 'satisfaction_items']
BATCH = 1000


@contextmanager
def _foreign_keys_off_on_sqlite(bind):
    """SQLite rebuilds a table to change a column; with the foreign keys on, dropping the old
    questions table would delete every answer by ON DELETE CASCADE. Off meanwhile (outside a
    transaction, as SQLite requires), and checked afterwards."""
    if bind.dialect.name != 'sqlite':
        yield
        return
    raw = bind.connection.dbapi_connection
    raw.commit()
    raw.execute('PRAGMA foreign_keys=OFF')
    try:
        yield
        raw.commit()
    except BaseException:
        raw.rollback()
        raise
    finally:
        raw.execute('PRAGMA foreign_keys=ON')
    broken = raw.execute('PRAGMA foreign_key_check').fetchall()
    if broken:
        raise RuntimeError(f'Références cassées après la migration : {broken[:10]}')


def _fill(connection, name):
    table = sa.table(name, sa.column('id', sa.Integer), sa.column('uid', sa.Uuid(as_uuid=True)))
    update = (table.update().where(table.c.id == sa.bindparam('row_id'))
              .values(uid=sa.bindparam('new_uid')))
    while True:
        ids = connection.execute(sa.select(table.c.id).where(table.c.uid.is_(None))
                                 .order_by(table.c.id).limit(BATCH)).scalars().all()
        if not ids:
            return
        connection.execute(update, [{'row_id': row_id, 'new_uid': uuid.uuid4()}
                                    for row_id in ids])


def upgrade():
    connection = op.get_bind()
    with _foreign_keys_off_on_sqlite(connection):
        for name in TABLES:
            with op.batch_alter_table(name, schema=None) as batch_op:
                batch_op.add_column(sa.Column('uid', sa.Uuid(as_uuid=True), nullable=True))
            _fill(connection, name)
            with op.batch_alter_table(name, schema=None) as batch_op:
                batch_op.alter_column('uid', existing_type=sa.Uuid(as_uuid=True),
                                      nullable=False)
                batch_op.create_unique_constraint(batch_op.f(f'uq_{name}_uid'), ['uid'])
        with op.batch_alter_table('api_tokens', schema=None) as batch_op:
            batch_op.add_column(sa.Column(
                'scope', sa.Enum('read', 'field-push', name='token_scope', native_enum=False,
                                 create_constraint=True, length=20),
                server_default='read', nullable=False))

    op.create_table(
        'field_kits',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uid', sa.Uuid(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('made_by_id', sa.Integer(), nullable=True),
        sa.Column('made_at', sa.DateTime(), nullable=False),
        sa.Column('results_key', sa.String(length=64), nullable=False),
        sa.Column('results_made_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['made_by_id'], ['users.id'],
                                name=op.f('fk_field_kits_made_by_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['session_id'], ['sessions.id'],
                                name=op.f('fk_field_kits_session_id_sessions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_field_kits')),
        sa.UniqueConstraint('uid', name=op.f('uq_field_kits_uid')),
    )
    with op.batch_alter_table('field_kits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_kits_session_id'), ['session_id'],
                              unique=False)
    op.create_table(
        'field_copies',
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('kit_uid', sa.Uuid(), nullable=False),
        sa.Column('kit_made_at', sa.DateTime(), nullable=False),
        sa.Column('server_name', sa.String(length=200), nullable=False),
        sa.Column('server_key', sa.String(length=100), nullable=False),
        sa.Column('central_session_id', sa.Integer(), nullable=False),
        sa.Column('results_key', sa.String(length=64), nullable=False),
        sa.Column('kit_records', sa.Text(), nullable=False),
        sa.Column('imported_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['sessions.id'],
                                name=op.f('fk_field_copies_session_id_sessions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('session_id', name=op.f('pk_field_copies')),
    )
    op.create_table(
        'field_uploads',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('applied_at', sa.DateTime(), nullable=True),
        sa.Column('outcome', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_field_uploads_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_field_uploads')),
        sa.UniqueConstraint('user_id', 'digest', name=op.f('uq_field_uploads_user_id_digest')),
    )
    with op.batch_alter_table('field_uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_uploads_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('field_uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_field_uploads_user_id'))
    op.drop_table('field_uploads')
    op.drop_table('field_copies')
    with op.batch_alter_table('field_kits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_field_kits_session_id'))
    op.drop_table('field_kits')
    with _foreign_keys_off_on_sqlite(op.get_bind()):
        with op.batch_alter_table('api_tokens', schema=None) as batch_op:
            batch_op.drop_constraint(op.f('ck_api_tokens_token_scope'), type_='check')
            batch_op.drop_column('scope')
        for name in reversed(TABLES):
            with op.batch_alter_table(name, schema=None) as batch_op:
                batch_op.drop_constraint(batch_op.f(f'uq_{name}_uid'), type_='unique')
                batch_op.drop_column('uid')
