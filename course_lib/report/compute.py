"""The numbers of the report, computed once into one small structure (:class:`Results`).

:func:`analyze` calls the public :mod:`course_lib.servqual` and :mod:`course_lib.nps` functions once
each on the cleaned table: gaps (:func:`~course_lib.servqual.gap_scores`) with their paired t-tests
(:func:`~course_lib.servqual.gap_significance`), the overall scores
(:func:`~course_lib.servqual.servqual_score`, which also checks the importance allocations),
Cronbach's alpha (:func:`~course_lib.servqual.reliability`), the IPA, the priorities, NPS with
adjusted-Wald intervals and the segment comparison. The tables and figures are drawn from the result;
nothing is computed twice.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"E1": [6, 6, 5], "P1": [5, 7, 4], "E5": [7, 6, 7], "P5": [5, 6, 4]})
>>> r = analyze(df)
>>> r.n, r.dimensions["gap"].round(3).tolist(), r.priorities["priority"].round(4).tolist()
(3, [-0.333, -1.667], [0.9009, 0.1532])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .read import CANONICAL

if TYPE_CHECKING:  # servqual is imported when the numbers are computed, not with this module
    from ..servqual import IPA, ServqualScore

__all__ = ["Results", "analyze", "results_of", "nps_groups", "ALPHA_LOW", "ALL"]

#: Cronbach's alpha below this gets a comment in the report (what a low or negative alpha usually means).
ALPHA_LOW = 0.5
#: Index key of the all-respondents row of :attr:`Results.nps`.
ALL = "\x00all respondents"


@dataclass(frozen=True)
class Results:
    """Everything the report shows, language-neutral (dimension keys, quadrant keys, raw numbers).

    Attributes
    ----------
    dimensions : DataFrame
        Per dimension key: mean ``E``, ``P``, ``gap``, 95% interval ``low``/``high``, ``n``, ``p`` (paired t-test).
    item_gaps : DataFrame
        Per item number: ``dimension``, ``E``, ``P``, ``gap``, ``n`` and ``half`` (half-width of the 95% interval).
    score : ServqualScore
        Overall unweighted and weighted SERVQUAL and SERVPERF.
    alphas : DataFrame or None
        Cronbach's alpha per (dimension, kind) with the Feldt interval; None when no dimension has two items.
    ipa, from_allocations, priorities
        The IPA (None with fewer than two dimensions), whether importance came from the 100-point
        allocations, and the dimensions ranked by priority (``share``, ``gap``, ``priority``, ``quadrant``).
    nps : DataFrame or None
        :func:`course_lib.nps.nps_by` rows: all respondents first (index ``ALL``), then each segment.
    segment_gaps : DataFrame or None
        Mean dimension gap per segment (columns) and the ANOVA p-value (column ``p``).
    """

    scale: tuple[int, int]
    n: int
    items: tuple[int, ...]
    missing: int
    n_segments: int
    n_nps: int
    has_weights: bool
    other_columns: tuple[str, ...]
    dimensions: pd.DataFrame
    item_gaps: pd.DataFrame
    score: ServqualScore
    alphas: pd.DataFrame | None
    ipa: IPA | None
    from_allocations: bool
    priorities: pd.DataFrame | None
    nps: pd.DataFrame | None
    segment_gaps: pd.DataFrame | None

    @property
    def low_alphas(self) -> pd.DataFrame:
        """The (dimension, kind) scales whose alpha is below :data:`ALPHA_LOW` (negative ones included)."""
        if self.alphas is None:
            return pd.DataFrame(columns=["alpha"])
        return self.alphas[self.alphas["alpha"] < ALPHA_LOW]


def _item_halfwidths(gaps, confidence: float = 0.95) -> np.ndarray:
    """Half-width of the t interval of each item's mean gap, from the respondents' item gaps."""
    from ..servqual import mean_interval

    block = gaps.respondents[[f"G{i}" for i in gaps.items.index]].to_numpy(dtype="float64")
    return mean_interval(block, confidence)[1]


def _alphas(df: pd.DataFrame, scale, source: str) -> pd.DataFrame | None:
    from .. import servqual as sq
    from ..errors import CourseDataError

    try:
        return sq.reliability(df, scale=scale, source=source).scales
    except CourseDataError:  # no dimension with two items: nothing to report
        return None


def _ipa(df: pd.DataFrame, dims: pd.DataFrame, scale):
    from .. import servqual as sq

    if len(dims) < 2:
        return None, False
    cols = [sq.WEIGHT_COLUMNS[d] for d in dims.index]
    if all(c in df.columns for c in cols):
        importance = pd.Series(df[cols].mean().to_numpy(), index=dims.index)
        return sq.ipa(importance, dims["P"], scale=scale), True
    return sq.ipa(dims["E"], dims["P"], scale=scale), False


def _priorities(ipa, gaps: pd.Series) -> pd.DataFrame | None:
    if ipa is None:
        return None
    share = ipa.table["importance"] / ipa.table["importance"].sum()
    t = pd.DataFrame({"share": share, "gap": gaps.loc[share.index]})
    t["priority"] = t["share"] * np.maximum(-t["gap"], 0)
    t["quadrant"] = ipa.table["quadrant"]
    return t.sort_values(["priority", "gap"], ascending=[False, True], kind="stable")


def nps_groups(df: pd.DataFrame) -> pd.DataFrame | None:
    """NPS with adjusted-Wald intervals of all respondents (first row, index ``ALL``), then of each segment."""
    from .. import nps

    if "nps" not in df.columns or not df["nps"].notna().any():
        return None
    answered = df.loc[df["nps"].notna(), [c for c in ("nps", "segment") if c in df.columns]]
    answered = answered.assign(nps=answered["nps"].astype("int64"), _all=ALL)
    parts = [nps.nps_by(answered, "_all", score="nps", method="adjusted_wald")]
    if "segment" in answered.columns:
        seg = answered.dropna(subset=["segment"]).astype({"segment": str})
        if len(seg):
            parts.append(nps.nps_by(seg, "segment", score="nps", method="adjusted_wald"))
    table = pd.concat(parts)
    table["n"] = table["n"].astype("int64")
    return table


def _segment_gaps(df: pd.DataFrame, scale, source: str) -> pd.DataFrame | None:
    from .. import servqual as sq

    if "segment" not in df.columns:
        return None
    sub = df.dropna(subset=["segment"]).astype({"segment": str})
    g = sq.gap_scores(sub, by="segment", scale=scale, source=source)
    order = [d for d in g.dimensions.index.get_level_values("dimension").unique()]
    t = g.dimensions["gap"].unstack("segment").loc[order]
    pvals = []
    for d in order:
        groups = [x.dropna().to_numpy() for _, x in g.respondents.groupby("segment", observed=True, sort=True)[d]]
        groups = [x for x in groups if len(x) >= 2]
        ok = len(groups) >= 2 and any(np.var(x) > 0 for x in groups)
        pvals.append(anova_p(groups) if ok else np.nan)
    t["p"] = pvals
    t.columns.name = None
    return t


def results_of(data, scale=(1, 7)) -> Results:
    """``data`` itself when it is a :class:`Results`, else the :func:`analyze` of that cleaned table."""
    return data if isinstance(data, Results) else analyze(data, scale=scale)


def analyze(df: pd.DataFrame, *, scale=(1, 7), source: str = "survey") -> Results:
    """All the numbers of the report for the cleaned canonical table ``df`` (see :func:`validate_survey`).

    Raises :class:`~course_lib.errors.CourseDataError` for answers outside ``scale`` or importance
    allocations that do not add up to 100.
    """
    from .. import servqual as sq

    scale = (int(scale[0]), int(scale[1]))
    gaps = sq.gap_scores(df, scale=scale, source=source)
    sig = sq.gap_significance(df, scale=scale, source=source)
    dims = gaps.dimensions
    dimensions = pd.DataFrame({"E": dims["E"], "P": dims["P"], "gap": sig["gap"], "low": sig["ci_low"],
                               "high": sig["ci_high"], "n": sig["n"].astype("int64"), "p": sig["p"]})
    item_gaps = gaps.items.assign(half=_item_halfwidths(gaps))
    score = sq.servqual_score(df, scale=scale, source=source)  # checks the 100-point allocations
    ipa, from_allocations = _ipa(df, dims, scale)
    items = sq.item_columns(df, "EP")
    return Results(
        scale=scale, n=len(df), items=tuple(int(i) for i in gaps.items.index),
        missing=int(df[items].isna().to_numpy().sum()),
        n_segments=int(df["segment"].nunique()) if "segment" in df.columns else 0,
        n_nps=int(df["nps"].notna().sum()) if "nps" in df.columns else 0,
        has_weights=all(c in df.columns for c in sq.WEIGHT_COLUMNS.values()),
        other_columns=tuple(str(c) for c in df.columns if not CANONICAL.match(str(c)) or str(c)[0] in "AD"),
        dimensions=dimensions, item_gaps=item_gaps, score=score, alphas=_alphas(df, scale, source),
        ipa=ipa, from_allocations=from_allocations, priorities=_priorities(ipa, dimensions["gap"]),
        nps=nps_groups(df), segment_gaps=_segment_gaps(df, scale, source))


def anova_p(groups) -> float:
    """p-value of the one-way ANOVA F test across ``groups`` (as ``scipy.stats.f_oneway``, whose
    import would cost a report a second; a test checks the two agree).

    Examples
    --------
    >>> round(anova_p([np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.0, 4.0])]), 4)
    0.2879
    """
    from scipy import special

    groups = [np.asarray(g, dtype="float64") for g in groups]
    n = np.array([len(g) for g in groups])
    means = np.array([g.mean() for g in groups])
    grand = np.concatenate(groups).mean()
    between = float((n * (means - grand) ** 2).sum())
    within = float(sum(((g - m) ** 2).sum() for g, m in zip(groups, means)))
    df1, df2 = len(groups) - 1, int(n.sum()) - len(groups)
    if within == 0:
        return 0.0 if between > 0 else float("nan")
    return float(special.fdtrc(df1, df2, (between / df1) / (within / df2)))
