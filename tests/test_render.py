"""Committed notebooks render without a kernel: on GitHub, nbviewer, with nbconvert and site builders.

A live widget view (``application/vnd.jupyter.widget-view+json``) renders only with the kernel that
made it; without its model id nbconvert fails on it (``KeyError: 'model_id'``), without the kernel's
widget state renderers show nothing or an error. The runner keeps each widget's static view instead
(:func:`course_lib.runner.clean_outputs`): a PNG of its figure and a short text. The widget side is
tested in test_widgets.py. The committed notebooks pass once ``make outputs`` has re-executed them.
"""

from __future__ import annotations

import functools
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from course_lib import runner

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("notebooks", "solutions", "exercises")
COMMITTED = [p for e in (ROOT, ROOT / "zh") for d in FOLDERS for p in sorted((e / d).glob("*.ipynb"))]
PNG = "iVBORw0KGgo="  # base64 of the PNG signature: a stand-in picture


def widget_views(nb) -> list[str]:
    """Ids of the cells whose outputs hold a live widget view."""
    return [c.get("id", "?") for c in nb.cells for o in c.get("outputs", []) if runner.WIDGET_VIEW in o.get("data", {})]


@functools.cache
def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter()


def to_html(nb) -> str:
    """The notebook through stock nbconvert, as GitHub-like renderers use it."""
    html, _ = _exporter().from_notebook_node(nb)
    return html


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.notebook
@pytest.mark.parametrize("path", COMMITTED, ids=rel)
def test_committed_notebook_renders_without_a_kernel(path):
    nb = nbformat.read(path, as_version=4)
    assert not widget_views(nb), "live widget views are committed: re-run `make outputs` (clean_outputs drops them)"
    assert "<html" in to_html(nb)


def widget_notebook():
    """A notebook as papermill saves it after a cell displayed a course widget (and an older, plain widget)."""
    shown = new_output("execute_result", {runner.WIDGET_VIEW: {"version_major": 2, "version_minor": 0,
                                                               "model_id": "5f1c0e"},
                                          "image/png": PNG, "text/plain": "Interactive widget\n  n: 3"},
                       execution_count=1)
    plain = new_output("display_data", {runner.WIDGET_VIEW: {"version_major": 2, "version_minor": 0,
                                                             "model_id": "77ab21"},
                                        "text/plain": "IntSlider(value=3)"})
    nb = new_notebook(cells=[new_code_cell("widget()", outputs=[shown], execution_count=1),
                             new_code_cell("slider", outputs=[plain], execution_count=2)])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}}
    return nb


def test_clean_outputs_keeps_the_static_view_of_a_widget():
    nb = runner.clean_outputs(widget_notebook())
    nbformat.validate(nb)
    text = nbformat.writes(nb)
    assert "widget-view" not in text and "widget-state" not in text and "model_id" not in text
    shown, plain = (c.outputs[0] for c in nb.cells)
    assert shown.data == {"image/png": PNG, "text/plain": "Interactive widget\n  n: 3"}
    assert plain.data == {"text/plain": "IntSlider(value=3)"}
    assert shown.metadata[runner.STATIC_WIDGET] and plain.metadata[runner.STATIC_WIDGET]
    html = to_html(nb)
    assert f"data:image/png;base64,{PNG}" in html and "IntSlider(value=3)" in html
    assert runner.clean_outputs(nb) == nb  # cleaning twice changes nothing
