"""``service-course progress``: the room view read from saved exercise notebooks (synthetic ones, built
with nbformat, with the check records ``check(...)`` publishes)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course_lib.cli import main
from course_lib.commands import progress

MIME = progress.CHECK_MIMETYPE
TASKS = ["servqual.clean_survey", "servqual.reliability_gap", "servqual.what_first"]
HINT = {"servqual.clean_survey": "sq.validate_responses(raw) lists the problems.",
        "servqual.reliability_gap": "Per respondent: mean of P5–P9 minus mean of E5–E9.",
        "servqual.what_first": "Look for a large negative gap."}


def record(task, status, hint=None, lang="en"):
    return {"task": task, "status": status, "hint_shown": hint is not None, "hint": hint, "lang": lang,
            "version": 1}


def exercise(statuses: dict[str, str | None], *, secret: str = "", hints: dict | None = None,
             metadata: bool = True):
    """An exercise notebook: one answer cell per task, with the check's output for ``statuses[task]``
    (``None``: the cell was never run). ``secret`` is written into the answers and the messages."""
    hints = hints or {}
    cells = [new_markdown_cell("# Exercise 03 · SERVQUAL"), new_code_cell("LANG = 'en'")]
    for task in TASKS:
        source = f'answer = "{secret or "x"}"\ncheck("{task}", answer)'
        cell = new_code_cell(source)
        status = statuses.get(task)
        if status is not None:
            hint = hints.get(task, HINT[task]) if status == "fail" else None
            text = {"pass": "✅ Correct", "fail": f"❌ Not yet: your value {secret} is not right",
                    "unanswered": "✍️ Not answered yet"}[status]
            cell.outputs = [new_output("display_data", data={"text/plain": text, MIME: record(task, status, hint)})]
        cells.append(cell)
    nb = new_notebook(cells=cells)
    if metadata:
        nb.metadata["course_exercise"] = {"generated_from": "solutions", "source_hash": "abc"}
    return nb


def save(nb, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def hub_home(root: Path, user: str, nb) -> Path:
    return save(nb, root / user / "service-course" / "exercises" / "03_servqual.ipynb")


@pytest.fixture
def room(tmp_path):
    """Four trainees on a hub: right, stuck, not answered, never ran a check."""
    homes = tmp_path / "homes"
    hub_home(homes, "alice", exercise({t: "pass" for t in TASKS}, secret="ALICE-ANSWER"))
    hub_home(homes, "bob", exercise({TASKS[0]: "fail", TASKS[1]: "fail", TASKS[2]: "pass"}, secret="BOB-ANSWER"))
    hub_home(homes, "carol", exercise({TASKS[0]: "fail", TASKS[1]: "unanswered"}, secret="CAROL-ANSWER",
                                      hints={TASKS[0]: "A rarer hint."}))
    hub_home(homes, "dave", exercise({}, secret="DAVE-ANSWER"))
    return homes


def rows(homes) -> dict[str, progress.TaskRow]:
    r = progress.read_room([homes])
    return {row.task: row for row in r.rows("servqual")}


def test_counts_per_task_and_most_frequent_hint(room):
    by_task = rows(room)
    assert list(by_task) == TASKS
    clean = by_task["servqual.clean_survey"]
    assert (clean.trainees, clean.answered, clean.right, clean.stuck, clean.not_yet) == (4, 3, 1, 2, 1)
    assert clean.hint_count == 1 and clean.hint in (HINT[TASKS[0]], "A rarer hint.")
    gap = by_task["servqual.reliability_gap"]
    assert (gap.answered, gap.right, gap.stuck, gap.unanswered, gap.not_yet) == (2, 1, 1, 1, 2)
    assert gap.hint == HINT[TASKS[1]] and gap.hint_count == 1
    first = by_task["servqual.what_first"]
    assert (first.answered, first.right, first.stuck, first.not_yet, first.hint) == (2, 2, 0, 2, None)


def test_most_frequent_hint_wins(tmp_path):
    for user, hint in (("a", "common"), ("b", "common"), ("c", "rare")):
        hub_home(tmp_path, user, exercise({TASKS[0]: "fail"}, hints={TASKS[0]: hint}))
    row = rows(tmp_path)[TASKS[0]]
    assert (row.hint, row.hint_count, row.stuck) == ("common", 2, 3)


def test_terminal_table_and_grid(room, capsys):
    assert main(["progress", str(room), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Exercise 03_servqual: 4 trainees" in out
    line = next(line for line in out.splitlines() if line.startswith("1. "))
    assert re.search(r"3/4\s+1\s+2\s+1\s+\(1×\)", line), line
    grid = [line for line in out.splitlines() if line.startswith("trainee ")]
    assert grid == ["trainee 1   ✓  ✓  ✓   3/3", "trainee 2   ✗  ✗  ✓   1/3",
                    "trainee 3   ✗  ·  ·   0/3", "trainee 4   ·  ·  ·   0/3"]


def test_names_hidden_by_default_and_never_any_answer(room, tmp_path, capsys):
    html_path = tmp_path / "room.html"
    assert main(["progress", str(room), "--html", str(html_path), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    page = html_path.read_text(encoding="utf-8")
    for shown in (text, page):
        for name in ("alice", "bob", "carol", "dave"):
            assert name not in shown
        assert "ANSWER" not in shown and "your value" not in shown       # no answer, no message text
    assert "trainee 1" in page and "trainee 4" in page


def test_names_shown_on_request_in_a_stable_natural_order(tmp_path, capsys):
    for user in ("trainee-10", "trainee-2", "trainee-1"):
        hub_home(tmp_path, user, exercise({TASKS[0]: "pass"}))
    r = progress.read_room([tmp_path])
    assert r.trainees == ["trainee-1", "trainee-2", "trainee-10"]
    assert [r.label(t, "hide", "en") for t in r.trainees] == ["trainee 1", "trainee 2", "trainee 3"]
    assert main(["progress", str(tmp_path), "--names", "show", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.index("trainee-2 ") < out.index("trainee-10 ")
    # the same files give the same numbers again (what a projector refreshing every 30 s needs)
    assert progress.read_room([tmp_path]).trainees == r.trainees


def test_html_escapes_names_hints_and_is_self_contained(tmp_path, capsys):
    evil = '<img src=x onerror=alert(1)>'
    hub_home(tmp_path, evil, exercise({TASKS[0]: "fail"}, hints={TASKS[0]: '<script>alert("hint")</script>'}))
    hub_home(tmp_path, "ok&<b>", exercise({TASKS[0]: "pass"}))
    out = tmp_path / "room.html"
    assert main(["progress", str(tmp_path), "--html", str(out), "--names", "show", "--lang", "en"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<img" not in page and "<script" not in page and "<b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;script&gt;" in page and "ok&amp;&lt;b&gt;" in page
    assert not re.search(r"""(src|href)\s*=|https?://|@import|url\(""", page.replace("&lt;img src=x", ""))
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def test_terminal_control_characters_in_names_are_neutralised(tmp_path, capsys):
    hub_home(tmp_path, "bad\x1b[31mname", exercise({TASKS[0]: "pass"}))
    assert main(["progress", str(tmp_path), "--names", "show", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "bad?[31mname" in out


def test_broken_and_foreign_files_are_reported_never_a_traceback(tmp_path, capsys):
    good = hub_home(tmp_path, "good", exercise({TASKS[0]: "pass"}))
    text = json.dumps(nbformat.writes(exercise({TASKS[0]: "pass"})))
    half = tmp_path / "half" / "03_servqual.ipynb"
    half.parent.mkdir()
    half.write_text(good.read_text(encoding="utf-8")[: len(text) // 2], encoding="utf-8")   # half-saved
    empty = tmp_path / "empty" / "03_servqual.ipynb"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    binary = tmp_path / "binary" / "03_servqual.ipynb"
    binary.parent.mkdir()
    binary.write_bytes(b"\xff\xfe\x00garbage")
    foreign = tmp_path / "foreign" / "list.ipynb"
    foreign.parent.mkdir()
    foreign.write_text("[1, 2, 3]", encoding="utf-8")
    save(new_notebook(cells=[new_code_cell("print('hello')")]), tmp_path / "lesson" / "plain.ipynb")
    save(exercise({TASKS[0]: "pass"}, metadata=False), tmp_path / "solution" / "03_servqual.ipynb")
    (tmp_path / "dir" / "folder.ipynb").mkdir(parents=True)                 # cannot be read
    broken_cells = tmp_path / "weird" / "03_servqual.ipynb"
    broken_cells.parent.mkdir()
    broken_cells.write_text(json.dumps({"metadata": {"course_exercise": {}}, "cells": [
        "not a cell", {"cell_type": "code", "source": ["check('servqual.what_first', x)"], "outputs": [
            {"output_type": "display_data", "data": {MIME: {"task": "servqual.what_first", "status": "maybe"}}},
            {"output_type": "display_data", "data": {MIME: "not json"}},
            {"output_type": "display_data", "data": "not a dict"}, 42]},
        {"cell_type": "code", "source": 17, "outputs": "nope"}]}), encoding="utf-8")
    assert main(["progress", str(tmp_path), str(tmp_path / "missing.ipynb"), str(tmp_path / "no-*.ipynb"),
                 "--names", "show", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Exercise 03_servqual: 2 trainees" in out                            # good + weird
    assert "half-saved or damaged" in out and "empty file" in out and "not UTF-8" in out
    assert "not a Jupyter notebook" in out and "cannot be read" in out
    assert "not found" in out and "no file matches this pattern" in out
    assert "Left out: 1 × not an exercise" in out and "Left out: 1 × not a trainee's exercise" in out
    weird = next(nb for nb in progress.read_room([tmp_path]).notebooks if nb.trainee == "weird")
    assert weird.tasks == ["servqual.what_first"] and weird.records == {}   # bad records ignored


def test_nothing_readable_exits_1(tmp_path, capsys):
    (tmp_path / "x.ipynb").write_text("{", encoding="utf-8")
    assert main(["progress", str(tmp_path / "x.ipynb"), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "No saved exercise notebook was found." in out and "half-saved" in out


def test_notebook_without_records_counts_its_check_cells_as_not_answered(root, capsys):
    """The committed exercise (no check has run): its nine tasks come from its check(...) calls."""
    r = progress.read_room([root / "exercises" / "03_servqual.ipynb"])
    by_task = {row.task: row for row in r.rows("servqual")}
    assert len(by_task) == 9 and all(row.not_yet == 1 and row.answered == 0 for row in by_task.values())
    assert main(["progress", str(root / "exercises" / "03_servqual.ipynb"), "--lang", "en"]) == 0
    assert "no check run yet (9 tasks" in capsys.readouterr().out


def test_last_record_wins_and_the_worked_copy_counts(tmp_path):
    nb = exercise({TASKS[0]: "fail"})
    nb.cells.append(new_code_cell(f'check("{TASKS[0]}", 2)', outputs=[
        new_output("display_data", data={"text/plain": "✅", MIME: record(TASKS[0], "pass")})]))
    hub_home(tmp_path, "a", nb)
    # the same trainee's untouched Chinese copy, newer on disk, does not replace the worked one
    zh = save(exercise({}), tmp_path / "a" / "service-course" / "zh" / "exercises" / "03_servqual.ipynb")
    os.utime(zh, (zh.stat().st_atime + 60, zh.stat().st_mtime + 60))
    r = progress.read_room([tmp_path])
    (only,) = r.notebooks
    assert only.status(TASKS[0]) == "pass" and only.path.parts[-3] == "service-course"
    assert [s.quiet for s in r.skipped] == [True]


def test_collected_copies_in_one_folder_are_told_apart_by_file_name(tmp_path):
    save(exercise({TASKS[0]: "pass"}), tmp_path / "alice_03.ipynb")
    save(exercise({TASKS[0]: "fail"}), tmp_path / "bob_03.ipynb")
    save(exercise({TASKS[0]: "pass"}), tmp_path / ".ipynb_checkpoints" / "alice_03-checkpoint.ipynb")
    r = progress.read_room([tmp_path])
    assert r.trainees == ["alice_03", "bob_03"]
    assert rows(tmp_path)[TASKS[0]].right == 1


def test_glob_over_hub_homes(room, capsys):
    pattern = str(room / "*" / "service-course" / "exercises" / "03_servqual.ipynb")
    assert main(["progress", pattern, "--lang", "en"]) == 0
    assert "Exercise 03_servqual: 4 trainees" in capsys.readouterr().out


def test_chinese_view_uses_the_task_titles_in_chinese(room, tmp_path, capsys):
    out = tmp_path / "room.html"
    assert main(["progress", str(room), "--lang", "zh", "--html", str(out), "--refresh", "30"]) == 0
    text = capsys.readouterr().out
    from course_lib.checks import get_task
    from course_lib.lang import pick

    title_zh = pick(get_task(TASKS[0]).title, "zh")
    assert title_zh in text and title_zh in out.read_text(encoding="utf-8")
    page = out.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and '<meta http-equiv="refresh" content="30">' in page


def test_course_lang_environment_chooses_the_language(room, capsys, monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "zh")
    from course_lib import lang

    monkeypatch.setattr(lang, "_current", None)
    assert main(["progress", str(room)]) == 0
    from course_lib.checks import get_task
    from course_lib.lang import pick

    assert pick(get_task(TASKS[0]).title, "zh") in capsys.readouterr().out


def test_every_message_is_a_T_message_with_its_placeholders():
    """The command's user-visible text goes through T (so the catalogue can translate it)."""
    import ast

    source = Path(progress.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    messages = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "T"]
    assert len(messages) > 20
    for call in messages:
        if isinstance(call.args[0], ast.Constant):
            wanted = set(re.findall(r"\{(\w+)", call.args[0].value))
            given = {kw.arg for kw in call.keywords} - {"context"}
            assert wanted == given, call.args[0].value
    # no print of a bare English literal
    assert not re.search(r"print\(\s*f?[\"']", source)
