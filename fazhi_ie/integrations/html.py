"""A report as an HTML page for checking the extraction in a browser: spans highlighted with spaCy's
displaCy entity renderer (``style="ent", manual=True``), each paragraph's records beside it with their
indicator, role, period and scope. Needs spaCy (``fazhi_ie[spacy]``); spaCy is imported when called.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ..document import Report
from ..indicators import RecordInfo, annotate_report, load_catalogue
from ..types import LABELS, Extraction

#: displaCy colours of the four labels (the screenshot test looks for them)
COLORS = {"QUANTITY": "#7aecec", "UNIT": "#bfeeb7", "METRIC": "#feca74", "MEASURE": "#aa9cfc"}

_STYLE = """
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Droid Sans Fallback", sans-serif; margin: 1.5em; }
h1 { font-size: 1.3em; } .meta { color: #555; }
.row { display: flex; gap: 1.2em; border-top: 1px solid #ddd; padding: 0.4em 0; }
.text { flex: 3; } .records { flex: 2; font-size: 0.85em; }
.text .entities { line-height: 2.3 !important; padding: 0 !important; }
.plain { color: #888; line-height: 1.8; }
table { border-collapse: collapse; width: 100%; }
td, th { border-bottom: 1px solid #eee; padding: 2px 4px; text-align: left; }
.pid { color: #999; font-size: 0.75em; }
.role-change { color: #b35900; } .role-baseline { color: #6a51a3; }
.role-target { color: #08519c; } .role-share { color: #006d2c; }
.legend span { padding: 2px 8px; margin-right: 6px; border-radius: 4px; }
"""


def render_report(report: Report, extraction: Extraction, infos: Sequence[RecordInfo] | None = None) -> str:
    """The whole HTML page (a string) of ``report`` with the spans and records of ``extraction``."""
    from spacy import displacy

    if extraction.text != report.text:
        raise ValueError("the extraction is of another text than the report")
    if infos is None:
        infos = annotate_report(report, extraction)
    catalogue = load_catalogue()
    by_paragraph: dict[int, list] = {}
    for span in extraction.spans:
        p = report.paragraph_at(span.start)
        if p is not None:
            by_paragraph.setdefault(p.line, []).append(span)
    info_by_paragraph: dict[int, list[RecordInfo]] = {}
    for info in infos:
        p = report.paragraph_at(info.record.start)
        if p is not None:
            info_by_paragraph.setdefault(p.line, []).append(info)
    rows = []
    for p in report.paragraphs:
        if not p.is_body:
            continue
        spans = by_paragraph.get(p.line, [])
        if spans:
            doc = {
                "text": p.text,
                "ents": [{"start": s.start - p.start, "end": s.end - p.start, "label": s.label} for s in spans],
                "title": None,
            }
            text_html = displacy.render(
                [doc], style="ent", manual=True, page=False, options={"colors": COLORS, "ents": list(LABELS)}
            )
        else:
            text_html = f'<div class="plain">{html.escape(p.text)}</div>'
        rows.append(
            f'<div class="row"><div class="text"><span class="pid">{html.escape(p.id)}</span>{text_html}</div>'
            f'<div class="records">{_records_table(info_by_paragraph.get(p.line, []), catalogue)}</div></div>'
        )
    mapped = sum(i.indicator is not None for i in infos)
    legend = "".join(f'<span style="background:{c}">{label}</span>' for label, c in COLORS.items())
    title = html.escape(report.title or report.name or "report")
    meta = html.escape(
        f"{report.region or '?'} · {report.year or '?'} · {len(extraction.spans)} spans · {len(infos)} records, "
        f"{mapped} linked to an indicator (catalogue {catalogue.version})"
    )
    return (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{_STYLE}</style></head><body>"
        f'<h1>{title}</h1><p class="meta">{meta}</p><p class="legend">{legend}</p>' + "".join(rows) + "</body></html>"
    )


def _records_table(infos: list[RecordInfo], catalogue) -> str:
    if not infos:
        return ""
    lines = ["<table><tr><th>metric</th><th>value</th><th>indicator</th><th>role</th><th>year</th></tr>"]
    for info in infos:
        r = info.record
        value = _number(r.value) if r.value is not None else f"{r.quantity} (no value: {r.value_error})"
        ind = catalogue[info.indicator] if info.indicator in catalogue.by_id else None
        ind_text = f"{ind.zh} <small>({info.confidence:.2f})</small>" if ind else "—"
        scope = f" <small>[{html.escape(info.scope)}]</small>" if info.scope else ""
        ref = f" → #{info.refers_to}" if info.refers_to is not None else ""
        qualifier = f"（{html.escape(r.qualifier)}）" if r.qualifier else ""
        lines.append(
            f"<tr><td>{html.escape(info.metric or '—')}{scope}</td>"
            f"<td>{html.escape(value)}{html.escape(r.unit or '')}{qualifier}</td>"
            f'<td>{ind_text}</td><td class="role-{info.role}">{info.role}{ref}</td>'
            f"<td>{info.period or ''}</td></tr>"
        )
    lines.append("</table>")
    return "".join(lines)


def _number(value: float) -> str:
    """2022139 -> 2,022,139 and 94.3 -> 94.3: as a reader writes it, never 2.02214e+06."""
    return f"{int(value):,}" if float(value).is_integer() and abs(value) < 1e15 else f"{value:,.10g}"
