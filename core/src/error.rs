//! The one error type of tenantry: every refusal carries a stable code
//! (FORMAT.md), the rule of the operation that refused (DESIGN §2), a
//! sentence a person understands and a hint saying what to do instead.

use crate::model::Name;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A rule of DESIGN.md §2.
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
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What went wrong, with the facts needed to say so. Match on this through
/// [`Error::kind`]; compare [`Error::code`] in tests, never message text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)] // the fields are named for the facts they carry
pub enum ErrorKind {
    /// The domain is already an initial or verified domain of a directory.
    DomainTaken { domain: String },
    /// A name given for something new is malformed.
    InvalidName {
        field: &'static str,
        value: String,
        reason: String,
    },
    /// The actor holds no role that allows `action` on `target`.
    NotAuthorized {
        actor: Name,
        action: &'static str,
        target: Name,
        needs: &'static str,
    },
    /// An account with that sign-in name already exists.
    UserExists { account: String },
    /// Enterprise Agreement offers are not bought through this sign-up.
    EnterpriseAgreementNotSupported { offer: String },
    /// A work or school account acted outside its home directory, or did
    /// what only a Microsoft account can.
    HomeDirectoryOnly { actor: Name, home: Name },
    /// Buying Office 365 needs the Global or Billing Administrator role.
    RequiresGlobalOrBillingAdmin { actor: Name, directory: Name },
    /// The credentials given are not those of a Global Administrator of the
    /// target directory.
    NotGlobalAdminOfTarget { account: Name, directory: Name },
    /// The account is already a user of the directory.
    AlreadyMember { account: Name, directory: Name },
    /// The role, co-administrator or assignment is already in place.
    AlreadyAssigned { what: String },
    /// The role, co-administrator or assignment to remove is not in place.
    NotAssigned { what: String },
    /// A Partner Center account with that name exists.
    PartnerExists { name: String },
    /// The account is already a user of the most directories allowed (I9).
    DirectoryLimit { account: Name, limit: usize },
    /// Only the service administrator may do this.
    RequiresServiceAdmin { actor: Name, subscription: Name },
    /// The service administrator is not a user of the target directory.
    NotAUserOfTarget { account: Name, directory: Name },
    /// The subscription already trusts that directory.
    SameDirectory { subscription: Name, directory: Name },
    /// The operation would cross from one national cloud to another.
    CrossCloud {
        what: String,
        from: String,
        to: String,
    },
    /// The account is not a user of the directory concerned.
    NotAUserOfDirectory { account: Name, directory: Name },
    /// The subscription has the most co-administrators allowed (I6).
    CoAdminLimit { subscription: Name, limit: usize },
    /// The subscription has the most role assignments allowed (I6).
    RoleAssignmentLimit { subscription: Name, limit: usize },
    /// A work account of the Office 365 tenant has the service
    /// administrator's e-mail address.
    ServiceAdminInTargetTenant {
        service_admin: String,
        directory: Name,
        account: Name,
    },
    /// A Global Administrator of the Office 365 tenant has the service
    /// administrator's e-mail address.
    ServiceAdminIsTargetGlobalAdmin {
        service_admin: String,
        directory: Name,
        account: Name,
    },
    /// The service administrator's e-mail address is both a Microsoft
    /// account and a work or school account.
    ServiceAdminAmbiguous {
        service_admin: String,
        account: Name,
    },
    /// The account administers no subscription, so the classic portal has
    /// nothing to show it.
    NoSubscriptionAccess { actor: Name },
    /// The directory would be left without a Global Administrator (I8).
    LastGlobalAdmin { account: Name, directory: Name },
    /// No account has that reference.
    UnknownAccount { account: String },
    /// No directory has that domain or id.
    UnknownDirectory { directory: String },
    /// No subscription has that id.
    UnknownSubscription { subscription: String },
    /// No Partner Center account has that name.
    UnknownPartner { partner: String },
    /// A snapshot failed validation at `at`.
    InvalidSnapshot { at: String, reason: String },
    /// A conformance scenario could not be read at `at`.
    InvalidScenario { at: String, reason: String },
    /// Reading or writing a snapshot file failed.
    Io { path: String, reason: String },
}

