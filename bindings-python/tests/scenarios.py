"""A small runner for the conformance scenarios (FORMAT.md) that drives the
idiomatic Python API: each step is dispatched to the method of that name
(`t.sign_up_azure(...)`, `t.plan.add_user(...)`, `t.can.assign_role(...)`,
`t.who_can_manage(...)`), never to a generic entry point."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import tenantry

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "tests" / "conformance"
SEED = 0x7E4A47


class StepFailed(AssertionError):
    pass


BOUND_NAME = re.compile(r"\$([A-Za-z0-9_-]+)")


def substitute(value: Any, bound: dict[str, str]) -> Any:
    """Replaces each `$name`, the whole string or inside one
    (`/subscriptions/$azure/resourceGroups/web`), with the subscription
    bound to it."""
    if isinstance(value, str):

        def lookup(m: re.Match[str]) -> str:
            if m.group(1) not in bound:
                raise StepFailed(f"{m.group(0)} is not bound by an earlier step")
            return bound[m.group(1)]

        return BOUND_NAME.sub(lookup, value)
    if isinstance(value, list):
        return [substitute(v, bound) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, bound) for k, v in value.items()}
    return value


def matches(expected: Any, actual: Any, ordered: bool = False, names: bool = False) -> bool:
    """Objects compare on the keys the expected one names; lists as
    multisets (or in order); names (strings under core's NAME_KEYS)
    ignoring case, other scalars exactly."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return False
        return all(
            (k in actual and matches(v, actual[k], names=k in tenantry.NAME_KEYS))
            or (v is None and k not in actual)
            for k, v in expected.items()
        )
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(expected) != len(actual):
            return False
        if ordered:
            return all(matches(e, a, names=names) for e, a in zip(expected, actual))
        unused = list(actual)
        for e in expected:
            hit = next((i for i, a in enumerate(unused) if matches(e, a, names=names)), None)
            if hit is None:
                return False
            unused.pop(hit)
        return True
    if names and isinstance(expected, str) and isinstance(actual, str):
        return expected.lower() == actual.lower()
    return bool(expected == actual) and type(expected) is type(actual)


def run(path: Path) -> int:
    """Runs one scenario file; returns the number of steps run."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    t = tenantry.Tenancy(seed=SEED, profile=doc.get("profile", "classic"))
    bound: dict[str, str] = {}
    for n, step in enumerate(doc["steps"], 1):
        try:
            if "profile" in step:
                t = t.with_profile(step["profile"])
                continue
            run_step(t, step, bound)
        except StepFailed as e:
            raise StepFailed(f"{path.name} step {n} {json.dumps(step)[:160]}: {e}") from None
    return len(doc["steps"])


def expect_error(code: str, call: Any, t: tenantry.Tenancy) -> None:
    before = t.to_json()
    try:
        call()
    except tenantry.TenantryError as e:
        if e.code != code:
            raise StepFailed(f"expected {code}, got {e.code}: {e}") from None
        if t.to_json() != before:
            raise StepFailed(f"refused with {code}, but the state changed")
        return
    raise StepFailed(f"expected {code}, but it succeeded")


def run_step(t: tenantry.Tenancy, step: dict[str, Any], bound: dict[str, str]) -> None:
    args = substitute(step.get("args", {}), bound)
    if "as" in step:
        args["actor"] = step["as"]
    error = step.get("error")

    if "do" in step:
        method = getattr(t, step["do"])
        if error:
            return expect_error(error, lambda: method(**args), t)
        try:
            outcome = method(**args)
        except tenantry.TenantryError as e:
            raise StepFailed(f"refused with {e.code}: {e}") from None
        if "bind" in step:
            if outcome.subscription is None:
                raise StepFailed("nothing to bind")
            bound[step["bind"]] = outcome.subscription
        return None

    if "plan" in step:
        method = getattr(t.plan, step["plan"])
        if error:
            return expect_error(error, lambda: method(**args), t)
        before = t.to_json()
        effects = method(**args).effects
        if t.to_json() != before:
            raise StepFailed("the plan changed the state")
        expected = substitute(step["effects"], bound)
        if not matches(expected, effects):
            raise StepFailed(f"plan {effects} != {expected}")
        return None

    query = step["expect"]
    try:
        if query == "can":
            op_args = dict(args.get("args", {}))
            answer: Any = getattr(t.can, args["action"])(actor=args["account"], **op_args)
        elif query == "events":
            answer = t.events()
        else:
            answer = getattr(t, query)(**args)
    except tenantry.TenantryError as e:
        if error == e.code:
            return None
        raise StepFailed(f"query failed with {e.code}: {e}") from None
    if error:
        raise StepFailed(f"expected {error}, but the answer was {answer}")
    expected = substitute(step["equals"], bound)
    if not matches(expected, answer, ordered=query == "events", names=query in tenantry.NAME_KEYS):
        raise StepFailed(f"{query} answered {answer}, expected {expected}")
    return None
