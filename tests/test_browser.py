"""Real-browser tests: every lesson widget, in both editions, driven in JupyterLab through headless Chromium.

For each lesson whose code calls a course_lib widget (a function built on ``course_lib.widgets.live``),
in the English lessons (notebooks/) and in the Chinese edition generated from them (zh/notebooks/, the
same code cells with ``LANG = "zh"``), the test opens a copy of the lesson in JupyterLab (scratch folder,
free 127.0.0.1 port, token, news and extension-manager plugins off), runs all cells, checks that each
widget's output area shows what the pure course_lib function returns for the starting values in the
lesson's language, moves controls through the DOM (typing into a slider's readout, choosing in a
``<select>``) and checks the output again against the pure function for the new setting.

Every widget's visible labels (title, control descriptions, options, table headers) are checked too: the
descriptions and options the page shows are those of the same widget built in the test process in the
lesson's language; in the Chinese edition each label is Chinese (:func:`browser_helpers.untranslated`:
a CJK ideograph, or nothing but codes and numbers), in the English edition none has an ideograph; and
no character of the widget is drawn as a missing-glyph box (:func:`browser_helpers.missing_glyphs`;
the browser has the course's CJK font through ``FONTCONFIG_FILE``). The page must log no console errors
and request nothing outside the server. Screenshots of every widget (before/after), per-lesson timings
and the server log go to ``.course_runs/browser/`` (``en-…png``, ``zh-…png``).

One JupyterLab and one Chromium serve both editions (session fixtures). The editions are two classes,
``TestEnglish`` and ``TestChinese``: with ``pytest -n 2 --dist loadscope`` each is a work unit, so two
workers run them side by side (each worker then starts its own JupyterLab and Chromium).

Needs ``/usr/bin/chromium`` (Debian package ``chromium``) and the ``playwright`` Python package (its
bundled driver; no downloaded browser): ``.ci/install-browser.sh`` installs both. Without them the tests
skip with the reason. Run only these: ``pytest -m browser tests/test_browser.py``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import nbformat
import pytest

from browser_helpers import (ARTEFACTS, CHROMIUM, CHROMIUM_ARGS, browser_missing, CJK, ROOT, LabServer, LessonPage, WidgetCell,
                             call_arguments, fontconfig_file, mismatches, missing_glyphs, notebook_parameters,
                             untranslated, widget_cells)

pytestmark = pytest.mark.browser

#: The editions: the English lessons and the Chinese edition generated from them.
EDITIONS = {"en": ROOT / "notebooks", "zh": ROOT / "zh" / "notebooks"}
LESSONS = {ed: sorted(folder.glob("[0-9][0-9]_*.ipynb")) for ed, folder in EDITIONS.items()}
CELLS = {ed: widget_cells(lessons) for ed, lessons in LESSONS.items()}
WIDGET_LESSONS = {ed: sorted({c.notebook for c in cells}) for ed, cells in CELLS.items()}


def edition_lang(params: dict, kwargs: dict | None = None) -> str:
    """The language a lesson's widget speaks: its call's ``lang=`` (``lang=LANG`` is resolved from the
    notebook's parameters by :func:`call_arguments`), else the notebook's ``LANG``, which the lesson
    passes to ``cl.setup(lang=LANG)`` (a widget called without ``lang`` follows it)."""
    return (kwargs or {}).get("lang") or params.get("LANG", "en")


# --------------------------------------------------------------------------- what each widget must show
@dataclass
class Step:
    """Controls to move, then the cells the widget's output must show: [row label, column, value, tol]
    (see ``browser_helpers._JS_MATCHES``), and slider readouts that must show a given text."""

    moves: list[tuple[str, str, object]] = field(default_factory=list)  # (kind, description, value)
    expect: list[list] = field(default_factory=list)
    readouts: dict[str, str] = field(default_factory=dict)              # slider description → readout text


def _quiet(build: Callable):
    """Build a widget in the test process (outside a kernel it only computes; silence its text output)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return build()


def _frame_cells(frame, rows=None, cols=None) -> list[list]:
    """Expected cells of a DataFrame: numbers compared within the display rounding, bools as text."""
    import numpy as np
    import pandas as pd

    cells = []
    for row in (frame.index if rows is None else rows):
        for col in (frame.columns if cols is None else cols):
            v = frame.loc[row, col]
            if isinstance(v, (bool, np.bool_)):
                cells.append([str(row), str(col), str(bool(v)), None])
            elif isinstance(v, str):
                cells.append([str(row), str(col), v, None])
            elif pd.isna(v):
                cells.append([str(row), str(col), None, None])
            else:
                cells.append([str(row), str(col), float(v), None])
    return cells


def servqual_allocator(cell: WidgetCell, params: dict) -> tuple[object, list[Step]]:
    from course_lib import data, servqual as sq

    from course_lib.lang import T

    _, kwargs = call_arguments(cell, params)
    lang = edition_lang(params, kwargs)
    survey = data.load(f"servqual_{params.get('industry', 'restaurant')}")
    gaps = sq.gap_scores(survey).dimensions["gap"]
    w = _quiet(lambda: sq.allocator(survey, lang=lang))
    labels = {d: c.description for d, c in w.controls.items()}
    start = {d: c.value for d, c in w.controls.items()}
    points_col, gap_col, weighted_row = (T(t).render(lang) for t in ("points", "gap P−E", "weighted SERVQUAL"))

    def expect(points):
        cells = [[labels[d], points_col, float(points[d]), None] for d in points]
        cells += [[labels[d], gap_col, float(gaps[d]), None] for d in points]
        weighted = sum(points[d] / 100 * gaps[d] for d in points)
        return cells + [[weighted_row, gap_col, float(weighted), None]]

    moved = sq.rebalance({**start, "reliability": 40}, "reliability")
    assert moved != start, "the move must change the allocation"
    return w, [Step(expect=expect(start)),
               Step(moves=[("slider", labels["reliability"], 40)], expect=expect(moved),
                    readouts={labels[d]: str(v) for d, v in moved.items()})]


def standards_staffing_widget(cell: WidgetCell, params: dict) -> tuple[object, list[Step]]:
    import pandas as pd

    from course_lib import standards as st

    _, kwargs = call_arguments(cell, params)
    kwargs = {k: v for k, v in kwargs.items() if not isinstance(v, str) or k == "lang"}
    kwargs["lang"] = edition_lang(params, kwargs)
    w = _quiet(lambda: st.staffing_widget(**kwargs))
    labels = {k: c.description for k, c in w.controls.items()}
    values = {k: c.value for k, c in w.controls.items()}

    def expect(v):
        rate = v["calls_per_hour"] / 3600
        need = st.agents_needed(rate, v["handle_seconds"], v["answer_seconds"], v["service_level"])
        r = st.erlang_c(rate, v["handle_seconds"], need, v["answer_seconds"])
        shown = {"agents": need, "traffic": r.traffic, "service_level": r.service_level, "p_wait": r.p_wait,
                 "asa_seconds": r.asa, "occupancy": r.occupancy}
        return _frame_cells(w.display_with(pd.DataFrame([shown])))     # headed in the lesson's language

    busier = {**values, "calls_per_hour": 2 * values["calls_per_hour"]}
    stricter = {**busier, "service_level": 0.95}
    return w, [Step(expect=expect(values)),
               Step(moves=[("slider", labels["calls_per_hour"], busier["calls_per_hour"])], expect=expect(busier)),
               Step(moves=[("slider", labels["service_level"], "0.95")], expect=expect(stricter))]


def nps_noise_widget(cell: WidgetCell, params: dict) -> tuple[object, list[Step]]:
    from course_lib import nps

    _, kwargs = call_arguments(cell, params)
    lang = edition_lang(params, kwargs)     # the lesson calls nps.noise_widget(): cl.setup(lang=LANG)'s language
    w = _quiet(lambda: nps.noise_widget(lang=lang))
    labels = {k: c.description for k, c in w.controls.items()}
    v = {k: c.value for k, c in w.controls.items()}
    cols = ["n", "promoters", "detractors", "nps", "low", "high", "change", "significant"]

    def expect(n, method):
        table = nps.simulate_surveys(v["promoters"], v["detractors"], n, method=method)
        return _frame_cells(w.display_with(table[cols]))              # headed in the lesson's language

    other_text, other = next((t, m) for t, m in w.controls["method"].options if m != v["method"])
    return w, [Step(expect=expect(v["n"], v["method"])),
               Step(moves=[("slider", labels["n"], 1000)], expect=expect(1000, v["method"])),
               Step(moves=[("select", labels["method"], other_text)], expect=expect(1000, other))]


def journey_emotion_curve_editor(cell: WidgetCell, params: dict) -> tuple[object, list[Step]]:
    from course_lib import data, journey

    # the lesson's input: the mean emotion per touchpoint of its journey dataset, rounded
    visits = data.load(f"journey_{params['JOURNEY']}")
    cycle = journey.cycle_of_service(visits, value="emotion")
    curve = cycle["mean_emotion"].round().tolist()
    steps = cycle["touchpoint"].tolist()
    end_window, lang = params.get("END_WINDOW", 1), edition_lang(params)
    w = _quiet(lambda: journey.emotion_curve_editor(curve, labels=steps, end_window=end_window, lang=lang))
    names = list(w.controls)
    labels = {k: w.controls[k].description for k in names}
    lo, hi = w.controls[names[0]].min, w.controls[names[0]].max

    def expect(series):
        import pandas as pd

        pe = journey.peak_end(series, end_window=end_window, signed=True)
        shown = w.display_with(pd.Series({"peak": pe.peak, "end": pe.end, "remembered": pe.score, "mean": pe.mean,
                                          "area": pe.area}))                  # named in the lesson's language
        return [[str(k), "", float(x), None] for k, x in shown.items()]

    start = [int(c.value) for c in w.controls.values()]
    worst = min(range(len(start)), key=lambda i: start[i])     # deepen the worst moment: a new peak
    moved = list(start)
    moved[worst] = lo if start[worst] != lo else hi
    return w, [Step(expect=expect(start)),
               Step(moves=[("slider", labels[names[worst]], moved[worst])], expect=expect(moved))]


def blueprint_widget(cell: WidgetCell, params: dict) -> tuple[object, list[Step]]:
    from course_lib import blueprint as bp

    name, lang = params.get("BLUEPRINT", "hotel_stay"), edition_lang(params)
    plan = bp.load_blueprint(name)
    w = _quiet(lambda: bp.widget(plan, lang=lang))
    labels = {k: c.description for k, c in w.controls.items()}
    fail, wait = tuple(w.controls["fail"].value), tuple(w.controls["wait"].value)
    step = w.controls["step"].value
    option = {value: text for text, value in w.controls["fail"].options}
    longer = float(w.controls["duration"].value) + 10

    def expect(durations, fail):
        table = bp.compare(plan, bp.with_changes(plan, durations=durations, fail=fail, wait=wait))
        return _frame_cells(w.display_with(table))                     # headed in the lesson's language

    unflagged = next(v for v in option if v not in fail)
    more_fail = fail + (unflagged,)
    return w, [Step(expect=expect({}, fail)),
               Step(moves=[("slider", labels["duration"], f"{longer:g}")], expect=expect({step: longer}, fail)),
               Step(moves=[("select", labels["fail"], [option[v] for v in more_fail])],
                    expect=expect({step: longer}, more_fail))]


def journey_mot_calculator(cell: WidgetCell, params: dict) -> tuple[object, list[Step]]:
    from course_lib import journey

    _, kwargs = call_arguments(cell, params)
    kwargs = {k: v for k, v in kwargs.items() if not isinstance(v, str) or k == "lang"}
    kwargs["lang"] = lang = edition_lang(params, kwargs)
    w = _quiet(lambda: journey.mot_calculator(**kwargs))
    labels = {k: c.description for k, c in w.controls.items()}
    v = {k: c.value for k, c in w.controls.items()}

    def expect(v):
        return _frame_cells(journey.carlzon_moments(v["customers"], v["contacts_per_customer"],
                                                    v["seconds_per_contact"],
                                                    failure_rate=v["failure_rate"]).table(lang))

    fewer = {**v, "customers": 750_000}
    more = {**fewer, "contacts_per_customer": 8.5}
    return w, [Step(expect=expect(v)),
               Step(moves=[("text", labels["customers"], 750_000)], expect=expect(fewer)),
               Step(moves=[("slider", labels["contacts_per_customer"], 8.5)], expect=expect(more))]


def servqual_gap_explorer(cell: WidgetCell, params: dict) -> tuple[object, list[Step]]:
    from course_lib import data, servqual as sq

    _, kwargs = call_arguments(cell, params)
    lang = edition_lang(params, kwargs)
    survey = data.load(f"servqual_{params.get('industry', 'restaurant')}")
    w = _quiet(lambda: sq.gap_explorer(survey, lang=lang))
    labels = {k: c.description for k, c in w.controls.items()}
    seg_text, segment = w.controls["segment"].options[-1]       # (label, value in the data)
    dim_text, dim = w.controls["dimension"].options[2]          # the second dimension (reliability)
    sub = survey[survey["segment"].astype(str) == segment]
    g_all, g_sub = sq.gap_scores(survey), sq.gap_scores(sub)
    items = g_sub.items[g_sub.items["dimension"] == dim][["gap", "n"]]
    shown = w.display_with                                      # headed in the lesson's language
    return w, [Step(expect=_frame_cells(shown(g_all.dimensions[["gap", "n"]]))),
               Step(moves=[("select", labels["segment"], seg_text)],
                    expect=_frame_cells(shown(g_sub.dimensions[["gap", "n"]]))),
               Step(moves=[("select", labels["dimension"], dim_text)], expect=_frame_cells(shown(items)))]


def servqual_self_assessment(cell: WidgetCell, params: dict) -> tuple[object, list[Step]]:
    import pandas as pd

    from course_lib import servqual as sq

    _, kwargs = call_arguments(cell, params)
    w = _quiet(lambda: sq.self_assessment(lang=edition_lang(params, kwargs)))
    labels = {k: c.description for k, c in w.controls.items()}
    v = {k: c.value for k, c in w.controls.items()}

    def expect(v):  # E, P and P − E per dimension, straight from the ratings
        t = pd.DataFrame({"E": [float(v[f"E_{d}"]) for d in sq.DIMENSIONS],
                          "P": [float(v[f"P_{d}"]) for d in sq.DIMENSIONS]}, index=list(sq.DIMENSIONS))
        t["gap"] = t["P"] - t["E"]
        return _frame_cells(w.display_with(t))                         # headed in the lesson's language

    moved = {**v, "P_reliability": 2}
    return w, [Step(expect=expect(v)),
               Step(moves=[("slider", labels["P_reliability"], 2)], expect=expect(moved))]


SCENARIOS: dict[str, Callable[[WidgetCell, dict], tuple[object, list[Step]]]] = {
    "servqual.allocator": servqual_allocator,
    "standards.staffing_widget": standards_staffing_widget,
    "nps.noise_widget": nps_noise_widget,
    "journey.emotion_curve_editor": journey_emotion_curve_editor,
    "blueprint.widget": blueprint_widget,
    "journey.mot_calculator": journey_mot_calculator,
    "servqual.gap_explorer": servqual_gap_explorer,
    "servqual.self_assessment": servqual_self_assessment,
}


#: Labels that the Chinese edition still shows untranslated (see :func:`browser_helpers.untranslated`),
#: by widget: gaps of the library, listed so that the check catches every other one. An entry that the
#: page no longer shows fails the test as well: delete it once the library translates that label.
#: None left: a widget shows its result table through ``display_with`` (``widget.shown``, headed and
#: labelled in the lesson's language by :func:`course_lib.labels.headed`), while ``widget.result`` keeps
#: the codes and column names code uses; segment and method options show labels of their values.
UNTRANSLATED: dict[str, set[str]] = {}


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def artefacts() -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return ARTEFACTS


@pytest.fixture(scope="session")
def lab(tmp_path_factory, artefacts):
    """One JupyterLab for both editions: its folder holds the widget lessons of each, at their paths in
    the repository (notebooks/…, zh/notebooks/…)."""
    reason = browser_missing()
    if reason:
        pytest.skip(reason)
    lessons = [nb for ed in EDITIONS for nb in WIDGET_LESSONS[ed]]
    server = LabServer(tmp_path_factory.mktemp("jupyterlab"), lessons).start()
    try:
        yield server
    finally:
        server.stop()
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        (artefacts / f"jupyterlab-{worker}.log").write_text(server.log_tail(200_000), encoding="utf-8")


@pytest.fixture(scope="session")
def chromium(tmp_path_factory, request):
    """Headless Chromium with the system's fonts plus the course's CJK font (and no other CJK font)."""
    reason = browser_missing()
    if reason:
        pytest.skip(reason)
    pw = request.getfixturevalue("playwright_session")
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(tmp_path_factory.mktemp("fonts")))}
    browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env=env, timeout=60_000)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def lesson_page(lab, chromium):
    """A fresh browser context whose page records console errors and blocks (and records) any request
    that leaves the JupyterLab server; kernels are shut down afterwards."""
    context = chromium.new_context(viewport={"width": 1400, "height": 2200})
    problems: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def outside(route):
        problems.append(f"request outside the server: {route.request.url}")
        route.abort()

    page.route(re.compile(rf"^(?!{re.escape(lab.base_url)}/)(https?|wss?)://"), outside)
    try:
        yield page, problems
    finally:
        context.close()
        lab.shutdown_kernels()


