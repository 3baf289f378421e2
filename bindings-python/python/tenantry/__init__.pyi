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
    "CLASSIC_ADMIN_RETIRED",
    "CLASSIC_PORTAL_RETIRED",
    "CLOUD_RETIRED",
    "REQUIRES_OWNER",
    "REQUIRES_GLOBAL_ADMIN",
    "ELEVATION_REQUIRED",
    "SUBSCRIPTION_POLICY_BLOCKS_LEAVING",
    "SUBSCRIPTION_POLICY_BLOCKS_ENTERING",
    "DIRECTORY_CHANGE_NOT_SUPPORTED",
    "CHANGE_REQUEST_PENDING",
    "NO_CHANGE_REQUEST",
    "UNKNOWN_ROLE",
    "UNKNOWN_PRINCIPAL",
    "AMBIGUOUS_REFERENCE",
    "GROUP_CYCLE",
    "CUSTOM_ROLE_LIMIT",
    "MANAGEMENT_GROUP_DEPTH",
    "ROLE_IN_USE",
    "NO_RELATIONSHIP",
    "UNKNOWN_MANAGEMENT_GROUP",
    "GROUP_NOT_ROLE_ASSIGNABLE",
    "NO_DIRECT_OWNER",
    "RESOURCE_EXISTS",
    "IO_ERROR",
    "IMPORT_OPTIONS",
    "IMPORT_UNAUTHORIZED",
    "IMPORT_HTTP",
    "IMPORT_NETWORK",
    "IMPORT_BAD_RESPONSE",
    "IMPORT_THROTTLED",
    "INTERNAL",
]
Rule = Literal[
    "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12",
    "N1", "N2", "N3", "N4", "N5", "N6", "N7",
]
Profile = Literal["classic", "current"]
Cloud = Literal["public", "germany", "us_government", "china"]
Origin = Literal["office365_signup", "azure_default", "partner_center", "created", "imported"]
UserKind = Literal["member", "external"]
DirectoryRole = Literal[
    "global_administrator",
    "billing_administrator",
    "user_administrator",
    "password_administrator",
    "service_support_administrator",
    "privileged_role_administrator",
    "groups_administrator",
    "guest_inviter",
]
RbacRole = Literal[
    "owner", "contributor", "reader", "user_access_administrator", "role_based_access_control_administrator"
]
Role = Union[RbacRole, str]
"""A built-in Azure role as FORMAT.md spells it, or a custom role's name."""
ServicePrincipalKind = Literal["application", "managed_identity_system", "managed_identity_user"]
OrganizationalRole = Literal[
    "Global Administrator",
    "Billing Administrator",
    "User Administrator",
    "Password Administrator",
    "Service Support Administrator",
    "Privileged Role Administrator",
    "Groups Administrator",
    "Guest Inviter",
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
    "user_access_administrator",
    "role_based_access_control_administrator",
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
    principal: str
    role: Role
    scope: str
    subscription: NotRequired[str]
    directory: NotRequired[str]
    condition: NotRequired[str]

class _PolicySet(TypedDict):
    directory: str
    block_leaving: bool
    block_entering: bool

class _Group(TypedDict):
    group: str
    directory: str

class _GroupMember(TypedDict):
    group: str
    member: str

class _ServicePrincipal(TypedDict):
    principal: str
    directory: str
    kind: ServicePrincipalKind

class _CustomRoleCreated(TypedDict):
    role: str
    directory: str

class _CustomRoleDeleted(TypedDict):
    role: str

class _ManagementGroup(TypedDict):
    management_group: str
    directory: str
    parent: str

class _Placed(TypedDict):
    subscription: str
    management_group: str

class _ChangeRequested(TypedDict):
    subscription: str
    to: str

class _Subscription(TypedDict):
    subscription: str

class _Gdap(TypedDict):
    partner: str
    directory: str

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

class SubscriptionPolicySet(TypedDict):
    subscription_policy_set: _PolicySet

class ServiceAdministratorRemoved(TypedDict):
    service_administrator_removed: _CoAdministrator

class GroupCreated(TypedDict):
    group_created: _Group

class GroupMemberAdded(TypedDict):
    group_member_added: _GroupMember

class GroupMemberRemoved(TypedDict):
    group_member_removed: _GroupMember

class ServicePrincipalCreated(TypedDict):
    service_principal_created: _ServicePrincipal

class CustomRoleCreated(TypedDict):
    custom_role_created: _CustomRoleCreated

class CustomRoleDeleted(TypedDict):
    custom_role_deleted: _CustomRoleDeleted

class ManagementGroupCreated(TypedDict):
    management_group_created: _ManagementGroup

class SubscriptionPlaced(TypedDict):
    subscription_placed: _Placed

class DirectoryChangeRequested(TypedDict):
    directory_change_requested: _ChangeRequested

class DirectoryChangeCancelled(TypedDict):
    directory_change_cancelled: _Subscription

class GdapRelationshipCreated(TypedDict):
    gdap_relationship_created: _Gdap

class GdapRelationshipApproved(TypedDict):
    gdap_relationship_approved: _Gdap

class _Resource(TypedDict):
    subscription: str
    resource: str
    resource_type: str

class ResourceCreated(TypedDict):
    resource_created: _Resource

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
    SubscriptionPolicySet,
    ServiceAdministratorRemoved,
    GroupCreated,
    GroupMemberAdded,
    GroupMemberRemoved,
    ServicePrincipalCreated,
    CustomRoleCreated,
    CustomRoleDeleted,
    ManagementGroupCreated,
    SubscriptionPlaced,
    DirectoryChangeRequested,
    DirectoryChangeCancelled,
    GdapRelationshipCreated,
    GdapRelationshipApproved,
    ResourceCreated,
]

