//! The resolved API model: plain data, serializable, ordered deterministically.

use super::naming::RustName;
use crate::diag::Diagnostic;
use crate::kinds::{Method, PermissionKind};
use crate::parse::typeexpr::Primitive;
use crate::span::Location;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A namespace-qualified name, e.g. `microsoft.graph.identityGovernance.userProcessingResult`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QName {
    /// `microsoft.graph.identityGovernance`.
    pub namespace: String,
    /// `userProcessingResult`.
    pub name: String,
}

impl QName {
    /// A name in a namespace.
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        QName {
            namespace: namespace.into(),
            name: name.into(),
        }
    }

    /// Splits `a.b.c` at its last dot; a name without dots goes into `default_ns`.
    pub fn parse(text: &str, default_ns: &str) -> Self {
        let t = text.trim().trim_start_matches('#');
        match t.rsplit_once('.') {
            Some((ns, name)) if !ns.is_empty() && !name.is_empty() => QName::new(ns, name),
            _ => QName::new(default_ns, t),
        }
    }

    /// Lower-cased form for case-insensitive lookups.
    pub fn key(&self) -> String {
        format!("{}.{}", self.namespace, self.name).to_lowercase()
    }
}

impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.namespace, self.name)
    }
}

impl Serialize for QName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for QName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(QName::parse(&s, ""))
    }
}

/// What a property, parameter or response refers to.
// Adjacently tagged (`{kind, name}`): YAML enum tags cannot pass through the flattened `TypeUse`
// when a dump is read back.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "name")]
pub enum TypeRef {
    /// An `Edm.*` primitive.
    Primitive(Primitive),
    /// A complex or entity type of the model.
    Type(QName),
    /// An enum of the model.
    Enum(QName),
    /// Something the docs do not define; kept as its text (generated as untyped JSON).
    Unresolved(String),
}

/// A type with a collection flag, as properties and responses use it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TypeUse {
    /// The element type.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// A collection of it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collection: bool,
}

/// One namespace and the Rust module it becomes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Namespace {
    /// `microsoft.graph.identityGovernance`.
    pub name: String,
    /// Its Rust module name.
    pub rust: RustName,
}

/// A complex or entity type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypeDef {
    /// Its qualified name.
    pub name: QName,
    /// Its Rust type name, unique in its module.
    pub rust: RustName,
    /// The base type, if any (its properties are inherited).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<QName>,
    /// Description from its resource page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Properties declared on this type (not inherited ones), in page order.
    pub properties: Vec<Property>,
    /// Set when other types derive from this one: values declared as this type may be any of
    /// them, told apart by `@odata.type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub polymorphic: Option<Polymorphic>,
    /// The key property its resource page's annotation names (`"keyProperty": "id"`), or the
    /// metadata's `Key` (a composite key comma-separated): the type is an entity type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_property: Option<String>,
    /// The annotation says `"abstract": true`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_abstract: bool,
    /// The annotation says `"openType": true`: instances may carry undeclared properties.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open_type: bool,
    /// The pages that define it.
    pub sources: Vec<Location>,
}

/// The "this type or any type derived from it" union of a base type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Polymorphic {
    /// The Rust name of the union (`AnyDirectoryObject`).
    pub rust: RustName,
    /// The base itself first, then every type deriving from it (transitively), sorted: the
    /// qualified name and its variant name.
    pub variants: Vec<(QName, RustName)>,
}

/// A property of a type, or a parameter of an operation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Property {
    /// The wire name.
    pub name: String,
    /// The Rust field name, unique among the fields of every struct that contains it.
    pub rust: RustName,
    /// Its type.
    #[serde(flatten)]
    pub ty: TypeUse,
    /// `Required.` / `Optional.` as the docs mark it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Marked read-only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// Marked `Nullable` / `Not nullable`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nullable: Option<bool>,
    /// A navigation property (from a Relationships table).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub relationship: bool,
    /// The type the description says it is inherited from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inherited_from: Option<String>,
    /// Values listed in the description when the declared type is not an enum.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub possible_values: Vec<String>,
    /// The description, placeholders removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The destinations of the description's links, in order (the text keeps only theirs): a
    /// new target alone is a change of the description.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// Where the property is defined.
    pub source: Location,
}

