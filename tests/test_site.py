"""The course website (``make site``, site/build_site.py): what is on it, what is not, and how it renders.

Without a browser: both languages have every page (start page, lessons, exercises, data dictionary, instructor
guide, quizzes, concept map, references) with a language switch to the same page in the other language;
lesson and exercise pages have Binder / JupyterHub / download buttons for *their* edition; every relative link
and anchor resolves; nothing loads from another host; no solution and no quiz answer is on the site; the
Chinese search index has the course's terms; the web font has every character the pages show.

In headless Chromium (marked ``browser``, as tests/test_browser.py; ``.ci/install-browser.sh``): an English
and a Chinese lesson page and the language-choice page, served over HTTP, load the web font and use it, and
every Chinese character on them is drawn by it, not by a system font that lacks it (a missing-glyph box):
Chromium's DevTools protocol says which fonts drew each element's text, and a control element proves the
check fails without the web font on a machine with no Chinese font. The Chinese search finds terms; the
language switch and the JupyterHub page (``service-course hub-link``'s link) work. Screenshots go to a
temporary folder (printed with ``-s``).

The site is built once if ``site/_build/html`` is not up to date (``make site`` before ``make test`` makes
this a no-op, as .ci/run does); ``COURSE_SITE_DIR=path`` tests a site built before instead. Without the
``site`` extra the tests are skipped with the reason.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import re
import sys
import threading
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "site"))
import build_site  # noqa: E402  (site/build_site.py)

LANGS = ("en", "zh")


@pytest.fixture(scope="module")
def site() -> Path:
    """The built site (built here if it is not up to date; ``COURSE_SITE_DIR=path`` tests a site built before)."""
    if os.environ.get("COURSE_SITE_DIR"):
        return Path(os.environ["COURSE_SITE_DIR"]).resolve()
    try:
        import myst_nb  # noqa: F401
        import sphinx_book_theme  # noqa: F401
    except ImportError:
        pytest.skip("the site extra is not installed (make install, or pip install -e '.[site]')")
    if not build_site.is_fresh():
        try:
            build_site.build()
        except SystemExit as exc:
            pytest.fail(f"make site failed: {exc}")
    return build_site.HTML


class Page(HTMLParser):
    """The parts of a built page the tests look at."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.links: list[dict] = []          # every <a>: attributes and text
        self.ids: set[str] = set()
        self.text_parts: list[str] = []
        self._a: dict | None = None
        self._skip = 0
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            self._a = {**a, "text": ""}
            self.links.append(self._a)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "a":
            self._a = None

    def handle_data(self, data):
        if self._a is not None:
            self._a["text"] += data
        if not self._skip:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text_parts))

    def with_class(self, cls: str) -> list[dict]:
        return [a for a in self.links if cls in (a.get("class") or "").split()]


def notebook_pages(lang: str) -> list[str]:
    """Pages (relative to the language folder) of the notebooks of edition ``lang``."""
    return [p.removesuffix(".ipynb") + ".html" for p in build_site.pages(lang)]


