"""Moments of truth, customer journeys and peak-end design (关键时刻、顾客旅程、峰终体验).

The computations behind lessons 02 (moments of truth) and 05 (peak-end design),
one file per idea:

* :mod:`.journeys`: the shipped :data:`JOURNEYS`, display labels (:func:`label`) and
  :func:`validate_journey` (one row per customer × touchpoint);
* :mod:`.mots`: :func:`carlzon_moments` (Carlzon's arithmetic, SAS: about 10 million
  customers × 5 contacts ≈ 50 million moments a year), :func:`identify_mots`
  (rank touchpoints by impact = importance × shortfall, or by a driver analysis)
  and :func:`cycle_of_service` (Albrecht & Zemke);
* :mod:`.incidents`: the critical-incident coding frame :data:`INCIDENT_FRAME`
  (Bitner, Booms & Tetreault 1990) and :func:`incident_summary`;
* :mod:`.peakend`: :func:`peak_end_score`, :func:`remembered_vs_mean`,
  :func:`remembered_scores`, :func:`redesign` (Kahneman et al. 1993);
* :mod:`.plots`: :func:`plot_journey_map`, :func:`plot_cycle_of_service`,
  :func:`plot_peak_end`, :func:`plot_incident_shares`;
* :mod:`.widgets`: :func:`emotion_curve_editor`, :func:`mot_calculator`.

Plots and widgets load on first use, so importing this package does not import
matplotlib or ipywidgets.

Examples
--------
>>> from course_lib import journey
>>> journey.peak_end_score([1, -4, 2, 3])
-0.5
>>> journey.carlzon_moments().moments_per_year
50000000.0
"""

from __future__ import annotations

from .._lazy import lazy_exports
from .incidents import INCIDENT_FRAME, INCIDENT_GROUPS, OUTCOMES, IncidentSummary, incident_summary, validate_incidents
from .journeys import JOURNEYS, LABELS, RATINGS, label, validate_journey
from .mots import CarlzonMoments, carlzon_moments, cycle_of_service, identify_mots
from .peakend import PeakEnd, Redesign, peak_end, peak_end_score, redesign, remembered_scores, remembered_vs_mean

__all__ = [
    "JOURNEYS",
    "LABELS",
    "INCIDENT_FRAME",
    "CarlzonMoments",
    "PeakEnd",
    "Redesign",
    "IncidentSummary",
    "label",
    "validate_journey",
    "carlzon_moments",
    "identify_mots",
    "cycle_of_service",
    "validate_incidents",
    "incident_summary",
    "peak_end",
    "peak_end_score",
    "remembered_vs_mean",
    "remembered_scores",
    "redesign",
    "plot_journey_map",
    "plot_cycle_of_service",
    "plot_peak_end",
    "plot_incident_shares",
    "emotion_curve_editor",
    "mot_calculator",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "plots": ["plot_journey_map", "plot_cycle_of_service", "plot_peak_end", "plot_incident_shares"],
    "widgets": ["emotion_curve_editor", "mot_calculator"],
})
