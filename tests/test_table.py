"""to_dataframe / write_tables: one row per record and per MEASURE, with report context."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from fazhi_ie import Extractor, Tables, read_report, read_reports, to_dataframe
from fazhi_ie.document import Report
from fazhi_ie.tables import (
    MEASURE_COLUMNS,
    RECORD_COLUMNS,
    build_tables,
    measures_path,
    read_table,
    table_format,
    write_tables,
)
from fazhi_ie.types import Extraction, Record, Span

ROOT = Path(__file__).resolve().parent.parent

REPORT = """首页 > 政务公开 > 法治政府建设
巫溪县司法局关于2023年度法治政府建设工作情况的报告
发布时间：2024-01-20  浏览次数：1024次
一、主要成效
（一）规范执法。一是办理行政复议案件78件，已办结73件。二是推行“一窗综办”改革，培训执法人员1.4万余人次。
联系人：张三，联系电话：0827-1234567，共3人
巫溪县司法局
2024年1月15日
"""

CONTEXT = {"document": "wx", "region": "巫溪县", "year": 2023, "published": "2024-01-20", "paragraph_id": "wx-0004"}
ITEM_1 = "一、主要成效 > （一）规范执法 > 一是办理行政复议案件78件，已办结73件"
ITEM_2 = "一、主要成效 > （一）规范执法 > 二是推行“一窗综办”改革，培训执法人员1.4万余人次"


@pytest.fixture(scope="module")
def tables(rules) -> Tables:
    return to_dataframe(read_report(REPORT, name="wx"), rules)


def test_record_rows_carry_the_report_context(tables):
    records = tables.records
    assert tuple(records.columns) == RECORD_COLUMNS
    rows = records.to_dict("records")
    expected = [
        (ITEM_1, "行政复议案件", 78.0, "件", None, "78", "一是办理行政复议案件78件，已办结73件。"),
        (ITEM_1, "办结", 73.0, "件", None, "73", "一是办理行政复议案件78件，已办结73件。"),
        (ITEM_2, "执法人员", 14000.0, "人次", "余", "1.4万余", "二是推行“一窗综办”改革，培训执法人员1.4万余人次。"),
    ]
    assert len(rows) == len(expected)
    for row, (path, metric, value, unit, qualifier, quantity, sentence) in zip(rows, expected):
        assert {k: row[k] for k in CONTEXT} == CONTEXT
        assert (row["heading_path"], row["metric"], row["value"], row["unit"], row["quantity"], row["sentence"]) == (
            path,
            metric,
            value,
            unit,
            quantity,
            sentence,
        )
        assert row["qualifier"] == qualifier or (qualifier is None and pd.isna(row["qualifier"]))
        assert REPORT[row["start"] : row["end"]] == quantity  # offsets index the report's text


def test_boilerplate_gives_no_rows(tables):
    # the extractor finds 1024次 (page views) and 3人 (contact line); neither is the report's body
    found = Extractor(backend="rules").extract(REPORT).records
    assert {r.quantity for r in found} == {"1024", "78", "73", "1.4万余", "3"}
    assert set(tables.records["quantity"]) == {"78", "73", "1.4万余"}


def test_measure_rows(tables):
    measures = tables.measures
    assert tuple(measures.columns) == MEASURE_COLUMNS
    (row,) = measures.to_dict("records")
    assert {k: row[k] for k in CONTEXT} == CONTEXT
    assert (row["heading_path"], row["measure"], REPORT[row["start"] : row["end"]]) == (
        ITEM_2,
        "“一窗综办”改革",
        "“一窗综办”改革",
    )
    assert row["sentence"] == "二是推行“一窗综办”改革，培训执法人员1.4万余人次。"


def test_dtypes(tables):
    dtypes = tables.records.dtypes
    assert (str(dtypes["year"]), str(dtypes["value"]), str(dtypes["start"]), str(dtypes["end"])) == (
        "Int64",
        "float64",
        "int64",
        "int64",
    )


class FixedExtractor:
    """Returns given spans and records for any text: checks that to_dataframe uses the extractor passed."""

    backend = "fixed"

    def __init__(self, spans, records):
        self.spans, self.records = spans, records

    def extract_many(self, texts, batch_size=32):
        for text in texts:
            yield Extraction(text, tuple(self.spans), tuple(self.records))

    def extract_report(self, report, batch_size=32):
        return next(self.extract_many([report.text], batch_size))


def test_the_extractor_passed_is_used_and_huge_values_become_missing():
    text = "2023年，办理案件5件。\n第 2 页 共 5 页\n"
    five = Record("案件", 5.0, "件", "5", None, 9, 10)
    huge = Record("案件", math.inf, "件", "9" * 400, None, 9, 10)
    on_page_number = Record(None, 2.0, None, "2", None, 16, 17)
    measure = Span(5, 7, "MEASURE", "办理")
    tables = to_dataframe([text], FixedExtractor([measure], [five, huge, on_page_number]))
    assert tables.records["value"].tolist()[0] == 5.0 and pd.isna(tables.records["value"].tolist()[1])
    assert len(tables.records) == 2  # the page number line is not body
    assert tables.records["document"].tolist() == ["0", "0"]  # unnamed reports: their position
    assert tables.measures["measure"].tolist() == ["办理"]


def test_build_tables_refuses_an_extraction_of_another_text():
    with pytest.raises(ValueError, match="another text"):
        build_tables([(read_report("甲"), Extraction("乙"))])


def test_no_reports_gives_empty_tables_with_the_columns():
    records, measures = to_dataframe([], Extractor(backend="rules"))
    assert (tuple(records.columns), len(records), tuple(measures.columns), len(measures)) == (
        RECORD_COLUMNS,
        0,
        MEASURE_COLUMNS,
        0,
    )


def test_default_extractor_and_paths(monkeypatch):
    made = []
    import fazhi_ie.pipeline

    class Recording(fazhi_ie.pipeline.Extractor):
        def __init__(self, *args, **kwargs):
            made.append((args, kwargs))
            super().__init__(backend="rules")

    monkeypatch.setattr(fazhi_ie.pipeline, "Extractor", Recording)
    records, _ = to_dataframe(ROOT / "seeds" / "001_ab91cbb189252259.txt")
    assert made == [((), {})]  # Extractor() with no arguments: the best available backend
    assert set(records["region"]) == {"重庆市黔江区"} and set(records["document"]) == {"001_ab91cbb189252259"}


def test_seeds_every_body_record_once_with_its_region_and_year(rules):
    reports = read_reports(ROOT / "seeds")
    records, measures = to_dataframe(reports, rules)
    for report in reports:
        result = rules.extract(report.text)
        body = [r for r in result.records if report.paragraph_at(r.start).is_body]
        mine = records[records["document"] == report.name]
        assert mine[["start", "end"]].values.tolist() == [[r.start, r.end] for r in body]
        assert set(mine["region"]) == {report.region} and set(mine["year"]) == {report.year}
        for row in mine.itertuples():
            assert report.text[row.start : row.end] == row.quantity
            assert row.sentence in report.paragraph_at(row.start).text
            assert row.paragraph_id.startswith(report.name + "-")
        body_measures = [s for s in result.spans if s.label == "MEASURE" and report.paragraph_at(s.start).is_body]
        assert measures[measures["document"] == report.name]["measure"].tolist() == [s.text for s in body_measures]
    # the contact line of 丰都县 (a phone number) and the page numbers of 昭化区 give no rows
    assert not records["sentence"].str.contains("联系电话").any()


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_write_and_read_back(tables, tmp_path, suffix):
    out = tmp_path / f"table{suffix}"
    paths = write_tables(tables, out)
    assert paths == (out, tmp_path / f"table.measures{suffix}")
    for frame, path in zip(tables, paths):
        back = read_table(path)
        pd.testing.assert_frame_equal(back, frame, check_dtype=False)
        assert list(back.columns) == list(frame.columns)


def test_text_that_looks_like_numbers_stays_text(tmp_path):
    records, measures = to_dataframe(read_report("2023年，办理案件5件。", name="007"), Extractor(backend="rules"))
    for suffix in (".csv", ".parquet", ".jsonl"):
        path, _ = write_tables((records, measures), tmp_path / f"t{suffix}")
        back = read_table(path)
        row = back[["document", "paragraph_id", "quantity", "year"]].values.tolist()
        assert row == [["007", "007-0000", "5", 2023]]


def test_csv_is_utf8_with_a_header(tables, tmp_path):
    out, _ = write_tables(tables, tmp_path / "t.csv")
    lines = out.read_text("utf-8").splitlines()
    assert lines[0] == ",".join(RECORD_COLUMNS)
    assert "行政复议案件" in lines[1]


def test_table_file_names():
    assert measures_path("out/table.csv") == Path("out/table.measures.csv")
    assert table_format("T.PARQUET") == "parquet"
    with pytest.raises(ValueError, match=r"\.csv, \.parquet, \.jsonl"):
        table_format("table.xlsx")
    with pytest.raises(ValueError):
        write_tables(Tables(pd.DataFrame(), pd.DataFrame()), "table")


def test_progress_bar_goes_to_stderr(capsys):
    to_dataframe([REPORT, REPORT], Extractor(backend="rules"), progress=True)
    assert "2/2" in capsys.readouterr().err


def test_import_fazhi_ie_does_not_import_pandas_or_matplotlib():
    code = "import sys, fazhi_ie; print('pandas' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.split() == ["False", "False"]


def test_report_objects_are_accepted_as_they_are():
    report = read_report(REPORT, name="wx")
    assert isinstance(report, Report)
    records, _ = to_dataframe([report, REPORT], Extractor(backend="rules"))
    assert records["document"].tolist() == ["wx"] * 3 + ["1"] * 3


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_an_absent_value_is_an_empty_cell_with_its_reason(tmp_path, suffix):
    """Issue 13: a value that cannot be read is missing in every format; the surface and reason stay."""
    report = read_report("2023年，办理案件1.2亿万件，办结78件。", name="t")
    records, measures = to_dataframe(report, Extractor(backend="rules"))
    assert pd.isna(records["value"][0]) and records["value"][1] == 78
    assert records["quantity"].tolist() == ["1.2亿万", "78"]
    assert "万 without a number" in records["value_error"][0] and pd.isna(records["value_error"][1])
    path, _ = write_tables((records, measures), tmp_path / f"t{suffix}")
    back = read_table(path)
    assert pd.isna(back["value"][0]) and back["value"][1] == 78 and str(back["value"].dtype) == "float64"
    assert "万 without a number" in back["value_error"][0] and pd.isna(back["value_error"][1])