# --------------------------------------------------------------------------- what is on the site
@pytest.mark.site
@pytest.mark.parametrize("lang", LANGS)
def test_every_part_of_the_course_is_on_the_site(site, lang):
    out = site / lang
    expected = ["index.html", "search.html", "concept-map.html", "references.html", "datasets/README.html",
                "instructor/GUIDE.html", "instructor/quizzes/index.html"]
    expected += [f"instructor/quizzes/{p.stem}.html" for p in sorted((ROOT / "instructor" / "quizzes").glob("*.yml"))]
    expected += notebook_pages(lang)
    assert [p for p in expected if not (out / p).is_file()] == []
    lessons = {p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    exercises = {p.name for p in (ROOT / "exercises").glob("[0-9][0-9]_*.ipynb")}
    assert {p.split("/")[1] for p in build_site.pages(lang) if p.startswith("notebooks/")} == lessons
    assert {p.split("/")[1] for p in build_site.pages(lang) if p.startswith("exercises/")} == exercises
    # the table of contents (start page and sidebar) reaches every page
    index = Page(out / "index.html")
    hrefs = {urlsplit(a.get("href", "")).path for a in index.links}
    assert [p for p in expected[2:] if p not in hrefs] == []
    assert (site / "index.html").is_file() and (site / ".nojekyll").is_file()
    assert {p.name for p in site.iterdir()} <= {"index.html", ".nojekyll", "en", "zh", build_site.DIGEST_FILE}


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGS)
def test_chinese_pages_are_chinese_and_english_pages_english(site, lang):
    page = (site / lang / "notebooks" / "03_servqual.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="(en|zh-CN)"', page).group(1) == {"en": "en", "zh": "zh-CN"}[lang]
    text = Page(site / lang / "notebooks" / "03_servqual.html").text
    assert ("五个维度" in text) == (lang == "zh") and ("The five dimensions" in text) == (lang == "en")


@pytest.mark.site
def test_every_page_switches_to_the_same_page_in_the_other_language(site):
    for lang in LANGS:
        other = "zh" if lang == "en" else "en"
        for path in sorted((site / lang).rglob("*.html")):
            rel = path.relative_to(site / lang)
            if "_static" in rel.parts:
                continue
            switch = Page(path).with_class("course-lang-switch")
            assert len(switch) == 1, f"{lang}/{rel}: no language switch"
            target = (path.parent / switch[0]["href"]).resolve()
            assert target == (site / other / rel).resolve(), f"{lang}/{rel} switches to {switch[0]['href']}"
            assert target.is_file()


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGS)
def test_lesson_and_exercise_pages_launch_their_own_edition(site, lang):
    s = build_site.settings()
    prefix = build_site.LANGS[lang]["prefix"]
    for staged, source in build_site.pages(lang).items():
        page_path = site / lang / (staged.removesuffix(".ipynb") + ".html")
        page = Page(page_path)
        buttons = {a["class"].split()[-1].removeprefix("course-launch-"): a for a in page.with_class("course-launch-button")}
        assert set(buttons) == {"binder", "jupyterhub", "download"}, f"{lang}/{staged}"
        repo_path = prefix + staged
        assert (ROOT / repo_path).is_file()
        # Binder: the README badge's format, opening this edition's notebook
        binder = urlsplit(buttons["binder"]["href"])
        assert f"{binder.scheme}://{binder.netloc}{binder.path}" == f"{s.binderhub}/v2/gh/{s.owner_name}/HEAD"
        assert parse_qs(binder.query) == {"labpath": [repo_path]}
        # JupyterHub: nbgitpuller through hub-link's format, or the site's page that asks for the hub
        hub = buttons["jupyterhub"]["href"]
        if s.jupyterhub:
            from course_lib.commands.hub_link import hub_link
            assert hub == hub_link(s.jupyterhub, repo=s.repository, branch=s.branch, path=repo_path)
        else:
            url = urlsplit(hub)
            assert (page_path.parent / url.path).resolve() == (site / lang / "launch" / "jupyterhub.html").resolve()
            assert parse_qs(url.query) == {"path": [repo_path]}
        # download: the committed notebook, byte for byte
        download = page_path.parent / unquote(buttons["download"]["href"])
        assert download.read_bytes() == source.read_bytes(), f"{lang}/{staged}: download is not the committed notebook"
        assert buttons["download"]["download"] == Path(staged).name
        # the theme's header dropdown carries the same launch links
        assert any(a.get("href") == buttons["binder"]["href"] for a in page.links if a is not buttons["binder"])


def test_a_configured_hub_gets_hub_links_format_for_each_edition():
    from course_lib.commands.hub_link import hub_link

    s = build_site.Settings(repository="https://github.com/o/course", binderhub="https://mybinder.org",
                            jupyterhub="https://hub.example.org", branch="main", url="")
    for path in ("notebooks/03_servqual.ipynb", "zh/exercises/03_servqual.ipynb"):
        link = build_site.jupyterhub_url(path, s)
        assert link == hub_link("https://hub.example.org", repo="https://github.com/o/course", path=path)
        assert parse_qs(urlsplit(link).query)["urlpath"] == [f"lab/tree/course/{path}"]
    assert build_site.binder_url("zh/notebooks/00_start_here.ipynb", s) == \
        "https://mybinder.org/v2/gh/o/course/HEAD?labpath=zh%2Fnotebooks%2F00_start_here.ipynb"


@pytest.mark.site
def test_solutions_are_not_on_the_site(site):
    files = [p.relative_to(site).as_posix() for p in site.rglob("*")]
    assert [f for f in files if re.search(r"(^|/)solutions(/|$)", f)] == []
    # links to a solution go to the repository, not to a page of the site
    for lang in LANGS:
        for path in (site / lang / "notebooks").glob("*.html"):
            for a in Page(path).links:
                href = a.get("href", "")
                if "solutions/" in href:
                    assert href.startswith(build_site.settings().repository + "/blob/"), f"{path.name}: {href}"


