"""Alembic migrations, applied whenever a store is opened."""
