"""Moments of truth, customer journeys and peak-end design (关键时刻、顾客旅程、峰终体验).

The computations behind lessons 02 (moments of truth) and 05 (peak-end design):

* A **journey table** has one row per customer × touchpoint (触点): ``customer_id``,
  ``stage``, ``touchpoint``, ``channel``, ``step`` (order; or a ``timestamp``),
  ``duration_min`` and ratings ``importance``, ``expectation``, ``experience``
  (1–7) and ``emotion`` (signed, −5…+5), plus customer-level ``overall``
  satisfaction and ``return_intention``. :func:`validate_journey` checks it.
* :func:`carlzon_moments`: Carlzon's moments-of-truth arithmetic (SAS: about 10
  million customers × 5 contacts ≈ 50 million moments a year, ~15 s each).
* :func:`identify_mots`: rank touchpoints by impact (importance × shortfall,
  shortfall = expectation − experience) or by a driver analysis against the
  overall judgement (correlation or regression), with the share of customers hurt.
* :func:`cycle_of_service`: the ordered cycle of service (Albrecht & Zemke).
* :data:`INCIDENT_FRAME` and :func:`incident_summary`: the critical-incident
  coding frame of Bitner, Booms & Tetreault (1990) (3 groups, 12 categories) and
  a chi-square test of group × outcome.
* :func:`peak_end_score`, :func:`remembered_vs_mean`, :func:`remembered_scores`,
  :func:`redesign`: the peak-end rule (Kahneman et al. 1993).
* Plots: :func:`plot_journey_map`, :func:`plot_cycle_of_service`,
  :func:`plot_peak_end`, :func:`plot_incident_shares`; widgets:
  :func:`emotion_curve_editor`, :func:`mot_calculator`.

Examples
--------
>>> from course_lib import journey
>>> journey.peak_end_score([1, -4, 2, 3])
-0.5
>>> journey.carlzon_moments().moments_per_year
50000000.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import matplotlib
import numpy as np
import pandas as pd
from scipy import stats

from . import style
from .data import Column, _rows, require_columns, validate_frame
from .errors import CourseDataError

__all__ = [
    "JOURNEYS",
    "LABELS",
    "INCIDENT_FRAME",
    "CarlzonMoments",
    "PeakEnd",
    "Redesign",
    "IncidentSummary",
    "label",
    "validate_journey",
    "carlzon_moments",
    "identify_mots",
    "cycle_of_service",
    "validate_incidents",
    "incident_summary",
    "peak_end",
    "peak_end_score",
    "remembered_vs_mean",
    "remembered_scores",
    "redesign",
    "plot_journey_map",
    "plot_cycle_of_service",
    "plot_peak_end",
    "plot_incident_shares",
    "emotion_curve_editor",
    "mot_calculator",
]

# --------------------------------------------------------------------------- vocabulary
#: The three shipped journeys: ordered stages and, per stage, ordered touchpoints.
JOURNEYS: dict[str, dict[str, list[str]]] = {
    "hotpot": {
        "queueing": ["queue_ticket", "waiting_area"],
        "seating": ["seating"],
        "ordering": ["ordering"],
        "cooking": ["cooking_at_table", "table_service"],
        "extras": ["extras"],
        "bill": ["bill"],
        "leaving": ["farewell"],
    },
    "airtrip": {
        "booking": ["online_booking"],
        "check_in": ["check_in", "bag_drop"],
        "airport": ["security", "gate_wait"],
        "boarding": ["boarding"],
        "flight": ["cabin_crew", "meal_service"],
        "arrival": ["deplaning", "baggage_claim"],
    },
    "bank": {
        "arrival": ["door_greeting", "take_ticket"],
        "waiting": ["waiting"],
        "service": ["teller_transaction", "product_advice"],
        "closing": ["paperwork", "farewell"],
    },
}

#: English and Chinese labels for stages, touchpoints and other names used in plots.
LABELS: dict[str, dict[str, str]] = {
    # hot-pot restaurant
    "queueing": {"en": "Queueing", "zh": "排队"},
    "queue_ticket": {"en": "Queue ticket", "zh": "取号"},
    "waiting_area": {"en": "Waiting area", "zh": "等候区"},
    "seating": {"en": "Seating", "zh": "入座"},
    "ordering": {"en": "Ordering", "zh": "点餐"},
    "cooking": {"en": "Cooking at the table", "zh": "桌边涮煮"},
    "cooking_at_table": {"en": "Cooking at table", "zh": "桌边涮煮"},
    "table_service": {"en": "Table service", "zh": "席间服务"},
    "extras": {"en": "Extras", "zh": "惊喜服务"},
    "bill": {"en": "Bill", "zh": "结账"},
    "leaving": {"en": "Leaving", "zh": "离店"},
    "farewell": {"en": "Farewell", "zh": "送别"},
    # air trip
    "booking": {"en": "Booking", "zh": "预订"},
    "online_booking": {"en": "Online booking", "zh": "网上订票"},
    "check_in": {"en": "Check-in", "zh": "值机"},
    "bag_drop": {"en": "Bag drop", "zh": "托运行李"},
    "airport": {"en": "Airport", "zh": "机场"},
    "security": {"en": "Security", "zh": "安检"},
    "gate_wait": {"en": "Gate wait", "zh": "候机"},
    "boarding": {"en": "Boarding", "zh": "登机"},
    "flight": {"en": "Flight", "zh": "飞行中"},
    "cabin_crew": {"en": "Cabin crew", "zh": "乘务服务"},
    "meal_service": {"en": "Meal service", "zh": "餐食服务"},
    "arrival": {"en": "Arrival", "zh": "到达"},
    "deplaning": {"en": "Deplaning", "zh": "下机"},
    "baggage_claim": {"en": "Baggage claim", "zh": "提取行李"},
    # bank branch
    "door_greeting": {"en": "Door greeting", "zh": "门口迎候"},
    "take_ticket": {"en": "Take a ticket", "zh": "取号"},
    "waiting": {"en": "Waiting", "zh": "等候"},
    "service": {"en": "Service", "zh": "办理业务"},
    "teller_transaction": {"en": "Teller transaction", "zh": "柜台业务"},
    "product_advice": {"en": "Product advice", "zh": "理财咨询"},
    "closing": {"en": "Closing", "zh": "收尾"},
    "paperwork": {"en": "Paperwork", "zh": "填单签字"},
    # incident outcomes
    "satisfactory": {"en": "Satisfactory", "zh": "满意"},
    "dissatisfactory": {"en": "Dissatisfactory", "zh": "不满意"},
}

#: Critical-incident coding frame (Bitner, Booms & Tetreault 1990): 3 groups, 12 categories.
INCIDENT_FRAME = pd.DataFrame(
    [
        (1, "1A", "Response to unavailable service", "对服务不可用的回应"),
        (1, "1B", "Response to unreasonably slow service", "对服务过慢的回应"),
        (1, "1C", "Response to other core service failures", "对其他核心服务失误的回应"),
        (2, "2A", "Response to 'special needs' customers", "对有特殊需要顾客的回应"),
        (2, "2B", "Response to customer preferences", "对顾客偏好的回应"),
        (2, "2C", "Response to admitted customer error", "对顾客自认差错的回应"),
        (2, "2D", "Response to potentially disruptive others", "对可能干扰他人的顾客的回应"),
        (3, "3A", "Attention paid to customer", "对顾客的关注"),
        (3, "3B", "Truly out-of-the-ordinary employee behaviour", "员工超乎寻常的举动"),
        (3, "3C", "Employee behaviour in the context of cultural norms", "员工行为与文化规范"),
        (3, "3D", "Gestalt evaluation", "整体印象评价"),
        (3, "3E", "Performance under adverse circumstances", "逆境中的表现"),
    ],
    columns=["group", "category", "category_en", "category_zh"],
)

#: Names of the three groups of the coding frame.
INCIDENT_GROUPS = {
    1: {"en": "1 Response to service delivery system failures", "zh": "1 对服务交付系统失误的回应"},
    2: {"en": "2 Response to customer needs and requests", "zh": "2 对顾客需要和请求的回应"},
    3: {"en": "3 Unprompted and unsolicited employee actions", "zh": "3 员工主动自发的行为"},
}


def label(name, lang: str = "en") -> str:
    """The display label of a stage, touchpoint or outcome name (the name itself if unknown).

    Examples
    --------
    >>> label("waiting_area", "zh")
    '等候区'
    >>> label("my_own_step")
    'my_own_step'
    """
    entry = LABELS.get(str(name))
    return style.pick(entry, lang) if entry else style.check_lang(lang) and str(name)


# --------------------------------------------------------------------------- journey table
RATINGS = ("importance", "expectation", "experience")


def _stage_order(df: pd.DataFrame, stages, journey) -> list[str] | None:
    if stages is not None and journey is not None:
        raise CourseDataError("give either stages= or journey=, not both",
                              fix="pass the ordered stage list, or the name of a shipped journey")
    if journey is not None:
        if journey not in JOURNEYS:
            raise CourseDataError(f"unknown journey {journey!r}", expected="one of " + ", ".join(JOURNEYS),
                                  fix="pass stages=[...] for a journey of your own")
        return list(JOURNEYS[journey])
    return None if stages is None else [str(s) for s in stages]


def validate_journey(
    df: pd.DataFrame,
    *,
    stages: Sequence[str] | None = None,
    journey: str | None = None,
    rating_range: tuple[float, float] = (1, 7),
    emotion_range: tuple[float, float] = (-5, 5),
    source: str = "journey table",
) -> pd.DataFrame:
    """Check a journey table and return a clean copy sorted by customer and step.

    Parameters
    ----------
    df : DataFrame
        One row per customer × touchpoint with ``customer_id``, ``stage``,
        ``touchpoint`` and ``step`` (or ``timestamp``, from which ``step`` is
        derived). Optional: ``channel``, ``duration_min``, ``importance``,
        ``expectation``, ``experience`` (``rating_range``), ``emotion``
        (``emotion_range``), ``overall``, ``return_intention``.
    stages : sequence of str, optional
        The stages in their order; any other stage is an error. Default: no
        list; the order is then taken from the data (median step per stage).
    journey : {"hotpot", "airtrip", "bank"}, optional
        Use the stage list of a shipped journey.
    rating_range, emotion_range : (low, high)
        Allowed range of the 1–7 ratings and of the signed emotion.
    source : str
        Name used in error messages (a file name).

    Returns
    -------
    DataFrame
        Validated copy sorted by ``customer_id`` and ``step``, index reset.

    Raises
    ------
    CourseDataError
        Missing columns, unknown stages, touchpoints out of stage order within a
        customer, a touchpoint under two stages, ratings out of range, duplicated
        customer × touchpoint or customer × step rows, empty cells.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": [1, 1], "stage": ["pay", "wait"],
    ...                    "touchpoint": ["bill", "queue"], "step": [1, 2]})
    >>> validate_journey(df, stages=["wait", "pay"])
    Traceback (most recent call last):
    ...
    course_lib.errors.CourseDataError: journey table, row 2, column 'stage': touchpoints out of order: stage 'wait' comes after a later stage
      expected: within each customer, stages in the order wait, pay as the step increases
      fix: correct the step numbers (or timestamps) or the stage of these rows
    """
    if not isinstance(df, pd.DataFrame):
        raise CourseDataError(f"expected a table (pandas DataFrame), got {type(df).__name__}", source=source,
                              fix="load the journey with course_lib.data.load(...) or read_table(...)")
    order_col = "step" if "step" in df.columns or "timestamp" not in df.columns else "timestamp"
    require_columns(df, ["customer_id", "stage", "touchpoint", order_col], source=source)
    if len(df) == 0:
        raise CourseDataError("the journey table is empty", source=source, expected="at least one row",
                              fix="check the filter that produced it")
    lo, hi = rating_range
    elo, ehi = emotion_range
    schema = [Column("customer_id", "int" if pd.api.types.is_numeric_dtype(df["customer_id"]) else "str"),
              Column("stage", "str"), Column("touchpoint", "str")]
    schema.append(Column("step", "float") if order_col == "step" else Column("timestamp", "datetime"))
    schema += [Column(c, "float", min=lo, max=hi, required=False) for c in RATINGS]
    schema += [Column("emotion", "float", min=elo, max=ehi, required=False),
               Column("duration_min", "float", min=0, required=False, nullable=True),
               Column("overall", "float", required=False),
               Column("return_intention", "float", required=False)]
    out = validate_frame(df, schema, source=source)
    out["stage"] = out["stage"].astype(str)
    out["touchpoint"] = out["touchpoint"].astype(str)
    if order_col == "timestamp":
        out["step"] = out.groupby("customer_id", sort=False)["timestamp"].rank(method="first").astype("int64")
    out["_row"] = np.arange(1, len(out) + 1)

    for keys, what in ((["customer_id", "touchpoint"], "touchpoint"), (["customer_id", "step"], order_col)):
        dup = out.duplicated(keys, keep=False)
        if dup.any():
            raise CourseDataError(
                f"duplicated rows: the same customer has the same {what} more than once",
                source=source, row=_rows(dup), column=keys,
                expected=f"one row per customer and {what}",
                fix="remove the repeated rows (df.drop_duplicates) or correct their customer id",
            )

    stage_of = out.groupby("touchpoint", sort=False)["stage"].nunique()
    if (stage_of > 1).any():
        tp = stage_of[stage_of > 1].index[0]
        bad = out["touchpoint"] == tp
        raise CourseDataError(
            f"touchpoint {tp!r} appears under more than one stage", source=source, row=_rows(bad), column="stage",
            expected="each touchpoint belongs to one stage", fix="correct the stage of these rows")

    order = _stage_order(out, stages, journey)
    if order is not None:
        unknown = ~out["stage"].isin(order)
        if unknown.any():
            raise CourseDataError(
                f"unknown stage {out.loc[unknown, 'stage'].iloc[0]!r}", source=source, row=_rows(unknown),
                column="stage", expected="one of " + ", ".join(order),
                fix="correct the spelling, or pass the full ordered list with stages=[...]")
    else:
        order = out.groupby("stage", sort=False)["step"].median().sort_values(kind="stable").index.tolist()

    out = out.sort_values(["customer_id", "step"], kind="stable")
    code = pd.Categorical(out["stage"], categories=order).codes
    same = out["customer_id"].to_numpy()[1:] == out["customer_id"].to_numpy()[:-1]
    back = np.zeros(len(out), dtype=bool)
    back[1:] = same & (np.diff(code) < 0)
    if back.any():
        rows = np.sort(out["_row"].to_numpy()[back]).tolist()
        raise CourseDataError(
            f"touchpoints out of order: stage {out['stage'].to_numpy()[back][0]!r} comes after a later stage",
            source=source, row=rows[0] if len(rows) == 1 else rows, column="stage",
            expected="within each customer, stages in the order " + ", ".join(order) + " as the step increases",
            fix="correct the step numbers (or timestamps) or the stage of these rows",
        )
    cust = out["customer_id"].to_numpy()
    for col in ("overall", "return_intention"):
        if col in out.columns:
            v = out[col].to_numpy()
            differs = np.zeros(len(out), dtype=bool)
            differs[1:] = same & (v[1:] != v[:-1])
            varies = out["customer_id"].isin(np.unique(cust[differs])).to_numpy() if differs.any() else differs
            if varies.any():
                raise CourseDataError(
                    f"{col} differs between rows of the same customer", source=source,
                    row=np.sort(out.loc[varies, "_row"].to_numpy()).tolist(), column=col,
                    expected="one customer-level value repeated on each of the customer's rows",
                    fix="keep one value per customer")
    out["stage"] = pd.Categorical(out["stage"], categories=order, ordered=True)
    return out.drop(columns="_row").reset_index(drop=True)


# --------------------------------------------------------------------------- Carlzon
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

    def table(self, lang: str = "en") -> pd.DataFrame:
        """The figures as a two-column table (quantity, value)."""
        names = [
            ({"en": "moments of truth per year", "zh": "每年关键时刻数"}, self.moments_per_year),
            ({"en": "moments of truth per day", "zh": "每天关键时刻数"}, self.moments_per_day),
            ({"en": "contact seconds per year", "zh": "每年接触秒数"}, self.seconds_per_year),
            ({"en": "contact hours per year", "zh": "每年接触小时数"}, self.hours_per_year),
            ({"en": "contact seconds per day", "zh": "每天接触秒数"}, self.seconds_per_day),
            ({"en": "failed moments per day", "zh": "每天失败的关键时刻"}, self.failed_per_day),
        ]
        return pd.DataFrame({style.pick({"en": "quantity", "zh": "指标"}, lang): [style.pick(n, lang) for n, _ in names],
                             style.pick({"en": "value (rounded)", "zh": "数值（取整）"}, lang):
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
            raise CourseDataError(f"{name} must be a non-negative number, got {v!r}", source="carlzon_moments",
                                  column=name, expected="a number ≥ 0", fix=f"pass {name}= as a plain number")
    if days_per_year <= 0:
        raise CourseDataError("days_per_year must be positive", source="carlzon_moments", column="days_per_year",
                              expected="a number > 0, e.g. 365", fix="pass the operating days per year")
    if not isinstance(failure_rate, (int, float, np.number)) or not 0 <= failure_rate <= 1:
        raise CourseDataError(f"failure_rate must be a share from 0 to 1, got {failure_rate!r}",
                              source="carlzon_moments", column="failure_rate", expected="a share from 0 to 1",
                              fix="write 2 % as 0.02")
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


def _customer_outcome(df: pd.DataFrame, outcome: str) -> pd.Series:
    return df.groupby("customer_id", sort=True)[outcome].first()


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
        raise CourseDataError(f"unknown method {method!r}", expected="one of " + ", ".join(_METHODS),
                              fix='use method="impact", "correlation" or "regression"')
    if not isinstance(df, pd.DataFrame):
        raise CourseDataError(f"expected a journey table (DataFrame), got {type(df).__name__}", source=source)
    require_columns(df, ["customer_id", "touchpoint", "stage", *RATINGS, outcome], source=source)
    if validate:
        df = validate_journey(df, source=source)
    if not isinstance(top, (int, np.integer)) or top < 0:
        raise CourseDataError(f"top must be a whole number ≥ 0, got {top!r}", column="top",
                              expected="e.g. top=3", fix="pass how many touchpoints to flag")
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
            f"the {method} ranking cannot be computed from this table", source=source, column=outcome,
            expected="varying ratings and, for regression, more complete customers than touchpoints + 1",
            fix='use method="impact", or add customers who rated every touchpoint')
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


# --------------------------------------------------------------------------- critical incidents
OUTCOMES = ("satisfactory", "dissatisfactory")


def validate_incidents(df: pd.DataFrame, *, source: str = "incident log") -> pd.DataFrame:
    """Check a coded critical-incident log: ``category`` (1A…3E) and ``outcome``.

    Adds the ``group`` (1–3) implied by the category; an existing ``group``
    column must agree with it.
    """
    if not isinstance(df, pd.DataFrame) or len(df) == 0:
        raise CourseDataError("the incident log is empty" if isinstance(df, pd.DataFrame) else
                              f"expected a table (pandas DataFrame), got {type(df).__name__}", source=source,
                              expected="one row per coded incident", fix="add coded incidents")
    schema = [Column("category", "str", allowed=tuple(INCIDENT_FRAME["category"])),
              Column("outcome", "str", allowed=OUTCOMES)]
    out = validate_frame(df, schema, source=source)
    implied = out["category"].str[0].astype("int64")
    if "group" in out.columns:
        bad = pd.to_numeric(out["group"], errors="coerce") != implied
        if bad.any():
            raise CourseDataError("group does not match the category code", source=source, row=_rows(bad),
                                  column="group", expected="the first digit of the category (1A → group 1)",
                                  fix="correct the group or the category")
    out["group"] = implied.to_numpy()
    return out


@dataclass(frozen=True)
class IncidentSummary:
    """Critical incidents tabulated by group and outcome (see :func:`incident_summary`).

    ``counts``: group × outcome counts; ``shares``: each outcome's incidents
    split over the groups (columns sum to 1, as in Bitner et al. 1990);
    ``by_category``: counts per category and outcome; chi-square test of
    independence of group and outcome.
    """

    counts: pd.DataFrame
    shares: pd.DataFrame
    by_category: pd.DataFrame
    chi2: float
    dof: int
    p_value: float
    n: int


def incident_summary(df: pd.DataFrame, *, source: str = "incident log") -> IncidentSummary:
    """Tabulate coded critical incidents: satisfactory vs dissatisfactory shares per group.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"category": ["1A", "1B", "2B", "3A", "3A", "1C"],
    ...                     "outcome": ["dissatisfactory", "dissatisfactory", "satisfactory",
    ...                                 "satisfactory", "satisfactory", "satisfactory"]})
    >>> s = incident_summary(log)
    >>> s.shares["satisfactory"].tolist()
    [0.25, 0.25, 0.5]
    >>> s.n
    6
    """
    out = validate_incidents(df, source=source)
    groups = pd.Index([1, 2, 3], name="group")
    counts = pd.crosstab(out["group"], out["outcome"]).reindex(index=groups, columns=list(OUTCOMES), fill_value=0)
    counts.columns.name = "outcome"
    totals = counts.sum(axis=0)
    shares = counts / totals.where(totals > 0)
    by_cat = (pd.crosstab(out["category"], out["outcome"])
              .reindex(index=INCIDENT_FRAME["category"], columns=list(OUTCOMES), fill_value=0))
    keep = counts.loc[counts.sum(axis=1) > 0, counts.sum(axis=0) > 0]
    if keep.shape[0] >= 2 and keep.shape[1] == 2:
        chi2, p, dof, _ = stats.chi2_contingency(keep.to_numpy(), correction=False)
    else:
        chi2, p, dof = np.nan, np.nan, 0
    return IncidentSummary(counts=counts, shares=shares, by_category=by_cat, chi2=float(chi2), dof=int(dof),
                           p_value=float(p), n=int(len(out)))


# --------------------------------------------------------------------------- peak-end
def _as_profiles(profiles, source: str) -> tuple[np.ndarray, list]:
    """Profiles (dict name → sequence, list of sequences, or wide DataFrame) → 2-D float array with trailing NaN."""
    if isinstance(profiles, pd.DataFrame):
        names = list(profiles.index)
        try:
            arr = profiles.to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise CourseDataError("profiles contain values that are not numbers", source=source,
                                  expected="numbers, one column per moment", fix="convert the columns to numbers") from None
    else:
        if isinstance(profiles, Mapping):
            names, seqs = list(profiles.keys()), list(profiles.values())
        else:
            seqs = list(profiles)
            names = list(range(1, len(seqs) + 1))
        rows = [_as_series(s, source=source, row=i + 1) for i, s in enumerate(seqs)]
        width = max((len(r) for r in rows), default=0)
        arr = np.full((len(rows), width), np.nan)
        for i, r in enumerate(rows):
            arr[i, : len(r)] = r
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        raise CourseDataError("no profiles given", source=source, expected="at least one profile with one moment",
                              fix="pass e.g. {'A': [0, -3, 2]}")
    valid = ~np.isnan(arr)
    length = valid.sum(axis=1)
    interior = valid != (np.arange(arr.shape[1]) < length[:, None])
    if interior.any() or (length == 0).any():
        bad = np.flatnonzero(interior.any(axis=1) | (length == 0))
        raise CourseDataError("a profile has gaps or is empty", source=source, row=(bad + 1).tolist(),
                              expected="consecutive moments; shorter profiles may end early (trailing blanks only)",
                              fix="fill the missing moments or drop the profile")
    return arr, names


def _as_series(series, *, source: str = "profile", row=None) -> np.ndarray:
    if isinstance(series, (str, bytes)) or np.ndim(series) != 1:
        raise CourseDataError("a profile must be a one-dimensional sequence of numbers", source=source, row=row,
                              expected="e.g. [0, -3, 2, 4]", fix="pass a list, array or pandas Series")
    try:
        arr = np.asarray(series, dtype=float)
    except (TypeError, ValueError):
        raise CourseDataError("a profile contains values that are not numbers", source=source, row=row,
                              expected="numbers such as -3 or 2.5", fix="remove the text values") from None
    if arr.size == 0:
        raise CourseDataError("the profile is empty", source=source, row=row, expected="at least one moment",
                              fix="pass the ratings of each moment")
    if not np.isfinite(arr).all():
        where = (np.flatnonzero(~np.isfinite(arr)) + 1).tolist()
        raise CourseDataError(f"the profile has missing or infinite values at moments {where}", source=source,
                              row=row, expected="a finite number at every moment",
                              fix="fill the missing moments or drop them")
    return arr


def _check_window(end_window, lengths: np.ndarray, source: str) -> int:
    if isinstance(end_window, bool) or not isinstance(end_window, (int, np.integer)) or end_window < 1:
        raise CourseDataError(f"end_window must be a whole number ≥ 1, got {end_window!r}", source=source,
                              column="end_window", expected="e.g. end_window=1 (last moment) or 3",
                              fix="pass how many final moments make up the end")
    if (lengths < end_window).any():
        short = (np.flatnonzero(lengths < end_window) + 1).tolist()
        raise CourseDataError(f"end_window={end_window} is longer than the profile", source=source, row=short,
                              column="end_window", expected=f"profiles with at least {end_window} moments",
                              fix="use a smaller end_window")
    return int(end_window)


def _peak_end_arrays(arr: np.ndarray, end_window: int, signed: bool):
    """Vectorised peak, peak position, end over a 2-D array with trailing NaN."""
    length = (~np.isnan(arr)).sum(axis=1)
    if signed:
        absmax = np.nanmax(np.abs(arr), axis=1)
        has_neg = (arr == -absmax[:, None]).any(axis=1) & (absmax > 0)
        peak = np.where(has_neg, -absmax, absmax)
    else:
        peak = np.nanmax(arr, axis=1)
    hit = arr == peak[:, None]
    peak_pos = hit.argmax(axis=1)
    cs = np.concatenate([np.zeros((arr.shape[0], 1)), np.cumsum(np.nan_to_num(arr), axis=1)], axis=1)
    rows = np.arange(arr.shape[0])
    end = (cs[rows, length] - cs[rows, length - end_window]) / end_window
    return peak, peak_pos, end, length


@dataclass(frozen=True)
class PeakEnd:
    """Parts of a remembered score: ``peak`` (value), ``peak_index`` (0-based), ``end``, ``score``,
    ``mean`` and ``area`` (sum over moments, each one time unit long)."""

    peak: float
    peak_index: int
    end: float
    score: float
    mean: float
    area: float
    n: int


def peak_end(series, end_window: int = 1, signed: bool = True) -> PeakEnd:
    """Peak, end and remembered score of one episode (see :func:`peak_end_score`).

    Examples
    --------
    >>> peak_end([2, -3, 3, 1])
    PeakEnd(peak=-3.0, peak_index=1, end=1.0, score=-1.0, mean=0.75, area=3.0, n=4)
    """
    arr = _as_series(series)
    w = _check_window(end_window, np.array([arr.size]), "profile")
    peak, pos, end, _ = _peak_end_arrays(arr[None, :], w, bool(signed))
    return PeakEnd(peak=float(peak[0]), peak_index=int(pos[0]), end=float(end[0]),
                   score=float((peak[0] + end[0]) / 2), mean=float(arr.mean()), area=float(arr.sum()), n=int(arr.size))


def peak_end_score(series, end_window: int = 1, signed: bool = True) -> float:
    """Remembered score by the peak-end rule: (peak + end) / 2 (Kahneman et al. 1993).

    Parameters
    ----------
    series : sequence of numbers
        The moment-by-moment ratings of one episode, in time order.
    end_window : int
        The end is the mean of the last ``end_window`` moments (1 = last moment).
    signed : bool
        ``True`` for signed affect (−5…+5): the peak is the most intense moment,
        the largest absolute value keeping its sign; when a positive and a
        negative moment are equally intense, the negative one is the peak.
        ``False`` for a one-directional intensity scale (pain 0–10): the peak is the maximum.

    Examples
    --------
    >>> peak_end_score([1, -4, 2, 3])           # peak −4, end 3
    -0.5
    >>> peak_end_score([2, -3, 3, 1])           # tie |−3| = |3|: the negative wins
    -1.0
    >>> peak_end_score([1, -4, 2, 3], end_window=2)   # end = (2 + 3) / 2
    -0.75
    >>> peak_end_score([3, 5, 8, 6], signed=False)
    7.0
    """
    return peak_end(series, end_window=end_window, signed=signed).score


def remembered_vs_mean(profiles, end_window: int = 1, signed: bool = True,
                       source: str = "profiles") -> pd.DataFrame:
    """Compare the peak-end memory of episodes with their average and area under the curve.

    Parameters
    ----------
    profiles : dict, list of sequences or wide DataFrame
        One episode per key / item / row; episodes may differ in length (a
        DataFrame ends shorter episodes with blanks).

    Returns
    -------
    DataFrame
        Per episode: ``n_moments``, ``peak``, ``end``, ``remembered`` (peak-end),
        ``mean``, ``area`` (sum of the moments), ``remembered_minus_mean``, and
        ``rank_remembered`` / ``rank_area`` (1 = highest).

    Examples
    --------
    >>> t = remembered_vs_mean({"short": [2, 5, 8], "long": [2, 5, 8, 4]}, signed=False)
    >>> t[["remembered", "mean", "area"]]
             remembered  mean  area
    episode
    short           8.0  5.00  15.0
    long            6.0  4.75  19.0
    """
    arr, names = _as_profiles(profiles, source)
    length = (~np.isnan(arr)).sum(axis=1)
    w = _check_window(end_window, length, source)
    peak, _, end, length = _peak_end_arrays(arr, w, bool(signed))
    remembered = (peak + end) / 2
    out = pd.DataFrame({
        "n_moments": length, "peak": peak, "end": end, "remembered": remembered,
        "mean": np.nanmean(arr, axis=1), "area": np.nansum(arr, axis=1),
    }, index=pd.Index(names, name="episode"))
    out["remembered_minus_mean"] = out["remembered"] - out["mean"]
    out["rank_remembered"] = out["remembered"].rank(ascending=False, method="min").astype("int64")
    out["rank_area"] = out["area"].rank(ascending=False, method="min").astype("int64")
    return out


def remembered_scores(df: pd.DataFrame, *, value: str = "emotion", end_window: int = 1, signed: bool = True,
                      source: str = "journey table") -> pd.DataFrame:
    """Per customer of a journey table: peak, end, peak-end score, mean and area of ``value``.

    The customer-level columns ``overall`` and ``return_intention`` are carried along.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": [1, 1, 1, 2, 2, 2], "stage": ["s"] * 6,
    ...     "touchpoint": ["a", "b", "c"] * 2, "step": [1, 2, 3] * 2, "emotion": [0, -4, 2, 1, 3, 1]})
    >>> remembered_scores(df)[["peak", "end", "remembered", "mean"]].round(3)
                 peak  end  remembered   mean
    customer_id
    1            -4.0  2.0        -1.0 -0.667
    2             3.0  1.0         2.0  1.667
    """
    df = validate_journey(df, source=source)
    require_columns(df, [value], source=source)
    codes, customers = pd.factorize(df["customer_id"].to_numpy(), sort=True)   # rows are sorted by customer, step
    starts = np.r_[0, np.flatnonzero(np.diff(codes)) + 1]
    sizes = np.diff(np.r_[starts, len(codes)])
    pos = np.arange(len(codes)) - np.repeat(starts, sizes)
    arr = np.full((len(customers), int(sizes.max())), np.nan)
    arr[codes, pos] = df[value].to_numpy(dtype=float)
    wide = pd.DataFrame(arr, index=pd.Index(customers, name="customer_id"))
    out = remembered_vs_mean(wide, end_window=end_window, signed=signed, source=source)
    out.index.name = "customer_id"
    out = out.drop(columns=["rank_remembered", "rank_area"])
    for col in ("overall", "return_intention"):
        if col in df.columns:
            out[col] = _customer_outcome(df, col).reindex(out.index)
    return out


@dataclass(frozen=True)
class Redesign:
    """Before and after a redesign of an episode (see :func:`redesign`)."""

    profile_before: tuple
    profile_after: tuple
    remembered_before: float
    remembered_after: float
    change: float
    mean_before: float
    mean_after: float

    def table(self) -> pd.DataFrame:
        return pd.DataFrame({"remembered": [self.remembered_before, self.remembered_after],
                             "mean": [self.mean_before, self.mean_after],
                             "moments": [len(self.profile_before), len(self.profile_after)]},
                            index=pd.Index(["before", "after"], name="version"))


def redesign(profile, *, add_peak: tuple[int, float] | None = None, end_value: float | None = None,
             extend_end: Sequence[float] | None = None, shorten: tuple[int, int] | None = None,
             end_window: int = 1, signed: bool = True, value_range: tuple[float, float] | None = (-5, 5)) -> Redesign:
    """Simulate a redesign of an episode and report the change in the remembered score.

    All positions refer to the original profile (0-based), and the changes are
    applied together:

    * ``shorten=(start, stop)`` removes the moments ``start…stop−1`` (a bad stretch cut out);
    * ``add_peak=(position, value)`` inserts a new moment before ``position``
      (``len(profile)`` = at the end of the original moments);
    * ``end_value`` replaces the value of the last original moment;
    * ``extend_end=[…]`` appends moments after the end (a gentler or happier ending).

    Examples
    --------
    >>> r = redesign([0, -4, -1, -2], extend_end=[2])     # a pleasant last moment
    >>> r.remembered_before, r.remembered_after, r.change
    (-3.0, -1.0, 2.0)
    >>> redesign([0, -4, -1, -2], shorten=(1, 2)).profile_after
    (0.0, -1.0, -2.0)
    """
    arr = _as_series(profile)
    n = arr.size
    values = arr.copy()
    if end_value is not None:
        values[-1] = float(end_value)
    keep = np.ones(n, dtype=bool)
    if shorten is not None:
        try:
            start, stop = (int(shorten[0]), int(shorten[1]))
        except (TypeError, ValueError, IndexError):
            raise CourseDataError("shorten must be a pair (start, stop)", source="redesign", column="shorten",
                                  expected="e.g. shorten=(2, 4) removes moments 2 and 3",
                                  fix="pass two whole numbers") from None
        if not 0 <= start < stop <= n:
            raise CourseDataError(f"shorten={shorten!r} is outside the profile of {n} moments", source="redesign",
                                  column="shorten", expected=f"0 ≤ start < stop ≤ {n}", fix="check the positions")
        keep[start:stop] = False
    pieces = [values[:0]]
    insert_at, peak_value = (None, None)
    if add_peak is not None:
        try:
            insert_at, peak_value = int(add_peak[0]), float(add_peak[1])
        except (TypeError, ValueError, IndexError):
            raise CourseDataError("add_peak must be a pair (position, value)", source="redesign", column="add_peak",
                                  expected="e.g. add_peak=(3, 4)", fix="pass a position and a value") from None
        if not 0 <= insert_at <= n:
            raise CourseDataError(f"add_peak position {insert_at} is outside 0…{n}", source="redesign",
                                  column="add_peak", expected=f"a position from 0 to {n}", fix="check the position")
    idx = np.arange(n)
    if insert_at is None:
        pieces = [values[keep]]
    else:
        pieces = [values[keep & (idx < insert_at)], np.array([peak_value]), values[keep & (idx >= insert_at)]]
    if extend_end is not None:
        pieces.append(_as_series(extend_end, source="extend_end"))
    after = np.concatenate(pieces)
    if after.size == 0:
        raise CourseDataError("the redesign removes every moment", source="redesign", column="shorten",
                              fix="keep at least one moment")
    if value_range is not None:
        lo, hi = value_range
        out = (after < lo) | (after > hi)
        if out.any():
            raise CourseDataError(f"redesigned values must stay within {lo}…{hi}", source="redesign",
                                  expected=f"values from {lo} to {hi}", fix="choose values on the rating scale")
    before = peak_end(arr, end_window=end_window, signed=signed)
    new = peak_end(after, end_window=end_window, signed=signed)
    return Redesign(profile_before=tuple(arr.tolist()), profile_after=tuple(after.tolist()),
                    remembered_before=before.score, remembered_after=new.score, change=new.score - before.score,
                    mean_before=before.mean, mean_after=new.mean)


# --------------------------------------------------------------------------- plots
def plot_journey_map(df: pd.DataFrame, *, top: int = 3, method: str = "impact", ax=None, lang: str = "en",
                     title=None):
    """Journey map: stages as columns, the mean emotion curve, moments of truth and pain points marked.

    Moments of truth are the ``top`` touchpoints by :func:`identify_mots`
    (``method``); pain points are touchpoints whose mean emotion is below zero.

    Examples
    --------
    >>> from course_lib import data
    >>> _ = plot_journey_map(data.load("journey_bank"))
    """
    style.check_lang(lang)
    cyc = cycle_of_service(df, value="emotion")
    mots = identify_mots(df, method=method, top=top)
    mot_set = set(mots.loc[mots["mot"], "touchpoint"])
    ax = style.new_ax(ax, figsize=(max(8.0, 1.1 * len(cyc)), 5.0))
    x = np.arange(len(cyc))
    y = cyc["mean_emotion"].to_numpy()
    lo = min(-5.0, float(np.floor(y.min())) - 1)
    # stage columns
    starts = np.flatnonzero(np.r_[True, cyc["stage"].to_numpy()[1:] != cyc["stage"].to_numpy()[:-1]])
    bounds = np.r_[starts, len(cyc)]
    for i, (a, b) in enumerate(zip(bounds[:-1], bounds[1:])):
        if i % 2 == 0:
            ax.axvspan(a - 0.5, b - 0.5, color=style.PALETTE["sky"], alpha=0.12, lw=0)
        ax.text((a + b - 1) / 2, 5.4, label(cyc["stage"].iloc[a], lang), ha="center", va="bottom", fontsize=10,
                fontweight="bold")
    ax.axhline(0, color=style.PALETTE["neutral"], lw=1)
    ax.plot(x, y, "-o", color=style.PALETTE["perception"], lw=2,
            label=style.pick({"en": "mean emotion", "zh": "平均情绪"}, lang))
    pain = y < 0
    ax.scatter(x[pain], y[pain], s=120, color=style.PALETTE["bad"], zorder=3, marker="v",
               label=style.pick({"en": "pain point (mean < 0)", "zh": "痛点（平均 < 0）"}, lang))
    is_mot = cyc["touchpoint"].isin(mot_set).to_numpy()
    ax.scatter(x[is_mot], y[is_mot], s=320, facecolor="none", edgecolor=style.PALETTE["orange"], lw=2.5, zorder=4,
               marker="*", label=style.pick({"en": f"moment of truth (top {top})", "zh": f"关键时刻（前 {top}）"}, lang))
    ax.set_xticks(x, [label(t, lang) for t in cyc["touchpoint"]], rotation=30, ha="right")
    ax.set_ylim(lo, 6.3)
    ax.set_xlim(-0.5, len(cyc) - 0.5)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="lower left", fontsize=9, ncol=3)
    return style.finish(ax, title=title or {"en": "Customer journey map", "zh": "顾客旅程地图"},
                        ylabel={"en": "emotion (−5 … +5)", "zh": "情绪（−5 … +5）"}, lang=lang)


def plot_cycle_of_service(df: pd.DataFrame, *, value: str = "experience", scale: tuple[float, float] = (1, 7),
                          ax=None, lang: str = "en", title=None):
    """The cycle of service as a circle: moments clockwise from the top, coloured by their mean rating.

    ``df`` is a journey table or the output of :func:`cycle_of_service`.

    Examples
    --------
    >>> from course_lib import data
    >>> _ = plot_cycle_of_service(data.load("journey_hotpot"), lang="zh")
    """
    style.check_lang(lang)
    cyc = df if "position" in df.columns else cycle_of_service(df, value=value)
    col = f"mean_{value}"
    require_columns(cyc, [col, "touchpoint"], source="cycle of service")
    ax = style.new_ax(ax, figsize=(7.5, 7.5))
    n = len(cyc)
    theta = np.pi / 2 - 2 * np.pi * np.arange(n) / n
    xs, ys = np.cos(theta), np.sin(theta)
    circle = np.linspace(0, 2 * np.pi, 200)
    ax.plot(np.cos(circle), np.sin(circle), color=style.PALETTE["neutral"], lw=1.5, zorder=1)
    for i in range(n):  # arrows along the circle, one per moment (n is a handful)
        j = (i + 1) % n
        ax.annotate("", xy=(xs[j] * 0.97, ys[j] * 0.97), xytext=(xs[i] * 0.97, ys[i] * 0.97),
                    arrowprops=dict(arrowstyle="->", color=style.PALETTE["neutral"], lw=1,
                                    connectionstyle="arc3,rad=-0.25", shrinkA=14, shrinkB=14))
    cmap = matplotlib.colormaps["RdYlGn"]
    vals = cyc[col].to_numpy(dtype=float)
    sc = ax.scatter(xs, ys, s=900, c=vals, cmap=cmap, vmin=scale[0], vmax=scale[1], zorder=3,
                    edgecolor="black", lw=0.8)
    for i in range(n):
        ax.text(xs[i], ys[i], f"{vals[i]:.1f}", ha="center", va="center", fontsize=9, zorder=4)
        ha = "left" if xs[i] > 0.2 else "right" if xs[i] < -0.2 else "center"
        va = "bottom" if ys[i] > 0.5 else "top" if ys[i] < -0.5 else "center"
        ax.text(xs[i] * 1.2, ys[i] * 1.2, f"{i + 1}. {label(cyc['touchpoint'].iloc[i], lang)}",
                ha=ha, va=va, fontsize=10)
    cbar = ax.figure.colorbar(sc, ax=ax, shrink=0.6, pad=0.02)
    cbar.set_label(style.pick({"en": f"mean {value}", "zh": "平均体验评分" if value == "experience" else f"平均 {value}"},
                              lang))
    ax.set_aspect("equal")
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.5, 1.5)
    ax.axis("off")
    return style.finish(ax, title=title or {"en": "Cycle of service", "zh": "服务循环"}, lang=lang)


def plot_peak_end(profile, *, end_window: int = 1, signed: bool = True, labels: Sequence[str] | None = None,
                  ax=None, lang: str = "en", title=None, name=None):
    """Emotion curve of one episode with the peak, the end window, the mean and the remembered score.

    ``name`` labels the curve in the legend (a string or ``{"en": …, "zh": …}``).

    Examples
    --------
    >>> _ = plot_peak_end([0, -2, -4, 1, 3], end_window=2, lang="zh")
    """
    style.check_lang(lang)
    pe = peak_end(profile, end_window=end_window, signed=signed)
    arr = _as_series(profile)
    ax = style.new_ax(ax, figsize=(8.0, 4.6))
    x = np.arange(1, arr.size + 1)
    ax.plot(x, arr, "-o", color=style.PALETTE["perception"], lw=2,
            label=style.pick(name or {"en": "moment by moment", "zh": "逐刻感受"}, lang))
    ax.axvspan(arr.size - end_window + 0.5, arr.size + 0.5, color=style.PALETTE["sky"], alpha=0.2, lw=0,
               label=style.pick({"en": f"end ({end_window} moment{'s' if end_window > 1 else ''})",
                                 "zh": f"结尾（最后 {end_window} 个时刻）"}, lang))
    ax.scatter([pe.peak_index + 1], [pe.peak], s=260, marker="*", zorder=4,
               color=style.PALETTE["bad"] if (pe.peak < 0 or not signed) else style.PALETTE["good"],
               label=style.pick({"en": f"peak = {pe.peak:g}", "zh": f"峰值 = {pe.peak:g}"}, lang))
    ax.axhline(pe.score, color=style.PALETTE["orange"], lw=2, ls="--",
               label=style.pick({"en": f"remembered (peak-end) = {pe.score:.2f}",
                                 "zh": f"记忆评分（峰终）= {pe.score:.2f}"}, lang))
    ax.axhline(pe.mean, color=style.PALETTE["neutral"], lw=1.5, ls=":",
               label=style.pick({"en": f"average = {pe.mean:.2f}", "zh": f"平均值 = {pe.mean:.2f}"}, lang))
    if signed:
        ax.axhline(0, color="black", lw=0.6)
    if labels is not None:
        ax.set_xticks(x, [label(t, lang) for t in labels], rotation=30, ha="right")
    else:
        ax.set_xticks(x)
    ax.legend(loc="best", fontsize=9)
    return style.finish(ax, title=title or {"en": "Peak-end profile", "zh": "峰终曲线"},
                        xlabel=None if labels is not None else {"en": "moment", "zh": "时刻"},
                        ylabel={"en": "emotion" if signed else "intensity", "zh": "情绪" if signed else "强度"},
                        lang=lang)


def plot_incident_shares(summary: IncidentSummary, *, ax=None, lang: str = "en", title=None):
    """Bars: how satisfactory and dissatisfactory incidents split over the three groups.

    Examples
    --------
    >>> from course_lib import data
    >>> _ = plot_incident_shares(incident_summary(data.load("journey_incidents")))
    """
    style.check_lang(lang)
    if not isinstance(summary, IncidentSummary):
        raise CourseDataError("plot_incident_shares needs the result of incident_summary(...)",
                              fix="call plot_incident_shares(journey.incident_summary(log))")
    ax = style.new_ax(ax, figsize=(8.5, 4.8))
    shares = summary.shares
    x = np.arange(len(shares))
    width = 0.38
    colours = {"satisfactory": style.PALETTE["good"], "dissatisfactory": style.PALETTE["bad"]}
    for k, outcome in enumerate(OUTCOMES):
        vals = shares[outcome].to_numpy(dtype=float) * 100
        bars = ax.bar(x + (k - 0.5) * width, vals, width, color=colours[outcome],
                      label=f"{label(outcome, lang)} (n = {int(summary.counts[outcome].sum())})")
        ax.bar_label(bars, fmt="%.0f%%", fontsize=9)
    ax.set_xticks(x, ["\n".join(_wrap(style.pick(INCIDENT_GROUPS[g], lang), 26 if lang == "en" else 10))
                      for g in shares.index])
    ax.legend(fontsize=10)
    ax.grid(axis="x", visible=False)
    ax.set_ylim(0, max(60.0, float(np.nanmax(shares.to_numpy())) * 100 + 10))
    p = summary.p_value
    sub = f"χ² = {summary.chi2:.1f}, df = {summary.dof}, p {'< 0.001' if p < 0.001 else f'= {p:.3f}'}"
    return style.finish(ax, title=title or {"en": f"Critical incidents by group ({sub})",
                                            "zh": f"关键事件按类别分布（{sub}）"},
                        ylabel={"en": "share of the outcome's incidents (%)", "zh": "占该结果事件的比例（%）"},
                        lang=lang)


def _wrap(text: str, width: int) -> list[str]:
    if " " not in text:
        return [text[i:i + width] for i in range(0, len(text), width)]
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line]


# --------------------------------------------------------------------------- widgets
def emotion_curve_editor(profile: Sequence[float] = (0, -2, -4, 1, 3), *, labels: Sequence[str] | None = None,
                         end_window: int = 1, signed: bool = True, value_range: tuple[int, int] = (-5, 5),
                         lang: str = "en"):
    """Widget: one slider per moment; the curve, the remembered score and the average update live.

    ``widget.result`` is a Series with ``peak``, ``end``, ``remembered``, ``mean`` and ``area``.

    Examples
    --------
    In a notebook (the tests drive the widget the same way)::

        w = emotion_curve_editor([0, -3, 2])
        w.controls["m3"].value = -1      # w.result["remembered"] is now -2.0
    """
    import ipywidgets as widgets

    from .widgets import live

    style.check_lang(lang)
    arr = _as_series(profile)
    _check_window(end_window, np.array([arr.size]), "profile")
    if labels is not None and len(labels) != arr.size:
        raise CourseDataError(f"{len(labels)} labels for {arr.size} moments", source="emotion_curve_editor",
                              expected="one label per moment", fix="pass as many labels as moments")
    lo, hi = value_range
    controls = {
        f"m{i + 1}": widgets.IntSlider(value=int(round(v)), min=lo, max=hi, step=1,
                                       description=label(labels[i], lang) if labels is not None else f"{i + 1}",
                                       continuous_update=False, style={"description_width": "initial"})
        for i, v in enumerate(arr)
    }

    def render(**values):
        series = [values[f"m{i + 1}"] for i in range(arr.size)]
        pe = peak_end(series, end_window=end_window, signed=signed)
        plot_peak_end(series, end_window=end_window, signed=signed, labels=labels, lang=lang)
        return pd.Series({"peak": pe.peak, "end": pe.end, "remembered": pe.score, "mean": pe.mean, "area": pe.area})

    return live(controls, render, title=style.pick({"en": "Emotion-curve editor", "zh": "情绪曲线编辑器"}, lang))


def mot_calculator(customers: int = 10_000_000, contacts_per_customer: float = 5, seconds_per_contact: float = 15,
                   failure_rate: float = 0.01, *, lang: str = "en"):
    """Widget: Carlzon's arithmetic for your organisation (moments of truth per year and per day,
    and how many go wrong at a given failure rate). ``widget.result`` is the table of figures.

    Examples
    --------
    In a notebook (the tests drive the widget the same way)::

        w = mot_calculator()
        w.controls["customers"].value = 1_000_000   # first row of w.result: 5,000,000 a year
    """
    import ipywidgets as widgets

    from .widgets import live

    style.check_lang(lang)
    s = {"description_width": "initial"}
    controls = {
        "customers": widgets.IntText(value=int(customers), step=100_000, style=s,
                                     description=style.pick({"en": "customers / year", "zh": "年顾客数"}, lang)),
        "contacts_per_customer": widgets.FloatSlider(value=contacts_per_customer, min=1, max=20, step=0.5, style=s,
                                                     description=style.pick({"en": "contacts each", "zh": "人均接触次数"}, lang)),
        "seconds_per_contact": widgets.FloatSlider(value=seconds_per_contact, min=5, max=600, step=5, style=s,
                                                   description=style.pick({"en": "seconds each", "zh": "每次秒数"}, lang)),
        "failure_rate": widgets.FloatSlider(value=failure_rate, min=0, max=0.2, step=0.005, readout_format=".1%",
                                            style=s, description=style.pick({"en": "share failed", "zh": "失败比例"}, lang)),
    }

    def render(customers, contacts_per_customer, seconds_per_contact, failure_rate):
        return carlzon_moments(max(customers, 0), contacts_per_customer, seconds_per_contact,
                               failure_rate=failure_rate).table(lang)

    return live(controls, render, title=style.pick({"en": "Moments-of-truth calculator", "zh": "关键时刻计算器"}, lang))
