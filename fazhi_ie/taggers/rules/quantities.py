"""QUANTITY and UNIT spans: numbers that report a value, and the unit right after them.

One linear scan with a regex that cannot backtrack catastrophically (atomic groups, no
nested repeats), then a chain of exclusions from ANNOTATION.md ("Never a QUANTITY"):
dates, times, ordinals, list markers, codes, phone numbers, numerals inside quotes,
titles and names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...lexicons import Lexicons, is_cjk
from ...numbers import CN_DIGITS

_CN = "零〇一二两三四五六七八九十百千万亿"
_BASE = r"(?:\d++(?:,\d{3}(?!\d))*+(?:\.\d++)?+|[" + _CN + r"]++(?:点[零〇一二三四五六七八九]++)?+)"
_RANGE_SEP = "至到~～\\-—－–"
# A decimal point written as a middle dot or set between spaces (上涨1·8%, 增长5 . 5%): one number
# only before a percent sign, as 8·6地震 and 1·2 are dates or codes.
_ODD_DECIMAL = r"\d{1,3}(?:[·・]| ?[.．] ?)\d{1,3}(?=[%％‰])"
# Arabic digits mixed with magnitudes (7万5千4百, 1亿5千余万) and slash fractions of small whole
# numbers (3/5, not 2024/2025 nor a code): one QUANTITY each, so that fazhi_ie.numbers reads the
# whole surface (issue 13).
_MAGS = r"[十百千万亿]++(?:[余多][十百千万亿]++)?+[余多]?+"
_MIXED = r"\d++(?:\.\d++)?+[余多]?+" + _MAGS + r"(?:\d++" + _MAGS + r")++"
_SLASH_FRACTION = r"(?<![\d/.])\d{1,3}/\d{1,3}(?![/\d.])"
# A written minus sign belongs to the value (净利润负10000元, 增速为负2%) unless 负 ends a word:
# 减负85亿元, 担负3项, 3胜2负1平.
_WORDS_ENDING_IN_FU = "减担肩背抱胜自辜重欺正身荷载欠不孤"
NUMBER = re.compile(
    r"(?>"
    r"百分之[零〇一二两三四五六七八九十百千]++(?:点[零〇一二三四五六七八九]++)?+"
    r"|(?:\d++|[" + _CN + r"]++)分之(?:\d++(?:\.\d++)?+|[" + _CN + r"点]++)"
    r"|" + "|".join((_ODD_DECIMAL, _SLASH_FRACTION, _MIXED, _BASE)) + r"(?:[余多])?+(?:[万亿]{1,2}|千万)?+(?:[余多])?+"
    r"(?:[" + _RANGE_SEP + r"]" + _BASE + r"(?:[余多])?+(?:[万亿]{1,2})?+)?+"
    r")"
)
_RANGE_SPLIT = re.compile("[" + _RANGE_SEP + "]")
# Regions whose numerals are never QUANTITY: quoted names, titles, document numbers, phones.
QUOTED = re.compile(r"“[^“”\n]{0,120}”|《[^《》\n]{0,200}》|「[^「」\n]{0,120}」|\"[^\"\n]{0,120}\"")
_CODES = re.compile(
    r"[〔\[［(（]\d{4}[〕\]］)）]\s?第?\d+号"  # 〔2023〕38号
    r"|\d{3,4}-\d{7,8}"  # landline
    r"|(?<!\d)1[3-9]\d{9}(?!\d)"  # mobile
    r"|(?<![\d.])(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}(?![\d.])"  # 2023-03-30, 2023.3.30
    r"|(?<![\d.])(?:19|20)\d{2}[-./](?:0?[1-9]|1[0-2])(?![\d.%％万亿元])"  # 2023-03, 2023.3 (a month)
    r"|(?<!\d)\d{1,2}[:：]\d{2}(?:[:：]\d{2})?(?!\d)"  # 19:26, 9:30:00
    r"|(?<![\d.])\d{1,2}[·・]\d{1,2}(?![\d%％‰])"  # 5·12地震: a date that names an event
)
_MAX_UNIT_GAP = 12
#: After a Latin unit these join it to more of a code or compound unit (kW·h), so it is no unit alone.
_WORD_JOINERS = "·・•"
#: A Chinese numeral with these is a count even before a name unit: 一百余种, 两千余种.
_LARGE_CN = frozenset("百千万亿余多")
_SERVICE_NUMBER = re.compile(r"12\d{3}|11[0-9]|12[0-2]")
_DIGIT_STRING = re.compile("[〇零一二三四五六七八九]{3,}")
_CLAUSE_START = set("。；;：:！？!?\n\r\t \u3000")
_RATIO_MARKS = ":：︰∶"
_MAGNITUDE_AFTER_SPACE = "万亿余多"


@dataclass(frozen=True)
class QuantityMatch:
    start: int
    end: int
    unit_start: int | None = None
    unit_end: int | None = None

    def unit_in(self, view: str) -> str | None:
        """The unit's text in ``view``, or None without one."""
        return view[self.unit_start : self.unit_end] if self.unit_end is not None else None


