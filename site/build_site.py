"""Build the course website (``make site``): English and Chinese, from the committed, executed notebooks.

    python site/build_site.py            # both languages into site/_build/html (skipped when nothing changed)
    python site/build_site.py --force    # build again even if the inputs did not change

What it does, with no network:

1. **Stage** each edition's pages into ``site/_build/src/<lang>/`` in the repository's own layout
   (``notebooks/``, ``exercises/``, ``datasets/README.md``, ``instructor/GUIDE.md``), so that relative links
   between notebooks keep working. The committed files are never touched; the staged copies get:
   links to the other edition made into links to its pages, links to solutions and other repository
   files made into links to the repository (solutions are not on the site), and author–year citations
   linked to the entry in the lesson's references list. Generated pages are added: the start page with
   the table of contents, the concept map (``course_map/*.yml``), all references, the quizzes *without*
   their answer keys, and the JupyterHub launch page.
2. **Build** each language with Sphinx (sphinx-book-theme, myst-nb; notebooks are not executed), warnings
   as errors (``-W --keep-going -n``). Chinese search segments words with jieba, with the course's
   terms (``translations/zh_CN/terms.yml``, the concept map) as its user dictionary.
3. **Finish**: subset the course's font (``course_lib/fonts``) to the characters each language's pages use
   and ship it as a web font; put the *committed* notebooks where the download buttons point; write the
   language-choice page ``index.html`` and ``.nojekyll`` (GitHub Pages).
4. **Check** the result (:func:`check_site`): every relative link and fragment resolves, nothing is loaded
   from another host, no quiz answer or solution is on the site. A problem fails the build.

Settings are in ``site/settings.toml``; the repository address comes from ``pyproject.toml``.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent
BUILD = SITE / "_build"
HTML = BUILD / "html"
FONT = ROOT / "course_lib" / "fonts" / "NotoSansCJKsc-Regular.otf"
FONT_FAMILY = "Course Sans"
FONT_FILE = "course-sans.woff"
DIGEST_FILE = ".course-site.json"

#: language → edition folder (relative to the repository) and Sphinx's language code
LANGS = {"en": {"prefix": "", "sphinx": "en", "other": "zh"},
         "zh": {"prefix": "zh/", "sphinx": "zh_CN", "other": "en"}}
# markdown documents on the site (zh/<doc> when translated); the checked bibliography when there is one
DOCS = ("datasets/README.md", "instructor/GUIDE.md", "notebooks/REFERENCES.md")


def docs() -> list[str]:
    return [d for d in DOCS if (ROOT / d).exists()]

# Texts of the generated pages and of the site's own controls.
TEXT = {
    "en": {
        "title": "Service Excellence: a hands-on Jupyter course",
        "short_title": "Service Excellence",
        "switch": "中文", "switch_title": "本页的中文版",
        "start": "Start here", "lessons": "Lessons", "exercises": "Exercises",
        "reference": "Reference", "instructors": "For instructors",
        "concept_map": "Concept map", "references": "References", "quizzes": "Quizzes",
        "launch": "Open this notebook:", "binder": "Binder", "jupyterhub": "JupyterHub",
        "download": "Download .ipynb",
        "binder_tip": "Run it on mybinder.org (nothing to install; work is not kept)",
        "hub_tip": "Open it on a JupyterHub (your own copy, kept between sessions)",
        "download_tip": "The notebook file, as committed (outputs included)",
        "cited_in": "cited in",
        "english_only": "",
        "quiz_note": ("A short multiple-choice quiz for the start (pre) and the end (post) of the lesson. "
                      "The answer key is not on the website: it is in the course repository "
                      "(`instructor/quizzes/`), for instructors; `course_lib.quiz` scores a room's answers "
                      "(see the [instructor guide](../GUIDE.md{quiz_anchor}))."),
    },
    "zh": {
        "title": "卓越服务实战课程",
        "short_title": "卓越服务实战课程",
        "switch": "English", "switch_title": "English version of this page",
        "start": "从这里开始", "lessons": "课程", "exercises": "练习",
        "reference": "参考资料", "instructors": "讲师专区",
        "concept_map": "概念地图", "references": "参考文献", "quizzes": "课前/课后小测",
        "launch": "打开这个笔记本：", "binder": "Binder", "jupyterhub": "JupyterHub",
        "download": "下载 .ipynb",
        "binder_tip": "在 mybinder.org 上运行（无需安装；会话结束后不保留）",
        "hub_tip": "在 JupyterHub 上打开（你自己的副本，会一直保留）",
        "download_tip": "笔记本文件（即仓库中的版本，含运行结果）",
        "cited_in": "引用于",
        "english_only": "（本页目前只有英文版。）",
        "quiz_note": ("用于课前（前测）和课后（后测）的简短选择题。网站上不公布答案：答案在课程仓库的 "
                      "`instructor/quizzes/` 中，供讲师使用；`course_lib.quiz` 可以为全班的作答计分"
                      "（见[讲师手册](../GUIDE.md{quiz_anchor})）。"),
    },
}


# --------------------------------------------------------------------------- settings
@dataclass(frozen=True)
class Settings:
    repository: str        # https://github.com/owner/name (pyproject.toml)
    binderhub: str
    jupyterhub: str        # "" → the site's own JupyterHub page asks for the address
    branch: str
    url: str

    @property
    def owner_name(self) -> str:
        return self.repository.removeprefix("https://github.com/").strip("/")


def settings() -> Settings:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    conf = tomllib.loads((SITE / "settings.toml").read_text(encoding="utf-8"))
    return Settings(
        repository=pyproject["project"]["urls"]["Repository"].rstrip("/"),
        binderhub=conf["launch"]["binderhub"].rstrip("/"),
        jupyterhub=os.environ.get("COURSE_JUPYTERHUB_URL", conf["launch"]["jupyterhub"]).rstrip("/"),
        branch=conf["launch"]["branch"],
        url=os.environ.get("COURSE_SITE_URL", conf["site"]["url"]),
    )


def binder_url(path: str, s: Settings | None = None) -> str:
    """Binder link that opens ``path`` (relative to the repository) in JupyterLab, like README's badge."""
    s = s or settings()
    return f"{s.binderhub}/v2/gh/{s.owner_name}/HEAD?labpath={quote(path, safe='')}"


