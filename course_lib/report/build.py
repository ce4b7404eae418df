"""The whole report, in the calling process: validate → analyze → figures → HTML → font → offline check → write.

No kernel, no notebook, no papermill or nbconvert: :func:`build_report` reads the survey, computes
every number once (:func:`~course_lib.report.compute.analyze`), draws the figures with matplotlib
(as SVG), fills the page template, embeds the font subset, refuses a page that would load
anything from elsewhere, and writes it with :func:`course_lib.files.atomic_write` (a reader sees
the old report or the new one, never half of one).
"""

from __future__ import annotations

import os
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

from ..errors import CourseDataError
from ..lang import check_lang

__all__ = ["build_report", "check_out"]


def check_out(out: str | os.PathLike) -> Path:
    """The ``--out`` path, checked before any work: an ``.html`` file in a folder that exists."""
    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise CourseDataError("the report is an HTML file", source=str(out), expected="a name ending in .html",
                              fix="pass --out report.html")
    if out.is_dir():
        raise CourseDataError("this is a folder", source=str(out), fix="pass the path of the .html file to write")
    if not out.resolve().parent.is_dir():
        raise CourseDataError("the folder for the report does not exist", source=str(out.parent),
                              fix="create the folder first, or write the report elsewhere")
    return out


@contextmanager
def _warnings(strict: bool):
    with warnings.catch_warnings():
        if strict or os.environ.get("COURSE_WARNINGS") == "error":  # as course_lib.setup does in a kernel
            warnings.filterwarnings("error", category=FutureWarning)
            warnings.filterwarnings("error", category=DeprecationWarning, module=r"course_lib")
        yield


def _row_list(rows) -> str:
    return ("row " if len(rows) == 1 else "rows ") + ", ".join(map(str, rows[:10])) + (" …" if len(rows) > 10 else "")


def build_report(survey: str | os.PathLike, out: str | os.PathLike, *, industry: str | None = None,
                 lang: str = "en", mapping=None, scale=None, keep_personal: bool = False,
                 keep_duplicates: bool = False, progress: bool = True, warnings_as_errors: bool = False,
                 log=print) -> Path:
    """Validate ``survey``, compute the report's numbers, write the self-contained HTML report to ``out``.

    Raises :class:`CourseDataError` for a file the report cannot use (nothing is written), and
    ``RuntimeError`` when the page cannot be made. ``warnings_as_errors`` (or ``COURSE_WARNINGS=error``
    in the environment, as in the tests) turns FutureWarnings, and DeprecationWarnings raised in course
    code, into errors.
    ``progress`` logs each step with its time.
    """
    start = time.perf_counter()
    from .read import in_user_terms, validate_survey

    def step(text: str) -> None:
        if progress:
            log(f"  {text} ({time.perf_counter() - start:.1f} s)")

    check_lang(lang)
    out = check_out(out)
    with _warnings(warnings_as_errors):
        checked = validate_survey(survey, mapping=mapping, scale=scale, keep_personal=keep_personal,
                                  keep_duplicates=keep_duplicates)
        # only now the analysis stack (statistics, matplotlib and its font cache, Jinja, fontTools): a file
        # that is refused is refused in about a second, before any of it loads
        from ..files import atomic_write
        from .compute import analyze
        from .figures import render_figures
        from .render import embed_font, external_resources, render_html

        log(f"validated {checked.source}: {len(checked.data)} respondents, {len(checked.items)} items"
            + (", segments" if checked.has_segment else "") + (", NPS" if checked.has_nps else ""))
        if checked.dropped:
            log("left out personal columns: " + ", ".join(f"{c} ({why})" for c, why in checked.dropped.items())
                + "  (use --keep-personal to keep them)")
        for column, why in checked.pseudonymised.items():
            log(f"the respondent column {column} holds personal data ({why}): replaced by numbers R1, R2 …  "
                "(use --keep-personal to keep it)")
        if checked.duplicates:
            n = len(checked.duplicates)
            log((f"kept {n} duplicate submission(s) ({_row_list(checked.duplicates)})" if checked.duplicates_kept else
                 f"left out {n} duplicate submission(s) ({_row_list(checked.duplicates)})  "
                 "(use --keep-duplicates to keep them)"))
        try:
            results = analyze(checked.data, scale=checked.scale, source=checked.source)
        except CourseDataError as exc:
            raise in_user_terms(exc, checked.renamed) from None
        step("numbers computed")
        try:
            figures = render_figures(results, lang)
            step(f"{len(figures)} figures drawn")
            html = embed_font(render_html(checked, results, figures=figures, lang=lang, industry=industry))
        except Exception as exc:  # a bug, not bad data: say what failed, keep the cause for debugging
            raise RuntimeError(f"the report page could not be made: {type(exc).__name__}: {exc}"[:2000]) from exc
        step("page and font subset ready")
    remote = external_resources(html)
    if remote:  # never ship a report that phones home
        raise RuntimeError("the report would load " + ", ".join(remote[:3]) + "; report not written")
    atomic_write(out, html)
    log(f"wrote {out} ({len(html.encode('utf-8')) / 1024:.0f} KiB) in {time.perf_counter() - start:.1f} s")
    return out
