"""The report decision: whether the answers asked for one, the nurse's yes / no /
consult first, the reason category of a no, a short note and the day it was made.

Records saved before this keep their report_required as it was computed then; they
were never asked, so report_prompted stays false for them.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("screening") as batch:
        batch.add_column(sa.Column("report_prompted", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("report_decision", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("report_reason", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("report_note", sa.Text(), nullable=True))
        batch.add_column(sa.Column("report_decided_on", sa.Date(), nullable=True))
    op.create_index("ix_screening_decision_pending", "screening", ["report_decision"],
                    sqlite_where=sa.text("report_prompted = 1"))


def downgrade() -> None:
    op.drop_index("ix_screening_decision_pending", "screening")
    with op.batch_alter_table("screening") as batch:
        for name in ("report_decided_on", "report_note", "report_reason", "report_decision",
                     "report_prompted"):
            batch.drop_column(name)