def jupyterhub_url(path: str, s: Settings | None = None) -> str | None:
    """nbgitpuller link (``service-course hub-link``'s format) or ``None`` when no hub is set."""
    s = s or settings()
    if not s.jupyterhub:
        return None
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from course_lib.commands.hub_link import hub_link

    return hub_link(s.jupyterhub, repo=s.repository, branch=s.branch, path=path)


def repo_file_url(path: str, s: Settings | None = None) -> str:
    s = s or settings()
    return f"{s.repository}/blob/{s.branch}/{path}"


# --------------------------------------------------------------------------- what the site is built from
def edition_file(lang: str, rel: str) -> Path:
    """The file of edition ``lang`` for repository path ``rel`` (a Chinese document falls back to English)."""
    path = ROOT / (LANGS[lang]["prefix"] + rel)
    return path if path.exists() or lang == "en" else ROOT / rel


def pages(lang: str) -> dict[str, Path]:
    """Notebooks on the site: staged path (``notebooks/03_servqual.ipynb``) → committed file."""
    base = ROOT / LANGS[lang]["prefix"].rstrip("/") if LANGS[lang]["prefix"] else ROOT
    found = {}
    for folder in ("notebooks", "exercises"):
        for path in sorted((base / folder).glob("[0-9][0-9]_*.ipynb")):
            found[f"{folder}/{path.name}"] = path
    return found


def inputs() -> list[Path]:
    """Every file the site is built from (for the up-to-date check)."""
    files = [ROOT / "pyproject.toml", FONT]
    for lang in LANGS:
        files += list(pages(lang).values()) + [edition_file(lang, d) for d in docs()]
    files += sorted((ROOT / "course_map").glob("*.yml")) + sorted((ROOT / "instructor" / "quizzes").glob("*.yml"))
    files += [ROOT / "translations" / "zh_CN" / "terms.yml"]
    files += sorted((ROOT / "course_lib").rglob("*.py"))   # quizzes, hub links, the concept map's source lines
    files += sorted(p for p in SITE.rglob("*") if p.is_file() and "_build" not in p.parts
                    and "__pycache__" not in p.parts)
    return sorted(set(f for f in files if f.exists()))


