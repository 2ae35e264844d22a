"""A whole report: who reports, for which year, when it was published, and its structure.

``read_report`` sorts the report's lines (paragraphs, ``split_paragraphs``) into the body
and the rest: web page remnants, letterhead, title, addressee, signature, dates, contact
lines and page numbers (patterns in ``lexicons/report_boilerplate.txt``). From the title
and letterhead it reads the reporting body (``lexicons/report_organs.txt``: place name +
organ) and the year the report covers; each body paragraph gets its heading path
(一、 > （一） > 1. > （1） > ① > 一是). All offsets index the caller's original text.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from .lexicon import read_sections
from .numbers import parse_quantity
from .paragraphs import split_paragraphs
from .text import ensure_text, matching_view, read_text

#: Roles of a paragraph. Only "heading" and "body" paragraphs are the report's body.
ROLES = ("web", "letterhead", "title", "addressee", "date", "heading", "body",
         "signature", "contact", "page_number", "note")
BODY_ROLES = ("heading", "body")

#: Heading levels from outermost to innermost; ``Heading.level`` indexes this tuple + 1.
HEADING_LEVELS = ("一、", "（一）", "1.", "（1）", "①", "一是")
ITEM_LEVEL = 6  # 一是/二是 items hold for their own stretch of text, never for the next paragraph
HEADING_LABEL_CHARS = 40  # heading paths show at most this many characters of a heading's title

_MAX_BOILERPLATE_CHARS = 100


@dataclass(frozen=True)
class Heading:
    """A numbered heading (一、… （一）… 1.… （1）… ①… 一是…) found in the body.

    ``start``/``end`` cover marker and title in the original text (the title ends at the
    first 。；：！？ or at the next 一是-style item); ``label`` is what heading paths show.
    """

    level: int
    number: int
    marker: str
    title: str
    start: int
    end: int

    @property
    def label(self) -> str:
        """Marker and title; a long title is cut at its first comma, else after 40 characters."""
        title = self.title
        if len(title) > HEADING_LABEL_CHARS:
            comma = min((i for i in (title.find("，"), title.find(",")) if i >= 4), default=-1)
            title = title[:comma] if 0 < comma <= HEADING_LABEL_CHARS else title[:HEADING_LABEL_CHARS] + "…"
        return self.marker + title


@dataclass(frozen=True)
class Paragraph:
    """One non-empty line of the report.

    ``id`` is ``<document>-<0-based line number, 4 digits>`` as in the gold JSONL files.
    ``headings``: the headings this paragraph sits under, outermost first, its own
    heading included. ``items``: the 一是/二是 items inside the paragraph.
    """

    id: str
    line: int
    start: int
    end: int
    text: str
    role: str
    headings: tuple[Heading, ...] = ()
    items: tuple[Heading, ...] = ()

    @property
    def is_body(self) -> bool:
        return self.role in BODY_ROLES

    @property
    def heading_path(self) -> tuple[str, ...]:
        """Labels of the headings, plus the 一是 item the paragraph starts with, if any."""
        path = [h.label for h in self.headings]
        if self.items and self.items[0].start == self.start:
            path.append(self.items[0].label)
        return tuple(path)

    def heading_path_at(self, offset: int) -> tuple[str, ...]:
        """The heading path of the text at ``offset`` (an index of the report's text)."""
        path = [h.label for h in self.headings]
        item = None
        for it in self.items:
            if it.start <= offset:
                item = it
        if item is not None:
            path.append(item.label)
        return tuple(path)


@dataclass(frozen=True)
class Report:
    """A report read by ``read_report``.

    ``region``: the reporting body's place name as written (重庆市黔江区); ``issuer``: the
    body's full name(s) (重庆市黔江区人民政府); ``year``: the year the report covers
    (关于2023年… -> 2023, not the year of publication); ``published``: the publication or
    signing date in ISO 8601, as precise as the text gives it ("2024-01-09", "2024-02").
    """

    text: str
    name: str | None = None
    title: str | None = None
    issuer: str | None = None
    region: str | None = None
    year: int | None = None
    published: str | None = None
    paragraphs: tuple[Paragraph, ...] = field(default_factory=tuple)

    @property
    def body(self) -> tuple[Paragraph, ...]:
        """The paragraphs of the report's body (headings and text), in order."""
        return tuple(p for p in self.paragraphs if p.is_body)

    @cached_property
    def _starts(self) -> list[int]:
        return [p.start for p in self.paragraphs]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph that contains ``offset``, or None (a line break, blank space)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.paragraphs[i].end:
            return self.paragraphs[i]
        return None

    def heading_path_at(self, offset: int) -> tuple[str, ...]:
        """The heading path of the text at ``offset``; empty outside the body."""
        p = self.paragraph_at(offset)
        return p.heading_path_at(offset) if p is not None and p.is_body else ()


# --- reading ---------------------------------------------------------------------------


def read_report(source: str | Path, name: str | None = None) -> Report:
    """Read a report from a file (a ``Path`` or the string of an existing file's path) or text.

    ``name`` names the document (paragraph ids, tables); it defaults to a file's stem.
    """
    if isinstance(source, Path) or (isinstance(source, str) and _is_file(source)):
        path = Path(source)
        return parse_report(read_text(path), name=path.stem if name is None else name)
    return parse_report(ensure_text(source), name=name)


def read_reports(folder: str | Path, pattern: str = "*.txt") -> list[Report]:
    """Every report file under ``folder`` matching ``pattern`` (subfolders too), sorted by path."""
    folder = Path(folder)
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder}: not a folder")
    return [read_report(p) for p in sorted(folder.rglob(pattern)) if p.is_file()]


