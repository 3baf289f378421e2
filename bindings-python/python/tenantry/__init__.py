"""Microsoft cloud tenancy: directories, accounts, users and subscriptions,
with the documented workflows and their rules.

>>> import tenantry
>>> t = tenantry.Tenancy(seed=1)
>>> t.create_microsoft_account(email="jo@outlook.com")
Outcome(1 effects)

Every rule lives in the Rust core; this package converts types and errors.
"""

from ._tenantry import (
    CODES,
    NAME_KEYS,
    SNAPSHOT_VERSION,
    Decider,
    InternalError,
    InvalidInputError,
    Outcome,
    Planner,
    RefusedError,
    SnapshotIOError,
    Tenancy,
    TenantImportError,
    TenantryError,
    UnknownReferenceError,
    __version__,
    report,
)

__all__ = [
    "CODES",
    "NAME_KEYS",
    "SNAPSHOT_VERSION",
    "Decider",
    "InternalError",
    "InvalidInputError",
    "Outcome",
    "Planner",
    "RefusedError",
    "SnapshotIOError",
    "Tenancy",
    "TenantImportError",
    "TenantryError",
    "UnknownReferenceError",
    "__version__",
    "report",
]
