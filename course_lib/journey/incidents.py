"""Critical incidents (关键事件): the coding frame of Bitner, Booms & Tetreault (1990) and a summary.

:data:`INCIDENT_FRAME` holds the 3 groups and 12 categories; :func:`incident_summary`
tabulates a coded incident log by group and outcome with a chi-square test of
group × outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..data import Column, validate_frame
from ..errors import CourseDataError, row_numbers
from ..lang import LANGS, T

__all__ = ["CATEGORY_NAMES", "INCIDENT_FRAME", "INCIDENT_GROUPS", "OUTCOMES", "IncidentSummary", "validate_incidents",
           "incident_summary"]


#: The names of the 12 categories of the critical-incident coding frame (Bitner, Booms & Tetreault 1990):
#: category code → name (a message).
CATEGORY_NAMES: dict[str, T] = {
    "1A": T("Response to unavailable service", context="critical incident category"),
    "1B": T("Response to unreasonably slow service", context="critical incident category"),
    "1C": T("Response to other core service failures", context="critical incident category"),
    "2A": T("Response to 'special needs' customers", context="critical incident category"),
    "2B": T("Response to customer preferences", context="critical incident category"),
    "2C": T("Response to admitted customer error", context="critical incident category"),
    "2D": T("Response to potentially disruptive others", context="critical incident category"),
    "3A": T("Attention paid to customer", context="critical incident category"),
    "3B": T("Truly out-of-the-ordinary employee behaviour", context="critical incident category"),
    "3C": T("Employee behaviour in the context of cultural norms", context="critical incident category"),
    "3D": T("Gestalt evaluation", context="critical incident category"),
    "3E": T("Exemplary performance under adverse circumstances", context="critical incident category"),
}

#: Critical-incident coding frame (Bitner, Booms & Tetreault 1990): 3 groups, 12 categories, with the
#: category's name in each of the course's languages (``category_en``, ``category_zh``, ...).
INCIDENT_FRAME = pd.DataFrame(
    {"group": [int(code[0]) for code in CATEGORY_NAMES],
     "category": list(CATEGORY_NAMES),
     **{f"category_{lg}": [t.render(lg) for t in CATEGORY_NAMES.values()] for lg in LANGS}})

#: Names of the three groups of the coding frame.
INCIDENT_GROUPS = {
    1: T("1 Employee response to service delivery system failures"),
    2: T("2 Employee response to customer needs and requests"),
    3: T("3 Unprompted and unsolicited employee actions"),
}


OUTCOMES = ("satisfactory", "dissatisfactory")


def validate_incidents(df: pd.DataFrame, *, source: str = "incident log") -> pd.DataFrame:
    """Check a coded critical-incident log: ``category`` (1A…3E) and ``outcome``.

    Adds the ``group`` (1–3) implied by the category; an existing ``group``
    column must agree with it.
    """
    if not isinstance(df, pd.DataFrame) or len(df) == 0:
        raise CourseDataError(T("the incident log is empty") if isinstance(df, pd.DataFrame) else
                              T("expected a table (pandas DataFrame), got {type}", type=type(df).__name__),
                              source=source,
                              expected=T("one row per coded incident"), fix=T("add coded incidents"))
    schema = [Column("category", "str", allowed=tuple(INCIDENT_FRAME["category"])),
              Column("outcome", "str", allowed=OUTCOMES)]
    out = validate_frame(df, schema, source=source)
    implied = out["category"].str[0].astype("int64")
    if "group" in out.columns:
        bad = pd.to_numeric(out["group"], errors="coerce") != implied
        if bad.any():
            raise CourseDataError(T("group does not match the category code"), source=source, row=row_numbers(bad),
                                  column="group", expected=T("the first digit of the category (1A → group 1)"),
                                  fix=T("correct the group or the category"))
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
        from scipy import stats

        chi2, p, dof, _ = stats.chi2_contingency(keep.to_numpy(), correction=False)
    else:
        chi2, p, dof = np.nan, np.nan, 0
    return IncidentSummary(counts=counts, shares=shares, by_category=by_cat, chi2=float(chi2), dof=int(dof),
                           p_value=float(p), n=int(len(out)))

