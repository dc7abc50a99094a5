//! The resolved API model: plain data, serializable, ordered deterministically.

use crate::diag::Diagnostic;
use crate::edm::Primitive;
use crate::kinds::{Method, PermissionKind};
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

impl TypeUse {
    /// The type in CSDL notation (`Collection(Edm.String)`, `microsoft.graph.user`), with an
    /// unresolved element written as `unresolved` returns it. Every reader that prints a
    /// `TypeUse` goes through here; `Display` writes an unresolved element as `?text`.
    pub fn written(&self, unresolved: impl FnOnce(&str) -> String) -> String {
        let inner = match &self.ty {
            TypeRef::Primitive(p) => p.edm_name().to_owned(),
            TypeRef::Type(q) | TypeRef::Enum(q) => q.to_string(),
            TypeRef::Unresolved(s) => unresolved(s),
        };
        if self.collection {
            format!("Collection({inner})")
        } else {
            inner
        }
    }
}

impl fmt::Display for TypeUse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written(|s| format!("?{s}")))
    }
}

/// One namespace of the model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Namespace {
    /// `microsoft.graph.identityGovernance`.
    pub name: String,
}

/// A complex or entity type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypeDef {
    /// Its qualified name.
    pub name: QName,
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
    /// The annotation says `"openType": true`, or the page's title or introduction calls the
    /// type open: instances may carry undeclared properties. So may those of a type deriving
    /// from an open one: ask [`Api::is_open`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open_type: bool,
    /// The pages that define it.
    pub sources: Vec<Location>,
}

/// The "this type or any type derived from it" union of a base type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Polymorphic {
    /// The base itself first, then every type deriving from it (transitively), sorted.
    #[serde(deserialize_with = "variant_names")]
    pub variants: Vec<QName>,
}

/// Reads a union's variants: qualified names, or the `[name, Rust name]` pairs of dumps written
/// when the model carried Rust names (their second half is not the model's).
fn variant_names<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<QName>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Variant {
        Name(QName),
        Named(QName, serde::de::IgnoredAny),
    }
    let variants = Vec::<Variant>::deserialize(d)?;
    Ok(variants
        .into_iter()
        .map(|v| match v {
            Variant::Name(q) | Variant::Named(q, _) => q,
        })
        .collect())
}

/// A property of a type, or a parameter of an operation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Property {
    /// The wire name.
    pub name: String,
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
        /// Written as `'{x}'`: rendered with OData's escaping of `'`.
        quoted: bool,
    },
}

/// What the request body of an operation is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestBody {
    /// A JSON representation of a type.
    Type(TypeUse),
    /// A JSON object of named parameters (actions).
    Parameters {
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

impl Operation {
    /// The method and the literal words of the path (`get_users_item_messages`, see
    /// [`route_hint_of`](super::build::route_hint_of)): what tells routes apart whatever their
    /// parameter names, and what backends name a route from.
    pub fn route_hint(&self) -> String {
        let mut path = String::new();
        for piece in &self.pieces {
            match piece {
                PathPiece::Literal(s) => path.push_str(s),
                PathPiece::Param { .. } => path.push_str("{}"),
            }
        }
        super::build::route_hint_of(self.method, &path)
    }
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

    /// Whether instances of `t` may carry undeclared (dynamic) properties: `t` or one of its
    /// bases is open.
    pub fn is_open(&self, t: &TypeDef) -> bool {
        t.open_type || self.bases(t).iter().any(|b| b.open_type)
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
        let total = chain.iter().map(|t| t.properties.len()).sum();
        let mut out: Vec<&Property> = Vec::with_capacity(total);
        // A short list is searched faster than hashed; a long one must not be searched per
        // property (quadratic in the properties of a type).
        if total <= 32 {
            for p in chain.iter().flat_map(|t| &t.properties) {
                if !out.iter().any(|o| o.name == p.name) {
                    out.push(p);
                }
            }
        } else {
            let mut seen = std::collections::HashSet::with_capacity(total);
            for p in chain.iter().flat_map(|t| &t.properties) {
                if seen.insert(p.name.as_str()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_uses_are_written_in_csdl_notation() {
        let u = |ty, collection| TypeUse { ty, collection };
        let user = TypeRef::Type(QName::new("microsoft.graph", "user"));
        assert_eq!(
            u(user, true).to_string(),
            "Collection(microsoft.graph.user)"
        );
        let text = u(TypeRef::Primitive(Primitive::String), false).to_string();
        assert_eq!(text, "Edm.String");
        let unresolved = u(TypeRef::Unresolved("number".into()), true);
        assert_eq!(unresolved.to_string(), "Collection(?number)");
        assert_eq!(unresolved.written(str::to_owned), "Collection(number)");
    }
}
