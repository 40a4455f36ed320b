"""Clinical records: installed instrument versions, screenings with revisions and
drafts, and the lesson delivery log.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "instrument_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("content_hash", sa.String(length=80), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("bundled", sa.Boolean(), nullable=False),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("instrument_id", "version"),
    )
    op.create_table(
        "screening_draft",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("payload_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("username"),
    )
    op.create_table(
        "lesson_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.String(length=64), nullable=False),
        sa.Column("lesson_version", sa.String(length=32), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("grade_band", sa.String(length=8), nullable=False),
        sa.Column("students", sa.Integer(), nullable=False),
        sa.Column("languages", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("lesson_delivery", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lesson_delivery_created_by"), ["created_by"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_lesson_delivery_lesson_id"), ["lesson_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_lesson_delivery_month"), ["month"])

    op.create_table(
        "screening",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_code", sa.String(length=16), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("age", sa.Integer(), nullable=False),
        sa.Column("gender", sa.String(length=64), nullable=True),
        sa.Column("interview_language", sa.String(length=8), nullable=False),
        sa.Column("interpreter_used", sa.Boolean(), nullable=False),
        sa.Column("seen_alone", sa.Boolean(), nullable=False),
        sa.Column("confidentiality_explained", sa.Boolean(), nullable=False),
        sa.Column("instrument_id", sa.String(length=64), nullable=False),
        sa.Column("instrument_version", sa.String(length=32), nullable=False),
        sa.Column("screened_on", sa.Date(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("red_flag", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("referral_given", sa.Boolean(), nullable=False),
        sa.Column("report_required", sa.Boolean(), nullable=False),
        sa.Column("report_oral_on", sa.Date(), nullable=True),
        sa.Column("report_written_on", sa.Date(), nullable=True),
        sa.Column("report_agency", sa.String(length=200), nullable=True),
        sa.Column("follow_up_due", sa.Date(), nullable=True),
        sa.Column("follow_up_done_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("record_code"),
    )
    with op.batch_alter_table("screening", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_follow_up_due"), ["follow_up_due"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_screening_level"), ["level"])
        batch_op.create_index(batch_op.f("ix_screening_month"), ["month"])
        batch_op.create_index(batch_op.f("ix_screening_screened_on"), ["screened_on"])
        batch_op.create_index(batch_op.f("ix_screening_site_id"), ["site_id"])

    op.create_table(
        "screening_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("screening_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("answers_json", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("drivers_json", sa.Text(), nullable=False),
        sa.Column("steps_json", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["screening_id"],
            ["screening.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("screening_id", "revision"),
    )
    with op.batch_alter_table("screening_revision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_revision_screening_id"), ["screening_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("screening_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_revision_screening_id"))

    op.drop_table("screening_revision")
    with op.batch_alter_table("screening", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_site_id"))
        batch_op.drop_index(batch_op.f("ix_screening_screened_on"))
        batch_op.drop_index(batch_op.f("ix_screening_month"))
        batch_op.drop_index(batch_op.f("ix_screening_level"))
        batch_op.drop_index(batch_op.f("ix_screening_follow_up_due"))

    op.drop_table("screening")
    with op.batch_alter_table("lesson_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lesson_delivery_month"))
        batch_op.drop_index(batch_op.f("ix_lesson_delivery_lesson_id"))
        batch_op.drop_index(batch_op.f("ix_lesson_delivery_created_by"))

    op.drop_table("lesson_delivery")
    op.drop_table("screening_draft")
    op.drop_table("instrument_version")
