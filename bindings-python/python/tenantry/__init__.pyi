"""Type stubs for tenantry: Microsoft cloud tenancy with the documented
workflows and their rules. Checked against the module by mypy.stubtest."""

import os
from typing import Generic, Literal, TypeVar, Union, final

from typing_extensions import NotRequired, TypedDict

__all__ = [
    "CODES",
    "NAME_KEYS",
    "SNAPSHOT_VERSION",
    "Decider",
    "InvalidInputError",
    "Outcome",
    "Planner",
    "RefusedError",
    "SnapshotIOError",
    "Tenancy",
    "TenantryError",
    "UnknownReferenceError",
    "__version__",
]

__version__: str
SNAPSHOT_VERSION: int

Code = Literal[
    "DOMAIN_TAKEN",
    "INVALID_NAME",
    "NOT_AUTHORIZED",
    "USER_EXISTS",
    "ENTERPRISE_AGREEMENT_NOT_SUPPORTED",
    "HOME_DIRECTORY_ONLY",
    "REQUIRES_GLOBAL_OR_BILLING_ADMIN",
    "NOT_GLOBAL_ADMIN_OF_TARGET",
    "ALREADY_MEMBER",
    "ALREADY_ASSIGNED",
    "NOT_ASSIGNED",
    "PARTNER_EXISTS",
    "DIRECTORY_LIMIT",
    "REQUIRES_SERVICE_ADMIN",
    "NOT_A_USER_OF_TARGET",
    "SAME_DIRECTORY",
    "CROSS_CLOUD",
    "NOT_A_USER_OF_DIRECTORY",
    "CO_ADMIN_LIMIT",
    "ROLE_ASSIGNMENT_LIMIT",
    "SERVICE_ADMIN_IN_TARGET_TENANT",
    "SERVICE_ADMIN_IS_TARGET_GLOBAL_ADMIN",
    "SERVICE_ADMIN_AMBIGUOUS",
    "NO_SUBSCRIPTION_ACCESS",
    "LAST_GLOBAL_ADMIN",
    "UNKNOWN_ACCOUNT",
    "UNKNOWN_DIRECTORY",
    "UNKNOWN_SUBSCRIPTION",
    "UNKNOWN_PARTNER",
    "INVALID_SNAPSHOT",
    "INVALID_SCENARIO",
    "IO_ERROR",
]
Rule = Literal["R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12"]
Cloud = Literal["public", "germany", "us_government", "china"]
Origin = Literal["office365_signup", "azure_default", "partner_center", "created"]
UserKind = Literal["member", "external"]
DirectoryRole = Literal[
    "global_administrator",
    "billing_administrator",
    "user_administrator",
    "password_administrator",
    "service_support_administrator",
]
RbacRole = Literal["owner", "contributor", "reader", "user_access_administrator"]
OrganizationalRole = Literal[
    "Global Administrator",
    "Billing Administrator",
    "User Administrator",
    "Password Administrator",
    "Service Support Administrator",
    "User",
]
SubscriptionKind = Literal["azure", "office365"]
ManageReason = Literal[
    "account_administrator",
    "service_administrator",
    "co_administrator",
    "owner",
    "contributor",
    "global_administrator",
    "billing_administrator",
]

CODES: list[Code]
NAME_KEYS: list[str]
"""Where answers hold names (sign-in names, e-mail addresses, domains, ids),
which compare case-insensitively: the keys, and the queries whose whole
answer is a list of names."""

# ----- effects (FORMAT.md's vocabulary) -----------------------------------

class _Directory(TypedDict):
    directory: str

class _Account(TypedDict):
    account: str

class _UserAdded(TypedDict):
    directory: str
    account: str
    kind: UserKind

class _DirectoryRole(TypedDict):
    directory: str
    account: str
    role: DirectoryRole

class _DomainAdded(TypedDict):
    directory: str
    domain: str

class _SubscriptionCreated(TypedDict):
    subscription: str
    kind: SubscriptionKind
    directory: str

_Moved = TypedDict("_Moved", {"subscription": str, "from": str, "to": str})

class _CoAdministrator(TypedDict):
    subscription: str
    account: str

class _RoleAssignment(TypedDict):
    subscription: str
    principal: str
    role: RbacRole
    scope: str

class _PartnerCreated(TypedDict):
    partner: str
    directory: str

class DirectoryCreated(TypedDict):
    directory_created: _Directory

