"""Records (ANNOTATION.md, "Records"): one per reported value, [metric, value in base units, unit]."""

from __future__ import annotations

import pytest
from markup import parse_markup, record_keys, triples

WORKED_EXAMPLE = (
    "2023年，办理[行政复议案件|MET][78|Q][件|U]，已[办结|MET][73|Q][件|U]，"
    "[法定期限按时办结率|MET][100|Q][%|U]，同比增长[27.8|Q][%|U]。"
)


def test_worked_example_spans_and_records(rules):
    text, expected = parse_markup(WORKED_EXAMPLE)
    result = rules.extract(text)
    assert triples(result) == expected
    assert record_keys(result) == [
        ("行政复议案件", 78, "件"),
        ("办结", 73, "件"),
        ("法定期限按时办结率", 100, "%"),
        (None, 27.8, "%"),
    ]
    # each record points at its QUANTITY span
    quantities = [(s.start, s.end, s.text) for s in result.spans if s.label == "QUANTITY"]
    assert [(r.start, r.end, r.quantity) for r in result.records] == quantities


RECORDS = [
    # one value shared by several metrics: one record per metric
    ("考试参考率、合格率均达100%。", [("考试参考率", 100, "%"), ("合格率", 100, "%")]),
    ("群众知晓率、满意率均达95%以上。", [("群众知晓率", 95, "%"), ("满意率", 95, "%")]),
    # 分别为 with one metric: every value gets it
    ("办理满意率分别为99.7%、99%。", [("办理满意率", 99.7, "%"), ("办理满意率", 99, "%")]),
    ("群众满意率分别为98.2%、97%。", [("群众满意率", 98.2, "%"), ("群众满意率", 97, "%")]),
    # 由A精简至B: both values belong to the metric
    ("行政审批事项由386项精简至245项。", [("行政审批事项", 386, "项"), ("行政审批事项", 245, "项")]),
    # percentages in words take the unit "%"
    ("群众满意率达百分之九十八。", [("群众满意率", 98, "%")]),
    ("执法证件持证率达百分之九十八点五。", [("执法证件持证率", 98.5, "%")]),
    # money and magnitudes in base units
    ("投入法治建设经费661.72万元。", [("法治建设经费", 6617200, "元")]),
    ("累计培训执法人员1.4万余人次。", [("执法人员", 14000, "人次")]),
    ("全年共调处矛盾纠纷40余万件。", [("矛盾纠纷", 400000, "件")]),
    ("接待群众来访两千零五十人次。", [("群众来访", 2050, "人次")]),
    # a range keeps its lower bound
    ("全年组织旁听庭审3至5次。", [("旁听庭审", 3, "次")]),
    # a MEASURE counted by a number is the record's metric
    ("推出“一件事一次办”集成服务64项。", [("“一件事一次办”集成服务", 64, "项")]),
    # the counted noun after value and classifier
    ("细化了42条整改措施。", [("整改措施", 42, "条")]),
    ("先后9次主持召开县政府常务会议。", [("县政府常务会议", 9, "次")]),
    # a verb phrase names the statistic when no noun does
    ("受理17件，审结16件。", [("受理", 17, "件"), ("审结", 16, "件")]),
    ("成功调解13515件。", [("成功调解", 13515, "件")]),
    # a quoted role counted
    ("确定“法律明白人”28名。", [("“法律明白人”", 28, "名")]),
    # coordinated names sharing one value are one metric
    ("审查文件、协议等292件。", [("文件、协议", 292, "件")]),
    # no metric when the text does not say what is measured
    ("同比增长27.8%。", [(None, 27.8, "%")]),
    # 分别为 pairs names and values in order
    ("行政复议纠错率、调解率分别为12.5%、30%。", [("行政复议纠错率", 12.5, "%"), ("调解率", 30, "%")]),
    (
        "行政诉讼案件败诉率、行政机关负责人出庭应诉率分别为3.2%、100%。",
        [("行政诉讼案件败诉率", 3.2, "%"), ("行政机关负责人出庭应诉率", 100, "%")],
    ),
    # 约为 … 左右 are qualifiers, never part of the METRIC
    ("行政复议申请数量约为150件左右。", [("行政复议申请数量", 150, "件")]),
    ("办件时间平均缩短至3个工作日以内。", [("办件时间", 3, "个工作日")]),
]


@pytest.mark.parametrize(("text", "expected"), RECORDS)
def test_records(rules, text, expected):
    keys = record_keys(rules.extract(text))
    assert [(m, pytest.approx(v), u) for m, v, u in keys] == expected


def test_fraction_record_value_has_full_precision(rules):
    (record,) = rules.extract("三分之一的乡镇建成法治文化阵地。").records
    assert record.value == 1 / 3
    assert record.unit is None
    assert record.quantity == "三分之一"


