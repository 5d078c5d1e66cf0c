"""What every registry use case starts from: a backend, one transaction per call, audit events.

:class:`RegistryBase` is the bottom layer of the registry (casbin-style, each layer says what it
adds):

    RegistryBase     transactions, the audit trail, the acting advisor      (this module)
    ClauseWorkflow   + clause versions: review, four eyes, locking, loading (clauseflow.py)
    Registry         + agreements, wizard drafts, users, reading the audit  (registry.py)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pydantic import JsonValue

from engine.store import codec, lifecycle
from engine.store.backend import Backend, Transaction
from engine.store.records import AuditEntry, UserRecord

__all__ = ["RegistryBase"]


class RegistryBase:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    @property
    def url(self) -> str:
        return self.backend.url

    def close(self) -> None:
        self.backend.close()

    @contextmanager
    def _write(self) -> Iterator[Transaction]:
        with self.backend.transaction(write=True) as tx:
            yield tx

    @contextmanager
    def _read(self) -> Iterator[Transaction]:
        with self.backend.transaction() as tx:
            yield tx

    def _audit(
        self, tx: Transaction, actor: str, action: str, subject_type: str, subject_id: str, **detail: JsonValue
    ) -> None:
        """The last step of every write, inside its transaction (a failure here undoes the write)."""
        tx.add_audit(
            AuditEntry(
                at=codec.utcnow(),
                actor=actor,
                action=action,
                subject_type=subject_type,
                subject_id=subject_id,
                detail=detail,
            )
        )

    def _advisor(self, tx: Transaction, username: str, what: str) -> UserRecord:
        """The active user ``username`` (any role may edit clauses), else ``PermissionDeniedError``."""
        stored = tx.user(username)
        return lifecycle.check_advisor(stored.user if stored else None, username, what)
