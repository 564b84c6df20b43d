"""translated questions: Arabic and English texts of questions, choices, explanations and
satisfaction items (nullable: the French text is shown when one is missing)

Revision ID: 025a7b153818
Revises: e13277a4028e
Create Date: 2026-12-03 16:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '025a7b153818'
down_revision = 'e13277a4028e'
branch_labels = None
depends_on = None

COLUMNS = {
    'questions': [('text_ar', sa.Text()), ('text_en', sa.Text()),
                  ('explanation_ar', sa.Text()), ('explanation_en', sa.Text())],
    'choices': [('text_ar', sa.String(length=500)), ('text_en', sa.String(length=500))],
    'satisfaction_items': [('text_ar', sa.String(length=300)),
                           ('text_en', sa.String(length=300))],
}


def upgrade():
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, type_ in columns:
                batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade():
    for table, columns in reversed(list(COLUMNS.items())):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _type in reversed(columns):
                batch_op.drop_column(name)
