"""Who reports: place names and the names of government bodies, from title, letterhead, signature
or the opening sentence.

The lexicon ``report_organs.txt`` lists organs (人民政府, 司法局 …), party prefixes, the suffixes of
administrative divisions and words that look like places but are not. ``parse_organ`` turns a body's
name into its place (中共丰都县委 -> 丰都县); ``reporting_body`` finds the report's issuer and region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lexicons import SectionReader
from .dates import TITLE_YEAR, YEAR


@dataclass(frozen=True)
class _Organs:
    party_prefixes: tuple[str, ...]
    admin_suffixes: tuple[str, ...]
    not_place: frozenset[str]
    not_place_stems: frozenset[str]
    not_place_endings: tuple[str, ...]
    organs: tuple[str, ...]
    department_endings: tuple[str, ...]
    branch_endings: tuple[str, ...]
    subject_followers: tuple[str, ...]


def _by_length(words) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _rules() -> _Organs:
    read = SectionReader("report_organs.txt")
    rules = _Organs(
        _by_length(read("report_organs.txt", "party_prefix")),
        _by_length(read("report_organs.txt", "admin_suffix")),
        frozenset(read("report_organs.txt", "not_place")),
        frozenset(read("report_organs.txt", "not_place_stem")),
        _by_length(read("report_organs.txt", "not_place_ending")),
        _by_length(read("report_organs.txt", "organ")),
        _by_length(read("report_organs.txt", "department_ending")),
        _by_length(read("report_organs.txt", "branch_ending")),
        _by_length(read("report_organs.txt", "subject_follower")),
    )
    read.check_all_read()
    return rules


_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def parse_place(text: str) -> str | None:
    """``text`` if it is a place name (丰都县, 重庆市黔江区, 石柱土家族自治县王场镇), else None.

    Only the longest administrative suffix counts, and something must come before it (自治区, 新区
    alone name no place); no place name holds 委 or 各, repeats its suffix (沅江市市|场监管局), is a
    pronoun with a suffix (我街道, 本州) or ends like a group of places (全县各乡镇, 各县市区)."""
    rules = _rules()
    if not (2 <= len(text) <= 30) or not _CJK_ONLY.fullmatch(text) or text in rules.not_place:
        return None
    if text.startswith("关于") or "委" in text or "各" in text or text.endswith(rules.not_place_endings):
        return None
    suffix = admin_suffix(text)
    if not suffix:
        return None
    stem = text[: -len(suffix)]
    if not stem or stem in rules.not_place_stems or (suffix in _ONE_CHARACTER_LEVELS and stem.endswith(suffix)):
        return None
    return text


#: Suffixes that a place name never doubles (沅江市市, 南县县, 雨湖区区).
_ONE_CHARACTER_LEVELS = ("市", "县", "区")


def admin_suffix(place: str) -> str:
    """The administrative suffix that ends ``place`` (自治县 for 芷江侗族自治县), or ""."""
    return next((s for s in _rules().admin_suffixes if place.endswith(s)), "")


def own_places(region: str | None) -> tuple[str, ...]:
    """The names under which a report's own documents name its place, longest first.

    ``region`` as written (重庆市黔江区) gives itself, its lowest level (黔江区) and that level's
    short form without the division suffix (黔江); higher levels (重庆市) are another government.
    """
    if not region or not parse_place(region):
        return ()
    lowest = region
    for cut in range(len(region) - 2, 0, -1):  # the shortest tail that is a place after a place
        if parse_place(region[cut:]) and parse_place(region[:cut]):
            lowest = region[cut:]
            break
    names = [region, lowest]
    suffix = admin_suffix(lowest)
    if len(lowest) - len(suffix) >= 2:
        names.append(lowest[: len(lowest) - len(suffix)])
    return tuple(sorted(dict.fromkeys(names), key=len, reverse=True))


def parse_organ(text: str) -> str | None:
    """The place name of a body's name (中共丰都县委 -> 丰都县, 富源县司法局 -> 富源县), else None."""
    rules = _rules()
    text = text.strip()
    if len(text) > 60:  # longer than any body's name (and the department search below is quadratic)
        return None
    for prefix in rules.party_prefixes:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    for organ in rules.organs:
        if text.endswith(organ) and len(text) > len(organ):
            place = parse_place(text[: -len(organ)])
            if place:
                # an office a government sends out (鲤城区人民政府金龙街道办事处): its place is 鲤城区金龙街道
                dispatched = place.replace(_GOVERNMENT, "", 1)
                return dispatched if _GOVERNMENT in place and parse_place(dispatched) else place
    for ending in rules.branch_endings:  # 广州市公安局增城区分局: the branch's place within the body's
        if text.endswith(ending):
            body, inner = _split_branch(text[: -len(ending)])
            if body and inner:
                return parse_organ(body) + inner
    # a department not in the lexicon: place names followed by a department name (XX县|乡村振兴局,
    # 重庆市|黔江区|行政审批服务局)
    for ending in rules.department_endings:
        if text.endswith(ending):
            place = _place_chain(text[: -len(ending)])
            if place:
                return place
    return None