def _is_file(text: str) -> bool:
    if not text or len(text) > 1024 or "\n" in text or "\x00" in text:
        return False
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


def parse_report(text: str, name: str | None = None) -> Report:
    """The ``Report`` of a text already in memory."""
    text = ensure_text(text)
    view = matching_view(text)
    spans = split_paragraphs(view)
    lines = [view[s:e] for s, e in spans]
    roles = _roles(lines)
    headings = _heading_paths(text, view, spans, roles)

    line_breaks = [m.start() for m in _LINE_BREAK.finditer(text)]
    paragraphs = []
    for (s, e), role, (heads, items) in zip(spans, roles, headings):
        line = bisect.bisect_left(line_breaks, s)
        pid = f"{name}-{line:04d}" if name else f"{line:04d}"
        paragraphs.append(Paragraph(pid, line, s, e, text[s:e], role, heads, items))

    title_lines = [i for i, role in enumerate(roles) if role == "title"]  # a title may take two or three lines
    title_i = title_lines[0] if title_lines else None
    title = "".join(text[spans[i][0]:spans[i][1]] for i in title_lines) or None
    title_view = "".join(lines[i] for i in title_lines)
    issuer, region = _reporting_body(lines, roles, title_i, title_view)
    year = _covered_year(lines, roles, title_view)
    return Report(text=text, name=name, title=title, issuer=issuer, region=region, year=year,
                  published=_published(lines, roles), paragraphs=tuple(paragraphs))


_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")


# --- rules as data ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Rules:
    boilerplate: tuple[tuple[str, re.Pattern], ...]
    party_prefixes: tuple[str, ...]
    admin_suffixes: tuple[str, ...]
    not_place: frozenset[str]
    organs: tuple[str, ...]
    department_endings: tuple[str, ...]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    boiler = read_sections("report_boilerplate.txt")
    organs = read_sections("report_organs.txt")
    patterns = tuple((role, re.compile(p)) for role, entries in boiler.items() if role for p in entries)
    for role, _ in patterns:
        if role not in ROLES:
            raise ValueError(f"report_boilerplate.txt: unknown role [{role}]")
    by_length = lambda words: tuple(sorted(words, key=len, reverse=True))  # noqa: E731
    return _Rules(patterns, by_length(organs["party_prefix"]), by_length(organs["admin_suffix"]),
                  frozenset(organs["not_place"]), by_length(organs["organ"]), by_length(organs["department_ending"]))


