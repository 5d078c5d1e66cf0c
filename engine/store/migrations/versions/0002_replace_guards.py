"""SQLite: REPLACE cannot rewrite history (refuse conflicting inserts and re-keying updates).

On SQLite, ``REPLACE INTO``, ``INSERT OR REPLACE`` and ``UPDATE OR REPLACE`` resolve a unique
conflict by deleting the row in the way, and that implicit delete fires no DELETE trigger (unless
the connection set ``PRAGMA recursive_triggers``, which a plain ``sqlite3`` session does not). So
0001's delete guards could be passed by one statement. The triggers below refuse, before anything
is deleted, an INSERT whose keys (rowid, primary key, unique columns) meet a protected row, and an
UPDATE that would move a row onto the keys of another protected row:

- agreements that are not drafts (keys: rowid, id, content_hash);
- clause references of agreements that are not drafts (keys: rowid, agreement_id + clause_id);
- published and retired clause versions (keys: id = rowid, clause_id + version);
- every audit row (key: id = rowid; 0001 already refuses every UPDATE).

In short, REPLACE can do nothing that a plain DELETE followed by an INSERT could not. The UPDATE
checks are plain ``BEFORE UPDATE`` triggers: ``UPDATE OF rowid`` would miss ``SET _rowid_`` and
``SET oid``. Two of 0001's triggers are replaced by versions that also do the new check, so no
statement runs more triggers than before on UPDATE or on clause references.

PostgreSQL has no REPLACE; ``INSERT … ON CONFLICT DO UPDATE`` and ``MERGE`` fire the row triggers of
0001, so nothing changes there.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-02
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

IMMUTABLE = "avtaleverk.immutable"

# 0001's content guard: these columns of a non-draft agreement never change.
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


def _trigger(name: str, event: str, table: str, when: str, message: str) -> str:
    return (
        f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW\nWHEN {when}\n"
        f"BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}: {message}'); END"
    )


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)


def _agreement_in_the_way(other: str = "") -> str:
    """A non-draft agreement holding one of NEW's keys. NEW.rowid is -1 in a BEFORE INSERT that does
    not set it, so it meets no row. One EXISTS per key: SQLite probes one index each."""
    keys = (("a.rowid", "NEW.rowid"), ("a.id", "NEW.id"), ("a.content_hash", "NEW.content_hash"))
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM agreements a WHERE {col} = {new} AND a.status <> 'draft'{other})" for col, new in keys
    )


def _clause_in_the_way(other: str = "") -> str:
    protected = "c.status IN ('published', 'retired')"
    return (
        f"EXISTS (SELECT 1 FROM clause_versions c WHERE c.id = NEW.id AND {protected}{other}) OR "
        f"EXISTS (SELECT 1 FROM clause_versions c WHERE c.clause_id = NEW.clause_id AND c.version = NEW.version "
        f"AND {protected}{other})"
    )


_PARENT_FINAL = "EXISTS (SELECT 1 FROM agreements a WHERE a.id = NEW.agreement_id AND a.status <> 'draft')"
_REF_AT_ROWID = (
    "EXISTS (SELECT 1 FROM agreement_clauses r JOIN agreements a ON a.id = r.agreement_id "
    "WHERE r.rowid = NEW.rowid AND a.status <> 'draft')"
)
_AGREEMENT_FINAL = "a final or signed agreement never changes"
_CLAUSES_FINAL = "the clauses of a final agreement never change"
_CLAUSE_PUBLISHED = "a published clause version cannot be replaced"

#: 0001 triggers that 0002 replaces with a version doing both checks (restored on downgrade).
REPLACED = {
    "agreements_guard_content": _trigger(
        "agreements_guard_content",
        "UPDATE",
        "agreements",
        f"OLD.status <> 'draft' AND ({_changed(AGREEMENT_CONTENT)})",
        _AGREEMENT_FINAL,
    ),
    "agreement_clauses_guard_insert": _trigger(
        "agreement_clauses_guard_insert", "INSERT", "agreement_clauses", _PARENT_FINAL, _CLAUSES_FINAL
    ),
}

TRIGGERS = {
    "agreements_guard_replace": _trigger(
        "agreements_guard_replace",
        "INSERT",
        "agreements",
        _agreement_in_the_way(),
        "a final or signed agreement cannot be replaced",
    ),
    "agreements_guard_update": _trigger(
        "agreements_guard_update",
        "UPDATE",
        "agreements",
        f"(OLD.status <> 'draft' AND ({_changed(AGREEMENT_CONTENT)})) OR "
        "((NEW.rowid IS NOT OLD.rowid OR NEW.id IS NOT OLD.id OR NEW.content_hash IS NOT OLD.content_hash) "
        f"AND ({_agreement_in_the_way(' AND a.rowid <> OLD.rowid')}))",
        _AGREEMENT_FINAL,
    ),
    "agreement_clauses_guard_insert": _trigger(
        "agreement_clauses_guard_insert",
        "INSERT",
        "agreement_clauses",
        f"{_PARENT_FINAL} OR {_REF_AT_ROWID}",
        _CLAUSES_FINAL,
    ),
    "clause_versions_guard_replace": _trigger(
        "clause_versions_guard_replace", "INSERT", "clause_versions", _clause_in_the_way(), _CLAUSE_PUBLISHED
    ),
    "clause_versions_guard_rekey": _trigger(
        "clause_versions_guard_rekey",
        "UPDATE",
        "clause_versions",
        "(NEW.id IS NOT OLD.id OR NEW.clause_id IS NOT OLD.clause_id OR NEW.version IS NOT OLD.version) "
        f"AND ({_clause_in_the_way(' AND c.id <> OLD.id')})",
        _CLAUSE_PUBLISHED,
    ),
    "audit_log_guard_replace": _trigger(
        "audit_log_guard_replace",
        "INSERT",
        "audit_log",
        "EXISTS (SELECT 1 FROM audit_log l WHERE l.id = NEW.id)",
        "the audit log is append-only",
    ),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in REPLACED:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for statement in TRIGGERS.values():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for statement in REPLACED.values():
        op.execute(statement)