# ----- answers ------------------------------------------------------------

class Decision(TypedDict):
    allowed: bool
    rule: NotRequired[Rule]
    code: NotRequired[Code]
    message: str
    hint: NotRequired[str]

class ImpactObject(TypedDict):
    object: str
    detail: NotRequired[str]

class ImpactRow(TypedDict):
    row: str
    service: str
    impact: str
    recoverable: bool
    remedy: str
    objects: list[ImpactObject]

# "from" is a keyword, so the functional form.
MoveImpact = TypedDict(
    "MoveImpact",
    {
        "subscription": str,
        "from": str,
        "to": str,
        "profile": Profile,
        "blocking": list[Decision],
        "movers": list[str],
        "requesters": list[str],
        "effects": list[Effect],
        "rows": list[ImpactRow],
        "sources": list[str],
    },
)

class RestoreStep(TypedDict):
    operation: Literal["create_custom_role", "assign_role", "add_co_administrator"]
    restores: str
    subscription: NotRequired[str]
    principal: NotRequired[str]
    role: NotRequired[Role]
    scope: NotRequired[str]
    resource_group: NotRequired[str]
    condition: NotRequired[str]
    directory: NotRequired[str]
    name: NotRequired[str]
    account: NotRequired[str]
    actions: NotRequired[list[str]]
    not_actions: NotRequired[list[str]]
    assignable_scopes: NotRequired[list[str]]
    az: NotRequired[str]

class Unmapped(TypedDict):
    principal: str
    restores: str
    reason: str

class RestorePlan(TypedDict):
    subscription: str
    directory: str
    steps: list[RestoreStep]
    unmapped: list[Unmapped]

class DiffItem(TypedDict):
    kind: Literal[
        "subscription", "policy", "owner", "role_assignment", "directory_role",
        "user", "group", "membership", "service_principal",
    ]
    change: Literal["added", "removed", "changed"]
    object: str
    before: NotRequired[str]
    after: NotRequired[str]