# --------------------------------------------------------------------------- one lesson in the browser
def _label_faults(edition: str, cell: WidgetCell, widget, shown: list[tuple[str, str]]) -> list[str]:
    """What is wrong with the labels a widget showed (over all its steps): descriptions and options that
    are not those of the widget built in the test process in the lesson's language, labels in the wrong
    language, and entries of UNTRANSLATED that the page no longer shows."""
    faults = []
    descriptions = [c.description for c in widget.controls.values() if c.description]
    seen = list(dict.fromkeys(t for k, t in shown if k == "description"))
    if seen != [" ".join(d.split()) for d in descriptions]:
        faults.append(f"control descriptions {seen} are not the widget's {descriptions}")
    options = {" ".join(str(o).split()) for c in widget.controls.values() for o in getattr(c, "_options_labels", ())}
    seen_options = {t for k, t in shown if k == "option"}
    if seen_options != options:
        faults.append(f"options shown {sorted(seen_options)} are not the widget's {sorted(options)}")
    labels = dict.fromkeys(shown)
    if edition == "zh":
        allowed = UNTRANSLATED.get(cell.function, set())
        bad = [f"{kind} {text!r}" for kind, text in labels if untranslated(text) and text not in allowed]
        if bad:
            faults.append("labels not in Chinese: " + ", ".join(bad))
        stale = sorted(allowed - {text for _, text in labels})
        if stale:
            faults.append(f"UNTRANSLATED[{cell.function!r}] lists labels the page no longer shows "
                          f"(translated now? delete them): {stale}")
    else:
        bad = [f"{kind} {text!r}" for kind, text in labels if CJK.search(text)]
        if bad:
            faults.append("Chinese in the English edition: " + ", ".join(bad))
    return [f"{cell.function} (cell {cell.index}): {f}" for f in faults]


