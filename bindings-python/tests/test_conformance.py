"""Every scenario in tests/conformance (the copies of shared/conformance and
our own) passes through the Python API, and refusals leave to_json()
unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

import scenarios


def test_the_scenarios_are_there() -> None:
    names = {p.name for p in scenarios.SCENARIO_DIR.glob("*.json")}
    assert len(names) >= 15
    assert "seed002-manage-two-independent-directories.json" in names


@pytest.mark.parametrize("path", sorted(scenarios.SCENARIO_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_scenario(path: Path) -> None:
    assert scenarios.run(path) > 0


def test_the_runner_catches_a_wrong_expectation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": 1, "scenario": "x", "steps": ['
        '{"do": "create_microsoft_account", "args": {"email": "jo@outlook.com"}},'
        '{"do": "create_microsoft_account", "args": {"email": "jo@outlook.com"}, "error": "INVALID_NAME"}]}'
    )
    with pytest.raises(scenarios.StepFailed, match="expected INVALID_NAME, got USER_EXISTS"):
        scenarios.run(bad)
