"""Sphinx configuration of the course website, for one language (``COURSE_SITE_LANG``: en or zh).

``site/build_site.py`` stages the sources and runs Sphinx once per language with this file; see its
docstring. Notebooks are rendered as committed (executed), never executed here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_site as site  # noqa: E402

LANG = os.environ.get("COURSE_SITE_LANG", "en")
EDITION = site.LANGS[LANG]
TEXT = site.TEXT[LANG]
SETTINGS = site.settings()

project = TEXT["title"]
author = "Service Excellence course team"
copyright = "Service Excellence course team · course content CC BY 4.0, code MIT"
language = EDITION["sphinx"]

extensions = ["myst_nb"]
nb_execution_mode = "off"            # the notebooks are committed executed
nb_merge_streams = True
myst_enable_extensions = ["dollarmath"]
myst_heading_anchors = 3             # GitHub-style anchors: the links between pages and in the guide use them
nitpicky = True

templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_js_files = ["course.js"]
html_theme = "sphinx_book_theme"
html_title = TEXT["short_title"]
html_copy_source = True              # the download buttons; build_site puts the committed notebooks there
html_sourcelink_suffix = ""
html_show_sourcelink = False
html_last_updated_fmt = None
html_baseurl = f"{SETTINGS.url.rstrip('/')}/{LANG}/" if SETTINGS.url else ""
html_math_renderer = "course_mathml"  # MathML made at build time: no MathJax from a CDN
html_search_language = "zh" if LANG == "zh" else "en"
if LANG == "zh":  # jieba segments the Chinese text; the course's terms are words of its dictionary
    html_search_options = {"dict": str(site.BUILD / "src" / "zh" / "_search_terms.txt")}
exclude_patterns = ["_search_terms.txt"]

html_theme_options = {
    "repository_url": SETTINGS.repository,
    "repository_branch": SETTINGS.branch,
    "path_to_docs": EDITION["prefix"].rstrip("/"),
    "use_repository_button": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_edit_page_button": False,
    "use_issues_button": False,
    "use_source_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "article_header_start": ["toggle-primary-sidebar.html", "course-lang-switch.html"],
    # launch buttons: added below (one link format for the whole project: README's badge and hub-link's)
    "launch_buttons": {},
}


# --------------------------------------------------------------------------- MathML renderer
def _mathml(latex: str, block: bool) -> str:
    from docutils.utils.math.latex2mathml import tex2mathml

    return tex2mathml(latex, as_block=block)


def _visit_math(self, node) -> None:
    from docutils import nodes

    self.body.append(_mathml(node.astext(), False))
    raise nodes.SkipNode


def _visit_displaymath(self, node) -> None:
    from docutils import nodes

    self.body.append(f'<div class="math-wrapper">{_mathml(node.astext(), True)}</div>')
    raise nodes.SkipNode


# --------------------------------------------------------------------------- per-page context
def _page_context(app, pagename, templatename, context, doctree) -> None:
    """Language switch on every page; launch buttons (Binder, JupyterHub, download) on notebook pages."""
    depth = pagename.count("/")
    other = EDITION["other"]
    context["course_lang_switch"] = {
        "href": "../" * (depth + 1) + f"{other}/{pagename}.html",
        "label": TEXT["switch"], "title": TEXT["switch_title"],
        "hreflang": "zh-CN" if other == "zh" else "en", "lang": "zh-CN" if other == "zh" else "en",
    }
    try:
        source = Path(app.env.doc2path(pagename))
    except Exception:  # noqa: BLE001 - generated pages (search, genindex) have no source
        return
    if source.suffix != ".ipynb":
        return
    repo_path = EDITION["prefix"] + pagename + ".ipynb"
    binder = site.binder_url(repo_path, SETTINGS)
    hub = site.jupyterhub_url(repo_path, SETTINGS) or \
        context["pathto"]("launch/jupyterhub") + "?path=" + repo_path
    download = context["pathto"]("_sources/" + pagename + ".ipynb", 1)
    name = pagename.rsplit("/", 1)[-1] + ".ipynb"
    context["course_launch"] = {
        "label": TEXT["launch"],
        "buttons": [
            {"kind": "binder", "href": binder, "text": TEXT["binder"], "title": TEXT["binder_tip"], "download": ""},
            {"kind": "jupyterhub", "href": hub, "text": TEXT["jupyterhub"], "title": TEXT["hub_tip"], "download": ""},
            {"kind": "download", "href": download, "text": TEXT["download"], "title": TEXT["download_tip"],
             "download": name},
        ],
    }


def _header_launch_buttons(app, pagename, templatename, context, doctree) -> None:
    """The same launch links in the theme's header dropdown (the rocket), after the theme made its buttons."""
    launch = context.get("course_launch")
    buttons = context.get("header_buttons")
    if launch and buttons is not None:
        binder, hub = (b["href"] for b in launch["buttons"][:2])
        buttons.append({
            "type": "group", "tooltip": TEXT["launch"].rstrip(":："), "icon": "fas fa-rocket", "label": "launch-buttons",
            "buttons": [
                {"type": "link", "text": "Binder", "tooltip": TEXT["binder_tip"], "icon": "_static/images/logo_binder.svg",
                 "url": binder, "label": "binder"},
                {"type": "link", "text": "JupyterHub", "tooltip": TEXT["hub_tip"],
                 "icon": "_static/images/logo_jupyterhub.svg", "url": hub, "label": "jupyterhub"},
            ],
        })


def setup(app):
    app.add_html_math_renderer("course_mathml", (_visit_math, None), (_visit_displaymath, None))
    if LANG == "zh":
        from sphinx.search.zh import SearchChinese

        class CourseSearchChinese(SearchChinese):
            # Sphinx 9.0 writes "window.Stemmer = <language_name>Stemmer" into language_data.js, but the
            # Chinese search ships the English stemmer (for Latin words): "ChineseStemmer is not defined"
            # and no search at all (sphinx-doc/sphinx#14229, fixed upstream by PR #14416).
            language_name = "English"

        app.add_search_language(CourseSearchChinese)
    # before the theme drops templates that render empty (the language switch needs its context) ...
    app.connect("html-page-context", _page_context, priority=450)
    # ... and after the theme made its header buttons (priority 501)
    app.connect("html-page-context", _header_launch_buttons, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