def excluded_regions(view: str, lex: Lexicons) -> list[tuple[int, int]]:
    """Sorted regions in which no numeral is a QUANTITY."""
    regions = [m.span() for m in QUOTED.finditer(view)]
    regions += [m.span() for m in _CODES.finditer(view)]
    regions += [m.span() for m in lex.numeric_names_pattern.finditer(view)]
    regions += [m.span() for m in lex.announced_list.finditer(view)]
    regions += [m.span() for m in lex.numbered_name.finditer(view)]
    regions.sort()
    return regions


class _RegionIndex:
    """Answers 'is position p inside a region?' for increasing p in amortised O(1)."""

    def __init__(self, regions):
        self.regions = regions
        self.i = 0

    def covers(self, pos: int) -> bool:
        regions = self.regions
        while self.i < len(regions) and regions[self.i][1] <= pos:
            self.i += 1
        j = self.i
        while j < len(regions) and regions[j][0] <= pos:
            if pos < regions[j][1]:
                return True
            j += 1
        return False


def _after_counter(view: str, s: int, lex: Lexicons) -> bool:
    """Does a web page's counter or catalogue label (``[counter_prefix]``) end right before ``s``,
    spaces and a colon allowed after it and spaces inside it (索 引 号)?"""
    k = s
    while k > 0 and s - k < 4 and view[k - 1] in " \u3000:：":
        k -= 1
    before = "".join(view[max(0, k - 12) : k].split())
    return before.endswith(lex.counter_prefixes)


def bracketed_marker(view: str, start: int, end: int) -> bool:
    """Is ``view[start:end]`` a number alone in brackets: a list marker (1) or a footnote reference
    (清单[1]扩容增效), never a QUANTITY (ANNOTATION.md)? The model backend drops the network's
    QUANTITY spans there too."""
    return 0 < start and end < len(view) and view[start - 1] in "(（[［【" and view[end] in ")）]］】"


def _is_year(surface: str) -> bool:
    first = _RANGE_SPLIT.split(surface, maxsplit=1)[0]
    return len(first) == 4 and first.isdigit() and 1900 <= int(first) <= 2100


def _fix_range(view: str, s: int, e: int) -> int:
    """Cut a false range ('023-1234567', '5-2') back to its first number; returns the end."""
    surface = view[s:e]
    parts = _RANGE_SPLIT.split(surface, maxsplit=1)
    if len(parts) == 1:
        return e
    lo, hi = parts
    lo_d, hi_d = lo.rstrip("余多万亿"), hi.rstrip("余多万亿")
    if lo_d.replace(".", "").isdigit() and hi_d.replace(".", "").isdigit():
        try:
            ok = float(hi_d) > float(lo_d) and len(hi_d) <= len(lo_d) + 1 and not lo_d.startswith("0")
        except ValueError:
            ok = False
        if not ok:
            return s + len(lo)
    return e


