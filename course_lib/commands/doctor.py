"""Check this machine can run the course: Python, packages, kernel, Chinese font, datasets, a writable folder."""

from __future__ import annotations

import importlib
import sys
import tempfile
import warnings

from .. import files

__all__ = ["doctor", "add_arguments", "run"]

REQUIRED = ["pandas", "numpy", "scipy", "matplotlib", "ipywidgets", "jupyterlab", "papermill", "nbval",
            "nbformat", "nbclient", "ipykernel", "yaml", "openpyxl", "charset_normalizer", "tqdm",
            "nbconvert", "fontTools", "babel", "jinja2"]


def _pinned() -> dict[str, str]:
    path = files.project_root() / "constraints.txt"
    pins = {}
    if path.exists():
        for line in path.read_text().splitlines():
            line = line.split("#")[0].strip()
            if "==" in line:
                name, version = line.split("==", 1)
                pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


def doctor(out=print) -> int:
    """Check the set-up, one line per item; return the number of problems."""
    from importlib import metadata

    problems = 0

    def report(ok: bool, what: str, fix: str = "") -> None:
        nonlocal problems
        out(("  ok   " if ok else "  FAIL ") + what + ("" if ok or not fix else f"\n         fix: {fix}"))
        problems += not ok

    out("Service Excellence course: environment check")
    v = sys.version_info
    report(v >= (3, 11), f"Python {v.major}.{v.minor}.{v.micro} (3.11 or newer needed)",
           "install Python 3.11+ and recreate the environment (make lab)")
    pins = _pinned()
    dist_names = {"yaml": "pyyaml", "charset_normalizer": "charset-normalizer", "fontTools": "fonttools"}
    for module in REQUIRED:
        dist = dist_names.get(module, module)
        try:
            importlib.import_module(module)
            version = metadata.version(dist)
        except Exception as exc:  # missing or broken package
            report(False, f"{dist} cannot be imported ({type(exc).__name__})",
                   "run `make lab` (or `pip install -c constraints.txt -e .`) in the course folder")
            continue
        pin = pins.get(dist)
        note = "" if pin in (None, version) else f" (course outputs were made with {pin}; results may differ slightly)"
        report(True, f"{dist} {version}{note}")
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        specs = KernelSpecManager().find_kernel_specs()
        report("python3" in specs, "Jupyter kernel 'python3' available",
               f"{sys.executable} -m ipykernel install --sys-prefix")
    except Exception as exc:
        report(False, f"Jupyter kernels cannot be listed ({exc})", "reinstall with `make lab`")
    from .. import style

    if not style.font_path().exists():
        report(False, f"Chinese plot font file missing ({style.font_path().name})",
               "restore it with `git checkout -- course_lib/fonts/` and reinstall (make lab)")
    else:
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt

            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                with style.context():
                    fig, ax = plt.subplots()
                    ax.set_title("有形性 可靠性 响应性 保证性 移情性")
                    fig.canvas.draw()
                    plt.close(fig)
            missing = [w for w in caught if "missing from font" in str(w.message)]
            report(not missing, f"Chinese plot font ({style.FONT_FAMILY}) renders",
                   "delete matplotlib's font cache (~/.cache/matplotlib) and restart the kernel")
        except Exception as exc:
            report(False, f"plotting does not work ({type(exc).__name__}: {exc})",
                   "reinstall matplotlib with `make lab`")
    try:
        from .. import data

        entries = data.catalog()
        absent = [n for n, e in entries.items() if not (data.datasets_dir() / e["file"]).exists()]
        report(not absent, f"{len(entries)} datasets catalogued, all files present" if not absent
               else f"dataset files missing: {', '.join(absent)}",
               "restore them with `git checkout -- datasets/` or `make datasets`")
    except Exception as exc:
        report(False, f"datasets not found ({exc})".split("\n")[0], "run from a clone of the course, installed with `make lab`")
    folder = files.project_root() / "exercises"
    try:
        with tempfile.NamedTemporaryFile(dir=folder if folder.is_dir() else None):
            pass
        report(True, f"can write to {folder.name}/")
    except OSError:
        report(False, f"cannot write to {folder}", "copy the course to a folder you own (e.g. your home folder)")
    out("All good: open notebooks/00_start_here.ipynb." if not problems else f"{problems} problem(s) found.")
    return problems


def add_arguments(parser) -> None:
    """``service-course doctor`` takes no arguments."""


def run(args) -> int:
    return 1 if doctor() else 0