/// An error: a kind with its facts, and the rule of the operation that
/// raised it (none for queries, snapshots and scenarios).
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error::new(kind)
    }
}

impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)
    }
}

/// Every error code, in FORMAT.md's order, plus `IO_ERROR`.
pub const CODES: &[&str] = &[
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
];

impl ErrorKind {
    /// The stable code, as listed in FORMAT.md.
    pub fn code(&self) -> &'static str {
        use ErrorKind::*;
        match self {
            DomainTaken { .. } => "DOMAIN_TAKEN",
            InvalidName { .. } => "INVALID_NAME",
            NotAuthorized { .. } => "NOT_AUTHORIZED",
            UserExists { .. } => "USER_EXISTS",
            EnterpriseAgreementNotSupported { .. } => "ENTERPRISE_AGREEMENT_NOT_SUPPORTED",
            HomeDirectoryOnly { .. } => "HOME_DIRECTORY_ONLY",
            RequiresGlobalOrBillingAdmin { .. } => "REQUIRES_GLOBAL_OR_BILLING_ADMIN",
            NotGlobalAdminOfTarget { .. } => "NOT_GLOBAL_ADMIN_OF_TARGET",
            AlreadyMember { .. } => "ALREADY_MEMBER",
            AlreadyAssigned { .. } => "ALREADY_ASSIGNED",
            NotAssigned { .. } => "NOT_ASSIGNED",
            PartnerExists { .. } => "PARTNER_EXISTS",
            DirectoryLimit { .. } => "DIRECTORY_LIMIT",
            RequiresServiceAdmin { .. } => "REQUIRES_SERVICE_ADMIN",
            NotAUserOfTarget { .. } => "NOT_A_USER_OF_TARGET",
            SameDirectory { .. } => "SAME_DIRECTORY",
            CrossCloud { .. } => "CROSS_CLOUD",
            NotAUserOfDirectory { .. } => "NOT_A_USER_OF_DIRECTORY",
            CoAdminLimit { .. } => "CO_ADMIN_LIMIT",
            RoleAssignmentLimit { .. } => "ROLE_ASSIGNMENT_LIMIT",
            ServiceAdminInTargetTenant { .. } => "SERVICE_ADMIN_IN_TARGET_TENANT",
            ServiceAdminIsTargetGlobalAdmin { .. } => "SERVICE_ADMIN_IS_TARGET_GLOBAL_ADMIN",
            ServiceAdminAmbiguous { .. } => "SERVICE_ADMIN_AMBIGUOUS",
            NoSubscriptionAccess { .. } => "NO_SUBSCRIPTION_ACCESS",
            LastGlobalAdmin { .. } => "LAST_GLOBAL_ADMIN",
            UnknownAccount { .. } => "UNKNOWN_ACCOUNT",
            UnknownDirectory { .. } => "UNKNOWN_DIRECTORY",
            UnknownSubscription { .. } => "UNKNOWN_SUBSCRIPTION",
            UnknownPartner { .. } => "UNKNOWN_PARTNER",
            InvalidSnapshot { .. } => "INVALID_SNAPSHOT",
            InvalidScenario { .. } => "INVALID_SCENARIO",
            Io { .. } => "IO_ERROR",
        }
    }

    /// What to do instead.
    pub fn hint(&self) -> String {
        use ErrorKind::*;
        match self {
            DomainTaken { domain } => format!(
                "Choose another name: '{domain}' already belongs to a directory. A custom domain can be verified by one directory only."
            ),
            InvalidName { field, .. } => format!("Correct the {field} and try again."),
            NotAuthorized { needs, .. } => format!("Ask someone who is {needs} to do it, or to grant you that role."),
            UserExists { account } => format!("Use the existing account {account}, or pick another name."),
            EnterpriseAgreementNotSupported { .. } => "Enterprise Agreement subscriptions are created in the EA portal by an enrollment administrator; sign up here with a pay-as-you-go (MS-AZR-0003P) or free trial (MS-AZR-0044P) offer.".into(),
            HomeDirectoryOnly { home, .. } => format!(
                "A work or school account can act only in its home directory ({home}). Sign in with a Microsoft account to work across directories."
            ),
            RequiresGlobalOrBillingAdmin { directory, .. } => format!(
                "Sign in as a Global Administrator or Billing Administrator of {directory}, or ask one to assign you the Billing Administrator role."
            ),
            NotGlobalAdminOfTarget { directory, .. } => format!(
                "Give the credentials of a Global Administrator of {directory}."
            ),
            AlreadyMember { directory, .. } => format!(
                "Nothing to do: {directory} is already in the account's directory list."
            ),
            AlreadyAssigned { .. } => "Nothing to do: it is already in place.".into(),
            NotAssigned { .. } => "Nothing to remove: check the current assignments first.".into(),
            PartnerExists { name } => format!("Use the existing Partner Center account '{name}', or choose another name."),
            DirectoryLimit { limit, .. } => format!(
                "An account can be a user of at most {limit} directories; leave one first."
            ),
            RequiresServiceAdmin { subscription, .. } => format!(
                "Sign in as the service administrator of {subscription}; a co-administrator cannot do this. The account administrator can make you service administrator (R9)."
            ),
            NotAUserOfTarget { directory, .. } => format!(
                "Make the service administrator a user of {directory} first: \"Use existing directory\" (R5) with a Global Administrator's credentials."
            ),
            SameDirectory { .. } => "Nothing to do: pick a different directory.".into(),
            CrossCloud { .. } => "National clouds are isolated: use a directory, subscription or partner of the same cloud.".into(),
            NotAUserOfDirectory { account, directory } => format!(
                "Add {account} to {directory} first (a work account is added by an administrator of that directory; a Microsoft account joins through \"Use existing directory\")."
            ),
            CoAdminLimit { limit, .. } => format!(
                "Remove a co-administrator first (at most {limit}), or grant access with an RBAC role instead."
            ),
            RoleAssignmentLimit { limit, .. } => format!(
                "Remove unused role assignments first (at most {limit} per subscription), or assign roles to fewer principals at a broader scope."
            ),
            ServiceAdminInTargetTenant { .. } | ServiceAdminIsTargetGlobalAdmin { .. } => {
                "Change the service administrator to another Microsoft account whose e-mail address is not used in the Office 365 tenant (R9), then link again.".into()
            }
            ServiceAdminAmbiguous { account, .. } => format!(
                "The address is also the work account {account}. Change the service administrator to another Microsoft account first (R9), then link again."
            ),
            NoSubscriptionAccess { .. } => "Ask the service administrator of a subscription to add you as a co-administrator (R7), or sign up for Azure (R3).".into(),
            LastGlobalAdmin { directory, .. } => format!(
                "Make another user Global Administrator of {directory} first."
            ),
            UnknownAccount { .. } => "Check the spelling: Microsoft accounts are written msa:<e-mail>, work or school accounts by their user principal name.".into(),
            UnknownDirectory { .. } => "Check the spelling: a directory is written by its initial domain (<prefix>.onmicrosoft.com), a verified domain or its tenant id.".into(),
            UnknownSubscription { .. } => "Check the subscription id (a UUID).".into(),
            UnknownPartner { .. } => "Check the Partner Center account's name, or create it first.".into(),
            InvalidSnapshot { at, .. } => format!("Fix the snapshot at {at}, or restore it from a good copy."),
            InvalidScenario { at, .. } => format!("Fix the scenario at {at}; FORMAT.md lists the operations, queries and their arguments."),
            Io { path, .. } => format!("Check that {path} exists and is readable or writable."),
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorKind::*;
        match self {
            DomainTaken { domain } => write!(f, "The domain {domain} is already taken."),
            InvalidName { field, value, reason } => write!(f, "The {field} '{value}' is not valid: {reason}."),
            NotAuthorized { actor, action, target, needs } => write!(f, "{actor} may not {action} {target}: that needs {needs}."),
            UserExists { account } => write!(f, "The account {account} already exists."),
            EnterpriseAgreementNotSupported { offer } => write!(f, "{offer} is an Enterprise Agreement offer, which cannot be bought by signing up with an account."),
            HomeDirectoryOnly { actor, home } => write!(f, "{actor} is a work or school account and can be authenticated only by its home directory {home}."),
            RequiresGlobalOrBillingAdmin { actor, directory } => write!(f, "{actor} is neither a Global Administrator nor a Billing Administrator of {directory}, which buying Office 365 requires."),
            NotGlobalAdminOfTarget { account, directory } => write!(f, "{account} is not a Global Administrator of {directory}."),
            AlreadyMember { account, directory } => write!(f, "{account} is already a user of {directory}."),
            AlreadyAssigned { what } => write!(f, "{what} is already assigned."),
            NotAssigned { what } => write!(f, "{what} is not assigned."),
            PartnerExists { name } => write!(f, "A Partner Center account named '{name}' already exists."),
            DirectoryLimit { account, limit } => write!(f, "{account} is already a user of {limit} directories, the most allowed."),
            RequiresServiceAdmin { actor, subscription } => write!(f, "{actor} is not the service administrator of subscription {subscription}."),
            NotAUserOfTarget { account, directory } => write!(f, "The service administrator {account} is not a user of {directory}."),
            SameDirectory { subscription, directory } => write!(f, "Subscription {subscription} already trusts {directory}."),
            CrossCloud { what, from, to } => write!(f, "{what} crosses from the {from} cloud to the {to} cloud."),
            NotAUserOfDirectory { account, directory } => write!(f, "{account} is not a user of {directory}."),
            CoAdminLimit { subscription, limit } => write!(f, "Subscription {subscription} already has {limit} co-administrators, the most allowed."),
            RoleAssignmentLimit { subscription, limit } => write!(f, "Subscription {subscription} already has {limit} role assignments, the most allowed."),
            ServiceAdminInTargetTenant { service_admin, directory, account } => write!(f, "The service administrator's e-mail address ({service_admin}) is in the Office 365 tenant {directory} as {account}."),
            ServiceAdminIsTargetGlobalAdmin { service_admin, directory, account } => write!(f, "The service administrator's e-mail address ({service_admin}) is that of {account}, a Global Administrator of the Office 365 tenant {directory}."),
            ServiceAdminAmbiguous { service_admin, account } => write!(f, "The service administrator's e-mail address ({service_admin}) is both a Microsoft account and the work or school account {account}."),
            NoSubscriptionAccess { actor } => write!(f, "{actor} is not the service administrator or a co-administrator of any subscription, so it cannot sign in to the management portal."),
            LastGlobalAdmin { account, directory } => write!(f, "{account} is the last Global Administrator of {directory}; a directory must keep at least one."),
            UnknownAccount { account } => write!(f, "There is no account {account}."),
            UnknownDirectory { directory } => write!(f, "There is no directory {directory}."),
            UnknownSubscription { subscription } => write!(f, "There is no subscription {subscription}."),
            UnknownPartner { partner } => write!(f, "There is no Partner Center account '{partner}'."),
            InvalidSnapshot { at, reason } => write!(f, "The snapshot is not valid at {at}: {reason}."),
            InvalidScenario { at, reason } => write!(f, "The scenario cannot be read at {at}: {reason}."),
            Io { path, reason } => write!(f, "Could not access {path}: {reason}."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for code in CODES {
            assert!(seen.insert(code), "{code} listed twice");
        }
        assert_eq!(CODES.len(), 32);
    }

    #[test]
    fn errors_carry_code_rule_message_and_hint() {
        let e = Error::new(ErrorKind::RequiresServiceAdmin {
            actor: "JohnDoe@contoso.com".into(),
            subscription: "s1".into(),
        })
        .with_rule(Some(Rule::R6));
        assert_eq!(e.code(), "REQUIRES_SERVICE_ADMIN");
        assert_eq!(e.rule(), Some(Rule::R6));
        assert!(e.to_string().contains("JohnDoe@contoso.com"));
        assert!(e.hint().contains("service administrator"));
    }
}