# --- places and organs -----------------------------------------------------------------

_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def parse_place(text: str) -> str | None:
    """``text`` if it is a place name (丰都县, 重庆市黔江区, 石柱土家族自治县王场镇), else None."""
    rules = _rules()
    if not (2 <= len(text) <= 30) or not _CJK_ONLY.fullmatch(text) or text in rules.not_place:
        return None
    if text.startswith("关于"):
        return None
    for suffix in rules.admin_suffixes:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text
    return None


def parse_organ(text: str) -> str | None:
    """The place name of a body's name (中共丰都县委 -> 丰都县, 富源县司法局 -> 富源县), else None."""
    rules = _rules()
    text = text.strip()
    if len(text) > 60:  # longer than any body's name (and the department search below is quadratic)
        return None
    for prefix in rules.party_prefixes:
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    for organ in rules.organs:
        if text.endswith(organ) and len(text) > len(organ):
            place = parse_place(text[:-len(organ)])
            if place:
                return place
    # a department not in the lexicon: the shortest place name followed by a department name
    for ending in rules.department_endings:
        if text.endswith(ending):
            for cut in range(2, len(text) - len(ending)):
                place = parse_place(text[:cut])
                if place:
                    return place
    return None


_NAME_SEPARATORS = re.compile(r"[\s、，,]+")  # not 和: 发展和改革委员会 is one name


def _organs_of(text: str) -> list[tuple[str, str]]:
    """(name, place) of every body named in ``text`` (bodies separated by spaces or 、)."""
    found = []
    for token in _NAME_SEPARATORS.split(text.strip()):
        place = parse_organ(token) if token else None
        if place:
            found.append((token, place))
    return found


def _is_organ_line(line: str) -> bool:
    tokens = [t for t in _NAME_SEPARATORS.split(line.strip()) if t]
    return 1 <= len(tokens) <= 4 and all(parse_organ(t) for t in tokens)


# --- roles -----------------------------------------------------------------------------

_YEAR = r"(?:\d{4}|[〇零○Ｏ一二三四五六七八九]{4})"
_TITLE = re.compile(r"(?:报告|总结|年报|报告书|情况)$")
_TITLE_YEAR = re.compile(_YEAR + r"\s*年")
_ADDRESSEE = re.compile(r"[^，。,.;；：:\s]{2,30}[：:]")
_PROSE_MARKS = re.compile(r"[，。,；;]")
_MARKER_START = re.compile(
    r"[一二三四五六七八九十]{1,3}\s*[、，,．.]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|\d{1,2}\s*[.、](?!\d)")


def _boilerplate_role(line: str) -> str | None:
    if _date_of_line(line):
        return "date"
    if len(line) > _MAX_BOILERPLATE_CHARS or _MARKER_START.match(line):
        return None
    for role, pattern in _rules().boilerplate:
        if pattern.search(line):
            return role
    return None


def _is_prose(line: str) -> bool:
    return len(line) >= 40 or bool(_PROSE_MARKS.search(line.rstrip("。")))


def _looks_like_title(line: str) -> bool:
    stripped = line.strip().rstrip("。")
    return (len(stripped) <= 80 and "。" not in stripped and not _MARKER_START.match(stripped)
            and bool(_TITLE.search(stripped)) and ("法治" in stripped or bool(_TITLE_YEAR.search(stripped))))


