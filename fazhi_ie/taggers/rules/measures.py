"""MEASURE spans: quoted names of the government's measures and its own 《》 documents.

A quoted name is a MEASURE when a head noun follows it (“一窗综办”改革) or a verb that
introduces measures or issues a document precedes it (推行“首违不罚”, 出台“稳外贸十条”), or a count
follows it at a clause start or after a verb (完成“个转企”160户: a MEASURE stays one when a number
counts it); slogans, offices, roles and quoted phrases ending in 的 are not. A 《》 title is a
MEASURE when an issuing verb precedes it (制定《…》) or it starts with the name of a county-level
or lower place (the reporting government's own documents), or, when the whole report is known,
with the reporting place itself (《丰都…办法》, 《大连市…》, 《中共丰都县委…》) or its level's organs
(《县政府…》 in a county's report); titles of laws and higher-level documents are not.
"""

from __future__ import annotations

import re

from ...document.issuer import admin_suffix, parse_place
from ...lexicons import Lexicons, clause_start, is_cjk
from .quantities import NUMBER

QUOTE = re.compile(r"“[^“”\n]{1,120}”|「[^「」\n]{1,120}」")
TITLE = re.compile(r"《[^《》\n]{1,200}》")
_HEAD_WINDOW = 12
_LISTED_MAX = 20  # a quoted item listed before 等 + a head is a name, not a long slogan
_CLAUSE_START = set("，。；：！？,;:!? \u3000")
_HEAD_STOP = set("的和与及暨等、") | set("在为把向从")
_YEAR = re.compile(r"\d{4}(?:[—–-]\d{4})?年度?")
#: A level after a place's short form that makes it another place of that name (南昌|市 in 南昌县's report).
_OTHER_LEVEL = re.compile(r"市(?!场)|省|自治|州|盟|地区|县|区(?!域)|旗|镇|乡|街道")
_PLACE = re.compile(
    r"(?:\d{4}年度?)?(?:[\u4e00-\u9fff]{2,7}?(?:省|市|自治州|州|盟|地区))?"
    r"(?:都市|(?![市省])[\u4e00-\u9fff]){1,7}?(?:自治县|县|区|旗|镇|乡|街道)"  # not 天津市|街道, 市县; 金义都市区
)
_REPORT = re.compile(r"报告(?:[（(][^（()）]*[)）])?$")  # 《…年度报告》: a report is never a measure
_CITY_AFTER = re.compile(r"市(?!场)")  # 景德镇|市: the name of a city that ends in 镇 (not 某镇市场监管所)


def _in_noun(ch: str) -> bool:
    """Can ``ch`` be part of a head noun phrase? Latin letters are too: “某某通”APP."""
    return (is_cjk(ch) or ch.isascii() and ch.isalpha()) and ch not in _HEAD_STOP


def _phrase_ends(view: str, pos: int) -> bool:
    return pos >= len(view) or not _in_noun(view[pos])


_TITLE = -1  # _head_end: the quote names an honour title or a brand, not a measure


def _head_end(view: str, pos: int, lex: Lexicons) -> int | None:
    """End of the head noun phrase right after a closing mark at ``pos``, if any.

    ``_TITLE`` where the phrase makes the quote part of an honour title (“四好农村路”示范县) or
    names a product's brand (“某某大米”区域公用品牌). An activity after a head (服务平台|建设) is left out.
    """
    end = _head_phrase_end(view, pos, lex)
    if end is None or end == _TITLE:
        return end
    if view[pos:end] in lex.product_heads:
        return _TITLE
    activity = lex.activities_after_head.match_before(view, end, pos)
    if activity:  # “某某”服务平台|建设: the head the name modifies ends before 建设 (not an open head: 示范建设)
        before = end - len(activity)
        if lex.measure_heads.match_before(view, before, pos) and not lex.open_heads.match_before(view, before, pos):
            return before
    return end


