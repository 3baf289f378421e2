"""tenantry.report from Python: the same page as `tenantry report`, its data
core's answers, written atomically; a path it cannot write is IO_ERROR."""

from __future__ import annotations

import json
import pathlib
import re

import pytest

import tenantry

from test_moves import ADMIN, FABRIKAM, before_the_move


def embedded(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="tenantry-data">(.*?)</script>', page, re.S)
    assert found, "the page embeds its data"
    return json.loads(found.group(1))


def test_the_page_holds_core_s_answers_and_nothing_from_the_network(tmp_path: pathlib.Path) -> None:
    t, sub = before_the_move()
    out = tmp_path / "report.html"
    assert tenantry.report(t, out) is None
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    # Self-contained: no script, style or image fetched from anywhere.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    data = embedded(page)
    by_id = {s["id"]: s for s in data["subscriptions"]}
    assert set(by_id) == {s["id"] for s in t.subscriptions()}
    production = by_id[sub]
    assert production["name"] == "Production"
    assert production["managers"] == t.who_can_manage(subscription=sub)
    [move] = production["moves"]
    impact = t.move_impact(subscription=sub, directory=FABRIKAM)
    assert move["to"] == FABRIKAM
    assert move["impact"]["rows"] == impact["rows"]
    assert move["impact"]["movers"] == [ADMIN]
    assert move["restore"]["steps"] == t.restore_plan(subscription=sub, directory=FABRIKAM)["steps"]
    assert "Azure SQL databases with Microsoft Entra authentication integration enabled" in production["unrecoverable"]


def test_a_path_that_cannot_be_written_is_io_error_and_leaves_nothing_behind(tmp_path: pathlib.Path) -> None:
    t, _ = before_the_move()
    with pytest.raises(tenantry.SnapshotIOError) as raised:
        tenantry.report(t, tmp_path / "no such directory" / "report.html")
    assert raised.value.code == "IO_ERROR"
    # The page is written, then the rename over a directory holding a file
    # fails: the temporary file is removed, the directory kept.
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "keep").write_text("x")
    with pytest.raises(tenantry.SnapshotIOError):
        tenantry.report(t, taken)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
    assert (taken / "keep").read_text() == "x"
    with pytest.raises(TypeError):
        tenantry.report("not a tenancy", tmp_path / "r.html")  # type: ignore[arg-type]
