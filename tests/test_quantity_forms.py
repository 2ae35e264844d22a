"""QUANTITY and UNIT spans for number forms seen in other governments' reports (invented sentences).

Each case lists the QUANTITY spans of the sentence in order, each with the UNIT right after it (or
None), and the value the record reads from it.
"""

from __future__ import annotations

import pytest
from markup import quantity_units

CASES = [
    # a decimal point written as a middle dot or between spaces, before a percent sign
    ("居住类价格上涨3·4%，服务价格上涨0·7%。", [("3·4", "%"), ("0·7", "%")], [3.4, 0.7]),
    # 方 (cubic metres) is a unit right after 万 or 亿
    ("全年河道清淤30万方，调水2.4亿方。", [("30万", "方"), ("2.4亿", "方")], [300000, 240000000]),
    # compound units: a bracketed variant (also before 次), a slash with a unit of time or person
    (
        "服务群众12万户（人）次，交付安置房800套（间），新增运动鞋产能300万双（套）。",
        [("12万", "户（人）次"), ("800", "套（间）"), ("300万", "双（套）")],
        [120000, 800, 3000000],
    ),
    ("新增供水能力5万吨/日，低保标准提高到720元/人/月。", [("5万", "吨/日"), ("720", "元/人/月")], [50000, 720]),
    ("贷款利率下降35个BP，存款利率下降10个基点。", [("35", "个BP"), ("10", "个基点")], [35, 10]),
    # an age that ends its clause is a value
    ("全区人均预期寿命达到79.6岁，比上年提高0.3岁。", [("79.6", "岁"), ("0.3", "岁")], [79.6, 0.3]),
    # a magnitude without a digit reports a value after 突破/超/新增… when its unit ends the clause
    (
        "全市旅游收入突破千亿元大关，社会融资规模超万亿元，规上企业新增百家。",
        [("千亿", "元"), ("万亿", "元"), ("百", "家")],
        [1e11, 1e12, 100],
    ),
    ("预计全年税收收入增长6 . 2%，社会消费品零售总额增长4 .8%。", [("6 . 2", "%"), ("4 .8", "%")], [6.2, 4.8]),
]

NONE = [
    # a middle dot between numbers elsewhere names a date or an event
    ("深刻汲取5·12事故教训。", []),
    # after a bare number 方 starts another word
    ("与8方签订合作协议。", [("8", None)]),
    # ... but before a noun it names a class, and 千家万户 or 百年 are words
    ("培育营收超百亿元企业3家，打造千亿元级产业集群，服务走进千家万户，庆祝建校百年。", [("3", "家")]),
    # an age before a noun names a class of people (a category threshold)
    ("为8.5万名70周岁以上老年人和2万名3-6岁儿童免费体检，为60岁及以上老人发放补贴。", [("8.5万", "名"), ("2万", "名")]),
    # a number after 前 is a rank or a period, but 提前 counts a duration
    ("外贸增速居全省前5位，连续两年进入全国前20，提前15天完成任务。", [("两", "年"), ("15", "天")]),
    # a bracket that holds no unit stays out of the UNIT
    ("新建15个村（社区）综合服务站。", [("15", "个")]),
]


@pytest.mark.parametrize(("text", "pairs", "values"), CASES)
def test_quantity_forms(rules, text, pairs, values):
    result = rules.extract(text)
    assert quantity_units(result.spans, text) == pairs
    assert [r.value for r in result.records] == pytest.approx(values)


@pytest.mark.parametrize(("text", "pairs"), NONE)
def test_no_quantity_forms(rules, text, pairs):
    assert quantity_units(rules.extract(text).spans, text) == pairs
