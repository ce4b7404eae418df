"""Argument checks shared by the standards modules: shares, positive numbers, confidence levels."""

from __future__ import annotations

import math

import numpy as np

from ..errors import CourseDataError, show
from ..lang import T


def _z(confidence: float, source: str = "confidence") -> float:
    from scipy import special  # quantiles from scipy.special: a third of scipy.stats' import time

    if not isinstance(confidence, (int, float, np.number)) or not 0 < float(confidence) < 1:
        raise CourseDataError(
            T("confidence must be a share between 0 and 1, not {value}", value=show(confidence)),
            source=source, expected=T("a number such as 0.95"), fix=T("pass confidence=0.95 for a 95% interval"),
        )
    return float(special.ndtri(0.5 + float(confidence) / 2))


def _as_list(by) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def _positive(name: str, value, *, allow_zero: bool = False, source: str = "arguments") -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise CourseDataError(T("{name} must be a number, not {value}", name=name, value=show(value)), source=source,
                              expected=T("a positive number"), fix=T("pass {name} as a number", name=name)) from None
    ok = math.isfinite(x) and (x >= 0 if allow_zero else x > 0)
    if not ok:
        raise CourseDataError(
            (T("{name} must be zero or positive, not {value}", name=name, value=show(value)) if allow_zero
             else T("{name} must be positive, not {value}", name=name, value=show(value))),
            source=source, expected=T("a finite number {bound}", bound=">= 0" if allow_zero else "> 0"),
            fix=T("check the value of {name} (and its time unit)", name=name),
        )
    return x


def _share(name: str, value, *, source: str = "arguments", closed_low: bool = True) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise CourseDataError(T("{name} must be a share between 0 and 1, not {value}", name=name, value=show(value)),
                              source=source,
                              expected=T("a number from 0 to 1"), fix=T("write 80% as 0.8")) from None
    low_ok = x >= 0 if closed_low else x > 0
    if not (math.isfinite(x) and low_ok and x <= 1):
        raise CourseDataError(T("{name} must be a share between 0 and 1, not {value}", name=name, value=show(value)),
                              source=source,
                              expected=T("a number from 0 to 1"), fix=T("write 80% as 0.8, not 80"))
    return x
