"""course_lib.labels: what tables, legends and ticks show instead of the data's codes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from course_lib import data, labels, nps
from course_lib.lang import T


def test_a_code_is_looked_up_with_its_column_first():
    assert labels.label("bank", "industry", lang="en") == "Bank"
    assert labels.label(False, "promise_kept", lang="en") == "promise broken"
    assert labels.label(False, lang="en") == "False"                      # no column: nothing to go by
    assert labels.label("waiting_area", lang="en") == "Waiting area"     # journey codes need no column
    assert labels.label("no_such_code", "industry", lang="en") == "no_such_code"


def test_labels_follow_the_language_and_the_catalogue():
    for (column, code), text in labels.CODES.items():
        assert labels.label(code, column, lang="en") == text.render("en")
        assert labels.label(code, column, lang="zh") == text.render("zh")


def test_named_codes_keep_their_name():
    assert labels.label("Store D", lang="en") == T("Store {x}", x="D").render("en") == "Store D"
    assert labels.label("Store D", lang="zh") == T("Store {x}", x="D").render("zh")
    assert labels.label("Branch 05", "branch", lang="zh") == T("Branch {x}", x="05").render("zh")


def test_a_multi_level_key_is_labelled_part_by_part():
    key = ("customer_service", False)
    assert labels.label(key, ["touchpoint", "promise_kept"], lang="en") == "Customer service · promise broken"


def test_labelled_relabels_index_known_columns_and_pivoted_headers_only():
    table = pd.DataFrame({"touchpoint": ["bill", "seating"], "category": ["late_delivery", "other"],
                          "store": ["Store A", "somewhere"], "n": [3, 4]},
                         index=pd.Index(["restaurant", "bank"], name="industry"))
    shown = labels.labelled(table, lang="en")
    assert shown.index.tolist() == ["Restaurant", "Bank"]
    assert shown["touchpoint"].tolist() == ["Bill", "Seating"]
    assert shown["category"].tolist() == ["Late delivery", "Other"]
    assert shown["store"].tolist() == ["Store A", "somewhere"]            # not all codes: left alone
    assert list(shown.columns) == list(table.columns)                      # column names are what code uses
    assert table.index.tolist() == ["restaurant", "bank"]                  # the original is untouched
    pivot = pd.DataFrame([[0.2, 0.4]], columns=pd.Index(["satisfactory", "dissatisfactory"], name="outcome"))
    assert list(labels.labelled(pivot, lang="en").columns) == ["Satisfactory", "Dissatisfactory"]


def test_listing_headers_in_chinese():
    shown = labels.labelled(data.list_datasets()[["name", "rows", "synthetic", "licence"]], lang="zh", headers=True)
    assert list(shown.columns) == [labels.HEADERS[c].render("zh") for c in ("name", "rows", "synthetic", "licence")]
    assert set(shown.iloc[:, 2]) == {T("synthetic").render("zh"), T("real", context="data").render("zh")}
    assert shown.iloc[:, 0].str.match(r"^[a-z_]+$").all()                  # dataset names stay as they are


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_nps_segments_show_labels_not_codes(lang):
    retail = data.load("nps_retailer")
    ax = nps.plot_segments(nps.nps_by(retail, ["touchpoint", "promise_kept"]), lang=lang)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert not any("customer_service" in t or "False" in t or "True" in t for t in ticks), ticks
    assert labels.label(("customer_service", False), ["touchpoint", "promise_kept"], lang) in ticks
    plt.close(ax.figure)


def test_outcome_legend_shows_industry_labels():
    loyalty = data.load("loyalty_survey")
    ax = nps.plot_outcome_by_level(nps.outcome_by_level(loyalty, "satisfaction", "returned", by="industry"), lang="en")
    assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == ["Bank", "Restaurant", "Travel"]
    plt.close(ax.figure)
