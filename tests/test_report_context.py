"""Extracting a whole report: the reporting place makes a 《…》 title the government's own document.

ANNOTATION.md, "MEASURE": a 《》 title is a MEASURE when the reporting government issued it; its
name usually starts with the reporting place. Per paragraph the place is unknown (the results of
``extract`` do not change); ``Extractor.extract_report`` tells the tagger who reports.
"""

from __future__ import annotations

import pytest

from fazhi_ie import Extractor, read_report, to_dataframe
from fazhi_ie.document import own_places
from fazhi_ie.taggers import TagContext, register_tagger, takes_context
from fazhi_ie.taggers.rules import RuleTagger
from fazhi_ie.types import Label, Span

REPORT = (
    "\n".join(
        [
            "青川市人民政府关于2023年法治政府建设情况的报告",
            "2023年，全市法治政府建设取得新成效。",
            "依据《青川市行政执法公示办法》和《青川重大行政决策程序规定》，办理[行政复议案件]78件。",
            "对照《成都市行政执法公示办法》，开展执法检查12次。",
        ]
    )
    .replace("[", "")
    .replace("]", "")
)
OWN = ["《青川市行政执法公示办法》", "《青川重大行政决策程序规定》"]


def measures(result) -> list[str]:
    return [s.text for s in result.spans if s.label == Label.MEASURE]


def test_own_places_of_a_region():
    assert own_places("重庆市黔江区") == ("重庆市黔江区", "黔江区", "黔江")
    assert own_places("丰都县") == ("丰都县", "丰都")
    assert own_places("石柱土家族自治县王场镇") == ("石柱土家族自治县王场镇", "王场镇", "王场")
    assert own_places(None) == ()
    assert own_places("全县") == ()


def test_report_place_makes_own_titles_measures(rules):
    report = read_report(REPORT)
    assert report.region == "青川市"
    with_context = rules.extract_report(report)
    assert with_context.text == report.text
    assert measures(with_context) == OWN  # another city's 《成都市…办法》 stays unlabelled
    alone = rules.extract(report.text)
    assert measures(alone) == []  # per paragraph nobody knows who reports
    assert [s for s in with_context.spans if s.label != Label.MEASURE] == list(alone.spans)


def test_county_short_form(rules):
    title = "丰都县人民政府关于2023年法治政府建设情况的报告"
    report = read_report(title + "\n严格按照《丰都行政执法人员积分管理办法》考核。")
    assert measures(rules.extract_report(report)) == ["《丰都行政执法人员积分管理办法》"]
    assert measures(rules.extract(report.text)) == []


def test_a_report_without_region_is_extracted_as_text(rules):
    report = read_report("依据《青川市行政执法公示办法》，办理行政复议案件78件。")
    assert report.own_places == ()
    assert rules.extract_report(report) == rules.extract(report.text)


def test_tables_use_the_report(rules):
    tables = to_dataframe([read_report(REPORT)], rules)
    assert list(tables.measures["measure"]) == OWN


class _NoContextTagger:
    """A third-party tagger written before contexts existed: tag_batch(views) only."""

    name = "no-context"

    def tag_batch(self, views):
        return [[Span(0, 1, Label.QUANTITY, v[:1])] if v[:1].isdigit() else [] for v in views]


def test_taggers_without_context_keep_working():
    register_tagger("test-no-context")(lambda **_: _NoContextTagger())
    ex = Extractor(backend="test-no-context")
    assert not takes_context(ex.tagger)
    report = read_report("青川市人民政府关于2023年法治政府建设情况的报告\n78件。")
    assert ex.extract_report(report) == ex.extract(report.text)


def test_hybrid_passes_the_context_to_its_rules():
    pytest.importorskip("torch")
    from fazhi_ie.taggers.config import MergeRule
    from fazhi_ie.taggers.hybrid import HybridTagger

    class NoModel:
        """Tags nothing and is sure of every rule span."""

        def tag_and_score(self, views, rule_spans, own_spans=True):
            return [[] for _ in views], [[(sp, 1.0) for sp in spans] for spans in rule_spans]

    hybrid = HybridTagger(NoModel(), policy=(MergeRule("rules", "MEASURE", 0.0),))
    assert takes_context(hybrid)
    view = "依据《丰都行政执法人员积分管理办法》考核。"
    context = TagContext(own_places=("丰都县", "丰都"))
    assert hybrid.tag_batch([view], context=context) == [[Span(2, 18, Label.MEASURE, view[2:18])]]
    assert hybrid.tag_batch([view]) == [[]]