def _roles(lines: list[str]) -> list[str]:
    """The role of every line (see ``ROLES``)."""
    roles: list[str | None] = [_boilerplate_role(line) for line in lines]
    n = len(lines)
    first_prose = next((i for i, line in enumerate(lines) if roles[i] is None and _is_prose(line)
                        and not _looks_like_title(line)), n)
    title = next((t for i in range(first_prose) if roles[i] is None and (t := _title_lines(lines, roles, i))), None)
    front_end = 0
    if title is not None:
        title_start, title_end = title
        for i in range(title_start):
            roles[i] = roles[i] or "letterhead"
        for i in range(title_start, title_end + 1):
            roles[i] = "title"
        front_end = title_end + 1
    # front matter goes on while lines are boilerplate, names of bodies or an addressee (市委、市政府：)
    while front_end < n:
        line = lines[front_end]
        if roles[front_end] is not None:
            pass
        elif _is_organ_line(line):
            roles[front_end] = "letterhead"
        elif _ADDRESSEE.fullmatch(line.strip()):
            roles[front_end] = "addressee"
        else:
            break
        front_end += 1
    # back matter: signatures, dates, contact lines, page numbers at the end
    back = n - 1
    while back >= front_end:
        if roles[back] is None:
            if _is_organ_line(lines[back]):
                roles[back] = "signature"
            else:
                break
        back -= 1
    # between front and back matter only page numbers and web page remnants are not body:
    # a short line with 电话： or a date there is the report's own text
    for i in range(front_end, back + 1):
        if roles[i] not in _ANYWHERE:
            roles[i] = None
    return [role or ("heading" if _heading_only(line) else "body") for role, line in zip(roles, lines)]


_ANYWHERE = (None, "page_number", "web")


def _title_lines(lines: list[str], roles: list[str | None], end: int) -> tuple[int, int] | None:
    """(first, last) line of a title that ends at line ``end``, which may be broken over up to
    three lines (关于2023年度法治政府建设 / 工作情况的报告), or None."""
    if not _TITLE.search(lines[end].strip().rstrip("。")):
        return None
    start = end
    while start > 0 and end - start < 2 and roles[start - 1] is None and _title_part(lines[start - 1]):
        start -= 1
    return (start, end) if _looks_like_title("".join(lines[start:end + 1])) else None


def _title_part(line: str) -> bool:
    """A line that may begin a title broken over lines: short, no sentence, no body's name alone."""
    line = line.strip()
    return (len(line) <= 40 and not _is_prose(line) and not _MARKER_START.match(line)
            and not _is_organ_line(line) and ("关于" in line or bool(_TITLE_YEAR.search(line)) or "法治" in line))


def _heading_only(line: str) -> bool:
    head = _leading_heading(line)
    return head is not None and head[3] >= len(line.rstrip("。：:；; "))


# --- headings --------------------------------------------------------------------------

_CN = "一二三四五六七八九十"
_LEADING = (
    (1, re.compile(rf"([{_CN}]{{1,3}})\s*[、，,．.]")),
    (2, re.compile(rf"[（(]\s*([{_CN}]{{1,3}})\s*[）)]")),
    (3, re.compile(r"(\d{1,2})\s*[.、](?!\d)")),
    (4, re.compile(r"[（(]\s*(\d{1,2})\s*[）)]")),
    (5, re.compile(r"([①②③④⑤⑥⑦⑧⑨⑩])")),
)
_ITEM = re.compile(rf"([{_CN}]{{1,3}})是")
_ITEM_BOUNDARY = "。；;：:！？!?，,、 \u3000"
_TITLE_END = re.compile(r"[。；;：:！？!?]")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def _small_int(numeral: str) -> int | None:
    if numeral in _CIRCLED:
        return _CIRCLED.index(numeral) + 1
    try:
        value = parse_quantity(numeral).value
    except ValueError:
        return None
    return int(value) if value.is_integer() and 0 < value < 100 else None


def _leading_heading(line: str) -> tuple[int, int, int, int] | None:
    """(level, number, marker end, title end) of a heading that starts ``line``."""
    for level, pattern in _LEADING:
        m = pattern.match(line)
        if m:
            number = _small_int(next(g for g in m.groups() if g))
            if number is None:
                return None
            return level, number, m.end(), _title_end(line, m.end())
    return None


