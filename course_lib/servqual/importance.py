"""Importance-performance analysis (Martilla & James 1977): each attribute in one of four quadrants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from ..errors import CourseDataError
from .model import _check_scale
from ..lang import T

__all__ = ["QUADRANTS", "IPA", "ipa"]


QUADRANTS: dict[str, T] = {
    "concentrate": T("Concentrate here"),
    "keep_up": T("Keep up the good work"),
    "low_priority": T("Low priority"),
    "overkill": T("Possible overkill"),
}


@dataclass(frozen=True)
class IPA:
    """Result of :func:`ipa`: ``table`` (attribute → importance, performance, quadrant key and label)
    and the crosshair (``importance_line``, ``performance_line``)."""

    table: pd.DataFrame
    importance_line: float
    performance_line: float
    crosshair: str


def _as_series(x, name: str, source: str) -> pd.Series:
    if isinstance(x, pd.Series):
        s = x
    elif isinstance(x, Mapping):
        s = pd.Series(dict(x))
    else:
        raise CourseDataError(T("{name} must be a Series or dict keyed by attribute, got {type}", name=name,
                                type=type(x).__name__),
                              source=source, column=name, expected=T("e.g. {'reliability': 32, 'tangibles': 11, …}"),
                              fix=T("pass a pandas Series indexed by attribute name"))
    num = pd.to_numeric(s, errors="coerce")
    bad = num.isna()
    if bad.any():
        raise CourseDataError(T("{name} has missing or non-numeric values", name=name), source=source, column=name,
                              row=[str(i) for i in s.index[bad]], expected=T("a number for every attribute"),
                              fix=T("fill in or drop those attributes"))
    return num.astype("float64")


def ipa(importance, performance, crosshair: str | tuple = "mean", *, scale=(1, 7), source: str = "IPA") -> IPA:
    """Importance-performance analysis (Martilla & James 1977): place each attribute in a quadrant.

    Attributes at or above the importance line count as important, at or above the performance
    line as performing well. ``crosshair`` is ``"mean"``, ``"median"`` (of the attributes),
    ``"scale_mid"`` (performance at the middle of ``scale``, importance at its mean) or a tuple
    ``(importance_line, performance_line)``: where to put it is a judgement, so say which you used.

    Examples
    --------
    >>> imp = {"tangibles": 11, "reliability": 32, "responsiveness": 22, "assurance": 21, "empathy": 16}
    >>> perf = {"tangibles": 5.9, "reliability": 4.6, "responsiveness": 5.0, "assurance": 5.6, "empathy": 5.2}
    >>> ipa(imp, perf).table["quadrant"].to_dict()
    {'tangibles': 'overkill', 'reliability': 'concentrate', 'responsiveness': 'concentrate', 'assurance': 'keep_up', 'empathy': 'low_priority'}
    """
    imp = _as_series(importance, "importance", source)
    perf = _as_series(performance, "performance", source)
    if set(imp.index) != set(perf.index):
        raise CourseDataError(T("importance and performance name different attributes"), source=source,
                              column=sorted(set(imp.index) ^ set(perf.index), key=str),
                              expected=T("the same attributes in both"), fix=T("align the two series"))
    if len(imp) < 2:
        raise CourseDataError(T("IPA needs at least two attributes"), source=source,
                              expected=T("two or more attributes"),
                              fix=T("add attributes"))
    perf = perf.loc[imp.index]
    if isinstance(crosshair, tuple) and len(crosshair) == 2:
        ix, py = float(crosshair[0]), float(crosshair[1])
        label = "given"
    elif crosshair == "mean":
        ix, py, label = float(imp.mean()), float(perf.mean()), "mean"
    elif crosshair == "median":
        ix, py, label = float(imp.median()), float(perf.median()), "median"
    elif crosshair == "scale_mid":
        lo, hi = _check_scale(scale)
        ix, py, label = float(imp.mean()), (lo + hi) / 2, "scale_mid"
    else:
        raise CourseDataError(T("crosshair={crosshair} is not an option", crosshair=repr(crosshair)), source=source,
                              column="crosshair",
                              expected=T("'mean', 'median', 'scale_mid' or a tuple (importance, performance)"),
                              fix=T("pass crosshair='mean'"))
    hi_i = imp.to_numpy() >= ix
    hi_p = perf.to_numpy() >= py
    quad = np.where(hi_i, np.where(hi_p, "keep_up", "concentrate"), np.where(hi_p, "overkill", "low_priority"))
    table = pd.DataFrame({"importance": imp.to_numpy(), "performance": perf.to_numpy(), "quadrant": quad},
                         index=imp.index)
    table.index.name = "attribute"
    table["label_en"] = [QUADRANTS[q].render("en") for q in quad]
    table["label_zh"] = [QUADRANTS[q].render("zh") for q in quad]
    return IPA(table, ix, py, label)

