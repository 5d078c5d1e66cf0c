"""The registry's rules, written once: status moves, immutability, four eyes, locking, bootstrap.

Pure functions over records. :class:`~engine.store.registry.Registry` calls them for every
backend; the SQL migrations repeat the immutability rules as triggers, the database's own line
of defence (``docs/store.md``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from engine.errors import ClauseEditConflict, ImmutableError, PermissionDeniedError, StoreError
from engine.store.records import SYSTEM_ACTOR, AgreementStatus, ClauseStatus, ClauseVersion, Role, UserRecord

__all__ = [
    "AGREEMENT_TRANSITIONS",
    "CLAUSE_TRANSITIONS",
    "agreement_status",
    "check_advisor",
    "check_agreement_move",
    "check_bootstrap",
    "check_clause_move",
    "check_editable_clause",
    "check_four_eyes",
    "check_lock",
    "check_mutable_agreement",
    "check_pdf",
    "clause_status",
    "role",
]

#: Status moves forward only; every move is an audit event.
AGREEMENT_TRANSITIONS: dict[AgreementStatus, frozenset[AgreementStatus]] = {
    AgreementStatus.draft: frozenset({AgreementStatus.final}),
    AgreementStatus.final: frozenset({AgreementStatus.signed, AgreementStatus.terminated}),
    AgreementStatus.signed: frozenset({AgreementStatus.terminated}),
    AgreementStatus.terminated: frozenset(),
}

#: review → draft is "sent back for changes"; nothing leaves published except to retired.
CLAUSE_TRANSITIONS: dict[ClauseStatus, frozenset[ClauseStatus]] = {
    ClauseStatus.draft: frozenset({ClauseStatus.review}),
    ClauseStatus.review: frozenset({ClauseStatus.draft, ClauseStatus.published}),
    ClauseStatus.published: frozenset({ClauseStatus.retired}),
    ClauseStatus.retired: frozenset(),
}


# --------------------------------------------------------------------------- parsing names


E = TypeVar("E", bound=StrEnum)


def _member(kind: type[E], value: E | str, what: str) -> E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise StoreError(f"unknown {what} {value!r} (one of {allowed})", code="store.invalid") from None


def agreement_status(value: AgreementStatus | str) -> AgreementStatus:
    return _member(AgreementStatus, value, "agreement status")


def clause_status(value: ClauseStatus | str) -> ClauseStatus:
    return _member(ClauseStatus, value, "clause status")


def role(value: Role | str) -> Role:
    return _member(Role, value, "role")


# --------------------------------------------------------------------------- agreements


def check_agreement_move(agreement_id: str, old: AgreementStatus, new: AgreementStatus) -> None:
    if new not in AGREEMENT_TRANSITIONS[old]:
        raise ImmutableError(
            f"agreement {agreement_id} cannot move from {old} to {new} (status moves forward only)",
            loc=("agreements", agreement_id, "status"),
        )


def check_pdf(status: AgreementStatus, pdf: bytes | None) -> None:
    """The PDF is stored once, when the agreement becomes final."""
    if pdf is not None and status is not AgreementStatus.final:
        raise StoreError("the PDF is stored when the agreement becomes final", code="store.invalid")


def check_mutable_agreement(agreement_id: str, status: AgreementStatus, what: str) -> None:
    if status is not AgreementStatus.draft:
        raise ImmutableError(
            f"agreement {agreement_id} is {status}: a final or signed agreement never changes ({what} refused)",
            loc=("agreements", agreement_id),
        )


# --------------------------------------------------------------------------- clause versions


def check_clause_move(cv: ClauseVersion, new: ClauseStatus) -> None:
    if new not in CLAUSE_TRANSITIONS[cv.status]:
        raise ImmutableError(
            f"clause {cv.clause_id} {cv.version} is {cv.status}; it cannot move to {new}",
            loc=("clauses", cv.clause_id, cv.version),
        )


def check_editable_clause(cv: ClauseVersion) -> None:
    if cv.status is not ClauseStatus.draft:
        raise ImmutableError(
            f"clause {cv.clause_id} {cv.version} is {cv.status}; only a draft can be edited "
            "(create a new version instead)",
            loc=("clauses", cv.clause_id, cv.version),
        )


def check_lock(cv: ClauseVersion, expected: int) -> None:
    """Optimistic locking: the caller edited lock version ``expected``; ``cv`` is what is stored now."""
    if cv.lock_version != expected:
        raise ClauseEditConflict(
            f"clause {cv.clause_id} {cv.version} was changed by {cv.updated_by} "
            f"(lock version {cv.lock_version}, you edited {expected}); merge their text and save again",
            current=cv,
            loc=("clauses", cv.clause_id, cv.version),
        )


def check_advisor(user: UserRecord | None, username: str, what: str) -> UserRecord:
    if user is None or user.disabled:
        raise PermissionDeniedError(f"{username!r} is not an active user; {what} refused", loc=("users", username))
    return user


def check_four_eyes(cv: ClauseVersion, approver: str) -> None:
    if approver == cv.author or approver in cv.editors:
        raise PermissionDeniedError(
            f"{approver} wrote or edited clause {cv.clause_id} {cv.version}; "
            "a second advisor must approve it (nobody approves their own change)",
            loc=("clauses", cv.clause_id, cv.version),
        )


def check_bootstrap(by: str, library_is_empty: bool) -> None:
    """Publishing without review happens once: the first load of the shipped library, by the product.

    Everything else a person or a program imports becomes a draft that a second advisor approves.
    """
    if by != SYSTEM_ACTOR:
        raise PermissionDeniedError(
            "imported clauses become drafts; publishing needs a second advisor's approval",
            loc=("clauses",),
        )
    if not library_is_empty:
        raise PermissionDeniedError(
            "the clause library is not empty: clauses are published without review only on the first load "
            "of the shipped library into an empty registry; import them as drafts for review instead",
            loc=("clauses",),
        )
