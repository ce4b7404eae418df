"""Listening to complaints and recovering from failures.

Complaint logs (投诉记录): which categories make most complaints (a Pareto
table, the "vital few" of Juran), how long resolution takes, the share resolved
within the promised time, repeat complaints, and closing-the-loop metrics
(闭环管理: was the customer contacted back, in time, and satisfied afterwards).

Service recovery (服务补救): satisfaction and return intention for customers
with no failure, a failure that was recovered and a failure left unresolved.
The *recovery paradox* (McCollough & Bharadwaj 1992) says that a well-recovered
failure can leave customers more satisfied than no failure at all; the
meta-analysis of de Matos, Henrique & Rossi (2007) found a positive effect on
satisfaction but no significant effect on repurchase intention or word of
mouth, and later studies show it vanishes after a second failure. A failure is
never a strategy: :func:`recovery_paradox` tests the paradox on your data.

Expected complaint-log columns (names configurable): ``complaint_id``,
``customer_id``, ``opened``, ``first_contact`` (may be empty), ``closed`` (empty
while unresolved), ``category``, ``channel``, ``post_satisfaction`` (1–5, may be empty).

Examples
--------
>>> import pandas as pd
>>> from course_lib import feedback
>>> log = pd.DataFrame({"category": ["late", "late", "late", "damaged", "rude"]})
>>> feedback.pareto(log)["count"].tolist()
[3, 1, 1]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from . import style
from .data import Column, require_columns, validate_frame
from .errors import CourseDataError

__all__ = [
    "RECOVERY_GROUPS",
    "COMPLAINT_LABELS",
    "RecoveryTest",
    "pareto",
    "plot_pareto",
    "resolution_hours",
    "within_promise",
    "repeat_complaints",
    "closing_the_loop",
    "recovery_summary",
    "recovery_paradox",
    "plot_recovery",
]

#: The three recovery situations, in display order.
RECOVERY_GROUPS = ("no_failure", "recovered", "unresolved")
_GROUP_LABELS = {
    "no_failure": {"en": "No failure", "zh": "无服务失误"},
    "recovered": {"en": "Failure, recovered", "zh": "失误后成功补救"},
    "unresolved": {"en": "Failure, unresolved", "zh": "失误未解决"},
}
_OUTCOME_LABELS = {
    "satisfaction": {"en": "Satisfaction (1–7)", "zh": "满意度 (1–7)"},
    "return_intention": {"en": "Return intention (1–7)", "zh": "再次光顾意愿 (1–7)"},
}

#: Display names of the complaint categories in the course's synthetic complaint log.
COMPLAINT_LABELS = {
    "late_delivery": {"en": "Late delivery", "zh": "配送延迟"},
    "refund_delay": {"en": "Refund delay", "zh": "退款延迟"},
    "damaged_item": {"en": "Damaged item", "zh": "商品破损"},
    "return_pickup_missed": {"en": "Return pickup missed", "zh": "退货未上门取件"},
    "wrong_item": {"en": "Wrong item", "zh": "发错商品"},
    "missing_parts": {"en": "Missing parts", "zh": "配件缺失"},
    "agent_attitude": {"en": "Agent attitude", "zh": "客服态度"},
    "app_payment": {"en": "App or payment issue", "zh": "App/支付问题"},
    "price_dispute": {"en": "Price or promotion dispute", "zh": "价格/促销争议"},
    "other": {"en": "Other", "zh": "其他"},
}


def _frame(df, source: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise CourseDataError(f"expected a table (pandas DataFrame), got {type(df).__name__}", source=source,
                              fix="load the log with course_lib.data.load or read_table first")
    if df.empty:
        raise CourseDataError("the table has no rows", source=source, fix="check the filter that selected the rows")
    return df


def _label(key, labels, lang) -> str:
    if labels and key in labels:
        return style.pick(labels[key], lang)
    return str(key)


# --------------------------------------------------------------------------- Pareto
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
        raise CourseDataError(f"threshold must be a share between 0 and 1, not {threshold!r}",
                              expected="e.g. 0.8 for the 80/20 rule", fix="pass threshold=0.8")
    require_columns(df, [category] + ([weight] if weight else []), source=source)
    empty = df[category].isna().to_numpy()
    if empty.any():
        raise CourseDataError("complaints without a category", source=source, column=category,
                              row=(np.flatnonzero(empty) + 1).tolist(), expected="a category on every complaint",
                              fix="code the missing categories (or label them 'other')")
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
        raise CourseDataError("all weights are zero", source=source, column=weight,
                              fix="use a weight column with positive values, or no weight")
    table["share"] = table["count"] / total
    table["cumulative"] = table["share"].cumsum()
    table["vital_few"] = (table["cumulative"] - table["share"]) < threshold - 1e-12
    return table


def plot_pareto(table: pd.DataFrame, ax=None, lang: str = "en", *, labels: dict | None = None,
                threshold: float = 0.8, title=None):
    """Pareto chart: bars per category (vital few highlighted) and the cumulative share line.

    ``table`` is the output of :func:`pareto`; ``labels`` maps categories to
    ``{"en": …, "zh": …}`` (default: :data:`COMPLAINT_LABELS`). Returns the bar Axes.

    Examples
    --------
    >>> import pandas as pd
    >>> _ = plot_pareto(pareto(pd.DataFrame({"category": list("AAAAABBBCD")})), lang="zh")
    """
    style.check_lang(lang)
    require_columns(table, ["count", "cumulative", "vital_few"], source="Pareto table",
                    fix="pass the table returned by course_lib.feedback.pareto")
    labels = COMPLAINT_LABELS if labels is None else labels
    ax = style.new_ax(ax, figsize=(10, 5))
    x = np.arange(len(table))
    colours = np.where(table["vital_few"], style.PALETTE["vermillion"], style.PALETTE["grey"])
    ax.bar(x, table["count"], color=colours)
    ax.set_xticks(x, [_label(k, labels, lang) for k in table.index], rotation=35, ha="right")
    ax.grid(axis="x", visible=False)
    twin = ax.twinx()
    twin.plot(x, table["cumulative"], color=style.PALETTE["blue"], marker="o")
    twin.axhline(threshold, color=style.PALETTE["blue"], linestyle=":", linewidth=1)
    twin.set_ylim(0, 1.05)
    twin.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    twin.grid(False)
    twin.spines["right"].set_visible(True)
    twin.set_ylabel(style.pick({"en": "Cumulative share", "zh": "累计占比"}, lang))
    n_vital = int(table["vital_few"].sum())
    note = {"en": f"vital few: {n_vital} of {len(table)} categories = {table['share'][table['vital_few']].sum():.0%}",
            "zh": f"关键少数：{len(table)} 类中的 {n_vital} 类，占 {table['share'][table['vital_few']].sum():.0%}"}
    ax.text(0.98, 0.6, style.pick(note, lang), transform=ax.transAxes, ha="right", fontsize=11,
            color=style.PALETTE["vermillion"])
    style.finish(ax, title=title or {"en": "Complaints by category (Pareto)", "zh": "投诉类别帕累托图"},
                 ylabel={"en": "Complaints", "zh": "投诉数"}, lang=lang)
    return ax


# --------------------------------------------------------------------------- time to resolution
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
                raise CourseDataError("values are not dates", source=source, row=(np.flatnonzero(bad) + 1).tolist(),
                                      column=col, expected="dates like 2026-03-31 or 2026-03-31 14:05",
                                      fix="write dates as YYYY-MM-DD or YYYY-MM-DD HH:MM")
            out[col] = converted
    return validate_frame(out, [Column(c, "datetime", nullable=nullable) for c, nullable in columns], source=source)


def _hours_between(start: pd.Series, end: pd.Series, source: str, start_col: str, end_col: str) -> pd.Series:
    hours = (end - start).dt.total_seconds() / 3600
    bad = (hours < 0).fillna(False).to_numpy()
    if bad.any():
        raise CourseDataError(f"'{end_col}' is earlier than '{start_col}'", source=source, column=end_col,
                              row=(np.flatnonzero(bad) + 1).tolist(), expected=f"{end_col} at or after {start_col}",
                              fix="check the two timestamps (swapped columns, or a wrong date)")
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
        raise CourseDataError("empty group labels", source=source, column=by, row=(np.flatnonzero(empty) + 1).tolist(),
                              fix="fill in the labels or drop those rows")
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
        raise CourseDataError(f"promise_hours must be a positive number, not {promise_hours!r}",
                              expected="e.g. 24 for 'resolved within 24 hours'", fix="pass promise_hours=24")
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
        raise CourseDataError(f"window_days must be a positive number, not {window_days!r}", fix="pass window_days=30")
    dates = _dated(df, [(opened, False)], source)[opened]
    empty = df[customer].isna().to_numpy()
    if empty.any():
        raise CourseDataError("complaints without a customer id", source=source, column=customer,
                              row=(np.flatnonzero(empty) + 1).tolist(), fix="fill in the ids or drop those rows")
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


# --------------------------------------------------------------------------- service recovery
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
    if not 0 < confidence < 1:
        raise CourseDataError(f"confidence must be between 0 and 1, not {confidence!r}", fix="pass confidence=0.95")
    df = _recovery_frame(survey, group, outcomes, source)
    rows = []
    for outcome in outcomes:
        g = df.groupby(group, sort=False)[outcome]
        n, mean, sd = g.count(), g.mean(), g.std(ddof=1)
        for key in RECOVERY_GROUPS:
            if key not in n.index:
                continue
            t = stats.t.ppf(0.5 + confidence / 2, max(int(n[key]) - 1, 1))
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
        verdict = ("recovery paradox: recovered > no failure" if self.paradox else
                   "no paradox: recovered customers are not significantly above no-failure customers")
        return (f"{self.outcome}: recovered − no failure = {self.difference:+.2f} ({self.confidence:.0%} CI "
                f"{self.low:+.2f} to {self.high:+.2f}, Welch t = {self.t:.2f}, p = {self.p_value:.3f}): {verdict}")


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
    if not 0 < confidence < 1:
        raise CourseDataError(f"confidence must be between 0 and 1, not {confidence!r}", fix="pass confidence=0.95")
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
    p = 2 * stats.t.sf(abs(t), dof)
    half = stats.t.ppf(0.5 + confidence / 2, dof) * se
    return RecoveryTest(outcome, float(rec.mean()), float(base.mean()), float(diff), float(diff - half),
                        float(diff + half), float(t), float(dof), float(p), float(confidence))


def plot_recovery(summary: pd.DataFrame, ax=None, lang: str = "en", *, title=None):
    """Bars of each outcome's mean for no failure / recovered / unresolved, with interval bars.

    ``summary`` is the output of :func:`recovery_summary`.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"group": ["no_failure"] * 2 + ["recovered"] * 2 + ["unresolved"] * 2,
    ...                   "satisfaction": [6, 6, 6, 7, 2, 3], "return_intention": [6, 6, 6, 6, 2, 2]})
    >>> _ = plot_recovery(recovery_summary(s), lang="zh")
    """
    style.check_lang(lang)
    require_columns(summary, ["mean", "low", "high"], source="recovery summary",
                    fix="pass the table returned by course_lib.feedback.recovery_summary")
    ax = style.new_ax(ax, figsize=(9, 4.8))
    outcomes = list(dict.fromkeys(summary.index.get_level_values(0)))
    colours = {"no_failure": style.PALETTE["blue"], "recovered": style.PALETTE["good"],
               "unresolved": style.PALETTE["bad"]}
    width = 0.8 / len(RECOVERY_GROUPS)
    for j, key in enumerate(RECOVERY_GROUPS):
        part = summary.xs(key, level=1).reindex(outcomes) if key in summary.index.get_level_values(1) else None
        if part is None:
            continue
        x = np.arange(len(outcomes)) + (j - 1) * width
        err = np.vstack([part["mean"] - part["low"], part["high"] - part["mean"]])
        ax.bar(x, part["mean"], width=width * 0.95, yerr=err, capsize=3, color=colours[key],
               label=style.pick(_GROUP_LABELS[key], lang))
        for xi, m in zip(x, part["mean"]):
            ax.text(xi, 0.15, f"{m:.2f}", ha="center", va="bottom", color="white", fontsize=10)
    ax.set_xticks(np.arange(len(outcomes)), [_label(o, _OUTCOME_LABELS, lang) for o in outcomes])
    ax.set_ylim(0, 7.5)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, fontsize=10)
    style.finish(ax, ylabel={"en": "Mean score", "zh": "平均分"}, lang=lang)
    ax.set_title(style.pick(title or {"en": "After a service failure", "zh": "服务失误之后"}, lang), pad=28)
    return ax
