"""Industry cases and the one-page service excellence plan (lessons 08 and 09).

Thin glue over the concept packages; every computation stays in
:mod:`~course_lib.journey`, :mod:`~course_lib.servqual`, :mod:`~course_lib.blueprint`,
:mod:`~course_lib.standards` and :mod:`~course_lib.nps`.

* :mod:`.industries`: :data:`CASES`, one per industry of seed 000 (餐饮 restaurant,
  旅游 travel, 金融 bank): the shipped datasets that feed each step of the
  diagnosis, the standards used, honest notes; :func:`get_case`, :func:`case_table`;
* :mod:`.plan`: the five :data:`STAGES` of a service excellence plan and
  :func:`plan_summary`, a plan (some answers possibly still ``...``) as a one-page table;
* :mod:`.plots`: :func:`plot_plan`, the plan as a one-page figure (loaded on first use).

Every organisation here is illustrative and its data synthetic.

Examples
--------
>>> from course_lib import cases
>>> case = cases.get_case("bank")
>>> case.journey, case.servqual, case.blueprint, case.unit
('journey_bank', 'servqual_bank', 'bank_account_before', 'branch')
>>> cases.plan_summary({"moments_of_truth": "Waiting", "standards": ...})["answered"].tolist()
[True, False, False, False, False]
"""

from __future__ import annotations

from .._lazy import lazy_exports
from .industries import CASES, INDUSTRIES, Case, case_table, get_case
from .plan import LESSONS, STAGES, plan_summary

__all__ = [
    "INDUSTRIES",
    "STAGES",
    "LESSONS",
    "Case",
    "CASES",
    "get_case",
    "case_table",
    "plan_summary",
    "plot_plan",
]

__getattr__, __dir__ = lazy_exports(__name__, {"plots": ["plot_plan"]})
