#!/usr/bin/env python3
"""Writes the limit scenarios of tests/conformance (I6, I9 and the current
profile's N6 limits), which are too long to write by hand. Run from the repository root:

    python3 tools/gen_limit_scenarios.py
"""
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "conformance"


def write(name, scenario, source, steps, profile=None):
    lines = ",\n    ".join(json.dumps(s, separators=(", ", ": ")) for s in steps)
    top = f'  "profile": {json.dumps(profile)},\n' if profile else ""
    text = (
        "{\n"
        f'  "format": 1,\n{top}  "scenario": {json.dumps(scenario)},\n  "source": {json.dumps(source)},\n'
        f'  "steps": [\n    {lines}\n  ]\n}}\n'
    )
    (OUT / name).write_text(text)


def directory_limit():
    steps = [{"do": "create_microsoft_account", "args": {"email": "nomad@outlook.com"}}]
    for i in range(501):
        steps.append({"do": "create_directory", "args": {"organization": f"Org {i}", "domain_prefix": f"org{i}", "admin": "a"}})
    for i in range(500):
        steps.append({"do": "use_existing_directory", "as": "msa:nomad@outlook.com",
                      "args": {"directory": f"org{i}.onmicrosoft.com", "global_admin": f"a@org{i}.onmicrosoft.com"}})
    steps.append({"expect": "account", "args": {"account": "msa:nomad@outlook.com"}, "equals": {"kind": "microsoft"}})
    steps.append({"do": "use_existing_directory", "as": "msa:nomad@outlook.com",
                  "args": {"directory": "org500.onmicrosoft.com", "global_admin": "a@org500.onmicrosoft.com"}, "error": "DIRECTORY_LIMIT"})
    steps.append({"do": "sign_up_azure", "as": "msa:nomad@outlook.com", "args": {"offer": "MS-AZR-0003P"}, "error": "DIRECTORY_LIMIT"})
    steps.append({"do": "sign_up_azure", "as": "a@org500.onmicrosoft.com", "args": {"offer": "MS-AZR-0003P"}, "bind": "s"})
    steps.append({"do": "add_co_administrator", "as": "a@org500.onmicrosoft.com",
                  "args": {"subscription": "$s", "account": "msa:nomad@outlook.com"}, "error": "DIRECTORY_LIMIT"})
    steps.append({"do": "change_service_administrator", "as": "a@org500.onmicrosoft.com",
                  "args": {"subscription": "$s", "account": "msa:nomad@outlook.com"}, "error": "DIRECTORY_LIMIT"})
    steps.append({"do": "sign_up_azure", "as": "msa:nomad@outlook.com", "args": {"offer": "MS-AZR-0003P", "directory": "org7.onmicrosoft.com"}})
    write("limit-i9-directories-per-account.json",
          "I9: an account is a user of at most 500 directories (DIRECTORY_LIMIT)",
          "DESIGN I9 (Entra service limit), R3, R5, R7, R9", steps)


def co_admin_limit():
    steps = [
        {"do": "create_directory", "args": {"organization": "Contoso", "domain_prefix": "contoso", "admin": "admin"}},
        {"do": "sign_up_azure", "as": "admin@contoso.onmicrosoft.com", "args": {"offer": "MS-AZR-0003P"}, "bind": "azure"},
    ]
    for i in range(201):
        steps.append({"do": "add_user", "as": "admin@contoso.onmicrosoft.com", "args": {"directory": "contoso.onmicrosoft.com", "user": f"u{i}"}})
    for i in range(200):
        steps.append({"do": "add_co_administrator", "as": "admin@contoso.onmicrosoft.com",
                      "args": {"subscription": "$azure", "account": f"u{i}@contoso.onmicrosoft.com"}})
    steps.append({"do": "add_co_administrator", "as": "u0@contoso.onmicrosoft.com",
                  "args": {"subscription": "$azure", "account": "u200@contoso.onmicrosoft.com"}, "error": "CO_ADMIN_LIMIT"})
    steps.append({"do": "add_co_administrator", "as": "u0@contoso.onmicrosoft.com",
                  "args": {"subscription": "$azure", "account": "u199@contoso.onmicrosoft.com"}, "error": "ALREADY_ASSIGNED"})
    steps.append({"do": "remove_co_administrator", "as": "u0@contoso.onmicrosoft.com",
                  "args": {"subscription": "$azure", "account": "u199@contoso.onmicrosoft.com"}})
    steps.append({"do": "add_co_administrator", "as": "u0@contoso.onmicrosoft.com",
                  "args": {"subscription": "$azure", "account": "u200@contoso.onmicrosoft.com"}})
    write("limit-i6-co-administrators.json",
          "I6: a subscription has at most 200 co-administrators (CO_ADMIN_LIMIT)",
          "DESIGN I6, R7", steps)


