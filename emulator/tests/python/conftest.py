"""Fixtures for the official-client tests: `tenantry serve` as a subprocess.

Each server fixture starts the emulator on a free port with a scenario,
reads the one JSON line it prints (`{"url": ..., "ca": ...}`), hands the
tests a `Server`, and stops it with SIGTERM when the session ends:

- `contoso`: emulator/tests/scenarios/contoso-and-fabrikam.json, no paging.
- `paged`: the same scenario with `--page-size 2`, so every list pages.
- `classic`: tests/conformance/seed000-office365-users-sign-up-for-azure.json
  (the classic profile, for classic administrators).

`TENANTRY_BIN` names the binary (default `<repo>/target/debug/tenantry`).
Tests that write take the `fresh_contoso` fixture, which resets the
server's state before and after the test.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import ssl
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import pytest

REPO = Path(__file__).resolve().parents[3]
CURRENT_SCENARIO = REPO / "emulator" / "tests" / "scenarios" / "contoso-and-fabrikam.json"
CLASSIC_SCENARIO = REPO / "tests" / "conformance" / "seed000-office365-users-sign-up-for-azure.json"

SECRET = "tenantry-client-tests-secret"
STARTUP_TIMEOUT = float(os.environ.get("TENANTRY_STARTUP_TIMEOUT", "60"))
STOP_TIMEOUT = 15.0


def tenantry_binary() -> Path:
    return Path(os.environ.get("TENANTRY_BIN", REPO / "target" / "debug" / "tenantry"))


@dataclass
class Response:
    """A raw HTTP answer (for what no client can express)."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def header(self, name: str) -> Optional[str]:
        for k, v in self.headers.items():
            if k.lower() == name.lower():
                return v
        return None


