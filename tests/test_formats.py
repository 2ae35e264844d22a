"""Reports as governments publish them: the same seed report as .txt, .html, .pdf and .docx gives the same
records; unsupported, scanned and damaged files give a clear error naming the file, and the rest go on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_files import WRITERS

from fazhi_ie import read_report
from fazhi_ie.cli import main
from fazhi_ie.document.formats import UnreadableReport, drop_running_lines, join_layout_lines, read_source

pytest.importorskip("pdfplumber")
pytest.importorskip("docx")
pytest.importorskip("trafilatura")
pytest.importorskip("reportlab")

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_4aa5ad3ec1f23a2b.txt"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """One folder with the seed report in every format (and a sub-folder)."""
    folder = tmp_path_factory.mktemp("formats")
    text = SEED.read_text("utf-8")
    for suffix, write in WRITERS.items():
        write(text, folder / f"report{suffix}")
    (folder / "sub").mkdir()
    WRITERS[".txt"](text, folder / "sub" / "report.txt")  # the same name in another folder
    return folder


@pytest.fixture(scope="module")
def records_by_format(corpus, request):
    rules = request.getfixturevalue("rules")
    out = {}
    for suffix in WRITERS:
        text = read_source(corpus / f"report{suffix}").text
        out[suffix] = [(r.metric, r.value, r.unit) for r in rules.extract(text).records]
    return out


@pytest.mark.parametrize("suffix", [".html", ".pdf", ".docx"])
def test_every_format_gives_the_records_of_the_text(records_by_format, suffix):
    assert len(records_by_format[".txt"]) > 100
    assert records_by_format[suffix] == records_by_format[".txt"]


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_every_format_gives_the_same_report(corpus, suffix):
    report = read_report(corpus / f"report{suffix}")
    assert (report.region, report.year, report.published) == ("丰都县", 2023, "2024-02")
    assert report.title == "关于2023年法治政府建设情况的报告"
    assert report.format == {".txt": "text", ".html": "html", ".pdf": "pdf", ".docx": "docx"}[suffix]
    assert len(report.sha256) == 64


def test_html_keeps_the_article_and_drops_scripts_styles_navigation_and_footer(corpus):
    text = read_source(corpus / "report.html").text
    for junk in ("访问量12345次", "办理案件88件", "办理案件99件", "ICP备", "网站标识码", "首页"):
        assert junk not in text
    first = next(line.strip() for line in SEED.read_text("utf-8").splitlines() if line.strip())
    assert text.splitlines()[0] == first  # the page title, then the article


def test_pdf_joins_wrapped_lines_and_drops_page_numbers_and_running_header(corpus):
    text = read_source(corpus / "report.pdf").text
    assert "某县人民政府文件" not in text and "— 1 —" not in text
    seed_lines = [line.strip() for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    pdf_lines = text.splitlines()
    long_ones = [line for line in seed_lines if len(line) > 80]
    assert long_ones and all(line in pdf_lines for line in long_ones)  # whole paragraphs again


def test_layout_lines_rules():
    pages = [
        ["某某文件", "第一段很长的一行文字", "接着写完。", "— 1 —"],
        ["某某文件", "二、标题", "第 2 页"],
        ["某某文件", "正文。", "3"],
    ]
    kept = drop_running_lines(pages)
    assert kept == [["第一段很长的一行文字", "接着写完。"], ["二、标题"], ["正文。"]]
    full = "一二三四五六七八九十" * 2
    lines = [full, full, "续行。", "一、标题", full, "二、" + full[2:], "结尾。", "短行"]
    assert join_layout_lines([lines]) == [
        full + full + "续行。",
        "一、标题",
        full,
        "二、" + full[2:] + "结尾。",
        "短行",
    ]


def test_unsupported_scanned_and_damaged_files_are_named(tmp_path):
    from PIL import Image

    (tmp_path / "table.xlsx").write_bytes(b"PK\x03\x04 not a report")
    Image.new("RGB", (600, 800), "white").save(tmp_path / "scan.pdf")  # an image, no text layer
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF")
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    with pytest.raises(UnreadableReport, match=r"table\.xlsx: unsupported format '\.xlsx'"):
        read_source(tmp_path / "table.xlsx")
    with pytest.raises(UnreadableReport, match=r"scan\.pdf: a PDF without a text layer \(a scan\)"):
        read_source(tmp_path / "scan.pdf")
    with pytest.raises(UnreadableReport, match=r"broken\.pdf: "):
        read_source(tmp_path / "broken.pdf")
    with pytest.raises(UnreadableReport, match=r"broken\.docx: not a readable \.docx"):
        read_source(tmp_path / "broken.docx")


def test_cli_walks_every_format_names_bad_files_and_goes_on(corpus, tmp_path, capsys):
    from PIL import Image

    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("report.txt", "report.pdf", "report.docx", "report.html"):
        (folder / name).write_bytes((corpus / name).read_bytes())
    Image.new("RGB", (300, 300), "white").save(folder / "scan.pdf")
    (folder / "notes.xlsx").write_bytes(b"ignored: not a report suffix")
    status = main(["extract", str(folder), "--backend", "rules", "--workers", "1"])
    out, err = capsys.readouterr()
    docs = [json.loads(line) for line in out.splitlines()]
    assert status == 1
    assert [d["document"] for d in docs] == ["report.docx", "report.html", "report.pdf", "report.txt"]
    triples = {
        json.dumps([(r["metric"], r["value"], r["unit"]) for r in d["records"]], ensure_ascii=False) for d in docs
    }
    assert len(triples) == 1  # the same records (offsets differ: each format has its own text)
    assert f"{folder / 'scan.pdf'}: a PDF without a text layer" in err
    assert "notes.xlsx" not in err
    assert err.strip().splitlines()[-1].endswith(" 464 records, 1 errors -> stdout")  # 4 x 116


def test_ids_are_relative_paths_and_the_same_in_every_output(corpus, tmp_path, capsys):
    table = tmp_path / "t.jsonl"
    docs_out = tmp_path / "docs.jsonl"
    status = main(
        [
            "extract",
            str(corpus / "report.txt"),
            str(corpus / "sub" / "report.txt"),
            "--backend",
            "rules",
            "--out",
            str(docs_out),
            "--tables",
            str(table),
            "--workers",
            "1",
            "--quiet",
        ]
    )
    assert status == 0
    ids = [json.loads(line)["document"] for line in docs_out.read_text("utf-8").splitlines()]
    assert ids == ["report.txt", "sub/report.txt"]  # two report.txt, two ids
    rows = [json.loads(line) for line in table.read_text("utf-8").splitlines()]
    assert {r["document"] for r in rows} == set(ids)
    assert all(r["paragraph_id"].startswith(r["document"] + "-") for r in rows)
    assert {r["sha256"] for r in rows} == {read_source(corpus / "report.txt").sha256}  # same bytes, same hash


def test_ocr_reads_a_scanned_pdf(tmp_path, rules):
    """With the ocr extra (rapidocr-onnxruntime ships its models): a page image in a PDF is read."""
    pytest.importorskip("rapidocr_onnxruntime", reason="the ocr extra is not installed (pip install 'fazhi_ie[ocr]')")
    import pypdfium2

    text = "关于2023年法治政府建设情况的报告\n2023年，全县办理行政复议案件78件，已办结73件。\n"
    WRITERS[".pdf"](text, tmp_path / "typed.pdf")
    page = pypdfium2.PdfDocument(str(tmp_path / "typed.pdf"))[0].render(scale=2).to_pil().convert("RGB")
    page.save(tmp_path / "scan.pdf")  # an image only: no text layer
    with pytest.raises(UnreadableReport, match="without a text layer"):
        read_source(tmp_path / "scan.pdf")
    ocr_text = read_source(tmp_path / "scan.pdf", ocr=True).text
    assert "— 1 —" not in ocr_text and "一1一" not in ocr_text
    records = [(r.metric, r.value, r.unit) for r in rules.extract(ocr_text).records]
    assert ("行政复议案件", 78.0, "件") in records and ("办结", 73.0, "件") in records