/// An enum type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnumDef {
    /// Its qualified name.
    pub name: QName,
    /// Its Rust type name, unique in its module.
    pub rust: RustName,
    /// `unknownFutureValue` is a member: the service may add members.
    pub evolvable: bool,
    /// Member values are distinct powers of two: a flags enum.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub flags: bool,
    /// Members in docs order.
    pub members: Vec<EnumMember>,
    /// Description, if a page gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The pages that define it.
    pub sources: Vec<Location>,
}

/// A member of an enum.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnumMember {
    /// The wire name.
    pub name: String,
    /// The Rust variant name.
    pub rust: RustName,
    /// Its numeric value, where the docs give one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    /// Description, where the docs give one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A path parameter of a route.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathParam {
    /// The name inside `{}` as written.
    pub name: String,
    /// Its Rust field name.
    pub rust: RustName,
    /// Its type (`String` unless a parameter table types it).
    #[serde(rename = "type")]
    pub ty: TypeRef,
}

/// A piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PathPiece {
    /// Literal text, kept as written.
    Literal(String),
    /// A parameter, by index into the operation's `params`; quoted ones sit inside `'…'`.
    Param {
        /// Index into `params`.
        index: usize,
        /// Written as `'{x}'`: rendered with OData quote escaping.
        quoted: bool,
    },
}

/// What the request body of an operation is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestBody {
    /// A JSON representation of a type.
    Type(TypeUse),
    /// A JSON object of named parameters (actions), generated as a struct of its own.
    Parameters {
        /// The Rust name of the parameters struct.
        rust: RustName,
        /// The parameters.
        params: Vec<Property>,
    },
}

/// The documented success response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// Status code, e.g. 201.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The body type, if the page names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<TypeUse>,
    /// Only the response example's annotation (`@odata.type`) names the body; the prose does
    /// not. The changelog classes a change standing on it as a docs fix.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub annotated: bool,
}

/// One permission-type row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permission {
    /// "Delegated (work or school account)", "Application"…
    pub kind: PermissionKind,
    /// Permission names, least privileged first (only the least privileged ones when the page
    /// lists higher privileged ones apart).
    pub names: Vec<String>,
    /// The permissions the page lists as higher privileged (a `Higher privileged permissions`
    /// column), which also grant access.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub higher: Vec<String>,
    /// The row was a placeholder rather than a list.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub placeholder: bool,
    /// The row says "Not supported."
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_supported: bool,
}

/// One route of an API page: an HTTP method on a path template.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// The API page it comes from, e.g. `api/user-get.md`.
    pub page: String,
    /// The namespace of that page.
    pub namespace: String,
    /// The Rust name of its route stub, unique in its module.
    pub rust: RustName,
    /// The page title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The page summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// `GET`, `POST`…
    pub method: Method,
    /// The path template as documented.
    pub path: String,
    /// The template in pieces.
    pub pieces: Vec<PathPiece>,
    /// Path parameters in order of first appearance.
    pub params: Vec<PathParam>,
    /// Request body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<RequestBody>,
    /// Success response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
    /// Permissions, by permission type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<Permission>,
    /// Where the route line is.
    pub source: Location,
}

/// The whole API as the docs describe it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Api {
    /// Namespaces, sorted by name.
    pub namespaces: Vec<Namespace>,
    /// Types, sorted by qualified name.
    pub types: Vec<TypeDef>,
    /// Enums, sorted by qualified name.
    pub enums: Vec<EnumDef>,
    /// Operations, sorted by page then route order.
    pub operations: Vec<Operation>,
    /// Problems found in the pages and while resolving them, sorted by location.
    pub diagnostics: Vec<Diagnostic>,
}