@dataclass
class Server:
    """A running `tenantry serve`."""

    url: str
    ca: str
    secret: str
    process: subprocess.Popen
    log: Path
    _ssl: ssl.SSLContext = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._ssl = ssl.create_default_context(cafile=self.ca)

    # Raw HTTP -------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        token: Optional[str] = None,
        body: Any = None,
        form: Optional[dict[str, str]] = None,
        headers: Optional[dict[str, str]] = None,
    ) -> Response:
        """One HTTPS request to the emulator, trusting its CA; 4xx/5xx are returned, not raised."""
        data = None
        hdrs = {"Accept": "application/json"}
        if body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        elif method in ("POST", "PUT"):
            data = b""
        if token is not None:
            hdrs["Authorization"] = f"Bearer {token}"
        hdrs.update(headers or {})
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, context=self._ssl, timeout=30) as r:
                return Response(r.status, dict(r.headers.items()), r.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, dict(e.headers.items()), e.read())

    # The emulator's own routes ---------------------------------------------

    def reset(self) -> None:
        r = self.request("POST", "/_tenantry/reset")
        assert 200 <= r.status < 300, f"POST /_tenantry/reset answered {r.status}: {r.body[:500]!r}"

    def snapshot(self) -> dict:
        r = self.request("GET", "/_tenantry/snapshot")
        assert r.status == 200, f"GET /_tenantry/snapshot answered {r.status}: {r.body[:500]!r}"
        return r.json()

    # Facts from the snapshot (what the tests compare the clients' answers with)

    def tenant_id(self, domain: str) -> str:
        """A directory's tenant id, by initial domain."""
        for d in self.snapshot()["directories"]:
            if d["initial_domain"].lower() == domain.lower():
                return d["id"]
        raise KeyError(f"no directory {domain} in the snapshot")

    def users_of(self, domain: str) -> set[str]:
        """A directory's users (their account references, lowercased), by initial domain."""
        for d in self.snapshot()["directories"]:
            if d["initial_domain"].lower() == domain.lower():
                return {u["account"].lower() for u in d["users"]}
        raise KeyError(f"no directory {domain} in the snapshot")

    def subscription_id(self, name: str) -> str:
        """A subscription's id, by display name."""
        ids = [s["id"] for s in self.snapshot()["subscriptions"] if s["name"] == name]
        assert len(ids) == 1, f"expected one subscription named {name!r} in the snapshot, found {ids}"
        return ids[0]

    def azure_subscription_of(self, account: str) -> str:
        """The Azure subscription whose account administrator is `account` (classic scenario)."""
        ids = [
            s["id"]
            for s in self.snapshot()["subscriptions"]
            if s.get("kind") == "azure" and str(s.get("account_administrator", "")).lower() == account.lower()
        ]
        assert len(ids) == 1, f"expected one Azure subscription administered by {account}, found {ids}"
        return ids[0]

    # Lifecycle --------------------------------------------------------------

    def stop(self) -> Optional[int]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def log_tail(self, lines: int = 40) -> str:
        return _log_tail(self.log, lines)


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _read_first_line(proc: subprocess.Popen, timeout: float) -> Optional[bytes]:
    """The first line of the process's stdout, or None on EOF or time-out."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    buf = b""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            if left <= 0 or not sel.select(left):
                return None
            chunk = os.read(fd, 4096)
            if not chunk:
                return None
            buf += chunk
    return buf.split(b"\n", 1)[0]


def _drain(stream) -> None:
    """Reads and drops whatever else the server prints on stdout, so it never blocks on a full pipe."""
    try:
        while stream.read(4096):
            pass
    except (OSError, ValueError):
        pass


def start_server(scenario: Path, *, page_size: Optional[int] = None, secret: str = SECRET) -> Server:
    """Starts `tenantry serve` and waits for its JSON line; fails the test with a clear message otherwise."""
    binary = tenantry_binary()
    if not binary.is_file() or not os.access(binary, os.X_OK):
        pytest.fail(
            f"the tenantry binary is missing: {binary} does not exist or is not executable. "
            "Build it first (`cargo build -p tenantry-cli`) or point TENANTRY_BIN at it.",
            pytrace=False,
        )
    args = [str(binary), "serve", "--scenario", str(scenario), "--port", "0", "--secret", secret]
    if page_size is not None:
        args += ["--page-size", str(page_size)]
    log = Path(tempfile.mkstemp(prefix="tenantry-serve-", suffix=".log")[1])
    with open(log, "wb") as err:
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err)
    line = _read_first_line(proc, STARTUP_TIMEOUT)
    if line is None:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            why = f"printed no line within {STARTUP_TIMEOUT:.0f} s"
        else:
            why = f"exited with status {proc.returncode} before printing its line"
        pytest.fail(f"`{' '.join(args)}` {why}. Its stderr ({log}):\n{_log_tail(log)}", pytrace=False)
    try:
        info = json.loads(line)
        url, ca = info["url"], info["ca"]
    except (ValueError, KeyError, TypeError) as e:
        proc.kill()
        proc.wait()
        pytest.fail(f"`tenantry serve` printed {line!r}, not {{\"url\": ..., \"ca\": ...}} ({e})", pytrace=False)
    threading.Thread(target=_drain, args=(proc.stdout,), daemon=True).start()
    return Server(url=url.rstrip("/"), ca=ca, secret=secret, process=proc, log=log)


def pytest_configure(config):
    # msgraph-sdk's generated request builders warn about their own deprecated classes at import.
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:msgraph")
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:kiota_abstractions")


@pytest.fixture(scope="session")
def contoso():
    """The client-test tenancy (current profile), lists unpaged."""
    server = start_server(CURRENT_SCENARIO)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def paged():
    """The client-test tenancy with `--page-size 2`: every list answers two items a page."""
    server = start_server(CURRENT_SCENARIO, page_size=2)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def classic():
    """Seed 000 under the classic profile: an Office 365 tenant whose users sign up for Azure."""
    server = start_server(CLASSIC_SCENARIO)
    yield server
    server.stop()


@pytest.fixture
def serve():
    """Starts a server of its own (for tests of the server's lifecycle); stopped after the test."""
    started: list[Server] = []

    def start(scenario: Path = CURRENT_SCENARIO, **kw) -> Server:
        started.append(start_server(scenario, **kw))
        return started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def fresh_contoso(contoso):
    """`contoso` restored to the scenario's state before the test, and again after it."""
    contoso.reset()
    yield contoso
    contoso.reset()
