//! The one error type of tenantry: every refusal carries a stable code
//! (FORMAT.md), the rule of the operation that refused (DESIGN §2), a
//! sentence a person understands and a hint saying what to do instead.
//!
//! Each error is declared once, in the table below: its facts, its code,
//! its family, its sentence and its hint side by side. `ErrorKind`, its
//! `Display`, [`ErrorKind::code`], [`ErrorKind::family`],
//! [`ErrorKind::hint`] and [`CODES`] are all generated from that table, so
//! a new error is one entry.

use crate::model::Name;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A rule of DESIGN.md: R1–R12 (§2, both profiles) and N1–N7 (§6, the
/// operations today's tenants have).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rule {
    /// Sign up for Office 365 or create an organisation's directory.
    R1,
    /// Manage a directory's users, domains and roles.
    R2,
    /// Sign up for Azure.
    R3,
    /// Buy Office 365 as an existing user.
    R4,
    /// Use an existing directory.
    R5,
    /// Change the directory a subscription trusts.
    R6,
    /// Add or remove a co-administrator.
    R7,
    /// Assign or remove an RBAC role.
    R8,
    /// Change the service administrator.
    R9,
    /// Link an Office 365 tenant to an Azure subscription.
    R10,
    /// Associate a Partner Center account with an Azure subscription.
    R11,
    /// Sign in to the classic management portal.
    R12,
    /// Elevate a Global Administrator's access (today's rules).
    N1,
    /// Set a directory's subscription policy.
    N2,
    /// Invite a guest.
    N3,
    /// Change a subscription's directory in two steps: request, accept.
    N4,
    /// Groups, service principals and managed identities.
    N5,
    /// Custom roles and management groups.
    N6,
    /// GDAP relationships and Azure plan subscriptions of partners.
    N7,
}

impl Rule {
    /// The id as written in DESIGN.md, e.g. `R6`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Rule::R1 => "R1",
            Rule::R2 => "R2",
            Rule::R3 => "R3",
            Rule::R4 => "R4",
            Rule::R5 => "R5",
            Rule::R6 => "R6",
            Rule::R7 => "R7",
            Rule::R8 => "R8",
            Rule::R9 => "R9",
            Rule::R10 => "R10",
            Rule::R11 => "R11",
            Rule::R12 => "R12",
            Rule::N1 => "N1",
            Rule::N2 => "N2",
            Rule::N3 => "N3",
            Rule::N4 => "N4",
            Rule::N5 => "N5",
            Rule::N6 => "N6",
            Rule::N7 => "N7",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of failure an error is. Every binding maps errors by family:
/// Python's `UnknownReferenceError` is also a `KeyError`, uniffi's
/// `TenantryException.Refused` is one case, and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// A reference (account, directory, subscription, partner) that
    /// resolves to nothing: `UNKNOWN_*`.
    UnknownReference,
    /// Malformed input: a name, a snapshot, a scenario.
    InvalidInput,
    /// An operation refused by a rule.
    Refused,
    /// A file could not be read or written.
    Io,
    /// Reading a live tenant failed: `IMPORT_*`.
    Import,
    /// A bug inside tenantry, caught rather than crashing the caller:
    /// `INTERNAL`.
    Internal,
}

impl Family {
    /// The family's name, e.g. `unknown_reference`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Family::UnknownReference => "unknown_reference",
            Family::InvalidInput => "invalid_input",
            Family::Refused => "refused",
            Family::Io => "io",
            Family::Import => "import",
            Family::Internal => "internal",
        }
    }
}

