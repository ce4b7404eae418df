"""Notebooks: hygiene, links, exercises in sync, untouched exercises and parameter sets executed.

Lessons and solutions are executed by nbval (``make test`` passes ``--nbval notebooks solutions``),
which compares every output with the committed one; solutions run with strict checks there.
This file executes what nbval does not: exercises in their untouched state, the extra parameter sets
of parameterised notebooks, and fixtures proving that strict mode and the stderr rule bite.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from course_lib import authoring, runner

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = [ROOT, ROOT / "zh"]  # the English source and the Chinese edition built from it (course_lib.editions)
LESSONS = [p for e in EDITIONS for p in sorted((e / "notebooks").glob("*.ipynb"))]
SOLUTIONS = [p for e in EDITIONS for p in sorted((e / "solutions").glob("*.ipynb"))]
EXERCISES = [p for e in EDITIONS for p in sorted((e / "exercises").glob("*.ipynb"))]
ALL = LESSONS + SOLUTIONS + EXERCISES
FIXTURES = ROOT / "tests" / "fixtures"
PARAMS = yaml.safe_load((ROOT / "tests" / "notebook_params.yml").read_text(encoding="utf-8")) or {}


# This checkout's own folder, home folders and temporary folders must never appear in a notebook.
MACHINE_PATH = re.compile("|".join([re.escape(str(p) + "/") for p in (ROOT, Path.home())]
                                   + [r"/home/\w", r"/tmp/\w", r"/Users/\w", r"[A-Z]:\\Users"]))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def read(path: Path):
    return nbformat.read(str(path), as_version=4)


# --------------------------------------------------------------------------- hygiene
@pytest.mark.parametrize("path", ALL, ids=rel)
def test_hygiene(path):
    nb = read(path)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    ids = [c.get("id") for c in nb.cells]
    assert all(ids) and len(set(ids)) == len(ids), "every cell needs a unique id"
    text = nbformat.writes(nb)
    assert not MACHINE_PATH.search(text), "absolute path of a machine in the notebook"
    assert not re.search(r"0x[0-9a-f]{8,}", text), "memory address in an output"
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert not re.search(r"^\s*(def|class) ", cell.source, re.M), "helper code belongs in course_lib"
        assert cell.source.count("\n") < 25, f"code cell {cell.id} is long; split it or move logic to course_lib"
        size = sum(len(str(o)) for o in cell.get("outputs", []))
        assert size < 600_000, f"cell {cell.id} has {size} bytes of output"


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS, ids=rel)
def test_committed_executed_top_to_bottom_without_errors(path):
    nb = read(path)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "re-run with `make outputs NB=…` (fresh kernel, in order)"
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"cell {cell.id} raised"
            assert not (out.output_type == "stream" and out.name == "stderr"), f"cell {cell.id} wrote to stderr"
    assert "papermill" not in nb.metadata and "widgets" not in nb.metadata


@pytest.mark.parametrize("path", EXERCISES, ids=rel)
def test_exercises_have_no_outputs(path):
    nb = read(path)
    assert all(not c.outputs and c.execution_count is None for c in nb.cells if c.cell_type == "code")


def test_every_solution_has_its_exercise_and_they_are_in_sync():
    assert [rel(p).replace("solutions/", "") for p in SOLUTIONS] == [rel(p).replace("exercises/", "") for p in EXERCISES]
    for sol, ex in zip(SOLUTIONS, EXERCISES):
        expected = nbformat.writes(authoring.make_exercise(sol))
        assert nbformat.writes(read(ex)) == expected, f"{rel(ex)} is stale: run `make exercises`"
        assert "# BEGIN SOLUTION" not in ex.read_text(encoding="utf-8")


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


@pytest.mark.parametrize("path", ALL + [ROOT / "README.md", ROOT / "README.zh-CN.md", ROOT / "CONTRIBUTING.md"], ids=rel)
def test_every_relative_link_resolves(path):
    if path.suffix == ".ipynb":
        texts = [c.source for c in read(path).cells if c.cell_type == "markdown"]
    else:
        texts = [path.read_text(encoding="utf-8")]
    broken = []
    for text in texts:
        for target in LINK.findall(text):
            if re.match(r"^(https?:|mailto:|#)", target):
                continue
            target = target.split("#")[0]
            if not (path.parent / target).exists():
                broken.append(target)
    assert not broken, f"links that do not resolve: {broken}"


@pytest.mark.parametrize("path", [p for p in LESSONS if p.name[:2] != "00"], ids=rel)
def test_lessons_read_as_a_story(path):
    md = "\n".join(c.source for c in read(path).cells if c.cell_type == "markdown").lower()
    zh = "zh" in path.relative_to(ROOT).parts
    for needle in (("学习目标", "术语", "参考文献") if zh else ("objectives", "glossary", "references")):
        assert needle in md, f"a lesson needs its {needle}"
    assert re.search(r"要点|小结" if zh else r"key points|recap", md), "a lesson ends with its key points"
    assert re.search(r"\d+\s*分钟" if zh else r"\d+\s*min", md), "state the estimated time"


# --------------------------------------------------------------------------- execution
@pytest.mark.notebook
@pytest.mark.parametrize("path", EXERCISES, ids=rel)
def test_untouched_exercise_runs_top_to_bottom(path, tmp_path):
    result = runner.execute(runner.Job.for_notebook(path, tmp_path, strict=False))
    assert result.ok, result.error
    outputs = "".join(str(o) for c in read(result.output).cells for o in c.get("outputs", []))
    assert "Not answered yet" in outputs or "尚未作答" in outputs or "check(" not in path.read_text(encoding="utf-8")


PARAM_CASES = [(ROOT / nb, case["name"], case["parameters"]) for nb, cases in PARAMS.items() for case in cases]


@pytest.mark.notebook
@pytest.mark.parametrize("path, name, parameters", PARAM_CASES, ids=[f"{p.name}[{n}]" for p, n, _ in PARAM_CASES])
def test_parameter_sets_run(path, name, parameters, tmp_path):
    job = runner.Job.for_notebook(path, tmp_path, parameters=parameters, suffix=f"__{name}")
    result = runner.execute(job)
    assert result.ok, result.error


@pytest.mark.notebook
def test_strict_mode_fails_a_wrong_solution(tmp_path):
    path = FIXTURES / "wrong_solution.ipynb"
    strict = runner.execute(runner.Job.for_notebook(path, tmp_path, strict=True))
    assert not strict.ok and "CheckError" in strict.error and "Not yet" in strict.error
    lenient = runner.execute(runner.Job.for_notebook(path, tmp_path, strict=False, suffix="_lenient"))
    assert lenient.ok


@pytest.mark.notebook
def test_a_notebook_writing_to_stderr_fails(tmp_path):
    result = runner.execute(runner.Job.for_notebook(FIXTURES / "writes_stderr.ipynb", tmp_path))
    assert not result.ok and "wrote to stderr" in result.error


@pytest.mark.notebook
def test_future_warnings_in_notebook_code_are_errors(tmp_path):
    result = runner.execute(runner.Job.for_notebook(FIXTURES / "future_warning.ipynb", tmp_path))
    assert not result.ok and "FutureWarning" in result.error


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS, ids=rel)
def test_one_language_switch_at_the_top(path):
    """The first code cell is the parameters cell and sets LANG; cl.setup(lang=LANG) follows it, so the one
    switch drives plots, tables, widgets and checks (and the Chinese edition sets it to "zh")."""
    code = [c for c in read(path).cells if c.cell_type == "code"]
    lang = "zh" if "zh" in path.relative_to(ROOT).parts else "en"
    assert "parameters" in code[0].metadata.get("tags", []), "the first code cell must be tagged parameters"
    assert re.search(rf'^LANG = "{lang}"', code[0].source, re.M), f'the parameters cell must set LANG = "{lang}"'
    setups = [c for c in code if "cl.setup(" in c.source]
    assert setups and "cl.setup(lang=LANG)" in setups[0].source and code.index(setups[0]) == 1
