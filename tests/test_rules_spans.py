"""The rule tagger on sentences written in the style of the reports (not copied from the seeds).

Expectations are inline markup (see ``markup.py``): ``[78|Q][件|U]``; text outside brackets must
carry no span. Cases come from ANNOTATION.md's examples and rules, so they test generalisation.
Cases that ANNOTATION.md decides but the rules miss are ``xfail(strict=True)``: fixing the rule
turns them into a failure that asks for the mark to be removed.
"""

from __future__ import annotations

import pytest
from markup import parse_markup, triples


def xfail(case: str, reason: str):
    return pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=reason))


QUANTITIES_AND_UNITS = [
    # Arabic, separators, decimals, magnitudes and approximations belong to the QUANTITY
    "全年共受理[行政复议申请|MET][56|Q][件|U]。",
    "累计培训[执法人员|MET][1.4万余|Q][人次|U]。",
    "全年共调处[矛盾纠纷|MET][40余万|Q][件|U]。",
    "发放[普法宣传资料|MET][3,200|Q][份|U]，覆盖[群众|MET][12.5万|Q][人|U]。",
    "办理[涉企行政许可事项|MET][100多|Q][项|U]。",
    "新增[市场主体|MET][2.3万|Q][户|U]。",
    "2023年共办理[行政复议案件|MET][78|Q][件|U]。",
    # money: magnitude to the QUANTITY, base unit to the UNIT
    "投入[法治建设经费|MET][661.72万|Q][元|U]。",
    "[行政执法经费|MET][1.2亿|Q][元|U]。",
    # compound units are taken whole
    "[审批时限|MET]压缩至[1|Q][个工作日|U]。",
    "[群众满意度|MET]提升[3.5|Q][个百分点|U]。",
    "[案件平均办理时长|MET]缩短[15|Q][个自然日|U]。",
    "[人均学法|MET][40|Q][个学时|U]。",
    "检查[企业|MET][1200|Q][家次|U]。",
    "开展[普法宣传活动|MET][56|Q][场次|U]。",
    "[办件量|MET]增长[1.5|Q][倍|U]。",
    "[行政诉讼败诉率|MET]下降至[2.5|Q][%|U]。",
    # Chinese numerals, 两, 零
    "培训[网格员|MET][三千|Q][名|U]。",
    "接待[群众来访|MET][两千零五十|Q][人次|U]。",
    "办理[政府信息公开申请|MET][一百零八|Q][件|U]。",
    "办结[信访事项|MET][二百三十|Q][件|U]。",
    "组织[法治讲座|MET][十二|Q][场|U]，参训[干部|MET][两千余|Q][人|U]。",
    "共化解[矛盾纠纷|MET][两千余|Q][件|U]。",
    # full-width digits
    "全市共有[律师事务所|MET][１２|Q][家|U]。",
    # percentages and fractions in words: one QUANTITY, no UNIT
    "[执法证件持证率|MET]达[百分之九十八点五|Q]。",
    "[三分之一|Q]的[乡镇|MET]建成法治文化阵地。",
    # ranges are one QUANTITY
    "全年组织[旁听庭审|MET][3至5|Q][次|U]。",
    # events counted with 次/场/期: the event, without the governing verb
    "开展[集中学习|MET][2|Q][次|U]。",
    "先后[9|Q][次|U]主持召开[县政府常务会议|MET]。",
    "聘请[法律顾问|MET][36|Q][名|U]，审查[合同|MET][520|Q][份|U]。",
    "建成[村（社区）法律服务室|MET][318|Q][个|U]。",
    "公共法律服务热线接听[咨询电话|MET][8000余|Q][个|U]。",
    # a predicate after a counted noun ends the METRIC
    "[3|Q][家|U][县级医院|MET]晋升为三级医院，[12|Q][项|U][合作事项|MET]扎实推进，[6|Q][所|U][中职学校|MET]办学条件提升。",
    # 在/从…中 frames the set a value is drawn from: 中 is not part of it
    "从全国[120|Q][个|U][候选城市|MET]中脱颖而出，在全县[12|Q][所|U][高中|MET]开展法治教育。",
    # …but 中 inside a noun stays in it (调解中心, 公办中学, 中小企业, 普通高中, 公办初中), and the 在 of
    # 在校生 opens no frame
    "在全县[5|Q][所|U][普通高中|MET]开展法治教育，在全区[8|Q][所|U][公办初中|MET]开展禁毒宣传。",
    "全县在校生覆盖[12|Q][所|U][普通高中|MET]。",
    "在全县建成[12|Q][个|U][调解中心|MET]，在全区新建[3|Q][所|U][公办中学|MET]，在全市培育[30|Q][家|U][专精特新中小企业|MET]。",
    # the reporting place itself (我县, 本市) and its own budget level (县本级) are scope words, left out
    "我县[律师事务所|MET]达到[15|Q][家|U]，县本级[一般公共预算支出|MET]下降[3|Q][%|U]。",
    # governing verbs of city work reports are left out; a weak one only at the front (土地流转面积)
    "全年盘活[闲置土地|MET][1200|Q][亩|U]，打通[断头路|MET][8|Q][条|U]，更换[路灯|MET][3000|Q][盏|U]。",
    "流转[土地|MET][2.1万|Q][亩|U]，[土地流转面积|MET]达到[5万|Q][亩|U]。",
    # in a list of projects and their amounts (…亿元的甲项目、…) the projects are not what the amounts count
    "开工建设[投资|MET][50亿|Q][元|U]的物流园、[30亿|Q][元|U]的产业园等重点项目。",
    "确保[投资|MET][20亿|Q][元|U]的物流园、[投资|MET][8亿|Q][元|U]的产业园签约落地。",
    # a completion verb after its object, right before the count, is left out like 新增 (not before a duration)
    "全年[农村危房改造|MET]开工[320|Q][户|U]，[市场主体|MET]新登记[2.6万|Q][户|U]，[重点项目|MET]竣工[45|Q][个|U]。",
    "[企业开办到开工|MET]压缩至[30|Q][天|U]。",
    # 建成区 is a noun (the built-up area), 建成区级 is 建成 + 区级
    "[建成区绿化覆盖率|MET]达到[42|Q][%|U]，建成[区级养老服务中心|MET][2|Q][个|U]。",
    "[智能建造业产值|MET]突破[1600亿|Q][元|U]，[科技型中小企业|MET]新入库[100|Q][家|U]。",
    # a rate over a set: the set after the value is the METRIC (ANNOTATION.md decisions), not after a change
    "全区[90|Q][%|U]以上[事项|MET]实现网上办理，公共法律服务覆盖[80|Q][%|U]以上的[村（社区）|MET]。",
    "推动[60|Q][%|U][乡镇|MET]达到示范标准，完成了增长[6|Q][%|U]的目标任务。",
    "全市[90|Q][%|U][城市社区|MET]和[60|Q][%|U][农村|MET]达到示范标准。",
    # a predicate after a rate is no set (100%到位, 90%以上合格): the name before the value stays
    "[规范性文件备案审查|MET][100|Q][%|U]到位，[行政执法案卷评查|MET][90|Q][%|U]以上合格。",
    # an amount with 的 in an earlier clause opens no list of projects
    "争取[上级资金|MET][3亿|Q][元|U]的同时，投入[500万|Q][元|U]的[专项经费|MET]。",
    # 资本市场, 样本区县: no reporting place (本市, 本区) inside a word
    "培育[12|Q][家|U][资本市场上市后备企业|MET]，选取[10|Q][个|U][样本区县|MET]开展评估。",
    # nouns that contain the new verbs: 智能建造, 建造师, 挂牌督办, 流转交易
    "新增[12|Q][个|U][智能建造试点项目|MET]，培训[12|Q][名|U][一级建造师|MET]，整改[12|Q][件|U][省级挂牌督办案件|MET]。",
    "建成[农村产权流转交易中心|MET][15|Q][个|U]。",
    # a quoted thing counted after another verb stays a METRIC (a quoted name counted after 完成/建成… is a
    # MEASURE, see MEASURES); so do the members of its list
    "处置[“僵尸企业”|MET][12|Q][家|U]，查处[“黑车”|MET][120|Q][辆|U]。",
    "认定[“绿色食品”|MET][12|Q][个|U]、[“有机农产品”|MET][5|Q][个|U]。",
    # a verb inside the set's noun phrase does not end it (研发投入 is no set + 投入)
    "按[10|Q][%|U]的研发投入后补助，[95|Q][%|U]的[行政村|MET]建成垃圾处理设施。",
    # a duration that is a reported value
    "连续[11|Q][年|U]获评全市法治建设先进单位。",
    # the governing verb is left out; a leading time/scope word (每季度) is too
    "开展[培训|MET][3至5|Q][期|U]。",
    "每季度开展[执法检查|MET][3-5|Q][次|U]。",
    "2023年共有[执法人员|MET][1,024|Q][名|U]取得执法证件。",
    # Latin units are units when they are a whole word after the number; 5G and G20 stay names
    "建成[电池产能|MET][30|Q][GWh|U]，[算力规模|MET]达[1980|Q][P|U]。",
    "新建[5G基站|MET][860|Q][个|U]，[苗木|MET][8.7万|Q][株|U]。",
    "承办G20峰会，推广5G应用。",
    # measure words of goods and transport; after a Chinese numeral 种 names a formula (五种思维)
    "开行[旅游专列|MET][10|Q][趟|U]，[吞吐量|MET]达到[4915.8万|Q][标准箱|U]。",
    "纳入[药品|MET][479|Q][种|U]，坚持五种思维。",
]


