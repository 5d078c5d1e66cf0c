"""PostgreSQL: a trigram index for the party filter (a rare name no longer scans the registry).

The party filter is a case-folded substring match (``party_search LIKE '%…%'``). Without an index
for it, a name that matches few agreements walks the whole newest-first index: ~200 ms at
100,000 agreements, growing linearly. A GIN index with ``pg_trgm`` answers it from the index,
and the planner still takes the newest-first index for a common name.

``pg_trgm`` ships with PostgreSQL (contrib) and is a trusted extension, so a database owner may
create it. Where it cannot be created (a managed server without it), the migration goes on
without the index: the filter works, only slower. SQLite keeps ``party_search`` inside its
newest-first index instead (0001).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEX = "ix_agreements_party_trgm"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            bind.execute(sa.text(f"CREATE INDEX {INDEX} ON agreements USING gin (party_search gin_trgm_ops)"))
    except sa.exc.DBAPIError:
        pass  # no pg_trgm here: the party filter stays a scan (see the docstring)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {INDEX}")
