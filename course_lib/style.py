"""One plot style for the whole course, in English or Simplified Chinese.

* Sizes readable on a projector, colours from the Okabe–Ito palette (safe for
  the common colour-vision deficiencies).
* A CJK font (Noto Sans CJK SC, SIL Open Font License, shipped inside the
  package) is registered with matplotlib, so Chinese labels render on a plain
  pip-installed machine with no missing-glyph warnings and no network.
* ``lang="en" | "zh"`` everywhere: :func:`pick` chooses a label, :func:`check_lang`
  validates the argument.

Examples
--------
>>> from course_lib import style
>>> style.pick({"en": "Gap", "zh": "差距"}, "zh")
'差距'
>>> ax = style.new_ax()
>>> _ = ax.set_title(style.pick({"en": "Tangibles", "zh": "有形性"}, "zh"))
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import matplotlib
from matplotlib import font_manager

from .lang import LANGS, check_lang, pick  # re-exported: plots choose labels the same way

__all__ = [
    "LANGS",
    "PALETTE",
    "SEQUENCE",
    "FONT_FAMILY",
    "font_path",
    "register_font",
    "check_lang",
    "pick",
    "rc",
    "use",
    "new_ax",
    "finish",
]


#: Okabe & Ito (2008) colour-blind-safe palette, by role.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#8C8C8C",
    # roles
    "good": "#009E73",
    "bad": "#D55E00",
    "neutral": "#8C8C8C",
    "expectation": "#E69F00",
    "perception": "#0072B2",
}

#: Order in which categorical series take colours.
SEQUENCE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]

FONT_FAMILY = "Noto Sans CJK SC"
_FONT_FILE = "NotoSansCJKsc-Regular.otf"


def font_path() -> Path:
    """Path of the bundled CJK font file."""
    return Path(str(resources.files("course_lib") / "fonts" / _FONT_FILE))


def register_font() -> str:
    """Register the bundled CJK font with matplotlib (idempotent); return its family name."""
    # The CJK font has one weight; bold text falls back to it without a log line on stderr.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    path = font_path()
    known = {Path(f.fname) for f in font_manager.fontManager.ttflist}
    if path not in known:
        font_manager.fontManager.addfont(str(path))
    return FONT_FAMILY


def rc() -> dict:
    """The course's matplotlib rcParams (projector-friendly sizes, CJK-capable fonts)."""
    register_font()
    return {
        "figure.figsize": (8.0, 4.8),
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        # A list of families (not the generic "sans-serif") so matplotlib falls back glyph by glyph:
        # Latin from DejaVu Sans, Chinese from Noto Sans CJK SC.
        "font.family": ["DejaVu Sans", FONT_FAMILY],
        "font.size": 12,
        "axes.titlesize": 14,
        "axes.titleweight": "bold",
        "axes.labelsize": 12,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.prop_cycle": matplotlib.cycler(color=SEQUENCE),
        "axes.unicode_minus": False,
        "legend.frameon": False,
        "svg.hashsalt": "course",  # deterministic SVG ids
        "svg.fonttype": "path",
    }


def use() -> None:
    """Apply the course style globally (notebooks call this once, via ``course_lib.setup``)."""
    import matplotlib.pyplot  # noqa: F401  (in a kernel this sets up the inline backend first; ours wins)

    matplotlib.rcParams.update(rc())


@contextmanager
def context():
    """Temporarily apply the course style."""
    with matplotlib.rc_context(rc()):
        yield


def new_ax(ax=None, figsize: tuple[float, float] | None = None):
    """Return ``ax`` or a fresh Axes in the course style.

    Every plot function starts with ``ax = style.new_ax(ax, figsize)`` so that it
    can draw into a caller's subplot or make its own figure.
    """
    if ax is not None:
        return ax
    use()
    import matplotlib.pyplot as plt  # only plots that make their own figure need pyplot

    _, ax = plt.subplots(figsize=figsize)
    return ax


def finish(ax, *, title=None, xlabel=None, ylabel=None, lang: str = "en"):
    """Set title and axis labels chosen for ``lang``; return ``ax``."""
    if title is not None:
        ax.set_title(pick(title, lang))
    if xlabel is not None:
        ax.set_xlabel(pick(xlabel, lang))
    if ylabel is not None:
        ax.set_ylabel(pick(ylabel, lang))
    return ax
