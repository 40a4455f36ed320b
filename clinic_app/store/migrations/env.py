"""Alembic environment: runs on the keyed connection the store hands in (never a URL)."""

from alembic import context

from clinic_app.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
