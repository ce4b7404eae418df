"""Exercises generated from solutions: stubs, answer cells, safety for trainees' work."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
import pytest

from course_lib import authoring


def solution_nb():
    nb = new_notebook(cells=[
        new_markdown_cell("# Title"),
        new_code_cell("import pandas as pd\ndf = pd.DataFrame({'a': [1, 2]})"),
        new_code_cell("# BEGIN SOLUTION\nhelper = df['a'] * 2\ntotal = helper.sum()\n# END SOLUTION\n"
                      "check('x.total', total)"),
        new_code_cell("for k in range(2):\n    # BEGIN SOLUTION\n    y = k + 1\n    # END SOLUTION\n    print(y)"),
        new_code_cell("# BEGIN SOLUTION\ndf.plot()\n# END SOLUTION"),
        new_markdown_cell("The answer is (b) because …", metadata={"tags": ["solution"]}),
    ])
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="hi")]
    nb.cells[1].execution_count = 3
    return nb


def test_stubs_keep_only_the_names_used_later():
    ex = authoring.make_exercise(solution_nb())
    assert ex.cells[2].source == "total = ...  # your code here\ncheck('x.total', total)"
    assert ex.cells[3].source == "for k in range(2):\n    y = ...  # your code here\n    print(y)"
    assert ex.cells[4].source == "...  # your code here"
    assert "answer" in ex.cells[2].metadata["tags"]


def test_solution_tagged_cells_become_empty_answers_and_outputs_are_cleared():
    sol = solution_nb()
    ex = authoring.make_exercise(sol)
    assert ex.cells[5].source == authoring.MD_ANSWER and "solution" not in ex.cells[5].metadata["tags"]
    assert all(c.outputs == [] and c.execution_count is None for c in ex.cells if c.cell_type == "code")
    assert [c.id for c in ex.cells] == [c.id for c in sol.cells]
    assert "because" not in nbformat.writes(ex)


def test_unbalanced_markers_are_reported():
    nb = new_notebook(cells=[new_code_cell("# BEGIN SOLUTION\nx = 1")])
    with pytest.raises(ValueError, match="without '# END SOLUTION'"):
        authoring.make_exercise(nb)


def test_build_is_idempotent_and_protects_worked_in_exercises(tmp_path):
    (tmp_path / "solutions").mkdir()
    nbformat.write(solution_nb(), tmp_path / "solutions" / "01_x.ipynb")
    first = authoring.build_all(tmp_path)
    assert [r.status for r in first] == ["written"]
    target = tmp_path / "exercises" / "01_x.ipynb"
    before = target.read_bytes()
    assert [r.status for r in authoring.build_all(tmp_path)] == ["unchanged"]
    assert target.read_bytes() == before
    assert not authoring.is_worked_in(target)

    # a trainee answers a question
    ex = nbformat.read(target, as_version=4)
    ex.cells[2].source = ex.cells[2].source.replace("...", "df['a'].sum()")
    nbformat.write(ex, target)
    assert authoring.is_worked_in(target)
    # the author changes the solution: regeneration must not destroy the trainee's work
    sol = solution_nb()
    sol.cells[0].source = "# New title"
    nbformat.write(sol, tmp_path / "solutions" / "01_x.ipynb")
    assert [r.status for r in authoring.build_all(tmp_path)] == ["refused"]
    assert "df['a'].sum()" in target.read_text()
    forced = authoring.build_all(tmp_path, force=True)[0]
    assert forced.status == "written" and forced.backup.exists()
    assert "df['a'].sum()" in forced.backup.read_text()
    assert "# New title" in target.read_text()


def test_outputs_alone_mark_an_exercise_as_worked_in(tmp_path):
    ex = authoring.make_exercise(solution_nb())
    ex.cells[1].outputs = [nbformat.v4.new_output("stream", text="ran")]
    path = tmp_path / "e.ipynb"
    nbformat.write(ex, path)
    assert authoring.is_worked_in(path)
