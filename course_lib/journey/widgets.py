"""Journey widgets: the emotion-curve editor and the moments-of-truth calculator."""

from __future__ import annotations

from typing import Sequence

import ipywidgets as widgets
import numpy as np
import pandas as pd

from ..errors import CourseDataError
from ..labels import headed
from ..lang import T, check_lang, pick
from ..widgets import live
from .journeys import label
from .mots import carlzon_moments
from .peakend import _as_series, _check_window, peak_end
from .plots import plot_peak_end

__all__ = ["emotion_curve_editor", "mot_calculator", "PEAK_END_HEADINGS"]

#: How the emotion-curve editor names the measures of its result (:func:`course_lib.labels.headed`).
PEAK_END_HEADINGS = {"peak": T("peak", context="peak-end"), "end": T("end", context="peak-end"),
                     "remembered": T("remembered (peak-end)", context="peak-end"),
                     "mean": T("mean", context="peak-end"), "area": T("area under the curve", context="peak-end")}


def emotion_curve_editor(profile: Sequence[float] = (0, -2, -4, 1, 3), *, labels: Sequence[str] | None = None,
                         end_window: int = 1, signed: bool = True, value_range: tuple[int, int] = (-5, 5),
                         lang: str | None = None):
    """Widget: one slider per moment; the curve, the remembered score and the average update live.

    ``widget.result`` is a Series with ``peak``, ``end``, ``remembered``, ``mean`` and ``area``
    (``widget.shown``: the same, named in ``lang``).

    Examples
    --------
    In a notebook (the tests drive the widget the same way)::

        w = emotion_curve_editor([0, -3, 2])
        w.controls["m3"].value = -1      # w.result["remembered"] is now -2.0
    """
    lang = check_lang(lang)
    arr = _as_series(profile)
    _check_window(end_window, np.array([arr.size]), "profile")
    if labels is not None and len(labels) != arr.size:
        raise CourseDataError(T("{n_labels} labels for {size} moments", n_labels=len(labels), size=arr.size),
                              source="emotion_curve_editor",
                              expected=T("one label per moment"), fix=T("pass as many labels as moments"))
    lo, hi = value_range
    controls = {
        f"m{i + 1}": widgets.IntSlider(value=int(round(v)), min=lo, max=hi, step=1,
                                       description=label(labels[i], lang) if labels is not None else f"{i + 1}",
                                       continuous_update=False, style={"description_width": "initial"})
        for i, v in enumerate(arr)
    }

    def render(**values):
        series = [values[f"m{i + 1}"] for i in range(arr.size)]
        pe = peak_end(series, end_window=end_window, signed=signed)
        plot_peak_end(series, end_window=end_window, signed=signed, labels=labels, lang=lang)
        return pd.Series({"peak": pe.peak, "end": pe.end, "remembered": pe.score, "mean": pe.mean, "area": pe.area})

    return live(controls, render, title=pick(T("Emotion-curve editor"), lang),
                display_with=lambda s: headed(s, PEAK_END_HEADINGS, lang))


def mot_calculator(customers: int = 10_000_000, contacts_per_customer: float = 5, seconds_per_contact: float = 15,
                   failure_rate: float = 0.01, *, lang: str | None = None):
    """Widget: Carlzon's arithmetic for your organisation (moments of truth per year and per day,
    and how many go wrong at a given failure rate). ``widget.result`` is the table of figures.

    Examples
    --------
    In a notebook (the tests drive the widget the same way)::

        w = mot_calculator()
        w.controls["customers"].value = 1_000_000   # first row of w.result: 5,000,000 a year
    """
    lang = check_lang(lang)
    s = {"description_width": "initial"}
    controls = {
        "customers": widgets.IntText(value=int(customers), step=100_000, style=s,
                                     description=pick(T("customers / year"), lang)),
        "contacts_per_customer": widgets.FloatSlider(value=contacts_per_customer, min=1, max=20, step=0.5, style=s,
                                                     description=pick(T("contacts each"), lang)),
        "seconds_per_contact": widgets.FloatSlider(value=seconds_per_contact, min=5, max=600, step=5, style=s,
                                                   description=pick(T("seconds each"), lang)),
        "failure_rate": widgets.FloatSlider(value=failure_rate, min=0, max=0.2, step=0.005, readout_format=".1%",
                                            style=s, description=pick(T("share failed"), lang)),
    }

    def render(customers, contacts_per_customer, seconds_per_contact, failure_rate):
        return carlzon_moments(max(customers, 0), contacts_per_customer, seconds_per_contact,
                               failure_rate=failure_rate).table(lang)

    return live(controls, render, title=pick(T("Moments-of-truth calculator"), lang))
