"""README's examples run verbatim: every ```bash and ```python block, in a folder that looks like a checkout
(seeds, corpora, models and ../shared), except blocks marked `<!-- README test: skip (reason) -->`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(
    r"(?:<!-- README test: skip \((?P<skip>[^)]*)\) -->\n)?```(?P<lang>bash|python)\n(?P<code>.*?)```", re.S
)
BLOCKS = [(m.group("lang"), m.group("code"), m.group("skip")) for m in BLOCK.finditer((ROOT / "README.md").read_text())]


@pytest.fixture
def checkout(tmp_path, monkeypatch) -> Path:
    """A working folder with the checkout's data linked in; outputs land here, not in the repository."""
    work = tmp_path / "work"
    work.mkdir()
    for name in ("seeds", "corpora", "models", "benchmarks"):
        (work / name).symlink_to(ROOT / name)
    if (ROOT.parent / "shared").exists():
        (tmp_path / "shared").symlink_to(ROOT.parent / "shared")
    monkeypatch.chdir(work)
    return work


def test_the_readme_has_examples_and_every_skip_has_a_reason():
    assert sum(lang == "python" for lang, _, _ in BLOCKS) >= 3 and sum(lang == "bash" for lang, _, _ in BLOCKS) >= 3
    assert all(reason is None or reason.strip() for _, _, reason in BLOCKS)


@pytest.mark.parametrize("lang, code, skip", BLOCKS, ids=[f"{lang}-{i}" for i, (lang, _, _) in enumerate(BLOCKS)])
def test_readme_block_runs(checkout, lang, code, skip):
    if skip:
        pytest.skip(skip)
    if lang == "python":
        exec(compile(code, "README.md", "exec"), {"__name__": "__readme__"})
        return
    if "../shared" in code and not (checkout.parent / "shared").exists():
        pytest.skip("no ../shared beside the checkout")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    proc = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", code], cwd=checkout, env=env, capture_output=True, text=True, timeout=900
    )
    assert proc.returncode == 0, f"{code}\n--- stderr ---\n{proc.stderr[-3000:]}"
