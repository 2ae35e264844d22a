"""The step after records: each record's indicator, confidence, scope, value role, period and reference.

``annotate(extraction)`` returns one ``RecordInfo`` per record of an ``Extraction`` (same order), without
changing the records: ``Record.key()`` and the scores stay what they were. Roles and periods come first
(``roles.py``), then the indicator (``linking.py``; a growth rate in % fits any indicator), then links:

- a ``change`` refers to the value it changes when the text puts them together: the previous value of the
  sentence, with only comparison words and the change verb between them (地区生产总值1234亿元，同比增长5.6%;
  比去年同期增长39个); a growth in % of a value in % is linked only when both name the same metric;
- a ``baseline`` refers to the value it was changed to (由2021年的15.3%降低至3.9% -> 3.9);
- a change or baseline without a metric or an indicator of its own takes those of the value it refers to.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass

from ..document.paragraphs import sentence_bounds, split_paragraphs
from ..text import matching_view
from ..types import NAME_LABELS, Extraction, Label, Record, Span
from .catalogue import Catalogue, load_catalogue
from .linking import MetricContext, link_metric
from .roles import COMPARISON, value_period, value_role, years_before

_CHANGE_GAP = re.compile(
    r"^[，,、；;\s]*(?:按可比价(?:格)?计算[，,]?)?(?:(?:但|并|且|其中)?(?:{cmp})?(?:共|累计)?(?:{verb})(?:了)?"
    r"(?:为|达到|达|约|近|超|逾|超过)?)$".format(
        cmp=COMPARISON,
        verb=r"增长|增加|下降|降低|减少|提高|提升|上升|回落|扩大|缩小|缩短|压缩|回升|下滑|收窄|增|降|涨|减|升|净增",
    )
)
_BASELINE_GAP = re.compile(r"^(?:的)?[\u4e00-\u9fff]{0,4}?(?:了)?(?:至|到)$")
RATE_UNITS = ("%", "‰")
_LIST_JOINERS = ("、", "和", "及", "与", "，", ",")


@dataclass(frozen=True)
class RecordInfo:
    """What the annotation step adds to ``Extraction.records[index]``.

    ``metric``: the record's metric, or for a change/baseline without one, the metric of the value it
    refers to. ``indicator``: a catalogue id or None (unmapped records are kept). ``confidence``: of the
    indicator link (1.0 exact form … 0.6 subject from a heading; 0 when unmapped). ``how``: which rule
    linked it. ``scope``: the leading words of the metric that restrict it (县政府单独被告, 行政机关 …).
    ``subject``: the subject a bare metric (受理, 审结) took from its context. ``role``: level, change,
    baseline, target or share. ``period``: the year the value refers to, when the text gives one.
    ``refers_to``: index of the record a change changes or a baseline precedes.
    """

    index: int
    record: Record
    metric: str | None
    indicator: str | None
    confidence: float
    how: str | None
    scope: str | None
    subject: str | None
    role: str
    period: int | None
    refers_to: int | None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["record"] = self.record.to_dict()
        return d


def _bounds_index(bounds: list[int], pos: int) -> int:
    """Start of the segment (``bounds`` are segment ends) that holds ``pos``."""
    k = bisect.bisect_right(bounds, pos)
    return bounds[k - 1] if k else 0


def _metric_span(record: Record, names: list[Span]) -> Span | None:
    """The METRIC/MEASURE span the record's metric came from: the nearest one with its text."""
    if record.metric is None:
        return None
    same = [s for s in names if s.text == record.metric]
    if not same:
        return None
    return min(
        same, key=lambda s: (s.end > record.start, abs((s.end if s.end <= record.start else s.start) - record.start))
    )


