"""SERVQUAL: the instrument, gap analysis, reliability, IPA and the zone of tolerance.

SERVQUAL (Parasuraman, Zeithaml & Berry 1988; refined 1991) measures service quality as the gap
between what customers expect (E) and what they perceive (P) on 22 items in five dimensions.
One row per respondent, columns ``E1…E22`` and ``P1…P22``; :func:`prepare` reads other exports.
Every function checks its input and raises :class:`~course_lib.errors.CourseDataError` naming
row, column, expectation and fix.

=================  ==========================================================================
``model``          dimensions, items, column layout and input checks
``reading``        survey exports → canonical table (Likert labels, headers, long tables, 1988)
``validate``       the problems of a raw survey, and the standard cleaning
``moments``        the one implementation of the arithmetic: sums over row chunks
``gaps``           item and dimension gaps, SERVQUAL and SERVPERF scores, paired t-tests
``alpha``          Cronbach's alpha, reliability per dimension with item statistics
``zone``           zone of tolerance (adequate, desired, perceived)
``importance``     importance-performance analysis
``analysis``       everything at once for a million respondents
``plots``          charts (loaded on first use: matplotlib)
``widgets``        notebook widgets (loaded on first use: ipywidgets)
=================  ==========================================================================

Examples
--------
>>> import pandas as pd
>>> from course_lib import servqual as sq
>>> df = pd.DataFrame({"E5": [7, 6], "P5": [5, 6], "E6": [6, 6], "P6": [4, 7]})
>>> sq.gap_scores(df).dimensions["gap"].round(2).to_dict()
{'reliability': -0.75}
"""

from __future__ import annotations

from .._lazy import lazy_exports
from .alpha import Alpha, Reliability, cronbach_alpha, reliability
from .analysis import Analysis, analyze
from .gaps import Gaps, ServqualScore, gap_scores, gap_significance, mean_interval, servqual_score
from .importance import IPA, QUADRANTS, ipa
from .model import (DIMENSIONS, ITEMS, NEGATIVE_1988, WEIGHT_COLUMNS, Dimension, Item, item_columns, item_numbers,
                    items_table)
from .reading import from_long, likert_map, prepare, standardize_columns
from .validate import clean, validate_responses
from .zone import Zone, zone_of_tolerance

_PLOTS = ["plot_radar", "plot_gaps", "plot_ipa", "plot_zone"]
_WIDGETS = ["allocator", "gap_explorer", "self_assessment", "rebalance"]

__all__ = [
    "Dimension", "Item", "DIMENSIONS", "ITEMS", "NEGATIVE_1988", "WEIGHT_COLUMNS",
    "items_table", "item_columns", "item_numbers", "likert_map", "standardize_columns", "from_long", "prepare",
    "validate_responses", "clean", "Gaps", "gap_scores", "ServqualScore", "servqual_score",
    "Alpha", "cronbach_alpha", "Reliability", "reliability", "gap_significance", "mean_interval",
    "Zone", "zone_of_tolerance", "IPA", "ipa", "QUADRANTS", "Analysis", "analyze",
    *_PLOTS, *_WIDGETS,
]

__getattr__, __dir__ = lazy_exports(__name__, {"plots": _PLOTS, "widgets": _WIDGETS})
