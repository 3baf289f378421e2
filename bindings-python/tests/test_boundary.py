"""The Python boundary: conversions, error mapping, naming, None and
missing arguments, wrong types, lifetimes, snapshots on disk. Behaviour
itself is tested in Rust and by the shared scenarios."""

from __future__ import annotations

import ast
import os
import threading
from pathlib import Path

import pytest

import tenantry


@pytest.fixture
def t() -> tenantry.Tenancy:
    t = tenantry.Tenancy(seed=1)
    t.sign_up_office365(organization="Contoso", domain_prefix="contoso", admin="admin", plan="Office 365 E3")
    t.create_microsoft_account(email="msmith@hotmail.com")
    return t


ADMIN = "admin@contoso.onmicrosoft.com"


def azure(t: tenantry.Tenancy) -> str:
    sub = t.sign_up_azure(actor=ADMIN, offer="MS-AZR-0003P").subscription
    assert isinstance(sub, str)
    return sub


# ----- errors -------------------------------------------------------------


def test_unknown_references_are_key_errors(t: tenantry.Tenancy) -> None:
    with pytest.raises(KeyError) as info:
        t.users_of(directory="nowhere.onmicrosoft.com")
    e = info.value
    assert isinstance(e, tenantry.UnknownReferenceError)
    assert isinstance(e, tenantry.TenantryError)
    assert e.code == "UNKNOWN_DIRECTORY"
    assert e.rule is None
    assert str(e) == "There is no directory nowhere.onmicrosoft.com."
    assert e.message == str(e)
    assert e.hint


def test_bad_input_is_a_value_error(t: tenantry.Tenancy) -> None:
    with pytest.raises(ValueError) as info:
        t.create_directory(organization="Fabrikam", domain_prefix="fab-rikam", admin="admin")
    assert isinstance(info.value, tenantry.InvalidInputError)
    assert info.value.code == "INVALID_NAME"
    assert info.value.rule == "R1"


def test_refusals_are_permission_errors_with_their_rule(t: tenantry.Tenancy) -> None:
    sub = azure(t)
    with pytest.raises(PermissionError) as info:
        t.change_subscription_directory(actor="msa:msmith@hotmail.com", subscription=sub, directory="contoso.onmicrosoft.com")
    e = info.value
    assert isinstance(e, tenantry.RefusedError)
    assert (e.code, e.rule) == ("REQUIRES_SERVICE_ADMIN", "R6")
    assert "service administrator" in e.hint


def test_every_error_is_a_tenantry_error(t: tenantry.Tenancy) -> None:
    calls = [
        lambda: t.add_user(actor="ghost@contoso.onmicrosoft.com", directory="contoso.onmicrosoft.com", user="x"),
        lambda: t.add_user(actor=ADMIN, directory="contoso.onmicrosoft.com", user="x", role="god"),
        lambda: t.add_user(actor=ADMIN, directory="contoso.onmicrosoft.com", user="admin"),
        lambda: tenantry.Tenancy.from_json("not json"),
    ]
    codes = []
    for call in calls:
        with pytest.raises(tenantry.TenantryError) as info:
            call()
        codes.append(info.value.code)
    assert codes == ["UNKNOWN_ACCOUNT", "INVALID_NAME", "USER_EXISTS", "INVALID_SNAPSHOT"]
    assert set(codes) <= set(tenantry.CODES)


def test_a_panic_inside_core_is_an_internal_error_not_a_crash(t: tenantry.Tenancy) -> None:
    """A panic in the Rust core reaches Python as InternalError (INTERNAL),
    through the same guard as every call, and the interpreter and the
    model live on."""
    from tenantry import _tenantry

    before = t.to_json()
    for _ in range(3):
        with pytest.raises(tenantry.InternalError) as info:
            _tenantry._panic_for_tests()
        e = info.value
        assert isinstance(e, tenantry.TenantryError) and isinstance(e, RuntimeError)
        assert (e.code, e.rule) == ("INTERNAL", None)
        assert e.message == "tenantry failed inside: a deliberate panic, for the tests of a binding's error mapping."
        assert "bug in tenantry" in e.hint
    assert t.to_json() == before
    assert t.can.sign_up_azure(actor=ADMIN, offer="MS-AZR-0003P")["allowed"]


