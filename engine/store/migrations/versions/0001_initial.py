"""Initial registry: users, agreements, clause versions, wizard drafts, audit log, guard triggers.

The triggers are the database's own line of defence, independent of the Python store:
a final/signed/terminated agreement (and the clause versions it lists) cannot be updated or
deleted, statuses move forward only, published clause versions never change, and the audit log
is append-only. PostgreSQL also refuses TRUNCATE of the protected tables.

Revision ID: 0001
Revises:
Create Date: 2025-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)

AGREEMENT_CONTENT = (
    "id",
    "type_id",
    "type_version",
    "title",
    "language",
    "parties",
    "party_search",
    "answers",
    "agreement_json",
    "content_hash",
    "pdf",
    "created_at",
    "created_by",
)
CLAUSE_CONTENT = (
    "id",
    "clause_id",
    "version",
    "source",
    "author",
    "editors",
    "updated_by",
    "reviewer",
    "change_note",
    "created_at",
    "published_at",
)
# Allowed status moves, as (old, new). Same status is always allowed (a no-op).
AGREEMENT_MOVES = (("draft", "final"), ("final", "signed"), ("final", "terminated"), ("signed", "terminated"))
CLAUSE_MOVES = (("draft", "review"), ("review", "draft"), ("review", "published"), ("published", "retired"))

IMMUTABLE = "avtaleverk.immutable"


def _moves_sql(moves: tuple[tuple[str, str], ...]) -> str:
    pairs = " OR ".join(f"(OLD.status = '{a}' AND NEW.status = '{b}')" for a, b in moves)
    return f"(OLD.status = NEW.status OR {pairs})"


def _create_tables() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint("role IN ('advisor', 'admin')", name="ck_users_role"),
    )
    op.create_table(
        "agreements",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("type_id", sa.String(100), nullable=False),
        sa.Column("type_version", sa.String(32), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("parties", sa.Text(), nullable=False),
        sa.Column("party_search", sa.Text(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("agreement_json", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'final', 'signed', 'terminated')", name="ck_agreements_status"),
    )
    # party_search in the index lets SQLite filter a newest-first page without reading the rows.
    op.create_index("ix_agreements_created", "agreements", ["created_at", "id", "party_search"])
    op.create_index("ix_agreements_type_id", "agreements", ["type_id"])
    op.create_table(
        "agreement_clauses",
        sa.Column("agreement_id", sa.String(100), sa.ForeignKey("agreements.id"), primary_key=True),
        sa.Column("clause_id", sa.String(100), primary_key=True),
        sa.Column("version", sa.String(32), nullable=False),
    )
    op.create_index("ix_agreement_clauses_clause", "agreement_clauses", ["clause_id", "version"])
    op.create_table(
        "wizard_drafts",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("type_id", sa.String(100), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("step", sa.String(100), nullable=True),
        sa.Column("created_by", sa.String(64), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("touched_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
    )
    op.create_index("ix_wizard_drafts_expires_at", "wizard_drafts", ["expires_at"])
    op.create_table(
        "clause_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("clause_id", sa.String(100), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("editors", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("reviewer", sa.String(64), nullable=True),
        sa.Column("change_note", sa.Text(), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("published_at", TS, nullable=True),
        sa.UniqueConstraint("clause_id", "version", name="uq_clause_versions_clause_version"),
        sa.CheckConstraint("status IN ('draft', 'review', 'published', 'retired')", name="ck_clause_versions_status"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject_type", sa.String(16), nullable=False),
        sa.Column("subject_id", sa.String(200), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_log_subject", "audit_log", ["subject_type", "subject_id"])


# --------------------------------------------------------------------------- SQLite


def _sqlite_changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)


def _sqlite_trigger(name: str, event: str, table: str, when: str | None, message: str) -> str:
    cond = f"\nWHEN {when}" if when else ""
    return (
        f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW{cond}\n"
        f"BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}: {message}'); END"
    )


SQLITE_TRIGGERS = (
    _sqlite_trigger(
        "agreements_guard_content",
        "UPDATE",
        "agreements",
        f"OLD.status <> 'draft' AND ({_sqlite_changed(AGREEMENT_CONTENT)})",
        "a final or signed agreement never changes",
    ),
    _sqlite_trigger(
        "agreements_guard_status",
        "UPDATE OF status",
        "agreements",
        f"NOT {_moves_sql(AGREEMENT_MOVES)}",
        "agreement status moves forward only",
    ),
    _sqlite_trigger(
        "agreements_guard_delete",
        "DELETE",
        "agreements",
        "OLD.status <> 'draft'",
        "a final or signed agreement cannot be deleted",
    ),
    _sqlite_trigger(
        "agreement_clauses_guard_insert",
        "INSERT",
        "agreement_clauses",
        "EXISTS (SELECT 1 FROM agreements a WHERE a.id = NEW.agreement_id AND a.status <> 'draft')",
        "the clauses of a final agreement never change",
    ),
    _sqlite_trigger(
        "agreement_clauses_guard_update",
        "UPDATE",
        "agreement_clauses",
        None,
        "clause references are replaced, never edited",
    ),
    _sqlite_trigger(
        "agreement_clauses_guard_delete",
        "DELETE",
        "agreement_clauses",
        "EXISTS (SELECT 1 FROM agreements a WHERE a.id = OLD.agreement_id AND a.status <> 'draft')",
        "the clauses of a final agreement never change",
    ),
    _sqlite_trigger(
        "clause_versions_guard_content",
        "UPDATE",
        "clause_versions",
        f"OLD.status IN ('published', 'retired') AND ({_sqlite_changed(CLAUSE_CONTENT)})",
        "a published clause version never changes",
    ),
    _sqlite_trigger(
        "clause_versions_guard_status",
        "UPDATE OF status",
        "clause_versions",
        f"NOT {_moves_sql(CLAUSE_MOVES)}",
        "clause status cannot move back",
    ),
    _sqlite_trigger(
        "clause_versions_guard_delete",
        "DELETE",
        "clause_versions",
        "OLD.status IN ('published', 'retired')",
        "a published clause version cannot be deleted",
    ),
    _sqlite_trigger("audit_log_guard_update", "UPDATE", "audit_log", None, "the audit log is append-only"),
    _sqlite_trigger("audit_log_guard_delete", "DELETE", "audit_log", None, "the audit log is append-only"),
)


# --------------------------------------------------------------------------- PostgreSQL


def _pg_row(prefix: str, columns: tuple[str, ...]) -> str:
    return "ROW(" + ", ".join(f"{prefix}.{c}" for c in columns) + ")"


def _pg_raise(message: str, *args: str) -> str:
    params = "".join(f", {a}" for a in args)
    return f"RAISE EXCEPTION '{IMMUTABLE}: {message}'{params} USING ERRCODE = 'restrict_violation'"


PG_FUNCTIONS = (
    f"""
