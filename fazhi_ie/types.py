"""What the extractor returns: labelled character spans and the records linked from them.

The four labels are declared here once (``Label``); everything else (BIO tags, table columns,
markup codes, score names) is derived from them. Small frozen dataclasses so results can be
hashed, compared in tests and serialised with ``to_dict()`` without pulling in any framework.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields


class Label:
    """The four span labels of ANNOTATION.md, as plain strings (``Span.label``)."""

    QUANTITY = "QUANTITY"  # a reported value: 78, 1.4万余, 百分之九十四点三
    UNIT = "UNIT"  # its unit or measure word: 件, 人次, %
    METRIC = "METRIC"  # what the value counts: 行政复议案件, 按时办结率
    MEASURE = "MEASURE"  # a named policy measure: “一窗综办”改革


LABELS: tuple[str, ...] = (Label.QUANTITY, Label.UNIT, Label.METRIC, Label.MEASURE)
#: Labels that name a value in a record (its ``metric``).
NAME_LABELS: tuple[str, ...] = (Label.METRIC, Label.MEASURE)
#: Character BIO tags of the model: "O", then B-/I- of every label.
BIO_LABELS: tuple[str, ...] = ("O",) + tuple(f"{p}-{lab}" for lab in LABELS for p in ("B", "I"))
#: Scores reported by the evaluation: one per label, their micro average, and records.
SCORE_NAMES: tuple[str, ...] = (*LABELS, "micro", "records")


@dataclass(frozen=True, order=True)
class Span:
    """A labelled slice ``text[start:end]`` of the caller's original string."""

    start: int
    end: int
    label: str
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "label": self.label, "text": self.text}


@dataclass(frozen=True)
class Record:
    """One reported value: what it counts (metric), its value in base units and its unit.

    ``quantity`` keeps the surface of the number and ``qualifier`` the words that soften
    or bound it (余, 以上, 近 …) so that no meaning is lost by normalising.
    ``start``/``end`` cover the QUANTITY span in the original text.

    ``value`` is right or absent: when the surface cannot be read with certainty (``7万5``,
    ``几十``, a 100,000-digit number) it is ``None`` and ``value_error`` says why; the record
    keeps its metric, unit and surface. ``value`` is never infinite or NaN.
    """

    metric: str | None
    value: float | None
    unit: str | None
    quantity: str
    qualifier: str | None
    start: int
    end: int
    value_error: str | None = None

    def to_dict(self) -> dict:
        d = {f.name: getattr(self, f.name) for f in fields(self)}  # asdict() deep-copies: slow on a corpus
        d["value"] = finite_or_none(self.value)  # JSON has no Infinity (a record built by hand)
        return d

    def key(self) -> tuple:
        """The triple the gold standard scores: (metric, value, unit); an absent value is None."""
        value = finite_or_none(self.value)
        return (self.metric, None if value is None else round(value, 6), self.unit)


def finite_or_none(value: float | None) -> float | None:
    """``value`` if it is a finite number, else None (absent values, and inf/NaN built by hand)."""
    if value is None or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return value


@dataclass(frozen=True)
class Extraction:
    """The result of extracting one text: its spans (sorted) and records."""

    text: str
    spans: tuple[Span, ...] = field(default_factory=tuple)
    records: tuple[Record, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {
            "spans": [s.to_dict() for s in self.spans],
            "records": [r.to_dict() for r in self.records],
        }
