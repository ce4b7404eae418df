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
