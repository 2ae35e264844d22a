"""The rule tagger on invented sentences in the style of other governments' reports.

City work reports, statistical communiqués and report openings of other places (issue 9):
each case checks one general rule with a sentence written for the test (inline markup, see
``markup.py``; text outside brackets carries no span).
"""

from __future__ import annotations

import pytest
from markup import parse_markup, record_keys, triples

QUANTITIES = [
    # a space inside the number (1.3 万件, 240 余人次) belongs to the QUANTITY
    "全年受理[咨询|MET] [2.6 万|Q][件|U]，接待[群众|MET] [310 余|Q][人次|U]。",
    # a unit with its bracketed variant is one UNIT
    "提供[法律意见|MET][152|Q][件(次)|U]，编发[工作简报|MET][36|Q][篇（条）|U]。",
    # 一/两 count before 次, 轮, 倍, 个月, and after 连续
    "全年召开[两|Q][次|U][专题会议|MET]。",
    "领导小组召开[两|Q][次|U][会议|MET]。",
    "[科研经费|MET]增加[一|Q][倍|U]。",
    "连续[两|Q][年|U]获评全省法治建设先进单位。",
    # ... but not in one-time service formulas or vague phrases
    "推行一次性告知，做到一次办结。",
    # ratios, times of day, phases, anniversaries, size classes, versions, ranks in a list
    "三次产业结构调整为7.5:40.2:52.3。",
    "发布时间：2024年05月12日 10时35分",
    "加快推进机场二期工程和地铁三期建设。",
    "隆重纪念建市60周年。",
    "建成10万吨级码头泊位。",
    "成功应对[21|Q][轮|U][强降雨|MET]。",
    "深化营商环境7.0版改革，推出综合窗口3.0方案。",
    "打造15分钟便民生活圈。",
    # a new round of a campaign and road numbers count nothing
    "实施新一轮城乡供水提升行动，启动新一轮找矿行动。",
    "加快国道319线、省道206线改建，推进318国道绕城段建设，建成[公路|MET][12|Q][条|U]。",
    # numbered names, parts, voltage classes and announced lists are no counts
    "做强5大特色产业集群，推进汽车零部件产业发展，建成500千伏输变电工程。",
    "今年重点抓好七个方面工作：",
    "完成[150|Q][个|U][大气治理项目|MET]，实施[12|Q][个|U][大中型灌区|MET]改造。",
    # a numeral in words with 项/方面 before the name of a package is a numbered name, not a count
    "十方面民生实事全面完成，落实一老一小五项举措和省市十项规定。",
    # the ordinal session of a people's congress
    "完成了市九届人大三次会议确定的目标任务。",
    # categories counted with 大
    "涉及[四|Q][大类|U][38|Q][项|U][民生实事|MET]。",
    # 近 before a number of years frames what is reported: no value (and no part of the name after it)
    "近三年来共培育[企业|MET][12|Q][家|U]，近3年[招商项目综合开工率|MET][77.4|Q][%|U]。",
    # a web page's counters and catalogue labels are the page's (spaces inside 索 引 号 too)
    "阅读:0 访问次数: 147 索 引 号 10001-01-2024",
    "全年[阅读量|MET]突破[12万|Q][次|U]。",
    # units of other reports
    "[出口总额|MET][3.2亿|Q][美元|U]。",
    "推出[特色产品|MET][144|Q][款|U]。",
    "[满意|MET][41|Q][票|U]，[基本满意|MET][2|Q][票|U]。",
]


@pytest.mark.parametrize("case", QUANTITIES)
def test_quantities(rules, case):
    text, expected = parse_markup(case)
    assert triples(rules.extract(text)) == expected


def test_spaced_number_record(rules):
    text, expected = parse_markup("全年办理[政务服务事项|MET] [4.5 万|Q][件|U]。")
    r = rules.extract(text)
    assert triples(r) == expected
    assert record_keys(r) == [("政务服务事项", 45000.0, "件")]


