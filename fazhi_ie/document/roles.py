"""The role of every line of a report: web remnants, letterhead, title, addressee, date, heading,
body, signature, contact, page number or note.

Front matter runs until the first prose after the title, back matter from the end while lines
are signatures, dates or contacts; in between only page numbers and web remnants leave the body.
Boilerplate patterns are data (``lexicons/report_boilerplate.txt``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..lexicons import SectionReader
from .dates import TITLE_YEAR, date_of_line
from .headings import leading_heading
from .issuer import is_organ_line

#: Roles of a paragraph. Only "heading" and "body" paragraphs are the report's body.
ROLES = (
    "web",
    "letterhead",
    "title",
    "addressee",
    "date",
    "heading",
    "body",
    "signature",
    "contact",
    "page_number",
    "note",
)

_MAX_BOILERPLATE_CHARS = 100


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[tuple[str, re.Pattern], ...]:
    read = SectionReader("report_boilerplate.txt")
    sections = [name for name in read.files["report_boilerplate.txt"] if name]
    for role in sections:
        if role not in ROLES:
            raise ValueError(f"report_boilerplate.txt: unknown role [{role}]")
    patterns = tuple((role, re.compile(p)) for role in sections for p in read("report_boilerplate.txt", role))
    read.check_all_read()
    return patterns


_TITLE = re.compile(r"(?:报告|总结|年报|报告书|情况)$")
_ADDRESSEE = re.compile(r"[^，。,.;；：:\s]{2,30}[：:]")
_PROSE_MARKS = re.compile(r"[，。,；;]")
_MARKER_START = re.compile(
    r"[一二三四五六七八九十]{1,3}\s*[、，,．.]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|\d{1,2}\s*[.、](?!\d)"
)


def _boilerplate_role(line: str) -> str | None:
    if date_of_line(line):
        return "date"
    if len(line) > _MAX_BOILERPLATE_CHARS or _MARKER_START.match(line):
        return None
    for role, pattern in _boilerplate():
        if pattern.search(line):
            return role
    return None


def _is_prose(line: str) -> bool:
    return len(line) >= 40 or bool(_PROSE_MARKS.search(line.rstrip("。")))


def looks_like_title(line: str) -> bool:
    stripped = line.strip().rstrip("。")
    return (
        len(stripped) <= 80
        and "。" not in stripped
        and not _MARKER_START.match(stripped)
        and bool(_TITLE.search(stripped))
        and ("法治" in stripped or bool(TITLE_YEAR.search(stripped)))
    )


def line_roles(lines: list[str]) -> list[str]:
    """The role of every line (see ``ROLES``)."""
    roles: list[str | None] = [_boilerplate_role(line) for line in lines]
    n = len(lines)
    first_prose = next(
        (i for i, line in enumerate(lines) if roles[i] is None and _is_prose(line) and not looks_like_title(line)), n
    )
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
        elif is_organ_line(line):
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
            if is_organ_line(lines[back]):
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
    return (start, end) if looks_like_title("".join(lines[start : end + 1])) else None


def _title_part(line: str) -> bool:
    """A line that may begin a title broken over lines: short, no sentence, no body's name alone."""
    line = line.strip()
    return (
        len(line) <= 40
        and not _is_prose(line)
        and not _MARKER_START.match(line)
        and not is_organ_line(line)
        and ("关于" in line or bool(TITLE_YEAR.search(line)) or "法治" in line)
    )


def _heading_only(line: str) -> bool:
    head = leading_heading(line)
    return head is not None and head[3] >= len(line.rstrip("。：:；; "))