def find_quantities(view: str, lex: Lexicons, blocked: list[tuple[int, int]] | None = None) -> list[QuantityMatch]:
    """QUANTITY (+ UNIT) matches in ``view``; ``blocked`` adds regions such as MEASURE spans."""
    regions = excluded_regions(view, lex)
    if blocked:
        regions = sorted(regions + list(blocked))
    index = _RegionIndex(regions)
    out: list[QuantityMatch] = []
    n = len(view)
    taken_to = 0
    for m in NUMBER.finditer(view):
        s, e = m.span()
        if s < taken_to or index.covers(s):
            continue
        e = _fix_range(view, s, e)
        if e == m.end() and view[s].isdigit() and e < n and view[e] == " ":
            gap = e  # 1.3 万件, 240 余人次: a space inside the number
            while gap < n and view[gap] == " " and gap - e < 2:
                gap += 1
            k = gap
            while k < n and view[k] in _MAGNITUDE_AFTER_SPACE and k - gap < 2:
                k += 1
            if k > gap:
                e = taken_to = k
        surface = view[s:e]
        is_arabic = surface[0].isdigit()
        word_form = "分之" in surface
        prev = view[s - 1] if s else "\x00"  # a sentinel: "" would be `in` every string
        prev2 = view[max(0, s - 2) : s]
        nxt = view[e] if e < n else "\x00"
        nxt2 = view[e : e + 2]
        unit_after = _unit_at(view, e, lex)  # the unit right after the number, looked up once
        if not is_arabic and not word_form and not any(c in CN_DIGITS + "十" for c in surface):
            # 千余人, 近百场, 上万人: a bare magnitude counts only when approximated and counted
            if not _bare_magnitude_counts(view, s, e, surface, unit_after, lex):
                continue  # 万, 百 alone: part of a word (百姓, 万众)
        if prev == "前" and prev2 != "提前":
            continue  # 全国前30, 全省前三位: a rank; 前三季度: a period (but 提前10天 is a duration)
        if prev in "数几" and not is_arabic:
            continue  # 数十次, 几百人: no value is reported
        if (
            _DIGIT_STRING.fullmatch(surface)
            or (nxt.isdigit() or prev.isdigit())
            and not is_arabic
            or is_arabic
            and (prev in "〇零一二三四五六七八九" or nxt in "〇零一二三四五六七八九")
        ):
            continue  # 二〇二三(年), 二0二0: a year or code spelled digit by digit, not a count
        if (
            prev in "第届"
            or (prev.isascii() and prev.isalpha())
            or (nxt.isascii() and nxt.isalpha() and unit_after is None)
        ):
            continue  # ordinal, or part of a code such as G20 / 5G (but 30GWh, 1980P: a unit)
        lead_end = s - 1 if prev in ":：" else s
        bare_digits = surface.isdigit() and len(surface) >= 3
        if bare_digits and lex.code_prefixes.match_before(view, lead_end, max(0, lead_end - 10)) and not unit_after:
            continue  # 邮编409000, 电话：12345 (but 咨询电话1.2万余人次 is a count)
        if unit_after == "年" and view.endswith(lex.time_frame, 0, s):
            continue  # 近三年来, 近两年: the frame of what is reported
        if surface.isdigit() and not unit_after and _after_counter(view, s, lex):
            continue  # 阅读:0, 访问次数: 147, 索 引 号 10001: the web page's, not the report's
        if prev in "-—－/" and s >= 2 and view[s - 2].isdigit():
            continue  # tail of a code, date or phone
        # list markers: 1.  1、  (1)  一、  一是
        at_clause_start = s == 0 or prev in _CLAUSE_START or (prev in "(（" and (s < 2 or view[s - 2] in _CLAUSE_START))
        if bracketed_marker(view, s, e):
            continue  # a list marker (1) or a footnote reference: 清单[1]扩容增效
        if at_clause_start and (nxt in "、．" or (nxt == "." and not view[e + 1 : e + 2].isdigit()) or nxt == "是"):
            continue
        if not is_arabic and (
            view.startswith("次全会", e) or view.startswith("中全会", e) or view.startswith("次全体会议", e)
        ):
            continue  # 六届三次全会: an ordinal session
        if not is_arabic and nxt == "是":
            continue
        if (
            nxt in _RATIO_MARKS
            and view[e + 1 : e + 2].isdigit()
            or prev in _RATIO_MARKS
            and view[s - 2 : s - 1].isdigit()
        ):
            continue  # time of day 9:30, ratio 17.3:41.2:41.5
        if prev in "时分" and is_arabic and view[s - 2 : s - 1].isdigit():
            continue  # 09时24分: the minutes of a time of day
        if not is_arabic and lex.cn_name_units.match_at(view, e) and not _LARGE_CN.intersection(surface):
            continue  # 二期工程, 五种思维: a name, not a count (but 一百余种 counts)
        if not is_arabic and view.startswith("次会议", e) and "届" in view[max(0, s - 8) : s]:
            continue  # 八届人大四次会议: an ordinal session
        if nxt in "时点" and is_arabic:
            continue
        if nxt in "日号" or nxt2 == "月份":
            continue
        if nxt == "月" and is_arabic:
            continue
        if nxt == "年":
            if _is_year(surface) or view[e : e + 3] in lex.year_word or view[e : e + 2] in lex.year_word:
                continue
            if not is_arabic and not prev2.endswith(lex.clause_before_event):
                continue  # 三年行动: a name, not a duration
        if is_arabic and _is_year(surface):
            # a bare year (2023,共收到…) unless a unit other than 年 follows
            if not unit_after:
                continue
        digits = surface.replace(".", "").replace(",", "")
        if is_arabic and surface.startswith("0") and len(surface) > 1 and surface[1] not in ".．·・ ":
            continue  # 023 area code, 001 serial
        if lex.name_after.match_at(view, e):
            continue  # 75周年, 千亿级, 6.0版, 全国10强
        numbered = lex.numbered_names.match_at(view, e)
        if numbered and len(numbered) >= len(unit_after or ""):
            continue  # 5大产业集群 (but 4大类)
        if is_arabic and surface.endswith(".0") and is_cjk(nxt) and not unit_after:
            continue  # 服务业扩大开放2.0方案: a version
        unit = unit_after
        us = ue = None
        e_unit = e
        if unit is None and nxt == " ":
            gap = e
            while gap < n and gap - e < _MAX_UNIT_GAP and view[gap] == " ":
                gap += 1  # 78 件, or 78</b>件 whose tag the view blanked out
            unit = _unit_at(view, gap, lex)
            if unit is not None:
                e_unit = gap
        if unit is not None:
            blocker = lex.not_units.match_at(view, e_unit)
            if blocker and len(blocker) > len(unit):
                unit = None  # 4部门: 部 starts the word 部门
        if unit is not None:
            us, ue = e_unit, e_unit + len(unit)
            if unit in lex.category_units and _names_a_class(view, ue, lex):
                continue  # 65岁以上老年人: an age that defines who is counted
            tail = _unit_tail(view, ue, unit, lex)
            if tail > ue:
                ue = tail  # 件(次), 户（人）次, 吨/日
            elif lex.name_after_unit.match_at(view, ue):
                continue  # 20万吨级航道: a size class, not a value
            elif (
                unit in lex.name_duration_units
                and is_cjk(view[ue : ue + 1] or "x")
                and not lex.approx_after.match_at(view, ue)
                and view[ue] not in "内后前"
            ):
                continue  # 15分钟生活圈: a duration that names a service radius
        if not is_arabic and not word_form and unit is None:
            if not any(c in "百千万亿" for c in surface) or len(surface) < 2:
                continue  # a bare Chinese numeral is a word, not a value
        if (
            not is_arabic
            and not word_form
            and surface in ("一", "两")
            and not (unit in lex.small_count_units or unit in lex.streak_units and prev2 == "连续")
        ):
            continue  # 一次办, 一批, 两个确立: too ambiguous to count (but 召开两次会议, 连续两年)
        if is_arabic and unit is None and digits.isdigit() and len(digits) >= 11:
            continue  # IDs and phone numbers, not reported values
        if unit is None and _SERVICE_NUMBER.fullmatch(surface) and is_cjk(nxt):
            continue  # 12348公共法律服务热线: a service number names the hotline
        before_sign = view[s - 2] if s >= 2 else " "
        if prev == "负" and not (before_sign in _WORDS_ENDING_IN_FU or before_sign.isascii() and before_sign.isalnum()):
            s -= 1  # 负10000: the sign is part of the value
        out.append(QuantityMatch(s, e, us, ue))
    return out