def test_the_stub_lists_exactly_the_codes() -> None:
    """The `Code` literal of `__init__.pyi` is core's CODES, in order."""
    stub = Path(__file__).resolve().parents[1] / "python" / "tenantry" / "__init__.pyi"
    literal = next(
        node.value
        for node in ast.parse(stub.read_text(encoding="utf-8")).body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "Code"
    )
    assert isinstance(literal, ast.Subscript) and isinstance(literal.slice, ast.Tuple)
    listed = [e.value for e in literal.slice.elts if isinstance(e, ast.Constant)]
    assert listed == list(tenantry.CODES)


# ----- arguments ----------------------------------------------------------


def test_missing_and_none_arguments_are_type_errors(t: tenantry.Tenancy) -> None:
    with pytest.raises(TypeError, match="offer"):
        t.sign_up_azure(actor=ADMIN)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="actor"):
        t.sign_up_azure(actor=None, offer="MS-AZR-0003P")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        t.sign_up_azure(ADMIN, "MS-AZR-0003P")  # type: ignore[misc]
    with pytest.raises(TypeError, match="nonsense"):
        t.sign_up_azure(actor=ADMIN, offer="MS-AZR-0003P", nonsense=1)  # type: ignore[call-arg]


def test_optional_arguments_accept_none(t: tenantry.Tenancy) -> None:
    out = t.sign_up_azure(actor=ADMIN, offer="MS-AZR-0003P", name=None, directory=None)
    assert out.subscription is not None


