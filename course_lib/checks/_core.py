"""Exercise feedback: ``check(task_id, answer)`` with success, hint or "not answered yet".

A lesson's checks live in one module of this package (``course_lib.checks.servqual`` …)
and register each task with :func:`task`. A task function receives the trainee's
answer, recomputes the expected value from the data, and raises
:class:`CheckFailed` with a reason when the answer is wrong. The helpers
:func:`expect_close`, :func:`expect_equal`, :func:`expect_type` and
:func:`expect_choice` do the common comparisons.

Behaviour in a notebook:

* ``...`` left in the answer → "not answered yet" (never raises, so a fresh
  exercise notebook runs top to bottom);
* wrong → the reason and the task's hint;
* right → a success message.

In strict mode (environment variable ``COURSE_CHECKS_STRICT=1``, which the test
runner passes to the kernels running ``solutions/``) a wrong or unanswered
answer raises :class:`CheckError`, so a broken solution fails the build.

Helpers for the comparisons every check needs, so that all checks give the same kind of feedback:

* :func:`expect_items` compares a list answer with the expected list and says which items are
  right, which are not and how many are missing (for an ordered answer with the right items, the
  first position that differs); :func:`expect_equal` uses it for lists;
* :func:`expect_close` compares numbers; a number that is right to the decimals it shows but
  rounded more than the tolerance allows gets "close … give at least N decimals";
* :func:`normalise_choice` (and :func:`normalise_choices` for a list) turns a dimension, stage or
  segment given as its key, its English label or its Chinese label into the key, and otherwise says
  which forms are accepted.

Machine-readable results
------------------------
In a notebook, :func:`check` publishes one display output whose bundle holds the message as
``text/plain`` and a record of the result under the mimetype :data:`CHECK_MIMETYPE`,
``application/vnd.service-course.check+json``::

    {"task": "servqual.weighted_score",   # the task id
     "status": "fail",                    # "pass", "fail" or "unanswered"
     "hint_shown": true,                  # whether the hint was shown
     "hint": "For each respondent: …",    # the hint text shown (in "lang"), or null
     "lang": "en",                        # "en" or "zh": the language of the message
     "version": 1}                        # CHECK_RECORD_VERSION

A saved notebook thus tells which tasks are answered, correct or not yet, and which hint was
shown, without running trainee code (``service-course progress`` reads these records). The record
never contains the trainee's answer. Renderers that do not know the mimetype (JupyterLab,
nbconvert, GitHub) show the ``text/plain`` message; nbval compares the record like any other
output, and it is the same on every run. Outside IPython (plain ``python``) the message is
printed, as before.
"""

from __future__ import annotations

import hashlib
import importlib
import math
import os
import sys
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..lang import LANG_ENV, T, check_lang, pick
from ..lang import set_lang as set_lang_everywhere

__all__ = [
    "STRICT_ENV",
    "LANG_ENV",
    "CHECK_MIMETYPE",
    "CHECK_RECORD_VERSION",
    "CheckResult",
    "CheckFailed",
    "CheckError",
    "Task",
    "task",
    "TRACKS",
    "choice_key",
    "registry",
    "get_task",
    "evaluate",
    "check",
    "publish",
    "set_lang",
    "is_unanswered",
    "expect",
    "expect_close",
    "expect_equal",
    "expect_type",
    "expect_choice",
    "expect_list",
    "expect_items",
    "expect_fraction",
    "normalise_choice",
    "normalise_choices",
]

STRICT_ENV = "COURSE_CHECKS_STRICT"
#: Mimetype of the machine-readable record that :func:`check` publishes beside its message.
CHECK_MIMETYPE = "application/vnd.service-course.check+json"
#: Version of that record's format (its keys: task, status, hint_shown, hint, lang, version).
CHECK_RECORD_VERSION = 1

_MESSAGES = {
    "pass": T("✅ Correct: {title}"),
    "fail": T("❌ Not yet: {title}\n"
              "   {reason}"),
    "hint": T("💡 Hint: {hint}"),
    "unanswered": T("✍️ Not answered yet: {title}. Replace the ... with your answer and run the cell again."),
}