METRICS = [
    # governing verbs of work reports are left out (ANNOTATION.md, "Governing verbs")
    "全年新开工[项目|MET][186|Q][个|U]，新引进[高层次人才|MET][520|Q][名|U]。",
    "筹集[保障性住房|MET][3200|Q][套|U]，淘汰[老旧营运车辆|MET][460|Q][辆|U]。",
    "畜牧业出栏[肉牛|MET][2.4万|Q][头|U]。",
    "新建改建[农村公路|MET][120|Q][公里|U]，获批[省级重点实验室|MET][3|Q][家|U]，开行[国际班列|MET][80|Q][列|U]。",
    "预计[地区生产总值|MET]增长[6|Q][%|U]左右，开工[项目|MET][45|Q][个|U]，[既有住宅加装电梯|MET][60|Q][部|U]。",
    # the body that holds a counted event is no part of it (but a meeting stays one)
    "区政府常务会议[集体学法|MET][5|Q][次|U]，局机关[集体学法|MET][12|Q][场次|U]，召开[党组班子学习会议|MET][6|Q][次|U]。",
    # a statistic whose name holds a verb keeps it
    "[实际使用外资|MET][2.1亿|Q][美元|U]。",
    # a time point of a communiqué is no part of the METRIC
    "年末[常住人口|MET][85.3万|Q][人|U]。",
    # a price change verb is left out
    "[蔬菜类价格|MET]上涨[2.4|Q][%|U]。",
    # after a counted noun, the predicate is no part of the METRIC
    "推进[36|Q][个|U][停车场|MET]建设。",
    "完成[14|Q][件|U][行政规范性文件|MET]审查备案。",
    "全市[12|Q][个|U][国考断面|MET]水质达标。",
    "[5|Q][个|U][典型案例|MET]入选全省法治政府建设案例汇编。",
    # a digit inside a Latin name stays in the METRIC; 突破 links a name to its value
    "新建[5G基站|MET][860|Q][个|U]，[高新技术企业|MET]首次突破[300|Q][家|U]，[旅游收入|MET]力争突破[80亿|Q][元|U]。",
    # a category threshold is no QUANTITY: the whole category phrase is the METRIC
    "引进[投资5亿元以上项目|MET][32|Q][个|U]，其中[20亿元以上|MET][6|Q][个|U]、[50亿元以上|MET][2|Q][个|U]。",
    "加快推进[41|Q][个|U][投资5亿元以上的产业项目|MET]。",
    "侦破[10年以上积案|MET][7|Q][起|U]，新签约[亿元以上项目|MET]不少于[20|Q][个|U]。",
    # ... and so is one that opens with 超/过 before its noun, with alternatives joined by 或
    "招引[总投资超100亿元或10亿美元项目|MET][4|Q][个|U]以上，[收入超30万元的行政村|MET]达到[1800|Q][个|U]。",
    # ... and a rate over such a category, after its link (占)
    "[经营性收入过10万元的行政村|MET]占[70|Q][%|U]以上，[年收入10万元以上的行政村|MET]占[60|Q][%|U]。",
    # ... but not where 超过 is part of 不超过 or nothing is counted after the noun
    "[审批时间|MET]不超过[5|Q][个工作日|U]，增长超过[10|Q][%|U]。",
    # ... but a rate is a value, and so is a count before a threshold mark with no category after it
    "[按时办结率|MET]保持在[98|Q][%|U]以上，[政务服务事项|MET][120|Q][项|U]以上。",
    # a verb's object counted at least N follows the qualifier; a bare verb never names it
    "实施[200|Q][个|U]以上[老旧小区|MET]改造，引进[10|Q][家|U]以上[高新技术企业|MET]。",
    # ... where no verb governs the count, value and qualifier bound a category (no METRIC after);
    # 以下 always does; an age before a noun is itself no value (ANNOTATION.md, category thresholds)
    "为65岁以上老年人免费接种疫苗，推动[40|Q][吨|U]以下燃煤锅炉淘汰。",
    # a bare verb names the statistic only where the value ends its clause or list, and a
    # duration's 内 is no object
    "全年[受理|MET][47|Q][件|U]、[办结|MET][45|Q][件|U]，[抽选|MET][12|Q][件|U]进行集中评查。",
    "[不动产登记|MET][5|Q][个工作日|U]内办结。",
    # ... and where an adverb, a comparison or a predicate follows the value
    "全年[办结|MET][45|Q][件|U]同比增长[10|Q][%|U]，[受理|MET][47|Q][件|U]较上年增加[5|Q][件|U]。",
    # 口 counts wells, not 口罩
    "发放[50万|Q][口罩|MET]，新建[天然气井|MET][12|Q][口|U]。",
    # 在建, 在岗, 对外 and 全国 (a national title, where 全市 is the place's scope) begin names
    "全市[在建亿元以上项目|MET][136|Q][个|U]，[对外实际投资额|MET]增长[8|Q][%|U]，创成[全国示范数字档案馆|MET][1|Q][家|U]。",
    # a numbered group (五大) is part of the name; a level (三级) is not; 居全国前10 names nothing
    "[五大主导产业规上工业总产值|MET]完成[188.26亿|Q][元|U]，建成县乡村三级[公共法律服务平台|MET][120|Q][个|U]。",
    "经济总量居全国前10。",  # a rank, no value either (ANNOTATION.md)
    # amounts joined by 、 are separate METRICs, as rates are; 提速 is a change verb
    "[生产安全事故起数|MET]、[死亡人数|MET]同口径分别下降[66.67|Q][%|U]、[85.71|Q][%|U]。",
    "[项目办理时限|MET]平均提速[15|Q][%|U]以上。",
    # 实现 links a statistic to its value; 成为, 名列 start the predicate after a counted noun; 浓度 is a rate
    "全市[进出口总额|MET]实现[50亿|Q][元|U]，[无纸化退税率|MET]实现[100|Q][%|U]。",
    "[2|Q][家|U][企业|MET]成为独角兽企业，[4|Q][项|U][工作|MET]名列全省第一。",
    "[pm2.5平均浓度|MET]为[30|Q][微克/立方米|U]，[PM10浓度|MET]下降[5|Q][%|U]。",
    # 同口径 (like for like) and change verbs that cut (压减) end the METRIC before them
    "[生产安全事故起数|MET]同口径下降[66.67|Q][%|U]，[“三公”经费|MET]压减[10|Q][%|U]。",
    # classifiers of wells, ships, containers and the 斤 of harvests
    "新建[天然气井|MET][12|Q][口|U]，[运输船|MET][3|Q][艘|U]，[集装箱吞吐量|MET][45万|Q][标箱|U]。",
    # a noun that starts with a verb (联系点, 拥有量) is what is counted; the verb still cuts elsewhere
    "新设立[基层立法联系点|MET][5|Q][个|U]，建立[12|Q][个|U][基层第一书记联系点|MET]。",
    "[千人汽车拥有量|MET]达到[300|Q][辆|U]，执法单位联系[企业|MET][1119|Q][家|U]。",
    # ... unless a word starting at the noun's last character breaks it (会计, 会议)
    "公开招聘[会计人员|MET][12|Q][名|U]，召开[部署会|MET][3|Q][次|U]，印发[会议纪要|MET][12|Q][份|U]。",
    # an ordinal after the counted noun starts a rank (第10名), not the name
    "位列全国[100|Q][个|U][城市|MET]第10名。",
    # an abbreviation or an aside in brackets before the value is not the name's; an alternative is
    "全年实现[地区生产总值|MET](GDP)[202.5亿|Q][元|U]，[固定资产投资|MET]（含房地产投资）增长[9.4|Q][%|U]。",
    "全县[乡镇（街道）|MET][18|Q][个|U]。",
    # an amount before 的 describes the noun after it: the name before the amount is the METRIC
    "加快[投资|MET][219亿|Q][元|U]的港口转型升级工程，推动[总投资|MET][2100亿|Q][元|U]的[140|Q][个|U][项目|MET]。",
    # ... after a verb alone the noun after 的 is what is counted or measured; a fraction counts the set
    "建成[100|Q][公里|U]的[高速公路|MET]，整治[1200|Q][处|U]的[隐患点|MET]，发放[3000万|Q][元|U]的[补贴资金|MET]。",
    "全县约[3/5|Q]的[村居|MET]建成法治文化广场。",
    # the governing verbs ANNOTATION.md leaves out are left out after their object too; alone one names
    # the statistic, and a time before it is no object
    "[专精特新企业|MET]新增[10|Q][户|U]，[生猪|MET]出栏[260万|Q][头|U]，其中2023年[新增|MET][6|Q][人|U]。",
    "我市[新增|MET][12|Q][家|U]，一季度[新开工|MET][15|Q][个|U]，两年来[新增|MET][30|Q][家|U]。",
    # 推进, 交付, 争取到位 govern the counted object; 治理 does at the start of the phrase
    "推进[重点城建项目|MET][321|Q][个|U]，交付[房屋|MET][5759|Q][套|U]，治理[水土流失|MET][80.2|Q][平方公里|U]。",
    # 压减至, 减至 and 到达 link a name to its new level: alone they name nothing
    "[审批时限|MET]由[21|Q][个工作日|U]压减至[3|Q][个工作日|U]，[参考率|MET]、[通过率|MET]均到达[100|Q][%|U]。",
    # an adverb or a manner in 化 before a verb starts the predicate after a counted noun
    "组织[3200|Q][名|U][党员|MET]广泛开展学习，完成[17|Q][个|U][小型供水工程|MET]标准化改造。",
    # names of amounts joined by 、 before 分别/均 are separate METRICs; a short member is a modifier
    # of the last one's head (城镇、农村居民…: one METRIC); 和 stays inside a name
    "[固定资产投资|MET]、[社会消费品零售总额|MET]、[限额以上住宿和餐饮业营业额|MET]分别增长[6|Q][%|U]、[5|Q][%|U]和[8.1|Q][%|U]。",
    "[城镇、农村居民人均可支配收入|MET]分别增长[6|Q][%|U]、[7|Q][%|U]。",
    # ... as does a list whose members do not each end in a statistic's head, or one whose values do not
    # pair one to one with its names (a name cut off: the values would pair with the wrong ones); 年均 is
    # no 均
    "[城镇居民、农村居民人均可支配收入|MET]分别增长[6|Q][%|U]、[7|Q][%|U]，[第一产业、第三产业增加值|MET]分别增长[3|Q][%|U]、[7|Q][%|U]。",
    "[一般公共预算收入、税收收入|MET]分别增长[6|Q][%|U]、[5|Q][%|U]、[4|Q][%|U]。",
    "[行政复议案件、行政诉讼案件|MET]年均[1200|Q][件|U]。",
    # 依法 and 全面 begin the name of a committee for governing by law (依法治县), no adverb there
    "召开[县委全面依法治县委员会会议|MET][3|Q][次|U]、[区委依法治区办会议|MET][2|Q][次|U]。",
    # 全体 is part of a statistic or a meeting; a meeting is named by its topic, weak verbs and all
    "[全体居民人均可支配收入|MET][25977|Q][元|U]，召开[依法治县委员会全体扩大会议|MET][1|Q][次|U]。",
    "主动召开[法治建设专题会议|MET][5|Q][次|U]，组织开展[中心组理论学习扩大会议|MET][10|Q][次|U]。",
    # ... but 出席 and 列席 cut as 召开 and 参加 do; a body (党委, 政府) is no meeting; 依法治理 is a verb, and
    # a verb inside a name (依法治理示范点, 绿化改造工程) does not end it; 全体 before people is a scope
    "县长出席[法治政府建设工作会议|MET][3|Q][次|U]，司法局约谈[乡镇党委|MET][6|Q][个|U]。",
    "依法治理[河道|MET][12|Q][条|U]，建成[15|Q][个|U][社区依法治理示范点|MET]，组织全体[干部学习|MET][3|Q][次|U]。",
]


