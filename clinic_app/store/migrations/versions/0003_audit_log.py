"""Append-only, hash-chained audit log; triggers refuse updates and deletes.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from clinic_app.store.audit import CREATE_TRIGGERS, CREATE_TRIGGERS_POSTGRESQL

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("object_type", sa.String(32), nullable=False),
        sa.Column("object_id", sa.String(64), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_entry_action", "audit_entry", ["action"])
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in CREATE_TRIGGERS_POSTGRESQL if postgresql else CREATE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_no_update ON audit_entry")
        op.execute("DROP TRIGGER IF EXISTS audit_no_delete ON audit_entry")
        op.execute("DROP FUNCTION IF EXISTS audit_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    op.drop_table("audit_entry")
