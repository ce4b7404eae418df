"""The report page: one self-contained HTML file from the survey, its :class:`Results` and the figures.

The page is a Jinja template with autoescaping (every table cell, file name and label is escaped);
figures are base64 SVG ``data:`` URIs, the style sheet is inline, and a subset of the course's CJK
font is embedded as a ``data:`` URI (:func:`embed_font`), so the page loads nothing at all
(:func:`external_resources` returns ``[]``) and shows Chinese text on machines without a Chinese font.

Examples
--------
>>> page = embed_font("<html><head></head><body>可靠性 – α</body></html>", cache=False)
>>> "@font-face" in page and "data:font/woff;base64," in page and external_resources(page) == []
True
>>> embed_font("<html><head></head><body>gap – α ≥ 0.7</body></html>")   # no Chinese: nothing to embed
'<html><head></head><body>gap – α ≥ 0.7</body></html>'
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pandas as pd

from ..lang import T, check_lang, pick
from . import tables
from .texts import industry_label, say

__all__ = ["render_html", "embed_font", "font_cache_dir", "external_resources", "FONT_STACK"]

FONT_STACK = ('"Course Embedded CJK", system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", '
              '"Microsoft YaHei", sans-serif')

_PAGE = r"""<!DOCTYPE html>
<html lang="{{ html_lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ page_title }}</title>
<style>
body { font-family: {{ font_stack }}; max-width: 60rem; margin: 0 auto; padding: 1rem 2rem 3rem;
       line-height: 1.5; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.9rem; margin: 1.2rem 0 0.6rem; }
