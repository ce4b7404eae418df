"""What importing course_lib loads: computation without pyplot, ipywidgets or scipy (start-up cost of
every kernel), plots and widgets on first use, one implementation of each shared piece."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONCEPTS = ["servqual", "journey", "blueprint", "nps", "standards", "feedback"]
HEAVY = ["matplotlib", "matplotlib.pyplot", "ipywidgets", "scipy"]


def _loaded_after(code: str) -> list[str]:
    probe = code + f"\nimport sys, json; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("concept", CONCEPTS)
def test_a_concepts_computation_loads_no_plotting_widgets_or_scipy(concept):
    assert _loaded_after(f"import course_lib.{concept}") == []


def test_every_concept_the_checks_and_the_cases_load_no_scipy():
    code = "; ".join(f"import course_lib.{c}" for c in CONCEPTS + ["cases", "quiz", "data"])
    assert "scipy" not in _loaded_after(code + "; import course_lib.checks as c; c.registry()")


@pytest.mark.parametrize("concept", CONCEPTS)
def test_plots_and_widgets_load_on_first_use(concept):
    """In a fresh process: the plot and widget names are not loaded by the import, resolve on first
    use, are listed by dir(), and an unknown name is still an AttributeError."""
    code = f"""
import course_lib.{concept} as pkg
assert pkg.__path__
lazy = [n for n in pkg.__all__ if n not in vars(pkg)]
assert lazy, "no plot or widget is exported lazily"
assert all(getattr(pkg, n) is not None and n in dir(pkg) for n in pkg.__all__)
try:
    pkg.no_such_name
except AttributeError:
    print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def _functions(path: Path) -> dict[str, int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name: n.lineno for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


@pytest.mark.parametrize("helper", ["project_root", "atomic_write", "_rows", "_score_array", "_check_nps"])
def test_each_shared_piece_is_written_once(helper):
    """A function name that once had several copies is defined in one module (or none) of course_lib."""
    owners = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "course_lib").rglob("*.py"))
              if helper in _functions(p)]
    assert len(owners) <= 1, f"{helper} is defined in {owners}"


def test_no_module_is_too_long_to_take_in_at_once():
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "course_lib").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 700}
    assert not long, f"split these modules: {long}"


def test_every_package_is_installed_by_a_non_editable_install():
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "course_lib").rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(found - listed)}"
