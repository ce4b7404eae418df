"""Execute notebooks in fresh kernels, in parallel, with one process per worker.

Each worker process imports papermill once and runs its share of notebooks one
after another, every notebook in a kernel of its own. The kernel for the next
notebook is started while the current one runs, so its start-up cost is hidden.
Kernels start in the notebook's own folder (as nbval and JupyterLab do) with an
explicit environment: strict checks for solutions, warnings from notebook code
as errors (``COURSE_WARNINGS=error``, honoured by :func:`course_lib.setup`).

A notebook fails when a cell raises or when any cell writes to stderr.

Examples
--------
>>> from course_lib.runner import Job
>>> Job.for_notebook("solutions/00_warmup.ipynb", "runs").strict
True
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

__all__ = ["Job", "RunResult", "execute", "run_jobs", "clean_outputs", "static_widget", "stderr_outputs",
           "kernel_env"]

#: Lines on stderr that are not problems of the notebook (ipykernel 7 start-up notice).
IGNORED_STDERR = (re.compile(r"Kernel is running over TCP without encryption"),)
#: The MIME type of a live widget view: it renders only with the kernel that made it.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: Output metadata key marking an output that was a widget view (see :func:`static_widget`).
STATIC_WIDGET = "course_widget"


@dataclass(frozen=True)
class Job:
    """One notebook to execute: source, output copy, parameters, strict checks."""

    source: Path
    output: Path
    parameters: dict = field(default_factory=dict)
    strict: bool = False
    label: str = ""

    @classmethod
    def for_notebook(cls, source, out_dir, parameters: dict | None = None, strict: bool | None = None,
                     suffix: str = "") -> "Job":
        """A job writing ``out_dir/<folder>__<name><suffix>.ipynb``; solutions run strict by default."""
        source = Path(source)
        strict = (source.parent.name == "solutions") if strict is None else strict
        name = f"{source.parent.name}__{source.stem}{suffix}.ipynb"
        label = f"{source.parent.name}/{source.name}" + (f" [{suffix.strip('_')}]" if suffix else "")
        return cls(source, Path(out_dir) / name, dict(parameters or {}), strict, label)


@dataclass(frozen=True)
class RunResult:
    """Outcome of one job."""

    label: str
    source: Path
    output: Path
    ok: bool
    seconds: float
    error: str | None = None


def kernel_env(strict: bool) -> dict:
    """Environment for a notebook's kernel."""
    env = dict(os.environ)
    env["COURSE_CHECKS_STRICT"] = "1" if strict else "0"
    env["COURSE_WARNINGS"] = "error"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # silence debugpy's frozen-modules notice on stderr
    env.pop("MPLBACKEND", None)  # kernels use the inline backend
    return env


def stderr_outputs(nb) -> list[str]:
    """Texts written to stderr by a notebook's cells (known harmless notices removed)."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                lines = [ln for ln in out.get("text", "").splitlines()
                         if ln.strip() and not any(p.search(ln) for p in IGNORED_STDERR)]
                if lines:
                    found.append("\n".join(lines))
    return found


def static_widget(output) -> bool:
    """Reduce a widget's output to what renders without a kernel; tell whether it is a widget's.

    The live view (:data:`WIDGET_VIEW`) needs the kernel's widget state: GitHub, nbviewer and
    nbconvert fail on it or show an error. It is removed, with its metadata; the rest of the
    bundle stays (a course widget leaves a PNG of its figure and a text, see
    :meth:`course_lib.widgets.LiveWidget.static_view`) and the output is marked with
    ``metadata[STATIC_WIDGET]``, so that later readers (the slides) still know it was a widget.

    Parameters
    ----------
    output : dict
        One output of a code cell (changed in place).

    Returns
    -------
    bool
        True if ``output`` is or was a widget's output.

    Examples
    --------
    >>> out = {"output_type": "display_data", "metadata": {},
    ...        "data": {WIDGET_VIEW: {"model_id": "a1"}, "image/png": "iVBO", "text/plain": "demo"}}
    >>> static_widget(out), sorted(out["data"]), out["metadata"]
    (True, ['image/png', 'text/plain'], {'course_widget': True})
    """
    data = output.get("data", {})
    if WIDGET_VIEW in data:
        del data[WIDGET_VIEW]
        metadata = output.setdefault("metadata", {})
        metadata.pop(WIDGET_VIEW, None)
        metadata[STATIC_WIDGET] = True
    return bool(output.get("metadata", {}).get(STATIC_WIDGET))


def clean_outputs(nb):
    """Strip what differs between runs or needs a kernel: papermill metadata, timings, widget state
    and live widget views (each widget keeps its static view, see :func:`static_widget`)."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for key in ("papermill", "execution"):
            cell.metadata.pop(key, None)
        for out in cell.get("outputs", []):
            static_widget(out)
    return nb


