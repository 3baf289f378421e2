//! The walkthrough of the five source documents, told on the model: the
//! `walkthrough` example and `tenantry walkthrough` both run [`story::tell`].

pub mod story;
mod table;