def run_lesson(edition: str, notebook: Path, lab: LabServer, lesson_page, artefacts: Path) -> None:
    page, problems = lesson_page
    cells = [c for c in CELLS[edition] if c.notebook == notebook]
    params = notebook_parameters(notebook)
    assert edition_lang(params) == edition, f"{notebook}: LANG is {params.get('LANG')!r}, not {edition!r}"
    plans = [(c, *SCENARIOS[c.function](c, params)) for c in cells if c.function in SCENARIOS]
    assert plans, f"no scenario for the widgets of {notebook.name}"
    prefix = f"{edition}-{notebook.stem}"
    for old in [*artefacts.glob(f"{prefix}-*.png"), *artefacts.glob(f"{notebook.stem}-*.png")]:
        old.unlink()                                   # (names without the edition: from before both ran)

    lesson = LessonPage(page, lab, lab.lab_path(notebook))
    faults: list[str] = []
    timings: dict[str, float] = {}
    clock = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        timings[name], clock = round(now - clock, 2), now

    try:
        lesson.open()
        lap("open")
        assert lesson.cell_count() == len(nbformat.read(notebook, as_version=4).cells), "cells missing from the DOM"
        lesson.run_all()
        lap("run_all")
        for cell, built, steps in plans:
            widget = lesson.widget(cell.index)
            widget.scroll_into_view_if_needed()
            labels: list[tuple[str, str]] = []
            for n, step in enumerate(steps):
                for kind, description, value in step.moves:
                    if kind == "slider":
                        lesson.set_slider(widget, description, value)
                    elif kind == "text":
                        lesson.set_text(widget, description, value)
                    else:
                        lesson.select(widget, description, value)
                shown = lesson.wait_for_output(widget, step.expect)
                for description, text in step.readouts.items():
                    assert lesson.slider_readout(widget, description) == text, (cell.function, description)
                assert shown["images"] <= 1, f"{cell.function}: {shown['images']} figures in one output"
                labels += lesson.labels(widget)
                faults += [f"{cell.function} (cell {cell.index}, step {n}): no glyph for {g['char']!r} "
                           f"({g['code']}{', draws nothing' if g['blank'] else ''}) in {g['where']}, font {g['font']}"
                           for g in lesson.missing_glyphs(widget)]
                lesson.cell(cell.index).screenshot(path=str(artefacts / f"{prefix}-{cell.index:02d}-{n}.png"))
            faults += _label_faults(edition, cell, built, labels)
            lap(f"cell {cell.index} {cell.function}")
    except Exception:
        page.screenshot(path=str(artefacts / f"{prefix}-failure.png"), full_page=True)
        raise
    finally:
        (artefacts / f"timings-{prefix}.json").write_text(json.dumps(timings, indent=1), encoding="utf-8")
    assert not faults, f"{notebook.relative_to(ROOT)}: the widgets' labels or glyphs:\n" + "\n".join(faults)
    assert not problems, f"{notebook.name}: the page logged errors or called out:\n" + "\n".join(problems)


