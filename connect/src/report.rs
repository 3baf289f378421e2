//! What an import read, what it could not join or hold, what it was not
//! allowed to read, and what it cost: the JSON report of
//! `tenantry import --report`. It never holds a token or a secret.

use serde::Serialize;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The report of one import.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// The tenant read (the first, when several were).
    pub tenant: Uuid,
    /// Its initial domain.
    pub directory: String,
    /// Every directory read, by initial domain, in order.
    pub directories: Vec<String>,
    /// What the model now holds, per kind: `users`, `guests`, `groups`,
    /// `memberships`, `service_principals`, `managed_identities`,
    /// `directory_role_holders`, `office365_subscriptions`,
    /// `azure_subscriptions`, `management_groups`, `custom_roles`,
    /// `role_assignments`.
    pub counts: BTreeMap<String, u64>,
    /// What was read but could not be joined or held, each with why.
    pub unresolved: Vec<Unresolved>,
    /// [`Report::unresolved`] counted per kind.
    pub unresolved_counts: BTreeMap<String, u64>,
    /// Things read that the model does not hold by design (devices and
    /// contacts among group members, data-plane actions...), counted.
    pub not_held: BTreeMap<String, u64>,
    /// What the import was not allowed (or not able) to read; the rest was
    /// imported.
    pub gaps: Vec<Gap>,
    /// GET requests sent, retries included.
    pub requests: u64,
    /// Requests sent again after a transient failure or throttling.
    pub retries: u64,
    /// Answers of 429 or 503.
    pub throttled_responses: u64,
    /// Seconds spent waiting out throttling.
    pub throttled_seconds: f64,
    /// Bytes of response bodies read.
    pub bytes: u64,
    /// Wall time of the import.
    pub duration_seconds: f64,
    /// Whether Graph gave delta links, so that this import can be
    /// refreshed (`--since`); when not, the next import reads in full.
    pub refreshable: bool,
    /// Set on a refresh: what changed since the earlier import, and why
    /// the directory was read in full if it had to be.
    pub refresh: Option<Refresh>,
}

/// What a refresh found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Refresh {
    /// The users, groups and memberships that changed.
    #[serde(flatten)]
    pub changes: crate::refresh::Changes,
    /// Why the directory was read in full instead (the delta links had
    /// expired, or Graph refused a delta round); `None` when the changes
    /// were laid over the earlier import.
    pub full_read: Option<String>,
}

/// Something read that could not be joined or held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unresolved {
    /// `principal`, `guest`, `role_definition`, `assignable_scope`,
    /// `member`, `subscription`, `policy_exemption`...
    pub kind: String,
    /// The id that did not resolve (an object id, a role definition id, a
    /// scope).
    pub id: String,
    /// Where it was referred to from (a role assignment's id, a group).
    pub referenced_by: String,
    /// Why it is not in the model.
    pub reason: String,
}

/// A part of the tenant the import could not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// What was not read, e.g. `role assignments of subscription …`.
    pub what: String,
    /// The Graph permission or ARM role that reading it needs.
    pub needs: String,
    /// The service's answer, one line.
    pub detail: String,
}

impl Report {
    /// Adds an unresolved reference and counts it.
    pub(crate) fn unresolved(
        &mut self,
        kind: &str,
        id: impl Into<String>,
        referenced_by: impl Into<String>,
        reason: impl Into<String>,
    ) {
        *self.unresolved_counts.entry(kind.to_owned()).or_default() += 1;
        self.unresolved.push(Unresolved {
            kind: kind.to_owned(),
            id: id.into(),
            referenced_by: referenced_by.into(),
            reason: reason.into(),
        });
    }

    /// Counts something read that the model does not hold.
    pub(crate) fn not_held(&mut self, what: &str) {
        *self.not_held.entry(what.to_owned()).or_default() += 1;
    }

    /// Sets a count of what the model holds.
    pub(crate) fn count(&mut self, kind: &str, n: usize) {
        self.counts.insert(kind.to_owned(), n as u64);
    }

    /// Adds another tenant's report to this one: counts, findings and
    /// costs summed, its directory listed (the wall time is the caller's).
    pub(crate) fn absorb(&mut self, other: Report) {
        if self.directories.is_empty() {
            self.tenant = other.tenant;
            self.directory.clone_from(&other.directory);
        }
        self.directories.extend(other.directories);
        let add = |to: &mut BTreeMap<String, u64>, from: BTreeMap<String, u64>| {
            for (k, v) in from {
                *to.entry(k).or_default() += v;
            }
        };
        add(&mut self.counts, other.counts);
        add(&mut self.unresolved_counts, other.unresolved_counts);
        add(&mut self.not_held, other.not_held);
        self.unresolved.extend(other.unresolved);
        self.gaps.extend(other.gaps);
        self.requests += other.requests;
        self.retries += other.retries;
        self.throttled_responses += other.throttled_responses;
        self.throttled_seconds += other.throttled_seconds;
        self.bytes += other.bytes;
    }
}
