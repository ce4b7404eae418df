"""Repository-wide pytest configuration (loaded for tests/, course_lib doctests and nbval runs)."""

from __future__ import annotations

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
