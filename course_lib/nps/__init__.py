"""Net Promoter Score with its uncertainty, by segment and over time.

NPS = % promoters (9–10) − % detractors (0–6) of answers to "How likely are you
to recommend us?" on 0–10, from −100 to 100 (Reichheld 2003).

* :mod:`.score`: :func:`parse_scores` (the one NPS score parser), :func:`categorize`,
  :func:`nps` with Wald, adjusted-Wald (Rocks 2016) or bootstrap intervals;
* :mod:`.segments`: :func:`nps_by` segment and :func:`nps_trend` over time;
* :mod:`.compare`: :func:`compare_nps`, the difference of two NPS and its test;
* :mod:`.sample`: :func:`sample_size` and :func:`simulate_surveys` (what noise looks like);
* :mod:`.loyalty`: :data:`LOYALTY_CHAIN` and :func:`outcome_by_level` (lesson 01);
* :mod:`.plots` and :mod:`.widgets` (loaded on first use; ``lang="en"|"zh"``).

Examples
--------
>>> from course_lib import nps
>>> r = nps.nps([10, 9, 9, 9, 10, 7, 8, 7, 3, 6])
>>> r.score, r.n
(30.0, 10)
>>> print(r)
NPS +30.0 (95% CI -18.4 to +78.4, wald, n = 10)
"""

from __future__ import annotations

from .._lazy import lazy_exports
from .compare import NPSComparison, compare_nps
from .loyalty import LOYALTY_CHAIN, outcome_by_level
from .sample import sample_size, simulate_surveys
from .score import CATEGORIES, METHODS, NPSResult, categorize, nps, parse_scores
from .segments import nps_by, nps_trend

_PLOTS = ["plot_segments", "plot_trend", "plot_outcome_by_level"]
_WIDGETS = ["noise_widget"]

__all__ = [
    "CATEGORIES",
    "METHODS",
    "LOYALTY_CHAIN",
    "NPSResult",
    "NPSComparison",
    "parse_scores",
    "categorize",
    "nps",
    "nps_by",
    "compare_nps",
    "nps_trend",
    "sample_size",
    "simulate_surveys",
    "outcome_by_level",
    *_PLOTS,
    *_WIDGETS,
]

__getattr__, __dir__ = lazy_exports(__name__, {"plots": _PLOTS, "widgets": _WIDGETS})
