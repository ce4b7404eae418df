"""Issue 11: what a trainee sees in the Chinese edition is Chinese.

The widgets' result tables as the output area shows them (``widget.shown``), their options, the
SERVQUAL item bank and commitment-cycle tables shown with :func:`course_lib.labels.labelled`, the
messages of :class:`~course_lib.errors.CourseDataError` and the exercise stub, in ``zh``: no Latin
word is left but codes (the rule of the browser test, :func:`browser_helpers.untranslated`; the
only codes these tables show are listed in :data:`CODES`). ``widget.result`` keeps the codes and
column names that code uses, and the English edition shows no Chinese.

These tests need the Chinese catalogue to hold the library's messages (``service-course editions
--catalogues`` after a new message is translated).
"""

from __future__ import annotations

import contextlib
import io

import nbformat
import pandas as pd
import pytest

from browser_helpers import CJK, untranslated
from course_lib import authoring, data, labels
from course_lib.errors import CourseDataError

#: Code identifiers a Chinese table may show as they are: the questionnaire's expectation and
#: perception columns (E, P, as in E1/P1 item codes); numbers pass the rule by themselves.
CODES = {"E", "P"}


def _quiet(build):
    with contextlib.redirect_stdout(io.StringIO()):
        return build()


def _widgets(lang: str) -> dict:
    from course_lib import blueprint as bp
    from course_lib import journey, nps
    from course_lib import servqual as sq
    from course_lib import standards as st

    survey = data.load("servqual_restaurant")
    return {
        "servqual.gap_explorer": lambda: sq.gap_explorer(survey, lang=lang),
        "servqual.self_assessment": lambda: sq.self_assessment(lang=lang),
        "servqual.allocator": lambda: sq.allocator(survey, lang=lang),
        "blueprint.widget": lambda: bp.widget(bp.load_blueprint("hotel_stay"), lang=lang),
        "journey.emotion_curve_editor": lambda: journey.emotion_curve_editor(lang=lang),
        "journey.mot_calculator": lambda: journey.mot_calculator(lang=lang),
        "standards.staffing_widget": lambda: st.staffing_widget(lang=lang),
        "nps.noise_widget": lambda: nps.noise_widget(lang=lang),
    }


def _shown_labels(table) -> list[str]:
    """Column names, index names and row labels of a table (or Series) as a notebook shows them."""
    out = [str(n) for n in table.index.names if n is not None]
    out += [str(k) for k in table.index if not isinstance(k, (int, float))]
    if isinstance(table, pd.DataFrame):
        out += [str(c) for c in table.columns]
        out += [str(v) for c in table.columns if table[c].dtype in (object, bool) for v in table[c].unique()]
    elif table.name is not None:
        out.append(str(table.name))
    return out


def _latin(texts) -> list[str]:
    return sorted({t for t in texts if untranslated(t) and t not in CODES})


def _moves(name: str, w) -> None:
    """Set the controls that change what the table shows (a segment, a dimension's items)."""
    if name == "servqual.gap_explorer":
        w.controls["segment"].value = w.controls["segment"].options[-1][1]
        w.controls["dimension"].value = "reliability"


@pytest.mark.parametrize("name", sorted(_widgets("zh")))
def test_widget_tables_and_options_are_chinese(name):
    w = _quiet(_widgets("zh")[name])
    seen = _shown_labels(w.shown)
    _quiet(lambda: _moves(name, w))
    seen += _shown_labels(w.shown)
    seen += [str(o) for c in w.controls.values() for o in getattr(c, "_options_labels", ())]
    assert _latin(seen) == [], f"{name} shows English in the Chinese edition"


@pytest.mark.parametrize("name", sorted(_widgets("en")))
def test_widget_tables_stay_chinese_free_in_english(name):
    w = _quiet(_widgets("en")[name])
    seen = _shown_labels(w.shown) + [str(o) for c in w.controls.values() for o in getattr(c, "_options_labels", ())]
    assert [t for t in seen if CJK.search(t)] == []


def test_widget_results_keep_their_codes_in_chinese():
    """``widget.result`` is the API: the same columns and keys in every language."""
    from course_lib import nps
    from course_lib import servqual as sq
    from course_lib import standards as st

    assert list(_quiet(lambda: st.staffing_widget(lang="zh")).result.columns)[:2] == ["agents", "traffic"]
    assert "reliability" in _quiet(lambda: sq.self_assessment(lang="zh")).result.index
    noise = _quiet(lambda: nps.noise_widget(lang="zh"))
    assert {"promoters", "nps", "significant"} <= set(noise.result.columns) and noise.result.index.name == "month"
    assert noise.controls["method"].value == "adjusted_wald"


def test_item_bank_and_cycle_tables_are_chinese():
    from course_lib import servqual as sq
    from course_lib import standards as st

    items = labels.labelled(sq.items_table("zh")[["dimension", "text"]], lang="zh")
    counts = labels.labelled(sq.items_table("zh").groupby("dimension", sort=False).size().rename("items"), lang="zh")
    card = labels.labelled(st.commitment_scorecard("zh"), lang="zh")
    for table in (items, counts, card):
        assert _latin(_shown_labels(table)) == []
    # English: the column names as code writes them
    assert list(labels.labelled(st.commitment_scorecard("en"), lang="en").columns) == [
        "stage", "stage_name", "item", "score", "evidence"]


def test_course_data_errors_speak_chinese_and_keep_names():
    df = pd.DataFrame({"score": [3, None]})
    schema = [data.Column("score", "int", min=0, max=10)]
    with pytest.raises(CourseDataError) as err:
        data.validate_frame(df, schema, source="survey.csv")
    assert str(err.value) == ("survey.csv, row 2, column 'score': empty cells\n"
                              "  expected: whole numbers from 0 to 10\n"
                              "  fix: fill in the missing values or drop those rows")
    from course_lib import lang as L

    L.set_lang("zh")
    try:
        with pytest.raises(CourseDataError) as err:
            data.validate_frame(df, schema, source="survey.csv")
        with pytest.raises(CourseDataError) as missing:
            data.read_table("no_such_file.csv")
        with pytest.raises(CourseDataError) as yml:
            data.parse_yaml("yes: 1\non: 2\n", source="m.yml")
    finally:
        L.set_lang("en")
    text = str(err.value)
    assert "survey.csv" in text and "score" in text           # file and column names as they are
    for e in (err.value, missing.value, yml.value):
        words = [w for w in _latin(str(e).replace(":", " ").split()) if w not in {"survey.csv", "'score'"}]
        assert CJK.search(str(e)) and e.fix and CJK.search(e.fix), str(e)
    assert "no_such_file.csv" in str(missing.value)


def test_exercise_stub_follows_the_edition():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("# BEGIN SOLUTION\nx = 1\n# END SOLUTION\ncheck('t', x)")]
    assert authoring.make_exercise(nb).cells[0].source == "x = ...  # your code here\ncheck('t', x)"
    nb.metadata["course_edition"] = {"lang": "zh"}
    source = authoring.make_exercise(nb).cells[0].source
    assert source.startswith("x = ...  # ") and CJK.search(source), source