class AccessChange(TypedDict):
    subscription: str
    account: str
    change: Literal["gained", "lost", "changed"]
    before: list[Manager]
    after: list[Manager]

class Diff(TypedDict):
    access: list[AccessChange]
    changes: list[DiffItem]

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
    management_group: NotRequired[str]

class RoleAssignment(TypedDict):
    principal: str
    role: Role
    scope: str
    condition: NotRequired[str]

class Via(TypedDict, total=False):
    """One step of how a grant reaches a principal: exactly one key is set."""

    group: str
    scope: str
    elevated: str
    gdap: str
    lighthouse: str

class Manager(TypedDict):
    account: str
    reason: Union[ManageReason, str]
    via: NotRequired[list[Via]]
    condition: NotRequired[str]

class Permission(TypedDict):
    allowed: bool
    via: list[Via]
    conditions: list[str]
    role: NotRequired[Role]

class Conversion(TypedDict):
    subscription: str
    account: str
    roles: list[ManageReason]
    already_owner: bool

class ProfileDifference(TypedDict):
    account: str
    operation: str
    classic: Decision
    current: Decision
    subscription: NotRequired[str]
    target: NotRequired[str]

class RetirementReport(TypedDict):
    converted: list[Conversion]
    differences: list[ProfileDifference]

class SubscriptionPolicy(TypedDict):
    block_leaving: bool
    block_entering: bool
    exempted: list[str]

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
    """UNKNOWN_ACCOUNT, UNKNOWN_DIRECTORY, UNKNOWN_SUBSCRIPTION, UNKNOWN_PARTNER,
    UNKNOWN_ROLE, UNKNOWN_PRINCIPAL, UNKNOWN_MANAGEMENT_GROUP, AMBIGUOUS_REFERENCE."""

class InvalidInputError(TenantryError, ValueError):
    """INVALID_NAME, INVALID_SNAPSHOT, INVALID_SCENARIO."""

class RefusedError(TenantryError, PermissionError):
    """Every refusal of a rule."""

class SnapshotIOError(TenantryError, OSError):
    """IO_ERROR: a snapshot file could not be read or written."""

class TenantImportError(TenantryError, OSError):
    """IMPORT_*: reading a live tenant from Microsoft Graph or Azure Resource
    Manager failed (IMPORT_OPTIONS, IMPORT_UNAUTHORIZED, IMPORT_HTTP,
    IMPORT_NETWORK, IMPORT_BAD_RESPONSE, IMPORT_THROTTLED)."""

