"""Drawing a blueprint: lanes, the three lines, boxes, flows, recovery links, F and W marks."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle

from .. import style
from ..errors import CourseDataError
from .layout import (_BADGE_R, _FS, _LANE_FS, _LINE_FS, _LINE_SPACING, _MARGIN_L, _TITLE_H, _edge_point, _layout,
                     _route, _wrap)
from .model import Blueprint
from .vocabulary import LANE_NAMES, LANES, LINES
from ..lang import T, check_lang

__all__ = ["draw"]

_LANE_COLOURS = {
    "evidence": ("#FBF6C8", "#B8A800"),
    "customer": ("#DDEFFB", "#0072B2"),
    "onstage": ("#FCEBC9", "#B07800"),
    "backstage": ("#D4F0E6", "#007A59"),
    "support": ("#F3DDEA", "#A0527D"),
}
_LINE_STYLES = {"interaction": "-", "visibility": "--", "internal": ":"}
_FAMILY = ["DejaVu Sans", style.FONT_FAMILY]


def draw(bp: Blueprint, ax=None, lang: str | None = None, *, title: bool = True):
    """Draw a blueprint: lanes top to bottom, the three lines named, boxes, flows, F and W marks.

    With ``ax=None`` a figure is made just wide enough for the columns (about
    1.75 inch per column), so labels stay at a readable 8.5 pt from 5 to 60
    steps and beyond. When you pass ``ax``, the drawing is scaled (text
    included) to fit inside it.

    Every artist carries a ``gid`` for tests and tools: ``step:<id>`` (box),
    ``label:<id>`` (its text), ``fail:<id>``/``wait:<id>`` (marks),
    ``flow:<a>-><b>``, ``lane:<lane>``, ``line:<line>`` and ``linelabel:<line>``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from course_lib.blueprint import load_blueprint
    >>> ax = draw(load_blueprint("hotel_stay"), lang="zh")
    >>> sorted(a.get_gid() for a in ax.lines if a.get_gid().startswith("line:"))
    ['line:interaction', 'line:internal', 'line:visibility']
    """
    lang = check_lang(lang)
    if not isinstance(bp, Blueprint):
        raise CourseDataError(T("draw() needs a Blueprint, not {type}", type=type(bp).__name__),
                              fix=T("load one with load_blueprint(...) or Blueprint.from_frame(...)"))
    lay = _layout(bp, lang)
    W, H = lay.width, lay.height
    if ax is None:
        style.use()
        fig = plt.figure(figsize=(W, H + (_TITLE_H if title else 0.05)))
        ax = fig.add_axes((0, 0, 1, H / fig.get_figheight()))
        scale = 1.0
        ax.set_xlim(0, W)
        ax.set_ylim(0, H)
    else:
        fig = ax.figure
        pos = ax.get_position()
        aw, ah = pos.width * fig.get_figwidth(), pos.height * fig.get_figheight()
        scale = min(aw / W, ah / H)
        ax.set_xlim(0, aw / scale)
        ax.set_ylim(H - ah / scale, H)
    ax.set_axis_off()
    ax.grid(False)
    fs = _FS * scale

    # lanes, their names and the three lines
    for i, lane in enumerate(LANES):
        top, bottom = lay.lane_top[lane], lay.lane_bottom[lane]
        ax.add_artist(Rectangle((0, bottom), W, top - bottom, facecolor="#F7F7F7" if i % 2 else "white",
                               edgecolor="none", zorder=0, gid=f"band:{lane}"))
        name = _wrap(style.pick(LANE_NAMES[lane], lang), _MARGIN_L - 0.35, _LANE_FS)
        ax.text(0.12, (top + bottom) / 2, "\n".join(name), ha="left", va="center", fontsize=_LANE_FS * scale,
                fontweight="bold", color=_LANE_COLOURS[lane][1], family=_FAMILY, linespacing=1.15,
                zorder=4, gid=f"lane:{lane}")
    ax.add_line(plt.Line2D([0, W], [lay.lane_bottom["evidence"]] * 2, color="#BBBBBB", lw=0.6 * scale,
                           zorder=1, gid="separator:evidence"))
    for key, (above, names) in LINES.items():
        y = lay.lane_bottom[LANES[above]]
        ax.add_line(plt.Line2D([0, W], [y, y], color="#333333", lw=1.4 * scale, ls=_LINE_STYLES[key],
                               zorder=2, gid=f"line:{key}"))
        ax.text(_MARGIN_L - 0.08, y, style.pick(names, lang), ha="right", va="center",
                fontsize=_LINE_FS * scale, style="italic", color="#333333", family=_FAMILY, zorder=5,
                gid=f"linelabel:{key}",
                bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"))

    # flows (under the boxes)
    for a, b in bp.flows:
        ba, bb = lay.boxes[a], lay.boxes[b]
        pa, pb, rad = _route(ba, bb, [box for sid, box in lay.boxes.items() if sid not in (a, b)])
        arrow = FancyArrowPatch(pa, pb, arrowstyle="-|>",
                                mutation_scale=11 * scale, lw=1.1 * scale, color="#555555",
                                connectionstyle=f"arc3,rad={rad}", shrinkA=1, shrinkB=1, zorder=3,
                                gid=f"flow:{a}->{b}")
        ax.add_artist(arrow)

    # recovery links: dashed, from a fail point to the step that puts it right
    for s in bp.steps:
        if s.recovery:
            ba, bb = lay.boxes[s.id], lay.boxes[s.recovery]
            ca = (ba[0] + ba[2] / 2, ba[1] + ba[3] / 2)
            cb = (bb[0] + bb[2] / 2, bb[1] + bb[3] / 2)
            ax.add_artist(FancyArrowPatch(_edge_point(ba, cb), _edge_point(bb, ca), arrowstyle="-|>",
                                         mutation_scale=10 * scale, lw=1.2 * scale, ls="--",
                                         color=style.PALETTE["bad"], connectionstyle="arc3,rad=0.35",
                                         shrinkA=1, shrinkB=1, zorder=5.5, gid=f"recovery:{s.id}->{s.recovery}"))

    # boxes, text, marks
    for s in bp.steps:
        x0, y0, w, h = lay.boxes[s.id]
        face, edge = _LANE_COLOURS[s.lane]
        ax.add_artist(FancyBboxPatch((x0, y0), w, h, boxstyle="round,pad=0,rounding_size=0.06",
                                    facecolor=face, edgecolor=style.PALETTE["bad"] if s.fail else edge,
                                    lw=(2.0 if s.fail else 1.0) * scale, zorder=6, gid=f"step:{s.id}"))
        ax.text(x0 + w / 2, y0 + h / 2, "\n".join(lay.lines[s.id]), ha="center", va="center", fontsize=fs,
                family=_FAMILY, linespacing=_LINE_SPACING, zorder=7, gid=f"label:{s.id}")
        marks = [("fail", "F", style.PALETTE["bad"], "white")] if s.fail else []
        if s.wait:
            marks.append(("wait", "W", style.PALETTE["orange"], "black"))
        for k, (kind, letter, colour, ink) in enumerate(marks):
            cx, cy = x0 + w - 0.12 - k * 0.24, y0 + h
            ax.add_artist(Circle((cx, cy), _BADGE_R, facecolor=colour, edgecolor="white", lw=0.8 * scale,
                                zorder=8, gid=f"{kind}:{s.id}"))
            ax.text(cx, cy, letter, ha="center", va="center", fontsize=7 * scale, fontweight="bold",
                    color=ink, family=_FAMILY, zorder=9, gid=f"{kind}mark:{s.id}")
    if title:
        legend = style.pick(T("F = fail point   W = wait point   arrows = flow   dashed red = recovery"), lang)
        ax.set_title(f"{bp.title(lang)}\n{legend}", fontsize=12 * max(scale, 0.6), loc="left",
                     family=_FAMILY, pad=6 * scale)
    return ax