@pytest.mark.parametrize("case", QUANTITIES_AND_UNITS)
def test_quantities_units_metrics(rules, case):
    text, expected = parse_markup(case)
    assert triples(rules.extract(text)) == expected


# "Never a QUANTITY" (ANNOTATION.md): dates, ordinals, list markers, codes, phone and page
# numbers, numerals inside names. Sentences with a real value check that it is still found.
EXCLUSIONS = [
    "2023年2月，县政府召开专题会议。",
    "2023年，共办理[行政复议案件|MET][78|Q][件|U]。",
    "2023年1月至10月，受理[投诉举报|MET][236|Q][件|U]。",
    "2月起，全县推行[“企业宁静日”制度|MEA]。",
    "每月1日至20日为集中申报期。",
    "每月1日至20日为集中申报期，共受理[企业年报|MET][1500余|Q][份|U]。",
    "2021—2025年，持续推进法治政府建设。",
    "编制[《2021—2025年法治宣传教育规划》|MEA]。",
    "二〇二三年，全县法治建设稳步推进。",
    "第一，加强党对法治政府建设的领导。",
    "我县法治建设考核位列全市第10位。",
    "获评全省第二批法治政府建设示范单位。",
    "一是强化组织领导。二是健全制度体系。",
    "（一）深入学习宣传贯彻习近平法治思想",
    "1.健全依法决策机制",
    "依据《关于进一步规范行政裁量权的通知》（某府办发〔2023〕38号）执行。",
    "县人民政府令第3号公布施行。",
    "根据县政府3号令，规范执法行为。",
    "咨询电话：023-70601234。",
    "联系人手机：13912345678。",
    "— 12 —",
    "- 3 -",
    "第3页 共10页",
    "深入学习贯彻党的二十大精神。",
    "认真学习党的十九届二中全会精神。",
    "全面推行行政执法[“三项制度”|MEA]。",
    "学习贯彻《关于加强法治乡村建设的十项措施》。",
    "做好六稳工作。",
    "树牢“四个意识”，坚定“四个自信”，做到“两个维护”。",
    "举办[“1号茶叙日”活动|MEA]。",
    # a footnote reference in square brackets, as a list marker in round ones
    "建立府院联动机制【12】，化解[纠纷|MET][1200|Q][件|U]。",
    "深化改革［1］，引进[企业|MET][45|Q][家|U]，参见附件【3】。",
]


