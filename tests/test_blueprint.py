"""Tests for course_lib.blueprint: model, validation, metrics, drawing, widget."""

from __future__ import annotations

import itertools
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from course_lib import CourseDataError  # noqa: E402
from course_lib import blueprint as bp  # noqa: E402
from course_lib.blueprint.layout import _width_in, _wrap  # noqa: E402  (text measuring behind draw)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def tiny_table() -> pd.DataFrame:
    """A small blueprint whose measures were counted by hand (see test_tiny_metrics)."""
    return pd.DataFrame({
        "id": ["ev1", "c1", "o1", "o2", "b1", "s1", "o3", "c2"],
        "lane": ["evidence", "customer", "onstage", "onstage", "backstage", "support", "onstage", "customer"],
        "col": [1, 1, 1, 1, 2, 2, 3, 3],
        "label": ["Sign", "Ask", "Answer", "Apologise and redo", "Look up file", "Database", "Report back",
                  "Leave happy"],
        "label_zh": ["标识", "询问", "回答", "致歉并重做", "查档", "数据库", "反馈", "满意离开"],
        "duration": [0, 2, 3, 1, 4, 5, 1, 1],
        "fail": [False, False, True, False, False, False, False, False],
        "wait": [False, True, False, False, False, False, False, False],
        "recovery": ["", "", "o2", "", "", "", "", ""],
        "next": ["", "o1", "b1, c2", "", "s1", "o3", "c2", ""],
        "notes": [""] * 8,
    })


def tiny() -> bp.Blueprint:
    return bp.Blueprint.from_frame(tiny_table(), name="Tiny", name_zh="小例子")


# --------------------------------------------------------------------------- metrics
def test_tiny_metrics_counted_by_hand():
    m = bp.metrics(tiny())
    # flows: c1→o1, o1→c2, o3→c2 cross the line of interaction; o1→b1 and s1→o3 the line of
    # visibility; b1→s1 and s1→o3 the line of internal interaction.
    assert m.n_steps == 8
    assert m.steps_per_lane == {"evidence": 1, "customer": 2, "onstage": 3, "backstage": 1, "support": 1}
    assert (m.contacts, m.handoffs_visibility, m.handoffs_internal, m.handoffs) == (3, 2, 2, 4)
    assert (m.fail_points, m.wait_points) == (1, 1)
    assert m.total_time == 17.0          # 2+3+1+4+5+1+1
    assert m.visible_time == 8.0         # customer 2+1, onstage 3+1+1
    assert m.wait_time == 2.0
    assert m.longest_path == ("c1", "o1", "b1", "s1", "o3", "c2")
    assert m.longest_path_time == 16.0   # 2+3+4+5+1+1 (the short cut c1→o1→c2 is 6)
    assert bp.handoff_steps(tiny()) == ["b1", "s1", "o3"]


def test_hotel_stay_counted_by_hand():
    hotel = bp.load_blueprint("hotel_stay")
    m = bp.metrics(hotel)
    assert m.n_steps == 30
    assert m.steps_per_lane == {"evidence": 10, "customer": 10, "onstage": 5, "backstage": 2, "support": 3}
    assert (m.contacts, m.handoffs_visibility, m.handoffs_internal) == (8, 6, 4)
    assert (m.fail_points, m.wait_points) == (3, 3)
    assert m.longest_path[0] == "arrive" and m.longest_path[-1] == "reg_system_out"
    assert m.longest_path_time == 568.0
    assert m.wait_time == 15.0  # check-in queue 6, waiting for bags 5, check-out queue 4


def test_compare_bank_redesign():
    before, after = bp.load_blueprint("bank_account_before"), bp.load_blueprint("bank_account_after")
    table = bp.compare(before, after)
    assert list(table.columns) == ["before", "after", "change"]
    # before: check_id→copy_docs, print_card→handover, ticket→queue_system cross visibility;
    # copy_docs→kyc_review, core_open→print_card, ticket→queue_system cross internal interaction.
    assert table.loc["handoffs", "before"] == 6
    assert table.loc["handoffs", "after"] == 2
    assert table.loc["handoffs", "change"] == -4
    assert (table["change"] == table["after"] - table["before"]).all()
    zh = bp.compare(before, after, lang="zh")
    assert "交接总数（可视 + 内部）" in zh.index


