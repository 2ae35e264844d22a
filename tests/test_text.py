"""Input text: decoding report files, the same-length matching view, paragraphs."""

from __future__ import annotations

import pytest

from fazhi_ie import DecodeError, decode_bytes, read_text
from fazhi_ie.document.paragraphs import sentence_bounds, split_paragraphs
from fazhi_ie.text import ensure_text, matching_view

REPORT = "2023年，办理行政复议案件78件，已办结73件。\n培训执法人员1.4万余人次，合格率百分之九十八。\n"
BINARY = bytes(range(256)) * 4


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_decode_bytes_round_trips(encoding):
    data = REPORT.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = ("\ufeff" + REPORT).encode(encoding)  # with a byte-order mark
    assert decode_bytes(data) == REPORT


def test_utf16_without_bom_ascii_text():
    assert decode_bytes("Report 2023: 78 cases\n".encode("utf-16-le")) == "Report 2023: 78 cases\n"


@pytest.mark.parametrize("data", [BINARY, b"\x00" * 64, b"\x89PNG\r\n\x1a\n" + BINARY, b"\xff\xfe\x00\xd8"])
def test_binary_data_raises_decode_error_naming_the_file(data):
    with pytest.raises(DecodeError, match="scan.bin"):
        decode_bytes(data, "scan.bin")


def test_decode_error_is_a_value_error():
    assert issubclass(DecodeError, ValueError)


def test_empty_bytes_are_empty_text():
    assert decode_bytes(b"") == ""


def test_read_text(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(REPORT.encode("gb18030"))
    assert read_text(path) == REPORT
    assert read_text(str(path)) == REPORT


@pytest.mark.parametrize("value", [None, b"abc", 12, 1.5, ["a"]])
def test_ensure_text_rejects_non_strings(value):
    with pytest.raises(TypeError, match="expected str"):
        ensure_text(value)


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("１２３件", "123件"),
        ("辦理行政復議案件", "办理行政复议案件"),
        ("<b>78</b>件", "   78    件"),
        ("案件&nbsp;78", "案件" + " " * 6 + "78"),
        ("详见http://example.cn/a?b=1。", "详见" + " " * len("http://example.cn/a?b=1") + "。"),
        ("合格率９８．５％，（一）", "合格率98.5%，（一）"),
    ],
)
def test_matching_view(text, view):
    assert matching_view(text) == view
    assert len(matching_view(text)) == len(text)


def test_split_paragraphs_offsets_index_the_text():
    text = "  第一段。\r\n\r\n\u3000\u3000第二段\n\n   \n第三段  "
    paras = split_paragraphs(text)
    assert [text[s:e] for s, e in paras] == ["第一段。", "第二段", "第三段"]
    assert split_paragraphs("") == [] and split_paragraphs(" \n\t\n") == []


def test_sentence_bounds():
    assert sentence_bounds("甲。乙；丙") == [2, 4, 5]
    assert sentence_bounds("甲。") == [2]