def test_wrong_types_are_type_errors(t: tenantry.Tenancy) -> None:
    with pytest.raises(TypeError):
        t.create_microsoft_account(email=42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        t.sign_up_office365(organization="F", domain_prefix="f", admin="a", plan="P", seats="many")  # type: ignore[arg-type]
    sub = azure(t)
    with pytest.raises(TypeError):
        t.link_office365_tenant(actor=ADMIN, subscription=sub, directory="x", global_admin=ADMIN, admins="a@b.com")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        tenantry.Tenancy(seed="7")  # type: ignore[arg-type]


def test_out_of_range_numbers_are_refused_by_core(t: tenantry.Tenancy) -> None:
    for seats in (0, -1, 2**40):
        with pytest.raises(tenantry.InvalidInputError) as info:
            t.buy_office365(actor=ADMIN, plan="Office 365 E1", seats=seats)
        assert info.value.code == "INVALID_NAME"


# ----- results ------------------------------------------------------------


def test_outcomes_are_plain_data(t: tenantry.Tenancy) -> None:
    out = t.sign_up_azure(actor=ADMIN, offer="MS-AZR-0044P")
    assert isinstance(out, tenantry.Outcome)
    assert len(out) == 1
    [effect] = out.effects
    assert effect == {"subscription_created": {"subscription": out.subscription, "kind": "azure", "directory": "contoso.onmicrosoft.com"}}
    assert repr(out) == f"Outcome(1 effects, subscription='{out.subscription}')"
    nothing = t.create_microsoft_account(email="jo@outlook.com")
    assert nothing.subscription is None


def test_plans_change_nothing_and_write_new_subscriptions_as_star(t: tenantry.Tenancy) -> None:
    before = t.to_json()
    out = t.plan.sign_up_azure(actor=ADMIN, offer="MS-AZR-0003P")
    assert out.subscription is None
    assert out.effects[0]["subscription_created"]["subscription"] == "*"
    assert t.to_json() == before


def test_decisions_are_dicts(t: tenantry.Tenancy) -> None:
    yes = t.can.sign_up_azure(actor=ADMIN, offer="MS-AZR-0003P")
    assert yes == {"allowed": True, "rule": "R3", "message": f"{ADMIN} may sign up for Azure (R3)."}
    no = t.can.buy_office365(actor="msa:msmith@hotmail.com", plan="Office 365 E1")
    assert no["allowed"] is False
    assert (no["rule"], no["code"]) == ("R4", "REQUIRES_GLOBAL_OR_BILLING_ADMIN")
    assert no["message"] and no["hint"]
    unknown = t.can.sign_up_azure(actor="msa:nobody@outlook.com", offer="MS-AZR-0003P")
    assert unknown["code"] == "UNKNOWN_ACCOUNT"


def test_queries_return_format_shapes(t: tenantry.Tenancy) -> None:
    sub = azure(t)
    assert t.users_of(directory="contoso.onmicrosoft.com") == [ADMIN]
    assert t.user(directory="contoso.onmicrosoft.com", account=ADMIN) == {"kind": "member", "roles": ["global_administrator"]}
    assert t.user(directory="contoso.onmicrosoft.com", account="msa:msmith@hotmail.com") is None
    assert t.organizational_role(directory="contoso.onmicrosoft.com", account=ADMIN) == "Global Administrator"
    view = t.subscription(subscription=sub)
    assert view["owner"] == {"user": ADMIN}
    assert view["co_administrators"] == []
    assert sub in t.subscriptions_of(directory="contoso.onmicrosoft.com")
    assert t.who_can_manage(subscription=sub) == [
        {"account": ADMIN, "reason": "account_administrator"},
        {"account": ADMIN, "reason": "service_administrator"},
    ]
    assert t.role_assignments(subscription=sub) == []
    assert t.directories_of(account=ADMIN) == ["contoso.onmicrosoft.com"]
    assert [a["account"] for a in t.accounts()] == [ADMIN, "msa:msmith@hotmail.com"]
    assert t.events()[0] == {"directory_created": {"directory": "contoso.onmicrosoft.com"}}
    assert repr(t) == "Tenancy(1 directory, 2 accounts, 2 subscriptions, 0 partners, 7 events)"


def test_plan_and_can_keep_their_tenancy_alive() -> None:
    planner = tenantry.Tenancy(seed=3).plan
    decider = tenantry.Tenancy(seed=3).can
    assert planner.create_microsoft_account(email="jo@outlook.com").effects
    assert decider.create_microsoft_account(email="jo@outlook.com")["allowed"] is True


def test_plan_and_can_see_later_changes(t: tenantry.Tenancy) -> None:
    can = t.can
    assert can.create_microsoft_account(email="jo@outlook.com")["allowed"] is True
    t.create_microsoft_account(email="jo@outlook.com")
    assert can.create_microsoft_account(email="jo@outlook.com")["code"] == "USER_EXISTS"


# ----- snapshots ----------------------------------------------------------


def test_json_round_trip(t: tenantry.Tenancy) -> None:
    azure(t)
    json_text = t.to_json()
    back = tenantry.Tenancy.from_json(json_text)
    assert back.to_json() == json_text
    assert tenantry.Tenancy.from_json(t.to_json(pretty=True)).to_json() == json_text
    assert back.events() == t.events()


def test_save_and_load(t: tenantry.Tenancy, tmp_path: Path) -> None:
    path = tmp_path / "fleet.json"
    t.save(path)
    t.save(str(path))
    assert tenantry.Tenancy.load(path).to_json() == t.to_json()
    assert tenantry.Tenancy.load(os.fspath(path)).to_json() == t.to_json()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fleet.json"]


def test_a_failed_save_leaves_the_old_file(t: tenantry.Tenancy, tmp_path: Path) -> None:
    path = tmp_path / "fleet.json"
    t.save(path)
    old = path.read_bytes()
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "keep").write_text("x")
    with pytest.raises(tenantry.SnapshotIOError) as info:
        t.save(tmp_path / "dir")
    assert isinstance(info.value, OSError)
    assert info.value.code == "IO_ERROR"
    assert path.read_bytes() == old
    assert (tmp_path / "dir" / "keep").read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir", "fleet.json"]


