"""Turn a survey export (CSV or XLSX) into a self-contained HTML report.

The report shows the SERVQUAL gaps with their intervals, the reliability of the scales, the
importance-performance analysis and the priorities, and, when the file has them, NPS and a
comparison of the segments, in English or Chinese (--lang zh). Columns holding names, phone
numbers or e-mail addresses are left out, and so are repeated submissions. The page loads
nothing from the network: e-mail it, or open it offline.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

__all__ = ["add_arguments", "run"]

MAPPING_HELP = """\
mapping file (YAML), e.g.:
  columns:            # your header: course name
    Q1 期望: E1
    Q1 感知: P1
    门店: segment
    推荐分数: nps      # 0-10 likelihood to recommend
  scale: [1, 7]
  likert: {非常满意: 7, 满意: 6}
Headers such as E1, 期望1, Exp 1, 感知_1 are recognised without a mapping.
"""


def add_arguments(parser) -> None:
    """Define ``service-course report``'s arguments on ``parser``."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = MAPPING_HELP
    parser.add_argument("survey", nargs="?", type=Path, metavar="SURVEY", help="the survey export (.csv or .xlsx)")
    parser.add_argument("--survey", dest="survey_option", type=Path, default=None, metavar="SURVEY",
                        help="the survey export, as an option (same as the positional SURVEY)")
    parser.add_argument("--out", required=True, type=Path, help="the HTML file to write")
    parser.add_argument("--industry", default=None, help="restaurant, travel, bank, or any name for the title")
    parser.add_argument("--lang", default="en", choices=["en", "zh"], help="report language (default: en)")
    parser.add_argument("--mapping", default=None, type=Path, help="YAML file mapping your headers (see below)")
    parser.add_argument("--scale", default=None, metavar="LOW-HIGH", help="answer scale, e.g. 1-5 (default 1-7)")
    parser.add_argument("--keep-personal", action="store_true",
                        help="keep columns that look like names, phone numbers or e-mail addresses")
    parser.add_argument("--keep-duplicates", action="store_true",
                        help="keep repeated submissions (the same respondent ID; without IDs, identical rows)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no step-by-step timing lines")


class _Stopped(KeyboardInterrupt):
    """The report was stopped by a signal (Ctrl-C, ``kill``, a closed terminal)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _stoppable():
    """Ctrl-C, SIGTERM and SIGHUP stop the report through an exception, so every ``finally`` runs (the
    temporary file beside ``--out`` is removed), even where the shell started the command with Ctrl-C
    ignored (``cmd &`` in a script). Only in the main thread, where Python allows handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise _Stopped(signum)

    previous = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            previous[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run(args) -> int:
    """Run ``service-course report``; 0 on success, 2 for bad input, 1 when the page cannot be made,
    128 + the signal number when stopped (130 for Ctrl-C)."""
    from ..errors import CourseDataError

    def err(text):
        print(text, file=sys.stderr)

    survey = args.survey or args.survey_option
    if survey is None or (args.survey and args.survey_option and args.survey != args.survey_option):
        err("service-course report: give one survey file, e.g. `service-course report survey.csv --out report.html`")
        return 2
    try:
        with _stoppable():
            from .build import build_report
            from .read import parse_scale

            build_report(survey, args.out, industry=args.industry, lang=args.lang, mapping=args.mapping,
                         scale=parse_scale(args.scale), keep_personal=args.keep_personal,
                         keep_duplicates=args.keep_duplicates, progress=not args.quiet)
    except CourseDataError as exc:
        err(f"service-course report: the survey cannot be used as it is.\n{exc}")
        return 2
    except RuntimeError as exc:
        err(f"service-course report: {exc}\nNo report was written.")
        return 1
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, _Stopped) else signal.SIGINT
        err(f"service-course report: stopped ({signal.Signals(signum).name}); no report was written.")
        return 128 + int(signum)
    return 0
