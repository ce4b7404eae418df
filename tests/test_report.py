"""service-course report: validation first, personal data and duplicates left out, every number computed once
in the calling process (no kernel), offline HTML, atomic writes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import CourseDataError, cli, report
from course_lib import nps as nps_lib
from course_lib import servqual as sq

ROOT = Path(__file__).resolve().parent.parent
FIX = Path(__file__).resolve().parent / "report_fixtures"
DIMS = {"tangibles": range(1, 5), "reliability": range(5, 10), "responsiveness": range(10, 14),
        "assurance": range(14, 18), "empathy": range(18, 23)}
LIKERT = {"strongly agree": 7, "agree": 6, "neutral": 4, "disagree": 2, "非常同意": 7, "同意": 6, "一般": 4, "不同意": 2}
KERNEL_MODULES = ["papermill", "jupyter_client", "nbclient", "nbconvert", "ipykernel", "nbformat"]


# --------------------------------------------------------------------------- independent reference computations
def _numbers(s: pd.Series) -> pd.Series:
    """Answers as numbers, Likert words mapped by hand (the fixtures use only these words)."""
    text = s.astype("string").str.strip()
    mapped = pd.to_numeric(text.str.lower().map(LIKERT), errors="coerce").astype("float64")
    parsed = pd.to_numeric(text, errors="coerce").astype("float64")
    return mapped.where(mapped.notna(), parsed)


def _reference_gaps(raw: pd.DataFrame, e: str, p: str) -> dict[str, float]:
    """Dimension gap = mean over respondents of (mean P − mean E over the items they answered both)."""
    out = {}
    for dim, items in DIMS.items():
        E = pd.concat([_numbers(raw[e.format(i)]) for i in items], axis=1).to_numpy()
        P = pd.concat([_numbers(raw[p.format(i)]) for i in items], axis=1).to_numpy()
        both = ~np.isnan(E) & ~np.isnan(P)
        per = [P[r, both[r]].mean() - E[r, both[r]].mean() for r in range(len(raw)) if both[r].any()]
        out[dim] = float(np.mean(per))
    return out


def _reference_nps(scores) -> float:
    s = np.asarray(scores, dtype=float)
    return 100 * ((s >= 9).mean() - (s <= 6).mean())


class _Loads(HTMLParser):
    """Independent of course_lib: every URL a script/link/img/iframe tag would load."""

    def __init__(self):
        super().__init__()
        self.loaded, self.images = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in {"script": ["src"], "link": ["href"], "img": ["src", "srcset"], "iframe": ["src"]}.get(tag, []):
            if a.get(key):
                self.loaded.append(a[key])
        if tag == "img":
            self.images.append(a.get("src", ""))


class _Tables(HTMLParser):
    """Independent of course_lib: every <table> of a page as rows of cell texts (th and td alike)."""

    def __init__(self):
        super().__init__()
        self.tables, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _table(html: str, first_header: str) -> dict[str, list[str]]:
    """The page's table whose header row starts with ``first_header``, as {row label: cells}."""
    parser = _Tables()
    parser.feed(html)
    for t in parser.tables:
        if t and t[0] and t[0][0] == first_header:
            return {row[0]: row[1:] for row in t[1:]}
    raise AssertionError(f"no table headed {first_header!r}")


def _f(x) -> str:
    return f"{x:.3f}"