def _place_chain(text: str) -> str | None:
    """The place names at the start of ``text``, one after another (重庆市|黔江区|行政审批…, 恩施州|来凤县|…):
    the shortest first (with 市, 县, 区 or 省 after a name ending in 州: 广州|市, 贵州|省), then each next
    one of three characters or more, or of two ending in 县 (信阳市|新县)."""
    place = next((text[:cut] for cut in range(2, len(text)) if parse_place(text[:cut])), None)
    if place and place.endswith("州") and text[len(place) : len(place) + 1] in tuple("市县区省"):
        place = text[: len(place) + 1] if parse_place(text[: len(place) + 1]) else place
    while place:
        nxt = next(
            (
                text[len(place) : cut]
                for cut in range(len(place) + 2, len(text))
                if parse_place(text[len(place) : cut]) and (cut - len(place) >= 3 or text[cut - 1] == "县")
            ),
            None,
        )
        if nxt is None:
            return place
        place += nxt
    return None


_GOVERNMENT = "人民政府"


def _split_branch(text: str) -> tuple[str | None, str | None]:
    """(a body's name, a place) of the text before a branch's ending (广州市公安局|增城区), else Nones."""
    for cut in range(len(text) - 2, 1, -1):
        inner = parse_place(text[cut:])
        if inner and parse_organ(text[:cut]):
            return text[:cut], inner
    return None, None


_NAME_SEPARATORS = re.compile(r"[\s、，,]+")  # not 和: 发展和改革委员会 is one name


def organs_of(text: str) -> list[tuple[str, str]]:
    """(name, place) of every body named in ``text`` (bodies separated by spaces or 、)."""
    found = []
    for token in _NAME_SEPARATORS.split(text.strip()):
        place = parse_organ(token) if token else None
        if place:
            found.append((token, place))
    return found


def is_organ_line(line: str) -> bool:
    tokens = [t for t in _NAME_SEPARATORS.split(line.strip()) if t]
    return 1 <= len(tokens) <= 4 and all(parse_organ(t) for t in tokens)


_LABELLED_SOURCE = re.compile(r"(?:信息来源|来源|发布机构|发文机关|发布单位)\s*[:：]\s*([^\s:：]+)")
_BULLET_NAME = re.compile(r"[•·●▪◆■]\s*([\u4e00-\u9fff]+)")
_BODY_AFTER_YEAR = ("法治", "依法", "人民政府", "政府", "关于")
#: A site's tag before a title (【法治建设报告】湖北省司法厅…).
_TITLE_TAG = re.compile(r"^[【\[][^】\]]{1,12}[】\]]\s*")


def reporting_body(
    lines: list[str], roles: list[str], title_i: int | None, title: str
) -> tuple[str | None, str | None]:
    """(issuer, region): from the title, else the letterhead, the site's metadata, the signature, the
    opening sentence."""
    if title_i is not None:
        title = _TITLE_TAG.sub("", title.strip())
        year = TITLE_YEAR.search(title)
        about = title.find("关于")
        before = title[:about] if about > 0 else title[: year.start()].removeprefix("关于") if year else ""
        found = organs_of(before)
        if found:
            return "、".join(name for name, _ in found), found[0][1]
        place = parse_place(before.strip())
        if not place and year:  # 2023年XX县法治政府建设年度报告
            rest = title[year.end() :].lstrip("度")
            place = next(
                (
                    rest[:cut]
                    for cut in range(2, min(len(rest), 30))
                    if parse_place(rest[:cut]) and rest[cut:].startswith(_BODY_AFTER_YEAR)
                ),
                None,
            )
        if place:  # the title names a place only: the body's name may be in the page's metadata
            issuer, _ = _body_outside_title(lines, roles, title_i, place)
            return issuer, place
    issuer, region = _body_outside_title(lines, roles, title_i, None)
    if region is None:
        issuer, region = opening_subject(next((line for line, role in zip(lines, roles) if role == "body"), ""))
    return issuer, region


