"""The course's two languages, without any plotting import; one switch for a whole notebook.

``course_lib.setup(lang="zh")`` (or :func:`set_lang`) chooses the notebook's language once;
every plot, table, widget and check message whose ``lang`` is left at ``None`` then follows it.
An explicit ``lang="en"`` or ``lang="zh"`` still wins for that one call. Computation modules choose
labels with :func:`pick` and resolve ``lang=`` with :func:`check_lang`; :mod:`course_lib.style`
re-exports both for plots.

Examples
--------
>>> from course_lib.lang import pick
>>> pick({"en": "Gap", "zh": "差距"}, "zh")
'差距'
>>> pick("as is", "zh")
'as is'
>>> set_lang("zh"); check_lang(None), pick({"en": "Gap", "zh": "差距"})
('zh', '差距')
>>> set_lang("en"); check_lang(None)
'en'
"""

from __future__ import annotations

import os
from typing import Mapping

__all__ = ["LANGS", "LANG_ENV", "check_lang", "pick", "set_lang", "current"]

LANGS = ("en", "zh")
#: Environment variable giving the language when no notebook has chosen one (e.g. ``COURSE_LANG=zh``).
LANG_ENV = "COURSE_LANG"
_current: str | None = None


def set_lang(lang: str) -> None:
    """Choose the language of everything that is not given an explicit ``lang``."""
    global _current
    _current = check_lang(lang)


def current() -> str:
    """The chosen language: :func:`set_lang`'s, else ``$COURSE_LANG``'s, else English."""
    env = os.environ.get(LANG_ENV)
    return _current or (env if env in LANGS else "en")


def check_lang(lang: str | None = None) -> str:
    """Return ``lang`` if supported (``None`` means the chosen language), else raise ``ValueError``."""
    if lang is None:
        return current()
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return lang


def pick(labels: Mapping[str, str] | str, lang: str | None = None) -> str:
    """Choose the label for ``lang`` (default: the chosen language) from ``{"en": ..., "zh": ...}``
    (a plain str passes through)."""
    lang = check_lang(lang)
    if isinstance(labels, str):
        return labels
    return labels.get(lang) or labels["en"]