def annotate(
    extraction: Extraction,
    *,
    year: int | None = None,
    heading_at: Callable[[int], tuple[str, ...]] | None = None,
    catalogue: Catalogue | None = None,
) -> tuple[RecordInfo, ...]:
    """One ``RecordInfo`` per record of ``extraction`` (see the module docstring).

    ``year``: the year the report covers (for 上年/去年 and targets after it); ``heading_at(offset)``: the
    heading path at an offset (``Report.heading_path_at``), a last place to look for a bare metric's subject.
    """
    catalogue = catalogue or load_catalogue()
    text = extraction.text
    view = matching_view(text)
    ends = sentence_bounds(view)
    paragraph_starts = [s for s, _ in split_paragraphs(view)]
    names = [s for s in extraction.spans if s.label in NAME_LABELS]
    units = {s.start: s for s in extraction.spans if s.label == Label.UNIT}
    records = extraction.records

    # pass 1: role and period of every value, from the words around it
    rows = []
    prev_end, prev_sentence = None, None
    for i, r in enumerate(records):
        unit_span = units.get(r.end)
        unit_end = unit_span.end if unit_span else r.end
        paragraph = _bounds_index(paragraph_starts[1:], r.start) if paragraph_starts else 0
        sentence = max(_bounds_index(ends, r.start), paragraph)  # a heading line ends a sentence too
        same_value = i > 0 and records[i - 1].start == r.start  # one value shared by several metrics
        if same_value:
            rows.append(dict(rows[-1], index=i))
            rows[-1]["metric_span"] = _metric_span(r, names)
            continue
        floor = prev_end if prev_sentence == sentence and prev_end is not None else sentence
        span = _metric_span(r, names)
        years = years_before(view, sentence, r.start)
        frames = [y for _, y, kind in years if kind == "frame"]
        unit = unicodedata.normalize("NFKC", r.unit) if r.unit else None
        role = value_role(
            view,
            r.start,
            unit_end,
            unit,
            floor,
            sentence,
            (span.start, span.end) if span else None,
            r.metric,
            frames[-1] if frames else None,
            year,
        )
        if (
            role == "level"
            and rows
            and rows[-1]["sentence"] == sentence
            and rows[-1]["role"] in ("change", "target")
            and view[rows[-1]["unit_end"] : r.start] in _LIST_JOINERS
        ):
            role = rows[-1]["role"]  # 分别增长7.5%、8.6%: the list goes on
        rows.append(
            {
                "index": i,
                "sentence": sentence,
                "paragraph": paragraph,
                "floor": floor,
                "unit_end": unit_end,
                "metric_span": span,
                "role": role,
                "period": value_period(role, years, floor, year),
            }
        )
        prev_end, prev_sentence = unit_end, sentence

    # pass 2: what a change or a baseline refers to
    refers: dict[int, int] = {}
    for i, row in enumerate(rows):
        r = records[i]
        if row["role"] == "change":
            j = _changed_value(i, rows, records, view)
            if j is not None:
                refers[i] = j
        elif row["role"] == "baseline" and i + 1 < len(records) and rows[i + 1]["sentence"] == row["sentence"]:
            nxt = records[i + 1]
            if _BASELINE_GAP.match(view[row["unit_end"] : nxt.start]) and (
                r.metric is None or nxt.metric is None or r.metric == nxt.metric
            ):
                refers[i] = i + 1

    # pass 3: the indicator, then what changes and baselines inherit
    infos: list[RecordInfo] = []
    for i, (r, row) in enumerate(zip(records, rows)):
        span = row["metric_span"]
        ctx = MetricContext(
            view=view,
            metric_start=span.start if span else r.start,
            metric_end=span.end if span else r.start,
            sentence_start=row["sentence"],
            paragraph_start=row["paragraph"],
            clause_floor=row["floor"],
            heading=" ".join(heading_at(r.start)) if heading_at else "",
        )
        unit = unicodedata.normalize("NFKC", r.unit) if r.unit else None
        match = link_metric(r.metric, unit, catalogue, ctx, change=row["role"] in ("change", "target"))
        infos.append(
            RecordInfo(
                index=i,
                record=r,
                metric=r.metric,
                indicator=match.indicator if match else None,
                confidence=match.confidence if match else 0.0,
                how=match.how if match else None,
                scope=match.scope if match else None,
                subject=match.subject if match else None,
                role=row["role"],
                period=row["period"],
                refers_to=refers.get(i),
            )
        )
    for i, j in refers.items():  # what a change or baseline refers to is a level, never another change
        info, target = infos[i], infos[j]
        if info.indicator is None and target.indicator is not None:
            infos[i] = _replace(
                info,
                metric=info.metric or target.metric,
                indicator=target.indicator,
                confidence=round(target.confidence * 0.9, 3),
                how="refers_to",
                scope=target.scope,
                subject=target.subject,
            )
        elif info.metric is None:
            infos[i] = _replace(info, metric=target.metric)
    return tuple(infos)


def _replace(info: RecordInfo, **changes) -> RecordInfo:
    return RecordInfo(**{**info.__dict__, **changes})


def _changed_value(i: int, rows: list[dict], records: tuple[Record, ...], view: str) -> int | None:
    """The record the change ``i`` changes, when the text puts it right before the change."""
    r = records[i]
    j = i - 1
    while j >= 0 and records[j].start == r.start:
        j -= 1
    if j < 0 or rows[j]["sentence"] != rows[i]["sentence"] or rows[j]["role"] not in ("level", "target", "share"):
        return None
    # several metrics sharing one value: the first of them
    while j > 0 and records[j - 1].start == records[j].start:
        j -= 1
    prev = records[j]
    gap = view[rows[j]["unit_end"] : r.start]
    same_metric = r.metric is not None and r.metric == prev.metric
    if not (same_metric or _CHANGE_GAP.match(gap)):
        return None
    unit = unicodedata.normalize("NFKC", r.unit) if r.unit else None
    prev_unit = unicodedata.normalize("NFKC", prev.unit) if prev.unit else None
    if unit == "个百分点" and prev_unit not in RATE_UNITS:
        return None
    if unit in RATE_UNITS and prev_unit in RATE_UNITS and not same_metric:
        return None  # 按时办结率100%，同比增长27.8%: the text does not say what grew
    return j


def annotate_report(report, extraction: Extraction, catalogue: Catalogue | None = None) -> tuple[RecordInfo, ...]:
    """``annotate`` with the report's year and heading paths (``report``: a ``fazhi_ie.Report``)."""
    return annotate(extraction, year=report.year, heading_at=report.heading_path_at, catalogue=catalogue)
