"""service-course report: validation before any kernel, personal data left out, offline HTML, atomic writes."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import CourseDataError, cli, report

FIX = Path(__file__).resolve().parent / "report_fixtures"
DIMS = {"tangibles": range(1, 5), "reliability": range(5, 10), "responsiveness": range(10, 14),
        "assurance": range(14, 18), "empathy": range(18, 23)}
LIKERT = {"strongly agree": 7, "agree": 6, "neutral": 4, "disagree": 2, "非常同意": 7, "同意": 6, "一般": 4, "不同意": 2}


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


# --------------------------------------------------------------------------- bad files: clear errors, no kernel
BAD = [
    ("bad_out_of_range.csv", ["row 3", "'P5'", "outside the scale", "from 1 to 7"]),
    ("bad_unpaired.csv", ["'P2'", "without a matching P column"]),
    ("bad_nps.csv", ["row 2", "'Likelihood to recommend'", "outside 0–10", "such as 11"]),
    ("bad_no_items.csv", ["no SERVQUAL item columns found", "fix:"]),
    ("bad_ragged.csv", ["row 2", "different number of fields"]),
    ("bad_too_few.csv", ["only 3 respondents", "at least 5"]),
    ("bad_text_gbk.csv", ["row 2", "期望5 (E5)", "'很好'", "likert:"]),
    ("mapped.xlsx", ["no SERVQUAL item columns found"]),  # Q1_E headers need the mapping file
]


@pytest.fixture
def no_kernel(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("a kernel was started for a bad file")

    monkeypatch.setattr(report, "_execute", forbidden)


@pytest.mark.parametrize("name, fragments", BAD, ids=[b[0] for b in BAD])
def test_bad_files_exit_2_with_a_clear_message_before_any_kernel(name, fragments, tmp_path, capsys, no_kernel):
    out = tmp_path / "report.html"
    code = cli.main(["report", "--survey", str(FIX / name), "--out", str(out), "-q"])
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
def test_broken_exports_are_refused(content, suffix, fragment, tmp_path, capsys, no_kernel):
    path = tmp_path / f"export{suffix}"
    path.write_bytes(content)
    assert cli.main(["report", "--survey", str(path), "--out", str(tmp_path / "r.html"), "-q"]) == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err


def test_missing_file_bad_mapping_bad_scale_and_bad_out(tmp_path, capsys, no_kernel):
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


def test_user_text_cannot_inject_markup_into_the_report():
    md = report.heading("intro", source='<img src="http://evil.example/x.png">_a_.csv', n=3, k=2, lo=1, hi=7).data
    assert "<img" not in md and r"\_a\_" in md


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


def test_keep_personal_decides_what_reaches_the_notebook(tmp_path, monkeypatch, capsys):
    seen = {}

    def fake_execute(source, output, params, cwd, progress, strict):
        seen["columns"] = list(pd.read_csv(params["survey"], nrows=1).columns)
        seen["params"] = params
        raise RuntimeError("stop here")

    monkeypatch.setattr(report, "_execute", fake_execute)
    out = tmp_path / "r.html"
    assert cli.main(["report", "--survey", str(FIX / "gbk_zh.csv"), "--out", str(out), "-q"]) == 1
    assert not {"姓名", "手机", "电子邮箱"} & set(seen["columns"])
    assert seen["params"]["dropped"] == ["姓名", "手机", "电子邮箱"] and seen["params"]["lang"] == "en"
    assert "left out personal columns: 姓名 (name), 手机 (phone), 电子邮箱 (e-mail)" in capsys.readouterr().out
    assert cli.main(["report", "--survey", str(FIX / "gbk_zh.csv"), "--out", str(out), "--keep-personal", "-q"]) == 1
    assert {"姓名", "手机", "电子邮箱"} <= set(seen["columns"]) and seen["params"]["dropped"] == []


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


def test_a_failing_notebook_leaves_the_existing_report_untouched(tmp_path, monkeypatch, capsys):
    out = tmp_path / "report.html"
    out.write_text("previous report", encoding="utf-8")

    def failing(*args, **kwargs):
        raise RuntimeError("the report notebook failed: ValueError: boom")

    monkeypatch.setattr(report, "_execute", failing)
    assert cli.main(["report", "--survey", str(FIX / "good_en.csv"), "--out", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "ValueError: boom" in err and "No report was written" in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "previous report" and len(list(tmp_path.iterdir())) == 1


def test_the_template_follows_the_notebook_conventions():
    nb = nbformat.read(report.template_path(), as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "import course_lib as cl" in code[0].source and "cl.setup()" in code[0].source
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    names = set(re.findall(r"^(\w+) =", params[0].source, flags=re.M))
    assert {"survey", "industry", "lang", "scale_low", "scale_high", "dropped", "source_name"} <= names
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert all(not c.get("outputs") for c in code)


def test_help_explains_the_mapping_file(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["report", "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert "--survey" in text and "--keep-personal" in text and "门店: segment" in text


# --------------------------------------------------------------------------- full runs (two kernels)
def _check_offline_and_codeless(html: str) -> _Loads:
    parser = _Loads()
    parser.feed(html)
    assert [u for u in parser.loaded if re.match(r"^(https?:)?//", u.strip())] == []
    assert [u for u in parser.loaded if not u.startswith("data:")] == []  # nothing loaded, not even local files
    assert report.external_resources(html) == []
    assert parser.images and all(src.startswith("data:image/png;base64,") for src in parser.images)
    assert "import course_lib" not in html and "report.gap_table" not in html and "cl.setup" not in html
    code_cells = re.findall(r'<div class="jp-Cell jp-CodeCell[^"]*"', html)
    assert code_cells and all("jp-mod-noInput" in c for c in code_cells)
    assert "Traceback" not in html and "Warning" not in html
    return parser


@pytest.mark.notebook
def test_full_english_report(tmp_path):
    out = tmp_path / "report.html"
    report.build_report(FIX / "good_en.csv", out, industry="restaurant", lang="en", progress=False,
                        warnings_as_errors=True, log=lambda *_: None)
    html = out.read_text(encoding="utf-8")
    parser = _check_offline_and_codeless(html)
    assert len(parser.images) >= 6  # gaps, radar, item gaps, IPA, NPS, segments
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    for heading in ("Service quality report: Restaurant", "SERVQUAL gaps by dimension", "Reliability of the scales",
                    "Importance-performance analysis", "Priorities for improvement", "Net Promoter Score",
                    "Segment comparison", "importance = mean expectation (E)", "Read the quadrants with care"):
        assert heading in html
    raw = pd.read_csv(FIX / "good_en.csv", dtype=str, keep_default_na=False).replace("", np.nan)
    for gap in _reference_gaps(raw, "Expectation {}", "Perception {}").values():
        assert f">{gap:.3f}<" in html
    assert f">{_reference_nps(raw['Likelihood to recommend']):.3f}<" in html
    for seg in ("online", "in store"):
        nps = _reference_nps(raw.loc[raw["Customer type"] == seg, "Likelihood to recommend"])
        assert f">{nps:.3f}<" in html


@pytest.mark.notebook
def test_full_chinese_report_from_gbk_leaves_personal_data_out(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_WARNINGS", "error")
    out = tmp_path / "报告.html"
    out.write_text("old", encoding="utf-8")
    code = cli.main(["report", "--survey", str(FIX / "gbk_zh.csv"), "--lang", "zh", "--industry", "bank",
                     "--out", str(out), "-q"])
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
    assert '"Course Embedded CJK"' in html.split("@font-face")[1]
    raw = pd.read_csv(FIX / "gbk_zh.csv", encoding="gbk", dtype=str)
    for value in list(raw["姓名"]) + list(raw["手机"]) + list(raw["电子邮箱"]):
        assert value not in html
    assert "example.cn" not in html
    for gap in _reference_gaps(raw, "期望{}", "感知{}").values():
        assert f">{gap:.3f}<" in html
