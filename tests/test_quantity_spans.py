"""Issue 13: numbers that the value reader composes are one QUANTITY span for the rule tagger.

Digits mixed with several magnitudes, slash fractions and a written minus sign were cut into
pieces (7万 + 5 + 4, 3 of 3/5, 10000 of 负10000), each piece giving a wrong value. Inline markup
as in test_rules_spans.py; invented sentences.
"""

from __future__ import annotations

import pytest
from markup import parse_markup, quantity_units, triples

SPANS = [
    "全年接待[群众来访|MET][7万5千4百|Q][人次|U]。",
    "全年落实[奖补资金|MET][1亿5千余万|Q][元|U]。",
    "累计拨付[专项资金|MET][5亿1万4千6百|Q][元|U]。",
    "受理[案件|MET][3万2千|Q][件|U]。",
    "全县约[3/5|Q]的[村居|MET]建成法治文化广场。",
    "该基金当年[结余|MET][负10000|Q][元|U]。",
    "全省[预算执行规模|MET]达[4.78萬億|Q][元|U]。",
    "累計培訓[群眾|MET][500余萬|Q][人次|U]。",
]


@pytest.mark.parametrize("case", SPANS)
def test_composed_numbers_are_one_quantity(rules, case):
    text, expected = parse_markup(case)
    assert triples(rules.extract(text)) == expected


@pytest.mark.parametrize(
    ("text", "quantities"),
    [
        ("主动担负3项任务。", ["3"]),  # 担负: 负 ends a word, it is no sign
        ("以3胜2负1平结束。", ["3", "2", "1"]),
        ("于2023/3/30发布。", []),  # a date, not a fraction
        ("比例为1/2/3。", ["1"]),  # no fraction: the tail of a code stays out
        ("力争2024/2025榨季产量达2000万吨。", ["2000万"]),  # two years, not a fraction
        ("为企业减负85亿元，落实教师减负18条清单。", ["85亿", "18"]),  # 减负: 负 ends a word
        ("为全市29万65岁以上老年人免费体检。", ["29万"]),  # 65岁以上: a class, no value
        ("“零关税”清单[1]扩容增效，引进企业45家。", ["45"]),  # a footnote reference, no value
    ],
)
def test_no_sign_or_fraction_where_there_is_none(rules, text, quantities):
    assert [s.text for s in rules.extract(text).spans if s.label == "QUANTITY"] == quantities


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("年发电量1.5亿kW·h，装机容量5GW。", [("1.5亿", "kW·h"), ("5", "GW")]),
        ("建成300 MWp光伏电站和100MWp风电项目。", [("300", None)]),  # MWp: no MW; 100MWp is a code
        ("推广5G应用，算力规模达1980P。", [("1980", "P")]),
        ("纳入医保目录药品一百余种，坚持五种思维。", [("一百余", "种")]),  # 五种思维 is a name
        ("新建3种猪场，获交通运输部等4部委表彰。", [("3", None), ("4", None)]),  # 种猪, 部委 are words
        ("PM2.5平均浓度23微克，12英寸大硅片项目和川科1井投产。", [("23", "微克")]),  # a size class, a name
    ],
)
def test_units_after_quantities(rules, text, pairs):
    """Each QUANTITY with the UNIT right after it (or None): Latin units end their word, and a
    unit character that begins a longer word (种猪场, 部委) is no unit."""
    assert quantity_units(rules.extract(text).spans, text) == pairs