@pytest.mark.site
def test_quizzes_show_questions_and_choices_but_no_answers(site):
    from course_lib import quiz

    for path in sorted((ROOT / "instructor" / "quizzes").glob("*.yml")):
        q = quiz.load_quiz(path)
        for lang in LANGS:
            text = plain(Page(site / lang / "instructor" / "quizzes" / f"{path.stem}.html").text)
            for question in q.questions:
                try:
                    shown, choices, explanation = question.in_lang(lang)
                except AttributeError:  # one-language quizzes
                    shown, choices, explanation = question.text, question.choices, question.explanation
                assert plain(shown)[:40] in text, f"{lang} {path.name}: question {question.id} missing"
                for label in choices.values():
                    assert plain(label) in text
                assert plain(explanation)[:40] not in text, f"{lang} {path.name}: explanation shown"
            assert not re.search(r"\b(Answer|答案)\s*[:：]\s*\(?[a-f]\)?", text)
    assert build_site.answers_on_site(site) == []


def plain(text: str) -> str:
    """Text as the site shows it, for comparing: entities decoded, quotes straight (Sphinx's smart quotes),
    spaces collapsed, markdown emphasis dropped."""
    text = html.unescape(text).translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
    return re.sub(r"\s+", " ", re.sub(r"\*\*|__|`", "", text)).strip()


def test_the_answer_check_finds_an_answer_that_slipped_onto_the_site(tmp_path):
    data = yaml.safe_load(next((ROOT / "instructor" / "quizzes").glob("*.yml")).read_text(encoding="utf-8"))
    explanation = data["questions"][0]["explanation"]
    explanation = explanation["en"] if isinstance(explanation, dict) else explanation
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "quiz.html").write_text(f"<p>{html.escape(explanation)}</p>", encoding="utf-8")
    (tmp_path / "en" / "solutions").mkdir()
    (tmp_path / "en" / "solutions" / "03.html").write_text("<p>x</p>", encoding="utf-8")
    problems = build_site.answers_on_site(tmp_path)
    assert any("quiz explanation" in p for p in problems) and any("solution" in p for p in problems)


# --------------------------------------------------------------------------- links, network, search, math
@pytest.mark.site
def test_every_internal_link_and_anchor_resolves_and_nothing_loads_from_the_network(site):
    assert build_site.check_site(site) == []


def test_the_link_check_finds_broken_links_anchors_and_network_loads(tmp_path):
    (tmp_path / "a.html").write_text(
        '<p id="here"><a href="b.html">b</a> <a href="a.html#nowhere">x</a> <a href="#here">ok</a>'
        '<a href="https://example.org/">an external link is fine</a>'
        '<link rel="canonical" href="https://example.org/a.html">'
        '<script src="https://cdn.example.org/x.js"></script><img src="missing.png"></p>', encoding="utf-8")
    problems = build_site.check_site(tmp_path)
    assert len(problems) == 4, problems
    assert any("b.html does not exist" in p for p in problems)
    assert any("no id 'nowhere'" in p for p in problems)
    assert any("loads https://cdn.example.org/x.js" in p for p in problems)
    assert any("missing.png does not exist" in p for p in problems)


def _search_terms(index: Path) -> dict:
    text = index.read_text(encoding="utf-8")
    return json.loads(text[text.index("{"):text.rindex("}") + 1])["terms"]


@pytest.mark.site
def test_the_search_indexes_find_the_course_terms(site):
    zh = _search_terms(site / "zh" / "searchindex.js")
    for term in ("关键时刻", "服务蓝图", "峰终定律", "净推荐值", "服务补救", "补救", "移情性", "servqual"):
        assert term in zh, f"the Chinese search index lacks {term!r}"
    en = _search_terms(site / "en" / "searchindex.js")
    for term in ("servqual", "blueprint", "recoveri", "nps"):
        assert term in en, f"the English search index lacks {term!r}"
    # Sphinx 9.0's Chinese language_data.js names a stemmer that does not exist; conf.py works around it
    data = (site / "zh" / "_static" / "language_data.js").read_text(encoding="utf-8")
    stemmer = re.search(r"window\.Stemmer = (\w+);", data).group(1)
    assert re.search(rf"\b(var|function|class|let|const)\s+{stemmer}\b", data), stemmer