def _head_phrase_end(view: str, pos: int, lex: Lexicons) -> int | None:
    heads, verbs, adjacent_heads = lex.measure_heads, lex.strong_verbs, lex.adjacent_heads
    limit = pos
    while limit < len(view) and limit - pos < _HEAD_WINDOW and _in_noun(view[limit]):
        verb = verbs.match_at(view, limit)
        if verb:
            after = limit + len(verb)
            if heads.match_at(view, after) and not lex.governing_verbs.match_at(view, after):
                limit = after  # “万千百”质量提升行动: a verb inside the head noun (not 加快建设)
                continue
            head = heads.match_at(view, limit)
            if head and _phrase_ends(view, limit + len(head)):
                limit += len(head)  # “无废城市”创建为契机: a head that is also a verb
            break  # “…”进入区县应用: a verb ends the noun phrase
        limit += 1
    final = heads.match_before(view, limit, pos)
    if final and limit > pos and (_phrase_ends(view, limit) or verbs.match_at(view, limit)):
        return limit  # “12345”政务服务便民热线: the head that ends the noun phrase
    adjacent = adjacent_heads.match_at(view, pos, limit)
    for j in range(pos, limit):
        head = heads.match_at(view, j, limit)
        if j == pos and adjacent and (not head or len(adjacent) > len(head)):
            after = view[pos + len(adjacent) : pos + len(adjacent) + 1]
            if not (after and is_cjk(after)) or after in "的和与及等":
                # “八五”普法, “两法衔接”工作 — but not “两法衔接”工作推进会议
                head = adjacent
        if head:
            end = j + len(head)
            while True:  # heads that chain: 服务 + 改革
                more = heads.match_at(view, end, limit)
                if not more:
                    break
                end += len(more)
            if end < limit and lex.open_heads.match_before(view, end, j):
                return _TITLE  # “四好农村路”全国示范县: an honour title, not a measure
            return end
    return None


def _preceded_by(view: str, pos: int, words, lex: Lexicons) -> bool:
    """Is there one of ``words`` right before ``pos``, allowing adverbs in between?"""
    floor = max(0, pos - 12)
    end = pos
    while end > floor and view[end - 1] in " \u3000":
        end -= 1  # 出台 《…》: a space before the mark
    for _ in range(4):
        if words.match_before(view, end, floor):
            return True
        skip = next((w for w in lex.lookback_skip if view.endswith(w, floor, end)), None)
        if skip is None:
            skip = lex.strong_verbs.match_before(view, end, floor)  # 编印发放《…》
        if skip is None:
            skip = lex.scope.match_before(view, end, floor) or lex.adverbs.match_before(view, end, floor)
        if not skip:
            break
        end -= len(skip)
    return _verb_before_modifier(view, end, words, lex)


def _verb_before_modifier(view: str, end: int, words, lex: Lexicons) -> bool:
    """A verb, then a short modifier of the name: 推进工业“智改数转”, 坚持和发展新时代“枫桥经验”."""
    for k in range(1, lex.max_name_modifier + 1):
        p = end - k
        if p < 1 or not is_cjk(view[p]) or view[p] in _HEAD_STOP:
            return False
        if words.match_before(view, p, max(0, p - 8)) and not lex.strong_verbs.match_at(view, p):
            return True
    return False


def _counted_after(view: str, pos: int, lex: Lexicons):
    """The unit of a number that directly follows ``pos`` (or None)."""
    m = NUMBER.match(view, pos)
    if not m:
        return None
    return lex.units.match_at(view, m.end()) or ""


def _verb_or_clause_before(view: str, pos: int, lex: Lexicons) -> bool:
    """Does a clause start, a measure verb or a verb of completion (``count_verbs``) stand right before
    ``pos`` (完成“保交楼”; not 农产品“二品一标”, 处置“僵尸企业”)?"""
    if view[pos - 1 : pos] == "、":  # one of a list: as its first name (完成“个转企”120户、“小升规”35户)
        first = view.find("“", clause_start(view, max(0, pos - 40), pos), pos)
        return 0 <= first < pos - 1 and _verb_or_clause_before(view, first, lex)
    if pos == 0 or not is_cjk(view[pos - 1]):
        return True  # a clause start
    floor = max(0, pos - 6)
    return bool(lex.measure_verbs.match_before(view, pos, floor) or lex.count_verbs.match_before(view, pos, floor))


