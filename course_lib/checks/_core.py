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
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np
import pandas as pd

from ..lang import LANG_ENV, T, check_lang, pick
from ..lang import set_lang as set_lang_everywhere

__all__ = [
    "STRICT_ENV",
    "LANG_ENV",
    "CheckResult",
    "CheckFailed",
    "CheckError",
    "Task",
    "task",
    "registry",
    "get_task",
    "evaluate",
    "check",
    "set_lang",
    "is_unanswered",
    "expect",
    "expect_close",
    "expect_equal",
    "expect_type",
    "expect_choice",
    "expect_list",
    "expect_fraction",
]

STRICT_ENV = "COURSE_CHECKS_STRICT"

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
    """The outcome of one check: ``status`` is ``"pass"``, ``"fail"`` or ``"unanswered"``."""

    task: str
    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == "pass"


@dataclass(frozen=True)
class Task:
    """A registered exercise task."""

    id: str
    title: Mapping[str, str]
    hint: Mapping[str, str]
    func: Callable[[Any], None]
    wrong: Callable[[], Any] | None


_REGISTRY: dict[str, Task] = {}


def task(task_id: str, *, title, hint, wrong: Callable[[], Any] | None = None):
    """Register a check function for ``task_id`` (``"<module>.<name>"``).

    ``wrong`` returns a plausible wrong answer; the test-suite feeds it to the
    check and expects a failure that shows the hint.
    """
    module = task_id.split(".")[0]

    def decorate(func):
        if task_id in _REGISTRY:
            raise ValueError(f"check {task_id!r} is registered twice")
        _REGISTRY[task_id] = Task(task_id, _as_text(title), _as_text(hint), func, wrong)
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
        return CheckResult(task_id, "unanswered", pick(_MESSAGES["unanswered"], lang).format(title=title))
    try:
        t.func(answer)
    except CheckFailed as exc:
        msg = pick(_MESSAGES["fail"], lang).format(title=title, reason=_t(exc.reason, lang))
        msg += "\n" + pick(_MESSAGES["hint"], lang).format(hint=_t(t.hint, lang))
        return CheckResult(task_id, "fail", msg)
    except Exception as exc:  # a trainee's answer of the wrong shape must not crash the check
        reason = T("the answer could not be checked ({name}: {exc}).", name=type(exc).__name__, exc=exc)
        msg = pick(_MESSAGES["fail"], lang).format(title=title, reason=_t(reason, lang))
        msg += "\n" + pick(_MESSAGES["hint"], lang).format(hint=_t(t.hint, lang))
        return CheckResult(task_id, "fail", msg)
    return CheckResult(task_id, "pass", pick(_MESSAGES["pass"], lang).format(title=title))


def check(task_id: str, answer: Any, *, lang: str | None = None) -> None:
    """Check a trainee's answer and print feedback (raises only in strict mode).

    Examples
    --------
    >>> from course_lib.checks import check
    >>> check("warmup.n_parties", 244)
    ✅ Correct: Count the parties served
    """
    result = evaluate(task_id, answer, lang=lang)
    print(result.message)
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


def _as_array(value: Any) -> np.ndarray:
    if isinstance(value, (pd.Series, pd.DataFrame, pd.Index)):
        return value.to_numpy(dtype=float)
    return np.asarray(value, dtype=float)


def expect_close(answer: Any, expected: Any, *, tol: float = 1e-6, rel: float = 0.0, label: str | T = T("value")) -> None:
    """Numbers, arrays, Series or DataFrames equal to ``expected`` within ``tol`` (+ ``rel``·|expected|).

    Series/DataFrames are compared after aligning on the expected index and
    columns, so order does not matter but names do.
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
            answer = np.asarray(answer, dtype=float).ravel()[0]
        expect_type(answer, (int, float, np.number), T("a single number"))
    a = _as_array(answer)
    e = _as_array(expected)
    expect(a.shape == e.shape, T("your {label} has shape {shape}, expected {shape2}.",
                                 label=label, shape=a.shape, shape2=e.shape))
    ok = np.isclose(a, e, atol=tol, rtol=rel, equal_nan=True)
    if not ok.all():
        if e.ndim == 0:
            shown = f"{float(a):.4g}"
            raise CheckFailed(T("your {label} is {shown}, which is not right.", label=label, shown=shown))
        n_bad = int((~ok).sum())
        raise CheckFailed(T("{n_bad} of {size} values of your {label} are not right.",
                            n_bad=n_bad, size=ok.size, label=label))


def expect_equal(answer: Any, expected: Any, *, label: str | T = T("answer"), ignore_order: bool = False) -> None:
    """Exact equality (lists, strings, sets); ``ignore_order`` compares sorted lists."""
    a, e = answer, expected
    if isinstance(a, (pd.Series, pd.Index, np.ndarray, tuple)):
        a = list(a)
    if isinstance(e, (pd.Series, pd.Index, np.ndarray, tuple)):
        e = list(e)
    if ignore_order and isinstance(a, list) and isinstance(e, list):
        a, e = sorted(map(str, a)), sorted(map(str, e))
    if a != e:
        raise CheckFailed(T("your {label} {answer!r} is not right.", label=label, answer=answer))


def expect_choice(answer: Any, correct: str, choices: str = "abcd") -> None:
    """A multiple-choice answer: one letter among ``choices``."""
    expect_type(answer, str, T("a letter in quotes, e.g. \"b\""))
    letter = answer.strip().lower()
    expect(len(letter) == 1 and letter in choices,
           T("answer with one of the letters {join}.", join=', '.join(choices)))
    expect(letter == correct, T("({letter}) is not the best answer.", letter=letter))