def test_bare_verb_is_no_metric_before_its_counted_object(rules):
    # 新增7个省级现代农业产业园…: what 7 counts follows it (here a phrase too long for the rules);
    # the verb before it is no METRIC. A quotation after the count is the same case.
    for text in ("新增7个省级现代农业产业园和长三角绿色农产品生产加工供应基地。", "打造50个“一刻钟”便民生活圈。"):
        spans = rules.extract(text).spans
        assert [(s.text, s.label) for s in spans if s.label != "MEASURE"][:2] == [
            (text[2 : text.index("个")], "QUANTITY"),
            ("个", "UNIT"),
        ]
        assert not [s for s in spans if s.label == "METRIC"]


@pytest.mark.parametrize("case", METRICS)
def test_metrics(rules, case):
    text, expected = parse_markup(case)
    assert triples(rules.extract(text)) == expected


def test_completed_investment(rules):
    # 完成 governs its object and links a statistic to its value (ANNOTATION.md decisions)
    text, expected = parse_markup(
        "全市[45|Q][个|U][重点项目|MET]完成[投资|MET][120亿|Q][元|U]，[外贸进出口总额|MET]完成[28亿|Q][元|U]。"
    )
    r = rules.extract(text)
    assert triples(r) == expected
    assert record_keys(r) == [("重点项目", 45.0, "个"), ("投资", 1.2e10, "元"), ("外贸进出口总额", 2.8e9, "元")]