@pytest.mark.site
def test_math_is_mathml_without_mathjax(site):
    for lang in LANGS:
        page = (site / lang / "notebooks" / "05_peak_end.html").read_text(encoding="utf-8")
        assert "<math" in page and "<mfrac>" in page
        assert not re.search(r"<script[^>]*mathjax", page, re.I)


@pytest.mark.site
def test_concept_map_links_every_concept_to_section_task_and_function(site):
    concepts = [c for p in sorted((ROOT / "course_map").glob("*.yml"))
                for c in (yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("concepts") or []]
    for lang in LANGS:
        page_path = site / lang / "concept-map.html"
        source = page_path.read_text(encoding="utf-8")
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", source, flags=re.S)[1:]
        rows = [r for r in rows if "<td" in r]
        assert len(rows) == len(concepts)
        for row, concept in zip(rows, concepts):
            text = html.unescape(re.sub(r"<[^>]+>", "", row))
            assert concept["exercise"] in text and concept["zh"].split("（")[0] in text
            hrefs = re.findall(r'href="([^"]+)"', row)
            lesson = concept["lesson"].removesuffix(".ipynb") + ".html#"
            assert any(h.startswith(lesson) for h in hrefs), f"{lang}: {concept['concept']} lacks its section"
            assert any(h.startswith("exercises/") and "#" in h for h in hrefs), f"{lang}: {concept['concept']} lacks its task"


@pytest.mark.site
def test_lessons_link_citations_to_their_references(site):
    cited = 0
    for lang in LANGS:
        refs_page = Page(site / lang / "references.html")
        for path in sorted((site / lang / "notebooks").glob("[0-9][0-9]_*.html")):
            page = Page(path)
            for a in page.with_class("course-cite"):
                assert a["href"].lstrip("#") in page.ids, f"{path.name}: {a['href']}"
                cited += 1
            entries = {i for i in page.ids if i.startswith("ref-")}
            # every reference entry of the lesson is listed on the references page, linked back to it
            back = {urlsplit(a["href"]).fragment for a in refs_page.links
                    if urlsplit(a.get("href", "")).path == f"notebooks/{path.name}"}
            assert entries <= back, f"{lang}: {path.name}: {sorted(entries - back)} not on the references page"
    assert cited > 20


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGS)
def test_the_web_font_has_every_character_the_pages_show(site, lang):
    from fontTools.ttLib import TTFont

    cmap = TTFont(site / lang / "_static" / build_site.FONT_FILE).getBestCmap()
    missing = {c for c in build_site.site_characters(site / lang) if ord(c) not in cmap}
    assert {c for c in missing if not _system_symbol(c)} == set(), "".join(sorted(missing))
    css = (site / lang / "_static" / "course.css").read_text(encoding="utf-8")
    assert f'font-family: "{build_site.FONT_FAMILY}"' in css and f'url("{build_site.FONT_FILE}")' in css


def _system_symbol(c: str) -> bool:
    """Characters the course font has no glyph for and leaves to the reader's system fonts: emoji (the
    checks' ✅ ❌ 💡 ✍️), variation selectors, sub/superscript digits and combining accents."""
    cat = unicodedata.category(c)
    return (ord(c) >= 0x1F000 or 0x2600 <= ord(c) <= 0x27BF or 0xFE00 <= ord(c) <= 0xFE0F
            or 0x2070 <= ord(c) <= 0x209F or cat in ("Mn", "Cf"))


