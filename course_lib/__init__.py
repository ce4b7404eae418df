"""course_lib: the helper library of the Service Excellence course.

Concept packages (``servqual``, ``journey``, ``blueprint``, ``nps``, ``standards``,
``feedback``) hold each concept's computations, with its plots and widgets loaded on
first use; shared pieces live once: :mod:`~course_lib.errors`, :mod:`~course_lib.files`,
:mod:`~course_lib.lang`, :mod:`~course_lib.data`, :mod:`~course_lib.style`,
:mod:`~course_lib.checks`, :mod:`~course_lib.authoring`, :mod:`~course_lib.cli`.

Notebooks start with ``import course_lib as cl; cl.setup()``.
"""

from __future__ import annotations

import gc as _gc
import sys as _sys

# Start-up: the libraries imported before this one (pandas, matplotlib, IPython: hundreds of thousands
# of long-lived objects) would otherwise be walked by a full garbage collection that the allocations
# of the course's own imports trigger (about 90 ms here, see BENCHMARKS.md). Moving what exists now to
# the permanent generation spares that walk and every later one. (Cycles already unreachable at this
# moment would never be freed: a full collection right after `import pandas, matplotlib.pyplot` finds none.)
_gc.freeze()

# jsonschema, which nbformat (and so papermill, nbval and every course command that reads a notebook)
# imports, loads the optional IRI-syntax checker `rfc3987_syntax` when it is installed (jupyter-events
# asks for it); that module compiles a grammar on import, 2-4 s of every such process here (see
# BENCHMARKS.md). No notebook schema has an "iri" field, so the course's own processes skip it: an
# import of it now raises ImportError, which jsonschema expects and ignores. Jupyter servers are other
# processes and are not affected.
_sys.modules.setdefault("rfc3987_syntax", None)

from .errors import CourseDataError  # noqa: E402

__all__ = ["CourseDataError", "setup", "doctor", "__version__"]
__version__ = "0.1.0"


def setup(lang: str | None = None) -> None:
    """Prepare a notebook: course plot style, CJK font, tidy pandas display, and its language.

    Call once at the top of every lesson, solution and exercise, with the notebook's language
    parameter: ``cl.setup(lang=LANG)``. The language then drives plots, tables, widgets and check
    messages together (an explicit ``lang=`` on one call still wins).
    """
    import os
    import warnings

    import pandas as pd

    from . import style

    if os.environ.get("COURSE_WARNINGS") == "error":  # set by the test runner for every kernel
        warnings.filterwarnings("error", category=FutureWarning)
        warnings.filterwarnings("error", category=DeprecationWarning, module=r"(course_lib|__main__)")
    from .lang import set_lang

    style.use()
    pd.set_option("display.precision", 3)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 120)
    if lang is not None:
        set_lang(lang)


def doctor() -> int:
    """Check this machine can run the course (as ``service-course doctor``); return the number of problems."""
    from .commands.doctor import doctor as check

    return check()