def inputs_digest() -> str:
    h = hashlib.sha256()
    for path in inputs():
        h.update(path.relative_to(ROOT).as_posix().encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    h.update(os.environ.get("COURSE_JUPYTERHUB_URL", "").encode())
    h.update(os.environ.get("COURSE_SITE_URL", "").encode())
    return h.hexdigest()


def is_fresh(out: Path = HTML) -> bool:
    """True when ``out`` was built from the current inputs (and passed its checks)."""
    try:
        return json.loads((out / DIGEST_FILE).read_text())["inputs"] == inputs_digest()
    except (OSError, ValueError, KeyError):
        return False


# --------------------------------------------------------------------------- markdown helpers
_FENCE = re.compile(r"^\s*(```|~~~)")
_LINK = re.compile(r"(?<!!)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<target>[^)\s]+)\)")
_CODE = re.compile(r"`[^`\n]*`")


def headings(markdown_cells: list[str]) -> list[tuple[int, str]]:
    """(level, text) of every markdown heading, in order, outside fenced code."""
    out = []
    for source in markdown_cells:
        fenced = False
        for line in source.splitlines():
            if _FENCE.match(line):
                fenced = not fenced
            elif not fenced:
                m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
                if m:
                    out.append((len(m.group(1)), m.group(2)))
    return out


def slugs(titles: list[str]) -> list[str]:
    """The HTML anchors MyST gives these headings of one page (GitHub-style, made unique)."""
    from myst_parser.slugs import github_slugify

    seen: set[str] = set()
    out = []
    for title in titles:
        plain = _LINK.sub(lambda m: m.group("text"), title).replace("`", "")
        plain = re.sub(r"(\*\*|__|\*)", "", plain)
        slug = base = github_slugify(plain)
        i = 1
        while slug in seen:
            slug = f"{base}-{i}"
            i += 1
        seen.add(slug)
        out.append(slug)
    return out


def markdown_cells(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def outside_code(text: str, fn) -> str:
    """Apply ``fn`` to the parts of ``text`` outside inline code spans."""
    out, last = [], 0
    for m in _CODE.finditer(text):
        out.append(fn(text[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(fn(text[last:]))
    return "".join(out)


# --------------------------------------------------------------------------- links
def site_target(lang: str, real: Path, fragment: str, here_staged: str, s: Settings) -> tuple[str, str] | None:
    """Where a link to repository file ``real`` goes on the site of ``lang``: ``("md", target)`` for a page of
    this language (a relative path MyST resolves), ``("html", href)`` for a page of the other language,
    ``("url", url)`` for a file only in the repository (solutions, data files), ``None`` to leave it."""
    try:
        rel = real.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return None
    target_lang = "zh" if rel.startswith("zh/") else "en"
    inner = rel.removeprefix("zh/")
    frag = f"#{fragment}" if fragment else ""
    on_site = (re.fullmatch(r"(notebooks|exercises)/\d\d_[\w.-]+\.ipynb", inner) or inner in docs()) \
        and (ROOT / rel).exists()
    depth = here_staged.count("/")
    if on_site and target_lang == lang:
        return "md", os.path.relpath(inner, os.path.dirname(here_staged) or ".") + frag
    if on_site:
        page = re.sub(r"\.(ipynb|md)$", ".html", inner)
        return "html", "../" * (depth + 1) + f"{target_lang}/{page}{frag}"
    if (ROOT / rel).exists():
        return "url", repo_file_url(rel, s) + frag
    return None


def rewrite_links(text: str, lang: str, source: Path, here_staged: str, s: Settings) -> str:
    """Rewrite the relative links of a markdown text (see :func:`site_target`)."""

    def one(m: re.Match) -> str:
        target = m.group("target")
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
            return m.group(0)
        path, _, fragment = target.partition("#")
        where = site_target(lang, source.parent / unquote(path), fragment, here_staged, s)
        if where is None:
            return m.group(0)
        kind, href = where
        if kind == "html":
            other = LANGS[lang]["other"]
            return f'<a href="{html.escape(href)}" hreflang="{"zh-CN" if other == "zh" else "en"}">{m.group("text")}</a>'
        return f"[{m.group('text')}]({href})"

    return _LINK.sub(one, text)


# --------------------------------------------------------------------------- references and citations
REF_HEADING = re.compile(r"^#{2,3}\s+(References|参考文献)\b", re.M)


@dataclass(frozen=True)
class Reference:
    key: str          # anchor id, e.g. "ref-parasuraman-1988"
    surname: str
    year: str
    text: str         # the entry's markdown


def _entries(block: str) -> list[str]:
    items, current = [], None
    for line in block.splitlines():
        if re.match(r"^[-*]\s+", line):
            if current is not None:
                items.append(current)
            current = re.sub(r"^[-*]\s+", "", line)
        elif current is not None and line.strip():
            current += " " + line.strip()
        elif current is not None:
            items.append(current)
            current = None
    if current is not None:
        items.append(current)
    return items


def references(nb) -> list[Reference]:
    """The entries of a notebook's References section (author–year entries get a key)."""
    out: list[Reference] = []
    seen: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        m = REF_HEADING.search(cell.source)
        if not m:
            continue
        for entry in _entries(cell.source[m.end():]):
            author = re.match(r"^\W*([A-Z][\w'’-]+)", entry)
            year = re.search(r"\((\d{4}[a-z]?)[,)]", entry)
            if author and year:
                key = f"ref-{author.group(1).lower()}-{year.group(1)}"
                key = key if key not in seen else f"{key}-{len(seen)}"
                seen.add(key)
                out.append(Reference(key, author.group(1), year.group(1), entry))
            else:
                out.append(Reference("", "", "", entry))
    return out


def link_citations(source: str, refs: list[Reference]) -> str:
    """Turn the year of an author–year citation ("Martilla & James (1977)", "(Cronin & Taylor 1992)")
    into a link to its entry in the page's References section."""
    keyed = [r for r in refs if r.key]
    if not keyed:
        return source

    def in_prose(text: str) -> str:
        spans: list[tuple[int, int, str]] = []
        for ref in keyed:
            pattern = re.compile(rf"\b{re.escape(ref.surname)}\b[^()（）\[\]\n]{{0,60}}?[(（]?(?<!\d)({re.escape(ref.year)})(?![\d])")
            for m in pattern.finditer(text):
                spans.append((m.start(1), m.end(1), ref.key))
        spans.sort()
        out, last = [], 0
        for start, end, key in spans:
            if start < last:
                continue
            out.append(text[last:start])
            out.append(f'<a class="course-cite" href="#{key}">{text[start:end]}</a>')
            last = end
        out.append(text[last:])
        return "".join(out)

    def in_line(line: str) -> str:
        if line.lstrip().startswith("#"):
            return line
        # not inside markdown links: only the text between them
        pieces, last = [], 0
        for m in _LINK.finditer(line):
            pieces.append(outside_code(line[last:m.start()], in_prose))
            pieces.append(m.group(0))
            last = m.end()
        pieces.append(outside_code(line[last:], in_prose))
        return "".join(pieces)

    fenced = False
    out = []
    for line in source.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            out.append(line)
        else:
            out.append(line if fenced else in_line(line))
    return "\n".join(out)


def anchor_references(source: str, refs: list[Reference]) -> str:
    """Give each entry of the References section an anchor (``<span id="ref-…">``)."""
    m = REF_HEADING.search(source)
    if not m:
        return source
    head, body = source[:m.end()], source[m.end():]
    keys = iter(refs)
    lines = []
    for line in body.split("\n"):
        if re.match(r"^[-*]\s+", line):
            ref = next(keys, None)
            if ref is not None and ref.key:
                line = re.sub(r"^([-*]\s+)", rf'\1<span class="course-ref" id="{ref.key}"></span>', line)
        lines.append(line)
    return head + "\n".join(lines)


# --------------------------------------------------------------------------- staging
def write_if_changed(path: Path, content: str | bytes) -> None:
    """Write only when the content differs, so that Sphinx rebuilds only what changed."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def short_title(nb, lang: str, staged: str) -> str:
    """A short title for the table of contents, from the notebook's first heading."""
    number = Path(staged).name[:2]
    if staged.startswith("notebooks/00_"):
        return TEXT[lang]["start"]
    first = next((t for lvl, t in headings(markdown_cells(nb)) if lvl == 1), "")
    title = re.sub(r"^(第\s*\d+\s*课|Lesson\s+\d+|Exercises?\s*\d*|练习\s*\d*|\d\d)\s*·\s*", "", first)
    title = re.sub(r"^(Exercises?|练习)\s*·\s*", "", title)
    title = title.split(" · ")[0]
    title = re.split(r"：|: ", title)[0] if lang == "zh" else title.split(": ")[0]
    title = re.sub(r"[:：]?\s*(exercises|练习)$", "", title, flags=re.I).strip()
    return f"{number} · {title}"


def stage_notebook(lang: str, staged: str, source: Path, s: Settings) -> tuple[str, str]:
    """Copy one notebook into the staged tree with its links and citations rewritten; return
    (toc title, staged path)."""
    import nbformat

    nb = nbformat.read(source, as_version=4)
    refs = references(nb)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        text = rewrite_links(cell.source, lang, source, staged, s)
        if refs:
            m = REF_HEADING.search(text)
            text = (link_citations(text[:m.start()], refs) + anchor_references(text[m.start():], refs)
                    if m else link_citations(text, refs))
        cell.source = text
    nb.metadata.setdefault("course_site", {})["source"] = source.relative_to(ROOT).as_posix()
    write_if_changed(BUILD / "src" / lang / staged, nbformat.writes(nb) + "\n")
    return short_title(nb, lang, staged), staged


def toctree(caption: str, entries: list[str], hidden: bool = False) -> str:
    opts = f":caption: {caption}\n:maxdepth: 1\n" + (":hidden:\n" if hidden else "")
    return "```{toctree}\n" + opts + "\n" + "\n".join(entries) + "\n```\n"


def stage(lang: str, s: Settings) -> Path:
    """Write the staged Sphinx source tree of one language; return its folder."""
    import nbformat

    src = BUILD / "src" / lang
    t = TEXT[lang]
    expected: set[Path] = set()

    def put(rel: str, content: str | bytes) -> None:
        write_if_changed(src / rel, content)
        expected.add(src / rel)

    titles: dict[str, str] = {}
    for staged, source in pages(lang).items():
        title, _ = stage_notebook(lang, staged, source, s)
        titles[staged] = title
        expected.add(src / staged)

    for doc in docs():
        source = edition_file(lang, doc)
        text = source.read_text(encoding="utf-8")
        if lang != "en" and source == ROOT / doc:      # no translation yet: say so
            text = re.sub(r"^(# .*\n)", rf"\1\n{t['english_only']}\n", text, count=1, flags=re.M)
        put(doc, rewrite_links(text, lang, source, doc, s))

    quizzes = stage_quizzes(lang, s, put)
    put("concept-map.md", concept_map_page(lang, s))
    put("references.md", references_page(lang, s))
    put("launch/jupyterhub.md", jupyterhub_page(lang, s))   # the buttons use it when no hub is set

    lessons = [p for p in titles if p.startswith("notebooks/") and not p.startswith("notebooks/00_")]
    exercises = [p for p in titles if p.startswith("exercises/")]
    entry = lambda p: f"{titles[p]} <{p.removesuffix('.ipynb')}>"
    start = [p for p in titles if p.startswith("notebooks/00_")]
    tocs = "\n".join([
        toctree(t["start"], [entry(p) for p in start]),
        toctree(t["lessons"], [entry(p) for p in lessons]),
        toctree(t["exercises"], [entry(p) for p in exercises]),
        toctree(t["reference"], [f"{t['concept_map']} <concept-map>", f"{t['references']} <references>",
                                 *(["notebooks/REFERENCES"] if "notebooks/REFERENCES.md" in docs() else []),
                                 "datasets/README"]),
        toctree(t["instructors"], ["instructor/GUIDE", f"{t['quizzes']} <instructor/quizzes/index>"]),
        toctree("JupyterHub", ["launch/jupyterhub"], hidden=True),
    ])
    index = (SITE / "pages" / f"index.{lang}.md").read_text(encoding="utf-8")
    start_path = LANGS[lang]["prefix"] + "notebooks/00_start_here.ipynb"
    hub = jupyterhub_url(start_path, s) or f"launch/jupyterhub.html?path={quote(start_path)}"
    index = (index.replace("{{ binder_start }}", binder_url(start_path, s))
                  .replace("{{ binder_other }}", binder_url(LANGS[LANGS[lang]["other"]]["prefix"]
                                                            + "notebooks/00_start_here.ipynb", s))
                  .replace("{{ hub_start }}", hub)
                  .replace("{{ repository }}", s.repository)
                  .replace("{{ toctrees }}", tocs))
    put("index.md", index)

    # the jieba user dictionary: the course's terms are single words in the Chinese search index
    if lang == "zh":
        put("_search_terms.txt", "\n".join(f"{w} 50000 n" for w in search_terms()) + "\n")
    # anything staged earlier that is no longer a page goes away
    for path in list(src.rglob("*")):
        if path.is_file() and path not in expected and path.name != "_search_terms.txt":
            path.unlink()
    return src


def search_terms() -> list[str]:
    import yaml

    words: set[str] = set()
    terms = yaml.safe_load((ROOT / "translations" / "zh_CN" / "terms.yml").read_text(encoding="utf-8")) or []
    texts = [str(e.get("zh", "")) for e in terms]
    for path in sorted((ROOT / "course_map").glob("*.yml")):
        texts += [str(c.get("zh", "")) for c in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("concepts") or []]
    for text in texts:
        for word in re.findall(r"[\u4e00-\u9fff]{2,8}", re.sub(r"[（(][^)）]*[)）]", " ", text)):
            words.add(word)
    return sorted(words)


# --------------------------------------------------------------------------- generated pages
def stage_quizzes(lang: str, s: Settings, put) -> list[str]:
    """instructor/quizzes/NN_topic.md for each quiz (questions and choices; no answers, no explanations)."""
    sys.path.insert(0, str(ROOT))
    from course_lib import quiz as quizmod

    t = TEXT[lang]
    note = t["quiz_note"].replace("{quiz_anchor}", doc_anchor(lang, "instructor/GUIDE.md", r"quiz|小测"))
    names = []
    for path in sorted((ROOT / "instructor" / "quizzes").glob("*.yml")):
        q = quizmod.load_quiz(path)
        try:
            body = quizmod.to_markdown(q, answers=False, lang=lang)
        except TypeError:  # an older course_lib: one language
            body = quizmod.to_markdown(q, answers=False)
        lesson = Path(q.lesson).name
        lesson_link = f"../../notebooks/{lesson}"
        title, _, rest = body.partition("\n")
        lead = {"en": f"Quiz for lesson [{lesson[:2]}]({lesson_link}).",
                "zh": f"第 [{lesson[:2]}]({lesson_link}) 课的小测。"}[lang]
        put(f"instructor/quizzes/{path.stem}.md", f"{title}\n\n{lead} {note}\n{rest}")
        names.append(path.stem)
    heading = {"en": "# Pre/post quizzes", "zh": "# 课前/课后小测"}[lang]
    put("instructor/quizzes/index.md",
        f"{heading}\n\n{note.replace('](../GUIDE.md', '](../GUIDE.md')}\n\n"
        + toctree(t["quizzes"], names))
    return names


_NB_CACHE: dict[Path, object] = {}
PROBLEMS: list[str] = []   # problems found while staging: reported (and failing the build) at the end


def read(path: Path):
    """A notebook, read once per build."""
    import nbformat

    if path not in _NB_CACHE:
        _NB_CACHE[path] = nbformat.read(path, as_version=4)
    return _NB_CACHE[path]


def doc_anchor(lang: str, doc: str, pattern: str) -> str:
    """``#anchor`` of the first heading of document ``doc`` (edition ``lang``) matching ``pattern``, or ""."""
    text = edition_file(lang, doc).read_text(encoding="utf-8")
    hs = headings([text])
    for (_, title), slug in zip(hs, slugs([t for _, t in hs])):
        if re.search(pattern, title, re.I):
            return f"#{slug}"
    return ""


def concept_map_page(lang: str, s: Settings) -> str:
    """concept → lesson section → exercise task → course_lib function, one table per lesson."""
    import importlib
    import inspect

    import yaml

    sys.path.insert(0, str(ROOT))
    intro = {"en": ("# Concept map\n\nEvery concept of the two course outlines, *卓越服务标准* (service excellence "
                    "standards, seed 000) and *服务承诺管理* (service commitment management, seed 004): the lesson "
                    "section that teaches it, the exercise task that practises it (and the check that task calls) "
                    "and the `course_lib` function behind it. Generated from `course_map/*.yml`; a test keeps the "
                    "map true.\n"),
             "zh": ("# 概念地图\n\n两份课程大纲——《卓越服务标准》（seed 000）和《服务承诺管理》（seed 004）——中的每个概念："
                    "讲授它的课程小节、练习它的练习任务（以及该任务调用的检查）和背后的 `course_lib` 函数。"
                    "本页由 `course_map/*.yml` 生成；有一项测试保证这张地图与课程一致。\n")}[lang]
    cols = {"en": "| concept | lesson section | exercise task (check) | function |",
            "zh": "| 概念 | 课程小节 | 练习任务（检查） | 函数 |"}[lang]
    page_files = pages(lang)

    def page_headings(staged: str) -> tuple[list[str], list[str] | None, list[str]]:
        """English heading texts, this edition's anchors and heading texts (the same structure: the edition is
        built block by block from the English). An edition that lags behind its English gets no anchors."""
        hs_en = [h for _, h in headings(markdown_cells(read(ROOT / staged)))]
        hs = [h for _, h in headings(markdown_cells(read(page_files[staged])))]
        if len(hs_en) != len(hs):
            PROBLEMS.append(f"{page_files[staged].relative_to(ROOT)}: {len(hs)} headings, its English has {len(hs_en)}"
                            " (rebuild the edition: make editions)")
            return hs_en, None, hs_en
        return hs_en, slugs(hs), hs

    def task_of(check: str) -> str:
        for staged in page_files:
            if not staged.startswith("exercises/"):
                continue
            cells = read(ROOT / staged).cells
            hit = next((k for k, cell in enumerate(cells) if f'check("{check}"' in cell.source), None)
            if hit is None:
                continue
            n = len(headings([c.source for c in cells[:hit + 1] if c.cell_type == "markdown"]))
            _, anchors, titles = page_headings(staged)
            if not n:
                return f"`{check}`"
            return f"[{titles[n - 1]}]({staged}{'#' + anchors[n - 1] if anchors else ''})<br>`{check}`"
        return f"`{check}`"

    def function_link(dotted: str) -> str:
        module, _, name = dotted.rpartition(".")
        obj = getattr(importlib.import_module(module), name)
        try:
            file = Path(inspect.getsourcefile(obj)).resolve().relative_to(ROOT).as_posix()
            line = inspect.getsourcelines(obj)[1]
        except (TypeError, OSError, ValueError):
            return f"`{dotted}`"
        return f"[`{dotted.removeprefix('course_lib.')}`]({repo_file_url(file, s)}#L{line})"

    def cell(value: str) -> str:
        return value.replace("|", "\\|")

    out = [intro, '<div class="course-concept-map">\n']
    for path in sorted((ROOT / "course_map").glob("*.yml")):
        concepts = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("concepts") or []
        if not concepts:
            continue
        lesson = concepts[0]["lesson"]
        out.append(f"\n## [{short_title(read(page_files[lesson]), lang, lesson)}]({lesson})\n\n{cols}\n|---|---|---|---|")
        for c in concepts:
            hs_en, anchors, hs = page_headings(c["lesson"])
            i = next((i for i, h in enumerate(hs_en) if c["section"] in h), None)
            if i is None:
                PROBLEMS.append(f"{path.relative_to(ROOT)}: no heading {c['section']!r} in {c['lesson']}")
                section = f"[{c['section']}]({c['lesson']})"
            else:
                section = f"[{hs[i]}]({c['lesson']}{'#' + anchors[i] if anchors else ''})"
            concept = f"{c['zh']}<br>*{c['concept']}*" if lang == "zh" else f"{c['concept']}<br>{c['zh']}"
            out.append(f"| {cell(concept)} | {cell(section)} | {cell(task_of(c['exercise']))} | "
                       f"{cell(function_link(c['function']))} |")
    return "\n".join(out) + "\n\n</div>\n"


def references_page(lang: str, s: Settings) -> str:
    """All references of the lessons, alphabetically, each linked to where lessons cite it."""
    intro = {"en": ("# References\n\nThe academic sources and data the lessons cite, in one list. Each entry "
                    "links to the references section of the lessons that cite it; in a lesson, the year of "
                    "an author–year citation links to its entry.\n"),
             "zh": ("# 参考文献\n\n各课引用的学术文献和数据来源汇总。每条文献都链接到引用它的课程的参考文献部分；"
                    "在课程页面中，作者—年份引用中的年份链接到对应的文献条目。\n")}[lang]
    entries: dict[str, dict] = {}
    for staged, source in pages(lang).items():
        if not staged.startswith("notebooks/"):
            continue
        nb = read(source)
        hs = headings(markdown_cells(nb))
        ref_slug = next((sl for (lvl, h), sl in zip(hs, slugs([h for _, h in hs]))
                         if re.match(r"(References|参考文献)\b", h)), "")
        for ref in references(nb):
            text = ref.text
            key = re.sub(r"\s+", " ", re.sub(r"[*_`]", "", text)).strip().lower()
            item = entries.setdefault(key, {"text": text, "where": []})
            anchor = ref.key or ref_slug
            page = staged.removesuffix(".ipynb")
            item["where"].append((staged[10:12], f"{page}.html#{anchor}" if ref.key else f"{staged}#{anchor}",
                                  bool(ref.key)))
    if "notebooks/REFERENCES.md" in docs():
        intro += {"en": "\nHow far each entry has been checked against a public source: "
                        "[the checked bibliography](notebooks/REFERENCES.md).\n",
                  "zh": "\n每条文献核对到什么程度，见[核对过的文献目录](notebooks/REFERENCES.md)。\n"}[lang]
    lines = [intro]
    for key in sorted(entries):
        item = entries[key]
        links = ", ".join(f'<a href="{href}">{nn}</a>' if raw else f"[{nn}]({href})"
                          for nn, href, raw in item["where"])
        lines.append(f"- {rewrite_plain_links(item['text'])} · {TEXT[lang]['cited_in']} {links}")
    return "\n".join(lines) + "\n"


def rewrite_plain_links(text: str) -> str:
    """References are plain text; relative links inside them (rare) are left out."""
    return _LINK.sub(lambda m: m.group("text") if not re.match(r"^[a-z]+:", m.group("target")) else m.group(0), text)


def jupyterhub_page(lang: str, s: Settings) -> str:
    """A page that asks for the reader's JupyterHub and opens the notebook there through nbgitpuller
    (the link ``service-course hub-link`` prints)."""
    folder = s.repository.rstrip("/").split("/")[-1].removesuffix(".git")
    start = LANGS[lang]["prefix"] + "notebooks/00_start_here.ipynb"
    hub_anchor = doc_anchor(lang, "instructor/GUIDE.md", r"jupyterhub")
    text = {
        "en": ("# Open on a JupyterHub",
               "Your organisation's JupyterHub gives you your own copy of the course, kept between sessions. "
               "Type the hub's address: the link below clones the course into your home folder with "
               "[nbgitpuller](https://github.com/jupyterhub/nbgitpuller) (the hub needs it installed; see the "
               f"[instructor guide](../instructor/GUIDE.md{hub_anchor})) and opens the notebook. "
               "Later clicks bring in updates and keep your work.",
               "Hub address", "Open on the hub", "Notebook"),
        "zh": ("# 在 JupyterHub 上打开",
               "所在机构的 JupyterHub 会给你一份属于自己的课程副本，并在各次学习之间保留。输入 Hub 的地址："
               "下面的链接会用 [nbgitpuller](https://github.com/jupyterhub/nbgitpuller) 把课程复制到你的主目录"
               f"（Hub 需要安装它，见[讲师手册](../instructor/GUIDE.md{hub_anchor})），然后打开笔记本。"
               "以后再点击会拉取更新，并保留你的修改。",
               "Hub 地址", "在 Hub 上打开", "笔记本"),
    }[lang]
    title, intro, label, button, nb_label = text
    return f"""{title}

{intro}

<form id="course-hub-form" class="course-hub-form" data-repo="{html.escape(s.repository)}" data-branch="{html.escape(s.branch)}" data-folder="{html.escape(folder)}" data-default-path="{html.escape(start)}">
<p><label for="course-hub-address">{label}</label><br>
<input id="course-hub-address" type="url" placeholder="https://hub.example.org" required size="40"></p>
<p>{nb_label}: <code id="course-hub-path">{html.escape(start)}</code></p>
<p><a id="course-hub-link" class="btn btn-primary" href="#">{button}</a></p>
<p><code id="course-hub-url"></code></p>
</form>
"""


# --------------------------------------------------------------------------- building
def sphinx(lang: str, src: Path, out: Path, jobs: int = 1) -> None:
    env = dict(os.environ, COURSE_SITE_LANG=lang, PYTHONHASHSEED="0", MPLBACKEND="Agg")
    # A clean output folder (no page of a removed notebook survives) written in full (-a: a template or
    # conf.py change reaches every page); the doctrees cache still spares re-reading unchanged sources.
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-a", "-W", "--keep-going", "-n", "-q", "-j", str(jobs),
           "-c", str(SITE), "-d", str(BUILD / "doctrees" / lang), str(src), str(out)]
    result = subprocess.run(cmd, env=env, cwd=ROOT)
    if result.returncode:
        raise SystemExit(f"sphinx-build ({lang}) failed with exit code {result.returncode}")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chars: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "alt", "placeholder", "aria-label", "value") and value:
                self.chars.update(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.chars.update(data)


def site_characters(out: Path) -> set[str]:
    """Every character a reader can see on the built pages of one language (text, titles, search texts)."""
    chars: set[str] = set()
    for page in out.rglob("*.html"):
        if "_static" in page.relative_to(out).parts:
            continue
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        chars |= parser.chars
    # search results show titles from the search index and the translated search messages
    for js in [out / "searchindex.js", *out.glob("_static/translations.js")]:
        if js.exists():
            text = js.read_text(encoding="utf-8")
            try:
                data = json.loads(text[text.index("{"):text.rindex("}") + 1])
            except ValueError:
                continue
            stack = [data]
            while stack:
                item = stack.pop()
                if isinstance(item, str):
                    chars.update(item)
                elif isinstance(item, dict):
                    stack += list(item.keys()) + list(item.values())
                elif isinstance(item, list):
                    stack += item
    chars |= set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,;:!?'\"()[]{}-–—…·/%+=<>#&*_@|~$^`\\")
    return {c for c in chars if c.isprintable() and c not in "\u00ad"}


def make_font(chars: set[str], dest: Path) -> dict:
    """Subset the course font to ``chars`` as a WOFF web font; return a small report."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    font = subset.load_font(str(FONT), options)
    covered = set(chr(c) for c in font.getBestCmap())
    wanted = {c for c in chars if c in covered}
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(ord(c) for c in wanted))
    sub.subset(font)
    dest.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(dest), options)
    missing = sorted(c for c in chars - covered if not c.isspace())
    return {"glyphs": len(wanted), "bytes": dest.stat().st_size, "not_in_font": "".join(missing)}


def finish(lang: str, out: Path) -> dict:
    """Web font, downloadable committed notebooks; no template leftovers."""
    for leftover in out.glob("_static/*webpack-macros.html"):
        leftover.unlink()
    report = make_font(site_characters(out), out / "_static" / FONT_FILE)
    for staged, source in pages(lang).items():
        target = out / "_sources" / staged
        if target.exists():
            shutil.copyfile(source, target)
    return report


LANDING = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Service Excellence · 卓越服务实战课程</title>
<link rel="stylesheet" href="en/_static/course.css">
<style>
body {{ font-family: "{family} CJK", system-ui, sans-serif, "{family}"; margin: 0; display: flex; min-height: 100vh;
        align-items: center; justify-content: center; background: #f7f7f9; color: #222; }}
main {{ max-width: 36rem; padding: 2rem; text-align: center; }}
h1 {{ font-size: 1.8rem; margin-bottom: .3rem; }}
p {{ line-height: 1.6; }}
a.lang {{ display: inline-block; margin: .6rem; padding: .8rem 1.6rem; border-radius: .4rem; background: #1a5e9a;
         color: #fff; text-decoration: none; font-size: 1.2rem; }}
</style>
</head>
<body>
<main>
<h1>Service Excellence: a hands-on Jupyter course</h1>
<h1 lang="zh-CN">卓越服务实战课程</h1>
<p>Moments of truth · SERVQUAL · service blueprints · peak-end design · standards and commitments · NPS · service recovery</p>
<p lang="zh-CN">关键时刻 · SERVQUAL 服务质量量表 · 服务蓝图 · 峰终体验设计 · 服务标准与服务承诺 · 净推荐值 · 服务补救</p>
<p><a class="lang" href="en/index.html" hreflang="en">English</a>
<a class="lang" href="zh/index.html" hreflang="zh-CN" lang="zh-CN">中文</a></p>
</main>
</body>
</html>
"""


def build(out: Path = HTML, langs: tuple[str, ...] = ("en", "zh"), force: bool = False, jobs: int = 1) -> dict:
    """Build the site into ``out``; return timings and font sizes. Raises SystemExit on any problem.

    One build at a time (a lock in site/_build): ``make site`` and the tests may both ask for it."""
    import fcntl

    BUILD.mkdir(parents=True, exist_ok=True)
    with open(BUILD / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not force and out == HTML and is_fresh(out):
            print(f"site: up to date ({out.relative_to(ROOT)}); --force builds it again")
            return json.loads((out / DIGEST_FILE).read_text())
        return _build(out, langs, jobs)


def _build(out: Path, langs: tuple[str, ...], jobs: int) -> dict:
    s = settings()
    PROBLEMS.clear()
    _NB_CACHE.clear()
    report: dict = {"languages": {}}
    started = time.monotonic()
    if (out / DIGEST_FILE).exists():
        (out / DIGEST_FILE).unlink()
    for lang in langs:
        t0 = time.monotonic()
        src = stage(lang, s)
        sphinx(lang, src, out / lang, jobs=jobs)
        font = finish(lang, out / lang)
        report["languages"][lang] = {"seconds": round(time.monotonic() - t0, 1), "font": font}
        print(f"site: {lang} built in {report['languages'][lang]['seconds']} s; web font {font['glyphs']} glyphs, "
              f"{font['bytes'] // 1024} KiB" + (f"; not in the font: {font['not_in_font']!r}" if font["not_in_font"] else ""))
    # myst-nb keeps copies of the notebooks' images beside the output folders (the pages use _images/)
    shutil.rmtree(out / "jupyter_execute", ignore_errors=True)
    # the landing page uses the English web font: make sure it has the landing page's characters
    landing = LANDING.format(family=FONT_FAMILY)
    (out / "index.html").write_text(landing, encoding="utf-8")
    (out / ".nojekyll").write_text("", encoding="utf-8")
    if "en" in langs:
        parser = _Text()
        parser.feed(landing)
        extra = parser.chars - site_characters(out / "en")
        if extra:
            make_font(site_characters(out / "en") | parser.chars, out / "en" / "_static" / FONT_FILE)
    problems = list(dict.fromkeys(PROBLEMS)) + check_site(out)
    if problems:
        raise SystemExit("site: the built site has problems:\n  " + "\n  ".join(problems[:50]))
    report["seconds"] = round(time.monotonic() - started, 1)
    (out / DIGEST_FILE).write_text(json.dumps({"inputs": inputs_digest(), **report}, ensure_ascii=False, indent=1))
    print(f"site: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} in {report['seconds']} s "
          f"(open {(out / 'index.html').relative_to(ROOT) if out.is_relative_to(ROOT) else out / 'index.html'})")
    return report


# --------------------------------------------------------------------------- checks
_NAMING_RELS = {"canonical", "alternate", "next", "prev", "index", "search", "author", "license", "help", "top", "up"}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str]] = []     # (tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        rel = dict(attrs).get("rel") or ""
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            if name in ("href", "src"):
                # <link rel="canonical"> and the like name a page; they load nothing
                kind = "a" if tag == "link" and set(rel.split()) & _NAMING_RELS else tag
                self.refs.append((kind, name, value))


def _parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def check_site(out: Path) -> list[str]:
    """Problems of a built site: relative links or fragments that do not resolve, resources loaded from
    another host, quiz answers or solutions on the site."""
    problems: list[str] = []
    parsed: dict[Path, _Links] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in parsed:
            parsed[page] = _parse(page)
        return parsed[page].ids

    for page in sorted(out.rglob("*.html")):
        if "_static" in page.relative_to(out).parts:   # the themes' template fragments, not pages
            continue
        links = parsed.setdefault(page, _parse(page))
        rel = page.relative_to(out).as_posix()
        for tag, attr, value in links.refs:
            url = urlsplit(value)
            if url.scheme in ("http", "https") or value.startswith("//"):
                if tag in ("script", "img", "link", "iframe", "source", "video", "audio"):
                    problems.append(f"{rel}: loads {value} from the network")
                continue
            if url.scheme:        # mailto:, javascript:, data:
                continue
            target = page if not url.path else (page.parent / unquote(url.path))
            if url.path.endswith("/") or (target.exists() and target.is_dir()):
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{rel}: {value} does not exist")
                continue
            if url.fragment and target.suffix == ".html" and unquote(url.fragment) not in ids_of(target):
                problems.append(f"{rel}: {value}: no id {unquote(url.fragment)!r} on {target.relative_to(out).as_posix()}")
    problems += answers_on_site(out)
    return problems


def answers_on_site(out: Path) -> list[str]:
    """Quiz explanations (they give the answers away) or solution notebooks anywhere in the built site."""
    import yaml

    texts: list[str] = []
    for path in sorted((ROOT / "instructor" / "quizzes").glob("*.yml")):
        for q in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("questions") or []:
            exp = q.get("explanation")
            texts += list(exp.values()) if isinstance(exp, dict) else [exp]
    texts = [re.sub(r"\s+", " ", str(t)).strip() for t in texts if t]
    needles = [t[:60] for t in texts if len(t) >= 20]
    problems = []
    for path in out.rglob("*"):
        if not path.is_file() or path.suffix not in (".html", ".js", ".txt", ".md", ".ipynb", ".json"):
            continue
        rel = path.relative_to(out).as_posix()
        if re.search(r"(^|/)solutions/", rel):
            problems.append(f"{rel}: a solution is on the site")
        text = html.unescape(path.read_text(encoding="utf-8", errors="replace"))
        text = re.sub(r"\s+", " ", text)
        for needle in needles:
            if needle in text:
                problems.append(f"{rel}: shows a quiz explanation ({needle[:40]}…)")
        if "*Answer:" in text or "答案：(" in text:
            problems.append(f"{rel}: shows a quiz answer key")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HTML, help="output folder (default site/_build/html)")
    parser.add_argument("--lang", nargs="+", choices=sorted(LANGS), default=["en", "zh"])
    parser.add_argument("--force", action="store_true", help="build even when nothing changed")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="Sphinx worker processes (default 1)")
    args = parser.parse_args(argv)
    build(args.out.resolve(), tuple(args.lang), force=args.force, jobs=args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
