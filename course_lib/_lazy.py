"""Lazy re-exports for concept packages: plots and widgets load on first use.

A concept package (``course_lib.servqual`` …) imports its computation eagerly and
names its plot and widget functions here, so ``import course_lib.servqual`` does
not import matplotlib's pyplot or ipywidgets, yet ``servqual.plot_radar`` still
works (PEP 562 module ``__getattr__``).

Examples
--------
>>> getattr_, dir_ = lazy_exports("course_lib", {"lang": ["pick"]})
>>> getattr_("pick")("x", "en")
'x'
"""

from __future__ import annotations

import importlib
from typing import Callable, Iterable, Mapping

__all__ = ["lazy_exports"]


def lazy_exports(package: str, submodules: Mapping[str, Iterable[str]]) -> tuple[Callable, Callable]:
    """Return ``(__getattr__, __dir__)`` for ``package`` that load ``name`` from its submodule on first use.

    ``submodules`` maps a submodule name relative to ``package`` (``"plots"``) to the public
    names it provides.
    """
    where = {name: sub for sub, names in submodules.items() for name in names}

    def __getattr__(name: str):
        sub = where.get(name)
        if sub is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{sub}"), name)
        setattr(importlib.import_module(package), name, value)  # cache: next access is a plain lookup
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(importlib.import_module(package))) | set(where))

    return __getattr__, __dir__
