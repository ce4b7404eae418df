"""Where each box of a drawn blueprint goes: text measuring and wrapping, lane heights, arrow routes.

Sizes are in inches at scale 1 (the figure is sized so one data unit is one inch).
Text is measured with the fonts' own advance widths (DejaVu Sans, falling back to
the shipped Noto Sans CJK), loaded on first use, so labels wrap the same way in
English and Chinese. :func:`course_lib.blueprint.draw` draws what :func:`_layout` places.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..lang import T, pick
from .model import Blueprint, Step
from .vocabulary import LANES

_FS = 8.5            # label font size, points
_LANE_FS = 9.0
_LINE_FS = 8.0
_LINE_SPACING = 1.3
_COL_PITCH = 1.75
_BOX_W = 1.5
_PAD_X = 0.1
_PAD_Y = 0.1
_STACK_GAP = 0.22
_LANE_PAD = 0.24
_LANE_MIN = 0.95
_MARGIN_L = 1.95
_MARGIN_R = 0.25
_TITLE_H = 0.7
_BADGE_R = 0.085


@lru_cache(maxsize=1)
def _fonts():
    from matplotlib import font_manager as fm

    from .. import style

    style.register_font()
    latin = fm.get_font(fm.findfont(fm.FontProperties(family="DejaVu Sans")))
    cjk = fm.get_font(str(style.font_path()))
    return latin, cjk


@lru_cache(maxsize=8192)
def _char_em(ch: str) -> float:
    """Advance width of one character in em (DejaVu Sans, falling back to Noto Sans CJK)."""
    latin, cjk = _fonts()
    font = latin if latin.get_char_index(ord(ch)) else cjk
    font.set_size(100, 72)
    glyph = font.load_char(ord(ch))
    return glyph.linearHoriAdvance / 65536 / 100


def _width_in(text: str, size: float) -> float:
    return sum(_char_em(c) for c in text) * size / 72 * 1.04  # 4 % for rounding and hinting


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


_NO_LINE_START = set("、，。；：！？）」』】》,.;:!?)")


def _tokens(text: str) -> list[str]:
    """Words for Latin text; single characters for CJK (which may break anywhere)."""
    out, word = [], ""
    for ch in text:
        if ch.isspace():
            if word:
                out.append(word)
            word = ""
            out.append(" ")
        elif ch in _NO_LINE_START and (word or out):
            if word:
                word += ch
            else:
                out[-1] += ch  # keep closing punctuation with the character before it
        elif _wide(ch):
            if word:
                out.append(word)
            word = ""
            out.append(ch)
        else:
            word += ch
    if word:
        out.append(word)
    return out


def _wrap(text: str, width_in: float, size: float) -> list[str]:
    """Greedy wrap of ``text`` into lines no wider than ``width_in`` inches at ``size`` points."""
    lines: list[str] = []
    for para in str(text).split("\n"):
        line = ""
        for tok in _tokens(para):
            cand = line + tok
            if _width_in(cand.rstrip(), size) <= width_in:
                line = cand
                continue
            if line.strip():
                lines.append(line.rstrip())
            line = "" if tok == " " else tok
            while _width_in(line, size) > width_in and len(line) > 1:  # a word longer than a line
                cut = len(line) - 1
                while cut > 1 and _width_in(line[:cut] + "-", size) > width_in:
                    cut -= 1
                lines.append(line[:cut] + ("-" if not _wide(line[cut - 1]) else ""))
                line = line[cut:]
        if line.strip() or not lines:
            lines.append(line.strip())
    return lines


def _wrap_balanced(text: str, width_in: float, size: float) -> list[str]:
    """Wrap into the fewest lines, then narrow the width while the line count holds (even lines)."""
    lines = _wrap(text, width_in, size)
    if len(lines) < 2:
        return lines
    best, width = lines, width_in
    for _ in range(12):
        width *= 0.93
        trial = _wrap(text, width, size)
        if len(trial) != len(lines):
            break
        best = trial
    return best


def _line_h(size: float) -> float:
    return _LINE_SPACING * 1.17 * size / 72


def _duration_text(s: Step, lang: str) -> str:
    d = f"{s.duration:g}"
    return pick(T("{d} min", d=d), lang)


@dataclass(frozen=True)
class _Layout:
    width: float
    height: float
    lane_top: dict
    lane_bottom: dict
    boxes: dict          # id -> (x0, y0, w, h)
    lines: dict          # id -> list of text lines
    col_x: dict


def _layout(bp: Blueprint, lang: str) -> _Layout:
    cols = sorted({s.col for s in bp.steps})
    col_x = {c: _MARGIN_L + i * _COL_PITCH + (_COL_PITCH - _BOX_W) / 2 for i, c in enumerate(cols)}
    text_w = _BOX_W - 2 * _PAD_X
    lines, heights = {}, {}
    for s in bp.steps:
        body = _wrap_balanced(s.text(lang), text_w, _FS)
        if s.duration:
            body.append(_duration_text(s, lang))
        lines[s.id] = body
        heights[s.id] = len(body) * _line_h(_FS) + 2 * _PAD_Y
    stacks: dict[tuple[str, float], list[str]] = {}
    for s in bp.steps:
        stacks.setdefault((s.lane, s.col), []).append(s.id)
    lane_h = {}
    for lane in LANES:
        tallest = max((sum(heights[i] for i in ids) + _STACK_GAP * (len(ids) - 1)
                       for (ln, _), ids in stacks.items() if ln == lane), default=0.0)
        lane_h[lane] = max(_LANE_MIN, tallest + 2 * _LANE_PAD)
    height = sum(lane_h.values())
    top, lane_top, lane_bottom = height, {}, {}
    for lane in LANES:
        lane_top[lane] = top
        lane_bottom[lane] = top - lane_h[lane]
        top -= lane_h[lane]
    boxes = {}
    for (lane, col), ids in stacks.items():
        total = sum(heights[i] for i in ids) + _STACK_GAP * (len(ids) - 1)
        y = (lane_top[lane] + lane_bottom[lane]) / 2 + total / 2
        for i in ids:
            y -= heights[i]
            boxes[i] = (col_x[col], y, _BOX_W, heights[i])
            y -= _STACK_GAP
    width = max(_MARGIN_L + len(cols) * _COL_PITCH + _MARGIN_R, 6.0)
    return _Layout(width, height, lane_top, lane_bottom, boxes, lines, col_x)


def _edge_point(box, towards) -> tuple[float, float]:
    """Where the segment from the centre of ``box`` to ``towards`` leaves the box."""
    x0, y0, w, h = box
    cx, cy = x0 + w / 2, y0 + h / 2
    dx, dy = towards[0] - cx, towards[1] - cy
    if dx == 0 and dy == 0:
        return cx, cy
    tx = (w / 2) / abs(dx) if dx else math.inf
    ty = (h / 2) / abs(dy) if dy else math.inf
    t = min(tx, ty)
    return cx + dx * t, cy + dy * t


def _clear(pa, pb, rad: float, near: np.ndarray, margin: float = 0.04) -> bool:
    """Whether matplotlib's ``arc3`` curve from ``pa`` to ``pb`` misses every box in ``near``."""
    if near.size == 0:
        return True
    (x1, y1), (x2, y2) = pa, pb
    t = np.linspace(0.03, 0.97, 48)[:, None]
    cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
    px = (1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t ** 2 * x2
    py = (1 - t) ** 2 * y1 + 2 * (1 - t) * t * cy + t ** 2 * y2
    inside = ((px > near[:, 0] - margin) & (px < near[:, 0] + near[:, 2] + margin)
              & (py > near[:, 1] - margin) & (py < near[:, 1] + near[:, 3] + margin))
    return not inside.any()


def _route(ba, bb, boxes) -> tuple[tuple[float, float], tuple[float, float], float]:
    """Start, end and ``arc3`` curvature of an arrow from box ``ba`` to box ``bb`` that misses ``boxes``.

    Tries the straight line between the box edges, then curves either side, then
    leaving and entering by the same side of both boxes (to pass a stack of boxes);
    keeps the straight line if nothing is clear.
    """
    ca = (ba[0] + ba[2] / 2, ba[1] + ba[3] / 2)
    cb = (bb[0] + bb[2] / 2, bb[1] + bb[3] / 2)
    pa, pb = _edge_point(ba, cb), _edge_point(bb, ca)
    lo_x, hi_x = min(pa[0], pb[0]) - 1.2, max(pa[0], pb[0]) + 1.2
    lo_y, hi_y = min(pa[1], pb[1]) - 1.2, max(pa[1], pb[1]) + 1.2
    near = np.array([b for b in boxes if b[0] < hi_x and b[0] + b[2] > lo_x and b[1] < hi_y and b[1] + b[3] > lo_y])
    for rad in (0.0, 0.2, -0.2, 0.35, -0.35, 0.5, -0.5, 0.7, -0.7):
        if _clear(pa, pb, rad, near):
            return pa, pb, rad
    for side in (1, 0):  # right sides, then left sides
        qa = (ba[0] + side * ba[2], ca[1])
        qb = (bb[0] + side * bb[2], cb[1])
        for rad in (0.06, -0.06, 0.1, -0.1, 0.15, -0.15, 0.25, -0.25):
            if _clear(qa, qb, rad, near):
                return qa, qb, rad
    return pa, pb, 0.0

