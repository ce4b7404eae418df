"""Service blueprints (服务蓝图): model, validation, metrics, drawing and a what-if widget.

A service blueprint (Shostack 1984; Bitner, Ostrom & Morgan 2008) maps one pass
through a service in five lanes, top to bottom, separated by three lines (see
:mod:`.vocabulary`). One file per job:

* :mod:`.model`: :class:`Step`, :class:`Blueprint` (from and to a table or YAML) and
  :func:`load_blueprint`; :mod:`.parsing` reads the cells and :mod:`.validation`
  checks the whole blueprint (errors name the step);
* :mod:`.analysis`: :func:`metrics` (complexity), :func:`handoff_steps`,
  :func:`smells` (design smells as sentences), :func:`compare` (a redesign side by
  side) and :func:`with_changes` (a what-if copy);
* :mod:`.plots`: :func:`draw`, placed by :mod:`.layout`; :mod:`.widgets`: :func:`widget`,
  where a trainee flags fail points or changes durations and sees the effect.

Drawing and the widget load on first use, so importing this package does not
import matplotlib or ipywidgets.

Examples
--------
>>> import pandas as pd
>>> from course_lib import blueprint as bp
>>> table = pd.DataFrame({
...     "id": ["menu", "order", "take", "make"],
...     "lane": ["evidence", "customer", "onstage", "backstage"],
...     "col": [1, 1, 1, 2],
...     "label": ["Menu board", "Order a coffee", "Take order", "Make the drink"],
...     "duration": [0, 1, 1, 3],
...     "next": ["", "take", "make", ""],
... })
>>> b = bp.Blueprint.from_frame(table, name="Coffee")
>>> m = bp.metrics(b)
>>> m.contacts, m.handoffs, m.longest_path, m.longest_path_time
(1, 1, ('order', 'take', 'make'), 5.0)
>>> _ = bp.draw(b)
"""

from __future__ import annotations

from .._lazy import lazy_exports
from .analysis import Metrics, compare, handoff_steps, metrics, smells, with_changes
from .model import Blueprint, Step, _random_blueprint, load_blueprint
from .vocabulary import COLUMNS, LANE_NAMES, LANES, LINES, lane_table

__all__ = [
    "LANES",
    "LANE_NAMES",
    "LINES",
    "COLUMNS",
    "lane_table",
    "Step",
    "Blueprint",
    "Metrics",
    "load_blueprint",
    "metrics",
    "smells",
    "handoff_steps",
    "compare",
    "with_changes",
    "draw",
    "widget",
]

__getattr__, __dir__ = lazy_exports(__name__, {"plots": ["draw"], "widgets": ["widget"]})
