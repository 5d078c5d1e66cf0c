"""Rows ↔ records for the SQL backend: the column values written and the records read back.

JSON payloads are stored as compact text (:func:`engine.store.codec.dumps`), exactly as written, on
both engines. Only :mod:`engine.store.sql` imports this module.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel

from engine.core.agreement import Agreement, ClauseRef, Party
from engine.store import codec
from engine.store.records import (
    AgreementRecord,
    AgreementStatus,
    AgreementSummary,
    AuditEntry,
    AuditEvent,
    ClauseVersion,
    StoredUser,
    UserRecord,
    WizardDraft,
)
from engine.store.tables import AgreementClauseRow, AgreementRow, AuditRow, ClauseVersionRow, UserRow, WizardDraftRow

#: A result row; its columns are read by name.
Row = sa.Row[*tuple[Any, ...]]


def _table(model: type[object]) -> sa.Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, sa.Table)
    return table


AGREEMENTS = _table(AgreementRow)
CLAUSE_REFS = _table(AgreementClauseRow)
DRAFTS = _table(WizardDraftRow)
CLAUSES = _table(ClauseVersionRow)
USERS = _table(UserRow)
AUDIT = _table(AuditRow)

SUMMARY_COLUMNS = (
    AGREEMENTS.c.id,
    AGREEMENTS.c.type_id,
    AGREEMENTS.c.type_version,
    AGREEMENTS.c.title,
    AGREEMENTS.c.language,
    AGREEMENTS.c.status,
    AGREEMENTS.c.parties,
    AGREEMENTS.c.content_hash,
    AGREEMENTS.c.created_at,
    AGREEMENTS.c.updated_at,
    AGREEMENTS.c.created_by,
    AGREEMENTS.c.pdf.is_not(None).label("has_pdf"),
)
RECORD_COLUMNS = (*SUMMARY_COLUMNS, AGREEMENTS.c.answers, AGREEMENTS.c.agreement_json)


# --------------------------------------------------------------------------- agreements


def agreement_values(record: AgreementRecord, *, as_draft: bool = True) -> dict[str, object]:
    """A new row: as a draft (status and PDF follow by forward moves), or as ``record`` has them."""
    dumped = record.agreement.model_dump(mode="json")
    return {
        "id": record.id,
        "type_id": record.type_id,
        "type_version": record.type_version,
        "title": record.title,
        "language": record.language,
        "status": AgreementStatus.draft.value if as_draft else record.status.value,
        "parties": codec.dumps(dumped["parties"]),
        "party_search": codec.party_search_text(record.parties),
        "answers": codec.dumps(record.answers),
        "agreement_json": codec.dumps(dumped),
        "content_hash": record.content_hash,
        "pdf": None if as_draft else record.pdf,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "created_by": record.created_by,
    }


def clause_ref_values(agreement_id: str, refs: Sequence[ClauseRef]) -> list[dict[str, object]]:
    return [{"agreement_id": agreement_id, "clause_id": r.id, "version": r.version} for r in refs]


def _fields(row: Row, model: type[BaseModel], **override: object) -> dict[str, object]:
    """The row's columns that ``model`` has, by name, then ``override`` (decoded JSON and the like)."""
    columns = row._mapping
    return {name: columns[name] for name in model.model_fields if name in columns} | override


def _summary_fields(row: Row) -> dict[str, object]:
    parties = tuple(Party.model_validate(p) for p in json.loads(row.parties))
    return _fields(row, AgreementSummary, parties=parties, has_pdf=bool(row.has_pdf))


def summary(row: Row) -> AgreementSummary:
    return AgreementSummary.model_validate(_summary_fields(row))


def record(row: Row, *, with_pdf: bool) -> AgreementRecord:
    agreement = Agreement.model_validate_json(row.agreement_json)
    return AgreementRecord.model_validate(
        _summary_fields(row)
        | {
            "answers": json.loads(row.answers),
            "agreement": agreement,
            "clauses": codec.clause_refs(agreement),
            "pdf": row.pdf if with_pdf else None,
        }
    )


# --------------------------------------------------------------------------- drafts


def draft_values(draft: WizardDraft) -> dict[str, object]:
    return draft.model_dump(exclude={"token"}) | {"answers": codec.dumps(draft.answers)}


def wizard_draft(row: Row) -> WizardDraft:
    return WizardDraft.model_validate(_fields(row, WizardDraft, token="", answers=json.loads(row.answers)))


# --------------------------------------------------------------------------- clause versions


def clause_values(cv: ClauseVersion) -> dict[str, object]:
    return cv.model_dump() | {"status": cv.status.value, "editors": codec.dumps(list(cv.editors))}


def clause_changes(old: ClauseVersion, new: ClauseVersion) -> dict[str, object]:
    before, after = clause_values(old), clause_values(new)
    return {k: v for k, v in after.items() if before[k] != v}


def clause_version(row: Row) -> ClauseVersion:
    return ClauseVersion.model_validate(_fields(row, ClauseVersion, editors=tuple(json.loads(row.editors))))


# --------------------------------------------------------------------------- users and audit


def user_values(stored: StoredUser) -> dict[str, object]:
    return stored.user.model_dump() | {"role": stored.user.role.value, "password_hash": stored.password_hash}


def user_record(row: Row) -> UserRecord:
    return UserRecord.model_validate(_fields(row, UserRecord, disabled=bool(row.disabled)))


def stored_user(row: Row) -> StoredUser:
    return StoredUser(user=user_record(row), password_hash=row.password_hash)


def audit_values(entry: AuditEntry) -> dict[str, object]:
    return {
        "at": entry.at,
        "actor": entry.actor,
        "action": entry.action,
        "subject_type": entry.subject_type,
        "subject_id": entry.subject_id,
        "detail": codec.dumps(entry.detail),
    }


def audit_event(row: Row) -> AuditEvent:
    return AuditEvent.model_validate(_fields(row, AuditEvent, detail=json.loads(row.detail)))
