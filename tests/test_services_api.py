"""The public names of ``engine.services``: each module says what it offers in a sorted, complete ``__all__``
(the CLI, the app and the HTTP API build on these names)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import engine.services

MODULES = sorted(m.name for m in pkgutil.iter_modules(engine.services.__path__))


def test_the_package_docstring_lists_every_module() -> None:
    assert MODULES and all(f"    {name} " in (engine.services.__doc__ or "") for name in MODULES), MODULES


def _isort(name: str) -> tuple[int, str]:
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


@pytest.mark.parametrize("name", MODULES)
def test_all_is_sorted_and_complete(name: str) -> None:
    module = importlib.import_module(f"engine.services.{name}")
    exported = list(module.__all__)
    assert exported == sorted(exported, key=_isort), "constants, then classes, then functions, each sorted"
    assert all(hasattr(module, n) for n in exported)
    defined = {
        n
        for n, obj in vars(module).items()
        if not n.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and obj.__module__ == module.__name__
    }
    assert sorted(defined - set(exported)) == [], "public but not exported"
