"""What the extractor returns: labelled character spans and the records linked from them.

The four labels are declared here once (``Label``); everything else (BIO tags, table columns,
markup codes, score names) is derived from them. Small frozen dataclasses so results can be
hashed, compared in tests and serialised with ``to_dict()`` without pulling in any framework.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field


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
        return asdict(self)


@dataclass(frozen=True)
class Record:
    """One reported value: what it counts (metric), its value in base units and its unit.

    ``quantity`` keeps the surface of the number and ``qualifier`` the words that soften
    or bound it (余, 以上, 近 …) so that no meaning is lost by normalising.
    ``start``/``end`` cover the QUANTITY span in the original text.
    """

    metric: str | None
    value: float
    unit: str | None
    quantity: str
    qualifier: str | None
    start: int
    end: int

    def to_dict(self) -> dict:
        d = asdict(self)
        if isinstance(self.value, float) and not math.isfinite(self.value):
            d["value"] = None  # JSON has no Infinity; the surface is in ``quantity``
        return d

    def key(self) -> tuple:
        """The triple the gold standard scores: (metric, value, unit)."""
        return (self.metric, round(self.value, 6) if math.isfinite(self.value) else self.value, self.unit)


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