def role_assignment_limit():
    steps = [
        {"do": "create_directory", "args": {"organization": "Contoso", "domain_prefix": "c", "admin": "a"}},
        {"do": "add_user", "as": "a@c.onmicrosoft.com", "args": {"directory": "c.onmicrosoft.com", "user": "u"}},
        {"do": "sign_up_azure", "as": "a@c.onmicrosoft.com", "args": {"offer": "MS-AZR-0003P"}, "bind": "a"},
    ]
    roles = ["owner", "contributor", "reader", "user_access_administrator"]
    for g in range(1000):
        for role in roles:
            steps.append({"do": "assign_role", "as": "a@c.onmicrosoft.com",
                          "args": {"subscription": "$a", "principal": "u@c.onmicrosoft.com", "role": role, "resource_group": f"g{g}"}})
    steps.append({"do": "assign_role", "as": "a@c.onmicrosoft.com",
                  "args": {"subscription": "$a", "principal": "u@c.onmicrosoft.com", "role": "reader"}, "error": "ROLE_ASSIGNMENT_LIMIT"})
    steps.append({"do": "assign_role", "as": "u@c.onmicrosoft.com",
                  "args": {"subscription": "$a", "principal": "a@c.onmicrosoft.com", "role": "reader", "resource_group": "G7"}, "error": "ROLE_ASSIGNMENT_LIMIT"})
    steps.append({"do": "remove_role", "as": "u@c.onmicrosoft.com",
                  "args": {"subscription": "$a", "principal": "u@c.onmicrosoft.com", "role": "reader", "resource_group": "G7"}})
    steps.append({"do": "assign_role", "as": "u@c.onmicrosoft.com",
                  "args": {"subscription": "$a", "principal": "a@c.onmicrosoft.com", "role": "reader", "resource_group": "G7"}})
    steps.append({"do": "assign_role", "as": "a@c.onmicrosoft.com",
                  "args": {"subscription": "$a", "principal": "u@c.onmicrosoft.com", "role": "reader"}, "error": "ROLE_ASSIGNMENT_LIMIT"})
    write("limit-i6-role-assignments.json",
          "I6: a subscription has at most 4,000 RBAC role assignments (ROLE_ASSIGNMENT_LIMIT)",
          "DESIGN I6, R8", steps)


def current_tenant():
    """A current-profile directory whose Global Administrator is elevated and
    Owner at the root, with one Azure subscription bound to `a`."""
    admin = "a@c.onmicrosoft.com"
    return admin, [
        {"do": "create_directory", "args": {"organization": "Contoso", "domain_prefix": "c", "admin": "a"}},
        {"do": "add_user", "as": admin, "args": {"directory": "c.onmicrosoft.com", "user": "u"}},
        {"do": "sign_up_azure", "as": admin, "args": {"offer": "MS-AZR-0003P"}, "bind": "a"},
        {"do": "elevate_access", "as": admin, "args": {"directory": "c.onmicrosoft.com"}},
        {"do": "assign_role", "as": admin,
         "args": {"scope": "/", "directory": "c.onmicrosoft.com", "principal": admin, "role": "owner"}},
    ]