def _counted_before(view: str, pos: int, lex: Lexicons) -> bool:
    """Does a number + unit stand right before ``pos`` (140项“跨省通办”)?"""
    end = pos
    scope = lex.scope.match_before(view, end, max(0, end - 4))
    if scope:
        end -= len(scope)
    unit = lex.units.match_before(view, end, max(0, end - 4))
    return bool(unit) and end - len(unit) > 0 and view[end - len(unit) - 1].isdigit()


def _looks_like_place(title: str, lex: Lexicons) -> bool:
    if title.startswith(lex.higher_level):
        return False
    m = _PLACE.match(title)
    if not m or m.group().endswith("自治区") or _CITY_AFTER.match(title, m.end()):
        return False
    if title.startswith(lex.other_branch, m.end()):
        return False  # 《XX区人大常委会关于…的决定》: another branch's document
    return not lex.not_places.match_before(title, m.end(), max(0, m.end() - 3))


def _names_own_place(title: str, own_places: tuple[str, ...], lex: Lexicons) -> bool:
    """Does the title start with the reporting place (《丰都县…办法》, 《2023年黔江…方案》, after the
    party's name: 《中共寿县县委办公室…》), and not with another place of the same short name (《南昌市…》
    in 南昌县's report)? Or with the reporting level's own organs (《区委…要点》, 《县政府…》)?"""
    m = _YEAR.match(title)
    start = m.end() if m else 0
    start += len(next((p for p in lex.own_party_prefix if title.startswith(p, start)), ""))
    for place in own_places:  # longest first
        if title.startswith(place, start):
            after = start + len(place)
            if not parse_place(place) and _OTHER_LEVEL.match(title, after):
                return False  # the short form (南昌, no place name) starting another place's name (《南昌市…》)
            return not title.startswith(lex.other_branch, after)
    return bool(own_places) and _names_own_organ(title, start, admin_suffix(own_places[0]), lex)


def _names_own_organ(title: str, start: int, suffix: str, lex: Lexicons) -> bool:
    """Does ``title`` name, at ``start``, an organ of the reporting level without its place name
    (区委… in a 区's report, 县人民政府… in a 自治县's, 街道党工委… in a 街道's, 地委… in a 地区's), and
    no post of it (《县委书记讲话汇编》: a person's words)?"""
    level_word = dict(lex.organ_levels).get(suffix)
    for level in (level_word,) if level_word else dict.fromkeys((suffix, suffix[-1:])):
        if not level or not title.startswith(level, start):
            continue
        after = start + len(level)
        organ = max((o for o in lex.own_organs if title.startswith(o, after)), key=len, default="")
        if organ and not title.startswith(lex.organ_posts, after + len(organ)):
            return True
    return False


def names_own_place(view: str, start: int, own_places: tuple[str, ...], lex: Lexicons) -> bool:
    """Is the 《》 title opening at ``start`` one that starts with the reporting place (the report's
    own document, ANNOTATION.md)?"""
    m = TITLE.match(view, start)
    return bool(m and own_places and _names_own_place(m.group()[1:-1], own_places, lex))