CREATE FUNCTION avtaleverk_guard_agreements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            {_pg_raise("a final or signed agreement cannot be deleted")};
        END IF;
        RETURN OLD;
    END IF;
    IF NOT {_moves_sql(AGREEMENT_MOVES)} THEN
        {_pg_raise("agreement status moves forward only")};
    END IF;
    IF OLD.status <> 'draft'
       AND {_pg_row("NEW", AGREEMENT_CONTENT)} IS DISTINCT FROM {_pg_row("OLD", AGREEMENT_CONTENT)} THEN
        {_pg_raise("a final or signed agreement never changes")};
    END IF;
    RETURN NEW;
END $$""",
    f"""
CREATE FUNCTION avtaleverk_guard_agreement_clauses() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parent text;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        {_pg_raise("clause references are replaced, never edited")};
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT status INTO parent FROM agreements WHERE id = NEW.agreement_id;
    ELSE
        SELECT status INTO parent FROM agreements WHERE id = OLD.agreement_id;
    END IF;
    IF parent IS NOT NULL AND parent <> 'draft' THEN
        {_pg_raise("the clauses of a final agreement never change")};
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$""",
    f"""
CREATE FUNCTION avtaleverk_guard_clause_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status IN ('published', 'retired') THEN
            {_pg_raise("a published clause version cannot be deleted")};
        END IF;
        RETURN OLD;
    END IF;
    IF NOT {_moves_sql(CLAUSE_MOVES)} THEN
        {_pg_raise("clause status cannot move back")};
    END IF;
    IF OLD.status IN ('published', 'retired')
       AND {_pg_row("NEW", CLAUSE_CONTENT)} IS DISTINCT FROM {_pg_row("OLD", CLAUSE_CONTENT)} THEN
        {_pg_raise("a published clause version never changes")};
    END IF;
    RETURN NEW;
END $$""",
    f"""
CREATE FUNCTION avtaleverk_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_pg_raise("% on % refused: the audit log is append-only", "TG_OP", "TG_TABLE_NAME")};
END $$""",
    f"""
CREATE FUNCTION avtaleverk_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_pg_raise("TRUNCATE % refused: it holds records that never change", "TG_TABLE_NAME")};
END $$""",
)

PG_TRIGGERS = (
    "CREATE TRIGGER agreements_guard BEFORE UPDATE OR DELETE ON agreements "
    "FOR EACH ROW EXECUTE FUNCTION avtaleverk_guard_agreements()",
    "CREATE TRIGGER agreement_clauses_guard BEFORE INSERT OR UPDATE OR DELETE ON agreement_clauses "
    "FOR EACH ROW EXECUTE FUNCTION avtaleverk_guard_agreement_clauses()",
    "CREATE TRIGGER clause_versions_guard BEFORE UPDATE OR DELETE ON clause_versions "
    "FOR EACH ROW EXECUTE FUNCTION avtaleverk_guard_clause_versions()",
    "CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION avtaleverk_refuse_change()",
    *(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION avtaleverk_refuse_truncate()"
        for table in ("agreements", "agreement_clauses", "clause_versions", "audit_log")
    ),
)


def upgrade() -> None:
    _create_tables()
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        statements: tuple[str, ...] = SQLITE_TRIGGERS
    elif dialect == "postgresql":
        statements = PG_FUNCTIONS + PG_TRIGGERS
    else:  # pragma: no cover - config.normalise_url refuses other databases
        raise NotImplementedError(f"no guard triggers for {dialect}")
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    for table in ("audit_log", "clause_versions", "wizard_drafts", "agreement_clauses", "agreements", "users"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        for fn in (
            "avtaleverk_guard_agreements",
            "avtaleverk_guard_agreement_clauses",
            "avtaleverk_guard_clause_versions",
            "avtaleverk_refuse_change",
            "avtaleverk_refuse_truncate",
        ):
            op.execute(f"DROP FUNCTION IF EXISTS {fn}()")
