"""The one mechanism behind every course widget: controls → pure function → redraw.

A concept module builds its widget with :func:`live`: give it the controls and a
``render(**values)`` function that draws with the course's plot functions and/or
returns a small DataFrame or text. The widget redraws whenever a control
changes. All logic stays in pure functions, so pytest can drive a widget by
setting ``widget.controls[name].value`` and reading ``widget.result``. A table's codes and
column names are what code uses; ``display_with`` turns it into what the trainee sees (headings
and labels in the notebook's language, :mod:`course_lib.labels`), kept as ``widget.shown``.

Displayed, a widget offers two views of itself (:meth:`LiveWidget._repr_mimebundle_`): the live
widget, which JupyterLab shows while a kernel runs, and a static one for every renderer without a
kernel (GitHub, nbviewer, nbconvert, slides): a PNG of the figure it draws at its current settings
(or its table as HTML when it draws none) and a short text. The course runner keeps only the static
view in committed notebooks (:func:`course_lib.runner.clean_outputs`).

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

import base64
import io
from contextlib import nullcontext
from typing import Any, Callable, Mapping

import ipywidgets as w
import matplotlib.pyplot as plt
from IPython.display import display

__all__ = ["LiveWidget", "live", "png"]

#: First line of a widget's text view (bilingual, like the note in the slides).
WIDGET_NOTE = "Interactive widget · 交互控件 (run the cell in Jupyter to use it)"


class LiveWidget(w.VBox):
    """A VBox of controls above an output area, redrawn by ``render`` on every change.

    Attributes
    ----------
    controls : dict
        The ipywidgets controls by name (set ``.value`` to drive the widget in tests).
    result : Any
        What ``render`` returned for the current values (a DataFrame, a number, an Axes …).
    figure : matplotlib.figure.Figure or None
        The figure ``render`` drew for the current values (closed in pyplot, kept for the static view).
    shown : Any
        What the output area shows of ``result``: ``display_with(result)`` when the widget was
        given ``display_with`` (a table's display copy, labelled), else ``result`` itself.
    """

    def __init__(self, controls: Mapping[str, w.ValueWidget], render: Callable[..., Any],
                 *, title: str | None = None, layout: str = "vertical",
                 display_with: Callable[[Any], Any] | None = None):
        self.controls = dict(controls)
        self.render = render
        self.display_with = display_with
        self.result: Any = None
        self.shown: Any = None
        self.figure = None
        self.title = title
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
        """Call ``render`` with the current values and show what it produced (in a kernel)."""
        show = _in_kernel()  # pytest or a script: compute only, nothing to show
        if show:
            self.output.clear_output(wait=True)
        with self.output if show else nullcontext():
            before = set(plt.get_fignums())
            self.result = self.render(**self.values())
            drawn = [plt.figure(num) for num in plt.get_fignums() if num not in before]  # only this render's
            for fig in drawn:
                if show:
                    display(fig)
                plt.close(fig)
            self.figure = drawn[0] if drawn else None
            is_plot = hasattr(self.result, "figure") or hasattr(self.result, "savefig")
            self.shown = self.result
            if self.display_with is not None and self.result is not None and not is_plot:
                self.shown = self.display_with(self.result)
            if show and self.shown is not None and not is_plot:
                display(self.shown)
        return self.result

    def static_view(self) -> dict[str, str]:
        """The widget as a renderer without a kernel shows it, as a MIME bundle.

        Returns
        -------
        dict
            ``text/plain``: the title and every control's setting; ``image/png`` (base64): the
            figure of the current settings, see :func:`png`; or, when ``render`` drew none and
            returned a table, ``text/html``: that table.
        """
        lines = [WIDGET_NOTE] + ([self.title] if self.title else [])
        for name, control in self.controls.items():
            value = getattr(control, "label", control.value)  # a choice's label, not its key
            value = ", ".join(value) if isinstance(value, tuple) else "—" if value is None else str(value)
            lines.append(f"  {control.description or name}: " + (value if len(value) <= 60 else value[:59] + "…"))
        bundle = {"text/plain": "\n".join(lines)}
        if self.figure is not None:
            bundle["image/png"] = png(self.figure)
        elif hasattr(self.shown, "_repr_html_"):
            bundle["text/html"] = self.shown._repr_html_()
        return bundle

    def _repr_mimebundle_(self, **kwargs):
        """The live widget view plus :meth:`static_view`.

        JupyterLab renders the richest type it can: with a kernel, the live widget (its renderer ranks
        above images and HTML); without one, and for GitHub, nbviewer and nbconvert, the static view.
        """
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle.update(self.static_view())
        return bundle


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


def png(fig) -> str:
    """``fig`` as base64 PNG, drawn as the inline backend draws it (figure dpi, tight box).

    No version stamp is written, so the same figure gives the same bytes on every run.

    Examples
    --------
    >>> import base64
    >>> from matplotlib.figure import Figure
    >>> base64.b64decode(png(Figure(figsize=(1, 1))))[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches="tight", metadata={"Software": None})
    return base64.b64encode(buf.getvalue()).decode("ascii")
