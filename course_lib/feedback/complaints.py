"""Complaint logs (投诉记录): the vital few categories, time to resolution, repeats, closing the loop.

Which categories make most complaints (a Pareto table, the "vital few" of Juran),
how long resolution takes, the share resolved within the promised time, repeat
complaints, and closing-the-loop metrics (闭环管理: was the customer contacted
back, in time, and satisfied afterwards).

Expected complaint-log columns (names configurable): ``complaint_id``,
``customer_id``, ``opened``, ``first_contact`` (may be empty), ``closed`` (empty
while unresolved), ``category``, ``channel``, ``post_satisfaction`` (1–5, may be empty).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..data import Column, require_columns, validate_frame
from ..errors import CourseDataError, row_numbers, show
from ..lang import T

__all__ = [
    "COMPLAINT_LABELS",
    "pareto",
    "resolution_hours",
    "within_promise",
    "repeat_complaints",
    "closing_the_loop",
]

#: Display names of the complaint categories in the course's synthetic complaint log.
COMPLAINT_LABELS = {
    "late_delivery": T("Late delivery"),
    "refund_delay": T("Refund delay"),
    "damaged_item": T("Damaged item"),
    "return_pickup_missed": T("Return pickup missed"),
    "wrong_item": T("Wrong item"),
    "missing_parts": T("Missing parts"),
    "agent_attitude": T("Agent attitude"),
    "app_payment": T("App or payment issue"),
    "price_dispute": T("Price or promotion dispute"),
    "other": T("Other"),
}


def _frame(df, source: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise CourseDataError(T("expected a table (pandas DataFrame), got {type}", type=type(df).__name__),
                              source=source,
                              fix=T("load the log with course_lib.data.load or read_table first"))
    if df.empty:
        raise CourseDataError(T("the table has no rows"), source=source,
                              fix=T("check the filter that selected the rows"))
    return df


def pareto(log: pd.DataFrame, category: str = "category", *, weight: str | None = None, threshold: float = 0.8,
           source: str = "complaint log") -> pd.DataFrame:
    """Pareto table of complaint categories: counts (or summed ``weight``), shares and the vital few.

    Categories are sorted by count, largest first (ties by name). ``vital_few``
    marks the categories needed to reach ``threshold`` of all complaints: every
    category whose preceding cumulative share is below the threshold (so the
    one that crosses it is included).

    Returns
    -------
    DataFrame
        Index ``category``; columns ``count``, ``share``, ``cumulative``, ``vital_few``.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"category": list("AAAAABBBCD")})
    >>> pareto(log)[["count", "cumulative", "vital_few"]].to_dict("list")
    {'count': [5, 3, 1, 1], 'cumulative': [0.5, 0.8, 0.9, 1.0], 'vital_few': [True, True, False, False]}
    """
    df = _frame(log, source)
    if not 0 < threshold <= 1:
        raise CourseDataError(T("threshold must be a share between 0 and 1, not {value}", value=show(threshold)),
                              expected=T("e.g. 0.8 for the 80/20 rule"), fix=T("pass threshold=0.8"))
    require_columns(df, [category] + ([weight] if weight else []), source=source)
    empty = df[category].isna().to_numpy()
    if empty.any():
        raise CourseDataError(T("complaints without a category"), source=source, column=category,
                              row=row_numbers(empty), expected=T("a category on every complaint"),
                              fix=T("code the missing categories (or label them 'other')"))
    if weight:
        df = validate_frame(df, [Column(weight, "float", min=0)], source=source)
        counts = df.groupby(category, observed=True, sort=False)[weight].sum()
    else:
        counts = df.groupby(category, observed=True, sort=False).size()
    counts.index = counts.index.astype(str)
    table = counts.rename("count").reset_index().rename(columns={category: "category"})
    table = table.sort_values(["count", "category"], ascending=[False, True], kind="mergesort").set_index("category")
    total = table["count"].sum()
    if total <= 0:
        raise CourseDataError(T("all weights are zero"), source=source, column=weight,
                              fix=T("use a weight column with positive values, or no weight"))
    table["share"] = table["count"] / total
    table["cumulative"] = table["share"].cumsum()
    table["vital_few"] = (table["cumulative"] - table["share"]) < threshold - 1e-12
    return table


def _dated(log, columns: Sequence[tuple[str, bool]], source: str) -> pd.DataFrame:
    """Validate date columns (name, nullable) and return them converted."""
    df = _frame(log, source)
    names = [c for c, _ in columns]
    require_columns(df, names, source=source)
    out = df[names].copy()
    for col in names:
        values = out[col]
        if not pd.api.types.is_datetime64_any_dtype(values):
            # format="mixed" parses each cell on its own without pandas' "could not infer format" warning
            text = values.where(values.isna(), values.astype(str).str.strip()).replace("", np.nan)
            converted = pd.to_datetime(text, errors="coerce", format="mixed")
            bad = converted.isna() & text.notna()
            if bad.any():
                raise CourseDataError(T("values are not dates"), source=source, row=row_numbers(bad),
                                      column=col, expected=T("dates like 2026-03-31 or 2026-03-31 14:05"),
                                      fix=T("write dates as YYYY-MM-DD or YYYY-MM-DD HH:MM"))
            out[col] = converted
    return validate_frame(out, [Column(c, "datetime", nullable=nullable) for c, nullable in columns], source=source)


def _hours_between(start: pd.Series, end: pd.Series, source: str, start_col: str, end_col: str) -> pd.Series:
    hours = (end - start).dt.total_seconds() / 3600
    bad = (hours < 0).fillna(False).to_numpy()
    if bad.any():
        raise CourseDataError(T("'{end_col}' is earlier than '{start_col}'", end_col=end_col, start_col=start_col),
                              source=source, column=end_col,
                              row=row_numbers(bad),
                              expected=T("{end_col} at or after {start_col}", end_col=end_col, start_col=start_col),
                              fix=T("check the two timestamps (swapped columns, or a wrong date)"))
    return hours


def resolution_hours(log: pd.DataFrame, *, opened: str = "opened", closed: str = "closed",
                     source: str = "complaint log") -> pd.Series:
    """Hours from opening to closing each complaint (NaN while still open).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"opened": ["2025-01-01 09:00", "2025-01-01 10:00"], "closed": ["2025-01-02 09:00", None]})
    >>> resolution_hours(log).tolist()
    [24.0, nan]
    """
    df = _dated(log, [(opened, False), (closed, True)], source)
    return _hours_between(df[opened], df[closed], source, opened, closed).rename("resolution_hours")


def _group_keys(df: pd.DataFrame, by, source: str):
    if by is None:
        return pd.Series("all", index=df.index, name="group")
    require_columns(df, [by], source=source)
    empty = df[by].isna().to_numpy()
    if empty.any():
        raise CourseDataError(T("empty group labels"), source=source, column=by, row=row_numbers(empty),
                              fix=T("fill in the labels or drop those rows"))
    return df[by]


def within_promise(log: pd.DataFrame, promise_hours: float = 24, *, by: str | None = None, opened: str = "opened",
                   closed: str = "closed", source: str = "complaint log") -> pd.DataFrame:
    """Share of complaints resolved within the promised time, with resolution-time statistics.

    Complaints still open count as *not* kept (the promise is about the
    customer, not about the complaints that happened to close).

    Returns
    -------
    DataFrame
        Index: ``by`` groups (or ``"all"``); columns ``n``, ``resolved`` (share
        closed), ``within_promise`` (share closed within ``promise_hours`` of all
        complaints), ``median_hours`` and ``p90_hours`` (of the resolved ones).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"opened": ["2025-01-01 09:00"] * 4,
    ...                     "closed": ["2025-01-01 12:00", "2025-01-02 08:00", "2025-01-03 09:00", None]})
    >>> within_promise(log, 24)[["n", "resolved", "within_promise"]].to_dict("records")
    [{'n': 4, 'resolved': 0.75, 'within_promise': 0.5}]
    """
    if not isinstance(promise_hours, (int, float)) or promise_hours <= 0:
        raise CourseDataError(T("promise_hours must be a positive number, not {value}", value=show(promise_hours)),
                              expected=T("e.g. 24 for 'resolved within 24 hours'"), fix=T("pass promise_hours=24"))
    hours = resolution_hours(log, opened=opened, closed=closed, source=source)
    keys = _group_keys(log, by, source)
    frame = pd.DataFrame({"key": keys.to_numpy(), "hours": hours.to_numpy()})
    frame["resolved"] = frame["hours"].notna()
    frame["kept"] = (frame["hours"] <= promise_hours).fillna(False)
    g = frame.groupby("key", observed=True, sort=True)
    out = pd.DataFrame({
        "n": g.size().astype(np.int64),
        "resolved": g["resolved"].mean(),
        "within_promise": g["kept"].mean(),
        "median_hours": g["hours"].median(),
        "p90_hours": g["hours"].quantile(0.9),
    })
    out.index.name = by or "group"
    return out


def repeat_complaints(log: pd.DataFrame, *, customer: str = "customer_id", opened: str = "opened",
                      window_days: float = 30, source: str = "complaint log") -> pd.Series:
    """Flag complaints from a customer who already complained within the previous ``window_days``.

    A repeat complaint usually means the first one was closed without fixing the
    cause. Returns a boolean Series aligned with ``log`` (named ``repeat``).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": ["a", "b", "a", "a"],
    ...                     "opened": ["2025-01-01", "2025-01-02", "2025-01-10", "2025-03-01"]})
    >>> repeat_complaints(log).tolist()
    [False, False, True, False]
    """
    df = _frame(log, source)
    require_columns(df, [customer, opened], source=source)
    if not isinstance(window_days, (int, float)) or window_days <= 0:
        raise CourseDataError(T("window_days must be a positive number, not {value}", value=show(window_days)),
                              fix=T("pass window_days=30"))
    dates = _dated(df, [(opened, False)], source)[opened]
    empty = df[customer].isna().to_numpy()
    if empty.any():
        raise CourseDataError(T("complaints without a customer id"), source=source, column=customer,
                              row=row_numbers(empty), fix=T("fill in the ids or drop those rows"))
    frame = pd.DataFrame({"c": df[customer].to_numpy(), "t": dates.to_numpy(), "pos": np.arange(len(df))})
    frame = frame.sort_values(["c", "t", "pos"], kind="mergesort")
    gap = frame.groupby("c", sort=False)["t"].diff()
    frame["repeat"] = (gap <= pd.Timedelta(days=window_days)).fillna(False)
    flags = frame.sort_values("pos")["repeat"].to_numpy(dtype=bool)
    return pd.Series(flags, index=df.index, name="repeat")


def closing_the_loop(log: pd.DataFrame, *, contact_hours: float = 48, promise_hours: float = 24,
                     by: str | None = None, customer: str = "customer_id", opened: str = "opened",
                     first_contact: str = "first_contact", closed: str = "closed",
                     satisfaction: str = "post_satisfaction", satisfied_at: int = 4, window_days: float = 30,
                     source: str = "complaint log") -> pd.DataFrame:
    """Closing-the-loop scorecard per group: contact back, resolution, repeat and satisfaction after.

    Returns
    -------
    DataFrame
        Index: ``by`` groups (or ``"all"``); columns ``n``, ``contacted`` (share
        with a first contact), ``contacted_in_time`` (within ``contact_hours``),
        ``median_hours_to_contact``, ``resolved``, ``within_promise``, ``repeat``
        (share of repeat complaints), ``answered`` (follow-up surveys returned) and
        ``satisfied_after`` (share of answers ≥ ``satisfied_at`` on the 1–5 scale).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": ["a", "b"], "opened": ["2025-01-01 09:00"] * 2,
    ...     "first_contact": ["2025-01-01 10:00", None], "closed": ["2025-01-01 20:00", None],
    ...     "post_satisfaction": [5, None]})
    >>> closing_the_loop(log)[["contacted", "within_promise", "satisfied_after"]].to_dict("records")
    [{'contacted': 0.5, 'within_promise': 0.5, 'satisfied_after': 1.0}]
    """
    df = _frame(log, source)
    require_columns(df, [customer, opened, first_contact, closed, satisfaction], source=source)
    dates = _dated(df, [(opened, False), (first_contact, True), (closed, True)], source)
    sat = validate_frame(df[[satisfaction]], [Column(satisfaction, "float", min=1, max=5, nullable=True)],
                         source=source)[satisfaction]
    to_contact = _hours_between(dates[opened], dates[first_contact], source, opened, first_contact)
    hours = resolution_hours(df, opened=opened, closed=closed, source=source)
    repeat = repeat_complaints(df, customer=customer, opened=opened, window_days=window_days, source=source)
    keys = _group_keys(df, by, source)
    frame = pd.DataFrame({
        "key": keys.to_numpy(),
        "contacted": to_contact.notna().to_numpy(),
        "in_time": (to_contact <= contact_hours).fillna(False).to_numpy(),
        "to_contact": to_contact.to_numpy(),
        "resolved": hours.notna().to_numpy(),
        "kept": (hours <= promise_hours).fillna(False).to_numpy(),
        "repeat": repeat.to_numpy(),
        "answered": sat.notna().to_numpy(),
        "satisfied": (sat >= satisfied_at).where(sat.notna()).to_numpy(dtype=float),
    })
    g = frame.groupby("key", observed=True, sort=True)
    out = pd.DataFrame({
        "n": g.size().astype(np.int64),
        "contacted": g["contacted"].mean(),
        "contacted_in_time": g["in_time"].mean(),
        "median_hours_to_contact": g["to_contact"].median(),
        "resolved": g["resolved"].mean(),
        "within_promise": g["kept"].mean(),
        "repeat": g["repeat"].mean(),
        "answered": g["answered"].sum().astype(np.int64),
        "satisfied_after": g["satisfied"].mean(),
    })
    out.index.name = by or "group"
    return out
