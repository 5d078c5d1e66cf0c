"""Alembic environment for the registry. Run through ``engine.store.migrate`` (``avtale db upgrade``).

The caller passes an open connection in ``config.attributes["connection"]``; there is no
alembic.ini, so migrations work from any working directory and from an installed package.
"""

from __future__ import annotations

from alembic import context

from engine.store.tables import include_object, metadata

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("run migrations through engine.store.migrate (avtale db upgrade)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