def test_corrupted_and_missing_snapshot_files(t: tenantry.Tenancy, tmp_path: Path) -> None:
    path = tmp_path / "fleet.json"
    text = t.to_json()
    path.write_text(text[: len(text) // 2])
    with pytest.raises(tenantry.InvalidInputError) as info:
        tenantry.Tenancy.load(path)
    assert info.value.code == "INVALID_SNAPSHOT"
    assert "line 1" in str(info.value)
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(tenantry.InvalidInputError):
        tenantry.Tenancy.load(path)
    dangling = text.replace('"home":"contoso.onmicrosoft.com"', '"home":"gone.onmicrosoft.com"')
    with pytest.raises(tenantry.InvalidInputError, match="accounts\\[0\\].home"):
        tenantry.Tenancy.from_json(dangling)
    with pytest.raises(tenantry.SnapshotIOError):
        tenantry.Tenancy.load(tmp_path / "missing.json")


def test_seeded_loads_continue_reproducibly(t: tenantry.Tenancy) -> None:
    text = t.to_json()
    a = tenantry.Tenancy.from_json(text, seed=9)
    b = tenantry.Tenancy.from_json(text, seed=9)
    assert azure(a) == azure(b)


def test_heavy_calls_run_from_threads(t: tenantry.Tenancy) -> None:
    for _ in range(50):
        t.create_directory(organization="Org", domain_prefix=f"org{_}", admin="admin")
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(t.to_json())) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(set(results)) == 1


def test_profiles_and_the_current_queries() -> None:
    classic = tenantry.Tenancy(seed=1)
    assert classic.profile == "classic"
    classic.create_directory(organization="Contoso", domain_prefix="contoso", admin="admin")
    admin = "admin@contoso.onmicrosoft.com"
    classic.add_user(actor=admin, directory="contoso.onmicrosoft.com", user="co")
    sub = classic.sign_up_azure(actor=admin, offer="MS-AZR-0003P").subscription
    assert sub is not None
    classic.add_co_administrator(actor=admin, subscription=sub, account="co@contoso.onmicrosoft.com")

    current = classic.with_profile("current")
    assert (current.profile, classic.profile) == ("current", "classic")
    owners = sorted((a["principal"], a["role"]) for a in current.role_assignments(subscription=sub))
    assert owners == [(admin, "owner"), ("co@contoso.onmicrosoft.com", "owner")]
    with pytest.raises(tenantry.RefusedError) as refused:
        current.add_co_administrator(actor=admin, subscription=sub, account="co@contoso.onmicrosoft.com")
    assert (refused.value.code, refused.value.rule) == ("CLASSIC_ADMIN_RETIRED", "R7")
    permission = current.can_perform(
        principal="co@contoso.onmicrosoft.com",
        action="Microsoft.Authorization/roleAssignments/write",
        scope=f"/subscriptions/{sub}/resourceGroups/web",
    )
    assert permission["allowed"] and permission["role"] == "owner"
    # Blocked both ways by default since 1 May 2026.
    assert current.subscription_policy(directory="contoso.onmicrosoft.com") == {
        "block_leaving": True,
        "block_entering": True,
        "exempted": [],
    }
    assert current.orphaned_subscriptions(directory="contoso.onmicrosoft.com") == []
    current.create_group(actor=admin, directory="contoso.onmicrosoft.com", name="Ops")
    current.add_group_member(actor=admin, group="group:Ops@contoso.onmicrosoft.com", member="co@contoso.onmicrosoft.com")
    assert current.group_members(group="group:Ops@contoso.onmicrosoft.com") == ["co@contoso.onmicrosoft.com"]

    assert tenantry.Tenancy.from_json(classic.to_json(), profile="current").profile == "current"
    assert tenantry.Tenancy(profile="current").profile == "current"
    with pytest.raises(tenantry.InvalidInputError) as bad:
        tenantry.Tenancy(profile="modern")  # type: ignore[arg-type]
    assert bad.value.code == "INVALID_NAME"
    with pytest.raises(tenantry.InvalidInputError):
        classic.with_profile("modern")  # type: ignore[arg-type]
