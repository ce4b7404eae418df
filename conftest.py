"""Repository-wide pytest configuration (loaded for tests/, course_lib doctests and nbval runs)."""

from __future__ import annotations

from collections import OrderedDict

import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the figures a test or a doctest drew (doctests of plot functions open many)."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def _nbval_store_history() -> None:
    """Make nbval execute cells with ``store_history=True``, as JupyterLab and papermill do.

    nbval 0.11 executes with ``store_history=False``; IPython then ignores a cell's trailing ``;``
    and displays ``<Axes: …>`` reprs that the committed notebooks (executed like a user would) do
    not have. With history stored, nbval sees exactly what a trainee sees.
    """
    try:
        import nbval.kernel as nbk
    except ImportError:  # nbval not installed: nothing to patch
        return

    def execute_cell_input(self, cell_input, allow_stdin=None):
        return self.kc.execute(cell_input, allow_stdin=allow_stdin, stop_on_error=False, store_history=True)

    nbk.RunningKernel.execute_cell_input = execute_cell_input


_nbval_store_history()


def _hypothesis_profile() -> None:
    """Property tests without wall-clock deadlines (the 2-core CI machine is shared and noisy) and with
    a fixed seed, so a CI run is reproducible; `HYPOTHESIS_PROFILE=explore` searches with fresh seeds."""
    try:
        from hypothesis import settings
    except ImportError:
        return
    import os

    settings.register_profile("course", deadline=None, derandomize=True)
    settings.register_profile("explore", deadline=None, max_examples=500)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "course"))


_hypothesis_profile()


# --------------------------------------------------------------------------- parallel runs
#: Rough seconds per work unit on the 2-core CI machine (measured with --durations), longest first.
#: A unit is what one xdist worker runs in one go: a test module (its session fixtures start once),
#: an nbval notebook (its cells share one kernel), or one notebook execution of test_notebooks.py.
_UNIT_COST = (
    ("tests/test_browser.py::TestEnglish", 160.0),   # JupyterLab + Chromium, every widget scenario
    ("tests/test_browser.py::TestChinese", 160.0),   # the same in the Chinese edition
    ("tests/test_browser.py::TestHelpers", 2.0),
    ("tests/test_hub.py", 60.0),
    ("tests/test_site.py", 30.0),
    ("tests/test_render.py", 40.0),
    (".ipynb", 20.0),                           # an nbval notebook: one kernel, every cell compared
    ("tests/test_notebooks.py::test_", 8.0),    # one notebook executed in a fresh kernel
    ("tests/test_report.py", 25.0),
)
#: Tests that each start a kernel: one unit each, so that the two workers share them.
_OWN_UNIT = ("tests/test_notebooks.py::test_untouched_exercise", "tests/test_notebooks.py::test_parameter_sets",
             "tests/test_notebooks.py::test_strict_mode", "tests/test_notebooks.py::test_a_notebook_writing",
             "tests/test_notebooks.py::test_future_warnings")


def _unit_cost(scope: str, n_tests: int) -> float:
    for prefix, cost in _UNIT_COST:
        if scope.startswith(prefix) or (prefix == ".ipynb" and scope.endswith(prefix)):
            return cost
    return 0.05 * n_tests


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadscope``, but the longest units first (xdist orders them by their number of tests,
    which put the slowest module, the browser tests, last and left one worker idle at the end) and
    one unit per kernel-starting test of test_notebooks.py (all of them were one module-sized unit)."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class LongestFirst(LoadScopeScheduling):
        def __init__(self, config, log=None):
            super().__init__(config, log)
            self.workqueue = _LongestFirstQueue()

        def _split_scope(self, nodeid: str) -> str:
            return nodeid if nodeid.startswith(_OWN_UNIT) else super()._split_scope(nodeid)

    config.option.loadscopereorder = False
    return LongestFirst(config, log)


class _LongestFirstQueue(OrderedDict):
    """xdist's queue of work units, handing out the costliest unit first (xdist takes the front
    with ``popitem(last=False)``); ties keep their order of collection."""

    def popitem(self, last: bool = True):
        if last or not self:
            return super().popitem(last)
        scope = max(self, key=lambda s: _unit_cost(s, len(self[s])))
        return scope, self.pop(scope)
