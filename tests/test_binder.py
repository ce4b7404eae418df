"""The Binder image: environment.yml is the trainees' environment, solvable on conda-forge, in agreement
with pyproject.toml and constraints.txt; postBuild installs the course; repo2docker builds from both.

* environment.yml names exactly course_lib's dependencies and the ``lab`` and ``tools`` extras (conda-forge's
  names for two of them), with version *ranges* whose lower bound is pyproject.toml's and which admit the
  exact version in constraints.txt (the one the committed outputs were made with);
* no exact pins (conda-forge may not have built the newest release yet), no jupyterlab/notebook pin that
  fights Binder's own base environment, no test/website/benchmark tools, no GUI or pandoc metapackages;
* ``jupyter-repo2docker --no-build`` (no Docker needed) writes a Dockerfile that updates the environment
  from environment.yml and runs postBuild.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENV = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))

#: pyproject (PyPI) name → conda-forge name, where the image wants the smaller package
CONDA_NAME = {"matplotlib": "matplotlib-base", "nbconvert": "nbconvert-core"}
#: what a trainee's image needs: course_lib's dependencies and these extras
TRAINEE_EXTRAS = ("lab", "tools")
#: never in the trainees' image
NOT_FOR_TRAINEES = {"pytest", "pytest-xdist", "hypothesis", "pingouin", "nbval", "nbmake", "playwright", "sphinx",
                    "sphinx-book-theme", "myst-nb", "jieba", "jupyter-repo2docker", "matplotlib", "nbconvert",
                    "jupyterhub", "notebook", "pyqt", "qt", "pandoc", "texlive-core"}


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def trainee_requirements() -> dict[str, Requirement]:
    """{conda-forge name: pyproject requirement} of everything the image should hold."""
    own = norm(PYPROJECT["project"]["name"])
    reqs = list(PYPROJECT["project"]["dependencies"])
    for extra in TRAINEE_EXTRAS:
        reqs += PYPROJECT["project"]["optional-dependencies"][extra]
    out = {}
    for text in reqs:
        req = Requirement(text)
        if norm(req.name) != own:
            out[CONDA_NAME.get(norm(req.name), norm(req.name))] = req
    return out


def env_specs() -> dict[str, str]:
    """{package: version spec} of environment.yml's conda packages (``python`` included)."""
    specs = {}
    for dep in ENV["dependencies"]:
        assert isinstance(dep, str), "environment.yml installs nothing with pip (postBuild installs the course)"
        name, spec = re.match(r"^([A-Za-z0-9_.-]+)\s*(.*)$", dep).groups()
        specs[norm(name)] = spec.strip()
    return specs


def conda_spec(spec: str) -> SpecifierSet:
    """A conda match spec's version part as a PEP 440 specifier set (">=2.2,<4" → the same)."""
    assert not re.fullmatch(r"=?=?\d[\w.]*", spec), f"{spec!r} is an exact pin, not a range"
    return SpecifierSet(spec)


def constraints() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[norm(name)] = version.strip()
    return pins


# --------------------------------------------------------------------------- environment.yml
def test_channel_is_conda_forge_only_and_python_is_311():
    assert ENV["channels"] == ["conda-forge"]
    specs = env_specs()
    assert specs["python"] == "=3.11"      # Binder's base environment for 3.11; requires-python is >=3.11
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"
    assert "pip" in specs


def test_environment_holds_exactly_what_a_trainee_needs():
    wanted = set(trainee_requirements())
    have = set(env_specs()) - {"python", "pip"}
    assert have == wanted, f"only in environment.yml: {sorted(have - wanted)}; missing: {sorted(wanted - have)}"
    assert not have & NOT_FOR_TRAINEES, sorted(have & NOT_FOR_TRAINEES)


