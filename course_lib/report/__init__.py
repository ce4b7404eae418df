"""Bring your own data: a self-contained HTML report from a real survey export.

``service-course report SURVEY [--industry NAME] [--lang en|zh] [--mapping MAP.yml] --out report.html``

The report is built in the calling process, in five steps, each in its own module:

* :mod:`~course_lib.report.read`: **validate first**. The export is read, its headers standardised,
  its answers mapped to numbers; personal columns (:mod:`~course_lib.report.personal`) and repeated
  submissions are left out. Every problem is a :class:`~course_lib.errors.CourseDataError`.
* :mod:`~course_lib.report.compute`: **every number once**, into one :class:`Results`.
* :mod:`~course_lib.report.tables` and :mod:`~course_lib.report.figures`: the tables, labelled in
  English or Chinese (:mod:`~course_lib.report.texts`), and the figures (matplotlib, embedded as SVG,
  each drawn once).
* :mod:`~course_lib.report.render`: the page (a Jinja template, escaped), with a subset of the CJK
  font embedded (kept in the user's cache folder, ``COURSE_CACHE_DIR`` to move or turn it off, so
  the next report with the same characters does not cut it again); nothing is loaded from the network.
* :mod:`~course_lib.report.build`: the pipeline, ending in an atomic write;
  :mod:`~course_lib.report.command` is the command line.

Importing this package loads none of them (the command line stays quick); each name below is
loaded on first use.

Examples
--------
>>> import pandas as pd
>>> from course_lib import report
>>> df = pd.DataFrame({"姓名": ["张三"], "Mobile": ["138 0013 8000"], "E5": [7], "P5": [6]})
>>> sorted(report.personal_columns(df))
['Mobile', '姓名']
"""

from __future__ import annotations

from .._lazy import lazy_exports
from ..files import atomic_write as write_atomic  # the one atomic write of the course, under its old name here

_EXPORTS = {
    "read": ["MIN_RESPONDENTS", "Survey", "read_mapping", "detect_roles", "validate_survey", "write_clean",
             "load_clean", "parse_scale"],
    "personal": ["personal_columns"],
    "texts": ["TEXT", "INDUSTRIES", "say", "industry_label"],
    "compute": ["Results", "analyze"],
    "tables": ["overview_table", "gap_table", "worst_items", "reliability_table", "importance_performance",
               "priority_table", "nps_table", "segment_gap_table"],
    "figures": ["plot_nps", "plot_segment_gaps"],
    "render": ["render_html", "embed_font", "font_cache_dir", "external_resources"],
    "build": ["build_report"],
    "command": ["add_arguments", "run"],
}

__all__ = [name for names in _EXPORTS.values() for name in names] + ["write_atomic"]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
