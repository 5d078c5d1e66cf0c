"""The clause library's workflow: draft → review → published → retired, with four eyes and locking.

    ClauseWorkflow = RegistryBase + clause versions

Publishing without review happens in exactly one place, :meth:`ClauseWorkflow._bootstrap`: the
first load of the shipped library into an empty registry, by the product itself, recorded as the
audit event ``library.bootstrap``. Every other load creates drafts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from engine.errors import ClauseEditConflict, ConflictError, NotFoundError, StoreError
from engine.store import codec, lifecycle
from engine.store.backend import Transaction
from engine.store.clausefiles import latest_published, parse_clause_source, version_key
from engine.store.importplan import NewClause, plan_clause_import
from engine.store.records import SYSTEM_ACTOR, ClauseImportReport, ClauseStatus, ClauseVersion
from engine.store.transactions import RegistryBase

__all__ = ["ClauseWorkflow"]


class ClauseWorkflow(RegistryBase):
    # ------------------------------------------------------------------ helpers

    def _clause(self, tx: Transaction, clause_id: str, version: str) -> ClauseVersion:
        cv = tx.clause(clause_id, version)
        if cv is None:
            raise NotFoundError(f"no clause {clause_id} version {version}", loc=("clauses", clause_id, version))
        return cv

    def _new_versions(
        self, tx: Transaction, new: list[NewClause], by: str, note: str, status: ClauseStatus
    ) -> list[ClauseVersion]:
        now = codec.utcnow()
        published = status is ClauseStatus.published
        versions = [
            ClauseVersion(
                clause_id=n.clause_id,
                version=n.version,
                status=status,
                source=n.source,
                author=by,
                editors=(by,),
                updated_by=by,
                reviewer=by if published else None,
                change_note=note,
                lock_version=1,
                created_at=now,
                updated_at=now,
                published_at=now if published else None,
            )
            for n in new
        ]
        tx.insert_clauses(versions)
        for cv in versions:
            self._audit(tx, by, "clause.create", "clause", cv.key, status=status.value)
        return versions

    def _update(self, tx: Transaction, old: ClauseVersion, by: str, action: str, **changes: object) -> ClauseVersion:
        """Write ``changes`` with the next lock version; a concurrent save makes this a conflict."""
        new = old.model_copy(update={**changes, "lock_version": old.lock_version + 1, "updated_at": codec.utcnow()})
        if not tx.update_clause(old, new):
            current = self._clause(tx, old.clause_id, old.version)
            lifecycle.check_lock(current, old.lock_version)
            raise ClauseEditConflict(f"clause {old.clause_id} {old.version} changed while saving", current=current)
        self._audit(tx, by, action, "clause", new.key, status=new.status.value, lock_version=new.lock_version)
        return new

    @staticmethod
    def _import_report(created: list[ClauseVersion], unchanged: list[str], status: ClauseStatus) -> ClauseImportReport:
        return ClauseImportReport(created=tuple(cv.key for cv in created), unchanged=tuple(unchanged), status=status)

    # ------------------------------------------------------------------ editing and review

    def create_clause_version(self, source: str, *, by: str, change_note: str = "") -> ClauseVersion:
        clause_id, version = parse_clause_source(source)
        with self._write() as tx:
            self._advisor(tx, by, "creating a clause version")
            if tx.clause(clause_id, version) is not None:
                raise ConflictError(
                    f"clause {clause_id} {version} already exists; bump the version",
                    loc=("clauses", clause_id, version),
                )
            [cv] = self._new_versions(tx, [NewClause(clause_id, version, source)], by, change_note, ClauseStatus.draft)
        return cv

    def save_clause_draft(
        self,
        clause_id: str,
        version: str,
        source: str,
        *,
        by: str,
        expected_lock_version: int,
        change_note: str | None = None,
    ) -> ClauseVersion:
        if parse_clause_source(source) != (clause_id, version):
            raise StoreError("the text declares another clause id or version", code="store.invalid")
        with self._write() as tx:
            self._advisor(tx, by, "editing a clause")
            old = self._clause(tx, clause_id, version)
            lifecycle.check_editable_clause(old)
            lifecycle.check_lock(old, expected_lock_version)
            editors = old.editors if by in old.editors else (*old.editors, by)
            note = old.change_note if change_note is None else change_note
            return self._update(
                tx, old, by, "clause.save", source=source, editors=editors, updated_by=by, change_note=note
            )

    def submit_clause(self, clause_id: str, version: str, *, by: str, expected_lock_version: int) -> ClauseVersion:
        with self._write() as tx:
            self._advisor(tx, by, "submitting a clause for review")
            old = self._clause(tx, clause_id, version)
            lifecycle.check_clause_move(old, ClauseStatus.review)
            lifecycle.check_lock(old, expected_lock_version)
            return self._update(tx, old, by, "clause.submit", status=ClauseStatus.review)

    def send_back_clause(self, clause_id: str, version: str, *, by: str, note: str = "") -> ClauseVersion:
        with self._write() as tx:
            self._advisor(tx, by, "sending a clause back")
            old = self._clause(tx, clause_id, version)
            lifecycle.check_clause_move(old, ClauseStatus.draft)
            cv = self._update(tx, old, by, "clause.send-back", status=ClauseStatus.draft)
            if note:
                self._audit(tx, by, "clause.comment", "clause", cv.key, note=note)
            return cv

    def approve_clause(self, clause_id: str, version: str, *, by: str, note: str = "") -> ClauseVersion:
        with self._write() as tx:
            self._advisor(tx, by, "approving a clause")
            old = self._clause(tx, clause_id, version)
            lifecycle.check_clause_move(old, ClauseStatus.published)
            lifecycle.check_four_eyes(old, by)
            changes: dict[str, object] = {"status": ClauseStatus.published, "reviewer": by}
            changes["published_at"] = codec.utcnow()
            if note.strip():
                changes["change_note"] = note.strip()
            return self._update(tx, old, by, "clause.publish", **changes)

    def retire_clause(self, clause_id: str, version: str, *, by: str) -> ClauseVersion:
        with self._write() as tx:
            self._advisor(tx, by, "retiring a clause")
            old = self._clause(tx, clause_id, version)
            lifecycle.check_clause_move(old, ClauseStatus.retired)
            return self._update(tx, old, by, "clause.retire", status=ClauseStatus.retired)

    # ------------------------------------------------------------------ reading

    def get_clause_version(self, clause_id: str, version: str) -> ClauseVersion:
        with self._read() as tx:
            return self._clause(tx, clause_id, version)

    def list_clause_versions(
        self, clause_id: str | None = None, *, status: ClauseStatus | str | None = None
    ) -> list[ClauseVersion]:
        st = lifecycle.clause_status(status) if status is not None else None
        with self._read() as tx:
            rows = tx.clauses(clause_id, st)
        return sorted(rows, key=lambda cv: (cv.clause_id, version_key(cv.version)))

    def published_clause_sources(self) -> dict[str, str]:
        """file name → text of the newest published version of each clause: what composition uses."""
        latest = latest_published(self.list_clause_versions(status=ClauseStatus.published))
        return {cv.file_name: cv.source for _, cv in sorted(latest.items())}

    # ------------------------------------------------------------------ loading files

    def _plan(self, tx: Transaction, sources: Mapping[str, str]) -> tuple[list[NewClause], list[str]]:
        existing = {(cv.clause_id, cv.version): cv for cv in tx.clauses(None, None)}
        return plan_clause_import(sources, existing)

    def _bootstrap(self, tx: Transaction, sources: Mapping[str, str]) -> ClauseImportReport:
        """The documented first load: the shipped library, published without review, into an empty registry."""
        tx.lock_clause_library()
        lifecycle.check_bootstrap(SYSTEM_ACTOR, library_is_empty=not tx.has_clauses())
        new, unchanged = self._plan(tx, sources)
        created = self._new_versions(tx, new, SYSTEM_ACTOR, "shipped library", ClauseStatus.published)
        digest = hashlib.sha256(
            "\n".join(
                f"{name}:{hashlib.sha256(sources[name].encode()).hexdigest()}" for name in sorted(sources)
            ).encode()
        ).hexdigest()
        self._audit(
            tx,
            SYSTEM_ACTOR,
            "library.bootstrap",
            "library",
            "clauses",
            published=[cv.key for cv in created],
            sources_sha256=digest,
        )
        return self._import_report(created, unchanged, ClauseStatus.published)

    def _import_drafts(self, tx: Transaction, sources: Mapping[str, str], by: str) -> ClauseImportReport:
        new, unchanged = self._plan(tx, sources)
        created = self._new_versions(tx, new, by, "imported", ClauseStatus.draft)
        return self._import_report(created, unchanged, ClauseStatus.draft)

    def import_clause_sources(
        self, sources: Mapping[str, str], *, by: str, publish: bool = False
    ) -> ClauseImportReport:
        with self._write() as tx:
            if publish:
                lifecycle.check_bootstrap(by, library_is_empty=True)  # the actor first, the library below
                return self._bootstrap(tx, sources)
            if by != SYSTEM_ACTOR:
                self._advisor(tx, by, "importing clauses")
            return self._import_drafts(tx, sources, by)

    def load_shipped_clauses(self, sources: Mapping[str, str]) -> ClauseImportReport:
        with self._write() as tx:
            tx.lock_clause_library()
            if not tx.has_clauses():
                return self._bootstrap(tx, sources)
            return self._import_drafts(tx, sources, SYSTEM_ACTOR)
