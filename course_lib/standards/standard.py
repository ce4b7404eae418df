"""The service standard: a measurable promise (metric, threshold, target attainment)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import CourseDataError, show
from ..lang import T, check_lang

__all__ = ["Standard"]


@dataclass(frozen=True)
class Standard:
    """A measurable service promise: ``target`` share of events with ``metric`` within ``threshold``.

    Parameters
    ----------
    metric : str
        The column of the event log that is measured (e.g. ``"wait_min"``).
    threshold : float
        The promised limit: an event keeps the promise when its value is at most
        ``threshold`` (or at least, with ``direction=">="``).
    target : float
        The attainment the organisation commits to, a share in (0, 1] (0.8 = 80% of events).
    unit : str
        Unit of the metric ("min", "s", "h" …), for labels.
    label_en, label_zh : str
        Short names of the promise in English and Chinese.
    direction : {"<=", ">="}
        ``"<="`` for times (at most the threshold), ``">="`` for scores (at least).

    Examples
    --------
    >>> s = Standard("answer_s", 20, 0.8, "s", "Calls answered within 20 s", "20秒内接听")
    >>> s.describe()
    '80% of events with answer_s <= 20 s (Calls answered within 20 s)'
    >>> s.describe("zh")
    '80% 的服务事件 answer_s <= 20 s（20秒内接听）'
    >>> s.kept([5, 20, 21]).tolist()
    [True, True, False]
    """

    metric: str
    threshold: float
    target: float
    unit: str = ""
    label_en: str = ""
    label_zh: str = ""
    direction: str = "<="

    def __post_init__(self):
        if not isinstance(self.metric, str) or not self.metric.strip():
            raise CourseDataError(T("a standard needs the name of the measured column"), source="Standard",
                                  expected=T("metric='wait_min' (a column of the event log)"),
                                  fix=T("name the column that holds the time or score being promised"))
        try:
            threshold = float(self.threshold)
        except (TypeError, ValueError):
            threshold = float("nan")
        if not math.isfinite(threshold):
            raise CourseDataError(T("the threshold must be a number, not {value}", value=show(self.threshold)),
                                  source="Standard",
                                  expected=T("e.g. threshold=15 for 'within 15 minutes'"),
                                  fix=T("write the promised limit as a number in the metric's unit"))
        object.__setattr__(self, "threshold", threshold)
        try:
            target = float(self.target)
        except (TypeError, ValueError):
            target = float("nan")
        if not (0 < target <= 1):
            raise CourseDataError(T("the target attainment must be a share in (0, 1], not {value}",
                                    value=show(self.target)),
                                  source="Standard", expected=T("e.g. target=0.9 for '90% of the time'"),
                                  fix=T("write 90% as 0.9"))
        object.__setattr__(self, "target", target)
        if self.direction not in ("<=", ">="):
            raise CourseDataError(T("direction must be '<=' or '>=', not {direction}", direction=repr(self.direction)),
                                  source="Standard",
                                  expected=T("'<=' for times (at most), '>=' for scores (at least)"),
                                  fix=T("use direction='<=' for a time limit"))

    def label(self, lang: str | None = None) -> str:
        """The promise's short name in ``lang`` (falls back to the metric)."""
        lang = check_lang(lang)
        text = self.label_zh if lang == "zh" else self.label_en
        return text or self.label_en or self.metric

    def describe(self, lang: str | None = None) -> str:
        """The whole promise as a sentence."""
        lang = check_lang(lang)
        pct = f"{self.target * 100:g}%"
        limit = f"{self.metric} {self.direction} {self.threshold:g}" + (f" {self.unit}" if self.unit else "")
        name = self.label(lang)
        if lang == "zh":
            return f"{pct} 的服务事件 {limit}（{name}）"
        return f"{pct} of events with {limit} ({name})"

    def kept(self, values) -> np.ndarray:
        """Boolean array: which values keep the promise (missing values do not)."""
        x = np.asarray(values, dtype=float)
        with np.errstate(invalid="ignore"):
            return (x <= self.threshold) if self.direction == "<=" else (x >= self.threshold)