MEASURES = [
    # a short modifier may stand between the measure verb and the quoted name
    "推进制造业[“智改数转”|MEA]，推行安全生产[“双承诺”|MEA]。",
    "坚持和发展新时代[“枫桥经验”|MEA]。",
    # a numeral + 个 opens a political formula, never a MEASURE, head noun or not
    "围绕“五个示范”建设，做到“三个到位”。",
    # documents the government passes on or reviews are its own; a space before the mark is fine
    "下发[《某某市执法案卷评查办法》|MEA]。",
    "审议通过[《某某市停车场管理办法》|MEA]。",
    "出台 [《某某区营商环境投诉处理规定》|MEA]。",
    # ... but a formula with a head noun of a measure, or naming a measure itself, is one
    "深入实施[“三个提升”专项行动|MEA]，建立[“五个一”协调机制|MEA]，开展[“两个专项行动”|MEA]。",
    # after a measure verb a name may list its steps with 、; a listed goal before 的 is none
    "全面推行[“容缺办、帮代办、一次办”|MEA]，打造“审批少、服务优”的营商环境。",
    # what a quoted measure achieved follows it; a nickname's role does not make a measure
    "巩固[“一河一策”|MEA]成果，充分发挥法治考核“风向标”作用。",
    # a clause-initial quote that is carried out is a measure
    "[“一件事一次办”|MEA]全面推进，群众办事更加便捷。",
    # a verb inside the head noun (提升行动) does not end it; a head that is also a verb may end the phrase
    "深化[“百千万”质量提升行动|MEA]，以[“无废园区”创建|MEA]为抓手，“某某”加快建设。",
    # events, traditions, methods and campaigns are heads too; five-year plans are higher-level plans
    "举办[“法治护航 你我同行”专题培训班|MEA]，弘扬[“四下基层”优良传统|MEA]，推广[“一碗茶”调解法|MEA]。",
    "落实[“八减”措施|MEA]，打好[“碧水、净土”保卫战|MEA]，编制“十五五”规划。",
    # a head inside a longer noun makes an honour title (示范县), a head after it a measure (示范项目)
    "获评全国“某某好路”示范县，建设[“智慧社区”示范项目|MEA]。",
    # quoted items listed before 等 and a head are measures, products before 等品牌 are not
    "组织[“百姓大舞台”|MEA]等文化惠民活动，培育“某某大米”“某某肉”等品牌。",
    # 强化 introduces a measure as 推行 does
    "强化[“三比三看”|MEA]，推动项目落地。",
    # a verb that issues a document introduces its quoted short name too
    "出台[“稳外贸十二条”|MEA]，制定[“某城英才计划”|MEA]，印发“十五五”规划。",
    # but not the quoted objects of 发布/签订 (indices, pledges), nor the topic before 的
    "发布“某城营商环境指数”，签订“安全生产责任状”，出台“促进民营经济发展”的若干措施。",
    # one quoted character is a pun, not a name, even before a head noun
    "制定应对之“策”，擦亮“某”字号品牌，推行“拼”字工作法。",
    # a product's or a place's brand is no measure; a brand of a service is one
    "做强“某乡大米”区域公用品牌，打响“山水某城”品牌，擦亮[“某好办”政务服务品牌|MEA]。",
    # a strategy is a measure where the noun phrase ends with it, not in 战略布局 or 战略定位
    "深入实施[“工业兴县”战略|MEA]和[“232”发展战略|MEA]，服从“一区两中心”战略定位。",
    # a head in Latin letters belongs to the span
    "开发[“某某通”APP|MEA]，上线[“某城办事”政务APP|MEA]，推广[“某某随手拍”App|MEA]。",
    # a quoted way of governing heads 综合治理, 综合受理, 确权登记
    "深化[“散乱污”综合治理|MEA]，实行[“一窗”综合受理|MEA]，完成[“房地一体”确权登记|MEA]。",
    # a problem category that is curbed is no measure, head noun or not
    "坚决遏制“两高一低”项目盲目上马，严控“两高”项目。",
    # a formula stays a formula before 战略, and a problem before 综合治理 (ANNOTATION.md: “停车难”)
    "坚持“四个全面”战略，加强“停车难”综合治理，深化[“散乱污”综合治理|MEA]。",
    # the building of a named thing is not part of its name; 建设 right after the mark is its head
    "推进[“某城通”服务平台|MEA]建设，深化[“1+N”公共安全体系|MEA]建设，抓好[“四好农村路”建设|MEA]。",
    # 暨 joins two names as 和 does: the first one's noun phrase ends there
    "实施[“某某变肉”|MEA]暨肉牛振兴计划，推进[“某某”工程|MEA]暨某某行动。",
    # a city whose name ends in 镇 or a city-wide 街道 document is no county-level place
    "依照《景德镇市人民政府行政规范性文件管理办法》审查，参照《南京市街道综合执法暂行办法》执行。",
    "完善[《某某镇市场监管所执法案卷管理制度》|MEA]。",
    "依据《市县法治政府建设示范指标体系》开展自查，落实[《金义都市区规划》|MEA]。",
    # a ledger, list or table the government sets up or draws up is its own document
    "梳理[《执法问题清单》|MEA]，建立[《执法问题整改台账》|MEA]，推出《某某大典》。",
    # an issuing verb before 贯彻落实《…》 issues a plan for the higher-level document, not that document
    "制定贯彻落实《某某条例》实施方案，审议贯彻《某某纲要》任务清单，制定[《某某县执法监督办法》|MEA]。",
    # a report is no measure, even the government's own (ANNOTATION.md: reports are not measures)
    "发布《某某县2023年政府信息公开工作年度报告》和《某某河水质状况报告（2023年）》，编制[《某某县水质监测方案》|MEA]。",
]


