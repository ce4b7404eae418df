"""Offline reveal.js slides from the lessons: ``service-course slides``.

    service-course slides                          every lesson in notebooks/ → slides/
    service-course slides notebooks/03_servqual.ipynb --out /tmp/slides
    service-course slides --lang zh                every lesson of the Chinese edition → slides/zh/

Each lesson becomes ``<out>/<lesson>.slides.html`` and the bundled reveal.js
(:file:`course_lib/static/reveal/`, version and licence in its ``README.md``) is
copied to ``<out>/reveal/``, so the folder opens in a browser with no network: on
a projector laptop, from a USB stick, in a room without Wi-Fi. The course's Chinese
font (Noto Sans CJK SC, SIL OFL) is copied to ``<out>/reveal/fonts/`` and used only
when the presenting machine has no CJK font (``--no-font`` leaves it out: 16 MB).

How it works
------------
* nbconvert's :class:`~nbconvert.exporters.SlidesExporter` renders the notebook
  with a small template that extends its ``reveal`` template and drops every
  remote piece: jQuery, require.js, Mermaid, MathJax and the widget manager
  (all loaded from CDNs by default). reveal.js and its speaker-notes plugin
  (press ``S``) load from the local copy.
* Slide breaks: if the notebook has no ``slideshow`` cell metadata, every
  markdown cell that starts with a heading starts a new slide (:func:`add_slide_breaks`);
  otherwise the author's metadata is kept as it is.
* Long slides scroll.
* After rendering, :func:`remote_loads` lists anything that would still load
  over the network (``script``/``link``/``img``/``iframe``/``source`` URLs and
  CSS ``url(http…)``/``@import``); remote images in markdown are replaced by a
  link, and any remaining remote load stops the build with an error.

LaTeX in markdown stays as typed (``$…$``): MathJax is not bundled.
Interactive widgets do not run in slides; they show their static view (the picture of
their starting settings, see :func:`course_lib.runner.static_widget`) under a short note.

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"),
...      nbformat.v4.new_code_cell("1 + 1"), nbformat.v4.new_markdown_cell("## Part 2\\ntext")])
>>> [c.metadata["slideshow"]["slide_type"] for c in add_slide_breaks(nb).cells]
['slide', '-', 'slide']
>>> remote_loads('<script src="https://cdn.example.org/x.js"></script><img src="data:image/png;base64,AA">')
['script src=https://cdn.example.org/x.js']
"""

from __future__ import annotations

import copy
import re
import shutil
import sys
from importlib import resources
from pathlib import Path

from .offline import local_references, remote_loads  # noqa: F401  (public here too)
from .files import atomic_write

__all__ = [
    "REVEAL_VERSION",
    "REVEAL_FILES",
    "reveal_dir",
    "add_slide_breaks",
    "remote_loads",
    "local_references",
    "notebook_to_slides",
    "build_slides",
    "add_arguments",
    "run",
]

REVEAL_VERSION = "5.2.1"
#: The bundled files, relative to :func:`reveal_dir` (and to ``<out>/reveal/``).
REVEAL_FILES = ("dist/reveal.js", "dist/reveal.css", "dist/theme/white.css", "plugin/notes/notes.js",
                "LICENSE", "README.md")
_THEME = "white"
_FOLDER = "reveal"  # name of the copy next to the slides
_FONT_DIR = "fonts"  # inside the copy: the course's CJK font (course_lib/fonts), SIL OFL 1.1
_FONT = "NotoSansCJKsc-Regular.otf"

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")

