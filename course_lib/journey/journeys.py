"""Journey tables: the shipped journeys, display labels, and the validation of a journey table.

A **journey table** has one row per customer × touchpoint (触点): ``customer_id``,
``stage``, ``touchpoint``, ``channel``, ``step`` (order; or a ``timestamp``),
``duration_min`` and ratings ``importance``, ``expectation``, ``experience``
(1–7) and ``emotion`` (signed, −5…+5), plus customer-level ``overall``
satisfaction and ``return_intention``. :func:`validate_journey` checks it.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..data import Column, require_columns, validate_frame
from ..errors import CourseDataError, row_numbers
from ..lang import T, check_lang, pick

__all__ = ["JOURNEYS", "LABELS", "RATINGS", "label", "validate_journey"]


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

#: Display labels (messages) of the stages, touchpoints and other names used in plots.
LABELS: dict[str, T] = {
    # hot-pot restaurant
    "queueing": T("Queueing"),
    "queue_ticket": T("Queue ticket"),
    "waiting_area": T("Waiting area"),
    "seating": T("Seating"),
    "ordering": T("Ordering"),
    "cooking": T("Cooking at the table"),
    "cooking_at_table": T("Cooking at table"),
    "table_service": T("Table service"),
    "extras": T("Extras"),
    "bill": T("Bill"),
    "leaving": T("Leaving"),
    "farewell": T("Farewell"),
    # air trip
    "booking": T("Booking"),
    "online_booking": T("Online booking"),
    "check_in": T("Check-in"),
    "bag_drop": T("Bag drop"),
    "airport": T("Airport"),
    "security": T("Security"),
    "gate_wait": T("Gate wait"),
    "boarding": T("Boarding"),
    "flight": T("Flight"),
    "cabin_crew": T("Cabin crew"),
    "meal_service": T("Meal service"),
    "arrival": T("Arrival"),
    "deplaning": T("Deplaning"),
    "baggage_claim": T("Baggage claim"),
    # bank branch
    "door_greeting": T("Door greeting"),
    "take_ticket": T("Take a ticket"),
    "waiting": T("Waiting"),
    "service": T("Service", context="stage"),
    "teller_transaction": T("Teller transaction"),
    "product_advice": T("Product advice"),
    "closing": T("Closing"),
    "paperwork": T("Paperwork"),
    # incident outcomes
    "satisfactory": T("Satisfactory"),
    "dissatisfactory": T("Dissatisfactory"),
}


def label(name, lang: str | None = None) -> str:
    """The display label of a stage, touchpoint or outcome name (the name itself if unknown).

    Examples
    --------
    >>> label("waiting_area", "zh")
    '等候区'
    >>> label("my_own_step")
    'my_own_step'
    """
    lang = check_lang(lang)
    entry = LABELS.get(str(name))
    return pick(entry, lang) if entry else check_lang(lang) and str(name)


# --------------------------------------------------------------------------- journey table
RATINGS = ("importance", "expectation", "experience")


def _stage_order(df: pd.DataFrame, stages, journey) -> list[str] | None:
    if stages is not None and journey is not None:
        raise CourseDataError(T("give either stages= or journey=, not both"),
                              fix=T("pass the ordered stage list, or the name of a shipped journey"))
    if journey is not None:
        if journey not in JOURNEYS:
            raise CourseDataError(T("unknown journey {journey}", journey=repr(journey)),
                                  expected=T("one of {names}", names=", ".join(JOURNEYS)),
                                  fix=T("pass stages=[...] for a journey of your own"))
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
        raise CourseDataError(T("expected a table (pandas DataFrame), got {type}", type=type(df).__name__),
                              source=source,
                              fix=T("load the journey with course_lib.data.load(...) or read_table(...)"))
    order_col = "step" if "step" in df.columns or "timestamp" not in df.columns else "timestamp"
    require_columns(df, ["customer_id", "stage", "touchpoint", order_col], source=source)
    if len(df) == 0:
        raise CourseDataError(T("the journey table is empty"), source=source, expected=T("at least one row"),
                              fix=T("check the filter that produced it"))
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
                T("duplicated rows: the same customer has the same {what} more than once", what=what),
                source=source, row=row_numbers(dup), column=keys,
                expected=T("one row per customer and {what}", what=what),
                fix=T("remove the repeated rows (df.drop_duplicates) or correct their customer id"),
            )

    stage_of = out.groupby("touchpoint", sort=False)["stage"].nunique()
    if (stage_of > 1).any():
        tp = stage_of[stage_of > 1].index[0]
        bad = out["touchpoint"] == tp
        raise CourseDataError(
            T("touchpoint {tp} appears under more than one stage", tp=repr(tp)), source=source, row=row_numbers(bad),
            column="stage",
            expected=T("each touchpoint belongs to one stage"), fix=T("correct the stage of these rows"))

    order = _stage_order(out, stages, journey)
    if order is not None:
        unknown = ~out["stage"].isin(order)
        if unknown.any():
            raise CourseDataError(
                T("unknown stage {value}", value=repr(out.loc[unknown, 'stage'].iloc[0])), source=source,
                row=row_numbers(unknown),
                column="stage", expected=T("one of {names}", names=", ".join(order)),
                fix=T("correct the spelling, or pass the full ordered list with stages=[...]"))
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
            T("touchpoints out of order: stage {stage} comes after a later stage",
              stage=repr(out['stage'].to_numpy()[back][0])),
            source=source, row=rows[0] if len(rows) == 1 else rows, column="stage",
            expected=T("within each customer, stages in the order {names} as the step increases",
                       names=", ".join(order)),
            fix=T("correct the step numbers (or timestamps) or the stage of these rows"),
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
                    T("{col} differs between rows of the same customer", col=col), source=source,
                    row=np.sort(out.loc[varies, "_row"].to_numpy()).tolist(), column=col,
                    expected=T("one customer-level value repeated on each of the customer's rows"),
                    fix=T("keep one value per customer"))
    out["stage"] = pd.Categorical(out["stage"], categories=order, ordered=True)
    return out.drop(columns="_row").reset_index(drop=True)