def custom_role_limit():
    admin, steps = current_tenant()
    def role(i, **extra):
        return {"do": "create_custom_role", "as": admin,
                "args": {"directory": "c.onmicrosoft.com", "name": f"Operator {i}",
                         "actions": ["Microsoft.Compute/virtualMachines/*/action"], "not_actions": [],
                         "assignable_scopes": ["/subscriptions/$a"]}, **extra}
    for i in range(5000):
        steps.append(role(i))
    steps.append(role(5000, error="CUSTOM_ROLE_LIMIT"))
    steps.append({"do": "delete_custom_role", "as": admin, "args": {"directory": "c.onmicrosoft.com", "name": "operator 17"}})
    steps.append(role(5000))
    steps.append(role(5001, error="CUSTOM_ROLE_LIMIT"))
    steps.append(role(17, error="CUSTOM_ROLE_LIMIT"))
    write("limit-n6-custom-roles.json",
          "N6: a directory has at most 5,000 custom roles (CUSTOM_ROLE_LIMIT); a deleted one frees its place",
          "DESIGN section 6, N6 (Azure RBAC limits: custom roles per tenant)", steps, profile="current")


def management_group_limits():
    admin, steps = current_tenant()
    parent = None
    for level in range(1, 7):
        args = {"directory": "c.onmicrosoft.com", "name": f"level{level}"}
        if parent:
            args["parent"] = parent
        steps.append({"do": "create_management_group", "as": admin, "args": args})
        parent = f"level{level}"
    steps.append({"do": "create_management_group", "as": admin,
                  "args": {"directory": "c.onmicrosoft.com", "name": "level7", "parent": "level6"},
                  "error": "MANAGEMENT_GROUP_DEPTH"})
    steps.append({"do": "create_management_group", "as": admin,
                  "args": {"directory": "c.onmicrosoft.com", "name": "side", "parent": "level5"}})
    steps.append({"do": "create_management_group", "as": admin,
                  "args": {"directory": "c.onmicrosoft.com", "name": "nowhere", "parent": "level9"},
                  "error": "UNKNOWN_MANAGEMENT_GROUP"})
    scope = "/providers/Microsoft.Management/managementGroups/level1"
    steps.append({"do": "add_user", "as": admin, "args": {"directory": "c.onmicrosoft.com", "user": "v"}})
    roles = ["owner", "contributor", "reader", "user_access_administrator", "role_based_access_control_administrator"]
    for i in range(100):
        steps.append({"do": "create_group", "as": admin, "args": {"directory": "c.onmicrosoft.com", "name": f"team{i}"}})
        for role in roles:
            steps.append({"do": "assign_role", "as": admin,
                          "args": {"scope": scope, "principal": f"group:team{i}@c.onmicrosoft.com", "role": role}})
    steps.append({"do": "assign_role", "as": admin,
                  "args": {"scope": scope, "principal": "v@c.onmicrosoft.com", "role": "reader"},
                  "error": "ROLE_ASSIGNMENT_LIMIT"})
    steps.append({"do": "assign_role", "as": admin,
                  "args": {"scope": "/providers/Microsoft.Management/managementGroups/level2",
                           "principal": "v@c.onmicrosoft.com", "role": "reader"}})
    steps.append({"do": "remove_role", "as": admin,
                  "args": {"scope": scope, "principal": "group:team7@c.onmicrosoft.com", "role": "reader"}})
    steps.append({"do": "assign_role", "as": admin,
                  "args": {"scope": scope, "principal": "v@c.onmicrosoft.com", "role": "reader"}})
    steps.append({"do": "assign_role", "as": admin,
                  "args": {"scope": scope, "principal": "group:team7@c.onmicrosoft.com", "role": "reader"},
                  "error": "ROLE_ASSIGNMENT_LIMIT"})
    write("limit-n6-management-groups.json",
          "N6: management groups nest at most six levels below the root (MANAGEMENT_GROUP_DEPTH) "
          "and hold at most 500 role assignments each (ROLE_ASSIGNMENT_LIMIT)",
          "DESIGN section 6, N6 (management groups overview; Azure RBAC limits)", steps, profile="current")


if __name__ == "__main__":
    directory_limit()
    co_admin_limit()
    role_assignment_limit()
    custom_role_limit()
    management_group_limits()
