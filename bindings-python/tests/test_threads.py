"""A Tenancy shared by Python threads: queries, `can` and `plan` run with
the GIL released beside each other while one thread applies operations;
every read sees a whole state (no half-applied operation, no "already
borrowed" error). 8 readers and 1 writer for TENANTRY_STRESS_SECONDS
(5 by default)."""

from __future__ import annotations

import os
import threading
import time

import tenantry

ADMIN = "admin@contoso.onmicrosoft.com"
CONTOSO = "contoso.onmicrosoft.com"


def test_eight_readers_and_one_writer_see_only_whole_states() -> None:
    seconds = float(os.environ.get("TENANTRY_STRESS_SECONDS", "5"))
    t = tenantry.Tenancy(seed=8, profile="current")
    t.sign_up_office365(organization="Contoso", domain_prefix="contoso", admin="admin", plan="Office 365 E3")
    sub = t.sign_up_azure(actor=ADMIN, offer="MS-AZR-0003P").subscription
    assert sub is not None
    stop = threading.Event()
    failures: list[str] = []
    reads = [0] * 8

    def reader(n: int) -> None:
        try:
            while not stop.is_set():
                # Assignments first, users after: users are only added, so
                # each assignment's user is there by the second read.
                assignments = t.role_assignments(subscription=sub)
                users = {u.lower() for u in t.users_of(directory=CONTOSO)}
                for a in assignments:
                    if a["principal"].endswith("@contoso.onmicrosoft.com") and a["principal"].lower() not in users:
                        failures.append(f"reader {n}: an assignment to {a['principal']}, who is not a user")
                if not t.can.assign_role(actor=ADMIN, subscription=sub, principal=ADMIN, role="reader")["allowed"]:
                    failures.append(f"reader {n}: the Owner may not assign")
                if not t.who_can_manage(subscription=sub):
                    failures.append(f"reader {n}: nobody manages the subscription")
                t.plan.add_user(actor=ADMIN, directory=CONTOSO, user=f"planned{n}")
                reads[n] += 1
        except Exception as e:  # noqa: BLE001 - any error is the finding
            failures.append(f"reader {n}: {type(e).__name__}: {e}")

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(8)]
    for th in threads:
        th.start()
    writes = 0
    deadline = time.monotonic() + seconds
    try:
        # Below the 5,000 role assignments a subscription may hold (I6).
        while time.monotonic() < deadline and writes < 4_000:
            account = f"u{writes}@{CONTOSO}"
            t.add_user(actor=ADMIN, directory=CONTOSO, user=f"u{writes}")
            t.assign_role(actor=ADMIN, subscription=sub, principal=account, role="reader")
            writes += 1
    finally:
        stop.set()
        for th in threads:
            th.join()
    assert failures == []
    assert writes > 0 and all(r > 0 for r in reads), (writes, reads)
    assert len(t.users_of(directory=CONTOSO)) == writes + 1
    # The state the threads saw last reloads whole.
    assert tenantry.Tenancy.from_json(t.to_json()).users_of(directory=CONTOSO) == t.users_of(directory=CONTOSO)
