"""Build the translated editions (zh/…) from the English notebooks and documents and the translation catalogues.

    service-course editions                       build and execute every notebook whose catalogue exists,
                                                  and write the translated documents (zh/datasets/README.md,
                                                  zh/instructor/GUIDE.md)
    service-course editions --catalogues          only bring the catalogues up to date with the English
                                                  (the notebooks' and the library's, whose .mo it compiles)
    service-course editions --catalogues --new notebooks/03_servqual.ipynb   start translating a notebook
    service-course editions --catalogues --new instructor/GUIDE.md          … or a document

A notebook is part of an edition once its catalogue exists (``translations/<locale>/…/<name>.po``;
``--catalogues --new`` creates the catalogues of notebooks that have none). A notebook whose
translated sources are unchanged keeps its executed outputs; a changed one is written afresh and
executed in a fresh kernel. The edition's exercises are then generated from its solutions. A markdown
document (``datasets/README.md``, ``instructor/GUIDE.md``) is translated the same way, without execution
(its catalogue is ``translations/<locale>/docs/<folder>_<name>.po``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .. import files

__all__ = ["add_arguments", "run", "build"]


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*",
                        help="English notebooks or documents (default: every lesson, solution and document)")
    parser.add_argument("--lang", default="zh", help="the edition (default: zh)")
    parser.add_argument("--catalogues", action="store_true",
                        help="only update the catalogues from the English sources (new, fuzzy, obsolete entries)")
    parser.add_argument("--new", action="store_true", help="with --catalogues: also create missing catalogues")
    parser.add_argument("--no-execute", dest="execute", action="store_false", help="write the notebooks only")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)


def _same_sources(a, b) -> bool:
    def key(nb):
        return [(c.cell_type, c.get("id"), c.source, sorted(c.metadata.get("tags", []))) for c in nb.cells]

    return key(a) == key(b) and a.metadata.get("course_edition") == b.metadata.get("course_edition")


def build(paths, lang: str = "zh", *, catalogues: bool = False, new: bool = False, execute: bool = True,
          jobs: int = 1, out=print) -> int:
    """Build the edition; return the number of notebooks that could not be built."""
    import nbformat

    from ..authoring import build_all
    from ..editions import (EditionError, catalogue_path, doc_sources, edition_path, is_document, sources,
                            translate_document, translate_notebook, update_catalogue, update_library_catalogue)

    root = files.project_root()
    chosen = [Path(p).resolve() for p in paths] or sources(root) + doc_sources(root)
    if catalogues:
        if not paths:
            out(f"catalogue  {update_library_catalogue(lang, root).relative_to(root)} (+ .mo)")
        for source in chosen:
            if new or catalogue_path(source, lang, root).exists():
                out(f"catalogue  {update_catalogue(source, lang, root).relative_to(root)}")
        return 0
    failed, written = 0, []
    for source in chosen:
        if not catalogue_path(source, lang, root).exists():
            continue
        target = edition_path(source, lang, root)
        if is_document(source):
            try:
                text = translate_document(source, lang, root)
            except EditionError as exc:
                out(f"not ready  {target.relative_to(root)}\n  {exc}")
                failed += 1
                continue
            if target.exists() and target.read_text(encoding="utf-8") == text:
                out(f"unchanged  {target.relative_to(root)}")
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                files.atomic_write(target, text)
                out(f"written    {target.relative_to(root)}")
            continue
        try:
            nb = translate_notebook(source, lang, root)
        except EditionError as exc:
            out(f"not ready  {target.relative_to(root)}\n  {exc}")
            failed += 1
            continue
        if target.exists() and _same_sources(nb, nbformat.read(target, as_version=4)):
            out(f"unchanged  {target.relative_to(root)}")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        files.atomic_write(target, nbformat.writes(nb) + "\n")
        written.append(target)
        out(f"written    {target.relative_to(root)}")
    if execute and written:
        from ..runner import Job, run_jobs

        with tempfile.TemporaryDirectory() as tmp:
            results = run_jobs([Job.for_notebook(p, tmp) for p in written], n_jobs=jobs, progress=False)
            for r in results:
                if r.ok:
                    files.atomic_write(r.source, Path(r.output).read_bytes())
                    out(f"executed   {Path(r.source).relative_to(root)}")
                else:
                    out(f"FAILED     {Path(r.source).relative_to(root)}\n{r.error}")
                    failed += 1
    if (root / lang / "solutions").is_dir():
        for r in build_all(root / lang):
            out(f"{r.status:<10} {r.exercise.relative_to(root)}")
            failed += r.status == "refused"
    return failed


def run(args) -> int:
    return 1 if build(args.paths, args.lang, catalogues=args.catalogues, new=args.new, execute=args.execute,
                      jobs=args.jobs) else 0
