"""The SQLModel tables of the registry. Only ``sql.py`` and the migrations import this module.

JSON payloads are stored as text (exactly as written, on both engines); timestamps are
timezone-aware UTC on both engines (``UTCDateTime``). The Alembic migrations in
``engine/store/migrations`` create the same schema plus the guard triggers; a test checks that
these models and the migrations agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlmodel import Field, SQLModel

__all__ = [
    "DATABASE_ONLY_INDEXES",
    "AgreementClauseRow",
    "AgreementRow",
    "AuditRow",
    "ClauseVersionRow",
    "UTCDateTime",
    "UserRow",
    "WizardDraftRow",
    "include_object",
    "metadata",
]

metadata = SQLModel.metadata

#: Indexes a migration creates only where the database supports them (PostgreSQL ``pg_trgm``, 0003);
#: they have no model here, so comparing models with the schema leaves them out.
DATABASE_ONLY_INDEXES = frozenset({"ix_agreements_party_trgm"})


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic's filter for comparing these models with a migrated database."""
    return not (type_ == "index" and name in DATABASE_ONLY_INDEXES)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out — also on SQLite, which has no time zones."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a timezone-aware column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _col(type_: Any, *args: Any, nullable: bool = False, **kw: Any) -> Any:
    return Field(sa_column=sa.Column(type_, *args, nullable=nullable, **kw))


AGREEMENT_STATUSES = ("draft", "final", "signed", "terminated")
CLAUSE_STATUSES = ("draft", "review", "published", "retired")
ROLES = ("advisor", "admin")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class UserRow(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (sa.CheckConstraint(_in("role", ROLES), name="ck_users_role"),)

    id: int | None = Field(default=None, primary_key=True)
    username: str = _col(sa.String(64), unique=True)
    display_name: str = _col(sa.String(200))
    role: str = _col(sa.String(16))
    password_hash: str = _col(sa.String(255))
    disabled: bool = _col(sa.Boolean(), server_default=sa.false())
    created_at: datetime = _col(UTCDateTime())


class AgreementRow(SQLModel, table=True):
    __tablename__ = "agreements"
    __table_args__ = (
        sa.CheckConstraint(_in("status", AGREEMENT_STATUSES), name="ck_agreements_status"),
        # Newest-first pages; party_search is in the index so SQLite filters without reading rows.
        sa.Index("ix_agreements_created", "created_at", "id", "party_search"),
    )

    id: str = Field(sa_column=sa.Column(sa.String(100), primary_key=True))
    type_id: str = _col(sa.String(100), index=True)
    type_version: str = _col(sa.String(32))
    title: str = _col(sa.String(300))
    language: str = _col(sa.String(8))
    status: str = _col(sa.String(16))
    parties: str = _col(sa.Text())
    party_search: str = _col(sa.Text())
    answers: str = _col(sa.Text())
    agreement_json: str = _col(sa.Text())
    content_hash: str = _col(sa.String(64), unique=True)
    pdf: bytes | None = _col(sa.LargeBinary(), nullable=True)
    created_at: datetime = _col(UTCDateTime())
    updated_at: datetime = _col(UTCDateTime())
    created_by: str = _col(sa.String(64))


class AgreementClauseRow(SQLModel, table=True):
    """Which clause versions an agreement was made with (indexed for ``clause_versions_used_by``)."""

    __tablename__ = "agreement_clauses"
    __table_args__ = (sa.Index("ix_agreement_clauses_clause", "clause_id", "version"),)

    agreement_id: str = Field(sa_column=sa.Column(sa.String(100), sa.ForeignKey("agreements.id"), primary_key=True))
    clause_id: str = Field(sa_column=sa.Column(sa.String(100), primary_key=True))
    version: str = _col(sa.String(32))


class WizardDraftRow(SQLModel, table=True):
    """Wizard answers in progress. The key is the SHA-256 of the resume token, never the token."""

    __tablename__ = "wizard_drafts"

    token_hash: str = Field(sa_column=sa.Column(sa.String(64), primary_key=True))
    type_id: str = _col(sa.String(100))
    language: str = _col(sa.String(8))
    answers: str = _col(sa.Text())
    step: str | None = _col(sa.String(100), nullable=True)
    created_by: str | None = _col(sa.String(64), nullable=True)
    created_at: datetime = _col(UTCDateTime())
    touched_at: datetime = _col(UTCDateTime())
    expires_at: datetime = _col(UTCDateTime(), index=True)


class ClauseVersionRow(SQLModel, table=True):
    __tablename__ = "clause_versions"
    __table_args__ = (
        sa.UniqueConstraint("clause_id", "version", name="uq_clause_versions_clause_version"),
        sa.CheckConstraint(_in("status", CLAUSE_STATUSES), name="ck_clause_versions_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    clause_id: str = _col(sa.String(100))
    version: str = _col(sa.String(32))
    status: str = _col(sa.String(16))
    source: str = _col(sa.Text())
    author: str = _col(sa.String(64))
    editors: str = _col(sa.Text())
    updated_by: str = _col(sa.String(64))
    reviewer: str | None = _col(sa.String(64), nullable=True)
    change_note: str = _col(sa.Text())
    lock_version: int = _col(sa.Integer())
    created_at: datetime = _col(UTCDateTime())
    updated_at: datetime = _col(UTCDateTime())
    published_at: datetime | None = _col(UTCDateTime(), nullable=True)


class AuditRow(SQLModel, table=True):
    __tablename__ = "audit_log"
    __table_args__ = (sa.Index("ix_audit_log_subject", "subject_type", "subject_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _col(UTCDateTime())
    actor: str = _col(sa.String(64))
    action: str = _col(sa.String(64))
    subject_type: str = _col(sa.String(16))
    subject_id: str = _col(sa.String(200))
    detail: str = _col(sa.Text())
