"""The course's two languages, without any plotting import.

Computation modules choose labels with :func:`pick` and validate ``lang=``
with :func:`check_lang`; :mod:`course_lib.style` re-exports both for plots.

Examples
--------
>>> from course_lib.lang import pick
>>> pick({"en": "Gap", "zh": "差距"}, "zh")
'差距'
>>> pick("as is", "zh")
'as is'
"""

from __future__ import annotations

from typing import Mapping

__all__ = ["LANGS", "check_lang", "pick"]

LANGS = ("en", "zh")


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ValueError`` naming the choices."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return lang


def pick(labels: Mapping[str, str] | str, lang: str = "en") -> str:
    """Choose the label for ``lang`` from ``{"en": ..., "zh": ...}`` (a plain str passes through)."""
    check_lang(lang)
    if isinstance(labels, str):
        return labels
    return labels.get(lang) or labels["en"]
