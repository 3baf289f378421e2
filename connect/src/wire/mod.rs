//! The Graph v1.0 and ARM wire shapes tenantry reads (and the emulator
//! writes), as serde types declared once: only the properties the model
//! uses, every other property ignored on read and absent on write.
//!
//! - [`graph`]: organization, domains, users, groups and members, service
//!   principals, directory roles, subscribed SKUs, directory subscriptions;
//! - [`arm`]: tenants, subscriptions, management groups, role definitions
//!   and assignments, classic administrators, the subscription policy.
//!
//! Lists come in pages: [`GraphPage`] (`@odata.nextLink`) and [`ArmPage`]
//! (`nextLink`); a page may be empty and still have a next link.

pub mod arm;
pub mod graph;

use serde::{Deserialize, Serialize};

/// One page of a Graph collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphPage<T> {
    /// The items of this page.
    #[serde(default = "Vec::new")]
    pub value: Vec<T>,
    /// The next page, exactly as Graph gives it.
    #[serde(
        rename = "@odata.nextLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next_link: Option<String>,
    /// A delta query's last page: the link to ask for changes since.
    #[serde(
        rename = "@odata.deltaLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delta_link: Option<String>,
}

/// One page of an ARM collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArmPage<T> {
    /// The items of this page.
    #[serde(default = "Vec::new")]
    pub value: Vec<T>,
    /// The next page, exactly as ARM gives it.
    #[serde(rename = "nextLink", default, skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
}

/// A page of either service: its items, where the next one is and, on a
/// delta query's last page, where the next round starts.
pub trait Page<T> {
    /// The items, the next link and the delta link, taken out of the page.
    fn into_parts(self) -> (Vec<T>, Option<String>, Option<String>);
}

impl<T> Page<T> for GraphPage<T> {
    fn into_parts(self) -> (Vec<T>, Option<String>, Option<String>) {
        (self.value, self.next_link, self.delta_link)
    }
}

impl<T> Page<T> for ArmPage<T> {
    fn into_parts(self) -> (Vec<T>, Option<String>, Option<String>) {
        (self.value, self.next_link, None)
    }
}

/// Graph's and ARM's error body: `{"error": {"code", "message"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// The error of an [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// The service's code, e.g. `Authorization_RequestDenied`.
    #[serde(default)]
    pub code: String,
    /// The service's message.
    #[serde(default)]
    pub message: String,
}