def _start_kernel(job: Job):
    from jupyter_client import KernelManager

    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(job.source.resolve().parent), env=kernel_env(job.strict))
    return km


def execute(job: Job, km=None) -> RunResult:
    """Execute one job with papermill (in this process); shut its kernel down afterwards."""
    import nbformat
    import papermill as pm

    start = time.perf_counter()
    own = km is None
    error = None
    try:
        if own:
            km = _start_kernel(job)
        job.output.parent.mkdir(parents=True, exist_ok=True)
        nb = pm.execute_notebook(
            str(job.source), str(job.output), parameters=job.parameters or None,
            kernel_name="python3", progress_bar=False, km=km, cwd=None, log_output=False,
        )
        problems = stderr_outputs(nb)
        if problems:
            error = "wrote to stderr: " + problems[0][:500]
    except Exception as exc:  # papermill raises PapermillExecutionError with the cell's traceback
        ename = getattr(exc, "ename", type(exc).__name__)
        evalue = getattr(exc, "evalue", str(exc))
        error = f"{ename}: {evalue}"[:2000]
    finally:
        if km is not None:
            try:
                km.shutdown_kernel(now=True)
            except Exception:
                pass
    if job.output.exists():
        nb = nbformat.read(str(job.output), as_version=4)
        nbformat.write(clean_outputs(nb), str(job.output))
    return RunResult(job.label, job.source, job.output, error is None, time.perf_counter() - start, error)


def _worker(jobs: "mp.Queue", results: "mp.Queue") -> None:
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    import papermill  # noqa: F401  (import once per worker)

    current = jobs.get()
    km = _start_kernel(current) if current is not None else None
    while current is not None:
        upcoming = jobs.get()
        next_km = _start_kernel(upcoming) if upcoming is not None else None  # boots while `current` runs
        results.put(execute(current, km))
        current, km = upcoming, next_km


def run_jobs(jobs: Iterable[Job], n_jobs: int = 2, progress: bool = True) -> list[RunResult]:
    """Run jobs on ``n_jobs`` worker processes; results in the order of ``jobs``."""
    jobs = list(jobs)
    if not jobs:
        return []
    n_jobs = max(1, min(n_jobs, len(jobs)))
    ctx = mp.get_context("spawn")
    todo, done = ctx.Queue(), ctx.Queue()
    for job in jobs:
        todo.put(job)
    for _ in range(n_jobs):
        todo.put(None)
    workers = [ctx.Process(target=_worker, args=(todo, done), daemon=True) for _ in range(n_jobs)]
    for w in workers:
        w.start()
    from tqdm.auto import tqdm

    results: dict[str, RunResult] = {}
    bar = tqdm(total=len(jobs), desc="notebooks", unit="nb", disable=not progress)
    try:
        while len(results) < len(jobs):
            try:
                res = done.get(timeout=5)
            except queue.Empty:
                if not any(w.is_alive() for w in workers):
                    break
                continue
            results[res.label] = res
            bar.set_postfix_str(("ok " if res.ok else "FAILED ") + res.label)
            bar.update()
    finally:
        bar.close()
        for w in workers:
            w.join(timeout=10)
    return [results.get(j.label) or RunResult(j.label, j.source, j.output, False, 0.0, "worker died")
            for j in jobs]
