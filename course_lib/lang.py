"""The course's languages and its one translation mechanism, without any plotting import.

``course_lib.setup(lang="zh")`` (or :func:`set_lang`) chooses the notebook's language once; every
plot, table, widget and check message whose ``lang`` is left at ``None`` then follows it. An
explicit ``lang="en"`` or ``lang="zh"`` still wins for that one call.

Every text the library shows a trainee is written once, in English, as a :class:`T` message;
:meth:`T.render` looks it up in the gettext catalogue of the language asked for
(``course_lib/locale/<locale>/LC_MESSAGES/course_lib.po``, compiled to ``.mo`` by
``service-course editions --catalogues``) and fills in its ``{placeholders}``. A language is a
catalogue: adding one means adding a ``.po`` file, not editing modules. Catalogues in the folders
named by ``$COURSE_LOCALES`` (separated by ``os.pathsep``) are added too, which is how the tests
run the course in a pseudo-locale. A message missing from a catalogue falls back to English.

Data that carry their own translations (blueprint YAML, quizzes) stay ``{"en": ..., "zh": ...}``
mappings; :func:`pick` chooses from a mapping and renders a :class:`T`.

Examples
--------
>>> T("steps").render("zh")
'步骤数'
>>> T("{d} min", d=5).render("en"), T("{d} min", d=5).render("zh")
('5 min', '5 分钟')
>>> T("a sentence no catalogue has").render("zh")       # falls back to English
'a sentence no catalogue has'
>>> pick({"en": "Gap", "zh": "差距"}, "zh"), pick("as is", "zh")
('差距', 'as is')
>>> set_lang("zh"); check_lang(None), str(T("steps"))
('zh', '步骤数')
>>> set_lang("en"); check_lang(None)
'en'
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path
from typing import Any, Mapping

__all__ = ["LANGS", "LANG_ENV", "LOCALES_ENV", "T", "check_lang", "current", "languages", "pick",
           "set_lang", "translate"]

#: Environment variable giving the language when no notebook has chosen one (e.g. ``COURSE_LANG=zh``).
LANG_ENV = "COURSE_LANG"
#: Environment variable naming extra catalogue folders (each holding ``<locale>/LC_MESSAGES/``).
LOCALES_ENV = "COURSE_LOCALES"
DOMAIN = "course_lib"
LOCALE_DIR = Path(__file__).parent / "locale"


def _find_catalogues() -> dict[str, Path]:
    """Language code (``zh`` for ``zh_CN``) → compiled catalogue, from the course and ``$COURSE_LOCALES``."""
    dirs = [LOCALE_DIR] + [Path(p) for p in os.environ.get(LOCALES_ENV, "").split(os.pathsep) if p]
    found: dict[str, Path] = {}
    for d in dirs:
        for mo in sorted(d.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")):
            found.setdefault(mo.parents[1].name.split("_")[0], mo)
    return found


_CATALOGUES = _find_catalogues()
_loaded: dict[str, gettext.NullTranslations] = {}
#: The languages the course speaks: English (the source) and one per catalogue.
LANGS: tuple[str, ...] = ("en", *sorted(_CATALOGUES))
_current: str | None = None


def languages() -> tuple[str, ...]:
    """The supported language codes, English first."""
    return LANGS


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


def _catalogue(lang: str) -> gettext.NullTranslations:
    if lang not in _loaded:
        path = _CATALOGUES.get(lang)
        if path is None:
            _loaded[lang] = gettext.NullTranslations()
        else:
            with open(path, "rb") as fh:
                _loaded[lang] = gettext.GNUTranslations(fh)
    return _loaded[lang]


def translate(text: str, lang: str | None = None, context: str | None = None) -> str:
    """``text`` (English) in ``lang``; English when the catalogue lacks it."""
    lang = check_lang(lang)
    if lang == "en":
        return text
    cat = _catalogue(lang)
    return cat.pgettext(context, text) if context else cat.gettext(text)


class T:
    """A user-visible text, written in English, shown in the language asked for when rendered.

    Values that are themselves :class:`T` (or ``{"en": ..., "zh": ...}`` labels) are rendered in the
    same language.
    ``T("{n} rows", n=3)`` keeps the values; ``context`` tells apart two uses of the same English
    that Chinese says differently (``T("promoters", context="share")``).

    Examples
    --------
    >>> T("expected {what}, got a {got}.", what=T("a pandas DataFrame"), got="str").render("zh")
    '应为pandas DataFrame，实际是 str。'
    """

    __slots__ = ("text", "context", "kwargs")

    def __init__(self, text: str, /, *, context: str | None = None, **kwargs: Any):
        self.text = text
        self.context = context
        self.kwargs = kwargs

    def render(self, lang: str | None = None) -> str:
        lang = check_lang(lang)
        out = translate(self.text, lang, self.context)
        if not self.kwargs:
            return out
        return out.format(**{k: pick(v, lang) if isinstance(v, T) or (isinstance(v, Mapping) and "en" in v) else v
                              for k, v in self.kwargs.items()})

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"T({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, T) and (self.text, self.context, self.kwargs) == (
            other.text, other.context, other.kwargs)

    def __hash__(self) -> int:
        return hash((self.text, self.context))


def pick(labels: Mapping[str, str] | T | str, lang: str | None = None) -> str:
    """The text of ``labels`` in ``lang`` (default: the chosen language): a :class:`T` is
    translated, a ``{"en": ..., "zh": ...}`` mapping chosen from (English when it lacks ``lang``),
    a plain str passes through."""
    lang = check_lang(lang)
    if isinstance(labels, T):
        return labels.render(lang)
    if isinstance(labels, str):
        return labels
    return labels.get(lang) or labels["en"]
