import ipywidgets as w

from course_lib.widgets import LiveWidget, live


def test_live_widget_recomputes_on_every_change():
    calls = []

    def render(a, b):
        calls.append((a, b))
        return a * b

    demo = live({"a": w.IntSlider(value=2, min=0, max=9), "b": w.FloatText(value=1.5)}, render, title="Demo")
    assert demo.result == 3.0 and calls == [(2, 1.5)]
    demo.controls["a"].value = 4
    demo.controls["b"].value = 0.5
    assert demo.result == 2.0 and calls[-1] == (4, 0.5) and len(calls) == 3
    assert demo.values() == {"a": 4, "b": 0.5}
    assert isinstance(demo, LiveWidget) and isinstance(demo.children[0], w.HTML)


def test_plots_drawn_by_render_are_closed_outside_a_kernel():
    import matplotlib.pyplot as plt

    def render(n):
        fig, ax = plt.subplots()
        ax.plot(range(n))
        return ax

    demo = live({"n": w.IntSlider(value=3, min=1, max=10)}, render)
    assert len(demo.result.lines[0].get_xdata()) == 3
    assert plt.get_fignums() == []


def _bundle(widget) -> dict:
    return widget._repr_mimebundle_()


def test_a_course_widget_brings_a_picture_of_its_default_figure():
    """Displayed, a widget offers the live view (JupyterLab with a kernel) and a PNG of the figure of its
    current settings plus a text (renderers without a kernel); the PNG is the same bytes every time."""
    import base64

    from course_lib import standards as st
    from course_lib.widgets import WIDGET_NOTE, png

    bundle = _bundle(st.staffing_widget(lang="en"))
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"]  # the live view is still there
    default = st.plot_staffing(360 / 3600, 240, 20, 0.8, lang="en").figure  # the widget's default figure
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG\r\n\x1a\n")
    assert bundle["image/png"] == png(default) == _bundle(st.staffing_widget(lang="en"))["image/png"]
    assert bundle["text/plain"].splitlines()[:3] == [WIDGET_NOTE, "Staffing calculator (Erlang C)",
                                                      "  Arrivals / hour: 360"]
    assert "text/html" not in bundle  # a figure, not also its table: renderers would show the table first
    moved = st.staffing_widget(lang="en")
    moved.controls["calls_per_hour"].value = 720
    assert _bundle(moved)["image/png"] != bundle["image/png"] and "Arrivals / hour: 720" in _bundle(moved)["text/plain"]


def test_a_widget_without_a_figure_shows_its_table_and_its_choices_by_label():
    from course_lib import journey

    bundle = _bundle(journey.mot_calculator(customers=1_000_000, lang="en"))
    assert "image/png" not in bundle and "<table" in bundle["text/html"] and "<td>5000000</td>" in bundle["text/html"]
    picked = live({"size": w.Dropdown(options=[("small", 1), ("large", 2)], value=2, description="Size"),
                   "tags": w.SelectMultiple(options=["a", "b", "c"], value=("a", "c"))}, lambda size, tags: None)
    assert _bundle(picked)["text/plain"].splitlines()[1:] == ["  Size: large", "  tags: a, c"]
