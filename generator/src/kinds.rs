//! The small fixed vocabularies every stage shares: the HTTP method of a route and the kind of
//! a permission row. Parse reads them from the page once; later stages match on the values,
//! never on text.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An HTTP method a route or an example request may use: the runtime's, so the generator and
/// the code it generates share one definition (names, order, serialized form).
pub use docgen_runtime::Method;

/// The access a permission row grants, from its permission type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Access {
    /// Delegated, for a work or school account.
    DelegatedWork,
    /// Delegated, for a personal Microsoft account.
    DelegatedPersonal,
    /// Application (app-only) access.
    Application,
    /// A permission type the reference does not name.
    Other,
}

/// The permission type of a permissions-table row: the access it grants, and its label as the
/// page writes it ("Delegated (work or school account)"), which is what is serialized.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PermissionKind {
    access: Access,
    label: String,
}

impl PermissionKind {
    /// The kind a label names: "application" anywhere makes it application access; "delegated"
    /// with "personal" a personal account's, "delegated" alone a work or school account's.
    pub fn from_label(label: impl Into<String>) -> Self {
        let label = label.into();
        let lower = label.to_lowercase();
        let access = if lower.contains("application") {
            Access::Application
        } else if lower.contains("delegated") && lower.contains("personal") {
            Access::DelegatedPersonal
        } else if lower.contains("delegated") {
            Access::DelegatedWork
        } else {
            Access::Other
        };
        PermissionKind { access, label }
    }

    /// The access it grants.
    pub fn access(&self) -> Access {
        self.access
    }

    /// The label as written.
    pub fn label(&self) -> &str {
        &self.label
    }
}

impl fmt::Display for PermissionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

impl Serialize for PermissionKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.label)
    }
}

impl<'de> Deserialize<'de> for PermissionKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(PermissionKind::from_label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_read_in_any_case_and_order_by_name() {
        assert_eq!(Method::from_name("pAtCh"), Some(Method::Patch));
        assert_eq!(Method::from_name("FETCH"), None);
        let mut all = Method::ALL;
        all.sort();
        let names: Vec<&str> = all.iter().map(|m| m.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        let json = serde_json::to_string(&Method::Delete).expect("json");
        assert_eq!(json, "\"DELETE\"");
        assert_eq!(
            serde_json::from_str::<Method>(&json).expect("reads"),
            Method::Delete
        );
    }

    #[test]
    fn permission_kinds_by_label() {
        let access = |l: &str| PermissionKind::from_label(l).access();
        assert_eq!(
            access("Delegated (work or school account)"),
            Access::DelegatedWork
        );
        assert_eq!(
            access("[Delegated permission](/x) (personal Microsoft account)"),
            Access::DelegatedPersonal
        );
        assert_eq!(access("Application"), Access::Application);
        assert_eq!(access("oauth2permissiongrant"), Access::Other);
        let k = PermissionKind::from_label("Application");
        let json = serde_json::to_string(&k).expect("json");
        assert_eq!(json, "\"Application\"");
        assert_eq!(
            serde_json::from_str::<PermissionKind>(&json).expect("reads"),
            k
        );
    }
}