def set_lang(lang: str) -> None:
    """Choose the language of feedback messages, plots, tables and widgets: ``"en"`` or ``"zh"``
    (the same switch as :func:`course_lib.setup`)."""
    set_lang_everywhere(lang)


def _current_lang(lang: str | None = None) -> str:
    return check_lang(lang)


def _t(text, lang: str) -> str:
    return "" if text is None else pick(text, lang)


class CheckFailed(Exception):
    """Raised inside a task function: the answer is wrong, for ``reason``."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(_t(reason, "en"))


class CheckError(AssertionError):
    """Raised by :func:`check` in strict mode when an answer is wrong or missing."""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: ``status`` is ``"pass"``, ``"fail"`` or ``"unanswered"``;
    ``hint`` is the hint shown with a failure (else ``None``), ``lang`` the language of the message."""

    task: str
    status: str
    message: str
    hint: str | None = None
    lang: str = "en"

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def record(self) -> dict:
        """The machine-readable record published under :data:`CHECK_MIMETYPE` (never the answer).

        Examples
        --------
        >>> evaluate("warmup.n_parties", ..., lang="en").record()
        {'task': 'warmup.n_parties', 'status': 'unanswered', 'hint_shown': False, 'hint': None, 'lang': 'en', 'version': 1}
        """
        return {"task": self.task, "status": self.status, "hint_shown": self.hint is not None,
                "hint": self.hint, "lang": self.lang, "version": CHECK_RECORD_VERSION}

    def bundle(self) -> dict:
        """The display bundle :func:`check` publishes: the message and the record."""
        return {"text/plain": self.message, CHECK_MIMETYPE: self.record()}


@dataclass(frozen=True)
class Task:
    """A registered exercise task."""

    id: str
    title: Mapping[str, str]
    hint: Mapping[str, str]
    func: Callable[[Any], None]
    wrong: Callable[[], Any] | None
    track: str = "analyst"


#: The two tracks of an exercise: decision tasks a manager answers from what the notebook already
#: shows (choose, rank, set or edit one value, draft a text), and analyst tasks that need pandas.
TRACKS = ("manager", "analyst")

_REGISTRY: dict[str, Task] = {}


def task(task_id: str, *, title, hint, wrong: Callable[[], Any] | None = None, track: str = "analyst"):
    """Register a check function for ``task_id`` (``"<module>.<name>"``).

    ``wrong`` returns a plausible wrong answer; the test-suite feeds it to the
    check and expects a failure that shows the hint. ``track`` is ``"manager"`` for a decision
    task answered without pandas (read what the notebook shows, then choose, rank or set a value)
    and ``"analyst"`` for a task that needs code (see :data:`TRACKS`).
    """
    module = task_id.split(".")[0]
    if track not in TRACKS:
        raise ValueError(f"task {task_id!r}: track must be one of {TRACKS}, not {track!r}")

    def decorate(func):
        if task_id in _REGISTRY:
            raise ValueError(f"check {task_id!r} is registered twice")
        _REGISTRY[task_id] = Task(task_id, _as_text(title), _as_text(hint), func, wrong, track)
        return func

    if not module:
        raise ValueError("task ids look like 'servqual.dimension_gap'")
    return decorate


def _as_text(text) -> T | str | Mapping[str, str]:
    return text if isinstance(text, (str, T)) else dict(text)


def registry() -> dict[str, Task]:
    """All registered tasks (imports every check module of this package first)."""
    import pkgutil

    from course_lib import checks as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"course_lib.checks.{info.name}")
    return dict(sorted(_REGISTRY.items()))


def get_task(task_id: str) -> Task:
    """Look up a task, importing its lesson's check module on demand."""
    if task_id not in _REGISTRY:
        module = task_id.split(".")[0]
        try:
            importlib.import_module(f"course_lib.checks.{module}")
        except ModuleNotFoundError:
            pass
    if task_id not in _REGISTRY:
        known = ", ".join(sorted(registry()))
        raise KeyError(f"no check called {task_id!r}; known checks: {known}")
    return _REGISTRY[task_id]


