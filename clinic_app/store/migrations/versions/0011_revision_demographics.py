"""Each revision keeps the site, grade and age it was recorded with, so an amendment can
correct them (age decides the report duty) while earlier revisions stay as they were.
Existing revisions take the values their record holds today.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("screening_revision") as batch:
        batch.add_column(sa.Column("site_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("grade", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("age", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE screening_revision SET "
        "site_id = (SELECT site_id FROM screening WHERE screening.id = screening_id), "
        "grade = (SELECT grade FROM screening WHERE screening.id = screening_id), "
        "age = (SELECT age FROM screening WHERE screening.id = screening_id)")


def downgrade() -> None:
    with op.batch_alter_table("screening_revision") as batch:
        for name in ("age", "grade", "site_id"):
            batch.drop_column(name)