/// Declares every error once: `Variant { facts } = "CODE", Family,
/// "sentence", "hint";` with the facts interpolated by name in both texts.
/// The order is FORMAT.md's order of codes, which [`CODES`] keeps.
macro_rules! errors {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident { $($field:ident: $ty:ty),* $(,)? }
            = $code:literal, $family:ident,
            $message:literal,
            $hint:literal;
    )+) => {
        /// What went wrong, with the facts needed to say so. Match on this
        /// through [`Error::kind`]; compare [`Error::code`] in tests, never
        /// message text.
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[non_exhaustive]
        #[allow(missing_docs)] // the fields are named for the facts they carry
        pub enum ErrorKind {
            $(
                $(#[doc = $doc])*
                #[error($message)]
                $variant { $($field: $ty),* },
            )+
        }

        /// Every error code: FORMAT.md's, then those of its additions for
        /// the current profile, in its order, then `IO_ERROR`, the import's
        /// `IMPORT_*` and `INTERNAL`.
        pub const CODES: &[&str] = &[$($code),+];

        impl ErrorKind {
            /// The stable code, as listed in FORMAT.md.
            pub const fn code(&self) -> &'static str {
                match self {
                    $(ErrorKind::$variant { .. } => $code,)+
                }
            }

            /// What kind of failure it is.
            pub const fn family(&self) -> Family {
                match self {
                    $(ErrorKind::$variant { .. } => Family::$family,)+
                }
            }

            /// What to do instead.
            #[allow(unused_variables)] // a hint names only the facts it needs
            pub fn hint(&self) -> String {
                match self {
                    $(ErrorKind::$variant { $($field),* } => format!($hint),)+
                }
            }

            /// The family of the error with this code, if it is one.
            pub fn family_of(code: &str) -> Option<Family> {
                match code {
                    $($code => Some(Family::$family),)+
                    _ => None,
                }
            }
        }
    };
}

