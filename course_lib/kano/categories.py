"""The category table: how many respondents put each feature in each Kano category, and the most frequent.

A Kano survey in long form has one row per respondent and feature, with the functional and the
dysfunctional answer (``datasets/synthetic/kano_restaurant.csv`` is one). :func:`category_table`
classifies every pair with the evaluation table (:func:`~course_lib.kano.evaluation.classify`) and
counts the categories per feature. The most frequent category is the feature's category by the
usual rule (Berger et al. 1993); when two or more categories share the top count the table says so
(``tie``) instead of choosing one silently: a tie, or a close second, usually means that segments of
customers see the feature differently (look with ``by=``).

Examples
--------
>>> import pandas as pd
>>> answers = pd.DataFrame({"feature": ["wifi"] * 4 + ["clean"] * 3,
...                         "functional": [1, 1, 3, 1, 2, 2, 1], "dysfunctional": [4, 3, 3, 5, 5, 5, 5]})
>>> category_table(answers)[["A", "O", "M", "I", "n", "category"]]
         A  O  M  I  n category
feature
wifi     2  1  0  1  4        A
clean    0  1  2  0  3        M
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..data import require_columns
from ..errors import CourseDataError, row_numbers
from ..lang import T
from .evaluation import CATEGORIES, classify

__all__ = ["FEATURE_LABELS", "category_table"]

#: Display names of the features in the course's questionnaire (``kano_restaurant``).
FEATURE_LABELS = {
    "clean_table": T("Clean table and tableware"),
    "correct_bill": T("Correct bill"),
    "short_wait": T("Seated within 15 minutes"),
    "fast_dishes": T("Dishes within 10 minutes of ordering"),
    "attentive_staff": T("Staff notice needs unasked"),
    "waiting_snacks": T("Free snacks while waiting"),
    "birthday_surprise": T("Birthday song and dessert"),
    "kids_corner": T("Children's play corner"),
    "phone_ordering": T("Order and pay by phone"),
}


def category_table(answers: pd.DataFrame, *, feature: str = "feature", functional: str = "functional",
                   dysfunctional: str = "dysfunctional", by: str | Sequence[str] | None = None,
                   source: str = "Kano answers") -> pd.DataFrame:
    """Counts of the six Kano categories per feature, the most frequent category and whether it is a tie.

    Parameters
    ----------
    answers : DataFrame
        One row per respondent and feature (long form), with the columns ``feature``, ``functional``
        and ``dysfunctional`` (answers as codes 1–5 or words, see :func:`~course_lib.kano.classify`).
    by : str or list of str, optional
        Count separately for each group of these columns (e.g. ``"segment"``).

    Returns
    -------
    DataFrame
        Index ``feature`` (or the ``by`` columns and ``feature``), in the order the features first
        appear; columns ``A``, ``O``, ``M``, ``I``, ``R``, ``Q`` (counts), ``n`` (answers),
        ``category`` (the most frequent category; tied categories joined by "/", e.g. ``"A/I"``)
        and ``tie`` (True when several categories share the top count).

    Examples
    --------
    >>> import pandas as pd
    >>> answers = pd.DataFrame({"feature": ["kids"] * 4, "segment": ["family", "family", "solo", "solo"],
    ...                         "functional": ["like", "like", "neutral", "neutral"],
    ...                         "dysfunctional": ["neutral", "live-with", "neutral", "neutral"]})
    >>> category_table(answers)[["A", "I", "category", "tie"]]
             A  I category   tie
    feature
    kids     2  2      A/I  True
    >>> category_table(answers, by="segment")["category"].to_dict()
    {('family', 'kids'): 'A', ('solo', 'kids'): 'I'}
    """
    if not isinstance(answers, pd.DataFrame):
        raise CourseDataError(T("expected a table (pandas DataFrame), got {type}", type=type(answers).__name__),
                              source=source,
                              fix=T("load the answers with course_lib.data.load or read_table first"))
    if answers.empty:
        raise CourseDataError(T("the table has no rows"), source=source,
                              fix=T("check the filter that selected the rows"))
    groups = [] if by is None else [by] if isinstance(by, str) else list(by)
    keys = groups + [feature]
    require_columns(answers, keys + [functional, dysfunctional], source=source)
    empty = answers[keys].isna().any(axis=1).to_numpy()
    if empty.any():
        raise CourseDataError(T("rows without a feature name") if not groups else T("rows without a feature or group"),
                              source=source, row=row_numbers(empty), column=keys if groups else feature,
                              expected=T("the feature (and group) on every row"),
                              fix=T("fill in the missing names or drop these rows"))
    category = classify(answers[functional], answers[dysfunctional], source=source)
    frame = answers[keys].assign(category=pd.Categorical(category.to_numpy(), categories=CATEGORIES))
    counts = frame.groupby(keys, sort=False, observed=True)["category"].value_counts().unstack("category")
    counts = counts.reindex(columns=list(CATEGORIES), fill_value=0).fillna(0).astype(int)
    counts.columns = pd.Index(list(CATEGORIES))
    order = answers[keys].drop_duplicates()
    counts = counts.loc[pd.MultiIndex.from_frame(order) if groups else order[feature].to_numpy()]
    counts.index.names = keys
    values = counts.to_numpy()
    top = values == values.max(axis=1, keepdims=True)
    letters = np.array(CATEGORIES)
    counts["n"] = values.sum(axis=1)
    counts["category"] = ["/".join(letters[row]) for row in top]  # one per feature, not per respondent
    counts["tie"] = top.sum(axis=1) > 1
    return counts