impl Api {
    /// The type named `q`, if any.
    pub fn type_def(&self, q: &QName) -> Option<&TypeDef> {
        self.types
            .binary_search_by(|t| t.name.cmp(q))
            .ok()
            .map(|i| &self.types[i])
    }

    /// The enum named `q`, if any.
    pub fn enum_def(&self, q: &QName) -> Option<&EnumDef> {
        self.enums
            .binary_search_by(|t| t.name.cmp(q))
            .ok()
            .map(|i| &self.enums[i])
    }

    /// Every type and enum by name, types first: what a type name written anywhere can mean.
    pub fn named(&self) -> impl Iterator<Item = (&QName, TypeRef)> {
        let types = self
            .types
            .iter()
            .map(|t| (&t.name, TypeRef::Type(t.name.clone())));
        let enums = self
            .enums
            .iter()
            .map(|e| (&e.name, TypeRef::Enum(e.name.clone())));
        types.chain(enums)
    }

    /// The Rust module of namespace `ns`.
    pub fn module(&self, ns: &str) -> Option<&RustName> {
        self.namespaces
            .binary_search_by(|n| n.name.as_str().cmp(ns))
            .ok()
            .map(|i| &self.namespaces[i].rust)
    }

    /// The chain of base types of `t`, nearest first (cycles are cut).
    pub fn bases(&self, t: &TypeDef) -> Vec<&TypeDef> {
        let mut out: Vec<&TypeDef> = Vec::new();
        let mut next = t.base.as_ref();
        while let Some(q) = next {
            match self.type_def(q) {
                Some(b) if b.name != t.name && !out.iter().any(|o| o.name == b.name) => {
                    out.push(b);
                    next = b.base.as_ref();
                }
                _ => break,
            }
        }
        out
    }

    /// Every type deriving from `q`, directly or not, sorted by name. Walks every type's base
    /// chain: for many lookups, build a [`Hierarchy`] once.
    pub fn derived(&self, q: &QName) -> Vec<&TypeDef> {
        self.types
            .iter()
            .filter(|t| t.name != *q && self.bases(t).iter().any(|b| b.name == *q))
            .collect()
    }

    /// For every type (by index), the indices of the types deriving from it, sorted: one pass
    /// over the base chains instead of a search per type.
    pub fn derived_all(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.types.len()];
        for (i, t) in self.types.iter().enumerate() {
            for b in self.bases(t) {
                if let Ok(j) = self.types.binary_search_by(|x| x.name.cmp(&b.name)) {
                    out[j].push(i);
                }
            }
        }
        out
    }

    /// All properties of `t`, inherited ones first (root base first), as a struct holds them.
    pub fn all_properties<'a>(&'a self, t: &'a TypeDef) -> Vec<&'a Property> {
        let mut chain = self.bases(t);
        chain.reverse();
        chain.push(t);
        let mut out: Vec<&Property> = Vec::new();
        for ty in chain {
            for p in &ty.properties {
                if !out.iter().any(|o| o.name == p.name) {
                    out.push(p);
                }
            }
        }
        out
    }
}

/// The derived types of every type of an [`Api`], computed once: for checks that ask for them
/// per example value.
pub struct Hierarchy<'a> {
    api: &'a Api,
    derived: Vec<Vec<usize>>,
}

impl<'a> Hierarchy<'a> {
    /// The index over `api`.
    pub fn new(api: &'a Api) -> Self {
        Hierarchy {
            api,
            derived: api.derived_all(),
        }
    }

    /// Every type deriving from `q`, directly or not, sorted by name (as [`Api::derived`]).
    pub fn derived(&self, q: &QName) -> impl Iterator<Item = &'a TypeDef> + '_ {
        let i = self.api.types.binary_search_by(|t| t.name.cmp(q)).ok();
        let api = self.api;
        i.into_iter()
            .flat_map(move |i| self.derived[i].iter().map(move |&j| &api.types[j]))
    }
}
