"""read_report: reporting body, covered year, publication date, boilerplate roles, heading paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fazhi_ie import Report, read_report, read_reports
from fazhi_ie.document import parse_organ, parse_place
from fazhi_ie.evaluation.corpus import GOLD_DIR

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def role_of(report: Report, start_of_text: str) -> str:
    (p,) = [p for p in report.paragraphs if p.text.startswith(start_of_text)]
    return p.role


def paragraph(report: Report, start_of_text: str):
    (p,) = [p for p in report.paragraphs if p.text.startswith(start_of_text)]
    return p


# --- the five seeds ----------------------------------------------------------------------

SEED_FACTS = [
    ("000_4aa5ad3ec1f23a2b", "丰都县", 2023, "2024-02", "中共丰都县委、丰都县人民政府"),
    ("001_ab91cbb189252259", "重庆市黔江区", 2022, "2023-02-28", "重庆市黔江区人民政府"),
    ("002_ae4bafc44a57a084", "石柱土家族自治县王场镇", 2023, "2024-01-09", "中共石柱土家族自治县王场镇委员会"),
    ("003_4d3716c0767d0689", "富源县", 2023, "2024-03-30", "富源县司法局"),
    ("004_bb0d26e07b32a41b", "广元市昭化区", 2020, None, "广元市昭化区人民政府"),
]


@pytest.mark.parametrize(("doc", "region", "year", "published", "issuer"), SEED_FACTS)
def test_seed_region_year_date_issuer(doc, region, year, published, issuer):
    report = read_report(SEEDS / f"{doc}.txt")
    assert (report.name, report.region, report.year, report.published, report.issuer) == (
        doc,
        region,
        year,
        published,
        issuer,
    )


@pytest.mark.parametrize("doc", [d for d, *_ in SEED_FACTS])
def test_seed_paragraph_ids_are_the_gold_ids_and_offsets_index_the_text(doc):
    report = read_report(SEEDS / f"{doc}.txt")
    with open(GOLD_DIR / f"{doc}.jsonl", encoding="utf-8") as fh:
        gold = [json.loads(line) for line in fh if line.strip()]
    assert [p.id for p in report.paragraphs] == [g["id"] for g in gold]
    assert [p.text for p in report.paragraphs] == [g["text"] for g in gold]
    for p in report.paragraphs:
        assert report.text[p.start : p.end] == p.text
        assert report.paragraph_at(p.start) is p and report.paragraph_at(p.end - 1) is p


def test_seed_000_letterhead_signature_date_contact_are_not_body():
    r = read_report(SEEDS / "000_4aa5ad3ec1f23a2b.txt")
    roles = [(p.id[-4:], p.role) for p in r.paragraphs if not p.is_body]
    assert roles == [
        ("0000", "letterhead"),
        ("0001", "letterhead"),
        ("0002", "title"),
        ("0004", "addressee"),
        ("0041", "signature"),
        ("0042", "date"),
        ("0044", "contact"),
    ]
    assert r.title == "关于2023年法治政府建设情况的报告"
    assert r.body[0].text.startswith("2023年，在市委、市政府坚强领导下")
    assert r.body[-1].text.startswith("四是夯实法治基础")


def test_seed_001_breadcrumb_and_page_date():
    r = read_report(SEEDS / "001_ab91cbb189252259.txt")
    assert [(p.id[-4:], p.role) for p in r.paragraphs if not p.is_body] == [
        ("0000", "web"),
        ("0002", "title"),
        ("0004", "date"),
    ]


def test_seed_002_document_number_note_and_signature():
    r = read_report(SEEDS / "002_ae4bafc44a57a084.txt")
    assert [(p.id[-4:], p.role) for p in r.paragraphs if not p.is_body] == [
        ("0002", "letterhead"),
        ("0004", "letterhead"),
        ("0005", "title"),
        ("0006", "addressee"),
        ("0056", "note"),
        ("0057", "signature"),
        ("0059", "date"),
    ]


def test_seed_003_web_metadata():
    r = read_report(SEEDS / "003_4d3716c0767d0689.txt")
    assert [(p.id[-4:], p.role) for p in r.paragraphs if not p.is_body] == [
        ("0000", "web"),
        ("0002", "title"),
        ("0004", "web"),
        ("0005", "web"),
        ("0006", "date"),
    ]


def test_seed_004_page_numbers():
    r = read_report(SEEDS / "004_bb0d26e07b32a41b.txt")
    assert [(p.id[-4:], p.role) for p in r.paragraphs if not p.is_body] == [
        ("0000", "letterhead"),
        ("0002", "title"),
        ("0038", "page_number"),
        ("0039", "page_number"),
    ]


def test_seed_heading_paths():
    r = read_report(SEEDS / "000_4aa5ad3ec1f23a2b.txt")
    assert paragraph(r, "2.推进数智赋能法治化改革").heading_path == (
        "一、2023年推进法治政府建设的主要举措和成效",
        "（一）深入学习贯彻党的二十大精神，引领和推动法治政府建设全面突破",
        "2.推进数智赋能法治化改革",
    )
    assert paragraph(r, "三、2024年法治政府建设工作打算").role == "heading"
    assert paragraph(r, "二是围绕中心大局").heading_path == (
        "三、2024年法治政府建设工作打算",
        "二是围绕中心大局，强化服务高质量发展法治保障",
    )
    # 一是 items hold for their own paragraph only
    assert paragraph(r, "2024年全县法治政府建设坚持").heading_path == ("三、2024年法治政府建设工作打算",)

    r = read_report(SEEDS / "001_ab91cbb189252259.txt")
    p = paragraph(r, "(三)优化服务依法履职便企利民")
    assert p.heading_path == ("一、工作开展情况", "(三)优化服务依法履职便企利民")  # cut before the inline 一是
    assert [it.label for it in p.items] == [
        "一是政务服务提质增效",
        "二是市场准入服务效能提升",
        "三是信用监管运行有效",
        "四是助企纾困力度加大",
    ]
    offset = r.text.index("市场准入服务效能提升") + 3
    assert r.heading_path_at(offset) == ("一、工作开展情况", "(三)优化服务依法履职便企利民", "二是市场准入服务效能提升")


def test_seed_item_without_full_stop_continues_the_count():
    r = read_report(SEEDS / "003_4d3716c0767d0689.txt")
    p = paragraph(r, "(一)持续强化法治政府建设组织领导")
    assert [it.label for it in p.items][:3] == [
        "一是坚持将法治政府建设工作摆在重要位置",
        "二是坚持高点站位,高位谋划",
        "三是坚持高位推动法治政府建设工作提质增效",
    ]  # …高效推进三是坚持…


def test_read_reports_reads_a_folder_in_order():
    reports = read_reports(SEEDS)
    assert [r.region for r in reports] == [f[1] for f in SEED_FACTS]
    with pytest.raises(NotADirectoryError):
        read_reports(SEEDS / "000_4aa5ad3ec1f23a2b.txt")


# --- other governments' headers -------------------------------------------------------------

WEB_PAGE = """首页 > 政务公开 > 法治政府建设
【字体：大 中 小】
成都市武侯区人民政府关于2022年度法治政府建设工作情况的报告
来源：成都市武侯区司法局  发布时间：2023-03-20 10:15  浏览次数：1024
2022年，武侯区深入学习贯彻习近平法治思想，全年办理行政复议案件120件。
一、主要举措
（一）健全依法决策机制。严格落实重大行政决策程序，审查合同45件。
【打印】【关闭】
"""


def test_web_page_remnants_and_district_government():
    r = read_report(WEB_PAGE)
    assert (r.region, r.year, r.published, r.issuer) == ("成都市武侯区", 2022, "2023-03-20", "成都市武侯区人民政府")
    assert [p.role for p in r.paragraphs] == ["web", "web", "title", "web", "body", "heading", "body", "web"]
    assert r.name is None and r.paragraphs[4].id == "0004"
    assert r.body[-1].heading_path == ("一、主要举措", "（一）健全依法决策机制")


COUNTY_ANNUAL = """南江县2023年法治政府建设年度报告