@pytest.mark.parametrize("case", EXCLUSIONS)
def test_exclusions(rules, case):
    text, expected = parse_markup(case)
    assert triples(rules.extract(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "深入开展“八五”普法。",
        "认真落实“十五条硬措施”。",
        "做好“六稳”工作，落实“六保”任务。",
        "出台《某某县优化营商环境十项措施》。",
        "举办“1号茶叙日”“组团式服务”活动。",
    ],
)
def test_numerals_inside_names_are_never_quantities(rules, text):
    """Whether the name is a MEASURE is another question; its numeral is never a QUANTITY."""
    labels = {s.label for s in rules.extract(text).spans}
    assert not labels & {"QUANTITY", "UNIT"}


MEASURES = [
    "全面推行[“一窗综办”改革|MEA]。",
    "落实[“首违不罚”“轻微免罚”制度|MEA]。",
    "印发[《某某县行政执法人员积分管理办法》|MEA]。",
    "深入学习《中华人民共和国民法典》。",
    "推出[“一件事一次办”集成服务|MEA][64|Q][项|U]。",
    # a quoted name right before its count stays a MEASURE after a verb or a clause start;
    # after a modifier it is part of the counted noun, and counted people are a METRIC
    "全年完成[“个转企”|MEA][120|Q][户|U]、[“小升规”|MEA][35|Q][户|U]。",
    "新建[“美丽庭院”|MEA][300|Q][个|U]。",
    "认定[农产品“二品一标”|MET][40|Q][个|U]。",
    "确定[“法律明白人”|MET][28|Q][名|U]。",
]


@pytest.mark.parametrize("case", MEASURES)
def test_measures(rules, case):
    text, expected = parse_markup(case)
    assert triples(rules.extract(text)) == expected


def test_markup_helper_offsets():
    text, spans = parse_markup("办理[行政复议案件|MET][78|Q][件|U]。")
    assert text == "办理行政复议案件78件。"
    assert spans == [(2, 8, "METRIC"), (8, 10, "QUANTITY"), (10, 11, "UNIT")]
    with pytest.raises(ValueError):
        parse_markup("办理[案件78件")
