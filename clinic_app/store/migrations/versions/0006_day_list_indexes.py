"""Partial indexes for the nurse's day lists: reports that are required, and follow-ups
not yet done. Without them those counts scan every record (seconds on a million).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_screening_report_due", "screening",
                    ["screened_on", "report_oral_on", "report_written_on"],
                    sqlite_where=sa.text("report_required = 1"))
    op.create_index("ix_screening_follow_up_open", "screening", ["follow_up_due"],
                    sqlite_where=sa.text("follow_up_done_on IS NULL"))


def downgrade() -> None:
    op.drop_index("ix_screening_follow_up_open", "screening")
    op.drop_index("ix_screening_report_due", "screening")
