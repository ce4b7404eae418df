import pickle

import pytest

from course_lib import CourseDataError


def test_message_names_source_row_column_expectation_and_fix():
    err = CourseDataError("value out of range", source="survey.csv", row=[3, 9], column="P5",
                          expected="an integer from 1 to 7", fix="correct it")
    text = str(err)
    assert text.splitlines()[0] == "survey.csv, rows 3, 9, column 'P5': value out of range"
    assert "expected: an integer from 1 to 7" in text and "fix: correct it" in text
    assert err.row == [3, 9] and err.column == "P5"


def test_long_row_lists_are_abbreviated():
    err = CourseDataError("bad", row=list(range(1, 101)))
    assert "… (100 in all)" in str(err)
    assert "100" not in str(err).split("…")[0]


def test_is_a_value_error_and_pickles():
    err = CourseDataError("bad", source="a.csv", row=2, column="x", fix="y")
    assert isinstance(err, ValueError)
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) and again.column == "x"
    with pytest.raises(ValueError):
        raise err
