"""Read-only import of live Microsoft tenants.

``import_tenant`` reads one tenant from Microsoft Graph and Azure Resource
Manager (GET requests only) and returns ``(Tenancy, report)``: the tenant
under the current rules, and what was read, what could not be joined or
held, what the credentials were not allowed to read, and what it cost.
The import runs in Rust with the GIL released; ``import_tenant_async``
awaits it from a worker thread. Failures raise ``TenantImportError``
(``IMPORT_*`` codes); bad options raise it with ``IMPORT_OPTIONS``.

>>> from tenantry.connect import import_tenant
>>> t, report = import_tenant(token=os.environ["TOKEN"])  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from ._tenantry import import_tenant

__all__ = ["import_tenant", "import_tenant_async"]


async def import_tenant_async(**options: Any) -> Any:
    """``import_tenant`` awaited: the import runs on a worker thread (with
    the GIL released), so the event loop goes on meanwhile."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(import_tenant, **options))