h2 { font-size: 1.4rem; margin-top: 2.4rem; padding-bottom: 0.2rem; border-bottom: 1px solid #d0d0d0; }
h3 { font-size: 1.15rem; margin-top: 1.6rem; }
table { border-collapse: collapse; margin: 0.8rem 0 1.2rem; font-size: 0.92rem; }
th, td { padding: 0.3rem 0.7rem; border-bottom: 1px solid #e4e4e4; text-align: right; vertical-align: top; }
thead th { border-bottom: 2px solid #8c8c8c; vertical-align: bottom; }
th.index { text-align: left; }
tbody th { text-align: left; font-weight: 600; }
td.text, th.text { text-align: left; }
tbody tr:nth-child(even) { background: #f7f7f7; }
.note { background: #fff6e0; border-left: 4px solid #E69F00; padding: 0.5rem 0.9rem; margin: 0.9rem 0; }
figure { margin: 1rem 0 1.6rem; }
figure img { max-width: 100%; height: auto; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
footer { margin-top: 2.4rem; color: #555; font-size: 0.9rem; }
</style>
</head>
<body>
<main>
{%- macro table(t) %}
<table>
<thead>
<tr>{% for h in t.index_names %}<th class="index">{{ h }}</th>{% endfor %}
{%- for c, cls in t.columns %}<th{% if cls %} class="{{ cls }}"{% endif %}>{{ c }}</th>{% endfor %}</tr>
</thead>
<tbody>
{%- for row in t.rows %}
<tr>{% for h in row.index %}<th>{{ h }}</th>{% endfor %}
{%- for text, cls in row.cells %}<td{% if cls %} class="{{ cls }}"{% endif %}>{{ text }}</td>{% endfor %}</tr>
{%- endfor %}
</tbody>
</table>
{%- endmacro %}
{%- macro figure(key) %}{% if key in figures %}
<figure><img src="data:image/svg+xml;base64,{{ figures[key].data }}" alt="{{ figures[key].alt }}"></figure>
{%- endif %}{% endmacro %}
<h1>{{ text.title }}</h1>
<p>{{ text.intro }}</p>
{%- for note in notes %}
<p class="note">{{ note }}</p>
{%- endfor %}
{{ table(t.overview) }}

<h2>{{ text.gaps }}</h2>
<p>{{ text.gaps_note }}</p>
{{ table(t.gaps) }}
<p>{{ text.overall }}</p>
{{ figure("gaps") }}
{{ figure("radar") }}
<h3>{{ text.worst_items }}</h3>
{{ table(t.worst) }}
{{ figure("items") }}

<h2>{{ text.reliability }}</h2>
<p>{{ text.reliability_note }}</p>
{{ table(t.reliability) }}
{%- if text.alpha_low %}
<p class="note">{{ text.alpha_low }}</p>
{%- endif %}
{%- if t.priorities %}

<h2>{{ text.ipa }}</h2>
<p>{{ text.ipa_how }}</p>
{%- if text.ipa_flat %}
<p class="note">{{ text.ipa_flat }}</p>
{%- endif %}
{{ figure("ipa") }}

<h2>{{ text.priorities }}</h2>
<p>{{ text.priorities_note }}</p>
{{ table(t.priorities) }}
{%- endif %}
{%- if t.nps %}

<h2>{{ text.nps }}</h2>
<p>{{ text.nps_note }}</p>
{{ table(t.nps) }}
{{ figure("nps") }}
{%- endif %}
{%- if t.segments %}

<h2>{{ text.segments }}</h2>
<p>{{ text.segments_note }}</p>
{{ table(t.segments) }}
{{ figure("segments") }}
{%- endif %}

<h2>{{ text.method }}</h2>
<footer><p>{{ text.method_text }}</p></footer>
</main>
</body>
</html>
"""


def _cell(value) -> str:
    """A table value as text: floats with three decimals, whole numbers as such, "–" when missing."""
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return "–"
    if isinstance(value, (bool, int)) or (hasattr(value, "dtype") and value.dtype.kind in "iu"):
        return str(int(value))
    return f"{float(value):.3f}"


def _is_text(column: list[str]) -> bool:
    """A column of words (left-aligned), not of numbers, p-values or dashes (right-aligned)."""
    return any(v and not (v[0].isdigit() or v[0] in "-<–") for v in column)


def _table(df: pd.DataFrame) -> dict:
    """A labelled DataFrame as the template's table: index names, columns with their alignment, rows."""
    cells = [[_cell(v) for v in values] for values in df.itertuples(index=False, name=None)]
    aligns = ["text" if _is_text([row[j] for row in cells]) else "" for j in range(df.shape[1])]
    rows = [{"index": [str(k) for k in key] if isinstance(key, tuple) else [str(key)], "cells": list(zip(row, aligns))}
            for key, row in zip(df.index, cells)]
    return {"index_names": [str(n) if n else "" for n in df.index.names],
            "columns": list(zip([str(c) for c in df.columns], aligns)), "rows": rows}


def _texts(survey, r, lang: str, industry: str | None) -> dict:
    """Every sentence of the page, filled in and escaped."""
    from ..errors import show

    def fmt(v: float) -> str:
        return f"{v:.3f}"

    label = industry_label(industry, lang)
    plain = ("gaps", "gaps_note", "worst_items", "reliability", "reliability_note", "ipa", "priorities",
             "priorities_note", "nps", "nps_note", "segments", "segments_note", "method", "method_text")
    text = {key: say(key, lang) for key in plain}
    text["title"] = say("title", lang, industry=label)
    text["intro"] = say("intro", lang, source=survey.source, n=r.n, k=len(r.items), lo=show(r.scale[0]),
                        hi=show(r.scale[1]))
    text["overall"] = say("overall", lang, score=fmt(r.score.unweighted), servperf=fmt(r.score.servperf))
    if r.score.n_weighted:
        text["overall"] += say("overall_weighted", lang, weighted=fmt(r.score.weighted))
    low = r.low_alphas
    kinds = {"E": pick(T("E"), lang), "P": pick(T("P"), lang)}
    text["alpha_low"] = say("alpha_low", lang, scales=("、" if lang == "zh" else "; ").join(
        f"{tables.dimension_label(d, lang)} ({kinds[k]}) α = {a:.2f}"
        for (d, k), a in low["alpha"].items())) if len(low) else ""
    if r.ipa is not None:
        text["ipa_how"] = say("ipa_weights" if r.from_allocations else "ipa_expect", lang)
        spread = float(r.ipa.table["importance"].max() - r.ipa.table["importance"].min())
        text["ipa_flat"] = say("ipa_flat", lang, spread=spread) if not r.from_allocations and spread < 0.3 else ""
    return text


def _notes(survey, r, lang: str) -> list[str]:
    notes = []
    if r.n < 30:
        notes.append(say("small", lang))
    if survey.dropped:
        notes.append(say("dropped", lang, cols=("、" if lang == "zh" else ", ").join(survey.dropped)))
    if survey.duplicates:
        rows = survey.duplicates
        shown = ("、" if lang == "zh" else ", ").join(str(x) for x in rows[:10]) + (" …" if len(rows) > 10 else "")
        if lang == "en":
            shown = ("row " if len(rows) == 1 else "rows ") + shown
        how = say("dup_by_respondent" if survey.duplicates_by == "respondent" else "dup_by_answers", lang)
        notes.append(say("duplicates_kept" if survey.duplicates_kept else "duplicates_out", lang,
                         count=len(survey.duplicates), how=how, rows=shown))
    return notes


def render_html(survey, r, *, figures: dict[str, str], lang: str = "en", industry: str | None = None) -> str:
    """The report page (without the embedded font: see :func:`embed_font`)."""
    import jinja2
    from markupsafe import Markup

    check_lang(lang)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    text = {k: Markup(v) for k, v in _texts(survey, r, lang, industry).items()}
    t = {"overview": tables.overview_table(r, lang), "gaps": tables.gap_table(r, lang),
         "worst": tables.worst_items(r, lang), "reliability": tables.reliability_table(r, lang)}
    t["priorities"] = tables.priority_table(r, lang) if r.priorities is not None else None
    t["nps"] = tables.nps_table(r, lang) if r.nps is not None else None
    t["segments"] = tables.segment_gap_table(r, lang) if r.segment_gaps is not None else None
    order = [k for k in ("gaps", "radar", "items", "ipa", "nps", "segments") if k in figures]
    figs = {k: {"data": figures[k], "alt": say("figure", lang, n=i + 1)} for i, k in enumerate(order)}
    return env.from_string(_PAGE).render(
        html_lang="zh-Hans" if lang == "zh" else "en", font_stack=Markup(FONT_STACK),
        page_title=Markup(say("page_title", lang, industry=industry_label(industry, lang))),
        text=text, notes=[Markup(n) for n in _notes(survey, r, lang)],
        t={k: (_table(v) if v is not None else None) for k, v in t.items()}, figures=figs)


def _is_cjk(code: int) -> bool:
    """A code point of the CJK blocks (punctuation, kana, ideographs, full-width forms)."""
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFE4F \
        or 0xFF00 <= code <= 0xFFEF or code >= 0x20000


def embed_font(html: str, cache: bool = True) -> str:
    """Embed the course's CJK font, cut down to the non-ASCII characters the page uses, as a data: URI.

    Readers whose machine has no Chinese font still see the Chinese text (figures are pictures and
    need nothing). A page without Chinese, Japanese or Korean characters is returned as it is. The
    subset keeps only the horizontal-text tables a browser needs (no layout features, no vertical
    metrics), which makes it small (about 10–40 KiB). The page's font stack must start with
    ``"Course Embedded CJK"`` (:data:`FONT_STACK`, as :func:`render_html`'s does); Latin text keeps
    the reader's system font (no ASCII glyphs).

    Cutting the subset from the 16 MiB font takes most of a second, so with ``cache`` (the default)
    each subset is kept in the user's cache folder (:func:`font_cache_dir`), named by the font file and
    the set of characters: the next report with the same characters (every English report, and a
    Chinese one of the same survey) reads it back. A cache that cannot be read or written is skipped.
    """
    from .. import style

    chars = sorted(c for c in map(ord, set(html)) if c >= 0x80)  # set() first: the page is mostly base64
    path = style.font_path()
    if not any(_is_cjk(c) for c in chars) or not path.exists() or "</head>" not in html:
        return html  # every system font has the Latin, Greek and math signs of an English page
    woff = _font_subset(path, chars, cache)
    data = base64.b64encode(woff).decode("ascii")
    face = ('<style>@font-face { font-family: "Course Embedded CJK"; '
            f'src: url(data:font/woff;base64,{data}) format("woff"); }}</style>\n')
    head_end = html.index("</head>")
    return html[:head_end] + face + html[head_end:]


_SUBSET_VERSION = 1  # raise when the subset options below change: older cached subsets are then not used
_CACHE_FILES = 200  # subsets kept (10–40 KiB each); the least recently written beyond that are removed


def font_cache_dir() -> Path | None:
    """Where :func:`embed_font` keeps its font subsets: ``$COURSE_CACHE_DIR/report-fonts`` if set (an
    empty value turns the cache off), else the platform's user cache folder (``~/.cache/service-course``
    on Linux, ``~/Library/Caches/service-course`` on macOS, ``%LOCALAPPDATA%\\service-course\\Cache``
    on Windows).

    Examples
    --------
    >>> folder = font_cache_dir()
    >>> folder is None or folder.name == "report-fonts"
    True
    """
    import os
    import sys

    if "COURSE_CACHE_DIR" in os.environ:
        root = os.environ["COURSE_CACHE_DIR"]
        return Path(root) / "report-fonts" if root else None
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "service-course" / "Cache"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches" / "service-course"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "service-course"
    return base / "report-fonts"


def _font_subset(path: Path, chars: list[int], cache: bool = True) -> bytes:
    """The WOFF subset of the font at ``path`` holding ``chars``, from the cache when it is there."""
    import hashlib

    folder = font_cache_dir() if cache else None
    entry = None
    if folder is not None:
        stat = path.stat()
        key = f"{_SUBSET_VERSION}|{path.name}|{stat.st_size}|{stat.st_mtime_ns}|" + ",".join(map(str, chars))
        entry = folder / (hashlib.sha256(key.encode("ascii")).hexdigest()[:32] + ".woff")
        try:
            woff = entry.read_bytes()
            if woff[:4] == b"wOFF" and int.from_bytes(woff[8:12], "big") == len(woff):  # whole, as written
                return woff
        except OSError:
            pass
    woff = _cut_subset(path, chars)
    if entry is not None:
        _store(entry, woff)
    return woff


def _cut_subset(path: Path, chars: list[int]) -> bytes:
    from fontTools import subset

    opts = subset.Options()
    opts.flavor = "woff"  # zlib-compressed; needs nothing beyond fontTools
    opts.layout_features = []
    opts.drop_tables += ["GSUB", "GPOS", "BASE", "VORG", "vhea", "vmtx"]
    opts.notdef_outline = True
    font = subset.load_font(str(path), opts, lazy=True)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=chars)
    sub.subset(font)
    buf = io.BytesIO()
    subset.save_font(font, buf, opts)
    return buf.getvalue()


def _store(entry: Path, woff: bytes) -> None:
    """Write a cache entry atomically (two reports at once never read half a font); never fail."""
    import os
    import tempfile

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".woff")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(woff)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        kept = sorted(entry.parent.glob("*.woff"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[_CACHE_FILES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home, a full disk: the report is made all the same


def external_resources(html: str) -> list[str]:
    """Everything an HTML page would load from elsewhere (script/link/img/iframe/… sources, CSS
    ``url()`` and ``@import``), except ``data:`` URIs. A self-contained report returns ``[]``.

    Examples
    --------
    >>> external_resources('<img src="data:image/svg+xml;base64,AAAA"><script src="https://cdn.x/require.js"></script>')
    ['https://cdn.x/require.js']
    """
    from ..offline import loaded_urls

    return loaded_urls(html)