# --------------------------------------------------------------------------- the tests
class TestHelpers:
    """No browser: the discovery, the matchers and the rules the browser tests rely on."""

    def test_widget_discovery_finds_live_widgets(self):
        """The discovery reads course_lib: a function is a widget exactly when it calls live(...)."""
        from browser_helpers import widget_functions

        found = widget_functions()
        assert "staffing_widget" in found["standards"] and "allocator" in found["servqual"]
        assert "agents_needed" not in found["standards"] and "rebalance" not in found["servqual"]
        assert all(c.source.count(c.function.split(".")[1] + "(") >= 1 for ed in CELLS for c in CELLS[ed])

    def test_editions_have_the_same_widgets(self):
        """The Chinese edition is generated from the English lessons: the same widget cells, in Chinese."""
        def where(ed):
            return [(c.notebook.name, c.index, c.function) for c in CELLS[ed]]

        assert where("en"), "no lesson calls a course_lib widget: the widget discovery is broken"
        assert where("zh") == where("en"), "zh/notebooks is not the English lessons' edition: make editions"
        assert {edition_lang(notebook_parameters(nb)) for nb in WIDGET_LESSONS["zh"]} == {"zh"}

    def test_output_matcher_reports_differences(self):
        """The Python twin of the in-page matcher: display rounding tolerated, anything more reported."""
        shown = {"tables": [{"0": {"agents": "29", "p_wait": "0.242", "flag": "False", "change": "NaN",
                                   "tiny": "1.235e-05"}}], "texts": [], "images": 0}
        good = [["0", "agents", 29.0, None], ["0", "p_wait", 0.24249, None], ["0", "flag", "False", None],
                ["0", "change", None, None], ["0", "tiny", 1.2346e-05, None]]
        assert mismatches(shown, good) == []
        bad = mismatches(shown, [["0", "agents", 30.0, None], ["0", "p_wait", 0.2426, None],
                                 ["0", "flag", "True", None], ["1", "agents", 29.0, None]])
        assert len(bad) == 4 and "'agents'] shows '29', expected 30.0" in bad[0]

    def test_every_widget_has_a_browser_scenario(self):
        """A new widget in a lesson needs a scenario here; otherwise the browser tests would silently skip it."""
        missing = sorted({c.function for ed in CELLS for c in CELLS[ed]} - set(SCENARIOS))
        assert not missing, f"add a scenario to SCENARIOS in tests/test_browser.py for: {missing}"

    def test_chinese_label_rule(self):
        """A Chinese label has an ideograph; without one, only codes and numbers pass."""
        chinese = ["可靠性", "差距 P−E", "（全部）", "arrive: 抵达酒店", "人手计算器（Erlang C）", "失误点 (F)", "𠀀"]
        codes = ["E", "P", "P−E", "n", "NPS", "SERVQUAL", "p_wait", "asa_seconds", "S08", "0.95", "-3", "1.2e-05",
                 "45%", "(F)", "—", "2024"]
        english = ["gap", "agents", "first visit", "Reliability E", "nps", "wald", "before", "n / month", "Erlang C"]
        assert [t for t in chinese + codes if untranslated(t)] == []
        assert [t for t in english if not untranslated(t)] == []

    def test_untranslated_lists_only_widgets_and_untranslated_labels(self):
        """UNTRANSLATED names known widgets, and each of its labels really breaks the rule."""
        assert set(UNTRANSLATED) <= set(SCENARIOS)
        assert [t for labels in UNTRANSLATED.values() for t in labels if not untranslated(t)] == []