def _page(path, lang="en", **options) -> tuple[report.Survey, str]:
    """Validated survey and its page without figures or font (fast: the text and the tables)."""
    s = report.validate_survey(path, **options)
    r = report.analyze(s.data, scale=s.scale, source=s.source)
    return s, report.render_html(s, r, figures={}, lang=lang)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory, monkeypatch):
    """Each test keeps its font subsets in a folder of its own (not the user's cache, not its tmp_path)."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("COURSE_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def no_figures(monkeypatch):
    """Skip drawing (the slow part) where a test looks at the text, the tables or the writing."""
    from course_lib.report import figures

    monkeypatch.setattr(figures, "render_figures", lambda results, lang="en": {})


@pytest.fixture
def nothing_drawn(monkeypatch):
    """A bad file must be refused before any figure is drawn or page made."""
    from course_lib.report import figures

    def forbidden(*args, **kwargs):
        raise AssertionError("a figure was drawn for a bad file")

    monkeypatch.setattr(figures, "render_figures", forbidden)


# --------------------------------------------------------------------------- good files (validation level)
def test_good_english_csv_is_read_mapped_and_matches_a_hand_computation():
    s = report.validate_survey(FIX / "good_en.csv")
    assert (len(s.data), s.items, s.scale) == (40, tuple(range(1, 23)), (1, 7))
    assert s.has_segment and s.has_nps and not s.has_weights and s.dropped == {}
    assert s.renamed["Customer type"] == "segment" and s.renamed["Likelihood to recommend"] == "nps"
    assert s.renamed["Expectation 5"] == "E5" and s.renamed["Respondent ID"] == "respondent"
    raw = pd.read_csv(FIX / "good_en.csv", dtype=str, keep_default_na=False).replace("", np.nan)
    assert raw.loc[0, "Expectation 5"] in ("Strongly agree", "Agree", "Neutral", "Disagree")  # the fixture has text
    assert s.data.loc[0, "E5"] == LIKERT[raw.loc[0, "Expectation 5"].lower()]
    assert np.isnan(s.data.loc[2, "P3"])  # an empty answer stays missing
    expected = _reference_gaps(raw, "Expectation {}", "Perception {}")
    table = report.gap_table(s.data)
    assert table["gap P−E"].to_numpy() == pytest.approx(list(expected.values()), abs=1e-12)
    assert list(table.index) == ["Tangibles", "Reliability", "Responsiveness", "Assurance", "Empathy"]
    nps = report.nps_table(s.data)
    assert nps.loc["all respondents", "NPS"] == pytest.approx(_reference_nps(raw["Likelihood to recommend"]))
    assert nps.loc["all respondents", "n"] == 40


def test_gbk_file_with_chinese_headers_drops_personal_columns():
    raw_bytes = (FIX / "gbk_zh.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw_bytes.decode("utf-8")  # really a GBK file
    s = report.validate_survey(FIX / "gbk_zh.csv")
    assert s.dropped == {"姓名": "name", "手机": "phone", "电子邮箱": "e-mail"}
    assert not {"姓名", "手机", "电子邮箱"} & set(s.data.columns)
    assert s.renamed["期望1"] == "E1" and s.renamed["感知22"] == "P22" and s.renamed["客户类型"] == "segment"
    raw = pd.read_csv(FIX / "gbk_zh.csv", encoding="gbk", dtype=str)
    assert set(s.data["segment"]) == set(raw["客户类型"])
    assert s.data["nps"].tolist() == raw["推荐意愿"].astype(float).tolist()
    expected = _reference_gaps(raw, "期望{}", "感知{}")
    assert report.gap_table(s.data, "zh")["差距 P−E"].to_numpy() == pytest.approx(list(expected.values()), abs=1e-12)
    kept = report.validate_survey(FIX / "gbk_zh.csv", keep_personal=True)
    assert kept.dropped == {} and {"姓名", "手机", "电子邮箱"} <= set(kept.data.columns)


def test_xlsx_with_a_mapping_file_five_point_scale_and_title_row():
    s = report.validate_survey(FIX / "mapped.xlsx", mapping=FIX / "mapped.yml")
    assert s.scale == (1, 5) and s.items == (1, 2, 5, 6, 7, 11, 12, 14, 15, 18, 19) and len(s.data) == 30
    assert set(s.data["segment"]) == {"春熙路店", "太古里店"} and s.has_nps
    import openpyxl

    ws = openpyxl.load_workbook(FIX / "mapped.xlsx").active
    assert ws.cell(row=5, column=2).value == "非常满意"  # third data row, header Q1_E
    assert s.data.loc[2, "E1"] == 5  # mapped through the file's likert: section
    assert s.data[[c for c in s.data.columns if c[0] in "EP"]].stack().between(1, 5).all()


def test_importance_allocations_are_used_for_ipa_and_priorities():
    from course_lib import data

    s = report.validate_survey(data.path_of("servqual_hotel"))
    assert s.has_weights
    res, from_allocations = report.importance_performance(s.data)
    assert from_allocations
    raw = data.load("servqual_hotel")
    assert res.table.loc["reliability", "importance"] == pytest.approx(raw["W_reliability"].mean())
    pri = report.priority_table(s.data)
    share = raw[[f"W_{d}" for d in DIMS]].mean()
    gap = report.gap_table(s.data)["gap P−E"].to_numpy()
    hand = (share / share.sum()).to_numpy() * np.maximum(-gap, 0)
    assert sorted(pri["priority"].round(12)) == sorted(np.round(hand, 12))
    assert pri["priority"].is_monotonic_decreasing


# --------------------------------------------------------------------------- bad files: clear errors, nothing drawn
BAD = [
    ("bad_out_of_range.csv", ["row 3", "'P5'", "outside the scale", "from 1 to 7"]),
    ("bad_unpaired.csv", ["'P2'", "without a matching P column"]),
    ("bad_nps.csv", ["row 2", "'Likelihood to recommend'", "outside the 0–10 scale: 11"]),
    ("bad_no_items.csv", ["no SERVQUAL item columns found", "fix:"]),
    ("bad_ragged.csv", ["row 2", "different number of fields"]),
    ("bad_too_few.csv", ["only 3 respondents", "at least 5"]),
    ("bad_text_gbk.csv", ["row 2", "期望5 (E5)", "'很好'", "likert:"]),
    ("mapped.xlsx", ["no SERVQUAL item columns found"]),  # Q1_E headers need the mapping file
]


@pytest.mark.parametrize("name, fragments", BAD, ids=[b[0] for b in BAD])
def test_bad_files_exit_2_with_a_clear_message_before_anything_is_drawn(name, fragments, tmp_path, capsys,
                                                                        nothing_drawn):
    out = tmp_path / "report.html"
    code = cli.main(["report", str(FIX / name), "--out", str(out), "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert name in err and "Traceback" not in err
    for fragment in fragments:
        assert fragment in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("content, suffix, fragment", [
    (b"PK\x03\x04rest-of-a-zip", ".csv", "zipped file"),
    (b"", ".csv", "the file is empty"),
    (b"id,E1,P1\n", ".csv", "no data rows"),
    (b"\xd0\xcf\x11\xe0", ".xls", "old .xls workbooks"),
    (b"not a workbook", ".xlsx", "cannot be opened"),
])
def test_broken_exports_are_refused(content, suffix, fragment, tmp_path, capsys, nothing_drawn):
    path = tmp_path / f"export{suffix}"
    path.write_bytes(content)
    assert cli.main(["report", "--survey", str(path), "--out", str(tmp_path / "r.html"), "-q"]) == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err


def test_missing_file_bad_mapping_bad_scale_and_bad_out(tmp_path, capsys, nothing_drawn):
    good = str(FIX / "good_en.csv")
    cases = [
        (["--survey", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "r.html")], "file not found"),
        (["--survey", good, "--mapping", str(FIX / "bad_mapping.yml"), "--out", str(tmp_path / "r.html")],
         "unknown target name"),
        (["--survey", good, "--mapping", str(tmp_path / "none.yml"), "--out", str(tmp_path / "r.html")],
         "mapping file not found"),
        (["--survey", good, "--scale", "7-1", "--out", str(tmp_path / "r.html")], "invalid --scale"),
        (["--survey", good, "--out", str(tmp_path / "r.pdf")], "ending in .html"),
        (["--survey", good, "--out", str(tmp_path / "missing" / "r.html")], "folder for the report does not exist"),
    ]
    for argv, fragment in cases:
        assert cli.main(["report", *argv, "-q"]) == 2, fragment
        err = capsys.readouterr().err
        assert fragment in err and "Traceback" not in err


def test_a_seven_point_file_read_as_five_point_is_refused():
    with pytest.raises(CourseDataError, match="outside the scale") as info:
        report.validate_survey(FIX / "good_en.csv", scale=(1, 5))
    assert "from 1 to 5" in str(info.value) and "Expectation" in str(info.value)  # the user's header is named


def test_messages_print_whole_numbers_as_whole_numbers(tmp_path, capsys, nothing_drawn):
    """An answer of 11 is reported as 11, never 11.0, even when the column holds decimals (an empty cell)."""
    nps_file = tmp_path / "nps_float.csv"
    nps_file.write_text("id,E1,P1,E5,P5,NPS\n" + "".join(f"{i},6,5,7,5,{v}\n" for i, v in
                                                        enumerate(["9", "", "11", "8", "3", "10"], 1)))
    assert pd.read_csv(nps_file)["NPS"].dtype == "float64"  # pandas reads 11 as 11.0 here
    item_file = tmp_path / "item_float.csv"
    item_file.write_text("id,E1,P1,E5,P5\n" + "".join(f"{i},6,5,7,{v}\n" for i, v in
                                                       enumerate(["5", "", "9", "4", "6", "5"], 1)))
    for path, fragments in ((nps_file, ["row 3", "0–10 scale: 11"]), (item_file, ["row 3", "such as 9"])):
        assert cli.main(["report", str(path), "--out", str(tmp_path / "r.html"), "-q"]) == 2
        err = capsys.readouterr().err
        assert all(f in err for f in fragments), err
        assert not re.search(r"\b(9|11)\.0\b", err), err


def test_importance_allocations_that_do_not_add_up_are_refused_before_writing(tmp_path, capsys, nothing_drawn):
    raw = pd.read_csv(ROOT / "datasets" / "synthetic" / "servqual_hotel.csv").head(40)
    raw.loc[2, "W_reliability"] += 30
    path = tmp_path / "alloc.csv"
    raw.to_csv(path, index=False)
    assert cli.main(["report", str(path), "--out", str(tmp_path / "r.html"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "do not add up to 100" in err and "row 3" in err and "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["alloc.csv"]


def test_user_text_cannot_inject_markup_into_the_report(tmp_path):
    assert "<img" not in report.say("intro", source='<img src="http://evil.example/x.png">.csv', n=3, k=2, lo=1, hi=7)
    raw = pd.read_csv(FIX / "good_en.csv", dtype=str)
    raw["Customer type"] = np.where(np.arange(len(raw)) % 2, "<script>alert(1)</script>", "a & b")
    path = tmp_path / "<b>bold<i>.csv"
    raw.to_csv(path, index=False)
    s, html = _page(path)
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "a &amp; b" in html
    assert "<strong>&lt;b&gt;bold&lt;i&gt;.csv</strong>" in html
    assert _table(html, "group")["<script>alert(1)</script>"][0] == str(int((s.data["segment"] != "a & b").sum()))


# --------------------------------------------------------------------------- personal data
@pytest.mark.parametrize("header, why", [
    ("Name", "name"), ("Full name", "name"), ("first_name", "name"), ("Customer Name", "name"), ("姓名", "name"),
    ("您的姓名", "name"), ("Phone", "phone"), ("Mobile number", "phone"), ("Tel.", "phone"), ("手机号码", "phone"),
    ("联系电话", "phone"), ("E-mail", "e-mail"), ("Email address", "e-mail"), ("邮箱", "e-mail"),
    ("微信号", "phone"), ("家庭住址", "address"), ("身份证号", "id document"),
])
def test_personal_headers_are_found(header, why):
    df = pd.DataFrame({header: ["x", "y"], "E1": [6, 7], "P1": [5, 6]})
    assert report.personal_columns(df) == {header: why}


@pytest.mark.parametrize("values, why", [
    (["a.b@example.com", "wang@163.com", None], "e-mail"),
    ([13812345678, 15900001111, 18611112222], "phone"),
    (["+86 138 1234 5678", "139-0000-1111", "13512345678"], "phone"),
    (["+44 20 7946 0958", "(555) 123-4567", "+1 212 555 0100"], "phone"),
])
def test_personal_values_are_found_whatever_the_header(values, why):
    df = pd.DataFrame({"col_x": values, "E1": [6, 7, 5]})
    assert report.personal_columns(df) == {"col_x": why}


def test_survey_columns_are_not_personal():
    df = pd.DataFrame({"Store name": ["A", "B"], "visit date": ["2026-03-01", "2026/3/2"], "amount": ["12.5", "8"],
                       "respondent": [13812345678, 13812345679], "E1": [6, 7], "Nameless": [1, 2]})
    assert report.personal_columns(df, protected=["respondent", "E1"]) == {}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.emails(), min_size=1, max_size=20))
def test_any_column_of_emails_is_personal(emails):
    assert report.personal_columns(pd.DataFrame({"contact": emails})) == {"contact": "e-mail"}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=50), st.sampled_from(["score", "Q7", "满意度", "visits"]))
def test_small_integer_answers_are_never_personal(values, header):
    assert report.personal_columns(pd.DataFrame({header: values})) == {}


def test_keep_personal_decides_what_reaches_the_analysis(tmp_path, monkeypatch, capsys):
    from course_lib.report import compute

    seen = {}

    def spy(df, **kwargs):
        seen["columns"] = list(df.columns)
        raise RuntimeError("stop here")

    monkeypatch.setattr(compute, "analyze", spy)
    out = tmp_path / "r.html"
    assert cli.main(["report", str(FIX / "gbk_zh.csv"), "--out", str(out), "-q"]) == 1
    assert not {"姓名", "手机", "电子邮箱"} & set(seen["columns"])
    assert "left out personal columns: 姓名 (name), 手机 (phone), 电子邮箱 (e-mail)" in capsys.readouterr().out
    assert cli.main(["report", str(FIX / "gbk_zh.csv"), "--out", str(out), "--keep-personal", "-q"]) == 1
    assert {"姓名", "手机", "电子邮箱"} <= set(seen["columns"]) and not out.exists()


# --------------------------------------------------------------------------- roles and mapping files
def test_roles_are_recognised_and_ambiguity_is_an_error():
    assert report.detect_roles(["Respondent ID", "Group", "NPS", "Importance reliability", "E1"]) == {
        "Respondent ID": "respondent", "Group": "segment", "NPS": "nps", "Importance reliability": "W_reliability"}
    with pytest.raises(CourseDataError, match="several columns could be the 'nps' column"):
        report.detect_roles(["NPS", "推荐意愿"])


@pytest.mark.parametrize("text, fragment", [
    ("- a\n- b\n", "set of `key: value` lines"),
    ("columns:\n  Q1: E23\n", "unknown target name"),
    ("columns:\n  Q1: E1\nscale: [7, 1]\n", "invalid scale"),
    ("columns:\n  Q1: E1\nlikert:\n  good: high\n", "must map answer text to numbers"),
    ("columns:\n  Q1: E1\nweights: 3\n", "unknown keys"),
    ("columns: [\n", "cannot be parsed"),
])
def test_bad_mapping_files(text, fragment, tmp_path):
    p = tmp_path / "map.yml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(CourseDataError, match=re.escape(fragment)):
        report.read_mapping(p)


def test_a_flat_mapping_file_and_a_mapping_naming_absent_headers(tmp_path):
    p = tmp_path / "flat.yml"
    p.write_text("Q1_E: E1\nQ1_P: P1\n", encoding="utf-8")
    assert report.read_mapping(p) == {"columns": {"Q1_E": "E1", "Q1_P": "P1"}, "likert": None, "scale": None}
    with pytest.raises(CourseDataError, match="names columns that are not in the table"):
        report.validate_survey(FIX / "good_en.csv", mapping=p)


# --------------------------------------------------------------------------- HTML and writing
def test_external_resources_finds_every_remote_load():
    html = ('<html><head><script src="https://cdn.example/require.js"></script>'
            '<link rel="stylesheet" href="http://fonts.example/css">'
            '<style>@import url("https://x.example/a.css"); .a{background:url(data:image/png;base64,AA)}</style>'
            '</head><body><img src="data:image/png;base64,AAAA"><iframe src="//video.example/v"></iframe>'
            '<a href="https://example.org">a link is not a load</a></body></html>')
    assert report.external_resources(html) == ["https://cdn.example/require.js", "http://fonts.example/css",
                                               "https://x.example/a.css", "//video.example/v"]


def test_write_atomic_never_leaves_a_half_written_file(tmp_path, monkeypatch):
    out = tmp_path / "report.html"
    out.write_text("old report", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        report.write_atomic(out, "<html>new</html>")
    assert out.read_text(encoding="utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    monkeypatch.undo()
    report.write_atomic(out, "<html>新的</html>")
    assert out.read_text(encoding="utf-8") == "<html>新的</html>"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_a_report_that_cannot_be_made_leaves_the_existing_one_untouched(tmp_path, monkeypatch, capsys):
    from course_lib.report import figures

    out = tmp_path / "report.html"
    out.write_text("previous report", encoding="utf-8")

    def failing(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(figures, "render_figures", failing)
    assert cli.main(["report", str(FIX / "good_en.csv"), "--out", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "ValueError: boom" in err and "No report was written" in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "previous report" and len(list(tmp_path.iterdir())) == 1


def test_the_report_is_written_atomically(tmp_path, monkeypatch, no_figures):
    out = tmp_path / "report.html"
    out.write_text("old report", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        report.build_report(FIX / "good_en.csv", out, progress=False, log=lambda *_: None)
    assert out.read_text(encoding="utf-8") == "old report" and [p.name for p in tmp_path.iterdir()] == ["report.html"]
    monkeypatch.undo()
    report.build_report(FIX / "good_en.csv", out, progress=False, log=lambda *_: None)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_help_explains_the_mapping_file(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["report", "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for fragment in ("SURVEY", "--survey", "--keep-personal", "--keep-duplicates", "门店: segment"):
        assert fragment in text


def test_the_survey_is_given_once(tmp_path, capsys, nothing_drawn):
    out = str(tmp_path / "r.html")
    assert cli.main(["report", "--out", out, "-q"]) == 2
    assert "give one survey file" in capsys.readouterr().err
    assert cli.main(["report", str(FIX / "bad_nps.csv"), "--survey", str(FIX / "good_en.csv"), "--out", out]) == 2


# --------------------------------------------------------------------------- full runs
def _check_offline_and_codeless(html: str) -> _Loads:
    parser = _Loads()
    parser.feed(html)
    assert [u for u in parser.loaded if re.match(r"^(https?:)?//", u.strip())] == []
    assert [u for u in parser.loaded if not u.startswith("data:")] == []  # nothing loaded, not even local files
    assert report.external_resources(html) == []
    assert parser.images and all(src.startswith("data:image/svg+xml;base64,") for src in parser.images)
    assert "<script" not in html and "import course_lib" not in html and "report.gap_table" not in html
    assert "Traceback" not in html and "Warning" not in html
    return parser


def _check_numbers(html: str, data: pd.DataFrame, lang: str = "en") -> None:
    """Every number of the gap, item, reliability, NPS and segment tables is what course_lib.servqual and
    course_lib.nps return for the cleaned data."""
    dim, kind = ("dimension", {"E": "E (expected)", "P": "P (perceived)"}) if lang == "en" else \
        ("维度", {"E": "E（期望）", "P": "P（感知）"})
    g, sig = sq.gap_scores(data), sq.gap_significance(data)
    gaps = _table(html, dim)
    assert list(gaps) == [sq.DIMENSIONS[d].label(lang) for d in g.dimensions.index]
    for d, row in zip(g.dimensions.index, gaps.values()):
        e, p = g.dimensions.loc[d, "E"], g.dimensions.loc[d, "P"]
        gap, low, high = sig.loc[d, ["gap", "ci_low", "ci_high"]]
        assert row[:6] == [_f(e), _f(p), _f(gap), _f(low), _f(high), str(int(sig.loc[d, "n"]))]
        assert gap == pytest.approx(p - e)
    worst = _table(html, "item" if lang == "en" else "题号")
    expected = g.items.sort_values("gap", kind="stable").head(5)
    assert list(worst) == [str(i) for i in expected.index]
    assert [row[2] for row in worst.values()] == [_f(x) for x in expected["gap"]]
    parser = _Tables()
    parser.feed(html)
    alphas = sq.reliability(data).scales
    rel = next(t for t in parser.tables if len(t[0]) > 1 and t[0][1] in ("scale", "量表"))
    assert [(r[0], r[1], r[3]) for r in rel[1:]] == [
        (sq.DIMENSIONS[d].label(lang), kind[k], _f(a)) for (d, k), a in alphas["alpha"].items()]
    answered = data.dropna(subset=["nps"])
    overall = nps_lib.nps(answered["nps"].astype(int), method="adjusted_wald")
    nps_rows = _table(html, "group" if lang == "en" else "群体")
    first = next(iter(nps_rows.values()))
    assert first == [str(overall.n), _f(overall.promoters), _f(overall.passives), _f(overall.detractors),
                     _f(overall.score), _f(overall.low), _f(overall.high)]
    by_segment = sq.gap_scores(data.dropna(subset=["segment"]), by="segment").dimensions["gap"].unstack("segment")
    by_segment = by_segment.loc[[d for d in sq.DIMENSIONS if d in by_segment.index]]  # the instrument's order
    seg = next(t for t in parser.tables if t[0][0] == dim and t[0][-1] in ("p (ANOVA)", "p 值（方差分析）"))
    assert seg[0][1:-1] == [str(c) for c in by_segment.columns]
    for row, (d, values) in zip(seg[1:], by_segment.iterrows(), strict=True):
        assert row[0] == sq.DIMENSIONS[d].label(lang) and row[1:-1] == [_f(v) for v in values]


def test_full_english_report(tmp_path):
    import matplotlib

    out = tmp_path / "report.html"
    backend = matplotlib.get_backend()
    report.build_report(FIX / "good_en.csv", out, industry="restaurant", lang="en", progress=False,
                        warnings_as_errors=True, log=lambda *_: None)
    html = out.read_text(encoding="utf-8")
    parser = _check_offline_and_codeless(html)
    assert len(parser.images) == 6  # gaps, radar, item gaps, IPA, NPS, segments
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"] and matplotlib.get_backend() == backend
    for heading in ("Service quality report: Restaurant", "SERVQUAL gaps by dimension", "Reliability of the scales",
                    "Importance-performance analysis", "Priorities for improvement", "Net Promoter Score",
                    "Segment comparison", "importance = mean expectation (E)", "Read the quadrants with care",
                    "About this report"):
        assert heading in html
    assert '<html lang="en">' in html
    raw = pd.read_csv(FIX / "good_en.csv", dtype=str, keep_default_na=False).replace("", np.nan)
    for gap in _reference_gaps(raw, "Expectation {}", "Perception {}").values():
        assert f">{gap:.3f}<" in html
    assert f">{_reference_nps(raw['Likelihood to recommend']):.3f}<" in html
    for seg in ("online", "in store"):
        nps = _reference_nps(raw.loc[raw["Customer type"] == seg, "Likelihood to recommend"])
        assert f">{nps:.3f}<" in html
    _check_numbers(html, report.validate_survey(FIX / "good_en.csv").data)
    score = sq.servqual_score(report.validate_survey(FIX / "good_en.csv").data)
    assert f"<strong>{score.unweighted:.3f}</strong>" in html and f"{score.servperf:.3f}" in html


def test_full_chinese_report_from_gbk_leaves_personal_data_out(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_WARNINGS", "error")
    out = tmp_path / "报告.html"
    out.write_text("old", encoding="utf-8")
    code = cli.main(["report", str(FIX / "gbk_zh.csv"), "--lang", "zh", "--industry", "bank", "--out", str(out), "-q"])
    assert code == 0, capsys.readouterr().err
    html = out.read_text(encoding="utf-8")
    _check_offline_and_codeless(html)
    assert '<html lang="zh-Hans">' in html
    for heading in ("服务质量诊断报告：银行", "各维度的服务质量差距", "量表信度", "重要性-绩效分析", "改进优先级",
                    "净推荐值", "细分群体对比", "可靠性", "移情性", "本报告未使用以下个人信息列：姓名、手机、电子邮箱"):
        assert heading in html
    # the Chinese text renders without a system CJK font: a subset of the course font is embedded
    import base64
    import io

    from fontTools.ttLib import TTFont

    woff = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", html)
    cmap = TTFont(io.BytesIO(base64.b64decode(woff.group(1)))).getBestCmap()
    text = re.sub(r"<[^>]+>", "", html.split("</style>")[-1])
    assert {ord(c) for c in text if ord(c) >= 0x80} <= set(cmap)
    assert '"Course Embedded CJK"' in html.split("@font-face")[0]  # first in the page's font stack
    raw = pd.read_csv(FIX / "gbk_zh.csv", encoding="gbk", dtype=str)
    for value in list(raw["姓名"]) + list(raw["手机"]) + list(raw["电子邮箱"]):
        assert value not in html
    assert "example.cn" not in html
    for gap in _reference_gaps(raw, "期望{}", "感知{}").values():
        assert f">{gap:.3f}<" in html
    _check_numbers(html, report.validate_survey(FIX / "gbk_zh.csv").data, lang="zh")


# --------------------------------------------------------------------------- duplicates
def test_duplicate_submissions_are_counted_and_left_out_by_default(tmp_path, capsys):
    raw = pd.read_csv(FIX / "duplicates.csv", dtype=str)
    assert raw.iloc[[3, 12]].duplicated().tolist() == [False, True]  # the fixture: respondent 104 twice
    s, html = _page(FIX / "duplicates.csv")
    assert s.duplicates == (13,) and not s.duplicates_kept and len(s.data) == 12
    assert s.data["respondent"].astype(str).tolist() == raw["Respondent ID"].iloc[:12].tolist()
    assert "1 repeated submission(s) found (the same respondent ID more than once)" in html
    assert "left out of the analysis" in html and "row 13 of the file" in html and "--keep-duplicates" in html
    assert _table(html, "")["respondents"] == ["12"]
    expected = sq.gap_scores(s.data).dimensions["gap"]
    assert [row[2] for row in _table(html, "dimension").values()] == [_f(g) for g in expected]
    # the same through the command line, which says it too
    code = cli.main(["report", str(FIX / "duplicates.csv"), "--out", str(tmp_path / "r.html"), "-q"])
    assert code == 0
    logged = capsys.readouterr().out
    assert "left out 1 duplicate submission(s) (row 13)  (use --keep-duplicates to keep them)" in logged


def test_duplicate_submissions_are_kept_with_the_option(tmp_path, capsys, no_figures):
    s, html = _page(FIX / "duplicates.csv", lang="zh", keep_duplicates=True)
    assert s.duplicates == (13,) and s.duplicates_kept and len(s.data) == 13
    assert "发现 1 份重复提交（同一受访者编号出现多次，文件中的第 13 行），已按" in html
    assert _table(html, "")["受访者人数"] == ["13"]
    out = tmp_path / "r.html"
    assert cli.main(["report", str(FIX / "duplicates.csv"), "--keep-duplicates", "--out", str(out), "-q"]) == 0
    assert "kept 1 duplicate submission(s) (row 13)" in capsys.readouterr().out
    assert _table(out.read_text(encoding="utf-8"), "")["respondents"] == ["13"]


def test_without_an_id_only_rows_identical_in_every_column_are_duplicates(tmp_path):
    raw = pd.read_csv(FIX / "duplicates.csv", dtype=str).drop(columns="Respondent ID")
    raw.loc[5, raw.columns[2:46]] = raw.loc[6, raw.columns[2:46]].to_numpy()  # same item answers, other NPS
    path = tmp_path / "no_id.csv"
    raw.to_csv(path, index=False)
    s, html = _page(path)
    assert s.duplicates == (13,) and s.duplicates_by == "answers" and len(s.data) == 12
    assert "no respondent ID" in html
    kept = report.validate_survey(path, keep_duplicates=True)
    assert len(kept.data) == 13


# --------------------------------------------------------------------------- reliability comment
def test_low_and_negative_alphas_get_a_comment_in_both_languages():
    s, html = _page(FIX / "low_alpha.csv")
    alphas = sq.reliability(s.data).scales["alpha"]
    assert alphas[("empathy", "P")] < 0 < alphas[("reliability", "P")] < 0.5  # the fixture's two faults
    assert (alphas.drop([("empathy", "P"), ("reliability", "P")]) >= 0.5).all()
    note = re.search(r'<p class="note"><strong>Low or negative α:</strong>(.*?)</p>', html, flags=re.S).group(1)
    assert f"Reliability (P) α = {alphas[('reliability', 'P')]:.2f}" in note
    assert f"Empathy (P) α = {alphas[('empathy', 'P')]:.2f}" in note
    assert "Tangibles" not in note and "(E)" not in note
    for reason in ("reverse-keyed", "not recoded", "do not measure one thing", "too few respondents"):
        assert reason in note
    _, zh = _page(FIX / "low_alpha.csv", lang="zh")
    for text in ("α 偏低或为负", "移情性 (感知) α = -3.04", "反向计分", "没有重新编码", "测量的并非同一件事", "受访者太少"):
        assert text in zh
    _, fine = _page(FIX / "good_en.csv")
    assert "Low or negative α" not in fine and sq.reliability(report.validate_survey(
        FIX / "good_en.csv").data).scales["alpha"].min() >= 0.5


# --------------------------------------------------------------------------- no kernel, light imports
def test_building_a_report_starts_no_kernel_and_leaves_pyplot_alone(tmp_path):
    """The whole report in a fresh interpreter: no kernel machinery is even imported, no pyplot figure is left."""
    out = tmp_path / "r.html"
    code = f"""