# --------------------------------------------------------------------------- in a real browser
class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(site):
    """The site over HTTP on 127.0.0.1 (browsers load no web fonts from file://)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser_page(served, request):
    from browser_helpers import browser_missing

    missing = browser_missing()
    if missing:
        pytest.skip(missing)
    from browser_helpers import CHROMIUM, CHROMIUM_ARGS

    p = request.getfixturevalue("playwright_session")
    browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(30_000)
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and not _benign(m.text) else None)
    page.course_requests, page.course_errors = requests, errors
    yield page
    browser.close()


def _system_cjk_font() -> bool:
    """Whether fontconfig knows a Chinese font (then Chinese would render even without the web font)."""
    import shutil
    import subprocess

    if not shutil.which("fc-list"):
        return True     # unknown: do not rely on the control
    return bool(subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip())


def _benign(message: str) -> bool:
    # pydata-sphinx-theme logs this on a first visit (no stored light/dark choice); a 404 is checked apart
    return "invalid theme mode" in message or "Failed to load resource" in message


# Marks every element whose own text has Chinese characters (or other characters only the course font has)
# and returns, per mark, how many such characters it shows; the test then asks Chromium (DevTools protocol,
# CSS.getPlatformFontsForNode) which fonts drew that text. A character drawn by a system font that lacks it
# is the missing-glyph box, so the web font must have drawn at least that many glyphs.
_JS_MARK = """(pattern) => {
  const re = new RegExp(pattern, "gu");
  const counts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Map();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest("script, style, noscript")) continue;
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: false})) continue;  // e.g. print-only parts
    const n = (node.textContent.match(re) || []).length;
    if (!n) continue;
    if (!seen.has(el)) { seen.set(el, counts.length); el.dataset.courseFontProbe = counts.length; counts.push(0); }
    counts[seen.get(el)] += n;
  }
  const probe = document.createElement("span");          // control: Chinese with no web font in its stack
  probe.style.fontFamily = "sans-serif";
  probe.textContent = "服务";
  probe.dataset.courseFontProbe = "control";
  document.body.appendChild(probe);
  return counts;
}"""
# Chinese characters, CJK punctuation and full-width forms: what the course font must draw
_CJK = r"[\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uFF00-\uFFEF]"


def _assert_chinese_in_web_font(page, where: str) -> None:
    counts = page.evaluate(_JS_MARK, _CJK)
    assert counts, f"{where}: no Chinese text to check"
    drawn = _fonts_drawing(page)
    boxes = {}
    for mark, n in enumerate(counts):
        web = sum(g for name, g in drawn[str(mark)].items() if name.startswith("web:"))
        if web < n:
            text = page.evaluate("(m) => document.querySelector(`[data-course-font-probe='${m}']`).innerText", str(mark))
            boxes[text[:40]] = drawn[str(mark)]
    assert boxes == {}, f"{where}: Chinese drawn by fonts that lack it (missing-glyph boxes): {boxes}"
    # the check can fail: the control (sans-serif only) draws Chinese with a system font here
    if not _system_cjk_font():
        assert not any(name.startswith("web:") for name in drawn["control"]), drawn["control"]


def _fonts_drawing(page) -> dict[str, dict[str, int]]:
    """{probe mark: {font family: glyphs}} for every marked element, from Chromium's DevTools protocol."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    out = {}
    for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-course-font-probe]"})["nodeIds"]:
        attrs = cdp.send("DOM.getAttributes", {"nodeId": node})["attributes"]
        mark = dict(zip(attrs[::2], attrs[1::2]))["data-course-font-probe"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        out[mark] = {}
        for f in fonts:
            name = ("web:" if f["isCustomFont"] else "") + f["familyName"]
            out[mark][name] = out[mark].get(name, 0) + f["glyphCount"]
    cdp.detach()
    return out


@pytest.mark.browser
@pytest.mark.site
@pytest.mark.parametrize("lang", LANGS)
def test_lesson_page_renders_every_character_in_the_web_font(browser_page, served, site, lang, tmp_path_factory):
    page = browser_page
    shots = tmp_path_factory.mktemp("site-screenshots")
    page.course_requests.clear()
    page.course_errors.clear()
    page.goto(f"{served}/{lang}/notebooks/03_servqual.html")
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")
    # English pages set Chinese in "Course Sans CJK" (the same file, CJK characters only), Chinese pages
    # everything in "Course Sans"
    family = {"en": "Course Sans CJK", "zh": "Course Sans"}[lang]
    fonts = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/\\x22/g, ''))")
    assert family in fonts, fonts
    sample = {"en": "五个维度", "zh": "五个维度：有形性、可靠性、响应性、保证性、移情性"}[lang]
    assert page.evaluate("([f, t]) => document.fonts.check(`16px \"${f}\"`, t)", [family, sample])
    for selector in ("article h1", "article p", "article li", "nav.bd-links a", "article pre"):
        family = page.evaluate("(s) => getComputedStyle(document.querySelector(s)).fontFamily", selector)
        assert "Course Sans" in family, f"{selector}: {family}"
    # every element showing Chinese: Chromium drew those characters with the web font, not a system font
    _assert_chinese_in_web_font(page, lang)
    page.screenshot(path=str(shots / f"{lang}-03_servqual.png"))
    page.locator("article").screenshot(path=str(shots / f"{lang}-03_servqual-article.png"))
    print(f"screenshots: {shots}")
    host = served.split("//")[1]
    assert [u for u in page.course_requests if urlsplit(u).netloc != host] == []
    assert page.course_errors == []


