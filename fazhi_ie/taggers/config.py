"""``InferenceConfig``: how a trained model is run, written by training and read by the model.

It lives in the model folder as ``fazhi_ie.json`` beside ``config.json`` (the network) with two
parts: ``inference`` (this dataclass: windows, quantisation, rule features, the hybrid's merge
policy) and ``training`` (free-form metadata: arguments, per-epoch scores, time). Unknown inference
keys are an error, so a typo in a hand-edited file never silently falls back to a default.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from ..types import LABELS

CONFIG_FILE = "fazhi_ie.json"
SOURCES = ("rules", "model")


@dataclass(frozen=True)
class MergeRule:
    """Take the spans of ``label`` from ``source`` whose confidence is at least ``min_confidence``.

    The confidence is the model's: of its own spans, or of a rule span's tags (``taggers/hybrid.py``).
    """

    source: str
    label: str
    min_confidence: float = 0.0

    def __post_init__(self):
        if self.source not in SOURCES:
            raise ValueError(f"merge rule source must be one of {SOURCES}, not {self.source!r}")
        if self.label not in LABELS:
            raise ValueError(f"merge rule label must be one of {LABELS}, not {self.label!r}")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError(f"merge rule min_confidence must be in [0, 1], not {self.min_confidence!r}")


#: The hybrid merge chosen on the dev documents (``training/hybrid_search.py``): rule spans first,
#: then model spans the model is sure of fill the gaps (see ``taggers/hybrid.py``).
DEFAULT_MERGE = (
    MergeRule("rules", "MEASURE"),
    MergeRule("rules", "QUANTITY"),
    MergeRule("rules", "UNIT"),
    MergeRule("rules", "METRIC"),
    MergeRule("model", "QUANTITY", 0.9),
    MergeRule("model", "UNIT", 0.9),
    MergeRule("model", "METRIC", 0.9),
)


@dataclass(frozen=True)
class InferenceConfig:
    """How the model backends run a model folder.

    ``max_length``: window size in tokens, special tokens included; ``stride``: tokens between
    window starts (``None``: three quarters of a window); ``quantize``: int8 dynamic quantisation of
    the linear layers on CPU; ``rule_features``: the model reads the rules' BIO tags as token type ids;
    ``merge``: the hybrid's merge policy, applied in order; ``boundaries``: the file of the METRIC
    boundary ranker that both model backends apply last (the hybrid after merging;
    ``taggers/boundaries.py``), ``None`` for none; ``measures``: the file of the MEASURE ranker they
    apply before that (``taggers/measure_ranker.py``).
    """

    max_length: int = 256
    stride: int | None = None
    quantize: bool = False
    rule_features: bool = False
    merge: tuple[MergeRule, ...] = field(default=DEFAULT_MERGE)
    boundaries: str | None = None
    measures: str | None = None

    def __post_init__(self):
        if self.max_length < 3:
            raise ValueError(f"max_length must be at least 3, not {self.max_length}")
        if self.stride is not None and self.stride < 1:
            raise ValueError(f"stride must be at least 1, not {self.stride}")
        object.__setattr__(self, "merge", tuple(r if isinstance(r, MergeRule) else MergeRule(**r) for r in self.merge))
        for key in ("boundaries", "measures"):
            name = getattr(self, key)
            if name is not None and (not isinstance(name, str) or not name or Path(name).name != name):
                raise ValueError(f"{key} must be a file name in the model folder, not {name!r}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict, where: str = "inference config") -> InferenceConfig:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"{where}: unknown keys {unknown}; known: {sorted(known)}")
        try:
            return cls(**data)
        except TypeError as exc:
            raise ValueError(f"{where}: {exc}") from None

    @classmethod
    def load(cls, folder: str | Path) -> InferenceConfig:
        """The config of a model folder; the defaults when it has no ``fazhi_ie.json``."""
        path = Path(folder) / CONFIG_FILE
        if not path.is_file():
            return cls()
        try:
            data = json.loads(path.read_text("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: not a JSON file ({exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("inference", {}), dict):
            raise ValueError(f"{path}: expected an object with an 'inference' object")
        return cls.from_dict(data.get("inference", {}), str(path))

    def save(self, folder: str | Path, training: dict | None = None) -> Path:
        """Write ``fazhi_ie.json`` (atomically) with this config and the training metadata."""
        path = Path(folder) / CONFIG_FILE
        body = {"inference": self.to_dict(), "training": training or {}}
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", "utf-8")
        tmp.replace(path)
        return path


def read_training_metadata(folder: str | Path) -> dict:
    path = Path(folder) / CONFIG_FILE
    return json.loads(path.read_text("utf-8")).get("training", {}) if path.is_file() else {}
