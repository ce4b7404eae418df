"""Service recovery (服务补救): no failure, a recovered failure and an unresolved one, compared.

The *recovery paradox* (McCollough & Bharadwaj 1992) says that a well-recovered
failure can leave customers more satisfied than no failure at all; the
meta-analysis of de Matos, Henrique & Rossi (2007) found a positive effect on
satisfaction but no significant effect on repurchase intention or word of
mouth, and later studies show it vanishes after a second failure. A failure is
never a strategy: :func:`recovery_paradox` tests the paradox on your data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ..data import Column, require_columns, validate_frame
from ..errors import CourseDataError, show
from ..lang import T
from .complaints import _frame

__all__ = ["RECOVERY_GROUPS", "RecoveryTest", "recovery_summary", "recovery_paradox"]

#: The three recovery situations, in display order.
RECOVERY_GROUPS = ("no_failure", "recovered", "unresolved")


def _recovery_frame(survey, group: str, outcomes: Sequence[str], source: str) -> pd.DataFrame:
    df = _frame(survey, source)
    schema = [Column(group, "str", allowed=RECOVERY_GROUPS)] + [Column(o, "float") for o in outcomes]
    require_columns(df, [group, *outcomes], source=source)
    return validate_frame(df[[group, *outcomes]], schema, source=source)


def recovery_summary(survey: pd.DataFrame, *, group: str = "group",
                     outcomes: Sequence[str] = ("satisfaction", "return_intention"), confidence: float = 0.95,
                     source: str = "recovery survey") -> pd.DataFrame:
    """Mean of each outcome for no failure / recovered / unresolved, with t intervals.

    Returns
    -------
    DataFrame
        Index (``outcome``, ``group``) in the order of ``outcomes`` and
        :data:`RECOVERY_GROUPS`; columns ``n``, ``mean``, ``low``, ``high``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"group": ["no_failure"] * 2 + ["recovered"] * 2 + ["unresolved"] * 2,
    ...                   "satisfaction": [6, 6, 6, 7, 2, 3], "return_intention": [6, 6, 6, 6, 2, 2]})
    >>> recovery_summary(s).loc["satisfaction", "mean"].tolist()
    [6.0, 6.5, 2.5]
    """
    from scipy import special  # quantiles from scipy.special: a third of scipy.stats' import time

    if not 0 < confidence < 1:
        raise CourseDataError(f"confidence must be between 0 and 1, not {show(confidence)}", fix="pass confidence=0.95")
    df = _recovery_frame(survey, group, outcomes, source)
    rows = []
    for outcome in outcomes:
        g = df.groupby(group, sort=False)[outcome]
        n, mean, sd = g.count(), g.mean(), g.std(ddof=1)
        for key in RECOVERY_GROUPS:
            if key not in n.index:
                continue
            t = special.stdtrit(max(int(n[key]) - 1, 1), 0.5 + confidence / 2)
            half = t * (0.0 if np.isnan(sd[key]) else sd[key]) / np.sqrt(n[key])
            rows.append({"outcome": outcome, "group": key, "n": int(n[key]), "mean": float(mean[key]),
                         "low": float(mean[key] - half), "high": float(mean[key] + half)})
    return pd.DataFrame(rows).set_index(["outcome", "group"])


@dataclass(frozen=True)
class RecoveryTest:
    """Recovered minus no-failure mean of one outcome, with a Welch t interval and test."""

    outcome: str
    mean_recovered: float
    mean_no_failure: float
    difference: float
    low: float
    high: float
    t: float
    df: float
    p_value: float
    confidence: float

    @property
    def paradox(self) -> bool:
        """True when recovered customers score significantly *higher* than those with no failure."""
        return bool(self.difference > 0 and self.p_value < 1 - self.confidence)

    def __str__(self) -> str:
        """One line in the notebook's language."""
        from ..labels import label

        verdict = (T("recovery paradox: recovered > no failure") if self.paradox else
                   T("no paradox: recovered customers are not significantly above no-failure customers"))
        return T("{outcome}: recovered − no failure = {difference} ({confidence} CI {low} to {high}, "
                 "Welch t = {t}, p = {p}): {verdict}", outcome=label(self.outcome, "outcome"),
                 difference=f"{self.difference:+.2f}", confidence=f"{self.confidence:.0%}", low=f"{self.low:+.2f}",
                 high=f"{self.high:+.2f}", t=f"{self.t:.2f}", p=f"{self.p_value:.3f}", verdict=verdict).render()


def recovery_paradox(survey: pd.DataFrame, outcome: str = "satisfaction", *, group: str = "group",
                     confidence: float = 0.95, source: str = "recovery survey") -> RecoveryTest:
    """Test the recovery paradox on one outcome: recovered versus no-failure customers (Welch t test).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"group": ["no_failure"] * 3 + ["recovered"] * 3, "satisfaction": [5, 6, 7, 6, 7, 8]})
    >>> r = recovery_paradox(s)
    >>> r.difference, r.paradox
    (1.0, False)
    """
    from scipy import special  # quantiles from scipy.special: a third of scipy.stats' import time

    if not 0 < confidence < 1:
        raise CourseDataError(f"confidence must be between 0 and 1, not {show(confidence)}", fix="pass confidence=0.95")
    df = _recovery_frame(survey, group, [outcome], source)
    rec = df.loc[df[group] == "recovered", outcome].to_numpy(dtype=float)
    base = df.loc[df[group] == "no_failure", outcome].to_numpy(dtype=float)
    if len(rec) < 2 or len(base) < 2:
        raise CourseDataError("need at least two 'recovered' and two 'no_failure' answers", source=source,
                              column=group, expected="both groups present", fix="check the group labels")
    va, vb = rec.var(ddof=1) / len(rec), base.var(ddof=1) / len(base)
    se = np.sqrt(va + vb)
    dof = (va + vb) ** 2 / (va ** 2 / (len(rec) - 1) + vb ** 2 / (len(base) - 1)) if se > 0 else float(len(rec) + len(base) - 2)
    diff = rec.mean() - base.mean()
    t = diff / se if se > 0 else 0.0
    p = 2 * special.stdtr(dof, -abs(t))
    half = special.stdtrit(dof, 0.5 + confidence / 2) * se
    return RecoveryTest(outcome, float(rec.mean()), float(base.mean()), float(diff), float(diff - half),
                        float(diff + half), float(t), float(dof), float(p), float(confidence))
