"""F1 floors: the scores a backend must keep on a gold set, in one JSON file for tests and CI.

The file maps a gate name (``seed-dev/rules``) to ``{score name: floor}``; keys starting with ``_``
are comments. Floors sit a little under measured scores: a regression fails, an improvement never does.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..types import SCORE_NAMES


def read_floors(path: str | Path, gate: str) -> list[tuple[str, float]]:
    """``[(score name, floor), …]`` of ``gate`` in the floors file ``path``."""
    path = Path(path)
    try:
        gates = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not JSON ({exc})") from None
    if gate not in gates or gate.startswith("_"):
        raise KeyError(f"{path}: no gate {gate!r}; have {sorted(k for k in gates if not k.startswith('_'))}")
    floors = []
    for name, floor in gates[gate].items():
        if name not in SCORE_NAMES or not isinstance(floor, (int, float)) or not 0 <= floor <= 1:
            raise ValueError(f"{path}: gate {gate!r}: {name}={floor!r} is not a score name with a floor in [0, 1]")
        floors.append((name, float(floor)))
    return floors
