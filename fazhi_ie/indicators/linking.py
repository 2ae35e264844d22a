"""A record's metric -> a catalogue indicator, with a confidence, the scope and the subject it relied on.

In order, the first that applies (a candidate whose unit family does not fit the value is skipped):

1. the metric is a form of the catalogue (confidence 1.0), or a scope and a form (0.95:
   县政府单独被告 + 负责人出庭应诉率; the scope goes to its own column), or a neutral word and a form (0.9);
2. the same with a pattern instead of a form (0.9, 0.85, 0.85);
3. a bare verb or noun (受理, 审结, 成功率 …) takes the subject named last before it: in its sentence
   (0.8), earlier in its paragraph (0.7), or in its heading path (0.6); it is linked when that subject
   has an indicator with this bare form.

When several indicators share the form, the one whose verb (审结, 备案, 清理 …) stands nearest before the
metric wins; without such a verb, the one without verbs. Unmapped metrics stay unmapped (None).
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import Catalogue, Indicator, find_subjects, normalise

CONFIDENCE = {
    ("form", ""): 1.0,
    ("form", "scope"): 0.95,
    ("form", "neutral"): 0.9,
    ("pattern", ""): 0.9,
    ("pattern", "scope"): 0.85,
    ("pattern", "neutral"): 0.85,
    ("subject", "sentence"): 0.8,
    ("subject", "paragraph"): 0.7,
    ("subject", "heading"): 0.6,
}
VERB_WINDOW = 12  # characters before the metric searched for a deciding verb


@dataclass(frozen=True)
class IndicatorMatch:
    indicator: str
    confidence: float
    how: str  # "form", "form+scope", "pattern", "subject:sentence" …
    scope: str | None = None
    subject: str | None = None


@dataclass(frozen=True)
class MetricContext:
    """Where a metric stands: the normalised view and the offsets the linker reads."""

    view: str
    metric_start: int  # the METRIC span (or the QUANTITY where no span was found)
    metric_end: int
    sentence_start: int
    paragraph_start: int
    clause_floor: int  # the end of the previous value in the sentence (verbs before it belong to that value)
    heading: str = ""


def _prefix_kind(prefix: str, catalogue: Catalogue) -> str | None:
    if not prefix:
        return ""
    if catalogue.scope_pattern.fullmatch(prefix):
        return "scope"
    if prefix in catalogue.neutral:
        return "neutral"
    return None


def _choose(inds: list[Indicator], ctx: MetricContext | None) -> Indicator:
    """Of indicators sharing a surface: the one whose verb is nearest before (or in) the metric, else the default."""
    if len(inds) == 1:
        return inds[0]
    if ctx is not None:
        lo = max(ctx.clause_floor, ctx.sentence_start, ctx.metric_start - VERB_WINDOW)
        window = ctx.view[lo : ctx.metric_end]
        best, best_end = None, -1
        for ind in inds:
            for verb in ind.verbs:
                at = window.rfind(verb)
                if at != -1 and at + len(verb) > best_end:
                    best, best_end = ind, at + len(verb)
        if best is not None:
            return best
    defaults = [i for i in inds if not i.verbs]
    return defaults[0] if defaults else inds[0]


def link_metric(
    metric: str | None,
    unit: str | None,
    catalogue: Catalogue,
    ctx: MetricContext | None = None,
    change: bool = False,
) -> IndicatorMatch | None:
    """The indicator ``metric`` names (see the module docstring), or None.

    ``change``: the value is a growth rate (role ``change``), so % and 个百分点 fit any indicator.
    Without ``ctx`` only forms and patterns are tried (no subject, no deciding verb).
    """
    if not metric:
        return None
    name = normalise(metric)

    def fits(inds) -> list[Indicator]:
        return [i for i in inds if i.accepts_unit(unit, catalogue.family_of, change)]

    best: tuple[float, int, IndicatorMatch] | None = None
    for cut in range(0, len(name) - 1):
        prefix, rest = name[:cut], name[cut:]
        kind = _prefix_kind(prefix, catalogue)
        if kind is None:
            continue
        for source, inds in (
            ("form", catalogue.by_form.get(rest, ())),
            ("pattern", [i for i in catalogue.indicators if any(p.fullmatch(rest) for p in i.patterns)]),
        ):
            inds = fits(inds)
            if not inds:
                continue
            conf = CONFIDENCE[(source, kind)]
            key = (conf, len(prefix) if kind == "scope" else 0)
            if best is None or key > best[:2]:
                ind = _choose(inds, ctx)
                how = source + ("+" + kind if kind else "")
                best = (*key, IndicatorMatch(ind.id, conf, how, prefix if kind == "scope" else None))
    if best is not None:
        return best[2]
    if ctx is None or name not in catalogue.by_bare:
        return None
    where, subject = None, None
    for place, text in (
        ("sentence", ctx.view[ctx.sentence_start : ctx.metric_start]),
        ("paragraph", ctx.view[ctx.paragraph_start : ctx.sentence_start]),
        ("heading", ctx.heading),
    ):
        found = list(find_subjects(text, catalogue))
        if found:
            where, subject = place, found[-1][2]
            break
    if subject is None:
        return None
    inds = fits([i for i in catalogue.by_bare[name] if i.subject == subject])
    if not inds:
        return None
    ind = _choose(inds, ctx)
    return IndicatorMatch(ind.id, CONFIDENCE[("subject", where)], f"subject:{where}", None, subject)
