"""Project files agree with each other: environment.yml ↔ pyproject ↔ constraints, datasets,
the concept map, NOTICE, README commands, no machine paths."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENV = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def req_name(req: str) -> str:
    return norm(re.split(r"[<>=!~\[ ;]", req, maxsplit=1)[0])


def constraints() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[norm(name)] = version
    return pins


# environment.yml (Binder's version ranges) against pyproject.toml and constraints.txt: tests/test_binder.py


def test_constraints_pin_every_direct_dependency_and_python_floor():
    pins = constraints()
    own = norm(PYPROJECT["project"]["name"])   # an extra may name others: "service-excellence-course[lab]"
    reqs = PYPROJECT["project"]["dependencies"] + [
        r for extra in PYPROJECT["project"]["optional-dependencies"].values() for r in extra if req_name(r) != own]
    assert [r for r in reqs if req_name(r) not in pins] == []
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"
    assert any(d == "python=3.11" for d in ENV["dependencies"])


def test_environment_does_not_install_the_course_itself():
    text = (ROOT / "environment.yml").read_text()
    assert "-e ." not in text
    post = (ROOT / "postBuild").read_text()
    assert "pip install" in post and "-e ." in post
    assert (ROOT / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"


def test_binder_badge_uses_the_one_repository_address_and_opens_the_start_page():
    repo = PYPROJECT["project"]["urls"]["Repository"]
    owner_name = repo.removeprefix("https://github.com/")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    badge = re.search(r"https://mybinder\.org/v2/gh/([^/]+/[^/]+)/HEAD\?labpath=([^)\s]+)", readme)
    assert badge and badge.group(1) == owner_name
    assert badge.group(2) == "notebooks%2F00_start_here.ipynb"
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists()


def test_the_chinese_binder_badge_opens_the_chinese_start_page_in_both_readmes():
    owner_name = PYPROJECT["project"]["urls"]["Repository"].removeprefix("https://github.com/")
    for readme in ("README.md", "README.zh-CN.md"):
        text = (ROOT / readme).read_text(encoding="utf-8")
        badges = re.findall(r"https://mybinder\.org/v2/gh/([^/]+/[^/]+)/HEAD\?labpath=([^)\s]+)", text)
        assert (owner_name, "zh%2Fnotebooks%2F00_start_here.ipynb") in badges, readme
    assert (ROOT / "zh" / "notebooks" / "00_start_here.ipynb").exists()
    zh = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    assert zh.index("make lab-zh") < zh.index("make test")
    assert "lab-zh:" in (ROOT / "Makefile").read_text()


def test_readme_leads_with_the_two_commands_and_ci_calls_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme.index("make lab")
    assert first < readme.index("## Course map") and "make test" in readme[:first + 200]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci and "set -e" in ci
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "00_start_here.ipynb" in makefile and "--nbval" in makefile


def test_notice_lists_every_bundled_third_party_file():
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    bundled = sorted((ROOT / "course_lib" / "fonts").glob("*.otf")) + sorted((ROOT / "datasets" / "real").glob("*.csv"))
    for path in bundled:
        assert path.relative_to(ROOT).as_posix() in notice, path.name
    assert (ROOT / "course_lib" / "fonts" / "OFL.txt").read_text().startswith("SIL OPEN FONT LICENSE")


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        pytest.skip("not a git checkout")
    return [ROOT / p for p in out.stdout.splitlines()]


def test_no_absolute_machine_paths_in_tracked_text_files():
    pattern = re.compile("|".join(re.escape(str(p) + "/") for p in (ROOT, Path.home())))
    offenders = []
    for path in tracked_files():
        if path.suffix in {".otf", ".png", ".xlsx"} or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if pattern.search(text):
            offenders.append(path.relative_to(ROOT).as_posix())
    assert not offenders


# --------------------------------------------------------------------------- datasets
sys.path.insert(0, str(ROOT / "datasets"))
import generate  # noqa: E402  (datasets/generate.py)


def test_generators_reproduce_the_committed_files_byte_for_byte(tmp_path):
    written = generate.run(tmp_path)
    for path in written:
        committed = ROOT / "datasets" / "synthetic" / path.relative_to(tmp_path)
        assert committed.exists(), f"{committed.name} is generated but not committed"
        assert committed.read_bytes() == path.read_bytes(), f"{committed.name} differs: run `make datasets`"
    committed_files = {p.relative_to(ROOT / "datasets" / "synthetic") for p in (ROOT / "datasets" / "synthetic").rglob("*") if p.is_file()}
    assert committed_files == {p.relative_to(tmp_path) for p in written}, "a synthetic file no generator makes"


def test_catalogue_labels_synthetic_and_real_data_honestly():
    from course_lib import data

    for name, entry in data.catalog().items():
        folder = entry["file"].split("/")[0]
        if folder == "synthetic":
            assert entry["synthetic"] is True, name
        if folder == "real":
            assert entry["synthetic"] is False and entry["licence"], name


def test_datasets_readme_is_generated_from_the_catalogue():
    assert (ROOT / "datasets" / "README.md").read_text(encoding="utf-8") == generate.readme_text(), \
        "run `python datasets/generate.py --readme`"


# --------------------------------------------------------------------------- concept map
# course_map/NN_topic.yml: ``minutes`` (the lesson's estimated time, the one source of it) and ``concepts``.
COURSE_MAP = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "course_map").glob("*.yml"))}
MAP = [(name, entry) for name, doc in COURSE_MAP.items() for entry in (doc or {}).get("concepts") or []]


def resolve(dotted: str):
    module, _, attr = dotted.rpartition(".")
    obj = importlib.import_module(module)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


@pytest.mark.parametrize("source, entry", MAP, ids=[f"{s}:{e.get('concept', '?')[:40]}" for s, e in MAP])
def test_concept_map_entry_resolves(source, entry):
    from course_lib.checks import registry

    for key in ("concept", "zh", "seed", "lesson", "section", "exercise", "function"):
        assert entry.get(key), f"{source}: entry lacks {key!r}"
    assert str(entry["seed"]) in ("000", "004")
    lesson = ROOT / entry["lesson"]
    headings = [line.lstrip("#").strip() for c in nbformat.read(lesson, as_version=4).cells
                if c.cell_type == "markdown" for line in c.source.splitlines() if line.startswith("#")]
    assert any(entry["section"] in h for h in headings), f"no heading '{entry['section']}' in {entry['lesson']}"
    assert entry["exercise"] in registry(), f"unknown check {entry['exercise']}"
    used = any(f'check("{entry["exercise"]}"' in c.source
               for p in (ROOT / "exercises").glob("*.ipynb") for c in nbformat.read(p, as_version=4).cells)
    assert used, f"no exercise asks {entry['exercise']}"
    assert callable(resolve(entry["function"])) or resolve(entry["function"]) is not None


def test_every_course_map_file_has_minutes_and_concepts():
    assert COURSE_MAP
    for name, doc in COURSE_MAP.items():
        assert isinstance(doc, dict) and set(doc) == {"minutes", "concepts"}, f"{name}: needs minutes: and concepts:"
        minutes = doc["minutes"]
        assert isinstance(minutes, dict) and minutes and set(minutes) <= {"lesson", "exercise"}, name
        assert all(isinstance(m, int) and 0 < m <= 240 for m in minutes.values()), name
        assert isinstance(doc["concepts"], list), name


# --------------------------------------------------------------------------- lesson times
# One source: course_map/NN_*.yml ``minutes``. The start page's table, each lesson's "Estimated time" and each
# exercise's stated time must say the same, in both editions (the Chinese one is built from the catalogues).
TIME_EDITIONS = {"en": ROOT, "zh": ROOT / "zh"}
LESSON_TIME = {"en": re.compile(r"\*\*Estimated time:\*\* (\d+) minutes \(lesson\)(?: \+ (\d+) minutes \(exercise\))?"),
               "zh": re.compile(r"\*\*预计时长：\*\* 约 (\d+) 分钟（本课）(?: ?\+ ?约 (\d+) 分钟（练习）)?")}
ANY_LESSON_TIME = {"en": re.compile(r"Estimated time"), "zh": re.compile(r"预计(?:时长|用时)")}
EXERCISE_TIME = {"en": re.compile(r"\*\*(?:Estimated time|Time):\*\* (?:about )?(\d+) min"),
                 "zh": re.compile(r"\*\*(?:预计时长|时长)：\*\* 约 ?(\d+) 分钟")}
TABLE_TIME = {"en": re.compile(r"^(\d+)(?: \+ (\d+))? min$"), "zh": re.compile(r"^(\d+)(?: \+ (\d+))? 分钟$")}


def _minutes() -> dict[str, dict]:
    return {name[:2]: doc["minutes"] for name, doc in COURSE_MAP.items()}


def _markdown(path: Path) -> str:
    return "\n\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")


def _one(folder: Path, number: str) -> Path:
    found = sorted(folder.glob(f"{number}_*.ipynb"))
    assert len(found) == 1, f"{folder.relative_to(ROOT)}: expected one {number}_*.ipynb, found {len(found)}"
    return found[0]


@pytest.mark.parametrize("edition", TIME_EDITIONS)
def test_start_page_times_are_the_course_map_minutes(edition):
    start = TIME_EDITIONS[edition] / "notebooks" / "00_start_here.ipynb"
    cells = [c for c in nbformat.read(start, as_version=4).cells if "lesson-map" in c.metadata.get("tags", [])]
    assert len(cells) == 1, "the start page's learning-path cell is tagged lesson-map"
    shown = {}
    for line in cells[0].source.splitlines():
        row = re.match(r"^\| (\d\d) \|", line)
        if row:
            time = [c.strip() for c in line.split("|")][3]
            m = TABLE_TIME[edition].match(time)
            assert m, f"row {row.group(1)}: time {time!r} is not written as 'lesson + exercise'"
            shown[row.group(1)] = tuple(int(g) for g in m.groups() if g)
    expected = {nn: tuple(m[k] for k in ("lesson", "exercise") if k in m) for nn, m in _minutes().items()}
    assert shown == expected


@pytest.mark.parametrize("edition", TIME_EDITIONS)
def test_each_lesson_states_the_course_map_minutes(edition):
    for nn, minutes in _minutes().items():
        if "lesson" not in minutes:
            continue
        md = _markdown(_one(TIME_EDITIONS[edition] / "notebooks", nn))
        found = [tuple(int(g) for g in m.groups() if g) for m in LESSON_TIME[edition].finditer(md)]
        assert len(ANY_LESSON_TIME[edition].findall(md)) == 1 and len(found) == 1, \
            f"lesson {nn} ({edition}): state the time once, as in lesson 01"
        assert found[0] == tuple(minutes[k] for k in ("lesson", "exercise") if k in minutes), f"lesson {nn} ({edition})"


@pytest.mark.parametrize("edition", TIME_EDITIONS)
def test_each_exercise_states_the_course_map_minutes(edition):
    solutions = TIME_EDITIONS[edition] / "solutions"
    numbers = {p.name[:2] for p in solutions.glob("*.ipynb")}
    assert numbers == {nn for nn, m in _minutes().items() if "exercise" in m}, "an exercise without minutes, or vice versa"
    for nn in sorted(numbers):
        found = EXERCISE_TIME[edition].findall(_markdown(_one(solutions, nn)))
        assert found and int(found[0]) == _minutes()[nn]["exercise"], f"exercise {nn} ({edition}): {found[:1]}"