2023年，南江县法治政府建设取得新成效。

- 3 -

一、工作成效
1.提升执法水平。培训执法人员300人次。
第 2 页 共 5 页
二、下步打算
（1）加强队伍建设。
①完善考核。
南江县人民政府
2024年1月15日
联系人：张三，电话：0827-1234567
"""


def test_county_annual_report_signature_date_page_numbers():
    r = read_report(COUNTY_ANNUAL)
    assert (r.region, r.year, r.published, r.issuer) == ("南江县", 2023, "2024-01-15", "南江县人民政府")
    assert role_of(r, "- 3 -") == "page_number" and role_of(r, "第 2 页") == "page_number"
    assert [p.role for p in r.paragraphs[-3:]] == ["signature", "date", "contact"]
    assert paragraph(r, "1.提升执法水平").heading_path == ("一、工作成效", "1.提升执法水平")
    assert paragraph(r, "①完善考核").heading_path == ("二、下步打算", "（1）加强队伍建设", "①完善考核")


DEPARTMENT = """巫溪县司法局关于2023年度法治政府建设工作情况的报告
县委依法治县办：
2023年，我局坚持以习近平法治思想为指导，办理法律援助案件210件。
巫溪县司法局
2024-01-15
"""


def test_department_report_with_iso_date_at_the_end():
    r = read_report(DEPARTMENT)
    assert (r.region, r.year, r.published, r.issuer) == ("巫溪县", 2023, "2024-01-15", "巫溪县司法局")
    assert [p.role for p in r.paragraphs] == ["title", "addressee", "body", "signature", "date"]


@pytest.mark.parametrize(
    ("title", "region", "year", "issuer"),
    [
        (
            "重庆市开州区市场监督管理局关于2023年度法治政府建设情况的报告",
            "重庆市开州区",
            2023,
            "重庆市开州区市场监督管理局",
        ),
        ("荣昌区畜牧兽医发展中心关于2023年法治政府建设工作情况的报告", "荣昌区", 2023, "荣昌区畜牧兽医发展中心"),
        (
            "中共龙潭镇委员会 龙潭镇人民政府关于2023年法治政府建设情况的报告",
            "龙潭镇",
            2023,
            "中共龙潭镇委员会、龙潭镇人民政府",
        ),
        (
            "彭水苗族土家族自治县人民政府关于二〇二三年度法治政府建设情况的报告",
            "彭水苗族土家族自治县",
            2023,
            "彭水苗族土家族自治县人民政府",
        ),
        ("2022年度巫山县法治政府建设情况报告", "巫山县", 2022, None),
        ("【法治建设报告】临河县司法局2023年法治政府建设年度报告", "临河县", 2023, "临河县司法局"),
        ("关于秀山县2021年法治政府建设工作的报告", "秀山县", 2021, None),
        ("全县2023年法治政府建设工作总结", None, 2023, None),
        ("丰都县城乡建设委员会2023年法治政府建设工作报告", "丰都县", 2023, "丰都县城乡建设委员会"),
        (
            "天津市和平区发展和改革委员会关于2023年法治政府建设情况的报告",
            "天津市和平区",
            2023,
            "天津市和平区发展和改革委员会",
        ),
        (
            "大足区人力资源和社会保障局、大足区医疗保障局关于2023年法治政府建设情况的报告",
            "大足区",
            2023,
            "大足区人力资源和社会保障局、大足区医疗保障局",
        ),
    ],
)
def test_titles_of_other_governments(title, region, year, issuer):
    r = read_report(title + "\n2023年，全年办理行政复议案件3件。\n")
    assert (r.title, r.region, r.year, r.issuer) == (title, region, year, issuer)
    assert r.body[0].text.startswith("2023年")


def test_letterhead_above_the_title_and_chinese_numeral_date():
    text = (
        "中共云阳县委办公室\n关于2023年法治政府建设情况的报告\n"
        "2023年，云阳县审查规范性文件12件。\n\n（此件公开发布）\n二〇二四年一月十五日\n"
    )
    r = read_report(text)
    assert (r.region, r.year, r.published, r.issuer) == ("云阳县", 2023, "2024-01-15", "中共云阳县委办公室")
    assert [p.role for p in r.paragraphs] == ["letterhead", "title", "body", "note", "date"]


def test_full_width_and_traditional_text():
    text = "關於２０２３年法治政府建設情況的報告\n2023年，辦理案件5件。\n２０２４年１月１５日\n"
    r = read_report(text, name="trad")
    assert (r.year, r.published, r.title) == (2023, "2024-01-15", "關於２０２３年法治政府建設情況的報告")
    assert [p.id for p in r.paragraphs] == ["trad-0000", "trad-0001", "trad-0002"]


def test_labelled_publication_date_wins_over_the_signing_date():
    text = (
        "XX县人民政府关于2023年法治政府建设情况的报告\n发布日期：2024年02月05日\n"
        "2023年，全县办结复议案件9件。\n2024年1月30日\n"
    )
    r = read_report(text)
    assert r.published == "2024-02-05"
    assert r.region is None  # XX is no place name
    r = read_report(text.replace("XX县", "涪陵区"))
    assert (r.region, r.issuer) == ("涪陵区", "涪陵区人民政府")


# --- headings ------------------------------------------------------------------------------

HEADINGS = """一、工作成效
（一）加强领导。总体情况良好。
1.完善机制。一是建立制度。统一是原则，不是工作事项。二是落实考核，办结率达100%。
1.4万余人参加学法考试。
2.强化监督
一是加强备案审查。
备案审查规范性文件20件。
（二）严格执法
二、存在问题
"""


def test_heading_levels_persist_items_do_not():
    r = read_report(HEADINGS)
    paths = [p.heading_path for p in r.paragraphs]
    assert paths == [
        ("一、工作成效",),
        ("一、工作成效", "（一）加强领导"),
        ("一、工作成效", "（一）加强领导", "1.完善机制"),
        ("一、工作成效", "（一）加强领导", "1.完善机制"),  # 1.4万 is a number, not heading 1.
        ("一、工作成效", "（一）加强领导", "2.强化监督"),
        ("一、工作成效", "（一）加强领导", "2.强化监督", "一是加强备案审查"),
        ("一、工作成效", "（一）加强领导", "2.强化监督"),  # the item ended with its paragraph
        ("一、工作成效", "（二）严格执法"),
        ("二、存在问题",),
    ]
    assert [p.role for p in r.paragraphs] == [
        "heading",
        "body",
        "body",
        "body",
        "heading",
        "body",
        "body",
        "heading",
        "heading",
    ]
    p = r.paragraphs[2]
    assert [(it.number, it.label) for it in p.items] == [
        (1, "一是建立制度"),
        (2, "二是落实考核，办结率达100%"),
    ]  # not 统一是
    rate = r.text.index("100%")
    assert r.heading_path_at(rate)[-1] == "二是落实考核，办结率达100%"
    assert r.heading_path_at(r.text.index("完善机制")) == ("一、工作成效", "（一）加强领导", "1.完善机制")
    heading = p.headings[-1]
    assert (heading.level, heading.number, heading.marker, heading.title) == (3, 1, "1.", "完善机制")
    assert r.text[heading.start : heading.end] == "1.完善机制"


def test_long_titles_are_cut_in_heading_paths():
    text = "一是依法决策的能力和水平还有待提高，执行重大行政决策程序规定有差距，对重大决策事项界定不清。"
    r = read_report(text)
    assert r.paragraphs[0].heading_path == ("一是依法决策的能力和水平还有待提高",)
    long_text = "一是" + "依法" * 30 + "。"
    assert read_report(long_text).paragraphs[0].heading_path == ("一是" + ("依法" * 20) + "…",)


# --- input types ---------------------------------------------------------------------------


def test_path_str_path_and_text(tmp_path):
    f = tmp_path / "sub report.txt"
    f.write_bytes(DEPARTMENT.encode("gb18030"))
    for source in (f, str(f)):
        r = read_report(source)
        assert (r.name, r.region, r.text) == ("sub report", "巫溪县", DEPARTMENT)
    assert read_report(str(tmp_path / "missing.txt")).text == str(tmp_path / "missing.txt")  # not a file: text
    assert read_report(f, name="dept").paragraphs[0].id == "dept-0000"


def test_bad_input():
    with pytest.raises(TypeError, match="bytes"):
        read_report(DEPARTMENT.encode("utf-8"))
    with pytest.raises(TypeError):
        read_report(None)
    empty = read_report("")
    assert (empty.paragraphs, empty.region, empty.year, empty.published, empty.title) == ((), None, None, None, None)
    assert empty.heading_path_at(0) == () and empty.paragraph_at(0) is None
    assert read_report("\n \n\u3000\n").paragraphs == ()


def test_windows_line_endings_count_lines_like_the_gold():
    text = "巫溪县司法局关于2023年度法治政府建设工作情况的报告\r\n\r\n2023年，办理案件5件。\r\n"
    r = read_report(text)
    assert [(p.line, p.text) for p in r.paragraphs] == [(0, text.split("\r\n")[0]), (2, "2023年，办理案件5件。")]
    assert all(text[p.start : p.end] == p.text for p in r.paragraphs)


def test_places_and_organs():
    assert parse_place("石柱土家族自治县王场镇") == "石柱土家族自治县王场镇"
    assert [parse_place(w) for w in ("全县", "我区", "关于XX县", "2023年", "县", "发展和改革")] == [None] * 6
    assert parse_organ("中共丰都县委") == "丰都县"
    assert parse_organ("丰都县市场监督管理局") == "丰都县"
    assert parse_organ("石柱土家族自治县王场镇委员会") == "石柱土家族自治县王场镇"
    assert parse_organ("重庆市黔江区人民政府") == "重庆市黔江区"
    assert parse_organ("法治政府建设领导小组") is None
    # an office a government sends out is named after it, a branch after its parent body, and a place
    # ending in 州 may go on with 市: each report names its own place, not its parent's (ANNOTATION.md
    # takes the parent's documents for higher-level ones)
    assert parse_organ("鲤城区人民政府金龙街道办事处") == "鲤城区金龙街道"
    assert parse_organ("广州市公安局增城区分局") == "广州市增城区"
    assert parse_organ("广州市气象局") == "广州市"
    assert parse_organ("恩施州司法局") == "恩施州"
    assert parse_organ("丰都县乡村振兴局") == "丰都县"  # not 丰都县乡
    assert parse_organ("公安局分局") is None
    # the longest suffix only, after something; no 委, 各, doubled suffix, pronoun or group of places
    assert [parse_place(w) for w in ("自治区", "新区", "我街道", "本州", "沅江市市", "全县各乡镇", "各县市区")] == [
        None
    ] * 7
    assert [parse_place(w) for w in ("平江县委县", "国家市", "示范县", "高新区")] == [None] * 4
    assert [parse_place(w) for w in ("全州县", "浦东新区", "神农架林区", "济南市市中区", "新县")] == [
        "全州县",
        "浦东新区",
        "神农架林区",
        "济南市市中区",
        "新县",
    ]
    assert parse_organ("信阳市新县司法局") == "信阳市新县"
    assert parse_organ("沅江市城市管理和综合执法局") == "沅江市"


@pytest.mark.parametrize(
    ("opening", "issuer", "region"),
    [
        ("2024年，临河县司法局坚持依法行政，全年办理行政复议案件3件", "临河县司法局", "临河县"),
        ("2022年,重庆市璧山区税务局始终坚持依法治税", "重庆市璧山区税务局", "重庆市璧山区"),
        ("2020年,青山市政府在省委、省政府的领导下,持续推进依法行政", "青山市政府", "青山市"),
        ("2021年,阿坝州党委、政府坚持依法执政", "阿坝州党委", "阿坝州"),
        ("2023年度,和静县坚持把法治建设放在首位", None, "和静县"),
        ("2020年,在市委、市政府的坚强领导下,云溪县全面推进依法行政", None, "云溪县"),
        ("2022年,在县委的领导和市司法局的有力指导下,北湖区教育局深入推进依法治校", "北湖区教育局", "北湖区"),
        ("2024年,新县在市委的领导下,扎实推进依法行政", None, "新县"),
        ("按照有关要求,现将南山市人民政府2024年法治政府建设情况报告如下。", "南山市人民政府", "南山市"),
        # no body's or place's name opens the sentence: the place is the superior's, or unnamed
        ("2023年,我镇在区委、区政府的领导下,推进依法行政", None, None),
        ("2024年,全市公安系统在市委、市政府的领导下,持续推进依法行政", None, None),
        ("2022年,省政府全面推进依法行政", None, None),
        ("2023年,在党中央的坚强领导下,在省委的有力指导和省人大的支持监督下,全省依法行政水平提升", None, None),
        ("2024年，在省委、省政府的领导下，我局认真贯彻", None, None),
        ("现将我局2023年度法治政府建设工作报告如下:", None, None),
        ("2023年,面对多重困难,全县上下坚持依法行政", None, None),
        ("全年办理行政复议案件3件。", None, None),
        # found by a review: a party committee named with its government, a doubled suffix, a chain of
        # places before a department, 将 beginning a place, prefixes before the place, groups of places
        ("2023年，平江县委县政府坚持依法执政", "平江县委", "平江县"),
        ("2023年，市委市政府坚持以习近平法治思想为指导", None, None),
        ("2023年，沅江市市场监管局坚持依法行政", "沅江市市场监管局", "沅江市"),
        ("2023年，重庆市黔江区行政审批服务局坚持依法行政", "重庆市黔江区行政审批服务局", "重庆市黔江区"),
        ("2023年，恩施州来凤县行政审批局坚持依法行政", "恩施州来凤县行政审批局", "恩施州来凤县"),
        ("2023年，贵州省大数据发展管理局坚持依法行政", "贵州省大数据发展管理局", "贵州省"),
        ("2023年，三明市将乐县坚持依法行政", None, "三明市将乐县"),
        ("2023年，国家税务总局沅江市税务局坚持依法治税", "国家税务总局沅江市税务局", "沅江市"),
        ("2023年，政协沅江市委员会坚持依法履职", "政协沅江市委员会", "沅江市"),
        ("2023年，和静县作为全省法治政府建设示范县坚持高标准推进", None, "和静县"),
        ("2023年，国家市场监督管理总局坚持依法行政", None, None),
        ("2023年，全县各乡镇坚持依法行政", None, None),
        ("2023年，我街道在区委的领导下推进依法行政", None, None),
        ("2023年，自治区党委、政府坚持依法执政", None, None),
        ("2023年，高新区管委会坚持依法行政", None, None),
    ],
)
def test_region_from_the_opening_sentence_of_a_report_without_title(opening, issuer, region):
    r = read_report(opening + "\n一、主要做法\n全年办理行政复议案件3件。\n")
    assert (r.title, r.issuer, r.region) == (None, issuer, region)


def test_title_region_wins_over_the_opening_sentence_and_work_reports_name_none():
    r = read_report("丰都县2023年法治政府建设年度报告\n2023年，重庆市荣昌区公安局坚持依法行政。\n")
    assert r.region == "丰都县"
    work = read_report("各位代表：\n现在，我代表市人民政府向大会报告工作。\n2023年，全市地区生产总值增长6%。\n")
    assert work.region is None
    huge = read_report("2023年，" + "沅" * 10_000_000 + "坚持依法行政。\n")
    assert huge.region is None


# --- any text ------------------------------------------------------------------------------

from hypothesis import given, settings
from hypothesis import strategies as st

_PIECES = st.sampled_from(
    [
        "一、",
        "（一）",
        "1.",
        "一是",
        "二是",
        "关于2023年",
        "法治政府建设情况的报告",
        "县",
        "人民政府",
        "司法局",
        "中共",
        "委",
        "：",
        "。",
        "，",
        "\n",
        "\r\n",
        " ",
        "2024年1月9日",
        "- 3 -",
        "【打印】",
        "来源：",
        "联系电话：",
        "办理案件78件",
        "统一是",
        "〔2024〕3号",
        "①",
        "（1）",
        "\u3000",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=5), max_size=40).map("".join))
def test_any_text_gives_a_report_whose_offsets_index_it(text):
    r = read_report(text)
    assert r.text == text
    for p in r.paragraphs:
        assert text[p.start : p.end] == p.text and p.role in (
            "web",
            "letterhead",
            "title",
            "addressee",
            "date",
            "heading",
            "body",
            "signature",
            "contact",
            "page_number",
            "note",
        )
        for h in (*p.headings, *p.items):
            assert 0 <= h.start <= h.end <= len(text) and text[h.start : h.end].startswith(h.marker)
    assert r.year is None or 1949 <= r.year <= 2100


@pytest.mark.parametrize(
    ("lines", "region", "year"),
    [
        (["关于2023年度法治政府建设", "工作情况的报告"], None, 2023),
        (["彭水县人民政府关于2023年", "法治政府建设情况的报告"], "彭水县", 2023),
        (["潼南区人民政府", "关于2022年度法治政府建设", "工作情况的报告"], "潼南区", 2022),
    ],
)
def test_title_broken_over_lines(lines, region, year):
    text = "\n".join(lines) + "\n2024年，全区审查文件12件。\n"
    r = read_report(text)
    title_lines = [line for line in lines if "人民政府" != line[-4:]]
    assert (r.title, r.region, r.year) == ("".join(title_lines), region, year)
    assert r.body[0].text == "2024年，全区审查文件12件。"


def test_web_page_footer_is_not_body():
    text = (
        "城口县司法局关于2023年法治政府建设情况的报告\n2023年，办理法律援助案件120件。\n上一篇：关于公布行政执法人员名单的通知\n"
        "主办：城口县人民政府办公室  网站标识码：5002290001\n渝ICP备12345678号\n"
    )
    r = read_report(text)
    assert [p.role for p in r.paragraphs] == ["title", "body", "web", "web", "web"]


def test_contact_words_and_dates_inside_the_body_stay_body():
    text = (
        "綦江区司法局关于2023年法治政府建设情况的报告\n2023年，开通法律服务热线。\n公布举报电话：12345。\n2023年6月\n"
        "— 2 —\n浏览次数：88\n办理案件5件。\n联系电话：023-1234567\n"
    )
    r = read_report(text)
    assert [p.role for p in r.paragraphs] == ["title", "body", "body", "body", "page_number", "web", "body", "contact"]
    assert r.published is None


def test_two_counts_in_one_paragraph_keep_all_items():
    text = "1.建章立制。一是立规矩。二是建台账。2.强化落实。一是抓考核。二是抓督察，整改问题12个。"
    r = read_report(text)
    assert [(it.number, it.label) for it in r.paragraphs[0].items] == [
        (1, "一是立规矩"),
        (2, "二是建台账"),
        (1, "一是抓考核"),
        (2, "二是抓督察，整改问题12个"),
    ]
    assert r.heading_path_at(text.index("12个")) == ("1.建章立制", "二是抓督察，整改问题12个")