errors! {
    /// The domain is already an initial or verified domain of a directory.
    DomainTaken { domain: String } = "DOMAIN_TAKEN", Refused,
        "The domain {domain} is already taken.",
        "Choose another name: '{domain}' already belongs to a directory. A custom domain can be verified by one directory only.";
    /// A name given for something new is malformed.
    InvalidName { field: &'static str, value: String, reason: String } = "INVALID_NAME", InvalidInput,
        "The {field} '{value}' is not valid: {reason}.",
        "Correct the {field} and try again.";
    /// The actor holds no role that allows `action` on `target`.
    NotAuthorized { actor: Name, action: &'static str, target: Name, needs: &'static str } = "NOT_AUTHORIZED", Refused,
        "{actor} may not {action} {target}: that needs {needs}.",
        "Ask someone who is {needs} to do it, or to grant you that role.";
    /// An account with that sign-in name already exists.
    UserExists { account: String } = "USER_EXISTS", Refused,
        "The account {account} already exists.",
        "Use the existing account {account}, or pick another name.";
    /// Enterprise Agreement offers are not bought through this sign-up.
    EnterpriseAgreementNotSupported { offer: String } = "ENTERPRISE_AGREEMENT_NOT_SUPPORTED", Refused,
        "{offer} is an Enterprise Agreement offer, which cannot be bought by signing up with an account.",
        "Enterprise Agreement subscriptions are created in the EA portal by an enrollment administrator; sign up here with a pay-as-you-go (MS-AZR-0003P) or free trial (MS-AZR-0044P) offer.";
    /// A work or school account acted outside its home directory, or did
    /// what only a Microsoft account can.
    HomeDirectoryOnly { actor: Name, home: Name } = "HOME_DIRECTORY_ONLY", Refused,
        "{actor} is a work or school account and can be authenticated only by its home directory {home}.",
        "A work or school account can act only in its home directory ({home}). Sign in with a Microsoft account to work across directories.";
    /// Buying Office 365 needs the Global or Billing Administrator role.
    RequiresGlobalOrBillingAdmin { actor: Name, directory: Name } = "REQUIRES_GLOBAL_OR_BILLING_ADMIN", Refused,
        "{actor} is neither a Global Administrator nor a Billing Administrator of {directory}, which buying Office 365 requires.",
        "Sign in as a Global Administrator or Billing Administrator of {directory}, or ask one to assign you the Billing Administrator role.";
    /// The credentials given are not those of a Global Administrator of the
    /// target directory.
    NotGlobalAdminOfTarget { account: Name, directory: Name } = "NOT_GLOBAL_ADMIN_OF_TARGET", Refused,
        "{account} is not a Global Administrator of {directory}.",
        "Give the credentials of a Global Administrator of {directory}.";
    /// The account is already a user of the directory.
    AlreadyMember { account: Name, directory: Name } = "ALREADY_MEMBER", Refused,
        "{account} is already a user of {directory}.",
        "Nothing to do: {directory} is already in the account's directory list.";
    /// The role, co-administrator or assignment is already in place.
    AlreadyAssigned { what: String } = "ALREADY_ASSIGNED", Refused,
        "{what} is already assigned.",
        "Nothing to do: it is already in place.";
    /// The role, co-administrator or assignment to remove is not in place.
    NotAssigned { what: String } = "NOT_ASSIGNED", Refused,
        "{what} is not assigned.",
        "Nothing to remove: check the current assignments first.";
    /// A Partner Center account with that name exists.
    PartnerExists { name: String } = "PARTNER_EXISTS", Refused,
        "A Partner Center account named '{name}' already exists.",
        "Use the existing Partner Center account '{name}', or choose another name.";
    /// The account is already a user of the most directories allowed (I9).
    DirectoryLimit { account: Name, limit: usize } = "DIRECTORY_LIMIT", Refused,
        "{account} is already a user of {limit} directories, the most allowed.",
        "An account can be a user of at most {limit} directories; leave one first.";
    /// Only the service administrator may do this.
    RequiresServiceAdmin { actor: Name, subscription: Name } = "REQUIRES_SERVICE_ADMIN", Refused,
        "{actor} is not the service administrator of subscription {subscription}.",
        "Sign in as the service administrator of {subscription}; a co-administrator cannot do this. The account administrator can make you service administrator (R9).";
    /// The one moving the subscription is not a user of the target directory.
    NotAUserOfTarget { account: Name, directory: Name } = "NOT_A_USER_OF_TARGET", Refused,
        "{account}, who would move the subscription, is not a user of {directory}.",
        "Make {account} a user of {directory} first: \"Use existing directory\" (R5) under the classic rules, an invitation as a guest (invite_guest) today.";
    /// The subscription already trusts that directory.
    SameDirectory { subscription: Name, directory: Name } = "SAME_DIRECTORY", Refused,
        "Subscription {subscription} already trusts {directory}.",
        "Nothing to do: pick a different directory.";
    /// The operation would cross from one national cloud to another.
    CrossCloud { what: String, from: String, to: String } = "CROSS_CLOUD", Refused,
        "{what} crosses from the {from} cloud to the {to} cloud.",
        "National clouds are isolated: use a directory, subscription or partner of the same cloud.";
    /// The account is not a user of the directory concerned.
    NotAUserOfDirectory { account: Name, directory: Name } = "NOT_A_USER_OF_DIRECTORY", Refused,
        "{account} is not a user of {directory}.",
        "Add {account} to {directory} first (a work account is added by an administrator of that directory; a Microsoft account joins through \"Use existing directory\", or today as an invited guest).";
    /// The subscription has the most co-administrators allowed (I6).
    CoAdminLimit { subscription: Name, limit: usize } = "CO_ADMIN_LIMIT", Refused,
        "Subscription {subscription} already has {limit} co-administrators, the most allowed.",
        "Remove a co-administrator first (at most {limit}), or grant access with an RBAC role instead.";
    /// The subscription or management group has the most role assignments
    /// allowed (I6).
    RoleAssignmentLimit { scope: Name, limit: usize } = "ROLE_ASSIGNMENT_LIMIT", Refused,
        "{scope} already has {limit} role assignments, the most allowed.",
        "Remove unused role assignments first (at most {limit} there), or assign roles to groups rather than to each principal.";
    /// A work account of the Office 365 tenant has the service
    /// administrator's e-mail address.
    ServiceAdminInTargetTenant { service_admin: String, directory: Name, account: Name } = "SERVICE_ADMIN_IN_TARGET_TENANT", Refused,
        "The service administrator's e-mail address ({service_admin}) is in the Office 365 tenant {directory} as {account}.",
        "Change the service administrator to another Microsoft account whose e-mail address is not used in the Office 365 tenant (R9), then link again.";
    /// A Global Administrator of the Office 365 tenant has the service
    /// administrator's e-mail address.
    ServiceAdminIsTargetGlobalAdmin { service_admin: String, directory: Name, account: Name } = "SERVICE_ADMIN_IS_TARGET_GLOBAL_ADMIN", Refused,
        "The service administrator's e-mail address ({service_admin}) is that of {account}, a Global Administrator of the Office 365 tenant {directory}.",
        "Change the service administrator to another Microsoft account whose e-mail address is not used in the Office 365 tenant (R9), then link again.";
    /// The service administrator's e-mail address is both a Microsoft
    /// account and a work or school account.
    ServiceAdminAmbiguous { service_admin: String, account: Name } = "SERVICE_ADMIN_AMBIGUOUS", Refused,
        "The service administrator's e-mail address ({service_admin}) is both a Microsoft account and the work or school account {account}.",
        "The address is also the work account {account}. Change the service administrator to another Microsoft account first (R9), then link again.";
    /// The account administers no subscription, so the classic portal has
    /// nothing to show it.
    NoSubscriptionAccess { actor: Name } = "NO_SUBSCRIPTION_ACCESS", Refused,
        "{actor} is not the service administrator or a co-administrator of any subscription, so it cannot sign in to the management portal.",
        "Ask the service administrator of a subscription to add you as a co-administrator (R7), or sign up for Azure (R3).";
    /// The directory would be left without a Global Administrator (I8).
    LastGlobalAdmin { account: Name, directory: Name } = "LAST_GLOBAL_ADMIN", Refused,
        "{account} is the last Global Administrator of {directory}; a directory must keep at least one.",
        "Make another user Global Administrator of {directory} first.";
    /// No account has that reference.
    UnknownAccount { account: String } = "UNKNOWN_ACCOUNT", UnknownReference,
        "There is no account {account}.",
        "Check the spelling: Microsoft accounts are written msa:<e-mail>, work or school accounts by their user principal name.";
    /// No directory has that domain or id.
    UnknownDirectory { directory: String } = "UNKNOWN_DIRECTORY", UnknownReference,
        "There is no directory {directory}.",
        "Check the spelling: a directory is written by its initial domain (<prefix>.onmicrosoft.com), a verified domain or its tenant id.";
    /// No subscription has that id.
    UnknownSubscription { subscription: String } = "UNKNOWN_SUBSCRIPTION", UnknownReference,
        "There is no subscription {subscription}.",
        "Check the subscription id (a UUID).";
    /// No Partner Center account has that name.
    UnknownPartner { partner: String } = "UNKNOWN_PARTNER", UnknownReference,
        "There is no Partner Center account '{partner}'.",
        "Check the Partner Center account's name, or create it first.";
    /// A snapshot failed validation at `at`.
    InvalidSnapshot { at: String, reason: String } = "INVALID_SNAPSHOT", InvalidInput,
        "The snapshot is not valid at {at}: {reason}.",
        "Fix the snapshot at {at}, or restore it from a good copy.";
    /// A conformance scenario could not be read at `at`.
    InvalidScenario { at: String, reason: String } = "INVALID_SCENARIO", InvalidInput,
        "The scenario cannot be read at {at}: {reason}.",
        "Fix the scenario at {at}; FORMAT.md lists the operations, queries and their arguments.";
    /// The operation belongs to the classic administrators, retired under
    /// the current rules.
    ClassicAdminRetired { operation: &'static str, instead: &'static str } = "CLASSIC_ADMIN_RETIRED", Refused,
        "{operation} no longer exists: classic administrators were retired on 31 August 2024, converted to Owner in December 2025 and removed in May 2026.",
        "{instead}";
    /// The operation belongs to the classic portal, retired under the
    /// current rules.
    ClassicPortalRetired { operation: &'static str, instead: &'static str } = "CLASSIC_PORTAL_RETIRED", Refused,
        "{operation} no longer exists: the classic management portal closed on 8 January 2018.",
        "{instead}";
    /// The directory is in a national cloud that closed.
    CloudRetired { cloud: String } = "CLOUD_RETIRED", Refused,
        "The {cloud} cloud is retired: Microsoft Cloud Germany closed on 29 October 2021.",
        "Use a directory of a cloud in service (public, us_government or china).";
    /// Moving a subscription needs an Owner assignment made directly to
    /// the actor.
    RequiresOwner { actor: Name, subscription: Name } = "REQUIRES_OWNER", Refused,
        "{actor} has no Owner role assignment of its own at subscription {subscription}.",
        "Ask an Owner of {subscription} to assign you Owner at its scope, to you directly rather than through a group.";
    /// Only a Global Administrator may do this.
    RequiresGlobalAdmin { actor: Name, directory: Name } = "REQUIRES_GLOBAL_ADMIN", Refused,
        "{actor} is not a Global Administrator of {directory}.",
        "Sign in as a Global Administrator of {directory}, assigned the role directly.";
    /// A Global Administrator must elevate its access first.
    ElevationRequired { actor: Name, directory: Name } = "ELEVATION_REQUIRED", Refused,
        "{actor} is a Global Administrator of {directory} but has not elevated its access.",
        "Elevate access first (elevate_access), then try again, and remove the elevation when done (remove_elevated_access).";
    /// The source directory's subscription policy keeps the subscription in.
    SubscriptionPolicyBlocksLeaving { actor: Name, subscription: Name, directory: Name } = "SUBSCRIPTION_POLICY_BLOCKS_LEAVING", Refused,
        "The subscription policy of {directory} blocks subscriptions leaving it, and {actor} is not exempted, so subscription {subscription} cannot leave.",
        "Ask an elevated Global Administrator of {directory} to allow subscriptions to leave, or to exempt you (set_subscription_policy).";
    /// The target directory's subscription policy keeps the subscription out.
    SubscriptionPolicyBlocksEntering { actor: Name, subscription: Name, directory: Name } = "SUBSCRIPTION_POLICY_BLOCKS_ENTERING", Refused,
        "The subscription policy of {directory} blocks subscriptions entering it, and {actor} is not exempted, so subscription {subscription} cannot enter.",
        "Ask an elevated Global Administrator of {directory} to allow subscriptions to enter, or to exempt you (set_subscription_policy).";
    /// The subscription's offer cannot change directory.
    DirectoryChangeNotSupported { subscription: Name, offer: String } = "DIRECTORY_CHANGE_NOT_SUPPORTED", Refused,
        "Subscription {subscription} has the offer {offer}, whose directory cannot be changed (Cloud Solution Provider, Microsoft Internal or Azure for Students Starter).",
        "Move its resources to a subscription of another offer, or transfer it through its program (a CSP partner, N7).";
    /// The subscription already has a pending directory change.
    ChangeRequestPending { subscription: Name, to: Name } = "CHANGE_REQUEST_PENDING", Refused,
        "Subscription {subscription} already has a pending request to move to {to}.",
        "Wait for the request to be accepted, or cancel it first (cancel_directory_change).";
    /// The subscription has no pending directory change.
    NoChangeRequest { subscription: Name } = "NO_CHANGE_REQUEST", Refused,
        "Subscription {subscription} has no pending directory change.",
        "An Owner of the subscription requests the change first (request_directory_change).";
    /// No role definition has that name or id.
    UnknownRole { role: String } = "UNKNOWN_ROLE", UnknownReference,
        "There is no role definition {role}.",
        "Write a built-in role as FORMAT.md does (owner, contributor, reader, user_access_administrator, role_based_access_control_administrator), or a role definition's name or id.";
    /// No group, service principal or object has that reference.
    UnknownPrincipal { principal: String } = "UNKNOWN_PRINCIPAL", UnknownReference,
        "There is no principal {principal}.",
        "Check the spelling: groups are written group:<display name>@<directory>, service principals and managed identities sp:<display name>@<directory>, a partner's group foreign-group:<display name>@<directory>, any object id:<object id>.";
    /// More than one object has that display name.
    AmbiguousReference { reference: String, count: usize } = "AMBIGUOUS_REFERENCE", UnknownReference,
        "{reference} names {count} objects: their display names are not unique.",
        "Write the object by its object id instead: id:<object id>.";
    /// Adding the member would make a group contain itself.
    GroupCycle { group: Name, member: Name } = "GROUP_CYCLE", Refused,
        "Adding {member} to {group} would make {group} a member of itself.",
        "Groups may nest but not in a cycle: add the members of {member} to {group} instead.";
    /// The directory has the most custom roles allowed.
    CustomRoleLimit { directory: Name, limit: usize } = "CUSTOM_ROLE_LIMIT", Refused,
        "{directory} already has {limit} custom roles, the most allowed.",
        "Delete an unused custom role first (at most {limit} per directory).";
    /// The management group tree would be too deep.
    ManagementGroupDepth { management_group: Name, limit: u8 } = "MANAGEMENT_GROUP_DEPTH", Refused,
        "{management_group} would be more than {limit} levels below the tenant root group.",
        "Create it under a management group nearer the root (at most {limit} levels, not counting the root).";
    /// The custom role is still assigned.
    RoleInUse { role: Name, count: u32 } = "ROLE_IN_USE", Refused,
        "The custom role {role} is still used by {count} role assignments.",
        "Remove its role assignments first (remove_role), then delete it.";
    /// The partner has no (approved) GDAP relationship with the directory.
    NoRelationship { partner: Name, directory: Name } = "NO_RELATIONSHIP", Refused,
        "'{partner}' has no approved GDAP relationship with {directory}.",
        "Propose one (create_gdap_relationship) and have a Global Administrator of {directory} approve it (approve_gdap_relationship).";
    /// No management group has that name.
    UnknownManagementGroup { management_group: String } = "UNKNOWN_MANAGEMENT_GROUP", UnknownReference,
        "There is no management group {management_group}.",
        "Check the name (the last segment of /providers/Microsoft.Management/managementGroups/<name>); the tenant root group is named by the tenant id.";
    /// Only a role-assignable group may hold a directory role.
    GroupNotRoleAssignable { group: Name } = "GROUP_NOT_ROLE_ASSIGNABLE", Refused,
        "{group} is not role-assignable, so it cannot hold a directory role.",
        "Create a role-assignable group (create_group with role_assignable) and assign the role to it.";
    /// Nobody holds the role R6 needs to change the subscription's
    /// directory: under the current rules an Owner assigned directly to a
    /// user at its scope, under the classic rules a service administrator
    /// (an Azure plan bought through a partner has none).
    NoDirectOwner { subscription: Name, holder: &'static str, remedy: &'static str } = "NO_DIRECT_OWNER", Refused,
        "Subscription {subscription} has no {holder}, so nobody can change its directory.",
        "{remedy}";
    /// A resource of that ARM id exists.
    ResourceExists { resource: String } = "RESOURCE_EXISTS", Refused,
        "Resource {resource} already exists.",
        "Choose another name, or keep the resource in place.";
    /// Reading or writing a snapshot file failed.
    Io { path: String, reason: String } = "IO_ERROR", Io,
        "Could not access {path}: {reason}.",
        "Check that {path} exists and is readable or writable.";
    /// An import's options are unusable: a service root that is not
    /// https, a retired cloud, a missing credential.
    ImportOptions { option: String, reason: String } = "IMPORT_OPTIONS", Import,
        "The import cannot start: {option} {reason}.",
        "Correct {option} and run the import again; nothing was read or written.";
    /// A service refused the import's token (HTTP 401).
    ImportUnauthorized { audience: String, detail: String } = "IMPORT_UNAUTHORIZED", Import,
        "The token for {audience} was refused (401): {detail}.",
        "Give a valid, unexpired token whose audience is {audience}, or credentials that can get one; nothing was written.";
    /// A request failed for good: an HTTP error that is not transient, or
    /// a transient one that outlasted the retries.
    ImportHttp { url: String, status: u16, detail: String } = "IMPORT_HTTP", Import,
        "GET {url} failed with HTTP {status}: {detail}.",
        "Check the service root and the tenant, then run the import again; nothing was written.";
    /// The service could not be reached, or stopped answering, after the
    /// retries.
    ImportNetwork { url: String, reason: String } = "IMPORT_NETWORK", Import,
        "Could not read {url}: {reason}.",
        "Check the network and the service root, then run the import again; nothing was written.";
    /// A response was not the JSON the API documents (an HTML error page,
    /// a truncated body, another content type) after the retries.
    ImportBadResponse { url: String, reason: String } = "IMPORT_BAD_RESPONSE", Import,
        "GET {url} returned something that is not the documented JSON: {reason}.",
        "Check that the service root points at Microsoft Graph or Azure Resource Manager (not a proxy's page), then run the import again; nothing was written.";
    /// Throttling outlasted the retries.
    ImportThrottled { url: String, attempts: u32 } = "IMPORT_THROTTLED", Import,
        "GET {url} was still throttled after {attempts} attempts.",
        "Run the import again later, or with a lower --concurrency; nothing was written.";
    /// A panic inside tenantry, caught by [`crate::guard`] at the edge of
    /// a binding or server: a bug, not a problem with the input.
    Internal { detail: String } = "INTERNAL", Internal,
        "tenantry failed inside: {detail}.",
        "This is a bug in tenantry, not in the input, and the call changed nothing: report it with the call and the snapshot that caused it.";
}

/// An error: a kind with its facts, and the rule of the operation that
/// raised it (none for queries, snapshots and scenarios).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    rule: Option<Rule>,
    kind: ErrorKind,
}

