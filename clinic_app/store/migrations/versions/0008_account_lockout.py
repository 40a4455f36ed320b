"""An account locked by failed sign-ins is also marked inside the encrypted store.

The key file's throttle counts failures before anyone can open the store, but anyone
who can edit that file can also delete an entry. Once a sign-in has moved a lockout
into the store, only a lead's unlock or a password reset clears it.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("account") as batch:
        batch.add_column(sa.Column("locked_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("account") as batch:
        batch.drop_column("locked_at")