class AccountCreated(TypedDict):
    account_created: _Account

class UserAdded(TypedDict):
    user_added: _UserAdded

class DirectoryRoleAssigned(TypedDict):
    directory_role_assigned: _DirectoryRole

class DirectoryRoleRemoved(TypedDict):
    directory_role_removed: _DirectoryRole

class DomainAdded(TypedDict):
    domain_added: _DomainAdded

class SubscriptionCreated(TypedDict):
    subscription_created: _SubscriptionCreated

class SubscriptionMoved(TypedDict):
    subscription_moved: _Moved

class CoAdministratorAdded(TypedDict):
    co_administrator_added: _CoAdministrator

class CoAdministratorRemoved(TypedDict):
    co_administrator_removed: _CoAdministrator

class RoleAssignmentAdded(TypedDict):
    role_assignment_added: _RoleAssignment

class RoleAssignmentRemoved(TypedDict):
    role_assignment_removed: _RoleAssignment

class ServiceAdministratorChanged(TypedDict):
    service_administrator_changed: _Moved

class PartnerCreated(TypedDict):
    partner_created: _PartnerCreated

Effect = Union[
    DirectoryCreated,
    AccountCreated,
    UserAdded,
    DirectoryRoleAssigned,
    DirectoryRoleRemoved,
    DomainAdded,
    SubscriptionCreated,
    SubscriptionMoved,
    CoAdministratorAdded,
    CoAdministratorRemoved,
    RoleAssignmentAdded,
    RoleAssignmentRemoved,
    ServiceAdministratorChanged,
    PartnerCreated,
]

# ----- answers ------------------------------------------------------------

class Decision(TypedDict):
    allowed: bool
    rule: NotRequired[Rule]
    code: NotRequired[Code]
    message: str
    hint: NotRequired[str]

class User(TypedDict):
    kind: UserKind
    roles: list[DirectoryRole]

class UserOwner(TypedDict):
    user: str

class DirectoryOwner(TypedDict):
    directory: str

class Subscription(TypedDict):
    id: str
    name: str
    kind: SubscriptionKind
    directory: str
    owner: Union[UserOwner, DirectoryOwner]
    offer: NotRequired[str]
    plan: NotRequired[str]
    seats: NotRequired[int]
    account_administrator: NotRequired[str]
    service_administrator: NotRequired[str]
    co_administrators: NotRequired[list[str]]

class RoleAssignment(TypedDict):
    principal: str
    role: RbacRole
    scope: str

class Manager(TypedDict):
    account: str
    reason: ManageReason

class Administered(TypedDict):
    subscription: str
    roles: list[ManageReason]

class Directory(TypedDict):
    id: str
    name: str
    initial_domain: str
    verified_domains: list[str]
    cloud: Cloud
    origin: Origin
    users: int
    subscriptions: int
    partner: NotRequired[str]

class Account(TypedDict):
    account: str
    kind: Literal["microsoft", "work"]
    name: NotRequired[str]
    home: NotRequired[str]
    default_directory: NotRequired[str]

# ----- errors -------------------------------------------------------------

class TenantryError(Exception):
    """The base of every tenantry error."""

    code: Code
    rule: Rule | None
    message: str
    hint: str

class UnknownReferenceError(TenantryError, KeyError):
    """UNKNOWN_ACCOUNT, UNKNOWN_DIRECTORY, UNKNOWN_SUBSCRIPTION, UNKNOWN_PARTNER."""

class InvalidInputError(TenantryError, ValueError):
    """INVALID_NAME, INVALID_SNAPSHOT, INVALID_SCENARIO."""

class RefusedError(TenantryError, PermissionError):
    """Every refusal of a rule."""

class SnapshotIOError(TenantryError, OSError):
    """IO_ERROR: a snapshot file could not be read or written."""

_R = TypeVar("_R")

# ----- the model ----------------------------------------------------------

@final
class Outcome:
    """What an operation did, or would do."""

    @property
    def effects(self) -> list[Effect]: ...
    @property
    def subscription(self) -> str | None: ...
    def __len__(self) -> int: ...