def is_unanswered(answer: Any) -> bool:
    """True when ``answer`` is ``...`` or a list/tuple/dict that still contains ``...``."""
    if answer is Ellipsis:
        return True
    if isinstance(answer, (list, tuple, set)):
        return any(is_unanswered(a) for a in answer)
    if isinstance(answer, dict):
        return any(is_unanswered(a) for a in answer.values())
    return False


def evaluate(task_id: str, answer: Any, *, lang: str | None = None) -> CheckResult:
    """Run a check without printing; return its :class:`CheckResult`.

    Examples
    --------
    >>> print(evaluate("warmup.n_parties", ...).message)
    ✍️ Not answered yet: Count the parties served. Replace the ... with your answer and run the cell again.
    >>> evaluate("warmup.n_parties", 243).status
    'fail'
    """
    lang = _current_lang(lang)
    t = get_task(task_id)
    title = _t(t.title, lang)
    if is_unanswered(answer):
        return CheckResult(task_id, "unanswered", pick(_MESSAGES["unanswered"], lang).format(title=title),
                           lang=lang)
    try:
        t.func(answer)
    except CheckFailed as exc:
        reason = exc.reason
    except Exception as exc:  # a trainee's answer of the wrong shape must not crash the check
        reason = T("the answer could not be checked ({name}: {exc}).", name=type(exc).__name__, exc=exc)
    else:
        return CheckResult(task_id, "pass", pick(_MESSAGES["pass"], lang).format(title=title), lang=lang)
    hint = _t(t.hint, lang)
    msg = pick(_MESSAGES["fail"], lang).format(title=title, reason=_t(reason, lang))
    msg += "\n" + pick(_MESSAGES["hint"], lang).format(hint=hint)
    return CheckResult(task_id, "fail", msg, hint=hint, lang=lang)


def _shell():
    """The running IPython shell, or ``None`` (plain Python; IPython is not imported for the test)."""
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None)
    return get() if get is not None else None


def publish(result: CheckResult) -> None:
    """Show a result: in IPython one display output (:meth:`CheckResult.bundle`: the message as
    ``text/plain`` and the record as :data:`CHECK_MIMETYPE`), elsewhere the message, printed."""
    if _shell() is None:
        print(result.message)
        return
    from IPython.display import display

    display(result.bundle(), raw=True)


def check(task_id: str, answer: Any, *, lang: str | None = None) -> None:
    """Check a trainee's answer and show feedback (raises only in strict mode).

    In a notebook the feedback is one display output: the message and a machine-readable record
    (see :data:`CHECK_MIMETYPE` and :func:`publish`); in plain Python the message is printed.

    Examples
    --------
    >>> from course_lib import data
    >>> from course_lib.checks import check
    >>> check("warmup.n_parties", len(data.load("tips")))
    ✅ Correct: Count the parties served
    """
    result = evaluate(task_id, answer, lang=lang)
    publish(result)
    if os.environ.get(STRICT_ENV) == "1" and not result.passed:
        raise CheckError(f"[strict mode] {result.message}")


# --------------------------------------------------------------------------- helpers for check authors
def expect(condition: bool, reason) -> None:
    """Raise :class:`CheckFailed` with ``reason`` unless ``condition`` holds."""
    if not condition:
        raise CheckFailed(reason)


def expect_type(answer: Any, types, what: str | T) -> None:
    """The answer must be an instance of ``types``; ``what`` names it (e.g. "a number")."""
    if not isinstance(answer, types):
        got = type(answer).__name__
        raise CheckFailed(T("expected {what}, got a {got}.", what=what, got=got))


