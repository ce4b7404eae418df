"""How long a wait can last before it dominates the memory of a visit (lesson 05, manager track).

:func:`wait_bands` groups the customers of a journey table by how long they waited and shows, per band,
the mean emotion at the wait, the share of customers for whom the wait was the most intense moment of
the visit (the *peak* of the peak-end rule) and their mean overall satisfaction. A manager reads it to
set the longest wait the branch plans for. Imported from this module (``from course_lib.journey.waits
import wait_bands``).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import CourseDataError
from ..lang import T, check_lang, pick
from .peakend import remembered_scores

__all__ = ["WAIT_BINS", "wait_bands"]

#: Band edges in minutes used by the exercise of lesson 05.
WAIT_BINS: tuple[float, ...] = (0, 10, 20, 30, 40, 60, 90)

_COLUMNS = {
    "up_to_min": T("wait up to (min)"),
    "customers": T("customers"),
    "mean_emotion": T("mean emotion at the wait"),
    "share_wait_is_peak": T("share for whom the wait is the peak"),
    "mean_overall": T("mean overall satisfaction"),
}


def wait_bands(df: pd.DataFrame, *, touchpoint: str = "waiting", bins: Sequence[float] = WAIT_BINS,
               lang: str | None = None) -> pd.DataFrame:
    """Customers grouped by the length of one touchpoint (the wait), with what it does to their memory.

    Parameters
    ----------
    df : DataFrame
        A journey table (one row per customer × touchpoint) with ``customer_id``, ``touchpoint``,
        ``duration_min``, ``emotion`` and ``overall``, such as ``data.load("journey_bank")``.
    touchpoint : str
        The touchpoint whose length is banded.
    bins : sequence of float
        Band edges in minutes, increasing; a band includes its upper edge.
    lang : {"en", "zh"}, optional
        Give readable column names in that language; by default the columns are keys.

    Returns
    -------
    DataFrame
        One row per band that holds customers: ``up_to_min`` (the band's upper edge), ``customers``,
        ``mean_emotion`` (at the wait, −5…+5), ``share_wait_is_peak`` (the wait is the customer's most
        intense moment, ties going to the negative moment as in :func:`~course_lib.journey.peak_end`) and
        ``mean_overall``. The index is the band, e.g. ``"20–30"``.

    Examples
    --------
    >>> from course_lib import data
    >>> t = wait_bands(data.load("journey_bank"))
    >>> t["up_to_min"].tolist()[:3], int(t["customers"].sum())
    ([10.0, 20.0, 30.0], 450)
    """
    needed = ["customer_id", "touchpoint", "duration_min", "emotion", "overall"]
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise CourseDataError(f"the journey table lacks the columns {missing}", source="wait_bands",
                              expected=", ".join(needed), fix="use a journey table such as journey_bank")
    edges = [float(b) for b in bins]
    if len(edges) < 2 or any(b <= a for a, b in zip(edges, edges[1:])):
        raise CourseDataError("bins must be at least two increasing edges", source="wait_bands",
                              column="bins", expected="e.g. (0, 10, 20, 30)", fix="give increasing minutes")
    wait = df.loc[df["touchpoint"] == touchpoint].set_index("customer_id")
    if wait.empty:
        raise CourseDataError(f"no rows for the touchpoint {touchpoint!r}", source="wait_bands",
                              column="touchpoint", fix="name a touchpoint of the journey")
    peaks = remembered_scores(df)["peak"]
    table = pd.DataFrame({
        "minutes": wait["duration_min"].astype(float),
        "emotion": wait["emotion"].astype(float),
        "is_peak": np.isclose(wait["emotion"].astype(float), peaks.reindex(wait.index).astype(float)),
        "overall": wait["overall"].astype(float),
    })
    names = [f"{a:g}–{b:g}" for a, b in zip(edges, edges[1:])]
    table["band"] = pd.cut(table["minutes"], edges, labels=names)
    out = (table.groupby("band", observed=True)
           .agg(customers=("emotion", "size"), mean_emotion=("emotion", "mean"),
                share_wait_is_peak=("is_peak", "mean"), mean_overall=("overall", "mean")))
    out.insert(0, "up_to_min", [edges[names.index(b) + 1] for b in out.index])
    out["customers"] = out["customers"].astype(int)
    out.index = pd.Index([str(b) for b in out.index], name="wait (min)")
    if lang is not None:
        lang = check_lang(lang)
        out = out.rename(columns={k: pick(v, lang) for k, v in _COLUMNS.items()})
        out.index.name = pick(T("wait (min)"), lang)
    return out.round(2)
