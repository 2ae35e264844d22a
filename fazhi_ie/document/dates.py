"""Years and dates of a report: the year it covers (关于2023年…) and when it was published.

Years may be written in digits or digit by digit in Chinese (二〇二三); dates as 2024年1月9日,
2024-01-09 or 2024年2月 日, with or without a label (发布时间：…). ISO 8601 out, as precise as
the text gives it.
"""

from __future__ import annotations

import datetime as _dt
import re

from ..numbers import parse_quantity

BODY_ROLES = ("heading", "body")

YEAR = r"(?:\d{4}|[〇零○Ｏ一二三四五六七八九]{4})"
TITLE_YEAR = re.compile(YEAR + r"\s*年")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def small_int(numeral: str) -> int | None:
    if numeral in _CIRCLED:
        return _CIRCLED.index(numeral) + 1
    try:
        value = parse_quantity(numeral).value
    except ValueError:
        return None
    return int(value) if value.is_integer() and 0 < value < 100 else None


def _year_value(text: str) -> int | None:
    if text.isdigit() and text.isascii():
        year = int(text)
    else:  # 二〇二三: digit by digit
        digits = "".join(
            str("〇一二三四五六七八九".index(ch)) if ch in "〇一二三四五六七八九" else "0" if ch in "零○Ｏ" else ""
            for ch in text
        )
        if len(digits) != len(text):
            return None
        year = int(digits)
    return year if 1949 <= year <= 2100 else None


_OPENING_YEAR = re.compile(r"(" + YEAR + r")\s*年(?!\s*\d{1,2}\s*月)")


def covered_year(lines: list[str], roles: list[str], title: str) -> int | None:
    """The year in the title (关于2023年…, 2022年度…); else the year the body opens with (2023年，…)."""
    if title:
        m = TITLE_YEAR.search(title)
        if m:
            return _year_value(m.group().rstrip("年 \u3000"))
    for line, role in zip(lines, roles):
        if role == "body":
            m = _OPENING_YEAR.match(line)
            return _year_value(m.group(1)) if m else None
    return None


_DAY = r"\d{1,2}|[十一二三四五六七八九]{1,3}|[〇零○][一二三四五六七八九]"
_DATE = (
    rf"(?P<y>{YEAR})\s*(?:年\s*(?P<m>{_DAY})\s*月\s*(?:(?P<d>{_DAY})?\s*日)?"
    rf"|[-/.](?P<m2>\d{{1,2}})[-/.](?P<d2>\d{{1,2}}))"
)
_DATE_LINE = re.compile(
    r"[•·●▪◆■]?\s*[（(]?\s*(?:(?:发布|成文|印发|更新)?(?:日期|时间)\s*[:：]\s*)?"
    + _DATE
    + r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*[）)]?"
)
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
    return small_int(text.replace("〇", "").replace("零", "").replace("○", ""))


def date_of_line(line: str) -> str | None:
    m = _DATE_LINE.fullmatch(line.strip())
    return _iso_date(m) if m else None


def published_date(lines: list[str], roles: list[str]) -> str | None:
    """A labelled date (发布时间：…) first, then the last date line after the body, then the first before it."""
    for line, role in zip(lines, roles):
        if role not in BODY_ROLES:
            m = _LABELLED_DATE.search(line)
            date = _iso_date(m) if m else None
            if date:
                return date
    body = [i for i, role in enumerate(roles) if role in BODY_ROLES]
    last_body = body[-1] if body else -1
    after = [d for i in range(last_body + 1, len(lines)) if roles[i] == "date" and (d := date_of_line(lines[i]))]
    if after:
        return after[-1]
    before = [d for i in range(len(lines)) if roles[i] == "date" and (d := date_of_line(lines[i]))]
    return before[0] if before else None