@pytest.mark.parametrize(
    ("text", "qualifiers"),
    [
        ("累计培训执法人员1.4万余人次。", ["余"]),
        ("组织法律服务活动100多场。", ["多"]),
        ("企业诉求办结满意率达到99%以上。", ["以上"]),
        ("全年举办法治讲座近200场，覆盖干部群众5000余人次。", ["近", "余"]),
        ("调解成功率超过95%，化解纠纷逾千件。", ["超过", "逾"]),
        ("受教育群众达5万人以上。", ["以上"]),
        ("办理行政复议案件78件。", [None]),
    ],
)
def test_qualifiers_are_kept(rules, text, qualifiers):
    assert [r.qualifier for r in rules.extract(text).records] == qualifiers


def test_percent_unit_is_normalised(rules):
    """A full-width ％ is the same unit as %; the record says "%" while the span keeps the text."""
    result = rules.extract("参考率达９８．５％。")
    assert record_keys(result) == [("参考率", 98.5, "%")]
    assert [s.text for s in result.spans if s.label == "UNIT"] == ["％"]


def test_record_value_is_absent_for_an_absurd_number_and_json_safe(rules):
    (record,) = rules.extract("办理案件" + "7" * 400 + "件").records
    assert record.value is None and "too long" in record.value_error
    assert (record.metric, record.unit, record.quantity) == ("案件", "件", "7" * 400)
    assert record.to_dict()["value"] is None
    assert record.key() == ("案件", None, "件")


def test_build_records_is_shared_by_backends():
    """Records come from spans alone: hand-made spans give the same records."""
    from fazhi_ie.records import build_records
    from fazhi_ie.types import Span

    text = "收到问题线索111条。"
    spans = [Span(2, 6, "METRIC", "问题线索"), Span(6, 9, "QUANTITY", "111"), Span(9, 10, "UNIT", "条")]
    (record,) = build_records(text, text, spans)
    assert (record.metric, record.value, record.unit, record.start, record.end) == ("问题线索", 111, "条", 6, 9)
    # a model may tag 万元 as the unit: the magnitude moves into the value
    spans = [Span(0, 2, "METRIC", "经费"), Span(2, 5, "QUANTITY", "1.5"), Span(5, 7, "UNIT", "万元")]
    (record,) = build_records("经费1.5万元", "经费1.5万元", spans)
    assert (record.value, record.unit) == (15000, "元")