def test_the_network_and_the_ranker_do_not_overrule_a_title_that_the_reporting_place_decides():
    """They read a paragraph alone and never learnt the reporting place: a title starting with it
    (the report's own document) stays; a title the rules take for another reason may be vetoed."""
    pytest.importorskip("torch")
    from fazhi_ie.taggers.config import MergeRule
    from fazhi_ie.taggers.hybrid import HybridTagger, place_decided
    from fazhi_ie.taggers.measure_ranker import MeasureRanker

    class Doubter:
        """Rejects every rule span (confidence 0) and tags nothing."""

        def tag_and_score(self, views, rule_spans, own_spans=True):
            return [[] for _ in views], [[(sp, 0.0) for sp in spans] for spans in rule_spans]

    hybrid = HybridTagger(Doubter(), policy=(MergeRule("rules", "MEASURE", 0.7),))
    hybrid.measures = MeasureRanker(weights={"none": 5.0}, margin=1.0)  # would remove every name
    view = "依据《丰都行政执法人员积分管理办法》考核，制定《行政执法公示办法》。"
    own = _span(view, "《丰都行政执法人员积分管理办法》")
    context = TagContext(own_places=("丰都县", "丰都"))
    rules = hybrid.rules.tag_batch([view], context=context)[0]
    assert [s.text for s in rules if s.label == Label.MEASURE] == [own.text, "《行政执法公示办法》"]
    assert place_decided(view, rules, context.own_places, hybrid.rules.lex) == {own}
    assert hybrid.tag_batch([view], context=context) == [[own]]
    assert hybrid.tag_batch([view]) == [[]]


def test_a_short_place_name_starting_another_place_is_not_the_report_s_own(rules):
    """南昌县's short form 南昌 also begins 南昌市, another government: its documents are not 南昌县's."""
    places = own_places("南昌县")
    assert places == ("南昌县", "南昌")
    texts = [
        "认真贯彻《南昌市行政规范性文件管理办法》，规范文件管理。",
        "依据《南昌行政执法公示办法》和《2021-2025年南昌县法治政府建设规划》开展工作。",
    ]
    got = [measures(r) for r in rules.extract_many(texts, own_places=places)]
    assert got == [[], ["《南昌行政执法公示办法》", "《2021-2025年南昌县法治政府建设规划》"]]


def test_the_reporting_place_s_party_committee_and_own_organs_issue_its_own_documents(rules):
    """《中共<place>委…》 and, without the place name, the reporting level's organs (区委…, 县政府…, a
    地区's 地委…) are the report's own documents; another level's organs (市委… in a district, 区委… in a
    地区), other branches and an organ's post (《县委书记讲话汇编》) are not. Without the place, none is."""
    city = own_places("青川市")
    texts = [
        "认真落实《中共青川市委办公室关于加强法治建设的通知》。",
        "落实《市委办公室关于加强法治建设的通知》，对照《市人大常委会关于执法检查的决定》整改。",
        "贯彻《中共中央关于全面推进依法治国若干重大问题的决定》。",
    ]
    got = [measures(r) for r in rules.extract_many(texts, own_places=city)]
    assert got == [["《中共青川市委办公室关于加强法治建设的通知》"], ["《市委办公室关于加强法治建设的通知》"], []]
    assert [measures(r) for r in rules.extract_many(texts)] == [[], [], []]  # whose, unknown
    district = own_places("青川市临江区")
    district_texts = ["学习《市委办公室关于加强法治建设的通知》。", "纳入《区委办公室2024年工作要点》。"]
    got = [measures(r) for r in rules.extract_many(district_texts, own_places=district)]
    assert got == [[], ["《区委办公室2024年工作要点》"]]
    prefecture = own_places("青川地区")
    prefecture_texts = ["纳入《地委办公室2024年工作要点》。", "纳入《区委办公室2024年工作要点》。"]
    got = [measures(r) for r in rules.extract_many(prefecture_texts, own_places=prefecture)]
    assert got == [["《地委办公室2024年工作要点》"], []]
    county = own_places("青川土家族自治县")
    county_texts = ["依据《县人民政府行政执法公示办法》。", "认真学习《县委书记讲话汇编》。"]
    got = [measures(r) for r in rules.extract_many(county_texts, own_places=county)]
    assert got == [["《县人民政府行政执法公示办法》"], []]


def test_the_hybrid_keeps_an_own_organ_s_document():
    """The network and the MEASURE ranker read a paragraph alone: they do not overrule 《区委…》 in a
    district's report, which only the reporting place decides."""
    pytest.importorskip("torch")
    from fazhi_ie.taggers.hybrid import place_decided

    rules = RuleTagger()
    view = "纳入《区委办公室2024年工作要点》，学习《市委办公室关于加强法治建设的通知》。"
    context = TagContext(own_places=own_places("青川市临江区"))
    spans = rules.tag_batch([view], context=context)[0]
    own = _span(view, "《区委办公室2024年工作要点》")
    assert place_decided(view, spans, context.own_places, rules.lex) == {own}
    assert place_decided(view, spans, (), rules.lex) == frozenset()


def test_own_places_must_be_place_names(rules):
    for wrong in ("丰都县", [("丰都县", "丰都")], [None]):
        with pytest.raises(TypeError, match="own_places must be a sequence of place names"):
            next(rules.extract_many(["办理案件3件。"], own_places=wrong))
    assert measures(next(rules.extract_many(["依据《丰都执法办法》。"], own_places=iter(["丰都县", "丰都"])))) == [
        "《丰都执法办法》"
    ]


def _span(view: str, phrase: str) -> Span:
    start = view.index(phrase)
    return Span(start, start + len(phrase), Label.MEASURE, phrase)
