"""Tests for course_lib.feedback.conversation: scoring a recovery script and sizing a front-line limit."""

from __future__ import annotations

import pandas as pd
import pytest

from course_lib import CourseDataError, feedback
from course_lib.feedback import conversation


def test_a_complete_script_in_order_has_every_step_in_place():
    t = feedback.score_script(list(conversation.RECOVERY_STEPS), lang="en")
    assert t.index.tolist() == list(conversation.RECOVERY_STEPS)
    assert t["status"].eq("in place").all() and t["present"].all()
    assert t["turn"].tolist() == [1, 2, 3, 4, 5]


def test_missing_and_out_of_order_steps_are_named():
    t = feedback.score_script(["solve", "apologise", "thank"], lang="en")
    assert t["status"].tolist() == ["missing", "in place", "out of order", "in place", "missing"]
    assert t.loc["solve", "turn"] == 1 and pd.isna(t.loc["listen", "turn"])


def test_the_fewest_steps_are_flagged_and_the_earliest_kept_on_ties():
    t = feedback.score_script(["apologise", "listen", "solve", "thank", "follow_up"], lang="en")
    assert t.loc[t["status"] == "out of order"].index.tolist() == ["apologise"]
    t = feedback.score_script(["listen", "apologise", "solve", "follow_up", "thank"], lang="en")
    assert t.loc[t["status"] == "out of order"].index.tolist() == ["follow_up"]


def test_labels_pairs_and_repeats_are_accepted():
    script = [("listen", "Tell me more."), "Apologise", ("solve", "Here is a new dish."), "apologise", "follow up"]
    t = feedback.score_script(script, lang="en")
    assert t.loc["apologise", "turn"] == 2  # the first time counts
    assert t.loc["follow_up", "present"] and not t.loc["thank", "present"]


def test_remedy_row_says_whether_the_front_line_may_grant_it():
    inside = feedback.score_script(["listen", "solve"], remedy=80, limit=100, lang="en")
    above = feedback.score_script(["listen", "solve"], remedy=150, limit=100, lang="en")
    assert inside.loc["remedy", "status"].startswith("within the limit")
    assert above.loc["remedy", "status"].startswith("above the limit")
    assert above.loc["remedy", "turn"] == 2
    assert feedback.score_script(["listen"], remedy=100, limit=100, lang="en").loc["remedy", "status"].startswith(
        "within")  # the limit itself may be spent


@pytest.mark.parametrize("script, kwargs", [
    (["listen", "shout"], {}),
    ("listen", {}),
    (["listen"], {"remedy": 50}),
    (["listen"], {"remedy": -5, "limit": 100}),
    (["listen"], {"remedy": "a lot", "limit": 100}),
])
def test_bad_scripts_raise_course_data_errors(script, kwargs):
    with pytest.raises(CourseDataError):
        feedback.score_script(script, lang="en", **kwargs)


def test_chinese_table_uses_the_catalogue_or_falls_back_to_english():
    t = feedback.score_script(["listen"], lang="zh")
    assert t.loc["listen", "step"] in {"倾听", "listen"}  # English until the lead merges the catalogue


def test_empowerment_coverage_counts_cases_and_money():
    t = feedback.empowerment_coverage([0, 20, 50, 120], [100, 50])
    assert t.index.tolist() == [50, 100]
    assert t["cases_settled"].tolist() == [3, 3] and t["escalated"].tolist() == [1, 1]
    assert t["cost_settled"].tolist() == [70.0, 70.0]
    shipped = feedback.empowerment_coverage(feedback.EXAMPLE_REMEDY_COSTS, [100, 150])
    assert shipped["share_settled"].tolist() == [0.75, 0.85]
    with pytest.raises(CourseDataError):
        feedback.empowerment_coverage([], [50])
    with pytest.raises(CourseDataError):
        feedback.empowerment_coverage([10, -1], [50])


def test_the_exercise_answers_follow_from_the_model():
    from course_lib.checks import evaluate, registry

    assert evaluate("nps.recovery_order", ["C", "B", "D", "A", "E"]).passed
    assert evaluate("nps.missing_step", "apologise").passed
    assert evaluate("nps.empowerment_limit", 150).passed
    tracks = {t: registry()[t].track for t in registry() if t.startswith("nps.")}
    assert {t for t, k in tracks.items() if k == "manager"} == {
        "nps.recovery_order", "nps.missing_step", "nps.empowerment_limit", "nps.paradox_reading"}