# (marked text, records) from hand-made spans: the linker alone, whatever the rules tag
LINKED_FROM_SPANS = [
    # a second value after 和 shares the name of the first
    (
        "[城乡居民人均可支配收入|MET]分别增长[5|Q][%|U]和[7.5|Q][%|U]。",
        [("城乡居民人均可支配收入", 5, "%"), ("城乡居民人均可支配收入", 7.5, "%")],
    ),
    # two counts side by side share one name, after or before them
    (
        "[十|Q][大类|U][49|Q][项|U][民生实事项目|MET]全面完成。",
        [("民生实事项目", 10, "大类"), ("民生实事项目", 49, "项")],
    ),
    ("发布[指导性案例|MET][4|Q][批|U][8|Q][件|U]。", [("指导性案例", 4, "批"), ("指导性案例", 8, "件")]),
    # a bracketed aside between a name and its value
    ("全年实现[地区生产总值|MET](GDP)[202.5亿|Q][元|U]。", [("地区生产总值", 2.025e10, "元")]),
    ("[固定资产投资|MET]（含房地产投资）同比增长[9.4|Q][%|U]。", [("固定资产投资", 9.4, "%")]),
    # a short predicate of verbs makes the name before it the subject of the count; an object does not
    (
        "[保障性租赁住房|MET]开工[430|Q][套|U]，[市场主体|MET]新登记[3.1万|Q][户|U]。",
        [("保障性租赁住房", 430, "套"), ("市场主体", 31000, "户")],
    ),
    ("[执法人员|MET]参加培训[3|Q][次|U]。", [(None, 3, "次")]),
    # 在 before a place is no link; 以下 bounds a category; counts of other kinds are no list
    ("[执法人员|MET]在[3|Q][个|U]乡镇开展检查。", [(None, 3, "个")]),
    ("推动[40|Q][吨|U]以下[燃煤锅炉|MET]淘汰。", [(None, 40, "吨")]),
    ("查处[违法案件|MET][12|Q][起|U]和[3|Q][名|U]嫌疑人。", [("违法案件", 12, "起"), (None, 3, "名")]),
    ("近[3|Q][年|U][200|Q][个|U][重点项目|MET]竣工。", [(None, 3, "年"), ("重点项目", 200, "个")]),
    # a short modifier may stand between a count and the measure it counts, a clause may not
    ("打造[15|Q][个|U]跨部门跨层级[“一件事”应用|MEA]。", [("“一件事”应用", 15, "个")]),
    ("[1300|Q][个|U]事项实现[“最多跑一次”|MEA]。", [(None, 1300, "个")]),
    # a value in brackets after its name; a footnote mark after a name
    ("[刑事立案数|MET](同比下降[13.4|Q][%|U])。", [("刑事立案数", 13.4, "%")]),
    ("[省瞪羚企业|MET]⑤ [23|Q][家|U]。", [("省瞪羚企业", 23, "家")]),
    # after 、 a running total shares the name; a growth rate does not (ANNOTATION.md: it names nothing)
    (
        "[5G宏基站|MET]新建[2412|Q][个|U]、累计达到[8603|Q][个|U]。",
        [("5G宏基站", 2412, "个"), ("5G宏基站", 8603, "个")],
    ),
    (
        "[市属国企总资产|MET]突破[700亿|Q][元|U]、增长[16.8|Q][%|U]。",
        [("市属国企总资产", 7e10, "元"), (None, 16.8, "%")],
    ),
    ("[居民收入|MET]分别增长[7|Q][%|U]左右和[9|Q][%|U]左右。", [("居民收入", 7, "%"), ("居民收入", 9, "%")]),
    # change verbs that reach or cut a value, and 同口径, link too
    (
        "[考核对象|MET]增加到[126|Q][个|U]，[审批时间|MET]平均压减[84|Q][%|U]。",
        [("考核对象", 126, "个"), ("审批时间", 84, "%")],
    ),
    ("[地方一般公共预算收入|MET]同口径增长[7.03|Q][%|U]。", [("地方一般公共预算收入", 7.03, "%")]),
    # A占B的N%: the share is the name's; a value without a unit shares the unit ending its list
    ("[高标准农田占永久基本农田|MET]的[80|Q][%|U]以上。", [("高标准农田占永久基本农田", 80, "%")]),
    (
        "[满意度|MET]分别为[73.56|Q]、[76.71|Q]、[80.13|Q][分|U]。",
        [("满意度", 73.56, "分"), ("满意度", 76.71, "分"), ("满意度", 80.13, "分")],
    ),
    ("[经费|MET]分别为[1.2|Q]、[3.4万|Q][元|U]。", [("经费", 1.2, None), ("经费", 34000, "元")]),
    ("[得分|MET]分别为[90|Q]、[85|Q] [分|U]。", [("得分", 90, "分"), ("得分", 85, "分")]),
    # 在 links a rate to its value
    ("确保[民生支出比重|MET]在[65|Q][%|U]以上。", [("民生支出比重", 65, "%")]),
    # a name between two values is the first one's when the second has a name after it…
    (
        "[40|Q][个|U][市直部门|MET][3507|Q][项|U][行政职权|MET]在网站公布。",
        [("市直部门", 40, "个"), ("行政职权", 3507, "项")],
    ),
    (
        "[15|Q][个|U][“某某”开放窗口|MEA]在全国[12|Q][个|U][城市|MET]运营。",
        [("“某某”开放窗口", 15, "个"), ("城市", 12, "个")],
    ),
    # …and the second one's when it has none
    ("举办培训[3|Q][次|U][参训人员|MET][200|Q][人次|U]。", [(None, 3, "次"), ("参训人员", 200, "人次")]),
]


@pytest.mark.parametrize(("marked", "expected"), LINKED_FROM_SPANS)
def test_linking_from_spans(marked, expected):
    from fazhi_ie.records import build_records
    from fazhi_ie.types import Span

    text, triples_ = parse_markup(marked)
    spans = [Span(a, b, label, text[a:b]) for a, b, label in triples_]
    records = build_records(text, text, spans)
    assert [(r.metric, pytest.approx(r.value), r.unit) for r in records] == expected


def test_a_unitless_value_reads_the_magnitude_of_the_normalised_list():
    # 萬 is 万 in the view: 1.2 would be 1.2万元, which is not read, so it keeps no unit
    from fazhi_ie.records import build_records
    from fazhi_ie.text import matching_view
    from fazhi_ie.types import Span

    text, triples_ = parse_markup("[经费|MET]分别为[1.2|Q]、[3.4萬|Q][元|U]。")
    spans = [Span(a, b, label, text[a:b]) for a, b, label in triples_]
    records = build_records(text, matching_view(text), spans)
    assert [(r.value, r.unit) for r in records] == [(1.2, None), (34000, "元")]