def _title_end(line: str, start: int, limit: int | None = None) -> int:
    limit = len(line) if limit is None else limit
    m = _TITLE_END.search(line, start, limit)
    return m.start() if m else limit


def _items(line: str) -> list[tuple[int, int]]:
    """(number, start) of the 一是/二是/… items of a line, in order.

    An item counts when it starts the line, when its marker follows punctuation, or when it
    continues the count (三是 right after 二是's text without a full stop); 一是 inside a
    word (统一是) is taken only to open the first count of the line, with 二是 after it.
    """
    found: list[tuple[int, int]] = []
    expected = 1
    for m in _ITEM.finditer(line):
        number = _small_int(m.group(1))
        if number is None:
            continue
        at_boundary = m.start() == 0 or line[m.start() - 1] in _ITEM_BOUNDARY
        if m.start() == 0:  # 二是… opening a paragraph goes on from the paragraph before
            found, expected = [(number, 0)], number + 1
        elif number == 1 and (at_boundary or (not found and "二是" in line[m.end():])):  # a count starts
            found.append((1, m.start()))
            expected = 2
        elif found and number == expected:
            found.append((number, m.start()))
            expected += 1
    return found


def _heading_paths(text: str, view: str, spans: list[tuple[int, int]], roles: list[str]):
    """(headings, items) of every paragraph; headings persist until a sibling or parent.

    Markers are found in the view, titles are cut from the original text.
    """
    stack: list[Heading] = []
    out = []
    for (s, e), role in zip(spans, roles):
        if role not in BODY_ROLES:
            out.append(((), ()))
            continue
        line = view[s:e]
        item_marks = _items(line)
        own = _leading_heading(line)
        if own is not None:
            level, number, marker_end, title_end = own
            if item_marks:  # (三)优化服务依法履职便企利民一是政务服务提质增效 : the title stops at 一是
                title_end = min(title_end, item_marks[0][1])
            heading = Heading(level, number, text[s:s + marker_end].strip(),
                              text[s + marker_end:s + title_end].strip(), s, s + title_end)
            stack = [h for h in stack if h.level < level] + [heading]
        items = []
        for k, (number, start) in enumerate(item_marks):
            stop = item_marks[k + 1][1] if k + 1 < len(item_marks) else len(line)
            end = _title_end(line, start + 2, stop)
            items.append(Heading(ITEM_LEVEL, number, text[s + start:s + start + 2],
                                 text[s + start + 2:s + end].strip(), s + start, s + end))
        out.append((tuple(stack), tuple(items)))
    return out


# --- reporting body, year, date --------------------------------------------------------

_LABELLED_SOURCE = re.compile(r"(?:信息来源|来源|发布机构|发文机关|发布单位)\s*[:：]\s*([^\s:：]+)")
_BULLET_NAME = re.compile(r"[•·●▪◆■]\s*([\u4e00-\u9fff]+)")
_BODY_AFTER_YEAR = ("法治", "依法", "人民政府", "政府", "关于")


def _reporting_body(lines: list[str], roles: list[str], title_i: int | None,
                    title: str) -> tuple[str | None, str | None]:
    """(issuer, region): from the title, else the letterhead, the site's metadata, the signature."""
    if title_i is not None:
        title = title.strip()
        year = _TITLE_YEAR.search(title)
        about = title.find("关于")
        before = title[:about] if about > 0 else title[:year.start()].removeprefix("关于") if year else ""
        found = _organs_of(before)
        if found:
            return "、".join(name for name, _ in found), found[0][1]
        place = parse_place(before.strip())
        if not place and year:  # 2023年XX县法治政府建设年度报告
            rest = title[year.end():].lstrip("度")
            place = next((rest[:cut] for cut in range(2, min(len(rest), 30))
                          if parse_place(rest[:cut]) and rest[cut:].startswith(_BODY_AFTER_YEAR)), None)
        if place:  # the title names a place only: the body's name may be in the page's metadata
            issuer, _ = _body_outside_title(lines, roles, title_i, place)
            return issuer, place
    return _body_outside_title(lines, roles, title_i, None)


