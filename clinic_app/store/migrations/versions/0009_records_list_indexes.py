"""Indexes that serve each filter of the records list together with its order, for keyset
paging at any size (store/record_pages.py): site and level each with the date, open
follow-ups by date, records without a follow-up by date (the second part
of the follow-up sort), and report decisions to make or finish by date (replacing 0007's
index on the decision, which could not serve the date order).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Written out here, not imported: a migration must not change when the models do.
DECISION_PENDING = ("(report_decision = 'consult' OR "
                    "(report_prompted = 1 AND report_decision IS NULL))")


def upgrade() -> None:
    op.create_index("ix_screening_site_date", "screening", ["site_id", "screened_on"])
    op.create_index("ix_screening_level_date", "screening", ["level", "screened_on"])
    op.create_index("ix_screening_follow_up_open_by_date", "screening", ["screened_on"],
                    sqlite_where=sa.text("follow_up_done_on IS NULL AND "
                                         "follow_up_due IS NOT NULL"))
    # The follow-up sort reads records with a due date, then those without, by date; a
    # full index on the due date would draw the second part away from the date order.
    op.drop_index("ix_screening_follow_up_due", "screening")
    op.create_index("ix_screening_follow_up_due_set", "screening", ["follow_up_due"],
                    sqlite_where=sa.text("follow_up_due IS NOT NULL"))
    op.create_index("ix_screening_no_follow_up_by_date", "screening", ["screened_on"],
                    sqlite_where=sa.text("follow_up_due IS NULL"))
    op.drop_index("ix_screening_decision_pending", "screening")
    op.create_index("ix_screening_decision_pending_by_date", "screening", ["screened_on"],
                    sqlite_where=sa.text(DECISION_PENDING))


def downgrade() -> None:
    op.drop_index("ix_screening_decision_pending_by_date", "screening")
    op.create_index("ix_screening_decision_pending", "screening", ["report_decision"],
                    sqlite_where=sa.text("report_prompted = 1"))
    op.drop_index("ix_screening_no_follow_up_by_date", "screening")
    op.drop_index("ix_screening_follow_up_due_set", "screening")
    op.create_index("ix_screening_follow_up_due", "screening", ["follow_up_due"])
    op.drop_index("ix_screening_follow_up_open_by_date", "screening")
    op.drop_index("ix_screening_level_date", "screening")
    op.drop_index("ix_screening_site_date", "screening")
