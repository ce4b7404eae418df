"""Moments of truth (关键时刻): Carlzon's arithmetic, ranking touchpoints, and the cycle of service.

* :func:`carlzon_moments`: Carlzon's moments-of-truth arithmetic (SAS: about 10
  million customers × 5 contacts ≈ 50 million moments a year, ~15 s each).
* :func:`identify_mots`: rank touchpoints by impact (importance × shortfall,
  shortfall = expectation − experience) or by a driver analysis against the
  overall judgement (correlation or regression), with the share of customers hurt.
* :func:`cycle_of_service`: the ordered cycle of service (Albrecht & Zemke).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..data import require_columns
from ..errors import CourseDataError, show
from ..lang import T, pick
from .journeys import RATINGS, validate_journey
from ..lang import check_lang

__all__ = ["CarlzonMoments", "carlzon_moments", "identify_mots", "cycle_of_service"]


@dataclass(frozen=True)
class CarlzonMoments:
    """Carlzon's moments-of-truth arithmetic (see :func:`carlzon_moments`)."""

    customers: float
    contacts_per_customer: float
    seconds_per_contact: float
    moments_per_year: float
    moments_per_day: float
    seconds_per_year: float
    hours_per_year: float
    seconds_per_day: float
    failure_rate: float
    failed_per_year: float
    failed_per_day: float

    def table(self, lang: str | None = None) -> pd.DataFrame:
        """The figures as a two-column table (quantity, value)."""
        lang = check_lang(lang)
        names = [
            (T("moments of truth per year"), self.moments_per_year),
            (T("moments of truth per day"), self.moments_per_day),
            (T("contact seconds per year"), self.seconds_per_year),
            (T("contact hours per year"), self.hours_per_year),
            (T("contact seconds per day"), self.seconds_per_day),
            (T("failed moments per day"), self.failed_per_day),
        ]
        return pd.DataFrame({pick(T("quantity"), lang): [pick(n, lang) for n, _ in names],
                             pick(T("value (rounded)"), lang):
                                 np.rint([v for _, v in names]).astype("int64")})


def carlzon_moments(customers: float = 10_000_000, contacts_per_customer: float = 5,
                    seconds_per_contact: float = 15, *, days_per_year: float = 365,
                    failure_rate: float = 0.0) -> CarlzonMoments:
    """Moments of truth per year and per day (Carlzon 1987, SAS).

    Carlzon counted about 10 million SAS customers a year, each in contact with
    about 5 employees for about 15 seconds: 50 million moments of truth a year,
    the seconds in which "SAS is created" in the customer's mind.

    Parameters
    ----------
    customers : float
        Customers served per year.
    contacts_per_customer : float
        Contacts with employees per customer (per year).
    seconds_per_contact : float
        Average length of a contact.
    days_per_year : float
        Operating days per year (365 by default).
    failure_rate : float
        Share of moments that go wrong (0–1), for the "failed moments" figures.

    Examples
    --------
    >>> m = carlzon_moments()
    >>> m.moments_per_year, round(m.moments_per_day), m.hours_per_year
    (50000000.0, 136986, 208333.33333333334)
    """
    values = {"customers": customers, "contacts_per_customer": contacts_per_customer,
              "seconds_per_contact": seconds_per_contact, "days_per_year": days_per_year}
    for name, v in values.items():
        if isinstance(v, bool) or not isinstance(v, (int, float, np.number)) or not np.isfinite(v) or v < 0:
            raise CourseDataError(T("{name} must be a non-negative number, got {value}", name=name, value=show(v)),
                                  source="carlzon_moments",
                                  column=name, expected=T("a number ≥ 0"),
                                  fix=T("pass {name}= as a plain number", name=name))
    if days_per_year <= 0:
        raise CourseDataError(T("days_per_year must be positive"), source="carlzon_moments", column="days_per_year",
                              expected=T("a number > 0, e.g. 365"), fix=T("pass the operating days per year"))
    if not isinstance(failure_rate, (int, float, np.number)) or not 0 <= failure_rate <= 1:
        raise CourseDataError(T("failure_rate must be a share from 0 to 1, got {value}", value=show(failure_rate)),
                              source="carlzon_moments", column="failure_rate", expected=T("a share from 0 to 1"),
                              fix=T("write 2 % as 0.02"))
    per_year = float(customers) * float(contacts_per_customer)
    seconds = per_year * float(seconds_per_contact)
    return CarlzonMoments(
        customers=float(customers), contacts_per_customer=float(contacts_per_customer),
        seconds_per_contact=float(seconds_per_contact), moments_per_year=per_year,
        moments_per_day=per_year / days_per_year, seconds_per_year=seconds, hours_per_year=seconds / 3600,
        seconds_per_day=seconds / days_per_year, failure_rate=float(failure_rate),
        failed_per_year=per_year * failure_rate, failed_per_day=per_year * failure_rate / days_per_year,
    )