def find_measures(view: str, lex: Lexicons, own_places: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """MEASURE spans of a paragraph; ``own_places`` names the reporting place when it is known."""
    spans: list[tuple[int, int]] = []
    titles = [m.span() for m in TITLE.finditer(view)]
    spans += _title_measures(view, titles, lex, own_places)
    quotes = []
    t = 0  # titles and quotes both come in order: one pointer keeps this linear
    for m in QUOTE.finditer(view):
        while t < len(titles) and titles[t][1] <= m.start():
            t += 1
        if t < len(titles) and titles[t][0] <= m.start():
            continue  # a quote inside a title belongs to the title
        quotes.append(m.span())
    spans += _quote_measures(view, quotes, lex)
    spans.sort()
    out: list[tuple[int, int]] = []
    for s, e in spans:  # never overlapping
        if not out or s >= out[-1][1]:
            out.append((s, e))
    return out


def _title_measures(view: str, titles, lex: Lexicons, own_places: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    out = []
    chain_own = False
    prev_end = -10
    for s, e in titles:
        between = view[prev_end:s] if prev_end >= 0 else None
        chained = between is not None and (between == "" or between in lex.measure_connector)
        content = view[s + 1 : e - 1]
        own = (
            (chained and chain_own)
            or (
                _preceded_by(view, s, lex.document_verbs, lex)
                and not lex.implementing_verbs.match_before(view, s, max(0, s - 4))
            )
            or _looks_like_place(content, lex)
            or _names_own_place(content, own_places, lex)
        )
        chain_own = own
        prev_end = e
        if not own or _REPORT.search(content):
            continue
        unit = _counted_after(view, e, lex)
        if unit:  # 发出《行政执法监督建议书》2份: a counted document is a METRIC
            continue
        head = lex.title_heads.match_at(view, e)
        out.append((s, e + len(head) if head else e))
    return out


def _group_quotes(view: str, quotes):
    """Directly adjacent quotes form one group: “首违不罚”“轻微免罚”."""
    groups: list[list[tuple[int, int]]] = []
    for s, e in quotes:
        if groups and groups[-1][-1][1] == s:
            groups[-1].append((s, e))
        else:
            groups.append([(s, e)])
    return groups


def _quote_measures(view: str, quotes, lex: Lexicons) -> list[tuple[int, int]]:
    groups = _group_quotes(view, quotes)
    decided: list[tuple[int, int, bool]] = []  # (start, end, is_measure)
    i = 0
    while i < len(groups):
        # a list of groups joined by 、/和/及 that ends in a head noun shares that head
        j = i
        while j + 1 < len(groups) and view[groups[j][-1][1] : groups[j + 1][0][0]] in lex.measure_connector:
            j += 1
        last_end = groups[j][-1][1]
        head_end = _head_end(view, last_end, lex)
        if head_end is not None and head_end != _TITLE and j > i:
            members = [(groups[i][0][0], head_end)]
            contents = [view[a + 1 : b - 1] for g in groups[i : j + 1] for a, b in g]
            decided.append((members[0][0], head_end, _accept(view, members[0][0], head_end, contents, True, lex)))
            i = j + 1
            continue
        list_measure = None
        for k in range(i, j + 1):
            s, e = groups[k][0][0], groups[k][-1][1]
            contents = [view[a + 1 : b - 1] for a, b in groups[k]]
            h = _head_end(view, e, lex)
            if h == _TITLE:
                decided.append((s, e, False))
                continue
            end = h if h is not None else e
            ok = _accept(view, s, end, contents, h is not None, lex)
            if not ok and list_measure and h is None and _plain(contents, view, end, lex):
                ok = True  # later items of a list introduced by a measure verb
            if k == i:
                list_measure = ok
            decided.append((s, end, ok))
        i = j + 1
    return [(s, e) for s, e, ok in decided if ok]


def _counted_formula(content: str, lex: Lexicons) -> bool:
    """“四个意识”, “六个体系”: numeral + a counter word opens a political formula."""
    i = 0
    while i < len(content) and content[i] in "一二三四五六七八九十两":
        i += 1
    return 0 < i < len(content) and lex.formula_counters.match_at(content, i) is not None


def _plain(contents, view: str, end: int, lex: Lexicons, enumeration: bool = False) -> bool:
    """Content that can be a name at all: not a slogan, office or punctuated phrase.

    With ``enumeration`` a name may list its steps with 、 (推行“减证办、免证办、一码办”).
    """
    stops = "，,；;。" if enumeration else "、，,；;。"
    for c in contents:
        if c in lex.slogans or any(p in c for p in stops):
            return False
        if _counted_formula(c, lex) and not lex.name_endings.match_before(c, len(c)):
            return False  # “四个意识”, but not “四个专项行动”
        if lex.offices.match_before(c, len(c)):
            return False
    return True


def _listed_as_measures(view: str, pos: int, lex: Lexicons) -> bool:
    """Does the noun phrase at ``pos`` (after 等) end in a measure head (等文化惠民活动)?"""
    k = pos
    while k < len(view) and k - pos < _HEAD_WINDOW and is_cjk(view[k]) and view[k] not in _HEAD_STOP:
        if k > pos and lex.strong_verbs.match_at(view, k):
            break
        k += 1
    head = lex.measure_heads.match_before(view, k, pos) if k > pos else None
    return bool(head) and not lex.open_heads.match_before(view, k, pos) and head not in lex.listed_kinds


def _accept(view: str, s: int, end: int, contents, has_head: bool, lex: Lexicons) -> bool:
    named = has_head and view[view.rfind("”", s, end) + 1 : end] not in lex.formula_weak_heads

    def formula(c: str) -> bool:  # “四个意识”, but “五个一”推进机制 and “四个专项行动” are measures
        return _counted_formula(c, lex) and not (named or lex.name_endings.match_before(c, len(c)))

    if all(c in lex.slogans or formula(c) for c in contents):
        return False
    if all(len(c) < 2 for c in contents):
        return False  # 满“淮”诚意, 应对之“策”: one quoted character is a pun, never a name
    unit = _counted_after(view, end, lex)
    if unit and unit in lex.person_units:
        return False  # 确定“法律明白人”28名: counted people are a METRIC
    if has_head:
        # the quote modifies the head, so an office-like ending (专班) is fine here
        return not lex.rate_suffixes.match_at(view, end)  # “一窗受理”事项比例 names a rate
    verb_before = _preceded_by(view, s, lex.measure_verbs, lex) or (
        view[end : end + 1] != "的" and _preceded_by(view, s, lex.name_issuing_verbs, lex)
    )  # 出台“稳外贸十条”, but 出台“…”的若干措施 names the topic of the document, not it
    if not _plain(contents, view, end, lex, enumeration=verb_before):
        return False
    if any(lex.name_endings.match_before(c, len(c)) for c in contents):
        return True  # “三项制度”, “一网通办”: the name carries its own head
    if unit and view[end : end + 1].isdigit() and _verb_or_clause_before(view, s, lex):
        return True  # 完成“个转企”160户: a measure stays a measure when a number counts it
    nxt = view[end] if end < len(view) else "\x00"
    if nxt == "的" and view.startswith(lex.not_name_after_de, end + 1):
        return False  # 按照“…”的要求: a slogan or principle
    if nxt == "的" and any("、" in c for c in contents):
        return False  # 打造“…、…”的营商环境: a listed goal describes the noun after 的
    if nxt == "等" and _listed_as_measures(view, end + 1, lex) and all(len(c) <= _LISTED_MAX for c in contents):
        return True  # “万人洁城”等行动, “冬病夏治”等项目: the kind of measure follows the list
    if lex.result_nouns.match_at(view, end):
        return True  # 巩固“十年禁渔”成果: what the measure achieved follows it
    if lex.measure_predicates.match_at(view, end) and (s == 0 or view[s - 1] in _CLAUSE_START):
        return True  # “高效办成一件事”全面推进: the measure is the subject of its carrying out
    if is_cjk(nxt) and nxt not in "、和与及暨等的" and not lex.strong_verbs.match_at(view, end):
        return False  # 开展“法律明白人”培训: the quote only modifies a noun that is no head
    return verb_before or _counted_before(view, s, lex)
