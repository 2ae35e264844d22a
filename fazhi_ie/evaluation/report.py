"""An evaluation report a person reads: Markdown with PNG plots and sample errors.

Scores alone do not say what to fix. This module sorts every span error into one kind
(``ERROR_KINDS``), plots P/R/F1 per label and errors by kind, and writes sample errors
with their context into the Markdown. Plots keep to ASCII labels (fonts here may lack
Chinese glyphs); the Chinese text of the samples goes into the Markdown only.
matplotlib draws on its Agg canvas (no display, no pyplot state) and is imported lazily.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..types import LABELS, Span
from .scoring import Scores, extract_examples, record_key

#: missed: a gold span that no prediction overlaps; extra: a prediction that overlaps no gold
#: span; boundary: the same label on overlapping but different offsets; label: an
#: overlapping prediction with another label.
ERROR_KINDS = ("missed", "extra", "boundary", "label")
REPORT_FILE = "report.md"
SCORES_PLOT = "scores.png"
ERRORS_PLOT = "errors.png"
_CONTEXT_CHARS = 18


@dataclass(frozen=True)
class SpanError:
    """One span error in the paragraph ``example_id``: the gold span, the prediction, or both."""

    kind: str
    example_id: str
    text: str
    gold: Span | None
    pred: Span | None

    @property
    def label(self) -> str:
        """The label the error counts under: the gold one, the predicted one for ``extra``."""
        return self.gold.label if self.gold is not None else self.pred.label


@dataclass(frozen=True)
class RecordError:
    kind: str  # "missed" or "extra"
    example_id: str
    record: tuple


def span_errors(gold: Iterable[Span], pred: Iterable[Span], example_id: str = "", text: str = "") -> list[SpanError]:
    """The errors of one paragraph: exact matches removed, each leftover span in one error.

    A gold span pairs first with an overlapping prediction of its own label (boundary),
    then with one of another label (label); what stays unpaired is missed or extra.
    """
    gold_left = Counter((s.start, s.end, s.label) for s in gold)
    pred_left = Counter((s.start, s.end, s.label) for s in pred)
    common = gold_left & pred_left
    gold_spans = sorted((gold_left - common).elements())
    pred_spans = sorted((pred_left - common).elements())
    used = [False] * len(pred_spans)
    errors: list[SpanError] = []
    unpaired: list[tuple] = []

    def as_span(t: tuple) -> Span:
        return Span(t[0], t[1], t[2], text[t[0] : t[1]])

    for same_label in (True, False):
        still = []
        for g in gold_spans if same_label else unpaired:
            k = next(
                (
                    i
                    for i, p in enumerate(pred_spans)
                    if not used[i] and p[0] < g[1] and g[0] < p[1] and (p[2] == g[2]) == same_label
                ),
                None,
            )
            if k is None:
                still.append(g)
                continue
            used[k] = True
            errors.append(
                SpanError("boundary" if same_label else "label", example_id, text, as_span(g), as_span(pred_spans[k]))
            )
        unpaired = still
    errors.extend(SpanError("missed", example_id, text, as_span(g), None) for g in unpaired)
    errors.extend(
        SpanError("extra", example_id, text, None, as_span(p)) for i, p in enumerate(pred_spans) if not used[i]
    )
    errors.sort(key=lambda e: (e.gold or e.pred).start)
    return errors


def record_errors(gold: Iterable, pred: Iterable, example_id: str = "") -> list[RecordError]:
    """Records of one paragraph that only the gold (missed) or only the prediction (extra) has."""
    g = Counter(record_key(r) for r in gold)
    p = Counter(record_key(r) for r in pred)
    return [RecordError("missed", example_id, r) for r in (g - p).elements()] + [
        RecordError("extra", example_id, r) for r in (p - g).elements()
    ]


@dataclass
class Analysis:
    """Scores and every error of an extractor on gold examples."""

    scores: Scores
    span_errors: list[SpanError] = field(default_factory=list)
    record_errors: list[RecordError] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        """``{label: {kind: n}}`` for every label and kind (zeros included)."""
        table = {label: {kind: 0 for kind in ERROR_KINDS} for label in LABELS}
        for e in self.span_errors:
            table.setdefault(e.label, {kind: 0 for kind in ERROR_KINDS})[e.kind] += 1
        return table


def analyse(examples: Sequence, results: Sequence) -> Analysis:
    """Compare ``results`` (Extractions) with gold ``examples`` (``corpus.Example``), in order."""
    if len(examples) != len(results):
        raise ValueError(f"{len(examples)} examples but {len(results)} results")
    analysis = Analysis(Scores())
    for ex, res in zip(examples, results):
        analysis.scores.add(
            [(s.start, s.end, s.label) for s in ex.spans],
            [(s.start, s.end, s.label) for s in res.spans],
            ex.records,
            res.records,
        )
        analysis.span_errors.extend(span_errors(ex.spans, res.spans, ex.id, ex.text))
        analysis.record_errors.extend(record_errors(ex.records, res.records, ex.id))
    return analysis


@dataclass(frozen=True)
class EvaluationReport:
    path: Path  # the Markdown file
    plots: tuple[Path, ...]
    analysis: Analysis
    summary: str  # a few lines for a log


def write_evaluation_report(
    extractor,
    examples: Iterable,
    out_dir: str | Path,
    *,
    title: str = "",
    samples: int = 8,
    documents: bool = True,
    places: dict | None = None,
) -> EvaluationReport:
    """Extract ``examples``, score them and write ``out_dir/report.md`` with its PNG plots.

    ``samples``: sample errors shown per kind; ``documents`` and ``places``: as in
    ``scoring.extract_examples``. Returns the paths, the analysis and a summary.
    """
    examples = list(examples)
    results = extract_examples(extractor, examples, documents, places)
    analysis = analyse(examples, results)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    plots = (plot_scores(analysis.scores, out / SCORES_PLOT), plot_errors(analysis.counts(), out / ERRORS_PLOT))
    backend = getattr(extractor, "backend", type(extractor).__name__)
    title = title or f"{backend} on {len(examples)} paragraphs"
    markdown = render_markdown(analysis, title, backend, examples, samples)
    path = out / REPORT_FILE
    path.write_text(markdown, encoding="utf-8")
    return EvaluationReport(path, plots, analysis, summarise(analysis, path))


# --- plots -------------------------------------------------------------------------------


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, format="png", metadata={"Software": None})  # no version stamp: same scores, same file
    return path


def plot_scores(scores: Scores, path: str | Path) -> Path:
    """Grouped bars: precision, recall and F1 per label, micro and records."""
    rows = [*scores.labels.items(), ("micro", scores.micro), ("records", scores.records)]
    names = [name for name, _ in rows]
    fig = _figure(8, 3.8)
    ax = fig.add_subplot()
    width = 0.26
    for k, (metric, colour) in enumerate((("precision", "#4C72B0"), ("recall", "#DD8452"), ("f1", "#55A868"))):
        values = [getattr(prf, metric) for _, prf in rows]
        xs = [i + (k - 1) * width for i in range(len(rows))]
        bars = ax.bar(xs, values, width, label=metric if metric != "f1" else "F1", color=colour)
        if metric == "f1":
            ax.bar_label(bars, labels=[f"{v:.2f}" for v in values], fontsize=7, padding=1)
    ax.set_xticks(range(len(rows)), names)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("score")
    ax.set_title("Precision / recall / F1 (strict spans; records on metric, value, unit)", fontsize=9)
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return _save(fig, Path(path))


def plot_errors(counts: dict[str, dict[str, int]], path: str | Path) -> Path:
    """Stacked bars: span errors per label, one colour per kind."""
    labels = list(counts)
    fig = _figure(7, 3.8)
    ax = fig.add_subplot()
    bottoms = [0] * len(labels)
    colours = {"missed": "#C44E52", "extra": "#8172B3", "boundary": "#CCB974", "label": "#64B5CD"}
    for kind in ERROR_KINDS:
        values = [counts[label][kind] for label in labels]
        ax.bar(labels, values, 0.6, bottom=bottoms, label=kind, color=colours[kind])
        bottoms = [b + v for b, v in zip(bottoms, values)]
    for i, total in enumerate(bottoms):
        ax.annotate(str(total), (i, total), ha="center", va="bottom", fontsize=8)
    ax.set_ylim(0, max(bottoms + [1]) * 1.15)
    ax.set_ylabel("span errors")
    ax.set_title("Span errors by kind", fontsize=9)
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return _save(fig, Path(path))


# --- text --------------------------------------------------------------------------------


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("`", "'")


def _context(text: str, span: Span) -> str:
    """The span in 【】 with a little text either side."""
    left = max(0, span.start - _CONTEXT_CHARS)
    right = min(len(text), span.end + _CONTEXT_CHARS)
    return (
        ("…" if left else "")
        + text[left : span.start]
        + "【"
        + text[span.start : span.end]
        + "】"
        + text[span.end : right]
        + ("…" if right < len(text) else "")
    )


def _show(span: Span | None) -> str:
    return f"`{_cell(span.text)}` {span.label}" if span is not None else "—"


def _spread(errors: list, n: int, key) -> list:
    """Up to ``n`` errors taken in turn from each group of ``key`` (all labels get a say)."""
    groups: dict[str, list] = {}
    for e in errors:
        groups.setdefault(key(e), []).append(e)
    picked = []
    while len(picked) < n and any(groups.values()):
        for g in groups.values():
            if g and len(picked) < n:
                picked.append(g.pop(0))
    return picked


def render_markdown(analysis: Analysis, title: str, backend: str, examples: Sequence, samples: int = 8) -> str:
    counts = analysis.counts()
    documents = len({getattr(ex, "doc", "") for ex in examples})
    lines = [
        f"# Evaluation report: {title}",
        "",
        f"Backend `{backend}`, {len(examples)} paragraphs from {documents} document(s). "
        "A span counts when start, end and label all match the gold; a record when its "
        "(metric, value, unit) matches a gold record.",
        "",
        "## Scores",
        "",
        analysis.scores.table(),
        "",
        f"![Precision, recall and F1 per label]({SCORES_PLOT})",
        "",
        "## Span errors by kind",
        "",
        "| label | " + " | ".join(ERROR_KINDS) + " | total |",
        "|---|" + "---:|" * (len(ERROR_KINDS) + 1),
    ]
    for label, row in counts.items():
        lines.append(f"| {label} | " + " | ".join(str(row[k]) for k in ERROR_KINDS) + f" | {sum(row.values())} |")
    totals = {k: sum(row[k] for row in counts.values()) for k in ERROR_KINDS}
    lines.append("| all | " + " | ".join(str(totals[k]) for k in ERROR_KINDS) + f" | {sum(totals.values())} |")
    lines += [
        "",
        "*missed*: a gold span that no prediction overlaps; *extra*: a prediction that overlaps no "
        "gold span; *boundary*: the right label on overlapping but different offsets; *label*: an "
        "overlapping prediction with another label.",
        "",
        f"![Span errors by kind and label]({ERRORS_PLOT})",
        "",
        "## Sample errors",
        "",
    ]
    for kind in ERROR_KINDS:
        errors = [e for e in analysis.span_errors if e.kind == kind]
        lines += [f"### {kind} ({len(errors)})", ""]
        if not errors:
            lines += ["None.", ""]
            continue
        lines += ["| paragraph | gold | predicted | context |", "|---|---|---|---|"]
        for e in _spread(errors, samples, key=lambda e: e.label):
            context = _context(e.text, e.gold if e.gold is not None else e.pred)
            lines.append(f"| {_cell(e.example_id)} | {_show(e.gold)} | {_show(e.pred)} | {_cell(context)} |")
        lines.append("")
    lines += ["## Sample record errors", ""]
    for kind in ("missed", "extra"):
        errors = [e for e in analysis.record_errors if e.kind == kind]
        lines += [f"### {kind} records ({len(errors)})", ""]
        if not errors:
            lines += ["None.", ""]
            continue
        lines += ["| paragraph | metric | value | unit |", "|---|---|---:|---|"]
        for e in errors[:samples]:
            metric, value, unit = e.record
            lines.append(
                f"| {_cell(e.example_id)} | {_cell(metric if metric is not None else '—')} | "
                f"{_cell(value)} | {_cell(unit if unit is not None else '—')} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def summarise(analysis: Analysis, path: Path | None = None) -> str:
    """A few lines for a CI log: errors by kind overall and per label, record errors, the file."""
    counts = analysis.counts()
    totals = {k: sum(row[k] for row in counts.values()) for k in ERROR_KINDS}
    lines = ["span errors: " + ", ".join(f"{k} {totals[k]}" for k in ERROR_KINDS)]
    for label, row in counts.items():
        lines.append(f"  {label:<9} " + ", ".join(f"{k} {row[k]}" for k in ERROR_KINDS))
    kinds = Counter(e.kind for e in analysis.record_errors)
    lines.append(f"record errors: missed {kinds['missed']}, extra {kinds['extra']}")
    if path is not None:
        lines.append(f"evaluation report: {path} (plots {SCORES_PLOT}, {ERRORS_PLOT})")
    return "\n".join(lines)