class InternalError(TenantryError, RuntimeError):
    """INTERNAL: a bug inside tenantry (a panic in the Rust core), caught
    instead of crashing the interpreter. The call changed nothing."""

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
        self,
        *,
        actor: str,
        principal: str,
        role: Role,
        subscription: str | None = None,
        resource_group: str | None = None,
        scope: str | None = None,
        directory: str | None = None,
        condition: str | None = None,
    ) -> _R: ...
    def remove_role(
        self,
        *,
        actor: str,
        principal: str,
        role: Role,
        subscription: str | None = None,
        resource_group: str | None = None,
        scope: str | None = None,
        directory: str | None = None,
        condition: str | None = None,
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
    def elevate_access(self, *, actor: str, directory: str) -> _R: ...
    def remove_elevated_access(self, *, actor: str, directory: str) -> _R: ...
    def set_subscription_policy(
        self, *, actor: str, directory: str, block_leaving: bool, block_entering: bool, exempted: list[str] | None = None
    ) -> _R: ...
    def invite_guest(self, *, actor: str, directory: str, account: str) -> _R: ...
    def request_directory_change(
        self, *, actor: str, subscription: str, directory: str, acceptor: str | None = None
    ) -> _R: ...
    def accept_directory_change(self, *, actor: str, subscription: str) -> _R: ...
    def cancel_directory_change(self, *, actor: str, subscription: str) -> _R: ...
    def create_group(
        self, *, actor: str, directory: str, name: str, role_assignable: bool | None = None
    ) -> _R: ...
    def add_group_member(self, *, actor: str, group: str, member: str) -> _R: ...
    def remove_group_member(self, *, actor: str, group: str, member: str) -> _R: ...
    def create_service_principal(self, *, actor: str, directory: str, name: str) -> _R: ...
    def create_managed_identity(
        self,
        *,
        actor: str,
        subscription: str,
        name: str,
        resource: str | None = None,
        resource_group: str | None = None,
    ) -> _R: ...
    def create_resource(
        self,
        *,
        actor: str,
        subscription: str,
        resource_group: str,
        resource_type: str,
        name: str,
        entra_authentication: bool | None = None,
        acls: bool | None = None,
        access_policies: list[str] | None = None,
    ) -> _R: ...
    def create_custom_role(
        self,
        *,
        actor: str,
        directory: str,
        name: str,
        actions: list[str] | None = None,
        not_actions: list[str] | None = None,
        assignable_scopes: list[str] | None = None,
    ) -> _R: ...
    def delete_custom_role(self, *, actor: str, directory: str, name: str) -> _R: ...
    def create_management_group(
        self, *, actor: str, directory: str, name: str, parent: str | None = None
    ) -> _R: ...
    def move_subscription_to_management_group(
        self, *, actor: str, subscription: str, management_group: str
    ) -> _R: ...
    def create_gdap_relationship(
        self, *, actor: str, partner: str, directory: str, duration_days: int, roles: list[DirectoryRole] | None = None
    ) -> _R: ...
    def approve_gdap_relationship(self, *, actor: str, partner: str, directory: str) -> _R: ...
    def create_azure_plan_subscription(
        self, *, actor: str, partner: str, directory: str, name: str | None = None
    ) -> _R: ...

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

    def __new__(cls, *, seed: int | None = None, profile: Profile | None = None) -> Tenancy: ...
    @property
    def profile(self) -> Profile: ...
    def with_profile(self, profile: Profile) -> Tenancy: ...
    @staticmethod
    def from_json(json: str, *, seed: int | None = None, profile: Profile | None = None) -> Tenancy: ...
    def to_json(self, *, pretty: bool = False) -> str: ...
    @staticmethod
    def load(
        path: str | os.PathLike[str], *, seed: int | None = None, profile: Profile | None = None
    ) -> Tenancy: ...
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
    def can_perform(self, *, principal: str, action: str, scope: str) -> Permission: ...
    def subscription_policy(self, *, directory: str) -> SubscriptionPolicy: ...
    def orphaned_subscriptions(self, *, directory: str) -> list[str]: ...
    def group_members(self, *, group: str, transitive: bool = False) -> list[str]: ...
    def move_impact(self, *, subscription: str, directory: str) -> MoveImpact: ...
    def move_inventory(self, *, subscription: str) -> list[ImpactRow]: ...
    def diff(self, after: Tenancy) -> Diff: ...
    def restore_plan(self, *, subscription: str, directory: str) -> RestorePlan: ...
    def retirement_report(self) -> RetirementReport: ...
    def storefront(self, *, partner: str) -> list[str]: ...
    def administered_by(self, *, account: str) -> list[Administered]: ...
    def directory(self, *, directory: str) -> Directory: ...
    def account(self, *, account: str) -> Account: ...
    def directories(self) -> list[Directory]: ...
    def accounts(self) -> list[Account]: ...
    def subscriptions(self) -> list[Subscription]: ...
    def partners(self) -> list[str]: ...

def report(t: Tenancy, path: str | os.PathLike[str]) -> None:
    """Writes one self-contained HTML page of who can manage what in ``t``
    (as ``tenantry report`` does) to ``path``, atomically; ``SnapshotIOError``
    (``IO_ERROR``) if it cannot be written."""