def test_unit_sharing_along_a_long_list_is_linear():
    # one pass from the right: 20,000 values of one list all take its last unit
    from fazhi_ie.records import build_records
    from fazhi_ie.types import Span

    n = 20000
    text = "、".join("7" for _ in range(n)) + "分"
    spans = [Span(2 * i, 2 * i + 1, "QUANTITY", "7") for i in range(n)] + [Span(len(text) - 1, len(text), "UNIT", "分")]
    records = build_records(text, text, sorted(spans))
    assert len(records) == n and {r.unit for r in records} == {"分"}


# --- issue 13: values read from the normalised text, composed magnitudes, signs, fractions ------------
# (text, [(metric, value, unit, qualifier)]); invented sentences. Each was wrong before the fix.
VALUES_END_TO_END = [
    ("全年挽回經濟損失661.72萬元。", [("經濟損失", 6617200, "元", None)]),
    ("累計培訓執法人員1.4萬餘人次。", [("執法人員", 14000, "人次", "余")]),
    ("全年投入法治建設資金3.5億元。", [("法治建設資金", 350000000, "元", None)]),
    ("全年接待群众来访7万5千4百人次。", [("群众来访", 75400, "人次", None)]),
    ("累计拨付专项资金5亿1万4千6百元。", [("专项资金", 500014600, "元", None)]),
    ("全年落实奖补资金1亿5千余万元。", [("奖补资金", 150000000, "元", "余")]),
    ("受理案件3万2千件，办结3万1千件。", [("案件", 32000, "件", None), ("办结", 31000, "件", None)]),
    ("全县约3/5的村居建成法治文化广场。", [("村居", 0.6, None, "约")]),
    ("该基金当年结余负10000元。", [("结余", -10000, "元", None)]),
    ("全年净利润负10000元，增长率为负3.5%。", [("净利润", -10000, "元", None), ("增长率", -3.5, "%", None)]),
    ("全省预算执行规模达4.78萬億元。", [("预算执行规模", 4.78e12, "元", None)]),
    ("累計培訓群眾500余萬人次。", [("群眾", 5000000, "人次", "余")]),
    ("累計培訓群眾500餘萬人次。", [("群眾", 5000000, "人次", "余")]),
]


@pytest.mark.parametrize(("text", "expected"), VALUES_END_TO_END)
def test_issue13_records_end_to_end(rules, text, expected):
    records = rules.extract(text).records
    assert [(r.metric, r.value, r.unit, r.qualifier) for r in records] == [
        (m, pytest.approx(v, rel=1e-12), u, q) for m, v, u, q in expected
    ]
    assert all(r.value_error is None for r in records)


@pytest.mark.parametrize(
    ("text", "quantity", "reason"),
    [
        ("办理案件1.2亿万件。", "1.2亿万", "万 without a number"),
        ("办理案件5百4千件。", "5百4千", "out of order"),
        ("全年办理案件1億5千件。", "1億5千", "1亿5千万"),
    ],
)
def test_issue13_unreadable_value_is_absent_with_a_reason(rules, text, quantity, reason):
    """The record stays (metric, unit, surface) but has no value: None, and the reason."""
    (record,) = rules.extract(text).records
    assert (record.value, record.quantity, record.unit) == (None, quantity, "件")
    assert reason in record.value_error
    assert record.to_dict()["value"] is None and reason in record.to_dict()["value_error"]
    assert record.key() == (record.metric, None, "件")


def test_records_from_model_spans_that_hold_no_number_keep_the_surface():
    """A span a model tagged QUANTITY that is no number gives a record without value, not a crash."""
    from fazhi_ie.records import build_records
    from fazhi_ie.types import Span

    text = "收到问题线索若干条"
    spans = [Span(2, 6, "METRIC", "问题线索"), Span(6, 8, "QUANTITY", "若干"), Span(8, 9, "UNIT", "条")]
    (record,) = build_records(text, text, spans)
    assert (record.metric, record.value, record.unit, record.quantity) == ("问题线索", None, "条", "若干")
    assert record.value_error


def test_writers_write_an_empty_value_for_an_absent_one(rules):
    import csv
    import io
    import json

    from fazhi_ie.cli.writers import WRITERS

    result = rules.extract("办理案件1.2亿万件，办结78件。")
    outputs = {}
    for name, make in WRITERS.items():
        writer = make()
        outputs[name] = writer.header + writer.chunk("doc.txt", result)
    (line,) = [json.loads(x) for x in outputs["jsonl"].splitlines()]
    assert [(r["value"], bool(r["value_error"])) for r in line["records"]] == [(None, True), (78, False)]
    rows = list(csv.DictReader(io.StringIO(outputs["csv"])))
    assert [(r["value"], r["quantity"]) for r in rows] == [("", "1.2亿万"), ("78", "78")]
    assert "万 without a number" in rows[0]["value_error"] and rows[1]["value_error"] == ""
    table = outputs["table"].splitlines()
    assert "1.2亿万" in table[2] and "78" in table[3]  # the surface stands in for the missing value
