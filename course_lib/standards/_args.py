"""Argument checks shared by the standards modules: shares, positive numbers, confidence levels."""

from __future__ import annotations

import math

import numpy as np

from ..errors import CourseDataError, show


def _z(confidence: float, source: str = "confidence") -> float:
    from scipy import special  # quantiles from scipy.special: a third of scipy.stats' import time

    if not isinstance(confidence, (int, float, np.number)) or not 0 < float(confidence) < 1:
        raise CourseDataError(
            f"confidence must be a share between 0 and 1, not {show(confidence)}",
            source=source, expected="a number such as 0.95", fix="pass confidence=0.95 for a 95% interval",
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
        raise CourseDataError(f"{name} must be a number, not {show(value)}", source=source,
                              expected="a positive number", fix=f"pass {name} as a number") from None
    ok = math.isfinite(x) and (x >= 0 if allow_zero else x > 0)
    if not ok:
        raise CourseDataError(
            f"{name} must be {'zero or positive' if allow_zero else 'positive'}, not {show(value)}",
            source=source, expected="a finite number " + (">= 0" if allow_zero else "> 0"),
            fix=f"check the value of {name} (and its time unit)",
        )
    return x


def _share(name: str, value, *, source: str = "arguments", closed_low: bool = True) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise CourseDataError(f"{name} must be a share between 0 and 1, not {show(value)}", source=source,
                              expected="a number from 0 to 1", fix="write 80% as 0.8") from None
    low_ok = x >= 0 if closed_low else x > 0
    if not (math.isfinite(x) and low_ok and x <= 1):
        raise CourseDataError(f"{name} must be a share between 0 and 1, not {show(value)}", source=source,
                              expected="a number from 0 to 1", fix="write 80% as 0.8, not 80")
    return x