@pytest.mark.browser
@pytest.mark.site
def test_language_switch_chinese_search_and_jupyterhub_page(browser_page, served):
    page = browser_page
    page.goto(f"{served}/en/notebooks/05_peak_end.html")
    page.locator("a.course-lang-switch").click()
    page.wait_for_url(f"{served}/zh/notebooks/05_peak_end.html")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    # Chinese search: a term, and a phrase of two terms written without a space
    for query, expect in (("峰终定律", "峰终定律"), ("服务蓝图失误点", "服务蓝图")):
        page.goto(f"{served}/zh/search.html?q={query}")
        page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0", timeout=30_000)
        assert expect in page.locator("#search-results").inner_text()
    # the JupyterHub page builds hub-link's nbgitpuller link for the page it was opened from
    from course_lib.commands.hub_link import hub_link

    s = build_site.settings()
    path = "zh/notebooks/05_peak_end.ipynb"
    page.goto(f"{served}/zh/launch/jupyterhub.html?path={path}")
    page.fill("#course-hub-address", "https://hub.example.org/")
    expected = hub_link("https://hub.example.org", repo=s.repository, branch=s.branch, path=path)
    assert page.locator("#course-hub-link").get_attribute("href") == expected
    page.goto(f"{served}/zh/launch/jupyterhub.html?path=../../etc/passwd")
    assert page.locator("#course-hub-path").inner_text() == "zh/notebooks/00_start_here.ipynb"
    # the language-choice page leads to both sites, its Chinese in the web font too
    page.goto(f"{served}/index.html")
    page.evaluate("document.fonts.ready")
    _assert_chinese_in_web_font(page, "index.html")
    assert {a for a in page.evaluate("[...document.querySelectorAll('a.lang')].map(a => a.getAttribute('href'))")} == \
        {"en/index.html", "zh/index.html"}


# --------------------------------------------------------------------------- publishing
def test_make_site_ci_and_the_pages_workflow_build_and_publish_the_site():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^site: \$\(STAMP\)\n\t\$\(PY\) site/build_site\.py", makefile, re.M)
    assert re.search(r"^\.PHONY:.*\bsite\b", makefile, re.M), "site/ is a folder: the target must be phony"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.index("make site") < ci.index("make test"), "CI builds the site, then the tests read it"
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    on = workflow.get("on", workflow.get(True))           # YAML 1.1 reads the key `on` as True
    assert on["push"]["branches"] == ["main"] and "workflow_dispatch" in on
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["build"]["steps"]
    assert any(st.get("run") == "make site" for st in steps)
    upload = next(st for st in steps if str(st.get("uses", "")).startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == build_site.HTML.relative_to(ROOT).as_posix()
    assert any(str(st.get("uses", "")).startswith("actions/deploy-pages") for st in workflow["jobs"]["deploy"]["steps"])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make site" in readme and "pages.yml" in readme and "github.io" in readme


def test_citation_file_is_valid_cff_and_agrees_with_pyproject():
    import tomllib

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["cff-version"] == "1.2.0"
    assert {"cff-version", "message", "title", "authors"} <= set(cff)     # required by the 1.2.0 schema
    assert cff["authors"] and all(("name" in a) or ("family-names" in a) for a in cff["authors"])
    assert cff["version"] == project["version"]
    assert cff["repository-code"] == project["urls"]["Repository"]
    spdx = set(project["license"].split(" AND "))
    assert set(cff["license"]) == spdx
    assert cff["type"] in ("software", "dataset")
    try:
        from cffconvert.cli.create_citation import create_citation
    except ImportError:      # cffconvert pins an old jsonschema: validate with it outside the course's venv
        return
    create_citation(str(ROOT / "CITATION.cff"), None).validate()


def test_changelog_follows_keep_a_changelog():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n") and "keepachangelog.com" in text
    assert "## [Unreleased]" in text
    sections = re.findall(r"^### (\w+)$", text, re.M)
    assert sections and set(sections) <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    for subject in ("Chinese edition", "website", "course_lib", "concept map"):
        assert subject.lower() in text.lower(), subject
