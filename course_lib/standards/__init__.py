"""Service standards and commitments: measurable promises, kept and monitored.

A *service standard* (服务标准) is a measurable promise: a metric, a threshold and a
target attainment, e.g. "80% of calls answered within 20 seconds".

* :mod:`.standard`: the promise itself (:class:`Standard`);
* :mod:`.compliance`: promise-kept rates with Wilson intervals, p-charts across units;
* :mod:`.staffing`: how many people keep a response-time promise (Erlang C);
* :mod:`.guarantee`: service guarantees (Hart 1988), their score and economics;
* :mod:`.cycle`: the commitment cycle as a scorecard;
* :mod:`.training`: did training work? Difference in differences;
* :mod:`.plots` and :mod:`.widgets` (loaded on first use; ``lang="en"|"zh"``).

Examples
--------
>>> import pandas as pd
>>> from course_lib import standards
>>> std = standards.Standard("wait_min", threshold=15, target=0.9, unit="min",
...                          label_en="Seated within 15 minutes", label_zh="15分钟内入座")
>>> events = pd.DataFrame({"store": ["A", "A", "A", "B", "B"],
...                        "wait_min": [5, 12, 20, 14, 16]})
>>> standards.compliance(events, std, by="store")[["store", "n", "kept", "rate"]].round(3)
  store  n  kept   rate
0     A  3     2  0.667
1     B  2     1  0.500
>>> round(standards.erlang_c(arrival_rate=1, service_time=1, agents=2).p_wait, 4)
0.3333
"""

from __future__ import annotations

from .._lazy import lazy_exports
from .compliance import compliance, p_chart, wilson_interval
from .cycle import CYCLE_SCALE, CYCLE_STAGES, EXAMPLE_CYCLE_SCORES, commitment_scorecard, score_cycle
from .guarantee import (
    EXAMPLE_GUARANTEES,
    GUARANTEE_SCALE,
    HART_PROPERTIES,
    GuaranteeEconomics,
    GuaranteeScore,
    guarantee_checklist,
    guarantee_economics,
    score_guarantee,
)
from .promises import EXAMPLE_PROMISES, PROMISE_CRITERIA, check_promise, kept_rates, promise_criteria, promise_threshold  # noqa: F401,E501
from .staffing import ErlangC, agents_needed, erlang_c, staffing_curve, staffing_plan
from .standard import Standard
from .training import DiDResult, did

_PLOTS = ["plot_compliance", "plot_compliance_trend", "plot_p_chart", "plot_staffing", "plot_did", "plot_cycle",
          "plot_guarantee"]
_WIDGETS = ["staffing_widget"]

__all__ = [
    "Standard",
    "wilson_interval",
    "compliance",
    "p_chart",
    "ErlangC",
    "erlang_c",
    "agents_needed",
    "staffing_curve",
    "staffing_plan",
    "HART_PROPERTIES",
    "GUARANTEE_SCALE",
    "EXAMPLE_GUARANTEES",
    "guarantee_checklist",
    "GuaranteeScore",
    "score_guarantee",
    "GuaranteeEconomics",
    "guarantee_economics",
    "CYCLE_STAGES",
    "CYCLE_SCALE",
    "EXAMPLE_CYCLE_SCORES",
    "commitment_scorecard",
    "score_cycle",
    "DiDResult",
    "did",
    *_PLOTS,
    *_WIDGETS,
]

__getattr__, __dir__ = lazy_exports(__name__, {"plots": _PLOTS, "widgets": _WIDGETS})
