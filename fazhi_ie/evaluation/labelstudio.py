"""Label Studio round trip: paragraphs with the extractor's pre-annotations out, gold JSONL back in.

``tasks_from_reports`` writes Label Studio's JSON import format: one task per paragraph with its
text in ``data`` and the extractor's spans as ``predictions`` (``labels`` results on the ``text``
field) plus relations from each QUANTITY to its METRIC/MEASURE and UNIT. ``LABEL_CONFIG`` is the
labelling interface to paste into the project. ``examples_from_export`` reads a Label Studio JSON
export back: the newest annotation of each task that was not cancelled becomes a gold ``Example``.
Records follow the annotator's relations (QUANTITY -> name, QUANTITY -> UNIT); a QUANTITY without any
relation is linked by ``fazhi_ie.records`` as the extractor would, so unannotated links are never lost.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..lexicons import load as load_lexicons
from ..numbers import parse_quantity
from ..records import build_records
from ..text import matching_view
from ..types import LABELS, NAME_LABELS, Extraction, Label, Span
from .corpus import Example

FROM_NAME, TO_NAME = "label", "text"
LABEL_CONFIG = f"""<View>
  <Relations>
    <Relation value="metric"/>
    <Relation value="unit"/>
  </Relations>
  <Labels name="{FROM_NAME}" toName="{TO_NAME}">
{chr(10).join(f'    <Label value="{label}"/>' for label in LABELS)}
  </Labels>
  <Text name="{TO_NAME}" value="$text" granularity="symbol"/>
</View>
"""


class LabelStudioError(ValueError):
    """A Label Studio export that cannot be read as gold; the message names the task."""


def _span_result(span: Span, rid: str, origin: str) -> dict:
    return {
        "id": rid,
        "from_name": FROM_NAME,
        "to_name": TO_NAME,
        "type": "labels",
        "origin": origin,
        "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [span.label]},
    }


def task(paragraph_id: str, doc: str, result: Extraction, model_version: str) -> dict:
    """One Label Studio task: the paragraph and the extractor's spans and links as a prediction."""
    ids = {span: f"p{i}" for i, span in enumerate(result.spans)}
    items = [_span_result(span, ids[span], "prediction") for span in result.spans]
    by_start = {(s.start, s.label): s for s in result.spans}
    names = {s.text: s for s in result.spans if s.label in NAME_LABELS}
    for rec in result.records:
        quantity = by_start.get((rec.start, Label.QUANTITY))
        if quantity is None:
            continue
        unit = next(
            (
                s
                for s in result.spans
                if s.label == Label.UNIT and s.start >= rec.end and result.text[rec.end : s.start].strip() == ""
            ),
            None,
        )
        for target, kind in ((names.get(rec.metric), "metric"), (unit if rec.unit else None, "unit")):
            if target is not None:
                items.append(
                    {
                        "from_id": ids[quantity],
                        "to_id": ids[target],
                        "type": "relation",
                        "direction": "right",
                        "labels": [kind],
                    }
                )
    return {
        "data": {"text": result.text, "doc": doc, "paragraph_id": paragraph_id},
        "predictions": [{"model_version": model_version, "result": _unique(items)}],
    }


def _unique(items: list[dict]) -> list[dict]:
    seen, out = set(), []
    for item in items:
        key = json.dumps(item, sort_keys=True, ensure_ascii=False)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def tasks_from_reports(reports: Iterable, extractor, model_version: str) -> Iterator[dict]:
    """Tasks for the body paragraphs of ``reports`` (``fazhi_ie.document.Report``), pre-annotated."""
    for report in reports:
        body = [p for p in report.paragraphs if p.is_body]
        for paragraph, result in zip(body, extractor.extract_many(p.text for p in body)):
            yield task(paragraph.id, report.name or "", result, model_version)