/// The result type of tenantry.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error of this kind raised outside any rule.
    pub fn new(kind: ErrorKind) -> Self {
        Error { rule: None, kind }
    }

    /// The same error attributed to `rule`.
    pub fn with_rule(mut self, rule: Option<Rule>) -> Self {
        self.rule = rule;
        self
    }

    /// The kind, with its facts.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The rule of the operation that refused, if an operation did.
    pub fn rule(&self) -> Option<Rule> {
        self.rule
    }

    /// The stable code, as listed in FORMAT.md.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// What kind of failure it is.
    pub fn family(&self) -> Family {
        self.kind.family()
    }

    /// What to do instead.
    pub fn hint(&self) -> String {
        self.kind.hint()
    }

    /// An `INVALID_SNAPSHOT` error at `at`.
    pub fn invalid_snapshot(at: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidSnapshot {
            at: at.into(),
            reason: reason.into(),
        })
    }

    /// An `INVALID_SCENARIO` error at `at`.
    pub fn invalid_scenario(at: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidScenario {
            at: at.into(),
            reason: reason.into(),
        })
    }

    /// An `INTERNAL` error: a panic, described.
    pub fn internal(detail: impl Into<String>) -> Self {
        Error::new(ErrorKind::Internal {
            detail: detail.into(),
        })
    }

    /// An `IO_ERROR` for `path`.
    pub fn io(path: impl fmt::Display, reason: impl fmt::Display) -> Self {
        Error::new(ErrorKind::Io {
            path: path.to_string(),
            reason: reason.to_string(),
        })
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error::new(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_listed_once_each_with_its_family() {
        let mut seen = std::collections::HashSet::new();
        for code in CODES {
            assert!(seen.insert(code), "{code} listed twice");
            let family = ErrorKind::family_of(code);
            let expected = match *code {
                c if c.starts_with("UNKNOWN_") => Family::UnknownReference,
                "AMBIGUOUS_REFERENCE" => Family::UnknownReference,
                c if c.starts_with("INVALID_") => Family::InvalidInput,
                "IO_ERROR" => Family::Io,
                c if c.starts_with("IMPORT_") => Family::Import,
                "INTERNAL" => Family::Internal,
                _ => Family::Refused,
            };
            assert_eq!(family, Some(expected), "{code}");
        }
        assert_eq!(CODES.len(), 62);
        assert_eq!(CODES.last(), Some(&"INTERNAL"));
        assert_eq!(ErrorKind::family_of("NOT_A_CODE"), None);
    }

    #[test]
    fn errors_carry_code_rule_family_message_and_hint() {
        let e = Error::new(ErrorKind::RequiresServiceAdmin {
            actor: "JohnDoe@contoso.com".into(),
            subscription: "s1".into(),
        })
        .with_rule(Some(Rule::R6));
        assert_eq!(e.code(), "REQUIRES_SERVICE_ADMIN");
        assert_eq!(e.rule(), Some(Rule::R6));
        assert_eq!(e.family(), Family::Refused);
        assert_eq!(
            e.to_string(),
            "JohnDoe@contoso.com is not the service administrator of subscription s1."
        );
        assert!(e.hint().contains("service administrator of s1"));
        let io = Error::io("/nowhere", "denied");
        assert_eq!((io.code(), io.family()), ("IO_ERROR", Family::Io));
        assert_eq!(io.to_string(), "Could not access /nowhere: denied.");
    }
}