def _body_outside_title(lines: list[str], roles: list[str], title_i: int | None,
                        region: str | None) -> tuple[str | None, str | None]:
    """(issuer, region) from the letterhead, the site's metadata or the signature; with
    ``region`` given, only a body of that place counts."""
    letterhead = [(i, name, place) for i, line in enumerate(lines) if roles[i] == "letterhead" and _is_organ_line(line)
                  for name, place in _organs_of(line) if region in (None, place)]
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
            found = [(name, place) for name, place in _organs_of(line) if region in (None, place)]
            if found:
                return "、".join(name for name, _ in found), found[0][1]
    return None, region


def _year_value(text: str) -> int | None:
    if text.isdigit() and text.isascii():
        year = int(text)
    else:  # 二〇二三: digit by digit
        digits = "".join(str("〇一二三四五六七八九".index(ch)) if ch in "〇一二三四五六七八九" else
                         "0" if ch in "零○Ｏ" else "" for ch in text)
        if len(digits) != len(text):
            return None
        year = int(digits)
    return year if 1949 <= year <= 2100 else None


_OPENING_YEAR = re.compile(r"(" + _YEAR + r")\s*年(?!\s*\d{1,2}\s*月)")


def _covered_year(lines: list[str], roles: list[str], title: str) -> int | None:
    """The year in the title (关于2023年…, 2022年度…); else the year the body opens with (2023年，…)."""
    if title:
        m = _TITLE_YEAR.search(title)
        if m:
            return _year_value(m.group().rstrip("年 \u3000"))
    for line, role in zip(lines, roles):
        if role == "body":
            m = _OPENING_YEAR.match(line)
            return _year_value(m.group(1)) if m else None
    return None


_DAY = r"\d{1,2}|[十一二三四五六七八九]{1,3}|[〇零○][一二三四五六七八九]"
_DATE = (rf"(?P<y>{_YEAR})\s*(?:年\s*(?P<m>{_DAY})\s*月\s*(?:(?P<d>{_DAY})?\s*日)?"
         rf"|[-/.](?P<m2>\d{{1,2}})[-/.](?P<d2>\d{{1,2}}))")
_DATE_LINE = re.compile(
    r"[•·●▪◆■]?\s*[（(]?\s*(?:(?:发布|成文|印发|更新)?(?:日期|时间)\s*[:：]\s*)?" + _DATE
    + r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*[）)]?")
_LABELLED_DATE = re.compile(r"(?:发布|成文|印发|更新)?(?:日期|时间)\s*[:：]\s*" + _DATE)


def _iso_date(m: re.Match) -> str | None:
    """ISO 8601 of a date match, as precise as written ("2024-02" for 2024年2月 日)."""
    year = _year_value(m.group("y"))
    month = _day_value(m.group("m") or m.group("m2"))
    day = _day_value(m.group("d") or m.group("d2"))
    if year is None or month is None or not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _day_value(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit() and text.isascii():
        return int(text)
    return _small_int(text.replace("〇", "").replace("零", "").replace("○", ""))


def _date_of_line(line: str) -> str | None:
    m = _DATE_LINE.fullmatch(line.strip())
    return _iso_date(m) if m else None


def _published(lines: list[str], roles: list[str]) -> str | None:
    """A labelled date (发布时间：…) first, then the last date line after the body, then the first before it."""
    for line, role in zip(lines, roles):
        if role not in BODY_ROLES:
            m = _LABELLED_DATE.search(line)
            date = _iso_date(m) if m else None
            if date:
                return date
    body = [i for i, role in enumerate(roles) if role in BODY_ROLES]
    last_body = body[-1] if body else -1
    after = [d for i in range(last_body + 1, len(lines)) if roles[i] == "date" and (d := _date_of_line(lines[i]))]
    if after:
        return after[-1]
    before = [d for i in range(len(lines)) if roles[i] == "date" and (d := _date_of_line(lines[i]))]
    return before[0] if before else None
