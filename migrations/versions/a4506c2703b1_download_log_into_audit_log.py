"""one log: the downloads logged so far move into the audit log; download_logs is dropped

Revision ID: a4506c2703b1
Revises: b377759f0da2
Create Date: 2026-12-03 16:00:00.000000

"""
import json

from alembic import op
import sqlalchemy as sa

import trainings.clock


# revision identifiers, used by Alembic.
revision = 'a4506c2703b1'
down_revision = 'b377759f0da2'
branch_labels = None
depends_on = None

BATCH = 1000

download_logs = sa.table(
    'download_logs',
    sa.column('id', sa.Integer), sa.column('user_id', sa.Integer),
    sa.column('kind', sa.String), sa.column('session_id', sa.Integer),
    sa.column('details', sa.Text), sa.column('filename', sa.String),
    sa.column('created_at', trainings.clock.UTCDateTime()),
)
audit_log = sa.table(
    'audit_log',
    sa.column('id', sa.Integer), sa.column('created_at', trainings.clock.UTCDateTime()),
    sa.column('event', sa.String), sa.column('actor_id', sa.Integer),
    sa.column('account_id', sa.Integer), sa.column('person_id', sa.Integer),
    sa.column('session_id', sa.Integer), sa.column('details', sa.Text),
    sa.column('address', sa.String),
)


def _details(text):
    try:
        details = json.loads(text or '{}')
    except ValueError:
        details = {'details': text}
    return details if isinstance(details, dict) else {'details': details}


def audit_row(row) -> dict:
    """One download_logs row as an audit entry. A single certificate's file name held the
    person's name: the log keeps their id instead (ids only in the audit log)."""
    details = _details(row.details)
    person_id = None
    filename = row.filename or ''
    if row.kind == 'certificate-pdf':
        person_id = details.get('participant_id')
        filename = f'attestation_{person_id}.pdf'
    details.update(kind=row.kind, filename=filename)
    return {'created_at': row.created_at, 'event': 'download', 'actor_id': row.user_id,
            'account_id': None, 'person_id': person_id, 'session_id': row.session_id,
            'details': json.dumps(details, ensure_ascii=False, sort_keys=True, default=str),
            'address': ''}


def upgrade():
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(download_logs).where(download_logs.c.id > last_id)
            .order_by(download_logs.c.id).limit(BATCH)).all()
        if not rows:
            break
        connection.execute(audit_log.insert(), [audit_row(row) for row in rows])
        last_id = rows[-1].id

    with op.batch_alter_table('download_logs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_download_logs_user_id'))
        batch_op.drop_index(batch_op.f('ix_download_logs_session_id'))
        batch_op.drop_index(batch_op.f('ix_download_logs_created_at'))
    op.drop_table('download_logs')


def downgrade():
    # The audit log keeps its entries (it is append-only); download_logs gets a copy of them.
    op.create_table(
        'download_logs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=True),
        sa.Column('details', sa.Text(), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('created_at', trainings.clock.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['sessions.id'],
                                name=op.f('fk_download_logs_session_id_sessions'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_download_logs_user_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_download_logs')),
    )
    with op.batch_alter_table('download_logs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_download_logs_created_at'), ['created_at'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_download_logs_session_id'), ['session_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_download_logs_user_id'), ['user_id'], unique=False)
    connection = op.get_bind()
    users = set(connection.scalars(sa.text('SELECT id FROM users')))
    sessions = set(connection.scalars(sa.text('SELECT id FROM sessions')))
    rows = connection.execute(sa.select(audit_log).where(audit_log.c.event == 'download')
                              .order_by(audit_log.c.id)).all()
    copies = []
    for row in rows:
        details = _details(row.details)
        kind = str(details.pop('kind', ''))[:40]
        filename = str(details.pop('filename', ''))[:200]
        copies.append({'user_id': row.actor_id if row.actor_id in users else None,
                       'kind': kind, 'filename': filename,
                       'session_id': row.session_id if row.session_id in sessions else None,
                       'details': json.dumps(details, ensure_ascii=False, sort_keys=True),
                       'created_at': row.created_at})
    if copies:
        connection.execute(download_logs.insert(), copies)
