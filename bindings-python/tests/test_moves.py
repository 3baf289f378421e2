"""Before you move it, from Python: move_impact, restore_plan applied after
the move through the Tenancy's own methods, and diff of the two states."""

from __future__ import annotations

from typing import Any

import pytest

import tenantry

CONTOSO = "contoso.onmicrosoft.com"
FABRIKAM = "fabrikam.onmicrosoft.com"
ADMIN = "admin@contoso.onmicrosoft.com"


def before_the_move() -> tuple[tenantry.Tenancy, str]:
    t = tenantry.Tenancy(seed=11, profile="current")
    for org, prefix in (("Contoso", "contoso"), ("Fabrikam", "fabrikam")):
        t.sign_up_office365(organization=org, domain_prefix=prefix, admin="admin", plan="Office 365 E3")
        admin = f"admin@{prefix}.onmicrosoft.com"
        t.add_user(actor=admin, directory=f"{prefix}.onmicrosoft.com", user="jane")
        t.elevate_access(actor=admin, directory=f"{prefix}.onmicrosoft.com")
        t.set_subscription_policy(actor=admin, directory=f"{prefix}.onmicrosoft.com",
                                  block_leaving=False, block_entering=False)
    sub = t.sign_up_azure(actor=ADMIN, offer="MS-AZR-0003P", name="Production").subscription
    assert sub is not None
    t.assign_role(actor=ADMIN, scope=f"/subscriptions/{sub}", principal="jane@contoso.onmicrosoft.com", role="reader")
    t.create_resource(actor=ADMIN, subscription=sub, resource_group="data", resource_type="Microsoft.Sql/servers",
                      name="sql1", entra_authentication=True)
    t.create_resource(actor=ADMIN, subscription=sub, resource_group="web", resource_type="Microsoft.KeyVault/vaults",
                      name="vault1", access_policies=["jane@contoso.onmicrosoft.com"])
    t.invite_guest(actor="admin@fabrikam.onmicrosoft.com", directory=FABRIKAM, account=ADMIN)
    return t, sub


def test_the_impact_lists_blocking_facts_movers_and_every_affected_object() -> None:
    t, sub = before_the_move()
    impact = t.move_impact(subscription=sub, directory=FABRIKAM)
    assert (impact["from"], impact["to"], impact["blocking"], impact["movers"]) == (CONTOSO, FABRIKAM, [], [ADMIN])
    rows = {r["row"]: r for r in impact["rows"]}
    assert (rows["sql_entra_authentication"]["recoverable"], rows["key_vaults"]["recoverable"]) == (False, True)
    assert [o["object"] for o in rows["role_assignments"]["objects"]] == [
        f"admin@contoso.onmicrosoft.com owner at /subscriptions/{sub}",
        f"jane@contoso.onmicrosoft.com reader at /subscriptions/{sub}",
    ]
    assert "jane@contoso.onmicrosoft.com" in rows["key_vaults"]["objects"][0]["detail"]
    same = t.move_impact(subscription=sub, directory=CONTOSO)
    assert [b["code"] for b in same["blocking"]] == ["SAME_DIRECTORY"]
    with pytest.raises(tenantry.UnknownReferenceError) as e:
        t.move_impact(subscription=sub, directory="nowhere.onmicrosoft.com")
    assert e.value.code == "UNKNOWN_DIRECTORY"


def test_the_inventory_is_the_impacts_rows_that_hold_whoever_moves_it_wherever() -> None:
    t, sub = before_the_move()
    inventory = t.move_inventory(subscription=sub)
    impact = t.move_impact(subscription=sub, directory=FABRIKAM)
    rows = {r["row"] for r in inventory}
    assert {"sql_entra_authentication", "key_vaults"} <= rows
    assert [r for r in impact["rows"] if r["row"] in rows] == inventory
    office365 = next(s["id"] for s in t.subscriptions() if s["kind"] == "office365")
    with pytest.raises(tenantry.InvalidInputError) as e:
        t.move_inventory(subscription=office365)
    assert "does not change directory" in e.value.message
    with pytest.raises(tenantry.UnknownReferenceError):
        t.move_inventory(subscription="00000000-0000-0000-0000-000000000000")


def test_the_restore_plan_applies_after_the_move_through_the_tenancys_methods() -> None:
    t, sub = before_the_move()
    plan = t.restore_plan(subscription=sub, directory=FABRIKAM)
    assert [(s["operation"], s.get("principal")) for s in plan["steps"]] == [
        ("assign_role", "jane@fabrikam.onmicrosoft.com")]
    assert plan["steps"][0]["az"].startswith("az role assignment create ")
    before = tenantry.Tenancy.from_json(t.to_json())
    t.change_subscription_directory(actor=ADMIN, subscription=sub, directory=FABRIKAM)
    for step in plan["steps"]:
        args: dict[str, Any] = {k: v for k, v in step.items() if k not in ("operation", "restores", "az")}
        assert t.can.__getattribute__(step["operation"])(actor=ADMIN, **args)["allowed"]
        getattr(t, step["operation"])(actor=ADMIN, **args)
    assert {(a["principal"], a["role"]) for a in t.role_assignments(subscription=sub)} == {
        (ADMIN, "owner"), ("jane@fabrikam.onmicrosoft.com", "reader")}

    d = before.diff(t)
    assert {(a["account"], a["change"]) for a in d["access"]} >= {("admin@fabrikam.onmicrosoft.com", "gained")}
    changes = {(c["kind"], c["change"], c["object"]) for c in d["changes"]}
    assert ("role_assignment", "removed", f"jane@contoso.onmicrosoft.com reader at /subscriptions/{sub}") in changes
    assert ("role_assignment", "added", f"jane@fabrikam.onmicrosoft.com reader at /subscriptions/{sub}") in changes
    moved = next(c for c in d["changes"] if c["kind"] == "subscription")
    assert (moved["change"], moved["after"]) == ("changed", f"azure subscription in {FABRIKAM}")
    assert before.diff(before) == {"access": [], "changes": []}
    assert t.diff(t) == {"access": [], "changes": []}