def expect_fraction(answer: Any, *, label: T | str = T("share")) -> None:
    """Fail with a clear reason when a share is given as a percentage or a count (a number above 1).

    Call it before :func:`expect_close` in every check whose answer is a fraction between 0 and 1.

    Examples
    --------
    >>> expect_fraction(0.71)
    >>> expect_fraction(71)
    Traceback (most recent call last):
    ...
    course_lib.checks._core.CheckFailed: give the share as a fraction between 0 and 1 (such as 0.71), not a percentage or a count (such as 71).
    """
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, float, np.integer, np.floating)):
        return
    if answer > 1:
        raise CheckFailed(T("give the {what} as a fraction between 0 and 1 (such as 0.71), not a percentage "
                            "or a count (such as 71).", what=label))


def expect_list(answer: Any, what, *, one_string: bool = False, ordered: bool = False) -> list:
    """A list-like answer (list, tuple, Series, Index, array; a set unless ``ordered``) as a plain list.

    ``one_string=True`` also accepts a single string as a one-item list. Anything else fails with
    "expected <what>".
    """
    if one_string and isinstance(answer, str):
        answer = [answer]
    kinds = (list, tuple, pd.Series, pd.Index, np.ndarray) + (() if ordered else (set,))
    expect_type(answer, kinds, what)
    return list(answer)


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value it holds (so that ``repr`` shows ``'a'``, not ``np.str_('a')``)."""
    return value.item() if isinstance(value, np.generic) else value


def _item_key(value: Any) -> Any:
    value = _plain(value)
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


#: How many items a list message names at most.
_SHOWN_ITEMS = 6


def _show_items(items: Sequence) -> str | T:
    if not items:
        return T("none", context="items")
    text = ", ".join(repr(_plain(i)) for i in items[:_SHOWN_ITEMS])
    return text + (", …" if len(items) > _SHOWN_ITEMS else "")


def expect_items(answer: Iterable, expected: Iterable, *, label: str | T = T("list"), ordered: bool = False,
                 shown: Sequence | None = None) -> None:
    """A list answer with the same items as ``expected`` (in the same order if ``ordered``).

    Every check that compares a list uses this helper, so that the feedback is always the same: which
    of the trainee's items are right, which are not, and how many are missing (the missing ones are
    counted, not named: naming them would give the answer away). An ordered answer with the right
    items in another order is told the first position that differs. ``shown`` gives the trainee's
    own spelling of each item (e.g. a label) when ``answer`` holds normalised keys.

    Examples
    --------
    >>> expect_items(["b", "a"], ["a", "b"])
    >>> expect_items(["a", "x"], ["a", "b", "c"], label="list of dimensions")
    Traceback (most recent call last):
    ...
    course_lib.checks._core.CheckFailed: your list of dimensions is not right yet. Right: 'a'. Not right: 'x'. Missing: 2.
    >>> expect_items(["a", "c", "b"], ["a", "b", "c"], label="ranking", ordered=True)
    Traceback (most recent call last):
    ...
    course_lib.checks._core.CheckFailed: your ranking has the right items, but not in the right order: the first difference is at position 2 ('c').
    """
    got, want = list(answer), list(expected)
    shown = got if shown is None else list(shown)
    got_keys, want_keys = [_item_key(a) for a in got], [_item_key(e) for e in want]
    same_items = Counter(got_keys) == Counter(want_keys)
    if got_keys == want_keys or (same_items and not ordered):
        return
    if same_items:
        position = next(i for i, (a, e) in enumerate(zip(got_keys, want_keys)) if a != e)
        raise CheckFailed(T("your {label} has the right items, but not in the right order: the first "
                            "difference is at position {position} ({item!r}).",
                            label=label, position=position + 1, item=_plain(shown[position])))
    remaining = Counter(want_keys)
    right, wrong = [], []
    for key, item in zip(got_keys, shown):
        if remaining[key] > 0:
            remaining[key] -= 1
            right.append(item)
        else:
            wrong.append(item)
    raise CheckFailed(T("your {label} is not right yet. Right: {right}. Not right: {wrong}. Missing: {n_missing}.",
                        label=label, right=_show_items(right), wrong=_show_items(wrong),
                        n_missing=sum(remaining.values())))


# --------------------------------------------------------------------------- choices given by key or label
def _fold(text: Any) -> str:
    """Compare forms without case, surrounding spaces, or the difference between ``_`` and a space."""
    return " ".join(str(text).replace("_", " ").split()).casefold()


def _label_in(value: Any, lang: str) -> str:
    """A label in ``lang``: a :class:`T`, an ``{"en": …, "zh": …}`` mapping, a str, an object with a
    ``label(lang)`` method (a SERVQUAL :class:`~course_lib.servqual.Dimension`) or a function of ``lang``."""
    label = getattr(value, "label", None)
    if callable(label):
        return str(label(lang))
    if callable(value):
        return str(value(lang))
    return pick(value, lang)


def _choice_lookup(labels: Mapping[str, Any]) -> dict[str, str]:
    from ..lang import languages

    lookup: dict[str, str] = {}
    for key in labels:                      # keys first: a key always means itself
        lookup.setdefault(_fold(key), key)
    for key, value in labels.items():
        for lang in languages():
            lookup.setdefault(_fold(_label_in(value, lang)), key)
    return lookup


def _unknown_choices(unknown: list, labels: Mapping[str, Any], what) -> CheckFailed:
    first = next(iter(labels))
    return CheckFailed(T("{unknown}: not one of the {what}. Give the key ({keys}) or its English or Chinese "
                         "label (such as {en!r} or {zh!r}).",
                         unknown=", ".join(repr(_plain(u)) for u in unknown[:_SHOWN_ITEMS]), what=what,
                         keys=", ".join(map(str, labels)), en=_label_in(labels[first], "en"),
                         zh=_label_in(labels[first], "zh")))


def normalise_choice(answer: Any, labels: Mapping[str, Any], *, what: str | T = T("choices")) -> str:
    """The key ``answer`` names: the key itself, or its English or Chinese label.

    ``labels`` maps each key to its label: a :class:`T`, an ``{"en": …, "zh": …}`` mapping, an
    object with a ``label(lang)`` method or a function of the language. Case, surrounding spaces
    and ``_`` versus a space do not matter. Anything else fails with a reason that lists the keys
    and shows the label forms; ``what`` names the choices ("SERVQUAL dimensions").

    Examples
    --------
    >>> from course_lib.servqual import DIMENSIONS
    >>> [normalise_choice(a, DIMENSIONS) for a in ("responsiveness", "Responsiveness", "响应性")]
    ['responsiveness', 'responsiveness', 'responsiveness']
    >>> normalise_choice("speed", DIMENSIONS, what="SERVQUAL dimensions")
    Traceback (most recent call last):
    ...
    course_lib.checks._core.CheckFailed: 'speed': not one of the SERVQUAL dimensions. Give the key (tangibles, reliability, responsiveness, assurance, empathy) or its English or Chinese label (such as 'Tangibles' or '有形性').
    """
    return normalise_choices([answer], labels, what=what)[0]


def normalise_choices(answers: Iterable, labels: Mapping[str, Any], *, what: str | T = T("choices")) -> list[str]:
    """:func:`normalise_choice` for every item of a list (one message names all unknown items)."""
    lookup = _choice_lookup(labels)
    keys, unknown = [], []
    for answer in answers:
        key = lookup.get(_fold(answer)) if isinstance(answer, str) else None
        if key is None:
            unknown.append(answer)
        keys.append(key)
    if unknown:
        raise _unknown_choices(unknown, labels, what)
    return keys


# --------------------------------------------------------------------------- numbers
def _as_array(value: Any) -> np.ndarray:
    if isinstance(value, (pd.Series, pd.DataFrame, pd.Index)):
        return value.to_numpy(dtype=float)
    return np.asarray(value, dtype=float)


def _decimals(value: Any) -> int | None:
    """The number of decimals a number shows (``0.71`` → 2, ``16`` → 0), ``None`` for NaN or non-numbers."""
    value = _plain(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return 0
    try:
        d = Decimal(repr(float(value)))
    except (TypeError, ValueError, InvalidOperation):
        return None
    if not d.is_finite():
        return None
    return max(0, -d.as_tuple().exponent)


def _decimals_needed(tol: float) -> int | None:
    """Decimals an answer needs to be within ``tol`` once rounded (``1e-3`` → 3, ``0.05`` → 2)."""
    if not tol > 0 or not math.isfinite(tol):
        return None
    return max(0, math.ceil(-math.log10(tol) - 1e-9))


def _significant_digits(value: Any) -> int:
    """Digits a number shows, leading zeros left out (``0.47`` → 2, ``0.5`` → 1, ``16`` → 2)."""
    try:
        return len(Decimal(repr(_plain(value))).normalize().as_tuple().digits) if value != 0 else 0
    except (TypeError, ValueError, InvalidOperation):
        return 0


def _rounded_too_much(values: np.ndarray, expected: np.ndarray, decimals: list, tol: np.ndarray) -> int | None:
    """The decimals needed when every wrong value is the expected one rounded to the decimals the
    answer shows (fewer than the tolerance allows); else ``None``."""
    shown = [d for d in decimals if d is not None]
    needed = [_decimals_needed(float(t)) for t in np.ravel(tol)]
    if not shown or None in needed or not np.any(values != 0):
        return None
    d, need = max(shown), max(needed)
    if d >= need:
        return None
    half_unit = 0.5 * 10.0 ** -d * (1 + 1e-9)
    with np.errstate(invalid="ignore"):
        close = np.abs(values - expected) <= half_unit
    return need if bool(np.all(close | (np.isnan(values) & np.isnan(expected)))) else None


def _advice(decimals: int) -> T:
    if decimals == 1:
        return T("give at least one decimal")
    return T("give at least {decimals} decimals", decimals=decimals)


def expect_close(answer: Any, expected: Any, *, tol: float = 1e-6, rel: float = 0.0, label: str | T = T("value")) -> None:
    """Numbers, arrays, Series or DataFrames equal to ``expected`` within ``tol`` (+ ``rel``·|expected|).

    Series/DataFrames are compared after aligning on the expected index and
    columns, so order does not matter but names do. A number that is right to the decimals it shows
    but rounded more than the tolerance allows is told so ("close … give at least 3 decimals"), with
    the decimals computed from the tolerance.

    Examples
    --------
    >>> expect_close(0.7134, 0.71342, tol=1e-3)
    >>> expect_close(0.71, 0.71342, tol=1e-3, label="share")
    Traceback (most recent call last):
    ...
    course_lib.checks._core.CheckFailed: your share is 0.71: close, but rounded too much; give at least 3 decimals (or do not round).
    >>> expect_close(0.75, 0.71342, tol=1e-3, label="share")
    Traceback (most recent call last):
    ...
    course_lib.checks._core.CheckFailed: your share is 0.75, which is not right.
    """
    if isinstance(expected, (pd.Series, pd.DataFrame)):
        expect_type(answer, type(expected), T("a pandas {name}", name=type(expected).__name__))
        missing = [i for i in expected.index if i not in answer.index]
        expect(not missing, T("your {label} lacks the entries {missing}.", label=label, missing=missing[:5]))
        answer = answer.loc[expected.index]
        if isinstance(expected, pd.DataFrame):
            cols = [c for c in expected.columns if c not in answer.columns]
            expect(not cols, T("your {label} lacks the columns {cols}.", label=label, cols=cols[:5]))
            answer = answer[expected.columns]
    elif isinstance(expected, (int, float, np.number)):
        if isinstance(answer, (pd.Series, pd.DataFrame, np.ndarray, list, tuple)) and np.size(answer) == 1:
            answer = np.asarray(answer).ravel()[0]
        expect_type(answer, (int, float, np.number), T("a single number"))
    a = _as_array(answer)
    e = _as_array(expected)
    expect(a.shape == e.shape, T("your {label} has shape {shape}, expected {shape2}.",
                                 label=label, shape=a.shape, shape2=e.shape))
    ok = np.isclose(a, e, atol=tol, rtol=rel, equal_nan=True)
    if ok.all():
        return
    allowed = tol + rel * np.abs(np.nan_to_num(e))
    if e.ndim == 0:
        decimals = _decimals(answer)
        # a single number must show two significant digits (0.47, 16): a 0.5 that the expected 0.466
        # rounds to is more likely a wrong answer than a rounded right one
        needed = _rounded_too_much(a, e, [decimals], allowed) if _significant_digits(answer) >= 2 else None
        if needed is not None:
            shown = f"{float(a):.{decimals}f}"
            raise CheckFailed(T("your {label} is {shown}: close, but rounded too much; {advice} (or do not round).",
                                label=label, shown=shown, advice=_advice(needed)))
        shown = f"{float(a):.4g}"
        raise CheckFailed(T("your {label} is {shown}, which is not right.", label=label, shown=shown))
    if np.issubdtype(np.asarray(answer).dtype, np.integer):
        decimals = [0]
    else:
        decimals = [_decimals(v) for v in a.ravel()]
    needed = _rounded_too_much(a, e, decimals, allowed)
    if needed is not None:
        raise CheckFailed(T("the values of your {label} are close, but rounded too much; {advice} (or do not round).",
                            label=label, advice=_advice(needed)))
    n_bad = int((~ok).sum())
    raise CheckFailed(T("{n_bad} of {size} values of your {label} are not right.",
                        n_bad=n_bad, size=ok.size, label=label))


def expect_equal(answer: Any, expected: Any, *, label: str | T = T("answer"), ignore_order: bool = False) -> None:
    """Exact equality (strings, numbers); lists (also Series, Index, arrays, tuples) are compared
    with :func:`expect_items`, so the reason names the right, wrong and missing items (in order
    unless ``ignore_order``, which also compares the items as text)."""
    a, e = answer, expected
    if isinstance(a, (pd.Series, pd.Index, np.ndarray, tuple)) or (ignore_order and isinstance(a, (set, frozenset))):
        a = list(a)
    if isinstance(e, (pd.Series, pd.Index, np.ndarray, tuple)) or (ignore_order and isinstance(e, (set, frozenset))):
        e = list(e)
    if isinstance(a, list) and isinstance(e, list):
        if ignore_order:
            expect_items([str(_plain(x)) for x in a], [str(_plain(x)) for x in e], label=label, shown=a)
        else:
            expect_items(a, e, label=label, ordered=True)
        return
    if a != e:
        raise CheckFailed(T("your {label} {answer!r} is not right.", label=label, answer=answer))


def choice_key(letter: str, salt: str) -> str:
    """The stored form of a multiple-choice answer: ``"sha256:<salt>:<digest>"``.

    Checks of a conceptual question keep the key, not the letter, so that the student bundle (which
    ships ``course_lib.checks``) holds no answer in readable form. This hides the answer from a reader
    of the code, not from someone who tries every letter (which the check itself allows anyway).

    Examples
    --------
    >>> key = choice_key("b", "blueprint.line_quiz")
    >>> key.startswith("sha256:blueprint.line_quiz:"), _choice_matches("B ", key), _choice_matches("a", key)
    (True, True, False)
    """
    digest = hashlib.sha256(f"{salt}|{letter.strip().lower()}".encode()).hexdigest()[:24]
    return f"sha256:{salt}:{digest}"


def _choice_matches(letter: str, correct: str) -> bool:
    if correct.startswith("sha256:"):
        salt = correct.split(":")[1]
        return choice_key(letter, salt) == correct
    return letter.strip().lower() == correct


def expect_choice(answer: Any, correct: str, choices: str = "abcd") -> None:
    """A multiple-choice answer: one letter among ``choices``.

    ``correct`` is a letter the check computed from the data, or a :func:`choice_key` for a
    question whose answer does not depend on data (never a literal letter in the check's code).
    """
    expect_type(answer, str, T("a letter in quotes, e.g. \"b\""))
    letter = answer.strip().lower()
    expect(len(letter) == 1 and letter in choices,
           T("answer with one of the letters {join}.", join=', '.join(choices)))
    expect(_choice_matches(letter, correct), T("({letter}) is not the best answer.", letter=letter))
