"""Re-execute lessons and solutions in place, refreshing their committed outputs."""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path

from .. import files
from ..files import atomic_write, find_notebooks
from .run import summary

__all__ = ["add_arguments", "run"]


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", help="lessons or solutions (default: notebooks solutions)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("-q", "--quiet", action="store_true")


def run(args) -> int:
    import shutil

    from ..runner import Job, run_jobs

    nbs = find_notebooks(args.paths, ("notebooks", "solutions"))
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [Job.for_notebook(nb, tmp) for nb in nbs]
        results = run_jobs(jobs, n_jobs=args.jobs, progress=not args.quiet)
        for i, r in enumerate(results):
            if r.ok:
                atomic_write(r.source, Path(r.output).read_bytes())
            elif r.output.exists():  # keep the failed run for inspection
                keep = files.project_root() / ".course_runs" / r.output.name
                keep.parent.mkdir(exist_ok=True)
                shutil.copyfile(r.output, keep)
                results[i] = replace(r, output=keep)
        code = summary(results)
    if code:
        print("Sources of failed notebooks were left unchanged.")
    return code