_BARE_MAGNITUDES = frozenset(("百", "千", "万", "百万", "千万", "百亿", "千亿", "万亿"))
_CLAUSE_END = frozenset("，。；、：！？,;:!?）)")


def _bare_magnitude_counts(view: str, s: int, e: int, surface: str, unit: str | None, lex: Lexicons) -> bool:
    """Is a magnitude without a digit at ``view[s:e]`` a reported value? 千余人, 近百场, 上万人 (one
    magnitude, approximated or after 近上逾超约), or 突破千亿元, 新增百家 where its unit (and 以上…)
    ends the clause; 百姓, 万众, 千年, 超百亿元企业 and 千亿元级 are words or classes."""
    bare = surface.rstrip("余多")
    if not unit or bare not in _BARE_MAGNITUDES:
        return False
    prev = view[s - 1] if s else ""
    if len(bare) == 1 and (surface != bare or prev and prev in "近上逾超约"):
        return True
    if unit == "年" or not lex.bare_magnitude_before.match_before(view, s, max(0, s - 4)):
        return False
    end = e + len(unit)
    approx = lex.approx_after.match_at(view, end)
    if approx:
        end += len(approx)
    return end >= len(view) or view[end] in _CLAUSE_END or bool(lex.bare_magnitude_end.match_at(view, end))