@pytest.mark.parametrize("case", MEASURES)
def test_measures(rules, case):
    text, expected = parse_markup(case)
    assert triples(rules.extract(text)) == expected


def test_threshold_records(rules):
    text, expected = parse_markup("全年引进[投资5亿元以上项目|MET][32|Q][个|U]。")
    r = rules.extract(text)
    assert triples(r) == expected
    assert record_keys(r) == [("投资5亿元以上项目", 32.0, "个")]


def test_rates_joined_by_he_pair_with_their_values(rules):
    text, expected = parse_markup("全年[结案率|MET]和[调解成功率|MET]分别达到[98.2|Q][%|U]和[76.5|Q][%|U]。")
    r = rules.extract(text)
    assert triples(r) == expected
    assert record_keys(r) == [("结案率", 98.2, "%"), ("调解成功率", 76.5, "%")]


def test_names_listed_before_fenbie_take_one_value_each(rules):
    text, expected = parse_markup(
        "全年[规上工业增加值|MET]、[固定资产投资|MET]分别增长[7.5|Q][%|U]、[6|Q][%|U]，[参考率|MET]、[合格率|MET]均达[100|Q][%|U]。"
    )
    r = rules.extract(text)
    assert triples(r) == expected
    assert record_keys(r) == [
        ("规上工业增加值", 7.5, "%"),
        ("固定资产投资", 6.0, "%"),
        ("参考率", 100.0, "%"),
        ("合格率", 100.0, "%"),
    ]
