"""The staffing calculator widget (Erlang C), built on :func:`course_lib.widgets.live`."""

from __future__ import annotations

import pandas as pd

from .. import style
from .plots import plot_staffing
from .staffing import agents_needed, erlang_c
from ..labels import headed
from ..lang import T, check_lang

__all__ = ["staffing_widget", "STAFFING_HEADINGS"]

#: How the staffing calculator heads the columns of its result (:func:`course_lib.labels.headed`).
STAFFING_HEADINGS = {"agents": T("agents needed"), "traffic": T("traffic (Erlangs)"),
                     "service_level": T("service level", context="heading"), "p_wait": T("P(wait)"),
                     "asa_seconds": T("ASA (s)"), "occupancy": T("occupancy")}


def staffing_widget(calls_per_hour: float = 360, handle_seconds: float = 240, answer_seconds: float = 20,
                    service_level: float = 0.8, lang: str | None = None):
    """Staffing calculator: arrivals per hour, handle time, promise → agents needed and the curve.

    ``widget.result`` is a one-row DataFrame: agents needed, traffic, service
    level, P(wait), ASA (seconds) and occupancy (``widget.shown``: headed in ``lang``).

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter, display() prints
    ...     w = staffing_widget()
    ...     before = int(w.result["agents"].iloc[0])
    ...     w.controls["calls_per_hour"].value = 720
    >>> before, int(w.result["agents"].iloc[0])
    (29, 54)
    """
    lang = check_lang(lang)
    import ipywidgets as w

    from ..widgets import live

    style.check_lang(lang)
    lab = {
        "calls_per_hour": T("Arrivals / hour"),
        "handle_seconds": T("Handle time (s)"),
        "answer_seconds": T("Answer within (s)"),
        "service_level": T("Target share"),
    }
    style_kw = {"description_width": "initial"}
    controls = {
        "calls_per_hour": w.IntSlider(value=int(calls_per_hour), min=10, max=2000, step=10,
                                      description=style.pick(lab["calls_per_hour"], lang), style=style_kw),
        "handle_seconds": w.IntSlider(value=int(handle_seconds), min=30, max=1200, step=10,
                                      description=style.pick(lab["handle_seconds"], lang), style=style_kw),
        "answer_seconds": w.IntSlider(value=int(answer_seconds), min=0, max=300, step=5,
                                      description=style.pick(lab["answer_seconds"], lang), style=style_kw),
        "service_level": w.FloatSlider(value=float(service_level), min=0.5, max=0.99, step=0.01,
                                       description=style.pick(lab["service_level"], lang), style=style_kw),
    }

    def render(calls_per_hour, handle_seconds, answer_seconds, service_level):
        rate = calls_per_hour / 3600
        need = agents_needed(rate, handle_seconds, answer_seconds, service_level)
        r = erlang_c(rate, handle_seconds, need, answer_seconds)
        plot_staffing(rate, handle_seconds, answer_seconds, service_level, lang=lang)
        return pd.DataFrame([{"agents": need, "traffic": r.traffic, "service_level": r.service_level,
                              "p_wait": r.p_wait, "asa_seconds": r.asa, "occupancy": r.occupancy}])

    return live(controls, render, title=style.pick(T("Staffing calculator (Erlang C)"), lang),
                display_with=lambda t: headed(t, STAFFING_HEADINGS, lang))