def test_every_package_has_a_range_from_pyprojects_floor_that_admits_the_pinned_version():
    pins = constraints()
    specs = env_specs()
    for conda_name, req in trainee_requirements().items():
        spec = conda_spec(specs[conda_name])
        floors = {s.version for s in spec if s.operator == ">="}
        ceilings = [s for s in spec if s.operator == "<"]
        assert floors == {s.version for s in req.specifier if s.operator == ">="}, \
            f"{conda_name}: lower bound {floors} differs from pyproject.toml's {req.specifier}"
        assert ceilings, f"{conda_name}: give an upper bound (the next major version)"
        pinned = pins[norm(req.name)]
        assert Version(pinned) in spec, f"{conda_name} {spec} does not admit constraints.txt's {pinned}"


def test_jupyterlab_is_a_range_compatible_with_binders_base_notebook():
    # Binder's base environment ships notebook 7.x, which pins jupyterlab 4.x; an exact jupyterlab pin
    # (e.g. a release newer than the base's notebook allows) makes the solve fail or downgrade.
    spec = conda_spec(env_specs()["jupyterlab"])
    assert Version("4.4.9") in spec and Version("5.0") not in spec
    assert "notebook" not in env_specs()


def test_the_check_itself_refuses_exact_pins():
    with pytest.raises(AssertionError):
        conda_spec("=4.6.6")
    with pytest.raises(AssertionError):
        conda_spec("4.6.6")
    assert Version("3.1.1") in conda_spec(">=2.2,<4")


# --------------------------------------------------------------------------- postBuild
def test_postbuild_installs_the_course_and_tells_the_truth_about_the_font_cache():
    post = ROOT / "postBuild"
    text = post.read_text(encoding="utf-8")
    assert post.stat().st_mode & 0o111, "postBuild must be executable"
    assert text.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in text
    assert "pip install --no-deps -e ." in text
    assert "import matplotlib.pyplot" in text and "register_font()" in text
    # addfont is not persisted: the claim must not be that the cache holds the course font
    assert not re.search(r"font cache with the course", text)
    assert "-e ." not in (ROOT / "environment.yml").read_text(encoding="utf-8")


def test_readme_says_the_same_as_postbuild():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "font cache with the course's Chinese font" not in readme
    assert "postBuild" in readme and "environment.yml" in readme


# --------------------------------------------------------------------------- repo2docker
def repo2docker() -> str:
    exe = shutil.which("jupyter-repo2docker") or str(Path(sys.executable).parent / "jupyter-repo2docker")
    if not Path(exe).exists():
        pytest.skip("jupyter-repo2docker is not installed (it is in the test extra: make install)")
    return exe


def test_repo2docker_builds_the_image_from_environment_yml_and_postbuild(tmp_path):
    """The Dockerfile Binder would build (``--no-build`` needs neither Docker nor network)."""
    exe = repo2docker()
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("environment.yml", "postBuild"):
        shutil.copy2(ROOT / name, repo / name)
    out = subprocess.run([exe, "--no-build", "--debug", str(repo)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    dockerfile = out.stdout
    assert "Building conda environment for python=3.11" in out.stderr
    assert re.search(r"COPY .*src/environment\.yml \$\{REPO_DIR\}/environment\.yml", dockerfile)
    assert re.search(r"env update -p \$\{NB_PYTHON_PREFIX\} --file \"environment\.yml\"", dockerfile)
    assert "RUN ./postBuild" in dockerfile
    # the base environment the ranges must fit: repo2docker's lock for Python 3.11
    lock = next(Path(importlib.util.find_spec("repo2docker").origin).parent.glob("buildpacks/conda/environment.py-3.11-*.lock"))
    base = dict(re.findall(r"/(jupyterlab|notebook|ipykernel|ipywidgets)-(\d[\w.]*)-", lock.read_text()))
    specs = env_specs()
    for name in ("jupyterlab", "ipykernel", "ipywidgets"):
        assert Version(base[name]) in conda_spec(specs[name]), f"{name} {specs[name]} excludes the base's {base[name]}"
