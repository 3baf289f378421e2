"""The README's Python quickstart runs as written, and type-checks with
mypy --strict against the shipped stubs."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def quickstart() -> str:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks, "the README has no Python quickstart"
    return "\n".join(blocks)


def test_quickstart_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    exec(compile(quickstart(), str(README), "exec"), {"__name__": "__readme__"})
    out = capsys.readouterr().out
    assert "False NOT_A_USER_OF_TARGET" in out
    assert "SAME_DIRECTORY R6" in out
    assert (tmp_path / "contoso.json").is_file()


def test_quickstart_type_checks(tmp_path: Path) -> None:
    api = pytest.importorskip("mypy.api")
    source = tmp_path / "quickstart.py"
    source.write_text(quickstart(), encoding="utf-8")
    out, err, status = api.run(["--strict", "--no-incremental", "--cache-dir", os.devnull, str(source)])
    assert status == 0, out + err
