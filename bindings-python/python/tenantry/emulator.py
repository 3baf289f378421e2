"""The emulator in-process: a Tenancy served as Microsoft Graph, Azure
Resource Manager and an identity endpoint over HTTPS, for testing code
that uses Microsoft's own clients, the way moto serves AWS.

>>> from tenantry.emulator import serve
>>> with serve(tenancy) as emu:  # doctest: +SKIP
...     cred = emu.credential("admin@contoso.onmicrosoft.com")
...     client = AuthorizationManagementClient(cred, sub, **emu.arm_options())
...     ...
>>> emu.tenancy  # the final state, after the block  # doctest: +SKIP

Signing in is client credentials where ``client_id`` is an account's
sign-in name (or a service principal's application id, for an app-only
token) and ``client_secret`` the emulator's secret; ``credential``
builds that azure-identity credential, with instance discovery off and
the emulator's CA trusted.
"""

from __future__ import annotations

import contextlib
import json
import ssl
import urllib.request
from typing import Any, Iterator, Optional

from ._tenantry import _EMULATOR_SECRET, Tenancy, _Emulator

__all__ = ["Emulator", "serve", "DEFAULT_SECRET"]

#: The client secret ``serve`` configures unless given another.
DEFAULT_SECRET: str = _EMULATOR_SECRET

ARM_SCOPE = "https://management.azure.com/.default"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"


class Emulator:
    """A running emulator: ``url``, ``ca``, ``secret``, ``credential()``,
    and the served state as ``tenancy`` (the final one once stopped)."""

    def __init__(
        self,
        tenancy: Tenancy,
        *,
        secret: str = DEFAULT_SECRET,
        port: int = 0,
        page_size: Optional[int] = None,
        tls_dir: Optional[str] = None,
        quiet: bool = True,
    ) -> None:
        self._inner = _Emulator(
            tenancy, secret=secret, port=port, page_size=page_size, tls_dir=tls_dir, quiet=quiet
        )
        self.secret = secret

    @property
    def url(self) -> str:
        """``https://127.0.0.1:PORT``: the authority, Graph's and ARM's base."""
        return self._inner.url

    @property
    def ca(self) -> str:
        """The CA certificate (a PEM file) the clients must trust."""
        return self._inner.ca

    @property
    def running(self) -> bool:
        return self._inner.running

    @property
    def tenancy(self) -> Tenancy:
        """The served state now (after ``stop``, the final state)."""
        return Tenancy.from_json(self._inner.snapshot())

    def snapshot(self) -> dict[str, Any]:
        """The served state's snapshot, parsed."""
        return json.loads(self._inner.snapshot())

    def credential(self, account: str, tenant: Optional[str] = None) -> Any:
        """An azure-identity ``ClientSecretCredential`` signing ``account``
        (a sign-in name, or a service principal's application id) in to
        ``tenant`` (default: the domain of the sign-in name; required for
        an application id)."""
        from azure.identity import ClientSecretCredential

        if tenant is None:
            name = account.removeprefix("msa:")
            if "@" not in name:
                raise ValueError(
                    f"{account!r} names no directory: pass tenant= (a domain or tenant id) "
                    "to sign a service principal in by its application id"
                )
            tenant = name.rpartition("@")[2]
        return ClientSecretCredential(
            tenant_id=tenant,
            client_id=account.removeprefix("msa:"),
            client_secret=self.secret,
            authority=self.url,
            disable_instance_discovery=True,
            connection_verify=self.ca,
        )

    def arm_options(self) -> dict[str, Any]:
        """The keyword arguments an ``azure-mgmt-*`` client takes to talk
        to the emulator: ``base_url``, ``credential_scopes``,
        ``connection_verify``."""
        return {
            "base_url": self.url,
            "credential_scopes": [ARM_SCOPE],
            "connection_verify": self.ca,
        }

    def reset(self) -> None:
        """Restores the state the emulator started with."""
        context = ssl.create_default_context(cafile=self.ca)
        request = urllib.request.Request(self.url + "/_tenantry/reset", method="POST", data=b"")
        with urllib.request.urlopen(request, context=context, timeout=30):
            pass

    def stop(self) -> None:
        """Stops serving; ``tenancy`` stays readable."""
        self._inner.stop()

    def __enter__(self) -> "Emulator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def serve(
    tenancy: Tenancy,
    *,
    secret: str = DEFAULT_SECRET,
    port: int = 0,
    page_size: Optional[int] = None,
    tls_dir: Optional[str] = None,
    quiet: bool = True,
) -> Iterator[Emulator]:
    """Serves a copy of ``tenancy`` for the ``with`` block, then stops."""
    emulator = Emulator(
        tenancy, secret=secret, port=port, page_size=page_size, tls_dir=tls_dir, quiet=quiet
    )
    try:
        yield emulator
    finally:
        emulator.stop()
