"""The what-if widget: flag fail and wait points or retime a step, see the blueprint and the metrics change."""

from __future__ import annotations

import math

import ipywidgets as w

from ..labels import headed
from ..lang import T, check_lang, pick
from ..widgets import live
from .analysis import compare, with_changes
from .model import Blueprint
from .plots import draw

__all__ = ["widget", "COMPARE_HEADINGS"]

#: How the widget heads the columns of :func:`compare` (its rows are the metrics' labels).
COMPARE_HEADINGS = {"before": T("before", context="version"), "after": T("after", context="version"),
                    "change": T("change", context="version"), "metric": T("metric", context="heading")}


def widget(bp: Blueprint, lang: str | None = None):
    """A what-if widget: flag fail/wait points or change one step's duration.

    The blueprint is redrawn and ``widget.result`` holds :func:`compare`
    (original vs changed; ``widget.shown``: its display copy in ``lang``). Controls: ``fail`` and ``wait`` (the flagged steps),
    ``step`` (which step to retime) and ``duration`` (its minutes; choosing a
    step resets it to that step's duration).

    Examples
    --------
    In a notebook (outside one, the widget prints its output as text):

    >>> from course_lib.blueprint import load_blueprint         # doctest: +SKIP
    >>> wg = widget(load_blueprint("hotel_stay"))         # doctest: +SKIP
    >>> wg.controls["step"].value = "check_in"            # doctest: +SKIP
    >>> wg.controls["duration"].value = 20                # doctest: +SKIP
    >>> wg.result.loc["total_time", "change"]             # doctest: +SKIP
    15.0
    """
    lang = check_lang(lang)
    labels = [(f"{s.id}: {s.text(lang)}", s.id) for s in bp.steps if s.lane != "evidence"]
    longest = max([s.duration for s in bp.steps] + [1.0])
    t = {"fail": T("Fail points (F)"), "wait": T("Wait points (W)"),
         "step": T("Step"), "duration": T("Minutes")}
    controls = {
        "fail": w.SelectMultiple(options=labels, value=tuple(s.id for s in bp.steps if s.fail),
                                 description=pick(t["fail"], lang), rows=min(8, len(labels))),
        "wait": w.SelectMultiple(options=labels, value=tuple(s.id for s in bp.steps if s.wait),
                                 description=pick(t["wait"], lang), rows=min(8, len(labels))),
        "step": w.Dropdown(options=labels, value=labels[0][1], description=pick(t["step"], lang)),
        "duration": w.FloatSlider(value=bp.step(labels[0][1]).duration, min=0.0,
                                  max=float(max(30.0, math.ceil(2 * longest))), step=0.5,
                                  description=pick(t["duration"], lang)),
    }

    def _reset(change):  # registered before live() so it runs first
        controls["duration"].value = bp.step(change["new"]).duration

    controls["step"].observe(_reset, names="value")

    def render(fail, wait, step, duration):
        changed = with_changes(bp, durations={step: duration}, fail=fail, wait=wait)
        draw(changed, lang=lang)
        return compare(bp, changed)

    return live(controls, render, title=bp.title(lang), display_with=lambda t: headed(t, COMPARE_HEADINGS, lang))
