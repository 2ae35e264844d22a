"""What a value is: a ``level``, a ``change``, a ``baseline``, a ``target`` or a ``share``; and its period.

Read from the words around the QUANTITY in the normalised view (same offsets as the text):

- ``baseline``: 由/从 (a year) (的) VALUE … 至/到: ``行政诉讼败诉率由2021年的15.3%降低至3.9%`` -> 15.3 is the
  baseline (period 2021), 3.9 the level;
- ``target``: 力争, 确保, 目标, 预期, 预计, 计划, 争取, 控制在 … in the clause, or a frame year after the report's year;
- ``change``: a change verb right before the value (同比增长12%, 比去年同期增长39个, 下降2.1%) or the unit
  个百分点; 增长至/提高到 give a level;
- ``share``: 占 before the value (占全县的35%, 占比达99%) or a metric naming a share (…占比, …比重);
- ``level``: everything else.

The period is the year a value refers to when the sentence says it: the last year (2023年, 2023年度) before the
value that is not a point of comparison (由2021年的, 较2020年), a document title or the start of a range
(2021—2025年, 2019年以来); a baseline's period is its comparison year (上年/去年: the report's year - 1).
"""

from __future__ import annotations

import re

ROLES = ("level", "change", "baseline", "target", "share")

CHANGE_VERB = (
    r"(?:增长|增加|下降|降低|减少|提高|提升|上升|回落|扩大|缩小|缩短|压缩|精简|回升|下滑|收窄|增幅|降幅|增速|"
    r"(?<![新净])增|降|涨|(?<!核)减|(?<![提上])升)"
)
COMPARISON = r"(?:同比|环比|(?:比|较|与)(?:上年同期|去年同期|上年|去年|上一年|\d{4}年(?:底|末)?|改革前)(?:相比)?|相比)"
_CHANGE_BEFORE = re.compile(rf"{CHANGE_VERB}(?:了)?(?:率|速度)?(?:为|达到|达|约|近|超|逾|超过|是)?$")
_GROWTH_NAME = re.compile(r"(?:增速|增幅|降幅|增长率|增长速度)(?:为|达到|达|是)?$")
_BASELINE_BEFORE = re.compile(r"(?:由|从)(?:(?:\d{4}年(?:底|末|初)?|上年|去年|上一年|改革前|原来|原)(?:的)?)?$")
_BASELINE_AFTER = re.compile(rf"^(?:的)?(?:{CHANGE_VERB})?(?:了)?(?:至|到)")
_TARGET = re.compile(
    r"力争|确保(?!了)|目标|预期|预计|计划(?:到|于|在|达到|完成)|按计划|争取|努力实现|将达到?|要达到|控制在|奋斗|期望"
)
_TARGET_FRAME = re.compile(r"(?:预期目标|主要目标|奋斗目标|目标任务|发展目标|工作目标|目标)(?:是|为)?[：:]")
_SHARE_BEFORE = re.compile(r"占(?![地用领有])")
_SHARE_NAME = re.compile(r"(?:占比|比重)$")
_CLAUSE_BREAK = re.compile(r"[，,；;。！!？?：:]")
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年(?:度)?")
_RELATIVE_YEAR = re.compile(r"(上年|去年|上一年)(?:同期)?")
_COMPARISON_BEFORE_YEAR = re.compile(r"(?:由|从|较|比|与|同比|相比|对比)$")
_RANGE_AFTER_YEAR = re.compile(r"^(?:以来|来|起|至今|[-—–~～至到]|底前|前)")
_OPEN_QUOTES = {"《": "》", "“": "”", "〈": "〉"}


def clause_start(view: str, pos: int, floor: int) -> int:
    """Where the clause of ``pos`` begins: after the last ，；。： before it (not before ``floor``)."""
    best = floor
    for m in _CLAUSE_BREAK.finditer(view, floor, pos):
        best = m.end()
    return best


def value_role(
    view: str,
    q_start: int,
    unit_end: int,
    unit: str | None,
    before_floor: int,
    sentence_start: int,
    metric_span: tuple[int, int] | None,
    metric: str | None,
    frame_year: int | None = None,
    report_year: int | None = None,
) -> str:
    """The role of the value at ``q_start`` (see the module docstring).

    ``before_floor``: where the words that belong to this value may begin (the end of the previous value
    in the sentence, or the sentence start); ``metric_span``: its METRIC's offsets, masked out of the words.
    """
    before = view[before_floor:q_start]
    after = view[unit_end : unit_end + 8]
    if _BASELINE_BEFORE.search(before) and _BASELINE_AFTER.search(after):
        return "baseline"
    clause_from = clause_start(view, q_start, sentence_start)
    clause = list(view[clause_from:q_start])
    if metric_span is not None:  # 目标任务完成率: a word of the metric says nothing about the value
        for k in range(max(metric_span[0], clause_from), min(metric_span[1], q_start)):
            clause[k - clause_from] = " "
    clause_text = "".join(clause)
    if (
        _TARGET.search(clause_text)
        or _TARGET_FRAME.search(view, sentence_start, q_start)
        or (frame_year and report_year and frame_year > report_year)
    ):
        return "target"
    if unit == "个百分点" or _CHANGE_BEFORE.search(before) or _GROWTH_NAME.search(before):
        return "change"
    if _SHARE_BEFORE.search(before) or (metric and _SHARE_NAME.search(metric)):
        return "share"
    return "level"


def _inside_quotes(view: str, start: int, pos: int) -> bool:
    for open_, close in _OPEN_QUOTES.items():
        if view.count(open_, start, pos) > view.count(close, start, pos):
            return True
    return False


def years_before(view: str, sentence_start: int, pos: int) -> list[tuple[int, int, str]]:
    """``(end offset, year, kind)`` of the years written in ``view[sentence_start:pos]``.

    ``kind`` is ``"frame"`` (2023年，…), ``"comparison"`` (由2021年的, 较2020年) or ``"relative"`` (上年, 去年:
    ``year`` is -1, to be added to the report's year). Years in titles and range starts are left out.
    """
    found = []
    for m in _YEAR.finditer(view, sentence_start, pos):
        if _inside_quotes(view, sentence_start, m.start()):
            continue
        if _RANGE_AFTER_YEAR.match(view, m.end()) or (m.start() > 0 and view[m.start() - 1] in "-—–~～"):
            continue
        kind = (
            "comparison"
            if _COMPARISON_BEFORE_YEAR.search(view, max(sentence_start, m.start() - 2), m.start())
            else "frame"
        )
        found.append((m.end(), int(m.group(1)), kind))
    for m in _RELATIVE_YEAR.finditer(view, sentence_start, pos):
        found.append((m.end(), -1, "relative"))
    return sorted(found)


def value_period(
    role: str, years: list[tuple[int, int, str]], before_floor: int, report_year: int | None
) -> int | None:
    """The year the value refers to, or None when the sentence does not say (see the module docstring)."""
    if role == "baseline":
        own = [(y, kind) for end, y, kind in years if end >= before_floor and kind != "frame"]
        if not own:
            return None
        year, kind = own[-1]
        if kind == "relative":
            return report_year - 1 if report_year else None
        return year
    frames = [y for _, y, kind in years if kind == "frame"]
    return frames[-1] if frames else None
