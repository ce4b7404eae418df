"""The one-page service excellence plan: five steps, from moments of truth to monitoring."""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..errors import CourseDataError
from ..lang import T, check_lang, pick
from ..standards import Standard

__all__ = ["STAGES", "LESSONS", "plan_summary"]

#: The five steps of a service excellence plan and their names.
STAGES: dict[str, T] = {
    "moments_of_truth": T("Moments of truth"),
    "diagnosis": T("SERVQUAL diagnosis"),
    "redesign": T("Blueprint redesign"),
    "standards": T("Standards and commitments"),
    "monitoring": T("Monitoring and listening"),
}
#: The lesson that teaches each step.
LESSONS: dict[str, str] = {
    "moments_of_truth": "02_moments_of_truth.ipynb",
    "diagnosis": "03_servqual.ipynb",
    "redesign": "04_service_blueprint.ipynb",
    "standards": "06_standards_and_commitments.ipynb",
    "monitoring": "07_nps_feedback_recovery.ipynb",
}

_UNANSWERED = T("✍ not answered yet")


def _text(value: Any, lang: str, stage: str, source: str) -> str | None:
    """One plan entry as text; ``None`` when unanswered."""
    if value is Ellipsis or value is None:
        return None
    if isinstance(value, Standard):
        return value.describe(lang)
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (bool, np.bool_)):
        pass
    elif isinstance(value, (int, float, np.integer, np.floating)):
        return f"{float(value):g}"
    if isinstance(value, Mapping) and set(value) <= {"en", "zh"} and value:
        return _text(value.get(lang, value.get("en", value.get("zh"))), lang, stage, source)
    if isinstance(value, (list, tuple, pd.Series, pd.Index)):
        parts = [_text(v, lang, stage, source) for v in list(value)]
        parts = [p for p in parts if p]
        return "; ".join(parts) or None
    raise CourseDataError(T("the plan entry {stage} is a {type}", stage=repr(stage), type=type(value).__name__),
                          source=source, column=stage,
                          expected=T("text, a number, a standards.Standard or a list of these"),
                          fix=T("write the entry as a short sentence in quotes, or a list of sentences"))


def plan_summary(plan: Mapping[str, Any] | Any, *, lang: str | None = None, source: str = "plan") -> pd.DataFrame:
    """A service excellence plan as a one-page table: one row per step of :data:`STAGES`.

    Parameters
    ----------
    plan : dict
        Stage key → the plan's entry: text, a number, a
        :class:`~course_lib.standards.Standard` (written out with its
        ``describe``), a ``{"en": …, "zh": …}`` pair or a list of these.
        Missing stages and entries still ``...`` (or the whole plan ``...``) are
        shown as not answered, so an untouched exercise still runs.
    lang : {"en", "zh"}

    Returns
    -------
    DataFrame
        Columns ``step`` (1–5), ``stage``, ``lesson``, ``plan`` and ``answered``.

    Examples
    --------
    >>> from course_lib.standards import Standard
    >>> t = plan_summary({"moments_of_truth": ["Waiting", "Paperwork"],
    ...                   "standards": Standard("wait_min", 10, 0.85, "min")})
    >>> t.loc[0, "plan"], t.loc[3, "plan"]
    ('Waiting; Paperwork', '85% of events with wait_min <= 10 min (wait_min)')
    >>> plan_summary(..., lang="zh").loc[4, "plan"]
    '✍ 尚未作答'
    """
    lang = check_lang(lang)
    if plan is Ellipsis:
        plan = {}
    if not isinstance(plan, Mapping):
        raise CourseDataError(T("a plan is a dict, not a {type}", type=type(plan).__name__), source=source,
                              expected="{'moments_of_truth': ..., 'diagnosis': ..., 'redesign': ..., "
                                       "'standards': ..., 'monitoring': ...}",
                              fix=T("build the plan as a dict with the five stage keys"))
    unknown = [k for k in plan if k not in STAGES]
    if unknown:
        raise CourseDataError(T("unknown plan stage {unknown}", unknown=repr(unknown[0])), source=source,
                              column=unknown[0],
                              expected=T("the keys {names}", names=", ".join(STAGES)),
                              fix=T("check the spelling of the key"))
    texts = [_text(plan.get(k, Ellipsis), lang, k, source) for k in STAGES]
    return pd.DataFrame({
        "step": np.arange(1, len(STAGES) + 1),
        "stage": [pick(STAGES[k], lang) for k in STAGES],
        "lesson": [LESSONS[k] for k in STAGES],
        "plan": [t if t is not None else _UNANSWERED.render(lang) for t in texts],
        "answered": [t is not None for t in texts],
    })
