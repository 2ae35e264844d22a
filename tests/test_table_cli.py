"""fazhi-ie extract --tables FILE: the analysis tables from the command line."""

from __future__ import annotations

import json

import pytest

from fazhi_ie.cli import main
from fazhi_ie.tables import MEASURE_COLUMNS, RECORD_COLUMNS, read_table

REPORT = """巫溪县司法局关于2023年度法治政府建设工作情况的报告
一、主要成效
（一）规范执法。办理行政复议案件78件，推行“一窗综办”改革。
联系人：张三，联系电话：0827-1234567，共3人
"""


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "reports"
    (d / "sub").mkdir(parents=True)
    (d / "wuxi.txt").write_text(REPORT, encoding="utf-8")
    (d / "sub" / "gb.txt").write_bytes(REPORT.replace("巫溪县", "巫山县").encode("gb18030"))
    return d


@pytest.mark.parametrize("option", ["--tables", "--out"])  # --out FILE without --format means the tables
@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_extract_tables_from_a_folder(folder, tmp_path, capsys, suffix, option):
    out = tmp_path / "out" / f"table{suffix}"
    status = main(["extract", str(folder), "--backend", "rules", option, str(out), "--quiet"])
    stdout, stderr = capsys.readouterr()
    assert (status, stdout, stderr) == (0, "", "")  # only the tables are written
    records = read_table(out)
    measures = read_table(tmp_path / "out" / f"table.measures{suffix}")
    assert tuple(records.columns) == RECORD_COLUMNS and tuple(measures.columns) == MEASURE_COLUMNS
    assert records[["document", "region", "year", "paragraph_id", "metric", "value", "unit"]].values.tolist() == [
        ["sub/gb.txt", "巫山县", 2023, "sub/gb.txt-0002", "行政复议案件", 78.0, "件"],  # sorted by path
        ["wuxi.txt", "巫溪县", 2023, "wuxi.txt-0002", "行政复议案件", 78.0, "件"],
    ]
    assert records["heading_path"].tolist() == ["一、主要成效 > （一）规范执法"] * 2
    assert measures["measure"].tolist() == ["“一窗综办”改革"] * 2
    start, end = records.loc[1, ["start", "end"]]
    assert REPORT[start:end] == "78"


def test_extract_tables_and_out_together(folder, tmp_path, capsys):
    out = tmp_path / "docs.jsonl"
    status = main(
        [
            "extract",
            str(folder / "wuxi.txt"),
            "--backend",
            "rules",
            "--out",
            str(out),
            "--tables",
            str(tmp_path / "t.csv"),
        ]
    )
    assert status == 0
    (doc,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    # the per-document output keeps every record, the table only the body's
    assert [r["quantity"] for r in doc["records"]] == ["78", "3"]
    assert read_table(tmp_path / "t.csv")["quantity"].tolist() == ["78"]


def test_extract_tables_refuses_an_unknown_suffix(folder, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(folder), "--tables", "table.xlsx"])
    assert exc.value.code == 2
    assert ".csv, .parquet, .jsonl" in capsys.readouterr().err


def test_extract_tables_with_a_bad_file_still_writes_the_others(folder, tmp_path, capsys):
    (folder / "scan.txt").write_bytes(bytes(range(256)) * 8)
    status = main(["extract", str(folder), "--backend", "rules", "--tables", str(tmp_path / "t.jsonl")])
    assert status == 1
    assert "scan.txt" in capsys.readouterr().err
    assert read_table(tmp_path / "t.jsonl")["document"].tolist() == ["sub/gb.txt", "wuxi.txt"]


def test_a_report_with_bad_bytes_is_kept_warned_and_counted_in_a_column(tmp_path, capsys):
    text = ("关于2023年巫溪县法治政府建设情况的报告\n" + "2023年，办理行政复议案件78件，已办结73件。\n" * 30).encode(
        "utf-8"
    )
    cut = text.index(b"78")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "r.txt").write_bytes(text[:cut] + b"\xff" + text[cut:])
    out = tmp_path / "t.jsonl"
    status = main(["extract", str(folder), "--backend", "rules", "--tables", str(out)])
    err = capsys.readouterr().err
    assert status == 0
    assert f"warning: {folder / 'r.txt'}: 1 undecodable byte sequence(s) in utf-8 replaced by U+FFFD" in err
    table = read_table(out)
    assert len(table) == 60 and set(table["replaced_bytes"]) == {1}
