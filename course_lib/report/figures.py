"""The report's figures, drawn from :class:`~course_lib.report.compute.Results` with matplotlib and
embedded in the page as SVG (vector: sharp at any zoom, text drawn as outlines so Chinese labels need
no font on the reader's machine), each drawn once and cropped to its tight box (:func:`_svg`).

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
    # the rows are named as in the NPS table, as they are: no look-up of the course's data codes
    # (which would import every concept package for their vocabularies)
    return nps.plot_segments(shown, ax=ax, lang=lang, labels={k: k for k in shown.index},
                             title=T("Net Promoter Score"))


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
    """Draw on a fresh figure of ``figsize`` (not a pyplot one) and return it as base64 SVG.

    The figure is drawn **once**: ``savefig(bbox_inches="tight")`` draws every figure twice (a first
    pass only to measure it, then the real one), which cost half of the report's drawing time. Here the
    SVG renderer draws the whole figure, the tight box is measured on that same renderer afterwards
    (padded by ``savefig.pad_inches``, as savefig does) and the picture is cropped to it through the
    SVG's ``viewBox``: the same size and the same marks as a tight savefig, shifted, never redrawn.
    """
    from matplotlib import rcParams
    from matplotlib.backends.backend_mixed import MixedModeRenderer
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    ax = fig.add_subplot(projection="polar") if polar else fig.add_subplot()
    draw(ax)
    image_dpi = rcParams["savefig.dpi"]
    fig.dpi = 72  # as FigureCanvasSVG.print_svg: SVG user units are points
    width, height = fig.get_size_inches()
    buf = io.StringIO()
    svg = RendererSVG(width * 72, height * 72, buf, image_dpi=image_dpi, metadata={"Date": None})
    renderer = MixedModeRenderer(fig, width, height, image_dpi, svg)
    fig.draw(renderer)
    box = fig.get_tightbbox(renderer).padded(rcParams["savefig.pad_inches"])
    renderer.finalize()
    return base64.b64encode(_crop(buf.getvalue(), box, height).encode("utf-8")).decode("ascii")


def _crop(svg: str, box, height: float) -> str:
    """``svg`` (a figure ``height`` inches high, as matplotlib writes it) cropped to ``box`` (inches,
    from the bottom left) by its root element's size and ``viewBox``; nothing else in the file changes.

    Examples
    --------
    >>> from matplotlib.transforms import Bbox
    >>> _crop('<svg width="144pt" height="72pt" viewBox="0 0 144 72">', Bbox([[0.5, 0.25], [1.5, 1]]), 1)
    '<svg width="72pt" height="54pt" viewBox="36 0 72 54">'
    """
    import re

    def num(x: float) -> str:
        return f"{x:.6f}".rstrip("0").rstrip(".")

    root = re.search(r"<svg\b[^>]*>", svg[:4000])
    if root is None or len(re.findall(r'\b(?:width|height|viewBox)="[^"]*"', root.group(0))) != 3:
        raise RuntimeError("unexpected SVG header from matplotlib: " + svg[:300])
    w, h = box.width * 72, box.height * 72
    size = {"width": f"{num(w)}pt", "height": f"{num(h)}pt",
            "viewBox": f"{num(box.x0 * 72)} {num((height - box.y1) * 72)} {num(w)} {num(h)}"}
    tag = re.sub(r'\b(width|height|viewBox)="[^"]*"', lambda m: f'{m.group(1)}="{size[m.group(1)]}"', root.group(0))
    return svg[:root.start()] + tag + svg[root.end():]


def render_figures(r: Results, lang: str = "en") -> dict[str, str]:
    """Every figure of the report as base64 SVG, by section: ``gaps``, ``radar``, ``items``, ``ipa``,
    ``nps``, ``segments`` (only those the data allow)."""
    import matplotlib

    from .. import servqual as sq
    from .. import style

    check_lang(lang)
    d, it = r.dimensions, r.item_gaps
    short = {i.number: i.label(lang) for i in sq.ITEMS}
    jobs = {"gaps": (lambda ax: plot_gap_bars(d["gap"], d["high"] - d["gap"],
                                              [dimension_label(k, lang) for k in d.index], ax, lang),
                     (8, max(3.0, 0.42 * len(d) + 1.2)), False)}
    if len(d) >= 3:
        jobs["radar"] = (lambda ax: sq.plot_radar(d[["E", "P"]], ax=ax, lang=lang, scale=r.scale), (6, 6), True)
    jobs["items"] = (lambda ax: plot_gap_bars(it["gap"], it["half"], [f"{i}. {short[i]}" for i in it.index],
                                              ax, lang), (8, max(3.0, 0.42 * len(it) + 1.2)), False)
    if r.ipa is not None:
        jobs["ipa"] = (lambda ax: sq.plot_ipa(r.ipa, ax=ax, lang=lang), (7.5, 6), False)
    if r.nps is not None:
        jobs["nps"] = (lambda ax: plot_nps(r, ax=ax, lang=lang), (9, 0.6 * len(r.nps) + 1.8), False)
    if r.segment_gaps is not None:
        jobs["segments"] = (lambda ax: plot_segment_gaps(r, ax=ax, lang=lang),
                            _segment_size(r.segment_gaps.drop(columns="p")), False)
    # labels come from the user's file: "$x^{$" is a segment name, not a formula (no mathtext)
    with matplotlib.rc_context({**style.rc(), "text.parse_math": False}):
        return {key: _svg(*job) for key, job in jobs.items()}