# Extends nbconvert's reveal template; every block that loads something from a CDN is replaced.
_TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_css -%}
<style type="text/css">
{%- if resources.course_font %}
@font-face {
    font-family: "Course CJK";
    src: local("Noto Sans CJK SC"), local("Source Han Sans SC"), url("{{ resources.course_font }}") format("opentype");
    unicode-range: U+2E80-2FFF, U+3000-303F, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FF00-FFEF;
}
html:root {
    --r-main-font: "Course CJK", "Source Sans Pro", Helvetica, sans-serif;
    --r-heading-font: "Course CJK", "Source Sans Pro", Helvetica, sans-serif;
    --jp-content-font-family: "Course CJK", system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
    --jp-ui-font-family: "Course CJK", system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
    --jp-code-font-family: Menlo, Consolas, "DejaVu Sans Mono", monospace, "Course CJK";
}
{%- endif %}
.reveal .slides { text-align: left; }
.reveal .slides h1, .reveal .slides h2, .reveal .slides h3 { text-transform: none; }
.reveal section.course-scroll { overflow-y: auto; }
.reveal .jp-RenderedImage img { max-height: 560px; }
</style>
{%- endblock html_head_css -%}
{% block footer_js %}
<script src="{{ resources.reveal.url_prefix }}/dist/reveal.js"></script>
<script src="{{ resources.reveal.url_prefix }}/plugin/notes/notes.js"></script>
<script>
Reveal.initialize({
    controls: true,
    progress: true,
    history: true,
    hash: true,
    transition: "{{ resources.reveal.transition | default('slide', true) }}",
    slideNumber: "c/t",
    plugins: [RevealNotes],
    width: 1200,
    height: 800
});
// Long slides scroll instead of running off the screen.
function courseScroll() {
    var limit = document.querySelector('.reveal').clientHeight * 0.95;
    document.querySelectorAll('.reveal .slides section').forEach(function (s) {
        if (s.querySelector('section') === null && s.scrollHeight > limit) {
            s.classList.add('course-scroll');
            s.style.height = '95vh';
            s.style.top = '0px';
        }
    });
}
Reveal.on('ready', courseScroll);
Reveal.on('slidechanged', courseScroll);
</script>
{% endblock footer_js %}
"""


def reveal_dir() -> Path:
    """Folder of the bundled reveal.js (``course_lib/static/reveal``)."""
    return Path(str(resources.files("course_lib") / "static" / "reveal"))


def _has_slide_metadata(nb) -> bool:
    return any("slide_type" in cell.metadata.get("slideshow", {}) for cell in nb.cells)


def add_slide_breaks(nb):
    """Return a copy of ``nb`` in which each markdown heading starts a slide.

    A notebook that already has ``slideshow`` metadata on any cell is returned
    unchanged (as a copy): the author's choice wins. Otherwise a markdown cell
    whose first line is a heading (``#`` … ``######``) becomes ``"slide"``, the
    first cell always starts a slide, and every other cell continues the
    current slide (``"-"``). Cells tagged ``remove-slide`` are skipped.
    """
    nb = copy.deepcopy(nb)
    if _has_slide_metadata(nb):
        return nb
    for i, cell in enumerate(nb.cells):
        kind = "-"
        if i == 0 or (cell.cell_type == "markdown" and _HEADING.match(cell.source.lstrip("\n"))):
            kind = "slide"
        if "remove-slide" in cell.metadata.get("tags", []):
            kind = "skip"
        cell.metadata["slideshow"] = {"slide_type": kind}
    return nb


def _widget_note(lang: str) -> str:
    from .lang import T

    title = T("Interactive widget").render(lang)
    text = T("run this cell in JupyterLab to move its controls (live demo).").render(lang)
    return f'<p class="course-widget"><b>{title}</b>: {text}</p>'


def _replace_widgets(nb):
    """Widgets cannot run in a static page: a short note, then their static view (picture or table)."""
    from nbformat.v4 import new_output

    from .runner import static_widget

    note = _widget_note(nb.metadata.get("course_edition", {}).get("lang", "en"))  # a Chinese edition's deck: Chinese
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.outputs:
            if static_widget(output):
                outputs.append(new_output("display_data", {"text/html": note}))
                if set(output["data"]) <= {"text/plain"}:  # no picture or table: the note is enough
                    continue
            outputs.append(output)
        cell.outputs = outputs
    return nb


_REMOTE_IMG = re.compile(r"""<img\b[^>]*\bsrc=["']((?:https?:)?//[^"']+)["'][^>]*>""", re.I)


def _strip_remote_images(html: str) -> str:
    def link(match: re.Match) -> str:
        alt = re.search(r"""\balt=["']([^"']*)["']""", match.group(0))
        text = (alt.group(1) if alt and alt.group(1) else "image")
        return f'<a href="{match.group(1)}">[{text}: online image, not included offline]</a>'

    return _REMOTE_IMG.sub(link, html)


def _exporter():
    from jinja2 import DictLoader
    from nbconvert.exporters import SlidesExporter

    return SlidesExporter(
        extra_loaders=[DictLoader({"course_slides.html.j2": _TEMPLATE})],
        template_file="course_slides.html.j2",
        reveal_url_prefix=_FOLDER,
        reveal_theme=_THEME,
        reveal_transition="none",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def notebook_to_slides(notebook: str | Path, *, font: bool = True) -> str:
    """Render one notebook as an offline reveal.js page; return the HTML text.

    The page expects the bundled reveal.js in a ``reveal/`` folder next to it
    (:func:`build_slides` puts it there). With ``font=True`` Chinese text uses
    the course's Noto Sans CJK SC font from ``reveal/fonts/`` when the machine
    has no such font installed, so it never shows as empty boxes.
    """
    import nbformat

    from .errors import CourseDataError

    path = Path(notebook)
    try:
        nb = nbformat.read(path, as_version=4)
    except FileNotFoundError:
        raise CourseDataError("notebook not found", source=str(path),
                              fix="give the path of a lesson, e.g. notebooks/03_servqual.ipynb") from None
    except Exception as exc:  # not JSON, not a notebook
        raise CourseDataError(f"not a readable Jupyter notebook ({type(exc).__name__})", source=str(path),
                              expected="an .ipynb file saved by Jupyter",
                              fix="open it in JupyterLab and save it again, or restore it from git") from None
    nb = _replace_widgets(add_slide_breaks(nb))
    resources = {"metadata": {"name": path.stem}, "course_font": f"{_FOLDER}/{_FONT_DIR}/{_FONT}" if font else ""}
    html, _ = _exporter().from_notebook_node(nb, resources=resources)
    html = _strip_remote_images(html)
    left = remote_loads(html)
    if left:
        raise RuntimeError(f"{path.name}: the slides would still load from the network: {'; '.join(left[:5])}")
    return html


def _copy_reveal(out: Path, font: bool) -> Path:
    dest = out / _FOLDER
    src = reveal_dir()
    for rel in REVEAL_FILES:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / rel, target)
    if font:
        from . import style

        fonts = dest / _FONT_DIR
        fonts.mkdir(exist_ok=True)
        for path in (style.font_path(), style.font_path().with_name("OFL.txt")):
            target = fonts / path.name
            if not target.exists() or target.stat().st_size != path.stat().st_size:
                shutil.copyfile(path, target)
    return dest


def build_slides(notebooks, out: str | Path, progress=None, *, font: bool = True) -> list[Path]:
    """Write ``<out>/<stem>.slides.html`` for each notebook and the reveal.js copy; return the pages.

    Each page is written to a temporary file and renamed, so a failed build never
    leaves a half-written page behind. ``progress(page)``, if given, is called
    after each page. ``font=False`` leaves out the 16 MB Chinese font (the
    slides then rely on the fonts installed on the presenting machine).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _copy_reveal(out, font)
    pages = []
    for nb in notebooks:
        nb = Path(nb)
        html = notebook_to_slides(nb, font=font)
        page = out / f"{nb.stem}.slides.html"
        atomic_write(page, html)
        pages.append(page)
        if progress is not None:
            progress(page)
    return pages


# --------------------------------------------------------------------------- command line
def add_arguments(parser) -> None:
    """Define the arguments of ``service-course slides``."""
    parser.add_argument("notebooks", nargs="*", help="lessons or folders (default: every lesson of the edition)")
    parser.add_argument("--lang", choices=["en", "zh"], default="en",
                        help="the edition when no lesson is named: en (notebooks/ → slides/) or zh (zh/notebooks/ → slides/zh/)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: slides/ in the course folder)")
    parser.add_argument("--no-font", dest="font", action="store_false",
                        help="do not copy the 16 MB Chinese font (use the fonts of the presenting machine)")


def run(args) -> int:
    """Build the slides; print one line per page; return the exit code."""
    from .errors import CourseDataError
    from .files import edition_root, find_notebooks, project_root

    lang = getattr(args, "lang", "en")
    notebooks = find_notebooks(args.notebooks, (edition_root(Path("."), lang) / "notebooks",))
    out = args.out if args.out is not None else edition_root(project_root() / "slides", lang)
    try:
        pages = build_slides(notebooks, out, progress=lambda page: print(f"  wrote {page}"), font=args.font)
    except (CourseDataError, RuntimeError) as exc:
        print(f"service-course slides: {exc}", file=sys.stderr)
        return 1
    print(f"{len(pages)} slide deck(s) in {out} (reveal.js {REVEAL_VERSION}, works offline; open in a browser, "
          "press S for speaker notes)")
    return 0
