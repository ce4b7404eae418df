"""Translated editions: catalogues complete and current, committed editions equal to what the build makes."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from course_lib import editions
from course_lib.commands.editions import _same_sources

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [s for s in editions.sources(ROOT) if editions.catalogue_path(s, "zh", ROOT).exists()]
DOCS = editions.doc_sources(ROOT)


def _lesson(root: Path, paragraphs: list[str], lang_line: str = 'LANG = "en"') -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(lang_line)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("\n\n".join(paragraphs)), params,
                nbformat.v4.new_code_cell("import course_lib as cl\ncl.setup(lang=LANG)")]
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i}"
    path = root / "notebooks" / "01_demo.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def _translate_all(path: Path, root: Path, table: dict[str, str]) -> None:
    from babel.messages.pofile import read_po

    po = editions.catalogue_path(path, "zh", root)
    with po.open("rb") as fh:
        cat = read_po(fh)
    for msg in cat:
        if msg.id:
            msg.string = table[msg.id]
            msg.flags.discard("fuzzy")
    editions._write_catalogue(cat, po)


def test_a_new_catalogue_lists_every_block_as_missing(tmp_path):
    src = _lesson(tmp_path, ["# Title", "First paragraph.", "```python\nx = 1\n```"])
    editions.update_catalogue(src, "zh", tmp_path)
    problems = editions.catalogue_problems(src, "zh", tmp_path)
    assert [(p.kind, p.msgid) for p in problems] == [("missing", "# Title"), ("missing", "First paragraph.")]
    with pytest.raises(editions.EditionError, match="missing: '# Title'"):
        editions.translate_notebook(src, "zh", tmp_path)


def test_translated_notebook_keeps_code_and_switches_the_language(tmp_path):
    src = _lesson(tmp_path, ["# Title", "First paragraph.", "```python\nx = 1\n```"])
    editions.update_catalogue(src, "zh", tmp_path)
    _translate_all(src, tmp_path, {"# Title": "# 标题", "First paragraph.": "第一段。"})
    assert editions.catalogue_problems(src, "zh", tmp_path) == []
    nb = editions.translate_notebook(src, "zh", tmp_path)
    assert nb.cells[0].source == "# 标题\n\n第一段。\n\n```python\nx = 1\n```"
    assert nb.cells[1].source == 'LANG = "zh"'
    assert nb.cells[2].source == "import course_lib as cl\ncl.setup(lang=LANG)"
    assert [c.id for c in nb.cells] == ["c0", "c1", "c2"]
    assert nb.metadata["course_edition"]["source"] == "notebooks/01_demo.ipynb"


def test_an_english_edit_makes_the_old_translation_fuzzy_and_blocks_the_build(tmp_path):
    src = _lesson(tmp_path, ["# Title", "First paragraph."])
    editions.update_catalogue(src, "zh", tmp_path)
    _translate_all(src, tmp_path, {"# Title": "# 标题", "First paragraph.": "第一段。"})
    _lesson(tmp_path, ["# Title", "First paragraph, now longer."])   # the author edits the English
    problems = editions.catalogue_problems(src, "zh", tmp_path)
    assert [p.kind for p in problems] == ["missing", "obsolete"]      # stale before the update …
    editions.update_catalogue(src, "zh", tmp_path)
    problems = editions.catalogue_problems(src, "zh", tmp_path)
    assert [(p.kind, p.msgid) for p in problems] == [("fuzzy", "First paragraph, now longer.")]  # … fuzzy after
    po = editions.catalogue_path(src, "zh", tmp_path).read_text(encoding="utf-8")
    assert '#| msgid "First paragraph."' in po and 'msgstr "第一段。"' in po   # the translator sees what changed
    with pytest.raises(editions.EditionError, match="fuzzy"):
        editions.translate_notebook(src, "zh", tmp_path)


def test_a_notebook_without_a_language_switch_is_refused(tmp_path):
    src = _lesson(tmp_path, ["# Title"], lang_line="industry = 'bank'")
    editions.update_catalogue(src, "zh", tmp_path)
    _translate_all(src, tmp_path, {"# Title": "# 标题"})
    with pytest.raises(editions.EditionError, match="no language switch"):
        editions.translate_notebook(src, "zh", tmp_path)


def test_rewriting_an_unchanged_catalogue_changes_no_byte(tmp_path):
    src = _lesson(tmp_path, ["# Title", "Text."])
    po = editions.update_catalogue(src, "zh", tmp_path)
    first = po.read_bytes()
    editions.update_catalogue(src, "zh", tmp_path)
    assert po.read_bytes() == first


@pytest.mark.parametrize("source", TRANSLATED + DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_catalogue_is_complete_and_current(source):
    problems = editions.catalogue_problems(source, "zh", ROOT)
    assert not problems, "\n".join(map(str, problems)) + "\nrun: service-course editions --catalogues, then translate"


@pytest.mark.parametrize("source", TRANSLATED, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_committed_edition_is_what_the_build_makes(source):
    target = editions.edition_path(source, "zh", ROOT)
    assert target.exists(), f"run: service-course editions {source.relative_to(ROOT)}"
    built = editions.translate_notebook(source, "zh", ROOT)
    assert _same_sources(built, nbformat.read(target, as_version=4)), \
        f"{target.relative_to(ROOT)} is out of date: run make editions"


# --------------------------------------------------------------------------- markdown documents
def _doc(root: Path, text: str) -> Path:
    path = root / "instructor" / "GUIDE.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


DOC = """# Guide

