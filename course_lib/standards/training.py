"""Did training work? Difference in differences on a panel of trained and comparison units."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..data import Column, require_columns, validate_frame
from ..errors import CourseDataError, row_numbers, show
from ..lang import T
from ._args import _z

__all__ = ["DiDResult", "did"]


@dataclass(frozen=True)
class DiDResult:
    """A difference-in-differences estimate with its uncertainty.

    ``means`` is the 2×2 table of group means (rows: control, treated; columns:
    before, after); ``estimate`` = (treated after − before) − (control after − before).
    """

    estimate: float
    se: float
    lower: float
    upper: float
    df: float
    confidence: float
    n_treated: int
    n_control: int
    means: pd.DataFrame

    @property
    def naive(self) -> float:
        """The before/after change of the treated group alone (what DiD corrects)."""
        return float(self.means.loc["treated", "after"] - self.means.loc["treated", "before"])

    def __str__(self) -> str:
        """Two lines in the notebook's language: the naive change and the estimate with its interval."""
        naive = T("naive before/after change of the treated units: {naive}", naive=f"{self.naive:.2f}")
        estimate = T("difference in differences: {estimate} points (SE {se}, {confidence} CI {lower} to {upper}, "
                     "{n_treated} treated + {n_control} control units)", estimate=f"{self.estimate:.2f}",
                     se=f"{self.se:.2f}", confidence=f"{self.confidence:.0%}", lower=f"{self.lower:.2f}",
                     upper=f"{self.upper:.2f}", n_treated=self.n_treated, n_control=self.n_control)
        return f"{naive.render()}\n{estimate.render()}"


def did(panel: pd.DataFrame, outcome: str, *, unit: str, treated: str, post: str,
        confidence: float = 0.95, source: str = "panel") -> DiDResult:
    """Difference in differences on a unit panel (e.g. branches × months, some trained).

    Each unit's change is its mean ``outcome`` after minus before; the estimate is
    the mean change of treated units minus that of control units (Card & Krueger
    1994; Angrist & Pischke 2009, ch. 5). Its standard error treats units as the
    independent observations (``sqrt(s²_T/n_T + s²_C/n_C)``, Welch), which allows
    for correlation between months of one branch; the interval uses Student's t
    with Welch–Satterthwaite degrees of freedom. The estimate is causal only
    under parallel trends: without training, both groups would have moved alike.

    Parameters
    ----------
    outcome, unit, treated, post : str
        Column names: the score, the unit id, 1/True for units in the programme,
        1/True for periods after it started.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"branch": ["a", "a", "b", "b", "c", "c", "d", "d"],
    ...                   "trained": [1, 1, 1, 1, 0, 0, 0, 0],
    ...                   "post": [0, 1] * 4,
    ...                   "score": [70, 80, 60, 74, 65, 68, 75, 76]})
    >>> r = did(p, "score", unit="branch", treated="trained", post="post")
    >>> r.estimate, round(r.se, 4)
    (10.0, 2.2361)
    """
    from scipy import special  # quantiles from scipy.special: a third of scipy.stats' import time

    require_columns(panel, [outcome, unit, treated, post], source=source)
    checked = validate_frame(panel[[unit, treated, post, outcome]],
                             [Column(outcome, "float"), Column(unit, "str")], source=source)
    for col in (treated, post):
        values = checked[col]
        ok = values.isin([0, 1, True, False]) & values.notna()
        if not ok.all():
            raise CourseDataError(T("values such as {value} are not 0/1", value=show(values[~ok].iloc[0])),
                                  source=source, column=col,
                                  row=row_numbers(~ok.to_numpy()),
                                  expected=T("0/1 or True/False"), fix=T("code {col} as 1 (yes) or 0 (no)", col=col))
        checked[col] = values.astype(int)
    mixed = checked.groupby(unit, sort=True)[treated].nunique()
    if (mixed > 1).any():
        bad = mixed.index[mixed > 1][0]
        raise CourseDataError(T("unit {unit} is both treated and untreated", unit=repr(bad)), source=source,
                              column=treated,
                              row=row_numbers((checked[unit] == bad).to_numpy()),
                              expected=T("one group per unit for the whole panel"),
                              fix=T("mark a unit as treated in every period (the post column marks the timing)"))
    cell = checked.groupby([unit, post], sort=True)[outcome].mean().unstack(post)
    if 0 not in cell.columns or 1 not in cell.columns or cell.isna().any().any():
        lacking = cell.index[cell.reindex(columns=[0, 1]).isna().any(axis=1)].tolist() if len(cell) else []
        raise CourseDataError(T("every unit needs observations before and after"), source=source, column=post,
                              expected=T("rows with post = 0 and post = 1 for each unit"),
                              fix=T("drop units observed in one period only: {names}",
                                    names=", ".join(map(str, lacking[:5]))))
    change = cell[1] - cell[0]
    group = checked.groupby(unit, sort=True)[treated].first().reindex(change.index)
    dt, dc = change[group == 1], change[group == 0]
    if len(dt) < 2 or len(dc) < 2:
        raise CourseDataError(T("need at least two treated and two control units"), source=source, column=treated,
                              expected=T("≥2 units with {treated}=1 and ≥2 with {treated}=0", treated=treated),
                              fix=T("add comparison units; with one unit per group the uncertainty is unknown"))
    est = float(dt.mean() - dc.mean())
    vt, vc = dt.var(ddof=1) / len(dt), dc.var(ddof=1) / len(dc)
    se = float(math.sqrt(vt + vc))
    if se > 0:
        df = float((vt + vc) ** 2 / (vt**2 / (len(dt) - 1) + vc**2 / (len(dc) - 1)))
    else:
        df = float(len(dt) + len(dc) - 2)
    _z(confidence, source=source)
    tcrit = float(special.stdtrit(df, 0.5 + confidence / 2))
    means = checked.groupby([treated, post], sort=True)[outcome].mean().unstack(post)
    means = means.rename(index={0: "control", 1: "treated"}, columns={0: "before", 1: "after"})
    means.index.name, means.columns.name = "group", None
    return DiDResult(est, se, est - tcrit * se, est + tcrit * se, df, float(confidence), len(dt), len(dc), means)
