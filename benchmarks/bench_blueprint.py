"""Benchmark: service-blueprint metrics and drawing for 5, 20, 60 and 200 steps.

Input: deterministic random blueprints from ``course_lib.blueprint._random_blueprint(n, seed=n)``
(about 2.5 steps per column, one or two flows per step), plus the shipped hotel stay (30 steps).

Timed, best of ``REPEATS`` runs in one process (the Agg backend):

* ``build``: ``Blueprint.from_frame`` on the step table (validation, cycle check);
* ``metrics``: ``blueprint.metrics`` (lanes, line crossings, longest path);
* ``draw``: ``blueprint.draw`` (layout, text wrapping, artists), figure closed afterwards;
* ``render``: ``draw`` then ``fig.canvas.draw()`` (what a notebook pays to show it);
* ``png``: ``draw`` then ``savefig`` to PNG at 100 dpi (in memory).

Run: ``.venv/bin/python benchmarks/bench_blueprint.py`` (about 30 s on 2 cores).
Prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import io
import platform
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from course_lib import blueprint as bp  # noqa: E402

SIZES = (5, 20, 60, 200)
REPEATS = 3


def best(func) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
        plt.close("all")
    return min(times)


def bench(name: str, blueprint: bp.Blueprint) -> dict:
    table = blueprint.to_frame()

    def render():
        bp.draw(blueprint).figure.canvas.draw()

    def png():
        bp.draw(blueprint).figure.savefig(io.BytesIO(), format="png", dpi=100)

    fig = bp.draw(blueprint).figure
    width, height = fig.get_size_inches()
    plt.close("all")
    return {
        "blueprint": name,
        "steps": len(blueprint),
        "flows": len(blueprint.flows),
        "figure (in)": f"{width:.1f} × {height:.1f}",
        "build (ms)": 1000 * best(lambda: bp.Blueprint.from_frame(table)),
        "metrics (ms)": 1000 * best(lambda: bp.metrics(blueprint)),
        "draw (ms)": 1000 * best(lambda: bp.draw(blueprint)),
        "draw + render (ms)": 1000 * best(render),
        "draw + PNG (ms)": 1000 * best(png),
    }


def main() -> None:
    bp.draw(bp._random_blueprint(5, 5))  # warm the font caches once
    plt.close("all")
    rows = [bench("hotel_stay", bp.load_blueprint("hotel_stay"))]
    rows += [bench(f"random {n}", bp._random_blueprint(n, seed=n)) for n in SIZES]
    print(f"Python {platform.python_version()}, matplotlib {matplotlib.__version__}, "
          f"{platform.machine()}, best of {REPEATS}\n")
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "|".join("---" for _ in keys) + "|")
    for row in rows:
        cells = [f"{v:.1f}" if isinstance(v, float) else str(v) for v in row.values()]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