Intro paragraph.

| time | what |
|---|---|
| 09:00 | Welcome |

```bash
make lab        # open the course
```

```bash
make test
```
"""


def test_a_document_is_translated_row_by_row_with_commented_code(tmp_path):
    src = _doc(tmp_path, DOC)
    assert editions.catalogue_path(src, "zh", tmp_path) == tmp_path / "translations/zh_CN/docs/instructor_GUIDE.po"
    assert editions.edition_path(src, "zh", tmp_path) == tmp_path / "zh/instructor/GUIDE.md"
    editions.update_catalogue(src, "zh", tmp_path)
    problems = editions.catalogue_problems(src, "zh", tmp_path)
    assert [p.msgid for p in problems] == ["# Guide", "Intro paragraph.", "| time | what |", "| 09:00 | Welcome |",
                                           "```bash\nmake lab        # open the course\n```"]
    assert all(p.kind == "missing" for p in problems)
    assert problems[3].where == "instructor/GUIDE.md#guide"          # the section a message is in
    with pytest.raises(editions.EditionError, match="missing"):
        editions.translate_document(src, "zh", tmp_path)
    _translate_all(src, tmp_path, {"# Guide": "# 手册", "Intro paragraph.": "引言。", "| time | what |": "| 时间 | 内容 |",
                                   "| 09:00 | Welcome |": "| 09:00 | 欢迎 |",
                                   "```bash\nmake lab        # open the course\n```": "```bash\nmake lab        # 打开课程\n```"})
    text = editions.translate_document(src, "zh", tmp_path)
    assert text.startswith("<!-- Generated from instructor/GUIDE.md and translations/zh_CN/docs/instructor_GUIDE.po")
    assert text.split("\n", 2)[2] == ("# 手册\n\n引言。\n\n| 时间 | 内容 |\n|---|---|\n| 09:00 | 欢迎 |\n\n"
                                      "```bash\nmake lab        # 打开课程\n```\n\n```bash\nmake test\n```\n")


def test_a_changed_table_row_is_fuzzy_and_blocks_the_document(tmp_path):
    src = _doc(tmp_path, "# Guide\n\n| time | what |\n|---|---|\n| 09:00 | Welcome |\n")
    editions.update_catalogue(src, "zh", tmp_path)
    _translate_all(src, tmp_path, {"# Guide": "# 手册", "| time | what |": "| 时间 | 内容 |", "| 09:00 | Welcome |": "| 09:00 | 欢迎 |"})
    _doc(tmp_path, "# Guide\n\n| time | what |\n|---|---|\n| 09:30 | Welcome |\n")   # one row changes
    editions.update_catalogue(src, "zh", tmp_path)
    assert [(p.kind, p.msgid) for p in editions.catalogue_problems(src, "zh", tmp_path)] == [
        ("fuzzy", "| 09:30 | Welcome |")]
    with pytest.raises(editions.EditionError, match="fuzzy"):
        editions.translate_document(src, "zh", tmp_path)


@pytest.mark.parametrize("source", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_committed_document_is_what_the_build_makes(source):
    target = editions.edition_path(source, "zh", ROOT)
    assert target.exists(), f"run: service-course editions {source.relative_to(ROOT)}"
    assert target.read_text(encoding="utf-8") == editions.translate_document(source, "zh", ROOT), \
        f"{target.relative_to(ROOT)} is out of date: run service-course editions --no-execute"


@pytest.mark.parametrize("source", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_translated_document_links_resolve(source):
    """Anchors point at the translated headings, relative links at files that exist from zh/…"""
    import re

    target = editions.edition_path(source, "zh", ROOT)
    text = target.read_text(encoding="utf-8")
    headings = {editions.heading_anchor(h) for h in re.findall(r"^#{1,6} (.+)$", text, flags=re.M)}
    for link in re.findall(r"\]\(([^)\s]+)\)", text):
        if link.startswith("#"):
            assert link[1:] in headings, f"{target.relative_to(ROOT)}: no heading for {link}"
        elif not re.match(r"[a-z]+:", link):
            assert (target.parent / link.split("#")[0]).exists(), f"{target.relative_to(ROOT)}: broken link {link}"
    assert len(re.findall(r"[\u4e00-\u9fff]", text)) > len(re.findall(r"\b[A-Za-z]{4,}\b", text)) / 2, \
        "the translated document should be mostly Chinese"


def test_chinese_guide_quotes_the_real_chinese_hints():
    import re

    from course_lib.checks import _core
    from course_lib.lang import pick

    registry = _core.registry()
    guide = (ROOT / "zh" / "instructor" / "GUIDE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| \d\d · `([\w.]+)` \| [^|]+ \| “(.+)” \|$", guide, flags=re.M)
    english = re.findall(r"^\| \d\d · `([\w.]+)` \|", (ROOT / "instructor" / "GUIDE.md").read_text(encoding="utf-8"),
                         flags=re.M)
    assert [task for task, _ in rows] == english
    for task_id, quoted in rows:
        hint = pick(registry[task_id].hint, "zh")
        for piece in re.split(r"\s*…\s*", quoted.replace("\\|", "|")):
            assert piece.strip(" 。") in hint, (task_id, piece)


def _chinese_texts():
    """Every file whose Chinese a trainee, an instructor or a reader sees."""
    patterns = ["course_lib/**/*.py", "notebooks/*.ipynb", "solutions/*.ipynb", "exercises/*.ipynb",
                "zh/**/*.ipynb", "zh/**/*.md", "instructor/**/*.md", "instructor/**/*.yml", "datasets/README.md", "README*.md",
                "translations/**/*.po"]
    for pattern in patterns:
        yield from sorted(ROOT.glob(pattern))


def test_no_rejected_term_anywhere():
    import re

    import yaml

    terms = yaml.safe_load((ROOT / "translations" / "zh_CN" / "terms.yml").read_text(encoding="utf-8"))
    rejected = [(t["zh"], re.compile(r)) for t in terms for r in t.get("rejected", [])]
    found = []
    for path in _chinese_texts():
        if path.suffix == ".po":  # the translations in use (not the English, not #~ entries kept for reuse)
            text = "\n".join(m.string for m in editions.read_catalogue(path) if m.id and m.string)
        else:
            text = path.read_text(encoding="utf-8")
        for preferred, pattern in rejected:
            for m in pattern.finditer(text):
                found.append(f"{path.relative_to(ROOT)}: {m.group(0)!r} (use {preferred})")
    assert not found, "\n".join(found)