def _newest_annotation(item: dict, where: str) -> dict | None:
    done = [a for a in item.get("annotations") or [] if not a.get("was_cancelled")]
    if not done:
        return None
    return max(done, key=lambda a: (a.get("updated_at") or a.get("created_at") or "", a.get("id") or 0))


def example_from_task(item: dict, where: str) -> Example | None:
    """The gold ``Example`` of one exported task, or None when it has no finished annotation."""
    data = item.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise LabelStudioError(f"{where}: no data.text in the task")
    text = data["text"]
    annotation = _newest_annotation(item, where)
    if annotation is None:
        return None
    spans: dict[str, Span] = {}
    relations: list[tuple[str, str]] = []
    for r in annotation.get("result") or []:
        if r.get("type") == "relation":
            relations.append((r.get("from_id"), r.get("to_id")))
            continue
        if r.get("type") != "labels":
            continue
        value = r.get("value") or {}
        labels = value.get("labels") or []
        start, end = value.get("start"), value.get("end")
        if len(labels) != 1 or labels[0] not in LABELS:
            raise LabelStudioError(f"{where}: span {r.get('id')} has labels {labels}; expected one of {LABELS}")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise LabelStudioError(f"{where}: span {r.get('id')} has offsets {start}-{end} outside the text")
        spans[r.get("id")] = Span(start, end, labels[0], text[start:end])
    ordered = sorted(spans.values())
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            raise LabelStudioError(f"{where}: spans {a.text!r} and {b.text!r} overlap")
    records = _records(text, ordered, spans, relations)
    pid = data.get("paragraph_id") or f"task{item.get('id')}"
    return Example(id=str(pid), doc=str(data.get("doc") or ""), text=text, spans=tuple(ordered), records=tuple(records))


def _records(text: str, ordered: list[Span], by_id: dict[str, Span], relations) -> list[tuple]:
    """(metric, value, unit) per QUANTITY: from its relations, else as the record linker links it."""
    linked: dict[Span, dict[str, list[Span]]] = {}
    for src, dst in relations:
        a, b = by_id.get(src), by_id.get(dst)
        if a is None or b is None:
            continue
        if b.label == Label.QUANTITY:
            a, b = b, a  # a relation drawn from the name to the value
        if a.label == Label.QUANTITY:
            kind = "unit" if b.label == Label.UNIT else "names" if b.label in NAME_LABELS else None
            if kind:
                linked.setdefault(a, {"names": [], "unit": []})[kind].append(b)
    auto: dict[int, list] = {}
    for r in build_records(text, matching_view(text), ordered, load_lexicons()):
        auto.setdefault(r.start, []).append(r)
    out = []
    for q in (s for s in ordered if s.label == Label.QUANTITY):
        if q not in linked:
            out.extend((r.metric, r.value, r.unit) for r in auto.get(q.start, []))
            continue
        unit = linked[q]["unit"][0].text if linked[q]["unit"] else None
        by_linker = auto.get(q.start)
        if by_linker and by_linker[0].unit == unit:
            value = by_linker[0].value  # the linker's value (a magnitude written in the unit: 万元)
        else:
            parsed = parse_quantity(q.text)
            value, unit = parsed.value, "%" if parsed.is_percent and unit is None else unit
        for name in sorted(linked[q]["names"]) or [None]:
            out.append((name.text if name else None, value, unit))
    return out


def examples_from_export(path: str | Path) -> list[Example]:
    """Gold examples of a Label Studio JSON export (tasks without a finished annotation are skipped)."""
    path = Path(path)
    try:
        items = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LabelStudioError(f"{path}: not a Label Studio JSON export ({exc})") from None
    if not isinstance(items, list):
        raise LabelStudioError(f"{path}: a Label Studio JSON export is a list of tasks")
    out = []
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise LabelStudioError(f"{path}: task {n} is not an object")
        example = example_from_task(item, f"{path}: task {item.get('id', n)}")
        if example is not None:
            out.append(example)
    return out
