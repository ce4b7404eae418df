"""The report's figures, drawn from :class:`~course_lib.report.compute.Results` with matplotlib and
embedded in the page as SVG (vector: sharp at any zoom, text drawn as outlines so Chinese labels need
no font on the reader's machine).

The report draws on :class:`matplotlib.figure.Figure` objects of its own (never through pyplot), so
building a report from a notebook leaves the notebook's backend and open figures alone. The SERVQUAL
radar and IPA charts and the NPS bars are the course's own plot functions; the gap bars show the
same means and intervals as the gap tables.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"nps": [10, 9, 3, None, 7], "segment": ["a", "a", "b", "b", "b"]})
>>> ax = plot_nps(df)
>>> [t.get_text() for t in ax.get_yticklabels()]
['all respondents', 'a', 'b']
"""

from __future__ import annotations

import base64
import io

import numpy as np
import pandas as pd

from ..lang import T, check_lang, pick
from .compute import Results, nps_groups, results_of
from ..servqual.plots import plot_gap_bars  # noqa: F401  (public here too, as before)
from .tables import dimension_label, nps_labels

__all__ = ["plot_nps", "plot_segment_gaps", "plot_gap_bars", "render_figures"]


def plot_nps(data, ax=None, lang: str = "en"):
    """Promoter/passive/detractor shares with NPS and interval: all respondents, then each segment."""
    from .. import nps

    check_lang(lang)
    table = data.nps if isinstance(data, Results) else nps_groups(data)
    shown = table.set_axis(nps_labels(table, lang))
    return nps.plot_segments(shown, ax=ax, lang=lang, title=T("Net Promoter Score"))


def plot_segment_gaps(data, ax=None, lang: str = "en", scale=(1, 7)):
    """Grouped horizontal bars: the mean gap of each dimension, one bar per segment.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"segment": ["a", "a", "b", "b"], "E5": [7, 7, 6, 6], "P5": [5, 4, 6, 5]})
    >>> ax = plot_segment_gaps(df, lang="zh")
    >>> ax.get_yticklabels()[0].get_text(), ax.get_legend().get_texts()[1].get_text()
    ('可靠性', 'b')
    """
    from .. import style

    check_lang(lang)
    t = results_of(data, scale).segment_gaps.drop(columns="p").astype("float64")
    ax = style.new_ax(ax, figsize=_segment_size(t))
    k = len(t.columns)
    height = 0.8 / k
    y = np.arange(len(t))[::-1]
    for j, seg in enumerate(t.columns):
        ax.barh(y + 0.4 - height * (j + 0.5), t[seg].to_numpy(), height=height,
                color=style.SEQUENCE[j % len(style.SEQUENCE)], label=str(seg))
    ax.axvline(0, color=style.PALETTE["black"], linewidth=1)
    ax.set_yticks(y)
    ax.set_yticklabels([dimension_label(d, lang) for d in t.index])
    ax.grid(axis="y", visible=False)
    ax.legend(title=pick(T("segment"), lang), loc="best", fontsize=10)
    return style.finish(ax, title=T("Gaps by segment (P − E)"),
                        xlabel=T("mean gap"), lang=lang)


def _segment_size(t: pd.DataFrame) -> tuple[float, float]:
    return 8, max(3.0, 0.5 * len(t) * max(1, len(t.columns) / 2) + 1.5)


def _svg(draw, figsize, polar: bool = False) -> str:
    """Draw on a fresh figure of ``figsize`` (not a pyplot one) and return it as base64 SVG."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    ax = fig.add_subplot(projection="polar") if polar else fig.add_subplot()
    draw(ax)
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    return base64.b64encode(buf.getvalue()).decode("ascii")


def render_figures(r: Results, lang: str = "en") -> dict[str, str]:
    """Every figure of the report as base64 SVG, by section: ``gaps``, ``radar``, ``items``, ``ipa``,
    ``nps``, ``segments`` (only those the data allow)."""
    import matplotlib

    from .. import servqual as sq
    from .. import style

    check_lang(lang)
    d, it = r.dimensions, r.item_gaps
    short = {i.number: i.label(lang) for i in sq.ITEMS}
    out: dict[str, str] = {}
    # labels come from the user's file: "$x^{$" is a segment name, not a formula (no mathtext)
    with matplotlib.rc_context({**style.rc(), "text.parse_math": False}):
        out["gaps"] = _svg(lambda ax: plot_gap_bars(d["gap"], d["high"] - d["gap"],
                                                    [dimension_label(k, lang) for k in d.index], ax, lang),
                           (8, max(3.0, 0.42 * len(d) + 1.2)))
        if len(d) >= 3:
            out["radar"] = _svg(lambda ax: sq.plot_radar(d[["E", "P"]], ax=ax, lang=lang, scale=r.scale), (6, 6),
                                polar=True)
        out["items"] = _svg(lambda ax: plot_gap_bars(it["gap"], it["half"], [f"{i}. {short[i]}" for i in it.index],
                                                     ax, lang), (8, max(3.0, 0.42 * len(it) + 1.2)))
        if r.ipa is not None:
            out["ipa"] = _svg(lambda ax: sq.plot_ipa(r.ipa, ax=ax, lang=lang), (7.5, 6))
        if r.nps is not None:
            out["nps"] = _svg(lambda ax: plot_nps(r, ax=ax, lang=lang), (9, 0.6 * len(r.nps) + 1.8))
        if r.segment_gaps is not None:
            out["segments"] = _svg(lambda ax: plot_segment_gaps(r, ax=ax, lang=lang),
                                   _segment_size(r.segment_gaps.drop(columns="p")))
    return out