import json, sys
import matplotlib
backend = matplotlib.get_backend()
from course_lib import report
report.build_report({str(FIX / 'good_en.csv')!r}, {str(out)!r}, progress=False, log=lambda *a: None)
import matplotlib.pyplot as plt
print(json.dumps({{"loaded": [m for m in {KERNEL_MODULES!r} if m in sys.modules],
                   "figures": plt.get_fignums(), "same_backend": matplotlib.get_backend() == backend}}))
"""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state == {"loaded": [], "figures": [], "same_backend": True}
    assert out.stat().st_size > 0


def test_the_command_line_and_the_computation_import_no_pyplot():
    probe = ("import sys, json; import course_lib.report.command, course_lib.report.build; c = 'command'; "
             "a = [m for m in ('pandas', 'matplotlib') if m in sys.modules]; "
             "import course_lib.report.read, course_lib.report.compute, course_lib.report.tables, "
             "course_lib.report.texts, course_lib.report.personal; "
             "print(json.dumps([a, 'matplotlib.pyplot' in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [[], False]


def test_the_package_keeps_its_public_names_and_small_modules():
    for name in report.__all__:
        assert getattr(report, name) is not None, name
    assert report.write_atomic is __import__("course_lib.files", fromlist=["atomic_write"]).atomic_write
    from course_lib.report import command

    assert [n for n in vars(command) if callable(getattr(command, n)) and not n.startswith("_")
            and getattr(getattr(command, n), "__module__", "") == command.__name__] == ["add_arguments", "run"]
    folder = ROOT / "course_lib" / "report"
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in folder.glob("*.py")}
    assert max(sizes.values()) <= 400, sizes
    assert not (ROOT / "course_lib" / "report.py").exists()
    assert not (ROOT / "course_lib" / "report_template.ipynb").exists()  # no notebook behind the report


def test_each_number_is_computed_once(monkeypatch):
    """analyze calls each servqual function once (gap_scores: once for the whole table, once by segment, and
    once inside gap_significance); nothing is computed only to be thrown away."""
    calls: dict[str, int] = {}
    for name in ("gap_scores", "gap_significance", "servqual_score", "reliability", "ipa"):
        original = getattr(sq, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            calls[_name] = calls.get(_name, 0) + 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(sq, name, counted)
    s = report.validate_survey(FIX / "good_en.csv")
    assert calls == {}  # validation computes no result
    r = report.analyze(s.data, scale=s.scale, source=s.source)
    assert calls["gap_significance"] == calls["servqual_score"] == calls["reliability"] == calls["ipa"] == 1
    assert 2 <= calls["gap_scores"] <= 3
    assert r.score.unweighted == pytest.approx(sq.gap_scores(s.data).dimensions["gap"].mean())


def test_anova_p_equals_scipy_f_oneway_on_random_groups():
    from scipy import stats

    from course_lib.report.compute import anova_p

    rng = np.random.default_rng(7)
    for _ in range(200):
        groups = [rng.normal(rng.normal(), 1.0, rng.integers(2, 40)).round(1) for _ in range(rng.integers(2, 6))]
        assert anova_p(groups) == pytest.approx(stats.f_oneway(*groups).pvalue, rel=1e-9, abs=1e-14)


# --------------------------------------------------------------------------- speed without changing the page
@pytest.fixture
def font_cache(_own_cache):
    """The font-subset cache of this test (every test of this file gets its own, see ``_own_cache``)."""
    return _own_cache / "report-fonts"


def _results(path=FIX / "good_en.csv"):
    s = report.validate_survey(path)
    return report.analyze(s.data, scale=s.scale, source=s.source)


def test_each_figure_is_drawn_once_and_cropped_as_a_tight_savefig(monkeypatch):
    """One draw per figure (savefig's bbox_inches="tight" drew each twice), the same size as that savefig."""
    import base64
    import io

    import matplotlib
    from matplotlib.figure import Figure

    from course_lib import style
    from course_lib.report import figures
    from course_lib.report.tables import dimension_label

    draws = []
    real_draw = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda fig, renderer: draws.append(fig) or real_draw(fig, renderer))
    r = _results()
    svgs = figures.render_figures(r, "en")
    assert len(draws) == len(svgs) == 6 and len(set(map(id, draws))) == 6
    monkeypatch.setattr(Figure, "draw", real_draw)

    def size(svg: str) -> tuple[float, float]:
        w, h = re.search(r'<svg[^>]*\bwidth="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
        return float(w), float(h)

    with matplotlib.rc_context({**style.rc(), "text.parse_math": False}):
        for key, polar in (("gaps", False), ("radar", True)):
            fig = Figure(figsize=(8, max(3.0, 0.42 * len(r.dimensions) + 1.2)) if key == "gaps" else (6, 6))
            ax = fig.add_subplot(projection="polar") if polar else fig.add_subplot()
            if key == "gaps":
                d = r.dimensions
                figures.plot_gap_bars(d["gap"], d["high"] - d["gap"],
                                      [dimension_label(k, "en") for k in d.index], ax, "en")
            else:
                sq.plot_radar(r.dimensions[["E", "P"]], ax=ax, lang="en", scale=r.scale)
            buf = io.BytesIO()
            fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
            ours = base64.b64decode(svgs[key]).decode("utf-8")
            assert size(ours) == pytest.approx(size(buf.getvalue().decode("utf-8")), abs=0.01)
            assert re.search(r'viewBox="-?[\d.]+ -?[\d.]+ [\d.]+ [\d.]+"', ours)


def test_the_font_subset_is_cached_and_the_cache_never_breaks_a_report(font_cache, monkeypatch):
    from course_lib.report import render

    page = "<html><head></head><body>服务质量差距 – α ≥ 0.7</body></html>"
    first = render.embed_font(page)
    assert [p.suffix for p in font_cache.iterdir()] == [".woff"] and first == render.embed_font(page, cache=False)

    def cut(*args):
        raise AssertionError("the subset was cut again")

    real_cut = render._cut_subset
    monkeypatch.setattr(render, "_cut_subset", cut)
    assert render.embed_font(page) == first  # read back, fontTools not needed
    monkeypatch.setattr(render, "_cut_subset", real_cut)
    entry = next(font_cache.iterdir())
    entry.write_bytes(entry.read_bytes()[:100])  # a damaged entry is cut again and replaced
    assert render.embed_font(page) == first and entry.read_bytes()[:4] == b"wOFF"
    other = render.embed_font(page.replace("差距", "信度"))
    assert other != first and len(list(font_cache.iterdir())) == 2  # another character set, another entry
    monkeypatch.setenv("COURSE_CACHE_DIR", "")  # an empty value turns the cache off
    assert render.font_cache_dir() is None and render.embed_font(page) == first
    blocker = font_cache.parent / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("COURSE_CACHE_DIR", str(blocker))  # the cache cannot be made: the page is made all the same
    assert render.embed_font(page) == first


def test_an_english_report_embeds_the_font_for_its_chinese_terms(no_figures):
    """Every English report names the Chinese terms in its headings, so it needs the (cached) subset too."""
    s, html = _page(FIX / "good_en.csv")
    assert "服务质量差距" in html and "@font-face" in report.embed_font(html, cache=False)
