"""Read-only import of live Microsoft tenants (see ``connect.py``)."""

import os
from typing import Callable, Literal, TypedDict

from . import Tenancy

__all__ = ["import_tenant", "import_tenant_async"]

class Unresolved(TypedDict):
    kind: str
    id: str
    referenced_by: str
    reason: str

class Gap(TypedDict):
    what: str
    needs: str
    detail: str

class ImportReport(TypedDict):
    """What an import read, joined, left out and spent."""

    tenant: str
    directory: str
    directories: list[str]
    counts: dict[str, int]
    unresolved: list[Unresolved]
    unresolved_counts: dict[str, int]
    not_held: dict[str, int]
    gaps: list[Gap]
    requests: int
    retries: int
    throttled_responses: int
    throttled_seconds: float
    bytes: int
    duration_seconds: float
    refreshable: bool
    refresh: ImportRefresh | None

class ImportRefresh(TypedDict):
    """What a refresh (`tenantry import --since`) found."""

    users_changed: int
    users_removed: int
    groups_changed: int
    groups_removed: int
    memberships_added: int
    memberships_removed: int
    full_read: str | None

class ImportProgress(TypedDict):
    objects: int
    requests: int
    retries: int
    throttled_seconds: float

def import_tenant(
    *,
    graph_url: str | None = None,
    arm_url: str | None = None,
    login_url: str | None = None,
    cloud: Literal["public", "us_government", "china"] | None = None,
    token: str | None = None,
    graph_token: str | None = None,
    arm_token: str | None = None,
    tenant: str | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
    ca_cert: str | os.PathLike[str] | None = None,
    concurrency: int | None = None,
    attempts: int | None = None,
    timeout: float | None = None,
    progress: Callable[[ImportProgress], object] | None = None,
) -> tuple[Tenancy, ImportReport]:
    """Reads one live tenant, read-only: ``(Tenancy, report)``."""

async def import_tenant_async(
    *,
    graph_url: str | None = None,
    arm_url: str | None = None,
    login_url: str | None = None,
    cloud: Literal["public", "us_government", "china"] | None = None,
    token: str | None = None,
    graph_token: str | None = None,
    arm_token: str | None = None,
    tenant: str | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
    ca_cert: str | os.PathLike[str] | None = None,
    concurrency: int | None = None,
    attempts: int | None = None,
    timeout: float | None = None,
    progress: Callable[[ImportProgress], object] | None = None,
) -> tuple[Tenancy, ImportReport]:
    """``import_tenant``, awaited on a worker thread."""