#: The year that opens a report's first sentence (2023年，/ 2022年度， / 2021年以来，).
_OPENING_YEAR = re.compile(r"\s*" + YEAR + r"年(?:度|以来)?\s*[，,]\s*")
#: A clause on who led or guided the work, before the subject (在区委、区政府的正确领导下，多宝街道…).
_LED_BY = re.compile(r"在[^，,。；;]{1,60}?(?:领导|指导|支持|监督)[^，,。；;]{0,6}?下\s*[，,]\s*")
#: 现将XX区人民政府2023年法治政府建设年度情况报告如下.
_PRESENTING = re.compile(r"现将([\u4e00-\u9fff]{2,40}?)" + YEAR + "年")
#: A party committee and its government named as one (平江县委县政府, 区委区政府): the committee is the body.
_PARTY_AND_GOVERNMENT = re.compile(r"(?<=委)(?=[省市县区州旗盟镇乡](?:人民)?政府)")
#: How far into the opening line a subject is looked for (the formula comes first).
_OPENING_REACH = 200


def opening_subject(line: str) -> tuple[str | None, str | None]:
    """(issuer, region) of the body that opens a report's first sentence, else Nones.

    Reports without a title that names them usually begin with the formula 2023年，<body>坚持以…
    (or 在市委、市政府的领导下，<body>…, or 现将<body>2023年…报告如下). The body's name ends at the
    first ``subject_follower`` word or 、; it counts only when it is a body's name or a place name
    (我局, 全市, 省政府 are not: the place is elsewhere).
    """
    head = line[:_OPENING_REACH]
    presented = _PRESENTING.search(head)
    if presented:
        return _named(presented.group(1))
    m = _OPENING_YEAR.match(head)
    if not m:
        return None, None
    rest = head[m.end() :]
    while led := _LED_BY.match(rest):  # 在党中央坚强领导下，在省委高度重视和省人大支持监督下，全省…
        rest = rest[led.end() :]
    if rest.startswith("在"):  # a clause that the formula does not close: no subject to read
        return None, None
    followers = _rules().subject_followers
    for end in range(2, min(len(rest), 31)):
        if rest[end] in "，,。；;":
            break
        if rest[end] == "、" or rest.startswith(followers, end):
            return _named(rest[:end])
    return None, None


def _named(name: str) -> tuple[str | None, str | None]:
    """(name, its place) when ``name`` is a body's name, (None, name) when a place name, else Nones;
    of a committee named with its government (平江县委县政府), the committee."""
    name = _PARTY_AND_GOVERNMENT.split(name, maxsplit=1)[0]
    place = parse_organ(name)
    if place:
        return name, place
    return (None, name) if parse_place(name) else (None, None)


def _body_outside_title(
    lines: list[str], roles: list[str], title_i: int | None, region: str | None
) -> tuple[str | None, str | None]:
    """(issuer, region) from the letterhead, the site's metadata or the signature; with
    ``region`` given, only a body of that place counts."""
    letterhead = [
        (i, name, place)
        for i, line in enumerate(lines)
        if roles[i] == "letterhead" and is_organ_line(line)
        for name, place in organs_of(line)
        if region in (None, place)
    ]
    if letterhead:
        t = title_i or 0  # the body named nearest the title, above it first, gives the region
        region = min(letterhead, key=lambda b: (b[0] > t, abs(b[0] - t)))[2]
        return "、".join(dict.fromkeys(name for _, name, place in letterhead if place == region)), region
    for i, line in enumerate(lines):
        if roles[i] in ("web", "letterhead", "date"):
            m = _LABELLED_SOURCE.search(line) or _BULLET_NAME.fullmatch(line.strip())
            place = parse_organ(m.group(1)) if m else None
            if place and region in (None, place):
                return m.group(1), place
    for i, line in enumerate(lines):
        if roles[i] == "signature":
            found = [(name, place) for name, place in organs_of(line) if region in (None, place)]
            if found:
                return "、".join(name for name, _ in found), found[0][1]
    return None, region