class _Operations(Generic[_R]):
    """The operations of FORMAT.md; each returns `_R`."""

    def create_microsoft_account(self, *, email: str) -> _R: ...
    def sign_up_office365(
        self,
        *,
        organization: str,
        domain_prefix: str,
        admin: str,
        plan: str,
        admin_name: str | None = None,
        seats: int | None = None,
        cloud: Cloud | None = None,
    ) -> _R: ...
    def create_directory(
        self,
        *,
        organization: str,
        domain_prefix: str,
        admin: str,
        admin_name: str | None = None,
        cloud: Cloud | None = None,
    ) -> _R: ...
    def add_verified_domain(self, *, actor: str, directory: str, domain: str) -> _R: ...
    def add_user(
        self,
        *,
        actor: str,
        directory: str,
        user: str,
        name: str | None = None,
        role: DirectoryRole | None = None,
    ) -> _R: ...
    def assign_directory_role(self, *, actor: str, directory: str, account: str, role: DirectoryRole) -> _R: ...
    def remove_directory_role(self, *, actor: str, directory: str, account: str, role: DirectoryRole) -> _R: ...
    def sign_up_azure(self, *, actor: str, offer: str, name: str | None = None, directory: str | None = None) -> _R: ...
    def buy_office365(self, *, actor: str, plan: str, seats: int | None = None, directory: str | None = None) -> _R: ...
    def use_existing_directory(self, *, actor: str, directory: str, global_admin: str) -> _R: ...
    def change_subscription_directory(self, *, actor: str, subscription: str, directory: str) -> _R: ...
    def add_co_administrator(self, *, actor: str, subscription: str, account: str) -> _R: ...
    def remove_co_administrator(self, *, actor: str, subscription: str, account: str) -> _R: ...
    def assign_role(
        self, *, actor: str, subscription: str, principal: str, role: RbacRole, resource_group: str | None = None
    ) -> _R: ...
    def remove_role(
        self, *, actor: str, subscription: str, principal: str, role: RbacRole, resource_group: str | None = None
    ) -> _R: ...
    def change_service_administrator(self, *, actor: str, subscription: str, account: str) -> _R: ...
    def link_office365_tenant(
        self, *, actor: str, subscription: str, directory: str, global_admin: str, admins: list[str] | None = None
    ) -> _R: ...
    def create_partner_center_account(
        self, *, name: str, domain_prefix: str, admin: str, cloud: Cloud | None = None
    ) -> _R: ...
    def associate_partner_center(self, *, actor: str, subscription: str, partner: str) -> _R: ...
    def sign_in_management_portal(self, *, actor: str) -> _R: ...

@final
class Planner(_Operations[Outcome]):
    """`tenancy.plan`: every operation as a dry run, changing nothing."""

@final
class Decider(_Operations[Decision]):
    """`tenancy.can`: every operation as a question."""

@final
class Tenancy(_Operations[Outcome]):
    """Directories, accounts, users, subscriptions and Partner Center
    accounts, with the documented workflows as methods. Every method that
    changes the model is atomic: on error nothing changes."""

    def __new__(cls, *, seed: int | None = None) -> Tenancy: ...
    @staticmethod
    def from_json(json: str, *, seed: int | None = None) -> Tenancy: ...
    def to_json(self, *, pretty: bool = False) -> str: ...
    @staticmethod
    def load(path: str | os.PathLike[str], *, seed: int | None = None) -> Tenancy: ...
    def save(self, path: str | os.PathLike[str]) -> None: ...
    @property
    def plan(self) -> Planner: ...
    @property
    def can(self) -> Decider: ...
    def events(self) -> list[Effect]: ...
    def directories_of(self, *, account: str) -> list[str]: ...
    def users_of(self, *, directory: str) -> list[str]: ...
    def user(self, *, directory: str, account: str) -> User | None: ...
    def organizational_role(self, *, directory: str, account: str) -> OrganizationalRole | None: ...
    def subscriptions_of(self, *, directory: str) -> list[str]: ...
    def subscription(self, *, subscription: str) -> Subscription: ...
    def role_assignments(self, *, subscription: str) -> list[RoleAssignment]: ...
    def who_can_manage(self, *, subscription: str) -> list[Manager]: ...
    def storefront(self, *, partner: str) -> list[str]: ...
    def administered_by(self, *, account: str) -> list[Administered]: ...
    def directory(self, *, directory: str) -> Directory: ...
    def account(self, *, account: str) -> Account: ...
    def directories(self) -> list[Directory]: ...
    def accounts(self) -> list[Account]: ...
    def subscriptions(self) -> list[Subscription]: ...
    def partners(self) -> list[str]: ...
