"""course_lib.data: reading users' files in every supported form, refusing broken ones clearly."""

from __future__ import annotations

import pandas as pd
import pytest

from course_lib import CourseDataError, data

ROWS = "id,满意度,comment\n1,7,très bien\n2,5,ok\n"


def write(tmp_path, name, payload: bytes):
    path = tmp_path / name
    path.write_bytes(payload)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_chinese_text_in_every_encoding(tmp_path, encoding):
    text = "编号,满意度,意见\n1,7,服务很好，上菜快\n2,5,等位时间太长\n"
    df = data.read_table(write(tmp_path, "s.csv", text.encode(encoding)))
    assert list(df.columns) == ["编号", "满意度", "意见"]
    assert df["意见"].tolist() == ["服务很好，上菜快", "等位时间太长"]
    assert df["满意度"].tolist() == [7, 5]


def test_cp1252_accents_are_not_garbled(tmp_path):
    text = "id,name,comment\n1,Crème brûlée,très bien servi\n2,Zoë,déçu par l'attente\n"
    df = data.read_table(write(tmp_path, "w.csv", text.encode("cp1252")))
    assert df["name"].tolist() == ["Crème brûlée", "Zoë"]
    assert df["comment"].tolist()[1] == "déçu par l'attente"


def test_decode_bytes_reports_the_encoding():
    assert data.decode_bytes("有形性,可靠性".encode("gbk")) == ("有形性,可靠性", "gb18030")
    assert data.decode_bytes("\ufeffa,b".encode("utf-8"))[1] == "utf-8-sig"
    assert data.decode_bytes("a,b".encode("utf-16"))[0] == "a,b"


def test_semicolon_and_tab_delimiters(tmp_path):
    semi = data.read_table(write(tmp_path, "a.csv", b"id;score;note\n1;9;a, b\n2;3;c\n"))
    assert semi["score"].tolist() == [9, 3] and semi["note"].tolist() == ["a, b", "c"]
    tab = data.read_table(write(tmp_path, "b.tsv", "id\tscore\n1\t9\n2\t3\n".encode("utf-16")))
    assert tab["score"].tolist() == [9, 3]


def test_title_lines_above_header_are_skipped(tmp_path):
    text = "Customer survey export\nDownloaded 2026-03-01,,\nid,E1,P1\n1,6,5\n2,7,7\n"
    df = data.read_table(write(tmp_path, "t.csv", text.encode()))
    assert list(df.columns) == ["id", "E1", "P1"] and len(df) == 2


def test_qualtrics_extra_header_rows_are_dropped(tmp_path):
    text = ('ResponseId,Q1,Q2\n'
            'Response ID,How likely are you to recommend us?,Any comment?\n'
            '"{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2""}"\n'
            'R_1,9,great\nR_2,4,slow\n')
    df = data.read_table(write(tmp_path, "q.csv", text.encode()))
    assert df["Q1"].tolist() == [9, 4]
    assert df["ResponseId"].tolist() == ["R_1", "R_2"]


def test_missing_cells_become_nan_and_numbers_stay_numbers(tmp_path):
    df = data.read_table(write(tmp_path, "m.csv", b"id,P1,P2\n1,5,\n2,,3.5\n"))
    assert df["P1"].isna().tolist() == [False, True]
    assert df["P2"].tolist()[1] == 3.5
    assert pd.api.types.is_float_dtype(df["P1"])


def test_xlsx_sheet_by_name_and_index(tmp_path):
    path = tmp_path / "w.xlsx"
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame({"a": [1, 2]}).to_excel(xl, sheet_name="readme", index=False)
        pd.DataFrame({"编号": [1, 2], "满意度": [6, 7]}).to_excel(xl, sheet_name="数据", index=False)
    assert data.read_table(path, sheet="数据")["满意度"].tolist() == [6, 7]
    assert data.read_table(path, sheet=1)["编号"].tolist() == [1, 2]
    assert data.read_table(path)["a"].tolist() == [1, 2]
    with pytest.raises(CourseDataError, match="no sheet called 'Sheet9'") as exc:
        data.read_table(path, sheet="Sheet9")
    assert "readme, 数据" in str(exc.value)
    with pytest.raises(CourseDataError, match="no sheet number 5"):
        data.read_table(path, sheet=5)


@pytest.mark.parametrize(
    "name, payload, message",
    [
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"\n \n", "the file is empty"),
        ("header.csv", b"id,E1,P1\n", "header but no data rows"),
        ("zip.csv", b"PK\x03\x04rest-of-a-workbook", "zipped file"),
        ("bin.csv", b"abc\x00\x01\x02def", "binary data"),
        ("old.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old binary Excel"),
        ("dupe.csv", b"id,P1,P1\n1,2,3\n", "column names are repeated"),
        ("noname.csv", b"id,,P1\n1,2,3\n", "a column has no name"),
    ],
)
def test_broken_files_are_refused_clearly(tmp_path, name, payload, message):
    with pytest.raises(CourseDataError, match=message) as exc:
        data.read_table(write(tmp_path, name, payload))
    assert name in str(exc.value) and "fix:" in str(exc.value)


def test_ragged_rows_are_named(tmp_path):
    text = b"id,E1,P1\n1,6,5\n2,7,7,extra\n3,5\n4,5,5\n"
    with pytest.raises(CourseDataError) as exc:
        data.read_table(write(tmp_path, "r.csv", text))
    assert exc.value.row == [2, 3]
    assert "rows 2, 3" in str(exc.value) and "3 fields" in str(exc.value)


