"""The one mechanism behind every course widget: controls → pure function → redraw.

A concept module builds its widget with :func:`live`: give it the controls and a
``render(**values)`` function that draws with the course's plot functions and/or
returns a small DataFrame or text. The widget redraws whenever a control
changes. All logic stays in pure functions, so pytest can drive a widget by
setting ``widget.controls[name].value`` and reading ``widget.result``.

Examples
--------
>>> import ipywidgets as w
>>> from course_lib.widgets import live
>>> demo = live({"n": w.IntSlider(value=2, min=0, max=10)}, lambda n: n * n)
>>> demo.result
4
>>> demo.controls["n"].value = 3
>>> demo.result
9
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import ipywidgets as w
import matplotlib.pyplot as plt
from IPython.display import display

__all__ = ["LiveWidget", "live"]


class LiveWidget(w.VBox):
    """A VBox of controls above an output area, redrawn by ``render`` on every change.

    Attributes
    ----------
    controls : dict
        The ipywidgets controls by name (set ``.value`` to drive the widget in tests).
    result : Any
        What ``render`` returned for the current values (a DataFrame, a number, an Axes …).
    """

    def __init__(self, controls: Mapping[str, w.ValueWidget], render: Callable[..., Any],
                 *, title: str | None = None, layout: str = "vertical"):
        self.controls = dict(controls)
        self.render = render
        self.result: Any = None
        self.output = w.Output()
        box = w.HBox if layout == "horizontal" else w.VBox
        children = [box(list(self.controls.values())), self.output]
        if title:
            children.insert(0, w.HTML(f"<b>{title}</b>"))
        super().__init__(children)
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.update()

    def values(self) -> dict[str, Any]:
        """Current control values by name."""
        return {name: c.value for name, c in self.controls.items()}

    def _changed(self, _change) -> None:
        self.update()

    def update(self) -> Any:
        """Call ``render`` with the current values and show what it produced."""
        if not _in_kernel():  # pytest or a script: compute only, nothing to show
            before = set(plt.get_fignums())
            self.result = self.render(**self.values())
            for num in set(plt.get_fignums()) - before:
                plt.close(num)
            return self.result
        self.output.clear_output(wait=True)
        with self.output:
            before = set(plt.get_fignums())
            self.result = self.render(**self.values())
            for num in plt.get_fignums():
                if num not in before:  # only what this render drew
                    fig = plt.figure(num)
                    display(fig)
                    plt.close(fig)
            drawn = hasattr(self.result, "figure") or hasattr(self.result, "savefig")
            if self.result is not None and not drawn:
                display(self.result)
        return self.result


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def live(controls: Mapping[str, w.ValueWidget], render: Callable[..., Any], **kwargs) -> LiveWidget:
    """Build a :class:`LiveWidget` (see the module docstring)."""
    return LiveWidget(controls, render, **kwargs)
