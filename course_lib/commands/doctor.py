"""Check this machine can run the course: Python, packages, kernel, Chinese font, datasets, a writable folder.

    service-course doctor               in the chosen language ($COURSE_LANG, else English)
    service-course doctor --lang zh     in Chinese
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import tempfile
import warnings

from .. import files
from ..lang import T, check_lang

__all__ = ["doctor", "add_arguments", "run"]

REQUIRED = ["pandas", "numpy", "scipy", "matplotlib", "ipywidgets", "jupyterlab", "papermill",
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


def doctor(out=print, lang: str | None = None) -> int:
    """Check the set-up, one line per item, in ``lang`` (default: the chosen language, as in a
    notebook after ``cl.setup(lang=...)``, else ``$COURSE_LANG``); return the number of problems."""
    from importlib import metadata

    lang = check_lang(lang)
    problems = 0
    ok_mark, fail_mark = T("ok", context="doctor").render(lang), T("FAIL", context="doctor").render(lang)
    width = max(len(ok_mark.encode("gbk", "replace")), len(fail_mark.encode("gbk", "replace")))

    def mark(text: str) -> str:  # pad to the same display width (a Chinese character is two columns)
        return text + " " * (width - len(text.encode("gbk", "replace")))

    def report(ok: bool, what: T | str, fix: T | str = "") -> None:
        nonlocal problems
        what = what.render(lang) if isinstance(what, T) else what
        line = f"  {mark(ok_mark if ok else fail_mark)} {what}"
        if not ok and fix:
            fix = fix.render(lang) if isinstance(fix, T) else fix
            line += "\n" + " " * (width + 3) + T("fix: {fix}", context="doctor", fix=fix).render(lang)
        out(line)
        problems += not ok

    out(T("Service Excellence course: environment check").render(lang))
    v = sys.version_info
    report(v >= (3, 11), T("Python {version} (3.11 or newer needed)", version=f"{v.major}.{v.minor}.{v.micro}"),
           T("install Python 3.11+ and recreate the environment (make lab)"))
    pins = _pinned()
    dist_names = {"yaml": "pyyaml", "charset_normalizer": "charset-normalizer", "fontTools": "fonttools"}
    for module in REQUIRED:
        dist = dist_names.get(module, module)
        try:  # found and installed, without importing it: importing jupyterlab or nbconvert to check
            # them would cost the notebook cell seconds (their whole server stacks)
            if module not in sys.modules and importlib.util.find_spec(module) is None:
                raise ModuleNotFoundError(module)
            version = metadata.version(dist)
        except Exception as exc:  # missing or broken package
            report(False, T("{package} cannot be imported ({error})", package=dist, error=type(exc).__name__),
                   T("run `make lab` (or `pip install -c constraints.txt -e .`) in the course folder"))
            continue
        pin = pins.get(dist)
        if pin in (None, version):
            report(True, f"{dist} {version}")
        else:
            report(True, T("{package} {version} (course outputs were made with {pin}; results may differ slightly)",
                           package=dist, version=version, pin=pin))
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        specs = KernelSpecManager().find_kernel_specs()
        report("python3" in specs, T("Jupyter kernel 'python3' available"),
               f"{sys.executable} -m ipykernel install --sys-prefix")
    except Exception as exc:
        report(False, T("Jupyter kernels cannot be listed ({error})", error=exc), T("reinstall with `make lab`"))
    from .. import style

    if not style.font_path().exists():
        report(False, T("Chinese plot font file missing ({name})", name=style.font_path().name),
               T("restore it with `git checkout -- course_lib/fonts/` and reinstall (make lab)"))
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
            report(not missing, T("Chinese plot font ({font}) renders", font=style.FONT_FAMILY),
                   T("delete matplotlib's font cache (~/.cache/matplotlib) and restart the kernel"))
        except Exception as exc:
            report(False, T("plotting does not work ({error})", error=f"{type(exc).__name__}: {exc}"),
                   T("reinstall matplotlib with `make lab`"))
    try:
        from .. import data

        entries = data.catalog()
        absent = [n for n, e in entries.items() if not (data.datasets_dir() / e["file"]).exists()]
        report(not absent, T("{n} datasets catalogued, all files present", n=len(entries)) if not absent
               else T("dataset files missing: {names}", names=", ".join(absent)),
               T("restore them with `git checkout -- datasets/` or `make datasets`"))
    except Exception as exc:
        report(False, T("datasets not found ({error})", error=str(exc).split("\n")[0]),
               T("run from a clone of the course, installed with `make lab`"))
    folder = files.project_root() / "exercises"
    try:
        with tempfile.NamedTemporaryFile(dir=folder if folder.is_dir() else None):
            pass
        report(True, T("can write to {folder}/", folder=folder.name))
    except OSError:
        report(False, T("cannot write to {folder}", folder=folder),
               T("copy the course to a folder you own (e.g. your home folder)"))
    out((T("All good: open {start}.", start=files.start_page(lang)) if not problems
         else T("{n} problem(s) found.", n=problems)).render(lang))
    return problems


def add_arguments(parser) -> None:
    from ..lang import LANGS

    parser.add_argument("--lang", default=None, choices=list(LANGS),
                        help="language of the check (default: $COURSE_LANG, else en)")


def run(args) -> int:
    return 1 if doctor(lang=getattr(args, "lang", None)) else 0