# --------------------------------------------------------------------------- moments of truth
_METHODS = {"impact": "impact", "correlation": "driver_r", "regression": "driver_beta"}


def _pairwise_r(wide: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pearson r of each column of ``wide`` with ``y``, on the rows where both are present (vectorised)."""
    m = ~np.isnan(wide) & ~np.isnan(y)[:, None]
    cnt = m.sum(axis=0)
    x0 = np.where(m, wide, 0.0)
    y0 = np.where(m, y[:, None], 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mx, my = x0.sum(axis=0) / cnt, y0.sum(axis=0) / cnt
        dx, dy = np.where(m, wide - mx, 0.0), np.where(m, y[:, None] - my, 0.0)
        r = (dx * dy).sum(axis=0) / np.sqrt((dx ** 2).sum(axis=0) * (dy ** 2).sum(axis=0))
    return np.where(cnt >= 2, r, np.nan)


def identify_mots(df: pd.DataFrame, method: str = "impact", *, outcome: str = "overall", top: int = 3,
                  validate: bool = True, source: str = "journey table") -> pd.DataFrame:
    """Rank touchpoints as moments of truth (关键时刻).

    Three views, all returned, ``method`` choosing the ranking:

    * ``"impact"``: mean over customers of importance × shortfall, where
      shortfall = expectation − experience (positive = the touchpoint fell short).
    * ``"correlation"``: Pearson correlation between the touchpoint's experience
      rating and the customer's overall judgement (``outcome``), across customers.
    * ``"regression"``: standardised coefficient of the touchpoint's experience
      in a least-squares regression of the overall judgement on all touchpoints
      (customers with every touchpoint rated).

    Parameters
    ----------
    df : DataFrame
        A journey table (see :func:`validate_journey`) with ``importance``,
        ``expectation``, ``experience`` and ``outcome``.
    method : {"impact", "correlation", "regression"}
    outcome : str
        Customer-level judgement column (``overall`` or ``return_intention``).
    top : int
        How many touchpoints to flag as moments of truth (``mot`` column).
    validate : bool
        Run :func:`validate_journey` first (turn off only for validated data).

    Returns
    -------
    DataFrame
        One row per touchpoint sorted by rank: ``rank``, ``touchpoint``,
        ``stage``, ``n``, mean ``importance``, ``expectation``, ``experience``,
        ``shortfall``, ``impact``, ``share_hurt`` (share of customers whose
        experience fell below their expectation), ``driver_r``, ``driver_beta``, ``mot``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": [1, 1, 2, 2, 3, 3], "stage": ["s"] * 6,
    ...     "touchpoint": ["wait", "pay"] * 3, "step": [1, 2] * 3,
    ...     "importance": [6, 3, 7, 3, 5, 3], "expectation": [5, 5, 5, 5, 5, 5],
    ...     "experience": [3, 5, 4, 6, 5, 4], "overall": [4, 4, 6, 6, 8, 8]})
    >>> identify_mots(df, top=1)[["touchpoint", "impact", "share_hurt", "mot"]].round(3)
      touchpoint  impact  share_hurt    mot
    0       wait   6.333       0.667   True
    1        pay   0.000       0.333  False
    """
    if method not in _METHODS:
        raise CourseDataError(T("unknown method {method}", method=repr(method)),
                              expected=T("one of {names}", names=", ".join(_METHODS)),
                              fix=T('use method="impact", "correlation" or "regression"'))
    if not isinstance(df, pd.DataFrame):
        raise CourseDataError(T("expected a journey table (DataFrame), got {type}", type=type(df).__name__),
                              source=source)
    require_columns(df, ["customer_id", "touchpoint", "stage", *RATINGS, outcome], source=source)
    if validate:
        df = validate_journey(df, source=source)
    if not isinstance(top, (int, np.integer)) or top < 0:
        raise CourseDataError(T("top must be a whole number ≥ 0, got {value}", value=show(top)), column="top",
                              expected=T("e.g. top=3"), fix=T("pass how many touchpoints to flag"))
    tp_codes, tp_names = pd.factorize(df["touchpoint"].to_numpy(), sort=True)
    cu_codes, cu_names = pd.factorize(df["customer_id"].to_numpy())
    k = len(tp_names)
    imp = df["importance"].to_numpy(dtype=float)
    expct = df["expectation"].to_numpy(dtype=float)
    expr = df["experience"].to_numpy(dtype=float)
    short = expct - expr
    n = np.bincount(tp_codes, minlength=k)

    def mean_by(values):  # vectorised group mean over touchpoint codes
        return np.bincount(tp_codes, weights=values, minlength=k) / n

    table = pd.DataFrame({
        "n": n, "importance": mean_by(imp), "expectation": mean_by(expct), "experience": mean_by(expr),
        "shortfall": mean_by(short), "impact": mean_by(imp * short), "share_hurt": mean_by((short > 0) * 1.0),
    }, index=pd.Index(tp_names, name="touchpoint"))
    first = np.full(k, -1)
    first[tp_codes[::-1]] = np.arange(len(df))[::-1]           # first row of each touchpoint
    table.insert(0, "stage", df["stage"].astype(str).to_numpy()[first])
    order = (pd.Series(df["step"].to_numpy(dtype=float)).groupby(tp_codes).median().to_numpy()
             if "step" in df.columns else np.zeros(k))

    # customers × touchpoints matrix of experience, and the customer's outcome (first row)
    wide = np.full((len(cu_names), k), np.nan)
    wide[cu_codes, tp_codes] = expr
    y = np.full(len(cu_names), np.nan)
    y[cu_codes[::-1]] = df[outcome].to_numpy(dtype=float)[::-1]
    table["driver_r"] = _pairwise_r(wide, y)
    complete = ~np.isnan(wide).any(axis=1) & ~np.isnan(y)
    X, yy = wide[complete], y[complete]
    beta = np.full(k, np.nan)
    if X.shape[0] > X.shape[1] + 1:
        sx, sy = X.std(axis=0, ddof=1), yy.std(ddof=1)
        ok = sx > 0
        if ok.any() and sy > 0:
            Z = (X[:, ok] - X[:, ok].mean(axis=0)) / sx[ok]
            coef, *_ = np.linalg.lstsq(np.column_stack([np.ones(len(Z)), Z]), (yy - yy.mean()) / sy, rcond=None)
            beta[ok] = coef[1:]
    table["driver_beta"] = beta
    score_col = _METHODS[method]
    if table[score_col].isna().all():
        raise CourseDataError(
            T("the {method} ranking cannot be computed from this table", method=method), source=source, column=outcome,
            expected=T("varying ratings and, for regression, more complete customers than touchpoints + 1"),
            fix=T('use method="impact", or add customers who rated every touchpoint'))
    table["_order"] = order
    table = table.sort_values([score_col, "_order"], ascending=[False, True], kind="stable", na_position="last")
    table = table.drop(columns="_order").reset_index()
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table["mot"] = table["rank"] <= top
    return table


def cycle_of_service(df: pd.DataFrame, *, value: str = "experience", source: str = "journey table") -> pd.DataFrame:
    """The cycle of service (Albrecht & Zemke): touchpoints in their usual order.

    Returns one row per touchpoint ordered by the median step at which customers
    meet it: ``position`` (1…n), ``touchpoint``, ``stage``, ``n``, mean
    ``value`` (``mean_<value>``), ``mean_emotion`` if present, and ``share_hurt``
    (experience below expectation) if the ratings are present.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": [1, 1, 2, 2], "stage": ["a", "b"] * 2,
    ...                    "touchpoint": ["in", "out"] * 2, "step": [1, 2] * 2, "experience": [4, 6, 6, 7]})
    >>> cycle_of_service(df)[["position", "touchpoint", "mean_experience"]]
       position touchpoint  mean_experience
    0         1         in              5.0
    1         2        out              6.5
    """
    df = validate_journey(df, source=source)
    require_columns(df, [value], source=source)
    g = df.groupby("touchpoint", sort=True)
    out = pd.DataFrame({"stage": g["stage"].first().astype(str), "n": g.size(),
                        f"mean_{value}": g[value].mean()})
    if "emotion" in df.columns and value != "emotion":
        out["mean_emotion"] = g["emotion"].mean()
    if {"expectation", "experience"} <= set(df.columns):
        out["share_hurt"] = (df["expectation"] > df["experience"]).groupby(df["touchpoint"], sort=True).mean()
    out["_step"] = g["step"].median()
    out["_stage"] = g["stage"].first().cat.codes
    out = out.sort_values(["_stage", "_step"], kind="stable").drop(columns=["_step", "_stage"]).reset_index()
    out.insert(0, "position", np.arange(1, len(out) + 1))
    return out