def test_missing_file_folder_and_xls(tmp_path):
    with pytest.raises(CourseDataError, match="file not found"):
        data.read_table(tmp_path / "nope.csv")
    with pytest.raises(CourseDataError, match="folder"):
        data.read_table(tmp_path)
    with pytest.raises(CourseDataError, match=r"\.xls workbooks are not supported"):
        data.read_table(write(tmp_path, "x.xls", b"whatever"))


def test_corrupt_xlsx(tmp_path):
    with pytest.raises(CourseDataError, match="workbook cannot be opened"):
        data.read_table(write(tmp_path, "bad.xlsx", b"not a zip at all"))


def test_forced_wrong_encoding_is_explained(tmp_path):
    path = write(tmp_path, "g.csv", "a,b\n满,意\n".encode("gbk"))
    with pytest.raises(CourseDataError, match="cannot be read as utf-8"):
        data.read_table(path, encoding="utf-8")


# --------------------------------------------------------------------------- schema helpers
SCHEMA = [
    data.Column("id", "int", min=1),
    data.Column("score", "int", min=0, max=10),
    data.Column("segment", "category", allowed=("new", "loyal")),
    data.Column("when", "datetime", required=False),
]


def frame(**overrides):
    base = {"id": [1, 2, 3], "score": [9, 10, 3], "segment": ["new", "loyal", "new"]}
    base.update(overrides)
    return pd.DataFrame(base)


def test_valid_frame_passes_and_converts():
    out = data.validate_frame(frame(score=["9", "10", "3"]), SCHEMA, source="nps.csv")
    assert out["score"].tolist() == [9, 10, 3] and out["score"].dtype == "int64"


@pytest.mark.parametrize(
    "overrides, problem, rows, column",
    [
        ({"score": [9, 11, -1]}, "out of range", [2, 3], "score"),
        ({"score": [9, "ten", 3]}, "non-numeric", [2], "score"),
        ({"score": [9, None, 3]}, "empty cells", [2], "score"),
        ({"score": [9, 7.5, 3]}, "not whole numbers", [2], "score"),
        ({"segment": ["new", "Loyal", "vip"]}, "unknown values", [2, 3], "segment"),
        ({"when": ["2026-01-01", "soon", "2026-01-03"]}, "not dates", [2], "when"),
    ],
)
def test_schema_errors_name_rows_and_column(overrides, problem, rows, column):
    with pytest.raises(CourseDataError, match=problem) as exc:
        data.validate_frame(frame(**overrides), SCHEMA, source="nps.csv")
    assert exc.value.row == rows and exc.value.column == column and exc.value.source == "nps.csv"


def test_missing_columns_are_listed():
    with pytest.raises(CourseDataError, match="required columns missing") as exc:
        data.validate_frame(pd.DataFrame({"x": [1]}), SCHEMA, source="t.csv")
    assert exc.value.column == ["id", "score", "segment"]


def test_not_a_dataframe():
    with pytest.raises(CourseDataError, match="expected a table"):
        data.validate_frame([1, 2, 3], SCHEMA)


# --------------------------------------------------------------------------- shipped datasets
def test_every_catalogued_dataset_loads_and_validates():
    listing = data.list_datasets()
    assert len(listing) >= 4 and listing["name"].is_unique
    for name, entry in data.catalog().items():
        if data.path_of(name).suffix == ".csv":
            df = data.load(name)
            assert len(df) == listing.set_index("name").loc[name, "rows"], name
            assert set(entry.get("columns") or {}) <= set(df.columns), name


def test_real_datasets_match_their_published_sizes():
    # Sizes of the R datasets as documented by their packages.
    assert data.load("tips").shape == (244, 7)
    assert len(data.load("covid_testing_tat")) == 15524
    calls = data.load("bank_calls")
    assert calls["DateTime"].min().strftime("%Y-%m-%d") == "2003-03-03"


def test_unknown_dataset_lists_the_names():
    with pytest.raises(CourseDataError, match="no dataset called 'tipz'") as exc:
        data.load("tipz")
    assert "tips" in str(exc.value)


def test_env_override_and_bad_override(tmp_path, monkeypatch):
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "x.yml").write_text(
        "mini:\n  file: mini.csv\n  description: d\n  source: s\n  licence: CC0\n  synthetic: true\n"
        "  columns:\n    a: {type: int, min: 0}\n", encoding="utf-8")
    (tmp_path / "mini.csv").write_text("a\n1\n2\n", encoding="utf-8")
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path))
    assert data.load("mini")["a"].tolist() == [1, 2]
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "missing"))
    with pytest.raises(CourseDataError, match="not a folder"):
        data.datasets_dir()


def test_broken_catalogue_yaml_names_the_line(tmp_path, monkeypatch):
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "bad.yml").write_text("a:\n  file: x.csv\n   bad: [\n", encoding="utf-8")
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path))
    with pytest.raises(CourseDataError, match="cannot be parsed") as exc:
        data.catalog()
    assert exc.value.source == "bad.yml" and isinstance(exc.value.row, int)


def test_catalogue_entry_without_licence_is_refused(tmp_path, monkeypatch):
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "c.yml").write_text(
        "a:\n  file: a.csv\n  description: d\n  source: s\n  synthetic: true\n", encoding="utf-8")
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path))
    with pytest.raises(CourseDataError, match="has no 'licence'"):
        data.catalog()