def test_compare_rejects_non_blueprints():
    with pytest.raises(CourseDataError, match="must be a Blueprint"):
        bp.compare(tiny(), tiny_table())


def test_smells():
    assert bp.smells(tiny()) == []
    table = tiny_table()
    table.loc[2, "recovery"] = ""
    assert bp.smells(bp.Blueprint.from_frame(table)) == [
        "step 'o1' is a fail point with no recovery step: name the step that puts a failure right (recovery)"]
    table = tiny_table().iloc[1:].copy()          # no evidence at all
    table.loc[1, "duration"] = 6                  # c1 waits 6 min with nothing to look at
    smells = bp.smells(bp.Blueprint.from_frame(table))
    assert len(smells) == 1 and smells[0].startswith("step 'c1' is a wait of 6 min")
    table = pd.DataFrame({"id": ["alone"], "lane": ["customer"], "col": [1], "label": ["Walk in"]})
    assert "neither physical evidence nor a contact point" in bp.smells(bp.Blueprint.from_frame(table))[0]
    assert "补救" in bp.smells(bp.load_blueprint("hotel_stay"), lang="zh")[0]


def test_with_changes():
    b = bp.with_changes(tiny(), durations={"s1": 10}, fail=["b1"], wait=[])
    m = bp.metrics(b)
    assert (m.fail_points, m.wait_points, m.total_time, m.longest_path_time) == (1, 0, 22.0, 21.0)
    assert b.step("b1").fail and not b.step("o1").fail
    with pytest.raises(CourseDataError, match="no step 'zz'"):
        bp.with_changes(tiny(), durations={"zz": 1})


# --------------------------------------------------------------------------- round trips and loading
def test_round_trip_table_yaml_table(tmp_path):
    table = bp.load_blueprint("hotpot_visit").to_frame()
    path = tmp_path / "hotpot.yml"
    bp.Blueprint.from_frame(table, name="Hot pot").to_yaml(path)
    again = bp.load_blueprint(path).to_frame()
    pd.testing.assert_frame_equal(table, again)


def test_yaml_keeps_chinese_and_floats():
    text = bp.load_blueprint("hotpot_visit").to_yaml()
    assert "火锅店就餐" in text and "0.5" in text


def test_csv_file(tmp_path):
    path = tmp_path / "tiny.csv"
    tiny_table().to_csv(path, index=False)
    loaded = bp.load_blueprint(path)
    assert loaded == bp.Blueprint.from_frame(tiny_table(), name="Tiny")
    assert loaded.name == "Tiny"


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=80), st.integers(min_value=0, max_value=10_000))
def test_properties_of_random_blueprints(n, seed):
    b = bp._random_blueprint(n, seed)
    assert bp.Blueprint.from_frame(b.to_frame(), name=b.name) == b
    assert bp.Blueprint.from_yaml(b.to_yaml()) == b
    m = bp.metrics(b)
    assert sum(m.steps_per_lane.values()) == m.n_steps == n
    assert m.handoffs == m.handoffs_visibility + m.handoffs_internal <= 2 * len(b.flows)
    assert m.visible_time <= m.total_time
    # the longest path follows flows, its time is the sum of its steps, and no edge or step beats it
    flows = set(b.flows)
    assert all(pair in flows for pair in zip(m.longest_path, m.longest_path[1:]))
    assert m.longest_path_time == pytest.approx(sum(b.step(i).duration for i in m.longest_path))
    assert all(b.step(x).duration + b.step(y).duration <= m.longest_path_time + 1e-9 for x, y in b.flows)
    assert max(s.duration for s in b.steps) <= m.longest_path_time + 1e-9


def test_unknown_shipped_name():
    with pytest.raises(CourseDataError, match="no shipped blueprint called 'hotel'"):
        bp.load_blueprint("hotel")