def _names_a_class(view: str, pos: int, lex: Lexicons) -> bool:
    """Does a noun follow the unit ending at ``pos``, after an optional 以上/以下/以内 (or 及以上)?"""
    k = pos + 1 if view[pos : pos + 1] == "及" else pos
    bound = lex.approx_after.match_at(view, k)
    if bound:
        pos = k + len(bound)
    return pos < len(view) and is_cjk(view[pos])


_BRACKETS = {"(": ")", "（": "）"}


def _unit_tail(view: str, pos: int, unit: str, lex: Lexicons) -> int:
    """Where the UNIT ``unit`` ending at ``pos`` really ends: a bracketed unit written as its variant
    (件(次), 套（间）, and 户（人）次 where 户次 or 人次 is a unit) and up to two slashes with a unit of
    time, person or area (吨/日, 元/人/年) belong to it. Returns ``pos`` when nothing follows."""
    end = pos
    close = _BRACKETS.get(view[end : end + 1])
    if close:
        variant = lex.units.match_at(view, end + 1, min(len(view), end + 4))
        if variant and view[end + 1 + len(variant) : end + 2 + len(variant)] == close:
            end += len(variant) + 2
            if view[end : end + 1] == "次" and (unit + "次" in lex.units or variant + "次" in lex.units):
                end += 1
            return end
    for _ in range(2):
        if view[end : end + 1] != "/":
            break
        per = lex.per_units.match_at(view, end + 1, min(len(view), end + 5))
        if not per:
            break
        end += 1 + len(per)
    return end


def _unit_at(view: str, pos: int, lex: Lexicons) -> str | None:
    """The lexicon unit at ``pos``. A Latin one must end the word: 30GWh and 1.5亿kW·h are values
    with their units, 100MWp and 5G are names (a Latin letter, digit or joining dot follows)."""
    unit = lex.units.match_at(view, pos)
    if unit is None and pos and view[pos - 1] in "万亿":
        unit = lex.magnitude_units.match_at(view, pos)  # 450万方, but not 15方成员
    if unit and unit[0].isascii() and unit[0].isalpha():
        after = view[pos + len(unit) : pos + len(unit) + 1]
        if after and ((after.isascii() and after.isalnum()) or after in _WORD_JOINERS):
            return None
    return unit
