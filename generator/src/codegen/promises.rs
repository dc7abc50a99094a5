//! What the generated code promises its users when the docs change. The changelog (`diff`)
//! classes a change as breaking or not by these facts; a test holds each one against the code
//! this stage emits, so a change of shape here moves the changelog's classes with it.

/// Shapes of the generated code that decide whether a change of the docs breaks a user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Promises {
    /// Every generated enum is `#[non_exhaustive]` and ends with `Other(String)`: a new member
    /// breaks no `match` and no value that parsed before.
    pub open_enums: bool,
    /// Every field of a generated struct (types and request parameter objects) is an `Option`
    /// and the structs derive `Default`: a new field breaks no deserialization and no value
    /// built with `..Default::default()`.
    pub optional_fields: bool,
    /// The union of a base type and its derived types is `#[non_exhaustive]`: a new derived
    /// type adds a variant no `match` depends on.
    pub open_unions: bool,
}

/// The promises the code generator keeps today.
pub const PROMISES: Promises = Promises {
    open_enums: true,
    optional_fields: true,
    open_unions: true,
};
