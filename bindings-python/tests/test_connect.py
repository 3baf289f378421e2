"""tenantry.connect against the importer's loopback Graph and ARM server
(the connect crate's test_server example, which the test command builds)."""

import asyncio
import json
import os
import socket
import subprocess
import threading
from pathlib import Path

import pytest

import tenantry
from tenantry.connect import import_tenant, import_tenant_async

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server():
    binary = Path(
        os.environ.get(
            "TENANTRY_TEST_SERVER", ROOT / "target" / "debug" / "examples" / "test_server"
        )
    )
    proc = subprocess.Popen([str(binary)], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        yield json.loads(line)
    finally:
        proc.kill()
        proc.wait()


def test_an_import_returns_the_tenancy_and_a_report_matching_the_server(server):
    seen = []

    t, report = import_tenant(
        graph_url=server["url"], arm_url=server["url"], token=server["token"], progress=seen.append
    )
    assert isinstance(t, tenantry.Tenancy)
    assert t.profile == "current"
    assert report["counts"] == server["counts"]
    assert report["directory"] == "contoso.onmicrosoft.com"
    assert report["refreshable"] is True and report["refresh"] is None
    assert report["unresolved_counts"]["guest"] == 1
    assert seen and seen[-1]["requests"] == report["requests"]
    owners = [m["account"] for m in t.who_can_manage(subscription="11111111-aaaa-4bbb-8ccc-000000000001")]
    assert "admin@contoso.com" in owners
    assert server["token"] not in json.dumps(report) + t.to_json()


def test_the_async_twin_awaits_the_same_import(server):
    async def main():
        return await import_tenant_async(
            graph_url=server["url"], arm_url=server["url"], token=server["token"]
        )

    t, report = asyncio.run(main())
    assert report["counts"] == server["counts"]


def test_failures_raise_the_documented_errors(server):
    with pytest.raises(tenantry.TenantImportError) as refused:
        import_tenant(graph_url=server["url"], arm_url=server["url"], token="not-the-token")
    assert refused.value.code == "IMPORT_UNAUTHORIZED"
    assert isinstance(refused.value, OSError)
    assert "not-the-token" not in str(refused.value)
    with pytest.raises(tenantry.TenantImportError) as options:
        import_tenant(graph_url="http://graph.example.com", token="x")
    assert options.value.code == "IMPORT_OPTIONS"
    with pytest.raises(tenantry.TenantImportError) as germany:
        import_tenant(cloud="germany", token="x")
    assert germany.value.code == "IMPORT_OPTIONS"
    with pytest.raises(tenantry.TenantImportError):
        import_tenant(token="x", client_id="y")


def test_python_threads_run_while_an_import_waits():
    """The GIL is released: a thread counts while the import waits on a
    server that accepts and never answers, until its timeout."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    counted = [0]
    done = threading.Event()

    def count():
        while not done.is_set():
            counted[0] += 1

    counter = threading.Thread(target=count)
    counter.start()
    try:
        with pytest.raises(tenantry.TenantImportError) as silent:
            import_tenant(graph_url=url, arm_url=url, token="x", timeout=0.5, attempts=1)
    finally:
        done.set()
        counter.join()
        listener.close()
    assert silent.value.code == "IMPORT_NETWORK"
    assert counted[0] > 1000
