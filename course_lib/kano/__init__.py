"""The Kano model: which features are basics, which satisfy more the more there is, which delight.

* :mod:`.evaluation`: the five answers (:data:`ANSWERS`), :func:`parse_answers`, the evaluation
  table of Berger et al. (1993) and :func:`classify` (pair of answers → A, O, M, I, R or Q);
* :mod:`.categories`: :func:`category_table`, the counts per feature with its most frequent category;
* :mod:`.coefficients`: :func:`coefficients`, Better = (A+O)/(A+O+M+I) and Worse = −(O+M)/(A+O+M+I);
* :mod:`.plots` and :mod:`.widgets` (loaded on first use; ``lang="en"|"zh"``).

Examples
--------
>>> from course_lib import kano
>>> kano.classify("like", "live-with")
'A'
>>> answers = kano.classify([2, 2, 3, 1], [5, 5, 5, 5])
>>> answers.value_counts().to_dict()
{'M': 3, 'O': 1}
"""

from __future__ import annotations

from .._lazy import lazy_exports
from .categories import FEATURE_LABELS, category_table
from .coefficients import coefficients
from .evaluation import (
    ANSWER_LABELS,
    ANSWER_WORDS,
    ANSWERS,
    CATEGORIES,
    CATEGORY_LABELS,
    EVALUATION_TABLE,
    classify,
    evaluation_table,
    parse_answers,
)

_PLOTS = ["plot_coefficients", "plot_categories", "plot_evaluation_table"]
_WIDGETS = ["evaluation_widget"]

__all__ = [
    "ANSWERS",
    "ANSWER_LABELS",
    "ANSWER_WORDS",
    "CATEGORIES",
    "CATEGORY_LABELS",
    "EVALUATION_TABLE",
    "FEATURE_LABELS",
    "parse_answers",
    "classify",
    "evaluation_table",
    "category_table",
    "coefficients",
    *_PLOTS,
    *_WIDGETS,
]

__getattr__, __dir__ = lazy_exports(__name__, {"plots": _PLOTS, "widgets": _WIDGETS})
