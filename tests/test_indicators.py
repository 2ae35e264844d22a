"""Indicators: the catalogue, metric -> indicator links, value roles and periods (fazhi_ie.indicators)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fazhi_ie import Extractor, read_report
from fazhi_ie.indicators import (
    CatalogueError,
    annotate,
    annotate_report,
    link_metric,
    load_catalogue,
    normalise,
    read_catalogue,
)
from fazhi_ie.indicators.catalogue import parse_catalogue

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue()


@pytest.fixture(scope="module")
def rules():
    return Extractor(backend="rules")


def infos_of(rules, text, year=None):
    return annotate(rules.extract(text), year=year)


# --- the catalogue -------------------------------------------------------------------------------


def test_catalogue_has_the_rule_of_law_core_and_the_economy():
    assert len(CATALOGUE) >= 80 and CATALOGUE.version
    ids = {i.id for i in CATALOGUE}
    for needed in (
        "reconsideration.cases",
        "reconsideration.closed",
        "reconsideration.corrected",
        "reconsideration.correction_rate",
        "litigation.cases",
        "litigation.lost",
        "litigation.loss_rate",
        "litigation.appearances",
        "litigation.appearance_rate",
        "normdocs.filed",
        "normdocs.reviewed",
        "normdocs.cleaned",
        "decisions.legality_reviews",
        "legal.advisers",
        "legal.public_lawyers",
        "enforcement.officers",
        "enforcement.certificates",
        "penalty.cases",
        "penalty.fines",
        "disclosure.proactive",
        "disclosure.requests",
        "pufa.activities",
        "pufa.audience",
        "mediation.cases",
        "mediation.success_rate",
        "legal_aid.cases",
        "legal_service.consultations",
        "hotline.requests",
        "hotline.closure_rate",
        "services.online_rate",
        "econ.gdp",
        "econ.public_budget_revenue",
        "econ.fixed_asset_investment",
        "econ.retail_sales",
        "econ.income_per_capita",
        "econ.foreign_investment",
    ):
        assert needed in ids, needed
    for ind in CATALOGUE:
        assert ind.zh and ind.en and ind.families
        assert ind.forms or ind.patterns or ind.bare


def test_catalogue_frame():
    pytest.importorskip("pandas")
    frame = CATALOGUE.to_frame()
    assert len(frame) == len(CATALOGUE) and frame["id"].is_unique


@pytest.mark.parametrize(
    "change, message",
    [
        ({"indicator": [{"id": "a.b", "zh": "甲", "en": "A", "family": "count", "forms": ["甲"]}] * 2}, "used twice"),
        ({"indicator": [{"id": "a.b", "zh": "甲", "en": "A", "family": "weight", "forms": ["甲"]}]}, "family"),
        ({"indicator": [{"id": "A", "zh": "甲", "en": "A", "family": "count", "forms": ["甲"]}]}, "domain.name"),
        ({"indicator": [{"id": "a.b", "zh": "甲", "en": "A", "family": "count", "patterns": ["("]}]}, "bad pattern"),
        ({"indicator": [{"id": "a.b", "zh": "甲", "en": "A", "family": "count", "bare": ["受理"]}]}, "subject"),
        ({"indicator": [{"id": "a.b", "zh": "甲", "en": "A", "family": "count"}]}, "nothing can name it"),
        ({"indicator": [{"id": "a.b", "zh": "甲", "en": "A", "family": "count", "form": ["甲"]}]}, "unknown fields"),
        (
            {
                "indicator": [
                    {"id": "a.b", "zh": "甲", "en": "A", "family": "count", "forms": ["甲"]},
                    {"id": "a.c", "zh": "乙", "en": "B", "family": "count", "forms": ["甲"]},
                ]
            },
            "give all but one of them verbs",
        ),
    ],
)
def test_a_broken_catalogue_is_refused(change, message):
    data = {"version": "0", "families": {"count": ["件"]}, **change}
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(data, "test.toml")


def test_a_catalogue_of_your_own(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        'version = "x"\n[families]\ncount = ["件"]\n[[indicator]]\nid = "my.cases"\nzh = "案件"\nen = "Cases"\n'
        'family = "count"\nforms = ["案件"]\n',
        "utf-8",
    )
    mine = read_catalogue(path)
    assert link_metric("案件", "件", mine).indicator == "my.cases"
    path.write_text("not toml [", "utf-8")
    with pytest.raises(CatalogueError, match="mine.toml"):
        read_catalogue(path)


def test_normalise():
    assert normalise("“一件事一次办”（试点）") == "一件事一次办(试点)"
    assert normalise("pm2.5浓度") == "PM2.5浓度"


# --- metric surfaces -> indicator ids ------------------------------------------------------------
# Metric surfaces as annotated in corpora/gold (seeds) and read in ../shared/corpora/gold_external
# (short names only, no sentences), with the unit they were reported in.

SURFACES = [
    ("行政复议案件", "件", "reconsideration.cases"),
    ("行政复议申请", "件", "reconsideration.applications"),
    ("一审行政诉讼案件", "件", "litigation.cases"),
    ("一审行政案件", "件", "litigation.cases"),
    ("行政诉讼案件", "件", "litigation.cases"),
    ("开庭审理的一审行政诉讼案件", "件", "litigation.heard"),
    ("应当出庭", "件", "litigation.required_appearances"),
    ("负责人出庭应诉", "件", "litigation.appearances"),
    ("行政机关负责人出庭应诉", "件", "litigation.appearances"),
    ("出庭率", "%", "litigation.appearance_rate"),
    ("行政机关负责人出庭应诉率", "%", "litigation.appearance_rate"),
    ("行政诉讼败诉率", "%", "litigation.loss_rate"),
    ("败诉率", None, "litigation.loss_rate"),
    ("一审服判息诉率", "%", "litigation.acceptance_rate"),
    ("司法建议、检察建议", "件", "litigation.judicial_suggestions"),
    ("行政检察建议", "件", "litigation.judicial_suggestions"),
    ("信访积案", "件", "petition.backlog"),
    ("信访纯案化解率", "％", "petition.resolution_rate"),
    ("备案率", "%", "normdocs.filing_rate"),
    ("备案通过率", "%", "normdocs.filing_rate"),
    ("宣布失效规范性文件", "件", "normdocs.repealed"),
    ("继续有效的规范性文件", "件", "normdocs.retained"),
    ("重大行政决策事项", "件", "decisions.major"),
    ("决策事项", "项", "decisions.major"),
    ("重大行政决策合法性审查", "件", "decisions.legality_reviews"),
    ("文件和合同", "件", "legal.documents_reviewed"),
    ("重大合同", "件", "legal.documents_reviewed"),
    ("涉法文件", "件", "legal.documents_reviewed"),
    ("审核意见", "条", "legal.opinions"),
    ("法律意见建议", "条", "legal.opinions"),
    ("法律顾问", "名", "legal.advisers"),
    ("专职法律顾问", "名", "legal.advisers"),
    ("公职律师", "名", "legal.public_lawyers"),
    ("法律顾问聘请率", "%", "legal.adviser_rate"),
    ("村（居）法律顾问", "个", "legal.village_advisers"),
    ("“法律明白人”", "名", "legal.laymen"),
    ("执法人员", "名", "enforcement.officers"),
    ("行政执法人员", "名", "enforcement.officers"),
    ("在岗持证执法人员", "人", "enforcement.officers"),
    ("考取了行政执法证件", "名", "enforcement.certificates"),
    ("执法人员持证上岗率", "%", "enforcement.certified_rate"),
    ("执法人员业务培训", "场次", "enforcement.training"),
    ("行政执法业务培训", "期", "enforcement.training"),
    ("行政执法案件", "件", "enforcement.cases"),
    ("执法案卷评查", "次", "enforcement.case_reviews"),
    ("案卷", "卷", "enforcement.case_files_reviewed"),
    ("行政检查", "次", "enforcement.inspections"),
    ("联合执法检查", "家次", "enforcement.inspections"),
    ("法定执法事项", "个", "enforcement.matters"),
    ("赋权执法事项", "个", "enforcement.delegated_matters"),
    ("委托执法事项", "个", "enforcement.entrusted_matters"),
    ("行政处罚案件", "件", "penalty.cases"),
    ("立案查处", "件", "penalty.cases"),
    ("罚款", "元", "penalty.fines"),
    ("行政强制措施", "件", "coercion.measures"),
    ("行政许可事项", "项", "licensing.items"),
    ("行政许可", "件", "licensing.cases"),
    ("权责事项", "项", "powers.items"),
    ("行政职权", "项", "powers.items"),
    ("政府信息", "条", "disclosure.proactive"),
    ("政府信息依申请公开", "条", "disclosure.requests"),
    ("依申请公开", "件", "disclosure.requests"),
    ("法治宣传", "场次", "pufa.activities"),
    ("送法进企活动", "场", "pufa.activities"),
    ("受教育群众", "人", "pufa.audience"),
    ("受众", "人次", "pufa.audience"),
    ("宣传标语、宣传海报", "份", "pufa.materials"),
    ("集体学法", "次", "lawstudy.sessions"),
    ("会前学法", "次", "lawstudy.sessions"),
    ("考试参考率", "%", "lawstudy.exam_participation_rate"),
    ("党政主要负责人述法", "人", "lawstudy.report_on_law"),
    ("全面依法治县委员会会议", "次", "governance.rule_of_law_committee_meetings"),
    ("人民调解案件", "件", "mediation.cases"),
    ("矛盾纠纷", "件", "mediation.cases"),
    ("调处成功", "件", "mediation.successful"),
    ("成功调解", "件", "mediation.successful"),
    ("调解成功率", "%", "mediation.success_rate"),
    ("调委会", "个", "mediation.organisations"),
    ("人民调解员", "名", "mediation.mediators"),
    ("法律援助案件", "件", "legal_aid.cases"),
    ("法律咨询", "人次", "legal_service.consultations"),
    ("公证", "件", "legal_service.notarisations"),
    ("公共法律服务实体平台建成率", "%", "legal_service.platform_rate"),
    ("规范化公共法律服务平台", "个", "legal_service.platforms"),
    ("市长公开电话", "件", "hotline.requests"),
    ("政务服务事项", "项", "services.items"),
    ("行政审批、公共服务事项", "件", "services.cases"),
    ("网上可办率", "%", "services.online_rate"),
    ("全程网办率", "%", "services.online_rate"),
    ("政务服务事项网上可办率", "%", "services.online_rate"),
    ("“跨省通办”事项", "项", "services.cross_region"),
    ("“一件事一次办”事项", "个", "services.one_thing"),
    ("综合受理窗口", "个", "services.windows"),
    ("开办企业", "个工作日", "services.business_startup_time"),
    ("人大代表建议", "件", "proposals.npc"),
    ("政协委员提案", "件", "proposals.cppcc"),
    ("按期办复率", "%", "proposals.reply_rate"),
    ("地方性法规草案", "件", "legislation.local_regulations"),
    ("政府规章", "件", "legislation.government_rules"),
    ("地区生产总值", "元", "econ.gdp"),
    ("人均地区生产总值", "元", "econ.gdp_per_capita"),
    ("第三产业增加值", "元", "econ.tertiary_va"),
    ("规模以上工业增加值", "元", "econ.industrial_va"),
    ("地方一般公共预算收入", "元", "econ.public_budget_revenue"),
    ("固定资产投资（不含农户）", "元", "econ.fixed_asset_investment"),
    ("社会消费品零售总额", "元", "econ.retail_sales"),
    ("城乡居民人均可支配收入", "元", "econ.income_per_capita"),
    ("农村居民人均可支配收入", "元", "econ.rural_income_per_capita"),
    ("实际使用外资", "美元", "econ.foreign_investment"),
    ("外贸进出口总额", "元", "econ.trade"),
    ("居民消费价格涨幅", "%", "econ.cpi"),
    ("城镇调查失业率", "%", "econ.surveyed_unemployment"),
    ("常住人口城镇化率", "%", "econ.urbanisation_rate"),
    ("粮食总产量", "吨", "econ.grain_output"),
    ("经营主体", "户", "econ.market_entities"),
    ("pm2.5累计平均浓度", "微克/立方米", "env.pm25"),
    ("空气优良天数比例", "%", "env.air_good_days_rate"),
    ("国省考水质断面达标率", "%", "env.water_sections_rate"),
]


def test_the_surface_table_is_large_enough():
    assert len(SURFACES) >= 60 and len({s for s, _, _ in SURFACES}) == len(SURFACES)


@pytest.mark.parametrize("surface, unit, expected", SURFACES)
def test_metric_surface_names_its_indicator(surface, unit, expected):
    match = link_metric(surface, unit, CATALOGUE)
    assert match is not None and match.indicator == expected


@pytest.mark.parametrize(
    "surface, unit",
    [
        ("问题", "个"),  # generic nouns name no indicator
        ("单位", "家"),
        ("集中学习", "次"),
        ("受理", "件"),  # a bare verb needs its subject
        ("行政复议案件", "%"),  # a count name with a rate: not the count
        ("地区生产总值", "吨"),
        ("培训行政执法案件", "件"),  # unknown leading words block the link
    ],
)
def test_metrics_that_name_no_indicator(surface, unit):
    assert link_metric(surface, unit, CATALOGUE) is None


def test_a_growth_rate_fits_any_indicator_as_a_change():
    assert link_metric("地区生产总值", "%", CATALOGUE) is None
    assert link_metric("地区生产总值", "%", CATALOGUE, change=True).indicator == "econ.gdp"


def test_every_gold_record_whose_metric_is_a_catalogue_form_gets_it(rules):
    """The seed gold: a record whose gold metric is a form of the catalogue is linked to that indicator."""
    checked = 0
    for path in sorted((ROOT / "corpora" / "gold").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            example = json.loads(line)
            for metric, _value, unit in example["records"]:
                if not metric or normalise(metric) not in CATALOGUE.by_form:
                    continue
                candidates = [
                    i for i in CATALOGUE.by_form[normalise(metric)] if i.accepts_unit(unit, CATALOGUE.family_of)
                ]
                if not candidates:
                    continue
                checked += 1
                match = link_metric(metric, unit, CATALOGUE)
                assert match is not None and match.indicator in {i.id for i in candidates}, (metric, unit)
    assert checked >= 60


# --- the cases of the issue ------------------------------------------------------------------------

COURT_APPEARANCE = [
    ("县政府单独被告负责人出庭应诉率", "县政府单独被告"),
    ("县级部门、乡镇（街道）负责人出庭应诉率", "县级部门、乡镇(街道)"),
    ("行政机关负责人出庭应诉率", "行政机关"),
    ("行政机关负责人出庭率", "行政机关"),
]


@pytest.mark.parametrize("surface, scope", COURT_APPEARANCE)
def test_the_four_court_appearance_names_are_one_indicator_with_their_scope(surface, scope):
    match = link_metric(surface, "%", CATALOGUE)
    assert (match.indicator, match.scope) == ("litigation.appearance_rate", scope)


def test_court_appearance_in_a_sentence_keeps_the_scope(rules):
    infos = infos_of(
        rules, "一审行政案件中，县政府单独被告负责人出庭应诉率达100%，县级部门、乡镇（街道）负责人出庭应诉率达95.5%。"
    )
    assert [(i.indicator, i.scope, i.record.value) for i in infos] == [
        ("litigation.appearance_rate", "县政府单独被告", 100.0),
        ("litigation.appearance_rate", "县级部门、乡镇(街道)", 95.5),
    ]


def test_bare_verbs_take_the_subject_of_their_sentence(rules):
    infos = infos_of(rules, "2023年，共收到行政复议申请17件，受理17件，审结16件。")
    assert [(i.metric, i.indicator, i.subject) for i in infos] == [
        ("行政复议申请", "reconsideration.applications", None),
        ("受理", "reconsideration.cases", "reconsideration"),
        ("审结", "reconsideration.closed", "reconsideration"),
    ]
    infos = infos_of(rules, "全年受理行政诉讼案件30件，审结28件。")
    assert [i.indicator for i in infos] == ["litigation.cases", "litigation.closed"]


def test_bare_verbs_take_the_subject_of_their_paragraph_or_heading(rules):
    infos = infos_of(rules, "深入推进法律援助工作。全年受理32件，办结30件。")
    assert [(i.indicator, i.how) for i in infos] == [
        ("legal_aid.cases", "subject:paragraph"),
        ("legal_aid.cases", "subject:paragraph"),
    ]
    report = read_report("（三）行政复议工作\n全年受理35件，审结33件。", name="x")
    infos = annotate_report(report, rules.extract(report.text))
    assert [(i.indicator, i.how) for i in infos] == [
        ("reconsideration.cases", "subject:heading"),
        ("reconsideration.closed", "subject:heading"),
    ]


def test_a_bare_verb_without_a_subject_stays_unmapped_and_is_kept(rules):
    infos = infos_of(rules, "全年受理17件，审结16件。")
    assert [(i.metric, i.indicator, i.confidence) for i in infos] == [("受理", None, 0.0), ("审结", None, 0.0)]


def test_a_verb_tells_apart_indicators_sharing_a_name(rules):
    text = "报备行政规范性文件8件，清理行政规范性文件12件，审查规范性文件20件，废止规范性文件3件，制定规范性文件5件。"
    assert [i.indicator for i in infos_of(rules, text)] == [
        "normdocs.filed",
        "normdocs.cleaned",
        "normdocs.reviewed",
        "normdocs.repealed",
        "normdocs.issued",
    ]


def test_the_baseline_example_gives_one_level_and_one_baseline(rules):
    infos = infos_of(rules, "行政诉讼败诉率由2021年的15.3%降低至3.9%。", year=2022)
    assert [(i.indicator, i.record.value, i.role, i.period, i.refers_to) for i in infos] == [
        ("litigation.loss_rate", 15.3, "baseline", 2021, 1),
        ("litigation.loss_rate", 3.9, "level", None, None),
    ]


# --- roles -------------------------------------------------------------------------------------------

ROLE_CASES = [
    # (text, report year, [(value, role, period, refers_to)])
    (
        "2023年，全县地区生产总值256.3亿元，同比增长6.2%。",
        2023,
        [(256.3e8, "level", 2023, None), (6.2, "change", 2023, 0)],
    ),
    (
        "2022年完成企业投资项目备案167个，比去年同期增长39个。",
        2022,
        [(167, "level", 2022, None), (39, "change", 2022, 0)],
    ),
    ("一般公共预算收入12.5亿元，下降3.1%。", None, [(12.5e8, "level", None, None), (3.1, "change", None, 0)]),
    ("办理时限由20个工作日压缩至5个工作日。", None, [(20, "baseline", None, 1), (5, "level", None, None)]),
    ("行政复议纠错率从上年的8.5%下降到6.2%。", 2023, [(8.5, "baseline", 2022, 1), (6.2, "level", None, None)]),
    ("力争行政机关负责人出庭应诉率达到100%。", None, [(100, "target", None, None)]),
    ("到2025年，政务服务事项网上可办率达到98%以上。", 2023, [(98, "target", 2025, None)]),
    (
        "今年主要预期目标是：地区生产总值增长6%，固定资产投资增长8%。",
        2024,
        [(6, "target", None, None), (8, "target", None, None)],
    ),
    ("民营经济增加值占全市生产总值的比重为56.2%。", None, [(56.2, "share", None, None)]),
    ("法律援助案件中，刑事案件占35%。", None, [(35, "share", None, None)]),
    (
        "全年办理行政复议案件78件，按时办结率100%，同比增长27.8%。",
        2023,
        [(78, "level", None, None), (100, "level", None, None), (27.8, "change", None, None)],
    ),
    ("城镇调查失业率控制在5.5%以内。", None, [(5.5, "target", None, None)]),
    ("群众满意度提高2.3个百分点。", None, [(2.3, "change", None, None)]),
    ("新增市场主体1.2万户。", None, [(1.2e4, "level", None, None)]),
    (
        "地区生产总值202.5亿元，按可比价格计算，同比增长0.6%。",
        None,
        [(202.5e8, "level", None, None), (0.6, "change", None, 0)],
    ),
    # 分别: a list of changes, none linked to one value
    (
        "受理诉求25.4万件，办结23.1万件，同比分别上升3.6%和3.1%。",
        None,
        [
            (25.4e4, "level", None, None),
            (23.1e4, "level", None, None),
            (3.6, "change", None, None),
            (3.1, "change", None, None),
        ],
    ),
]


@pytest.mark.parametrize("text, year, expected", ROLE_CASES)
def test_roles_periods_and_references(rules, text, year, expected):
    infos = infos_of(rules, text, year=year)
    got = [(round(i.record.value, 6), i.role, i.period, i.refers_to) for i in infos]
    assert got == [(round(float(v), 6), role, period, ref) for v, role, period, ref in expected]


def test_a_change_without_a_metric_takes_the_metric_and_indicator_it_changes(rules):
    infos = infos_of(rules, "全县地区生产总值256.3亿元，同比增长6.2%。")
    change = infos[1]
    assert (change.record.metric, change.metric, change.indicator, change.how) == (
        None,
        "地区生产总值",
        "econ.gdp",
        "refers_to",
    )


def seed_role_set():
    rows = []
    for line in (ROOT / "tests" / "data" / "seed_roles.tsv").read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        doc, start, quantity, role, period = line.split("\t")
        rows.append((doc, int(start), quantity, role, None if period == "-" else int(period)))
    return rows


def test_role_accuracy_on_the_hand_checked_seed_records(rules):
    """46 seed records whose roles were checked by hand (tests/data/seed_roles.tsv)."""
    rows = seed_role_set()
    assert len(rows) >= 40
    reports = {p.name[:3]: read_report(p) for p in sorted((ROOT / "seeds").glob("*.txt"))}
    infos = {}
    for key, report in reports.items():
        for info in annotate_report(report, rules.extract(report.text)):
            infos.setdefault((key, info.record.start), info)
    right = 0
    wrong = []
    for doc, start, quantity, role, period in rows:
        info = infos[(doc, start)]
        assert info.record.quantity == quantity
        if (info.role, info.period) == (role, period):
            right += 1
        else:
            wrong.append((doc, start, quantity, role, period, info.role, info.period))
    assert right / len(rows) >= 0.9, wrong
    non_level = [r for r in rows if r[3] != "level"]
    assert len(non_level) >= 10
