"""service-course: doctor, run, outputs, exercises."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from course_lib import cli, files, runner
from course_lib.commands.doctor import doctor
from course_lib.commands.hub_link import hub_link

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def test_doctor_passes_here_one_line_per_item():
    lines = []
    assert doctor(out=lines.append) == 0
    text = "\n".join(lines)
    assert "FAIL" not in text and "Chinese plot font" in text and "pandas" in text
    assert lines[-1].startswith("All good")


def test_doctor_speaks_the_chosen_language(capsys, monkeypatch):
    assert cli.main(["doctor", "--lang", "zh"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.search(r"[\u4e00-\u9fff]", lines[0]) and "Service Excellence" not in lines[0]
    assert "zh/notebooks/00_start_here.ipynb" in lines[-1]
    from course_lib import lang

    monkeypatch.setattr(lang, "_current", None)                   # no language chosen in this process yet:
    monkeypatch.setenv("COURSE_LANG", "zh")                       # the default follows $COURSE_LANG
    out = []
    doctor(out=out.append)
    assert out == lines


def test_doctor_reports_a_package_that_is_not_installed(monkeypatch):
    from course_lib.commands import doctor as doctor_module

    monkeypatch.setattr(doctor_module, "REQUIRED", ["pandas", "no_such_course_package"])
    lines = []
    assert doctor(out=lines.append) == 1
    assert any("FAIL" in line and "no_such_course_package cannot be imported" in line for line in lines)


def test_doctor_in_a_notebook_does_not_import_the_server_stacks():
    """The start page runs doctor in a kernel: finding jupyterlab and nbconvert must not import them
    (seconds of a trainee's first cell), and no course process pays the rfc3987_syntax grammar."""
    import subprocess
    import sys

    code = ("import sys, course_lib as cl; cl.doctor(); import nbformat; "
            "print(sorted(m for m in ('jupyterlab', 'nbconvert', 'papermill', 'jupyter_server') if m in sys.modules), "
            "sys.modules.get('rfc3987_syntax', 'absent'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1].split() == ["[]", "None"]


def test_doctor_names_the_fix_when_datasets_are_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATASETS", str(tmp_path / "nowhere"))
    lines = []
    assert doctor(out=lines.append) >= 1
    text = "\n".join(lines)
    assert "FAIL" in text and "fix:" in text and "datasets" in text


def test_doctor_reports_a_missing_font(monkeypatch, tmp_path):
    from course_lib import style

    monkeypatch.setattr(style, "font_path", lambda: tmp_path / "missing.otf")
    lines = []
    assert doctor(out=lines.append) >= 1
    assert any("FAIL Chinese plot font file missing" in line for line in lines)


def test_clean_outputs_strips_volatile_metadata():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    nb.metadata["papermill"] = {"duration": 1.2}
    nb.cells[0].metadata["execution"] = {"iopub.status.busy": "2026-01-01"}
    nb.cells[0].metadata["papermill"] = {"duration": 0.1}
    runner.clean_outputs(nb)
    assert "papermill" not in nb.metadata and nb.cells[0].metadata == {}


@pytest.mark.notebook
def test_run_executes_in_parallel_and_fails_on_a_bad_notebook(tmp_path, capsys):
    folder = tmp_path / "solutions"
    folder.mkdir()
    shutil.copy(FIXTURES / "wrong_solution.ipynb", folder / "wrong.ipynb")
    shutil.copy(ROOT / "solutions" / "00_warmup.ipynb", folder / "00_warmup.ipynb")
    code = cli.main(["run", str(folder), "-j", "2", "--out", str(tmp_path / "out"), "-q"])
    out = capsys.readouterr().out
    assert code == 1
    assert "1 passed, 1 failed" in out and "CheckError" in out
    assert (tmp_path / "out" / "solutions__00_warmup.ipynb").exists()
    # sources are untouched
    assert nbformat.read(folder / "wrong.ipynb", as_version=4).cells[2].outputs == []


@pytest.mark.notebook
def test_parameters_reach_the_notebook(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("n = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("assert n == 5, n"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "p.ipynb"
    nbformat.write(nb, path)
    assert not runner.execute(runner.Job.for_notebook(path, tmp_path / "o")).ok
    assert runner.execute(runner.Job.for_notebook(path, tmp_path / "o", parameters={"n": 5}, suffix="_5")).ok


def test_exercises_command_refuses_then_forces(tmp_path, monkeypatch, capsys):
    (tmp_path / "solutions").mkdir()
    shutil.copy(ROOT / "solutions" / "00_warmup.ipynb", tmp_path / "solutions")
    monkeypatch.setattr(files, "project_root", lambda: tmp_path)
    assert cli.main(["exercises"]) == 0
    ex = tmp_path / "exercises" / "00_warmup.ipynb"
    nb = nbformat.read(ex, as_version=4)
    task = next(c for c in nb.cells if "n_parties = ..." in c.source)
    task.source = task.source.replace("n_parties = ...", "n_parties = 244")
    nbformat.write(nb, ex)
    assert cli.main(["exercises"]) == 1
    assert "n_parties = 244" in ex.read_text()
    assert cli.main(["exercises", "--force"]) == 0
    backups = list((tmp_path / "exercises" / ".backups").glob("00_warmup.*.ipynb"))
    assert len(backups) == 1 and "n_parties = 244" in backups[0].read_text()


def test_reset_exercise_keeps_the_trainees_version(tmp_path, monkeypatch, capsys):
    for folder in ("solutions", "exercises"):
        (tmp_path / folder).mkdir()
        shutil.copy(ROOT / folder / "00_warmup.ipynb", tmp_path / folder)
    monkeypatch.setattr(files, "project_root", lambda: tmp_path)
    ex = tmp_path / "exercises" / "00_warmup.ipynb"
    worked = ex.read_text().replace("n_parties = ...", "n_parties = 99")
    ex.write_text(worked)
    assert cli.main(["reset-exercise", "00_warmup"]) == 0
    assert ex.read_text() == (ROOT / "exercises" / "00_warmup.ipynb").read_text()
    backups = list((tmp_path / "exercises" / ".backups").iterdir())
    assert [b.read_text() for b in backups] == [worked]
    assert cli.main(["reset-exercise", "99_nope"]) == 2
    assert "choose one of: 00_warmup" in capsys.readouterr().out


def test_reset_exercise_in_the_chinese_edition(tmp_path, monkeypatch, capsys):
    """A Chinese trainee resets zh/exercises/… (by path or with --lang zh) and reads the messages in Chinese;
    the English exercise is not touched."""
    for folder in ("zh/solutions", "zh/exercises", "solutions", "exercises"):
        (tmp_path / folder).mkdir(parents=True)
        shutil.copy(ROOT / folder / "00_warmup.ipynb", tmp_path / folder)
    monkeypatch.setattr(files, "project_root", lambda: tmp_path)
    english = (tmp_path / "exercises" / "00_warmup.ipynb").read_text()
    ex = tmp_path / "zh" / "exercises" / "00_warmup.ipynb"
    worked = ex.read_text().replace("n_parties = ...", "n_parties = 99")
    assert worked != ex.read_text()
    ex.write_text(worked)
    assert cli.main(["reset-exercise", "zh/exercises/00_warmup.ipynb"]) == 0
    assert "n_parties = 99" not in ex.read_text()
    assert [b.read_text() for b in (tmp_path / "zh" / "exercises" / ".backups").iterdir()] == [worked]
    assert "已恢复 zh/exercises/00_warmup.ipynb" in capsys.readouterr().out
    assert cli.main(["reset-exercise", "00_warmup", "--lang", "zh"]) == 0
    assert "已经是原始版本" in capsys.readouterr().out
    assert (tmp_path / "exercises" / "00_warmup.ipynb").read_text() == english


def test_hub_link_uses_the_repository_from_pyproject():
    link = hub_link("https://hub.example.org")
    assert link.startswith("https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2F")
    assert link.endswith("notebooks%2F00_start_here.ipynb") and "branch=main" in link


def test_hub_link_opens_the_page_in_the_folder_nbgitpuller_clones_into(capsys):
    """nbgitpuller clones into ``targetpath`` (its default keeps a ``.git`` ending): the link sets it to
    the folder its ``urlpath`` opens, for every form of the repository address."""
    from urllib.parse import parse_qs, urlsplit

    for repo in ("https://github.com/o/course", "https://github.com/o/course.git", "https://github.com/o/course/"):
        query = parse_qs(urlsplit(hub_link("https://hub.example.org", repo=repo)).query)
        assert query["targetpath"] == ["course"], repo
        assert query["urlpath"] == ["lab/tree/course/notebooks/00_start_here.ipynb"], repo
    assert cli.main(["hub-link", "--hub", "https://hub.example.org", "--repo", "https://github.com/o/course.git",
                     "--lang", "zh"]) == 0
    query = parse_qs(urlsplit(capsys.readouterr().out.strip()).query)
    assert query["urlpath"] == ["lab/tree/course/zh/notebooks/00_start_here.ipynb"]


def test_student_bundle_has_no_solutions_and_no_links_to_them(tmp_path, capsys):
    out = tmp_path / "bundle"
    assert cli.main(["bundle", "--student", str(out)]) == 0
    assert not (out / "solutions").exists()
    for answers in ("instructor", "tests", "zh/solutions", "zh/instructor", "translations/zh_CN/solutions"):
        assert not (out / answers).exists(), answers  # quiz keys, the guide, literal answers in tests
    assert (out / "exercises" / "00_warmup.ipynb").exists() and (out / "course_lib" / "checks").is_dir()
    for nb_path in list(out.glob("notebooks/*.ipynb")) + list(out.glob("exercises/*.ipynb")):
        markdown = "".join(c.source for c in nbformat.read(nb_path, as_version=4).cells if c.cell_type == "markdown")
        assert not re.search(r"\]\((\.\./)?solutions/", markdown), nb_path.name
    assert cli.main(["bundle", "--student", str(out)]) == 2  # never writes into a non-empty folder


def test_tasks_lists_every_registered_task_once_with_its_track(capsys):
    from course_lib.checks import registry
    from course_lib.commands.tasks import task_table

    table = task_table("en")
    assert sorted(table.task) == sorted(registry()) and not table.task.duplicated().any()
    assert {t: registry()[t].track for t in table.task} == dict(zip(table.task, table.track))
    zh = task_table("zh")
    assert set(zh.track) == {"管理者", "分析师"} and zh.title.str.contains(r"[\u4e00-\u9fff]").all()
    assert cli.main(["tasks", "--track", "manager", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "分析师" not in out and f"共 {(table.track == 'manager').sum()} 个任务" in out