class TestEnglish:
    """The English lessons (notebooks/): one work unit for pytest-xdist's loadscope."""

    def test_page_guards_catch_errors_and_outside_requests(self, lab, lesson_page):
        """The console/page-error and network guards of every lesson page really fire."""
        page, problems = lesson_page
        page.set_content("<p>guard check</p>")       # about:blank: no server policy in the way
        page.evaluate("""() => { console.error("deliberate error");
                                  return fetch("https://example.invalid/x").catch(() => null); }""")
        assert any("deliberate error" in p for p in problems), problems
        assert any("request outside the server: https://example.invalid/x" in p for p in problems), problems

    @pytest.mark.parametrize("notebook", WIDGET_LESSONS["en"], ids=[p.stem for p in WIDGET_LESSONS["en"]])
    def test_lesson_widgets(self, notebook: Path, lab, lesson_page, artefacts):
        run_lesson("en", notebook, lab, lesson_page, artefacts)


class TestChinese:
    """The Chinese edition (zh/notebooks/): one work unit for pytest-xdist's loadscope."""

    def test_missing_glyph_check_can_fail(self, chromium):
        """The glyph check flags characters no font has (a Private Use Area code point, an ideograph of
        CJK extension B that the course font lacks), in given text and in a page's elements (an option
        of a <select> included), and passes Chinese, Latin and the symbols the widgets use."""
        page = chromium.new_page()
        try:
            page.set_content("<p>x</p>")
            fine = "可靠性 Reliability 口 P−E（全部）0.95 — · ×"
            for family in ('"Noto Sans CJK SC"', "sans-serif", "system-ui, sans-serif"):
                assert missing_glyphs(page, texts=[(family, fine)]) == [], family
                found = missing_glyphs(page, texts=[(family, "可\ue000靠\U00020000性")])
                assert [g["code"] for g in found] == ["U+E000", "U+20000"], (family, found)
            page.set_content('<div id="w"><label>可靠性</label><select><option>选项</option>'
                             '<option>第二\U0010fffd</option></select><table><tr><th>差距</th></tr></table></div>')
            found = missing_glyphs(page, page.locator("#w"))
            assert [(g["char"], g["where"]) for g in found] == [("\U0010fffd", "option.")], found
        finally:
            page.close()

    @pytest.mark.parametrize("notebook", WIDGET_LESSONS["zh"], ids=[p.stem for p in WIDGET_LESSONS["zh"]])
    def test_lesson_widgets(self, notebook: Path, lab, lesson_page, artefacts):
        run_lesson("zh", notebook, lab, lesson_page, artefacts)