def test_wrong_file_type(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{}")
    with pytest.raises(CourseDataError, match="cannot be read from .json"):
        bp.load_blueprint(path)


# --------------------------------------------------------------------------- validation errors
def _error(table: pd.DataFrame) -> CourseDataError:
    with pytest.raises(CourseDataError) as info:
        bp.Blueprint.from_frame(table, source="mine.csv")
    return info.value


def test_unknown_lane_names_step():
    table = tiny_table()
    table.loc[4, "lane"] = "kitchen"
    err = _error(table)
    assert "step 'b1': unknown lane 'kitchen'" in str(err)
    assert (err.row, err.column, err.source) == (5, "lane", "mine.csv")
    assert "evidence, customer, onstage, backstage, support" in err.expected


def test_lane_aliases_accepted():
    table = tiny_table()
    table["lane"] = ["Physical evidence", "customer actions", "frontstage", "前台", "后台", "Support processes",
                     "onstage", "顾客行为"]
    assert [s.lane for s in bp.Blueprint.from_frame(table).steps] == list(tiny_table()["lane"])


def test_duplicated_id():
    table = tiny_table()
    table.loc[3, "id"] = "o1"
    err = _error(table)
    assert "step 'o1': the id is used twice (rows 3 and 4)" in str(err)


def test_flow_to_missing_step():
    table = tiny_table()
    table.loc[1, "next"] = "o9"
    err = _error(table)
    assert "step 'c1': flow to a missing step 'o9'" in str(err)
    assert err.column == "next" and err.row == 2


def test_empty_label():
    table = tiny_table()
    table.loc[6, "label"] = "   "
    err = _error(table)
    assert "step 'o3': the label is empty" in str(err)


def test_negative_duration():
    table = tiny_table()
    table.loc[5, "duration"] = -2
    err = _error(table)
    assert "step 's1': negative duration -2" in str(err) and err.column == "duration"


@pytest.mark.parametrize("column, value, message", [
    ("duration", "ten", "step 'c1': duration 'ten' is not a number"),
    ("col", "", "step 'c1': col is empty"),
    ("wait", "maybe", "step 'c1': wait 'maybe' is not true or false"),
    ("wait", 2.0, "step 'c1': wait 2 is not true or false"),          # whole numbers shown without .0
    ("recovery", "nobody", "step 'c1': its recovery step 'nobody' does not exist"),
    ("recovery", "c1", "step 'c1': a step cannot be its own recovery"),
    ("next", "c1", "step 'c1': flows to itself"),
    ("next", "o1, o1", "step 'c1': flows to 'o1' more than once"),
    ("id", "", "a step has no id"),
])
def test_other_bad_cells(column, value, message):
    table = tiny_table().astype({"duration": object, "col": object, "wait": object})
    table.loc[1, column] = value
    assert message in str(_error(table))


def test_cycle_is_refused():
    table = tiny_table()
    table.loc[7, "next"] = "c1"
    err = _error(table)
    assert "go round in a circle: c1 → o1 → b1 → s1 → o3 → c2 → c1 (step 'c2' flows back to 'c1')" in str(err)
    assert err.row == 8  # the row whose `next` closes the circle


def test_missing_and_unknown_columns():
    with pytest.raises(CourseDataError, match="required column missing"):
        bp.Blueprint.from_frame(tiny_table().drop(columns="lane"))
    err = _error(tiny_table().rename(columns={"duration": "duraton"}))
    assert err.column == ["duraton"]
    with pytest.raises(CourseDataError, match="must be a pandas DataFrame"):
        bp.Blueprint.from_frame([1, 2])
    with pytest.raises(CourseDataError, match="has no steps"):
        bp.Blueprint.from_frame(tiny_table().iloc[0:0])


def test_broken_yaml_names_the_line():
    text = "name: Broken\nsteps:\n  - id: a\n    lane: customer\n   label: [unclosed\n"
    with pytest.raises(CourseDataError) as info:
        bp.Blueprint.from_yaml(text, source="broken.yml")
    assert info.value.source == "broken.yml" and info.value.row == 5
    assert "cannot be parsed at line 5" in str(info.value)


def test_yaml_is_read_safely():
    with pytest.raises(CourseDataError, match="cannot be parsed"):
        bp.Blueprint.from_yaml("name: !!python/object/apply:os.system ['echo hi']\nsteps: []\n")


@pytest.mark.parametrize("text, message", [
    ("- a\n- b\n", "must be a mapping with a `steps:` list"),
    ("name: x\nsteps: 3\n", "`steps:` must be a list"),
    ("name: x\nsteps: [3]\n", "a step must be a mapping"),
    ("name: x\ncolour: red\nsteps: []\n", "unknown top-level key"),
    ("name: x\nsteps:\n  - {id: a, lane: customer, col: 1, label: A, durtion: 3}\n", "step 'a': unknown field"),
    ("name: x\nunit: h\nsteps:\n  - {id: a, lane: customer, col: 1, label: A}\n", "unit 'h' is not supported"),
    ("name: x\nsteps:\n  - {id: a, lane: customer, col: 1, label: A, duration: -1}\n",
     "step 'a': negative duration -1"),
])
def test_bad_yaml_structure(text, message):
    with pytest.raises(CourseDataError, match=message.replace("(", r"\(").replace("`", "`")):
        bp.Blueprint.from_yaml(text)


# --------------------------------------------------------------------------- drawing
def _by_gid(ax, prefix):
    artists = itertools.chain(ax.patches, ax.texts, ax.lines)
    return {a.get_gid(): a for a in artists if (a.get_gid() or "").startswith(prefix)}


def _rendered(ax):
    fig = ax.figure
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def test_lanes_in_standard_order_and_three_lines():
    ax = bp.draw(bp.load_blueprint("hotel_stay"))
    lanes = _by_gid(ax, "lane:")
    ys = [lanes[f"lane:{k}"].get_position()[1] for k in bp.LANES]
    assert ys == sorted(ys, reverse=True)  # evidence on top, support at the bottom
    assert lanes["lane:evidence"].get_text() == "Physical evidence"
    lines = _by_gid(ax, "line:")
    assert sorted(lines) == ["line:interaction", "line:internal", "line:visibility"]
    line_y = {k: lines[f"line:{k}"].get_ydata()[0] for k in bp.LINES}
    # each line lies between the lanes it separates
    assert ys[1] > line_y["interaction"] > ys[2] > line_y["visibility"] > ys[3] > line_y["internal"] > ys[4]
    names = {t.get_gid(): t.get_text() for t in _by_gid(ax, "linelabel:").values()}
    assert names == {"linelabel:interaction": "Line of interaction", "linelabel:visibility": "Line of visibility",
                     "linelabel:internal": "Line of internal interaction"}


@pytest.mark.parametrize("n", [5, 20, 60])
def test_boxes_never_overlap_and_text_fits(n):
    b = bp._random_blueprint(n, seed=n)
    ax = bp.draw(b)
    renderer = _rendered(ax)
    boxes = _by_gid(ax, "step:")
    labels = _by_gid(ax, "label:")
    assert sorted(boxes) == sorted(f"step:{i}" for i in b.ids)  # every step drawn exactly once
    assert len(labels) == n
    extents = {gid: box.get_window_extent(renderer) for gid, box in boxes.items()}
    for (g1, e1), (g2, e2) in itertools.combinations(extents.items(), 2):
        assert not e1.overlaps(e2), (g1, g2)
    for sid in b.ids:
        text, box = labels[f"label:{sid}"], extents[f"step:{sid}"]
        t = text.get_window_extent(renderer)
        assert text.get_fontsize() >= 8
        assert box.x0 <= t.x0 and t.x1 <= box.x1 and box.y0 <= t.y0 and t.y1 <= box.y1, sid


def test_figure_widens_with_columns():
    small = bp.draw(bp._random_blueprint(5, 1)).figure.get_figwidth()
    large = bp.draw(bp._random_blueprint(60, 1)).figure.get_figwidth()
    assert large > 3 * small


def test_fail_wait_marks_and_flows():
    b = bp.load_blueprint("hotel_stay")
    ax = bp.draw(b)
    m = bp.metrics(b)
    assert len(_by_gid(ax, "fail:")) == m.fail_points
    assert len(_by_gid(ax, "wait:")) == m.wait_points
    assert {t.get_text() for t in _by_gid(ax, "failmark:").values()} == {"F"}
    assert {t.get_text() for t in _by_gid(ax, "waitmark:").values()} == {"W"}
    assert len(_by_gid(ax, "flow:")) == len(b.flows)
    assert "flow:check_in->process_reg" in _by_gid(ax, "flow:")
    hotpot = bp.draw(bp.load_blueprint("hotpot_visit"))
    assert "recovery:prepare->replace_dish" in _by_gid(hotpot, "recovery:")


def test_chinese_renders_without_missing_glyphs(tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = bp.draw(tiny(), lang="zh")
        _rendered(ax)
        ax.figure.savefig(tmp_path / "zh.png")
    missing = [w for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
    assert not missing
    assert _by_gid(ax, "label:c1")["label:c1"].get_text().startswith("询问")
    assert _by_gid(ax, "lane:")["lane:onstage"].get_text() == "前台接触员工行为"
    assert ax.get_title(loc="left").startswith("小例子")


def test_saves_png_and_svg(tmp_path):
    ax = bp.draw(bp.load_blueprint("bank_account_after"))
    ax.figure.savefig(tmp_path / "b.png")
    ax.figure.savefig(tmp_path / "b.svg")
    assert (tmp_path / "b.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in (tmp_path / "b.svg").read_text()[:500]


def test_draw_into_given_axes_scales_text():
    fig, ax = plt.subplots(figsize=(6, 3))
    bp.draw(bp.load_blueprint("hotel_stay"), ax=ax)
    renderer = _rendered(ax)
    label = _by_gid(ax, "label:check_in")["label:check_in"]
    box = _by_gid(ax, "step:check_in")["step:check_in"].get_window_extent(renderer)
    assert label.get_fontsize() < 8.5
    t = label.get_window_extent(renderer)
    assert box.x0 <= t.x0 and t.x1 <= box.x1


def test_draw_rejects_bad_input():
    with pytest.raises(CourseDataError, match="needs a Blueprint"):
        bp.draw(tiny_table())
    with pytest.raises(ValueError, match="lang"):
        bp.draw(tiny(), lang="fr")


def test_wrap_never_exceeds_width():
    for text in ["Supercalifragilisticexpialidocious service", "复印身份证、扫描申请表并发送到后台审核",
                 "Check ID 核对身份证 and form"]:
        for line in _wrap(text, 1.0, 8.5):
            assert _width_in(line, 8.5) <= 1.0 + 1e-9, line


# --------------------------------------------------------------------------- widget
def test_widget_updates_metrics():
    wg = bp.widget(bp.load_blueprint("hotel_stay"))
    assert wg.result.loc["fail_points", "after"] == 3
    wg.controls["fail"].value = ("take_order",)
    assert wg.result.loc["fail_points", "after"] == 1
    wg.controls["step"].value = "prepare_food"
    assert wg.controls["duration"].value == 20.0  # choosing a step shows its own duration
    wg.controls["duration"].value = 35.0
    assert wg.result.loc["total_time", "change"] == 15.0
    assert wg.result.loc["longest_path_time", "change"] == 15.0
    wg.controls["wait"].value = ()
    assert wg.result.loc["wait_points", "after"] == 0
    zh = bp.widget(tiny(), lang="zh")
    assert zh.controls["fail"].description == "失误点 (F)"


# --------------------------------------------------------------------------- exercise checks
def _coffee_redesign() -> bp.Blueprint:
    table = bp.load_blueprint("coffee_shop").to_frame()
    table.loc[table["id"] == "make_drink", "lane"] = "onstage"
    return bp.Blueprint.from_frame(table)


def _right_answers():
    hotel = bp.load_blueprint("hotel_stay")
    coffee_yaml = bp.load_blueprint("coffee_shop").to_yaml()
    return {
        "blueprint.steps_per_lane": hotel.to_frame()["lane"].value_counts(),
        "blueprint.line_quiz": "b",
        "blueprint.coffee_shop": coffee_yaml,
        "blueprint.coffee_fail_points": ["make_drink", "till", "hand_over"],
        "blueprint.bank_handoffs_removed": 4,
        "blueprint.hotpot_longest_path": 120.5,
        "blueprint.coffee_redesign": _coffee_redesign(),
        # the manager track: read the drawn blueprints and the tables the exercise shows
        "blueprint.phone_lane": "backstage",
        "blueprint.fix_first": "take_order",
        "blueprint.move_visibility": "prep_extra",
    }


def test_checks_pass_right_and_fail_wrong_answers():
    from course_lib.checks import evaluate, get_task, registry

    ids = {k for k in registry() if k.startswith("blueprint.")}
    right = _right_answers()
    assert ids == set(right) and len(ids) >= 5
    for task_id, answer in right.items():
        assert evaluate(task_id, answer).passed, evaluate(task_id, answer).message
        wrong = evaluate(task_id, get_task(task_id).wrong())
        assert wrong.status == "fail" and "Hint" in wrong.message, task_id
        assert evaluate(task_id, ...).status == "unanswered"


def test_coffee_check_feedback_names_the_problem():
    from course_lib.checks import evaluate

    table = bp.load_blueprint("coffee_shop").to_frame()
    table.loc[table["id"] == "make_drink", "lane"] = "onstage"
    msg = evaluate("blueprint.coffee_shop", table).message
    assert "step 'make_drink' is in the wrong lane (onstage)" in msg
    table.loc[0, "lane"] = "kitchen"
    msg = evaluate("blueprint.coffee_shop", table).message
    assert "your blueprint is not valid yet" in msg and "unknown lane 'kitchen'" in msg
    table = bp.load_blueprint("coffee_shop").to_frame()
    table.loc[table["id"] == "order", "next"] = "take_order"
    assert "a flow is missing: order → wait_drink" in evaluate("blueprint.coffee_shop", table).message
    # a redesign that drops a customer step is refused
    table = bp.load_blueprint("coffee_shop").to_frame()
    table = table[table["id"] != "collect"].copy()
    table["next"] = table["next"].str.replace("collect", "", regex=False).str.strip(", ")
    assert "missing: collect" in evaluate("blueprint.coffee_redesign", table).message


def test_chinese_punctuation_never_starts_a_line():
    for width in (0.6, 0.8, 1.0, 1.3):
        lines = _wrap("前台、登记表、大堂、房卡，账单。", width, 8.5)
        assert all(line[0] not in "、，。" for line in lines), lines
        assert "".join(lines) == "前台、登记表、大堂、房卡，账单。"


def test_coffee_check_names_the_wrong_flag():
    from course_lib.checks import evaluate

    table = bp.load_blueprint("coffee_shop").to_frame()
    table.loc[table["id"] == "queue", "wait"] = False
    msg = evaluate("blueprint.coffee_shop", table).message
    assert "step 'queue' is a wait point (W) in the description (set wait to True)" in msg


@pytest.mark.parametrize("name", ["hotel_stay", "hotpot_visit", "bank_account_before", "bank_account_after",
                                  "coffee_shop"])
def test_flow_arrows_do_not_run_under_other_boxes(name):
    import numpy as np

    b = bp.load_blueprint(name)
    ax = bp.draw(b)
    renderer = _rendered(ax)
    boxes = {gid[5:]: p.get_window_extent(renderer) for gid, p in _by_gid(ax, "step:").items()}
    for gid, arrow in _by_gid(ax, "flow:").items():
        a, _, z = gid[5:].partition("->")
        path = arrow.get_path()  # data coordinates
        pts = np.vstack([bez(np.linspace(0, 1, 30)) for bez, _ in path.iter_bezier()])
        pts = arrow.get_transform().transform(pts)
        for sid, e in boxes.items():
            if sid in (a, z):
                continue
            inside = (pts[:, 0] > e.x0 + 1) & (pts[:, 0] < e.x1 - 1) & (pts[:, 1] > e.y0 + 1) & (pts[:, 1] < e.y1 - 1)
            assert not inside.any(), f"{gid} runs under {sid}"
