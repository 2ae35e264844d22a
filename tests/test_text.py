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
        # ASCII and full-width double quotes pair into “ ” line by line; an odd last one stays
        ('推行"一站式"办案模式和＂一网通办＂，"未', '推行“一站式”办案模式和“一网通办”，"未'),
        ('a"b\nc"d"', 'a"b\nc“d”'),
        # a quote closes the mark open before it, curly or not
        ('推进“放管服"改革和“一网通办"改革', "推进“放管服”改革和“一网通办”改革"),
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


# --- hardening: reports are not lost at the input stage -------------------------------------

LONG = ("2023年，全县办理行政复议案件78件，已办结73件，纠错率12.5%。" * 40 + "\n") * 5  # a report-sized text


def test_one_bad_byte_keeps_the_report_and_names_the_replaced_offsets():
    from fazhi_ie.text import decode_report

    data = LONG.encode("utf-8")
    cut = data.index("纠".encode()) + 1  # inside a three-byte character
    bad = data[:cut] + b"\xff" + data[cut:]
    decoded = decode_report(bad, "r.txt")
    assert decoded.encoding == "utf-8" and decoded.replaced[0][0] == cut - 1
    assert decoded.text.count("\ufffd") == len(decoded.replaced) and len(decoded.text) > len(LONG) - 5
    with pytest.warns(UserWarning, match=r"r\.txt: \d undecodable byte sequence\(s\) in utf-8 replaced .* offset"):
        assert decode_bytes(bad, "r.txt") == decoded.text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "gb18030", "big5"])
def test_long_reports_in_other_encodings_without_bom_are_detected(encoding):
    traditional = str.maketrans("县议结纠错办复", "縣議結糾錯辦復")  # Big5 holds traditional characters
    text = LONG.translate(traditional) if encoding == "big5" else LONG
    assert decode_bytes(text.encode(encoding), "r.txt") == text


def test_text_in_no_known_encoding_names_the_file_and_the_encodings():
    with pytest.raises(DecodeError, match=r"scan\.bin: not text in UTF-8, UTF-16, GB18030 or Big5"):
        decode_bytes(bytes(range(128, 256)) * 40, "scan.bin")


@pytest.mark.parametrize("invisible", ["\u200b", "\u200d", "\u202e", "\x00", "\ufeff", "\ud800"])
def test_invisible_characters_are_blank_in_the_view_and_never_inside_a_span(rules, invisible):
    text = f"办理行政复议案件78{invisible}件，{invisible}按时办结率100%。"
    view = matching_view(text)
    assert len(view) == len(text) and invisible not in view
    result = rules.extract(text)
    assert all(invisible not in s.text for s in result.spans)
    assert [(r.metric, r.value, r.unit) for r in result.records] == [
        ("行政复议案件", 78.0, "件"),
        ("按时办结率", 100.0, "%"),
    ]


def test_long_paragraphs_are_cut_at_sentence_ends_into_bounded_pieces():
    from fazhi_ie.document.paragraphs import bounded_pieces

    view = ("办理案件78件。" * 10) + "无标点" * 10
    pieces = bounded_pieces(view, 0, len(view), limit=24)
    assert pieces[0] == (0, 24) and all(e - s <= 24 for s, e in pieces)
    assert [p[1] for p in pieces][-1] == len(view) and all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    assert all(view[e - 1] == "。" for s, e in pieces[:3])
    numbered = "x" * 30 + "12345678" + "y" * 40  # a cut at 35 would fall inside the number
    assert bounded_pieces(numbered, 0, len(numbered), limit=35)[0] == (0, 30)
    assert bounded_pieces(view, 0, len(view)) == [(0, len(view))]  # ordinary paragraphs are never cut


def test_a_long_line_gives_the_records_of_its_sentences(rules):
    sentence = "办理行政复议案件78件，按时办结率100%。"
    line = sentence * 3000  # 66,000 characters on one line: tagged in pieces
    result = rules.extract(line)
    assert len(result.records) == 6000
    assert {(r.metric, r.value, r.unit) for r in result.records} == {
        ("行政复议案件", 78.0, "件"),
        ("按时办结率", 100.0, "%"),
    }


def test_ascii_quotes_name_a_measure_with_the_callers_marks(rules):
    text = '县局深入推进"放管服"改革。'
    (span,) = rules.extract(text).spans
    assert (span.start, span.end, span.label, span.text) == (6, 13, "MEASURE", '"放管服"改革')
