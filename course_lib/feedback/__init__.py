"""Listening to complaints and recovering from failures.

* :mod:`.complaints`: complaint logs (投诉记录): the Pareto table of categories,
  resolution times, the share resolved within the promise, repeat complaints and
  closing the loop (闭环管理);
* :mod:`.recovery`: service recovery (服务补救) and a test of the recovery paradox;
* :mod:`.plots` (loaded on first use; ``lang="en"|"zh"``).

Examples
--------
>>> import pandas as pd
>>> from course_lib import feedback
>>> log = pd.DataFrame({"category": ["late", "late", "late", "damaged", "rude"]})
>>> feedback.pareto(log)["count"].tolist()
[3, 1, 1]
"""

from __future__ import annotations

from .._lazy import lazy_exports
from .complaints import (
    COMPLAINT_LABELS,
    closing_the_loop,
    pareto,
    repeat_complaints,
    resolution_hours,
    within_promise,
)
from .conversation import EXAMPLE_REMEDY_COSTS, RECOVERY_STEPS, STEP_LABELS, empowerment_coverage, score_script
from .recovery import RECOVERY_GROUPS, RecoveryTest, recovery_paradox, recovery_summary

_PLOTS = ["plot_pareto", "plot_recovery"]

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

__getattr__, __dir__ = lazy_exports(__name__, {"plots": _PLOTS})
