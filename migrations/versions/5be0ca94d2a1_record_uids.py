"""record uids: a globally unique id on every record a workshop creates or a field kit carries
(sessions, half-days, participants, registrations, check-ins, out-of-window logs, attempts,
attempt resets, satisfaction responses); existing rows get a fresh one

Revision ID: 5be0ca94d2a1
Revises: 025a7b153818
Create Date: 2026-12-03 17:30:00.000000

"""
import uuid
from contextlib import contextmanager

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5be0ca94d2a1'
down_revision = '025a7b153818'
branch_labels = None
depends_on = None

TABLES = ['sessions', 'half_days', 'participants', 'registrations', 'check_ins',
          'out_of_window_logs', 'attempts', 'attempt_resets', 'satisfaction_responses']
BATCH = 1000


@contextmanager
def _foreign_keys_off_on_sqlite(bind):
    """SQLite changes a column by rebuilding its table; dropping the old one would delete, by
    ON DELETE CASCADE, every row that refers to it (check-ins, attempts, answers...). So the
    foreign keys are off meanwhile, which SQLite allows only outside a transaction."""
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
    """Give every existing row of the table its own uid, a thousand rows at a time."""
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


def downgrade():
    with _foreign_keys_off_on_sqlite(op.get_bind()):
        for name in reversed(TABLES):
            with op.batch_alter_table(name, schema=None) as batch_op:
                batch_op.drop_constraint(batch_op.f(f'uq_{name}_uid'), type_='unique')
                batch_op.drop_column('uid')
