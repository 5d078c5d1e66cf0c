"""Store contract, users: accounts, login that tells nothing by its answer or its timing (all stores)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from engine.errors import ConflictError, NotFoundError, PermissionDeniedError, StoreError
from engine.store import (
    Role,
    Store,
    initialise,
)

if TYPE_CHECKING:
    from tests.store_fixtures import RegistryFiles

pytest_plugins = ["tests.store_fixtures"]

# --------------------------------------------------------------------------- users


def test_users_add_list_disable_authenticate(store: Store) -> None:
    user = store.add_user("anne", "Anne Advokat", "advisor", "riktig-passord")
    assert user.role is Role.advisor and not user.disabled
    assert "hash" not in repr(store.list_users()) and "riktig" not in repr(store.list_users())
    assert store.authenticate("anne", "riktig-passord") == user
    for name, password in (("anne", "feil-passord!"), ("ukjent", "riktig-passord")):
        with pytest.raises(PermissionDeniedError):
            store.authenticate(name, password)
    with pytest.raises(ConflictError):
        store.add_user("anne", "Anne 2", "admin", "et-annet-passord")
    for args in (("Bad Name", "x", "advisor"), ("bob", "Bob", "superuser")):
        with pytest.raises(StoreError) as err:
            store.add_user(*args, "langt-nok-passord")
        assert err.value.code == "store.invalid"
    with pytest.raises(StoreError):
        store.add_user("bob", "Bob", "advisor", "kort")
    store.disable_user("anne", by="admin")
    assert store.get_user("anne").disabled
    with pytest.raises(PermissionDeniedError):
        store.authenticate("anne", "riktig-passord")
    with pytest.raises(NotFoundError):
        store.disable_user("ukjent", by="admin")
    assert [e.action for e in store.audit_events(subject_type="user")] == ["user.add", "user.disable"]


def test_initialise_creates_demo_user_once(store: Store, tmp_path: Path, registry_files: RegistryFiles) -> None:
    folder = tmp_path / "clauses"
    folder.mkdir()
    for name, text in registry_files.clauses.items():
        (folder / name).write_text(text, encoding="utf-8")
    first = initialise(store, folder)
    assert first.demo_password and first.demo_password not in repr(first)
    assert store.authenticate("demo", first.demo_password).role is Role.advisor
    assert len(first.clauses.created) == 2
    second = initialise(store, folder)
    assert second.demo_password is None and second.clauses.created == ()
    assert all(first.demo_password not in json.dumps(e.detail) for e in store.audit_events())


# --------------------------------------------------------------------------- login


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every argon2 verification the store runs, by the hash it checked against."""
    from engine.store import passwords

    calls: list[str] = []
    real = passwords.verify_password

    def counting(password_hash: str, password: str) -> bool:
        calls.append("dummy" if password_hash == passwords.dummy_hash() else "user")
        return real(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", counting)
    return calls


@pytest.mark.slow
def test_every_failed_login_costs_one_argon2_verification(store: Store, verifications: list[str]) -> None:
    store.add_user("anne", "Anne", Role.advisor, "riktig-passord")
    store.add_user("ola", "Ola", Role.advisor, "ola-sitt-passord")
    store.disable_user("ola", by="admin")
    attempts = [("ukjent", "riktig-passord"), ("anne", "feil-passord!"), ("ola", "ola-sitt-passord")]
    messages = set()
    for username, password in attempts:  # unknown user, wrong password, disabled account
        verifications.clear()
        with pytest.raises(PermissionDeniedError) as err:
            store.authenticate(username, password)
        assert len(verifications) == 1, (username, verifications)
        messages.add(err.value.message)
    assert len(messages) == 1  # the same words whether or not the user exists
    verifications.clear()
    assert store.authenticate("anne", "riktig-passord").username == "anne"
    assert verifications == ["user"]


@pytest.mark.slow
def test_wrong_types_at_login_are_a_failed_login(make_store: Callable[[str], Store], verifications: list[str]) -> None:
    store = make_store("memory")  # the check is the registry's, the same over every backend
    store.add_user("anne", "Anne", Role.advisor, "riktig-passord")
    attempts: list[tuple[object, object]] = [
        ("anne", None),
        ("anne", 12345),
        ("anne", b"riktig-passord"),
        (None, "riktig-passord"),
        (["anne"], "riktig-passord"),
        ("x" * 5000, "riktig-passord"),
        ("anne", "r" * 100_000),
    ]
    for username, password in attempts:
        verifications.clear()
        with pytest.raises(PermissionDeniedError) as err:
            store.authenticate(username, password)  # type: ignore[arg-type]
        assert err.value.code == "store.permission" and len(verifications) == 1, (username, password)


def test_unknown_users_are_checked_against_a_real_argon2_hash(store: Store, verifications: list[str]) -> None:
    from engine.store import passwords

    with pytest.raises(PermissionDeniedError):
        store.authenticate("ukjent", "et-passord-her")
    assert verifications == ["dummy"]
    assert passwords.dummy_hash().startswith("$argon2id$")
    assert not passwords.needs_rehash(passwords.dummy_hash())  # same cost parameters as real hashes
