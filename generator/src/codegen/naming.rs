//! Turns wire names from the docs into Rust identifiers, and gives every item of a model its
//! Rust name: the [`RustPlan`], which codegen reads beside the model.
//!
//! This is the only place where doc text becomes an identifier: generated code
//! builds identifiers solely from [`RustName::ident`], so every name here is
//! checked to be a valid, non-shadowing Rust identifier whatever the input.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::diag::{Diagnostic, RESERVED, Severity};
use crate::model::{Api, Operation, Property, QName, RequestBody, TypeDef};
use crate::span::Location;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// The kind of Rust item a name is for; decides the case convention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum NameKind {
    /// A struct or enum: `UpperCamelCase`.
    Type,
    /// An enum variant: `UpperCamelCase`.
    Variant,
    /// A struct field: `snake_case`.
    Field,
    /// A module: `snake_case`.
    Module,
    /// A function or method: `snake_case`.
    Function,
    /// A constant: `SHOUTY_SNAKE_CASE`.
    Const,
}

/// Case conversion, fallback for empty names, prefix for a leading digit,
/// and separator before a collision number, for one kind.
type Style = (fn(&str) -> String, &'static str, &'static str, &'static str);

impl NameKind {
    fn style(self) -> Style {
        match self {
            Self::Type | Self::Variant => (str::to_upper_camel_case, "Unnamed", "X", ""),
            Self::Field | Self::Module | Self::Function => {
                (str::to_snake_case, "unnamed", "x_", "_")
            }
            Self::Const => (str::to_shouty_snake_case, "UNNAMED", "X_", "_"),
        }
    }
}

/// A Rust identifier made from a wire name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RustName {
    /// The identifier without any `r#` prefix.
    pub name: String,
    /// Whether the identifier must be written raw (`r#type`) because it is a keyword.
    pub raw: bool,
}

impl RustName {
    /// The identifier as a token, at `Span::call_site()`.
    ///
    /// # Panics
    ///
    /// Only if the fields were set by hand to something that is not an
    /// identifier; names from [`rust_name`] and [`Scope`] never panic.
    pub fn ident(&self) -> Ident {
        if self.raw {
            Ident::new_raw(&self.name, Span::call_site())
        } else {
            Ident::new(&self.name, Span::call_site())
        }
    }

    /// The identifier without the `r#` prefix.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    // Every name, including suffixed ones, goes through here so the raw flag
    // always matches the final spelling.
    fn finish(name: String) -> Self {
        let raw = is_keyword(&name);
        RustName { name, raw }
    }
}

impl fmt::Display for RustName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.raw {
            f.write_str("r#")?;
        }
        f.write_str(&self.name)
    }
}

impl<'de> serde::Deserialize<'de> for RustName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <String as serde::Deserialize>::deserialize(d)?;
        Ok(match s.strip_prefix("r#") {
            Some(name) => RustName {
                name: name.to_owned(),
                raw: true,
            },
            None => RustName {
                name: s,
                raw: false,
            },
        })
    }
}

// Serialized as written in code (`r#type`): model dumps stay one line per name.
impl serde::Serialize for RustName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl quote::ToTokens for RustName {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        self.ident().to_tokens(tokens);
    }
}

/// Strict and reserved keywords of edition 2024; these need `r#`.
/// Weak keywords (`union`, `macro_rules`, `raw`, `safe`) are valid identifiers.
#[rustfmt::skip]
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers, so they get a `_` suffix instead.
const NOT_RAW: &[&str] = &["self", "Self", "crate", "super", "_"];

/// Prelude and derive names the generated code uses unqualified; a type with
/// one of these names would shadow it in the generated module.
#[rustfmt::skip]
const SHADOWED_TYPES: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "Vec", "String", "Box", "Default", "Clone",
    "Debug", "PartialEq", "Eq", "PartialOrd", "Ord", "Hash", "Serialize", "Deserialize", "Send",
    "Sync", "Sized", "Unpin", "Copy", "Display", "FromStr", "ToString", "ToOwned", "AsRef", "AsMut",
    "Iterator", "IntoIterator", "Extend", "Into", "From", "TryFrom", "TryInto", "Fn", "FnMut",
    "FnOnce", "Drop",
];

/// Crate names that a same-named module would make ambiguous in `use` paths.
const SHADOWED_MODULES: &[&str] = &["std", "core", "alloc", "serde", "serde_json"];

fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Common Latin letters with diacritics (lower case) and their ASCII base.
#[rustfmt::skip]
const FOLDS: &[(&str, &str)] = &[
    ("àáâãäåāăą", "a"), ("æ", "ae"), ("çćč", "c"), ("ďđð", "d"), ("èéêëēėęě", "e"), ("ğ", "g"),
    ("ìíîïīįı", "i"), ("łľ", "l"), ("ñńň", "n"), ("òóôõöøōő", "o"), ("œ", "oe"), ("ř", "r"),
    ("śšş", "s"), ("ß", "ss"), ("ťţ", "t"), ("þ", "th"), ("ùúûüūůűų", "u"), ("ýÿ", "y"), ("źżž", "z"),
];

/// Folds a non-ASCII letter to ASCII, keeping its case, if it is a common
/// Latin letter with a diacritic; anything else becomes a separator.
fn fold(c: char, out: &mut String) {
    let lower = c.to_lowercase().next().unwrap_or(c);
    let base = FOLDS
        .iter()
        .find(|(from, _)| from.contains(lower))
        .map_or(" ", |(_, to)| to);
    if c.is_uppercase() {
        out.push_str(&base.to_ascii_uppercase());
    } else {
        out.push_str(base);
    }
}

/// Keeps ASCII letters, digits and `_`; everything else separates words, so
/// no punctuation from the docs can reach the generated tokens.
fn clean(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    for c in wire.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            fold(c, &mut out);
        }
    }
    out
}

/// Converts a wire name into a valid Rust identifier for an item of `kind`.
///
/// Never panics; the result always satisfies `Ident::new`/`Ident::new_raw`.
pub fn rust_name(wire: &str, kind: NameKind) -> RustName {
    let (convert, fallback, digit_prefix, _) = kind.style();
    let mut name = convert(&clean(wire));
    // heck drops separators, so only an all-`_` name can come out empty.
    if name.trim_matches('_').is_empty() {
        name = fallback.to_owned();
    }
    // A `_` prefix would trip `used_underscore_binding`, so use `x`.
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, digit_prefix);
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    // Variants are always written `Enum::Variant` (and `Self::Variant`), so a
    // variant named `None` or `Ok` cannot shadow the prelude; keep it as is.
    match kind {
        NameKind::Type if SHADOWED_TYPES.contains(&name.as_str()) => name.push_str("Type"),
        NameKind::Module if SHADOWED_MODULES.contains(&name.as_str()) => name.push('_'),
        _ => {}
    }
    RustName::finish(name)
}

/// Allocates unique Rust names within one scope (the fields of a struct, the variants of an enum, the items of a module).
#[derive(Debug, Clone)]
pub struct Scope {
    kind: NameKind,
    /// Rust name (without `r#`) to the wire name and source that claimed it.
    used: BTreeMap<String, (String, String)>,
}

impl Scope {
    /// An empty scope whose names are all of `kind`.
    pub fn new(kind: NameKind) -> Self {
        Scope {
            kind,
            used: BTreeMap::new(),
        }
    }

    /// Marks a Rust name as taken (e.g. the enum's catch-all `Other` variant) so no wire name is given it.
    pub fn reserve(&mut self, rust: &str) {
        let rust = rust.strip_prefix("r#").unwrap_or(rust);
        self.used
            .insert(rust.to_owned(), (RESERVED.to_owned(), RESERVED.to_owned()));
    }

    /// Gives `wire` (found at `source`, a human-readable location like "api/x.md:12:3") a unique name in this scope.
    pub fn allocate(&mut self, wire: &str, source: &str) -> Allocated {
        let base = rust_name(wire, self.kind);
        let Some((first_wire, first_source)) = self.used.get(base.as_str()).cloned() else {
            self.claim(&base, wire, source);
            return Allocated {
                name: base,
                collision: None,
            };
        };
        let (_, _, _, sep) = self.kind.style();
        // A name that already ends in `_` (`self_`) takes the number directly, since `self__2`
        // is not snake case; the camel-case form drops its `_`, since `Self_2` is not camel case.
        let (stem, sep) = match base.name.strip_suffix('_') {
            Some(stem) if sep.is_empty() => (stem, ""),
            Some(_) => (base.name.as_str(), ""),
            None => (base.name.as_str(), sep),
        };
        // Finite: each step tests a new string and `used` is finite.
        let renamed = (2u64..)
            .map(|n| RustName::finish(format!("{stem}{sep}{n}")))
            .find(|cand| !self.used.contains_key(cand.as_str()))
            .unwrap_or_else(|| base.clone());
        self.claim(&renamed, wire, source);
        let collision = Collision {
            rust: base.to_string(),
            first_wire,
            first_source,
            second_wire: wire.to_owned(),
            second_source: source.to_owned(),
            renamed_to: renamed.to_string(),
        };
        Allocated {
            name: renamed,
            collision: Some(collision),
        }
    }

    fn claim(&mut self, name: &RustName, wire: &str, source: &str) {
        self.used
            .insert(name.name.clone(), (wire.to_owned(), source.to_owned()));
    }
}

/// The result of [`Scope::allocate`]: the name given, and the collision if it had to be renamed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Allocated {
    /// The unique name given to the wire name.
    pub name: RustName,
    /// Set when the natural name was taken and a suffix was added.
    pub collision: Option<Collision>,
}

/// Two wire names that map to the same Rust name; the later one was renamed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Collision {
    /// The Rust name both map to, as written in code (`r#type`).
    pub rust: String,
    /// The wire name that got the name first, or `(reserved)`.
    pub first_wire: String,
    /// Where the first wire name was found, or `(reserved)`.
    pub first_source: String,
    /// The wire name that was renamed.
    pub second_wire: String,
    /// Where the renamed wire name was found.
    pub second_source: String,
    /// The name the second wire name was given instead.
    pub renamed_to: String,
}

impl From<Collision> for crate::diag::Detail {
    fn from(c: Collision) -> Self {
        crate::diag::Detail::NameCollision {
            rust: c.rust,
            first_wire: c.first_wire,
            first_source: c.first_source,
            second_wire: c.second_wire,
            second_source: c.second_source,
            renamed_to: c.renamed_to,
        }
    }
}

/// A name of the model and the Rust name it was given.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Named<N = String> {
    /// The name in the model: a namespace, property, member, parameter or type name.
    pub name: N,
    /// Its Rust name.
    pub rust: RustName,
}

/// The Rust names of a complex or entity type.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TypeNames {
    /// The type.
    pub name: QName,
    /// Its struct, unique in its module.
    pub rust: RustName,
    /// Its own properties' fields, in the order of `TypeDef::properties`: unique among the
    /// fields of every struct that holds them (derived structs flatten inherited fields in).
    pub fields: Vec<Named>,
    /// Its union with the types deriving from it, when the model has one
    /// (`TypeDef::polymorphic`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub union: Option<UnionNames>,
}

/// The Rust names of a "this type or a derived one" union.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct UnionNames {
    /// The enum (`AnyDirectoryObject`), unique in its module.
    pub rust: RustName,
    /// Its variants, in the order of `Polymorphic::variants`.
    pub variants: Vec<Named<QName>>,
}

impl UnionNames {
    /// The variant name of each of `variants`, which is this union's variants or a selection
    /// of them in the same order (`model::select` keeps a subsequence).
    pub fn of<'a>(&'a self, variants: &[QName]) -> Vec<Option<&'a RustName>> {
        let mut named = self.variants.iter();
        variants
            .iter()
            .map(|q| named.by_ref().find(|v| v.name == *q).map(|v| &v.rust))
            .collect()
    }
}

/// The Rust names of an enum.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct EnumNames {
    /// The enum.
    pub name: QName,
    /// Its Rust enum, unique in its module.
    pub rust: RustName,
    /// Its variants, in the order of `EnumDef::members` (`Other` is reserved).
    pub members: Vec<Named>,
}

/// The Rust names of a route.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RouteNames {
    /// The route's method, for reading the plan.
    pub method: crate::kinds::Method,
    /// The route's path template, for reading the plan.
    pub path: String,
    /// Its stub struct, unique in its namespace's `routes` module.
    pub stub: RustName,
    /// The fields of its path parameters, in the order of `Operation::params`.
    pub params: Vec<Named>,
    /// Its request body's parameters struct, when the body is named parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<BodyNames>,
}

/// The Rust names of a request body of named parameters.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct BodyNames {
    /// The struct, unique in the `routes` module beside the stubs.
    pub rust: RustName,
    /// Its fields, in the order of the body's parameters.
    pub fields: Vec<Named>,
}

/// Every Rust name codegen gives a model, as plain data beside it: what `docgen model --rust`
/// prints. Namespaces, types and enums are looked up by name; routes are in the order of the
/// model's operations, and the members, fields and parameters of an item in the order of the
/// item's.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct RustPlan {
    /// The module of each namespace, sorted by namespace.
    pub modules: Vec<Named>,
    /// The names of each type, sorted by qualified name.
    pub types: Vec<TypeNames>,
    /// The names of each enum, sorted by qualified name.
    pub enums: Vec<EnumNames>,
    /// The names of each route, in the order of `Api::operations`.
    pub routes: Vec<RouteNames>,
    /// Two names of the model that map to one Rust name, sorted by location: the later one was
    /// renamed (`NameCollision`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

/// Names items into scopes, and reports what had to be renamed.
#[derive(Default)]
struct Namer {
    diagnostics: Vec<Diagnostic>,
}

impl Namer {
    /// Gives `wire` its name in `scope`; a collision is reported at `at`.
    fn name(&mut self, scope: &mut Scope, wire: &str, source: &str, at: &Location) -> RustName {
        let a = scope.allocate(wire, source);
        if let Some(c) = a.collision {
            // Taking a name docgen reserves (the enum catch-all `Other`) is not a docs problem.
            let severity = if c.first_source == RESERVED {
                Severity::Note
            } else {
                Severity::Warning
            };
            self.diagnostics
                .push(Diagnostic::warning(&at.file, at.at, c.into()).with_severity(severity));
        }
        a.name
    }

    /// [`Namer::name`] of an item found at `at`, which is also its source.
    fn at(&mut self, scope: &mut Scope, wire: &str, at: &Location) -> RustName {
        self.name(scope, wire, &at.to_string(), at)
    }
}

/// The scope of the items of namespace `ns`'s module (or of its `routes` module).
fn scope_of<'s>(scopes: &'s mut HashMap<String, Scope>, ns: &str) -> &'s mut Scope {
    scopes
        .entry(ns.to_owned())
        .or_insert_with(|| Scope::new(NameKind::Type))
}

impl RustPlan {
    /// The naming pass: gives every namespace, type, union, enum, member, property, route and
    /// parameter of `api` its Rust name, in model order, so the names depend on nothing but the
    /// model. Names that collide are renamed and reported.
    pub fn new(api: &Api) -> Self {
        let mut namer = Namer::default();
        let mut crate_scope = Scope::new(NameKind::Module);
        crate_scope.reserve("routes");
        let modules = api
            .namespaces
            .iter()
            .map(|ns| Named {
                name: ns.name.clone(),
                rust: namer.name(&mut crate_scope, &ns.name, &ns.name, &Location::default()),
            })
            .collect();

        let mut scopes: HashMap<String, Scope> = HashMap::new();
        let first = |sources: &[Location]| sources.first().cloned().unwrap_or_default();
        let type_names: Vec<RustName> = api
            .types
            .iter()
            .map(|t| {
                let scope = scope_of(&mut scopes, &t.name.namespace);
                namer.at(scope, &t.name.name, &first(&t.sources))
            })
            .collect();
        // "This type or a derived one" unions, named after the types they hold.
        let unions: Vec<Option<UnionNames>> = api
            .types
            .iter()
            .map(|t| {
                let poly = t.polymorphic.as_ref()?;
                let src = first(&t.sources);
                let scope = scope_of(&mut scopes, &t.name.namespace);
                let rust = namer.at(scope, &format!("any_{}", t.name.name), &src);
                let mut scope = Scope::new(NameKind::Variant);
                let variants = poly
                    .variants
                    .iter()
                    .map(|q| Named {
                        name: q.clone(),
                        rust: namer.name(&mut scope, &q.name, &q.to_string(), &src),
                    })
                    .collect();
                Some(UnionNames { rust, variants })
            })
            .collect();
        let enums = api
            .enums
            .iter()
            .map(|e| {
                let src = first(&e.sources);
                let scope = scope_of(&mut scopes, &e.name.namespace);
                let rust = namer.at(scope, &e.name.name, &src);
                let mut scope = Scope::new(NameKind::Variant);
                scope.reserve("Other");
                let members = e
                    .members
                    .iter()
                    .map(|m| Named {
                        name: m.name.clone(),
                        rust: namer.name(&mut scope, &m.name, &src.to_string(), &src),
                    })
                    .collect();
                EnumNames {
                    name: e.name.clone(),
                    rust,
                    members,
                }
            })
            .collect();

        // Fields: a type's own properties are named in a scope that already holds every
        // inherited field, so flattening never produces two fields of one name. Bases are named
        // first.
        let mut fields: Vec<Vec<Named>> = vec![Vec::new(); api.types.len()];
        for idx in base_first_order(api) {
            let mut scope = Scope::new(NameKind::Field);
            // Every struct carries its `@odata.type` discriminator as `odata_type`.
            scope.reserve("odata_type");
            for b in api.bases(&api.types[idx]) {
                let Ok(i) = api.types.binary_search_by(|t| t.name.cmp(&b.name)) else {
                    continue;
                };
                for f in &fields[i] {
                    scope.reserve(f.rust.as_str());
                }
            }
            fields[idx] = api.types[idx]
                .properties
                .iter()
                .map(|p| field(&mut namer, &mut scope, p))
                .collect();
        }
        let types = api
            .types
            .iter()
            .zip(type_names)
            .zip(unions)
            .zip(fields)
            .map(|(((t, rust), union), fields)| TypeNames {
                name: t.name.clone(),
                rust,
                fields,
                union,
            })
            .collect();

        // Route stubs are named after the operation their page documents, and told apart by
        // their paths where several share it (`route_stub_wires`).
        let mut scopes: HashMap<String, Scope> = HashMap::new();
        let wires = route_stub_wires(api);
        let routes = api
            .operations
            .iter()
            .zip(wires)
            .map(|(op, wire)| {
                let scope = scope_of(&mut scopes, &op.namespace);
                let stub = namer.at(scope, &wire, &op.source);
                let body = match &op.request {
                    Some(RequestBody::Parameters { .. }) => {
                        Some(namer.at(scope, &format!("{wire} body"), &op.source))
                    }
                    _ => None,
                };
                let mut scope = Scope::new(NameKind::Field);
                let params = op
                    .params
                    .iter()
                    .map(|p| Named {
                        name: p.name.clone(),
                        rust: namer.at(&mut scope, &p.name, &op.source),
                    })
                    .collect();
                let body = body.map(|rust| {
                    let mut scope = Scope::new(NameKind::Field);
                    let fields = match &op.request {
                        Some(RequestBody::Parameters { params }) => params
                            .iter()
                            .map(|p| field(&mut namer, &mut scope, p))
                            .collect(),
                        _ => Vec::new(),
                    };
                    BodyNames { rust, fields }
                });
                RouteNames {
                    method: op.method,
                    path: op.path.clone(),
                    stub,
                    params,
                    body,
                }
            })
            .collect();
        let mut diagnostics = namer.diagnostics;
        diagnostics.sort();
        diagnostics.dedup();
        RustPlan {
            modules,
            types,
            enums,
            routes,
            diagnostics,
        }
    }

    /// This plan of `full` for `part`, a selection of it (`model::select`): every item keeps the
    /// name it has in the whole model, so a selection never renames what it keeps. A `part` that
    /// is not a selection of `full` is named on its own.
    pub fn restrict(&self, full: &Api, part: &Api) -> RustPlan {
        // A selection keeps routes in model order: each is found after the one before.
        let mut named = full.operations.iter().zip(&self.routes);
        let routes: Option<Vec<RouteNames>> = part
            .operations
            .iter()
            .map(|op| {
                named
                    .by_ref()
                    .find(|(o, _)| *o == op)
                    .map(|(_, r)| r.clone())
            })
            .collect();
        match routes {
            Some(routes) => RustPlan {
                routes,
                ..self.clone()
            },
            None => RustPlan::new(part),
        }
    }

    /// The module of namespace `ns`.
    pub fn module(&self, ns: &str) -> Option<&RustName> {
        let i = self
            .modules
            .binary_search_by(|m| m.name.as_str().cmp(ns))
            .ok()?;
        Some(&self.modules[i].rust)
    }

    /// The names of type `q`.
    pub fn type_names(&self, q: &QName) -> Option<&TypeNames> {
        let i = self.types.binary_search_by(|t| t.name.cmp(q)).ok()?;
        Some(&self.types[i])
    }

    /// The names of enum `q`.
    pub fn enum_names(&self, q: &QName) -> Option<&EnumNames> {
        let i = self.enums.binary_search_by(|e| e.name.cmp(q)).ok()?;
        Some(&self.enums[i])
    }

    /// The fields of `t`'s struct: [`Api::all_properties`], each with its Rust name (the one
    /// the type declaring it gave it). A property whose declaring type has no names here is left
    /// out.
    pub fn fields<'a>(&'a self, api: &'a Api, t: &'a TypeDef) -> Vec<(&'a Property, &'a RustName)> {
        let mut owners: Vec<(&TypeDef, &TypeNames)> = Vec::new();
        for d in std::iter::once(t).chain(api.bases(t)) {
            if let Some(n) = self.type_names(&d.name) {
                owners.push((d, n));
            }
        }
        api.all_properties(t)
            .into_iter()
            .filter_map(|p| {
                owners.iter().find_map(|(d, n)| {
                    let i = index_in(&d.properties, p)?;
                    Some((p, &n.fields.get(i)?.rust))
                })
            })
            .collect()
    }
}

/// The index of `item` in `items`, when it is a reference into `items`: the model's lookups
/// (`Api::all_properties`) hand out references into the declaring item's own list.
pub fn index_in<T>(items: &[T], item: &T) -> Option<usize> {
    if !items.as_ptr_range().contains(&std::ptr::from_ref(item)) {
        return None;
    }
    items.iter().position(|x| std::ptr::eq(x, item))
}

/// The words of the operation a route's page documents, which name its stub: the page title
/// without asides in parentheses, articles and a trailing `action` or `function` (`Get a user` →
/// `Get user`, `user: delta` → `user delta`, `wipe action` → `wipe`), a qualified type name as
/// its last part and a collection of a type as the type (metadata titles a bound operation
/// `microsoft.graph.user: delta` or `Collection(microsoft.graph.user): delta`). `None` when no
/// word is left.
fn operation_words(title: &str) -> Option<String> {
    let mut plain = String::with_capacity(title.len());
    // The depth of parentheses, and at which depths a `Collection(` is open (kept, not an aside).
    let (mut depth, mut kept) = (0usize, Vec::new());
    for (i, c) in title.char_indices() {
        match c {
            '(' if depth == 0 && title[..i].to_ascii_lowercase().ends_with("collection") => {
                plain.truncate(plain.len() - "collection".len());
                depth += 1;
                kept.push(depth);
            }
            '(' => depth += 1,
            ')' => {
                if kept.last() == Some(&depth) {
                    kept.pop();
                }
                depth = depth.saturating_sub(1);
            }
            _ if depth == 0 || kept.last() == Some(&depth) => plain.push(c),
            _ => {}
        }
    }
    let mut words: Vec<&str> = plain
        .split(|c: char| c.is_whitespace() || c == ':')
        .filter(|w| !w.is_empty())
        .map(|w| w.rsplit('.').find(|part| !part.is_empty()).unwrap_or(w))
        .collect();
    if words.len() > 1
        && words
            .last()
            .is_some_and(|w| w.eq_ignore_ascii_case("action") || w.eq_ignore_ascii_case("function"))
    {
        words.pop();
    }
    words.retain(|w| !["a", "an", "the"].iter().any(|a| w.eq_ignore_ascii_case(a)));
    let words = words.join(" ");
    words.chars().any(|c| c.is_alphanumeric()).then_some(words)
}

/// A segment of a route's path in lower case, with the number of times it came before in the
/// path: what makes two routes' segments the same.
type SegmentKey = (String, usize);

/// One segment of a route's path, as its name tells routes apart.
struct Segment {
    /// What makes it the same as another route's segment.
    key: SegmentKey,
    /// Its words in lower case (`mailFolders` → `mail`, `folders`).
    words: Vec<String>,
}

/// The segments of a route's path that can tell it from other routes of its operation: the
/// literal segments of its route hint, and, when `exact`, `item` for each parameter segment and
/// its method last.
fn path_segments(op: &Operation, exact: bool) -> Vec<Segment> {
    let hint = op.route_hint();
    let mut parts = hint.split('_');
    let method = parts.next().unwrap_or_default();
    let mut segments: Vec<Segment> = Vec::new();
    let mut push = |part: &str| {
        let key = part.to_lowercase();
        let seen = segments.iter().filter(|s| s.key.0 == key).count();
        let words = part
            .to_snake_case()
            .split('_')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        segments.push(Segment {
            key: (key, seen),
            words,
        });
    };
    for part in parts {
        if part != "item" || exact {
            push(part);
        }
    }
    if exact {
        push(method);
    }
    segments
}

/// For each of `routes`, the words of its path that the others do not all share: each segment
/// not every route has (and each of `kept`'s, by route), as its words not in every route's path,
/// or whole when all its words are (`/groups/{id}/onenote/sectionGroups` beside
/// `/me/onenote/sectionGroups` keeps `groups`); with the segments given.
fn telling_words(
    api: &Api,
    routes: &[usize],
    exact: bool,
    kept: &[Vec<SegmentKey>],
) -> Vec<(Vec<SegmentKey>, Vec<String>)> {
    let segments: Vec<Vec<Segment>> = routes
        .iter()
        .map(|&i| path_segments(&api.operations[i], exact))
        .collect();
    let shared_keys = in_every(segments.iter().map(|s| s.iter().map(|s| s.key.clone())));
    let shared_words = in_every(
        segments
            .iter()
            .map(|s| s.iter().flat_map(|s| s.words.clone())),
    );
    segments
        .into_iter()
        .enumerate()
        .map(|(m, segs)| {
            let (mut keys, mut words) = (Vec::new(), Vec::new());
            for seg in segs {
                let keep = kept.get(m).is_some_and(|k| k.contains(&seg.key));
                if !keep && shared_keys.contains(&seg.key) {
                    continue;
                }
                let own: Vec<String> = (seg.words.iter())
                    .filter(|w| !shared_words.contains(w))
                    .cloned()
                    .collect();
                words.extend(if own.is_empty() { seg.words } else { own });
                keys.push(seg.key);
            }
            (keys, words)
        })
        .collect()
}

/// The items that every one of `lists` has.
fn in_every<T: PartialEq, I: IntoIterator<Item = T>>(lists: impl IntoIterator<Item = I>) -> Vec<T> {
    let mut lists = lists.into_iter().map(|l| l.into_iter().collect::<Vec<T>>());
    let first = lists.next().unwrap_or_default();
    lists.fold(first, |shared, list| {
        shared.into_iter().filter(|x| list.contains(x)).collect()
    })
}

/// The name to give each route's stub, in the order of `Api::operations`, as words for
/// [`Scope::allocate`]. A route is named after the operation its page documents
/// ([`operation_words`]: `GET /users/{id}` on "Get user" → `GetUser`); the routes of one
/// namespace whose operations have one name are told apart by the words of their paths that
/// not all of them share ([`telling_words`]: `GetPhotoMePhoto`, `GetPhotoUsersPhoto`,
/// `GetPhotoMePhotoValue` for `/me/photo`, `/users/{id}/photo`, `/me/photo/$value`); those still
/// alike add their parameter segments and methods (`GetPhotoMePhotosItem` for
/// `/me/photos/{size}` beside `/me/photos`). A route whose page has no title, or that is still
/// alike, keeps its route hint (`get_me_photos_item`).
fn route_stub_wires(api: &Api) -> Vec<String> {
    let mut wires: Vec<String> = api.operations.iter().map(Operation::route_hint).collect();
    let mut groups: BTreeMap<(&str, String), Vec<(usize, String)>> = BTreeMap::new();
    for (i, op) in api.operations.iter().enumerate() {
        if let Some(words) = op.title.as_deref().and_then(operation_words) {
            let key = rust_name(&words, NameKind::Type).name;
            groups
                .entry((op.namespace.as_str(), key))
                .or_default()
                .push((i, words));
        }
    }
    // The members of `names` whose Rust name another one has too.
    let alike = |names: &[String]| -> Vec<usize> {
        let keys: Vec<String> = (names.iter())
            .map(|n| rust_name(n, NameKind::Type).name)
            .collect();
        (0..keys.len())
            .filter(|&m| keys.iter().filter(|k| **k == keys[m]).count() > 1)
            .collect()
    };
    for members in groups.into_values() {
        if let [(i, words)] = members.as_slice() {
            wires[*i] = words.clone();
            continue;
        }
        let ids: Vec<usize> = members.iter().map(|(i, _)| *i).collect();
        let name = |m: usize, words: &[String]| {
            let mut wire = members[m].1.clone();
            for w in words {
                wire.push(' ');
                wire.push_str(w);
            }
            wire
        };
        let told = telling_words(api, &ids, false, &[]);
        let mut names: Vec<String> = (told.iter().enumerate())
            .map(|(m, (_, words))| name(m, words))
            .collect();
        let still = alike(&names);
        if !still.is_empty() {
            // Told apart among themselves, keeping what told them from the others.
            let among: Vec<usize> = still.iter().map(|&m| ids[m]).collect();
            let kept: Vec<Vec<SegmentKey>> = still.iter().map(|&m| told[m].0.clone()).collect();
            for (&m, (_, words)) in still.iter().zip(telling_words(api, &among, true, &kept)) {
                names[m] = name(m, &words);
            }
        }
        let still = alike(&names);
        for (m, name) in names.into_iter().enumerate() {
            if !still.contains(&m) {
                wires[ids[m]] = name;
            }
        }
    }
    wires
}

/// A property's field in `scope`.
fn field(namer: &mut Namer, scope: &mut Scope, p: &Property) -> Named {
    Named {
        name: p.name.clone(),
        rust: namer.at(scope, &p.name, &p.source),
    }
}

/// Type indices ordered so that every base comes before the types deriving from it.
fn base_first_order(api: &Api) -> Vec<usize> {
    let mut depth: Vec<(usize, usize)> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (api.bases(t).len(), i))
        .collect();
    depth.sort();
    depth.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use NameKind::*;

    /// Checks `(wire, kind, expected Display)` rows.
    fn check(rows: &[(&str, NameKind, &str)]) {
        for (wire, kind, want) in rows {
            let got = rust_name(wire, *kind).to_string();
            assert_eq!(got, *want, "{wire:?} as {kind:?}");
        }
    }

    fn collision(a: Allocated) -> Collision {
        a.collision
            .unwrap_or_else(|| panic!("expected a collision"))
    }

    #[test]
    #[rustfmt::skip]
    fn cases_per_kind() {
        check(&[
            ("createdDateTime", Field, "created_date_time"), ("createdDateTime", Function, "created_date_time"),
            ("createdDateTime", Const, "CREATED_DATE_TIME"), ("unknownFutureValue", Variant, "UnknownFutureValue"),
            ("threatAssessmentResultType", Type, "ThreatAssessmentResultType"),
            ("microsoft.graph.identityGovernance", Module, "microsoft_graph_identity_governance"),
            // Pinned heck behaviour on acronyms: a capital run is one word,
            // except its last capital when a lower-case letter follows.
            ("IPv4Range", Field, "i_pv4_range"), ("IPv4Range", Type, "IPv4Range"),
            ("URL", Field, "url"), ("URL", Type, "Url"), ("URL", Const, "URL"), ("ID", Type, "Id"),
            ("iOSDevice", Field, "i_os_device"), ("iOSDevice", Type, "IOsDevice"),
            ("HTTPSConnection", Field, "https_connection"), ("v2Beta", Field, "v2_beta"),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn punctuation_and_injection_separate_words() {
        check(&[
            ("x; fn evil() {}", Field, "x_fn_evil"), ("x; fn evil() {}", Type, "XFnEvil"),
            ("a-b", Field, "a_b"), ("@odata.type", Field, "odata_type"),
            ("a\"b\\c'd/e*f", Field, "a_b_c_d_e_f"), ("foo bar\tbaz\n", Const, "FOO_BAR_BAZ"),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn unicode_is_folded_or_separates() {
        check(&[
            ("ünïcode", Field, "unicode"), ("Ünïcode", Type, "Unicode"), ("straße", Field, "strasse"),
            ("señorCafé", Field, "senor_cafe"), ("a中b", Field, "a_b"), ("emoji🎉name", Field, "emoji_name"),
        ]);
    }

    #[test]
    fn empty_gets_fallback() {
        for wire in ["", "***", "中文", "*/", "_", "___", " "] {
            check(&[(wire, Field, "unnamed"), (wire, Type, "Unnamed")]);
            check(&[(wire, Variant, "Unnamed"), (wire, Const, "UNNAMED")]);
        }
    }

    #[test]
    #[rustfmt::skip]
    fn leading_digit_gets_prefix() {
        // heck keeps a leading digit run attached to the following letters.
        check(&[
            ("0day", Field, "x_0day"), ("0day", Type, "X0day"), ("0day", Const, "X_0DAY"),
            ("365Days", Field, "x_365days"), ("365Days", Variant, "X365days"),
            ("2FA", Module, "x_2fa"), ("2FA", Type, "X2fa"), ("2FA", Const, "X_2FA"), ("-1", Field, "x_1"),
        ]);
    }

    #[test]
    fn keywords_become_raw() {
        for kw in [
            "type", "gen", "async", "await", "dyn", "try", "abstract", "become",
        ] {
            let name = rust_name(kw, Field);
            assert!(name.raw, "{kw}");
            assert_eq!(name.as_str(), kw);
            assert_eq!(name.ident().to_string(), format!("r#{kw}"));
        }
        check(&[("Type", Field, "r#type"), ("Match", Function, "r#match")]);
        check(&[("union", Field, "union"), ("Type", Type, "Type")]);
    }

    #[test]
    #[rustfmt::skip]
    fn non_raw_keywords_get_suffix() {
        check(&[
            ("self", Field, "self_"), ("Self", Field, "self_"), ("self", Type, "Self_"),
            ("Self", Variant, "Self_"), ("crate", Module, "crate_"), ("super", Function, "super_"),
        ]);
        assert!(!rust_name("self", Field).raw);
    }

    #[test]
    #[rustfmt::skip]
    fn shadowing_types_get_suffix() {
        check(&[
            ("option", Type, "OptionType"), ("String", Type, "StringType"),
            ("serialize", Type, "SerializeType"), ("drop", Type, "DropType"),
            // Variants are always path-qualified, so prelude names are fine.
            ("None", Variant, "None"), ("Some", Variant, "Some"), ("Ok", Variant, "Ok"),
            ("Err", Variant, "Err"), ("Default", Variant, "Default"),
            ("std", Module, "std_"), ("string", Field, "string"),
        ]);
    }

    #[test]
    fn collisions_from_case_differences() {
        let mut scope = Scope::new(Field);
        assert_eq!(scope.allocate("fooBar", "a.md:1:1").collision, None);
        let c = collision(scope.allocate("FooBar", "a.md:2:1"));
        assert_eq!(
            crate::diag::Detail::from(c).to_string(),
            "`fooBar` and `FooBar` (a.md:2:1) both map to Rust name `foo_bar` \
             (first from a.md:1:1); the second is named `foo_bar_2`"
        );
        let third = scope.allocate("foo_bar", "a.md:3:1");
        assert_eq!(third.name.as_str(), "foo_bar_3");
        let mut types = Scope::new(Type);
        types.allocate("fooBar", "t");
        assert_eq!(types.allocate("foo_bar", "t").name.as_str(), "FooBar2");
        let mut consts = Scope::new(Const);
        consts.allocate("fooBar", "c");
        assert_eq!(consts.allocate("FOO_BAR", "c").name.as_str(), "FOO_BAR_2");
        let mut kws = Scope::new(Field);
        kws.allocate("type", "k");
        let c = collision(kws.allocate("Type", "k"));
        assert_eq!(
            (c.rust.as_str(), c.renamed_to.as_str()),
            ("r#type", "type_2")
        );
    }

    #[test]
    fn renamed_names_keep_their_case_convention() {
        let mut fields = Scope::new(Field);
        fields.allocate("self", "a");
        assert_eq!(fields.allocate("Self", "b").name.as_str(), "self_2");
        let mut variants = Scope::new(Variant);
        variants.allocate("Self", "a");
        assert_eq!(variants.allocate("self", "b").name.as_str(), "Self2");
        let mut consts = Scope::new(Const);
        consts.allocate("self", "a");
        assert_eq!(consts.allocate("Self", "b").name.as_str(), "SELF_2");
    }

    #[test]
    fn duplicate_wire_names_collide() {
        let mut scope = Scope::new(Field);
        scope.allocate("id", "a.md:4:1");
        let dup = scope.allocate("id", "a.md:9:1");
        assert_eq!(dup.name.as_str(), "id_2");
        let c = collision(dup);
        assert_eq!(
            (c.first_wire.as_str(), c.second_wire.as_str()),
            ("id", "id")
        );
        assert_eq!(
            (c.first_source.as_str(), c.second_source.as_str()),
            ("a.md:4:1", "a.md:9:1")
        );
    }

    #[test]
    fn reserved_names_are_skipped() {
        let mut scope = Scope::new(Variant);
        scope.reserve("Other");
        let got = scope.allocate("other", "e.md:7:2");
        assert_eq!(got.name.as_str(), "Other2");
        let c = collision(got);
        assert_eq!(
            (c.first_wire.as_str(), c.first_source.as_str()),
            (RESERVED, RESERVED)
        );
        assert_eq!(
            crate::diag::Detail::from(c).to_string(),
            "`other` (e.md:7:2) maps to reserved Rust name `Other`; it is named `Other2`"
        );
    }

    #[test]
    fn taken_suffixes_are_skipped() {
        let mut scope = Scope::new(Field);
        scope.allocate("foo_2", "s");
        scope.reserve("foo_3");
        scope.allocate("foo", "s");
        assert_eq!(scope.allocate("Foo", "s").name.as_str(), "foo_4");
        assert_eq!(scope.allocate("foo_2", "s").name.as_str(), "foo_2_2");
    }

    /// A model dump written when the model carried Rust names (`rust` keys, union variants as
    /// `[name, Rust name]` pairs), as `docgen diff` reads one back.
    const OLD_DUMP: &str = r#"
namespaces:
  - name: microsoft.graph
    rust: microsoft_graph
types:
  - name: microsoft.graph.gadget
    rust: Gadget
    properties:
      - name: id
        rust: id
        type: {kind: primitive, name: String}
        source: "resources/gadget.md:20:3"
      - name: Type
        rust: r#type
        type: {kind: primitive, name: String}
        source: "resources/gadget.md:21:3"
    polymorphic:
      rust: AnyGadget
      variants:
        - - microsoft.graph.gadget
          - Gadget
        - - microsoft.graph.widget
          - Widget
    sources: ["resources/gadget.md:10:1"]
  - name: microsoft.graph.widget
    rust: Widget
    base: microsoft.graph.gadget
    properties:
      - name: ID
        rust: id_2
        type: {kind: primitive, name: String}
        source: "resources/widget.md:20:3"
    sources: ["resources/widget.md:10:1"]
enums:
  - name: microsoft.graph.shade
    rust: Shade
    evolvable: false
    members:
      - name: other
        rust: Other2
    sources: ["resources/shade.md:10:1"]
operations:
  - page: api/widget-archive.md
    namespace: microsoft.graph
    rust: PostWidgetsItemArchive
    method: POST
    path: "/widgets/{widgetId}/archive"
    pieces:
      - !literal /widgets/
      - !param {index: 0, quoted: false}
      - !literal /archive
    params:
      - name: widgetId
        rust: widget_id
        type: {kind: primitive, name: String}
    request: !parameters
      rust: PostWidgetsItemArchiveBody
      params:
        - name: reason
          rust: reason
          type: {kind: primitive, name: String}
          source: "api/widget-archive.md:44:3"
    source: "api/widget-archive.md:28:1"
diagnostics: []
"#;

    #[test]
    fn old_dumps_with_rust_names_load_and_are_named_as_they_were() {
        let api: Api = serde_yaml::from_str(OLD_DUMP).expect("an old dump loads");
        let variants = api.types[0].polymorphic.as_ref().map(|p| p.variants.len());
        assert_eq!(variants, Some(2));
        let plan = RustPlan::new(&api);
        let show = |n: &[Named]| n.iter().map(|f| f.rust.to_string()).collect::<Vec<_>>();
        assert_eq!(
            plan.module("microsoft.graph").map(RustName::as_str),
            Some("microsoft_graph")
        );
        let (gadget, widget) = (&plan.types[0], &plan.types[1]);
        assert_eq!(gadget.rust.as_str(), "Gadget");
        assert_eq!(show(&gadget.fields), ["id", "r#type"]);
        let union = gadget.union.as_ref().expect("a union");
        assert_eq!(union.rust.as_str(), "AnyGadget");
        let of = union.of(&[QName::new("microsoft.graph", "widget")]);
        assert_eq!(of, [Some(&widget.rust)]);
        assert_eq!(show(&widget.fields), ["id_2"]);
        assert_eq!(show(&plan.enums[0].members), ["Other2"]);
        let route = &plan.routes[0];
        assert_eq!(route.stub.as_str(), "PostWidgetsItemArchive");
        assert_eq!(show(&route.params), ["widget_id"]);
        let body = route.body.as_ref().expect("a parameters body");
        assert_eq!(
            (body.rust.as_str(), show(&body.fields)),
            ("PostWidgetsItemArchiveBody", vec!["reason".to_owned()])
        );
        // The inherited `id` and the reserved `Other` were renamed, and said so.
        let renamed: Vec<&str> = (plan.diagnostics.iter())
            .map(|d| d.location.file.as_str())
            .collect();
        assert_eq!(renamed, ["resources/shade.md", "resources/widget.md"]);
    }

    /// An operation of namespace `microsoft.graph` documented on a page titled `title`.
    fn operation(title: Option<&str>, method: &str, path: &str) -> Operation {
        let route = crate::parse::route::parse_route_line(&format!("{method} {path}"))
            .unwrap_or_else(|e| panic!("{path}: {e:?}"));
        let mut params = Vec::new();
        let pieces = (route.path.iter())
            .map(|part| match part {
                crate::parse::route::PathPart::Literal(s) => {
                    crate::model::PathPiece::Literal(s.clone())
                }
                crate::parse::route::PathPart::Param { name, quoted, .. } => {
                    params.push(crate::model::PathParam {
                        name: name.clone(),
                        ty: crate::model::TypeRef::Primitive(crate::edm::Primitive::String),
                    });
                    crate::model::PathPiece::Param {
                        index: params.len() - 1,
                        quoted: *quoted,
                    }
                }
            })
            .collect();
        Operation {
            page: "api/x.md".into(),
            namespace: "microsoft.graph".into(),
            title: title.map(str::to_owned),
            summary: None,
            method: route.method,
            path: route.template(),
            pieces,
            params,
            request: None,
            response: None,
            permissions: Vec::new(),
            source: Location::default(),
        }
    }

    #[test]
    fn operation_words_drop_articles_asides_and_kinds() {
        let words = |t: &str| operation_words(t);
        assert_eq!(words("Get a user").as_deref(), Some("Get user"));
        assert_eq!(words("user: delta").as_deref(), Some("user delta"));
        assert_eq!(words("wipe action").as_deref(), Some("wipe"));
        assert_eq!(words("action").as_deref(), Some("action"));
        assert_eq!(
            words("Create a grant (oAuth2PermissionGrant)").as_deref(),
            Some("Create grant")
        );
        assert_eq!(words("(beta) ::").as_deref(), None);
        assert_eq!(
            words("microsoft.graph.user: delta").as_deref(),
            Some("user delta")
        );
        assert_eq!(
            words("Collection(example.library.book): archive (beta)").as_deref(),
            Some("book archive")
        );
    }

    #[test]
    fn routes_are_named_after_their_operation_and_told_apart_by_their_paths() {
        let ops = [
            (Some("Get a user"), "GET", "/users/{id}"),
            (Some("user: delta"), "GET", "/users/delta"),
            (Some("Get photo"), "GET", "/me/photo"),
            (Some("Get photo"), "GET", "/users/{id}/photo"),
            (Some("Get photo"), "GET", "/me/photo/$value"),
            (Some("Get photo"), "GET", "/me/photos"),
            (Some("Get photo"), "GET", "/me/photos/{size}"),
            (
                Some("List sectionGroups"),
                "GET",
                "/me/onenote/sectionGroups",
            ),
            (
                Some("List sectionGroups"),
                "GET",
                "/groups/{id}/onenote/sectionGroups",
            ),
            (Some("Update photo"), "PATCH", "/me/photo/$value"),
            (Some("Update photo"), "PUT", "/me/photo/$value"),
            (None, "POST", "/me/events/{id}/accept"),
        ];
        let api = Api {
            operations: (ops.iter())
                .map(|(title, method, path)| operation(*title, method, path))
                .collect(),
            ..Api::default()
        };
        let plan = RustPlan::new(&api);
        let stubs: Vec<&str> = plan.routes.iter().map(|r| r.stub.as_str()).collect();
        assert_eq!(
            stubs,
            [
                "GetUser",
                "UserDelta",
                "GetPhotoMePhoto",
                "GetPhotoUsersPhoto",
                "GetPhotoMePhotoValue",
                "GetPhotoMePhotos",
                "GetPhotoMePhotosItem",
                "ListSectionGroupsMe",
                "ListSectionGroupsGroups",
                "UpdatePhotoPatch",
                "UpdatePhotoPut",
                "PostMeEventsItemAccept",
            ]
        );
        assert!(plan.diagnostics.is_empty(), "{:?}", plan.diagnostics);
    }

    #[test]
    fn a_selection_keeps_the_names_of_the_whole_model() {
        let full: Api = serde_yaml::from_str(OLD_DUMP).expect("loads");
        let plan = RustPlan::new(&full);
        let mut part = full.clone();
        part.types.remove(0);
        part.types[0].base = None;
        part.operations.clear();
        let kept = plan.restrict(&full, &part);
        assert_eq!(
            kept.type_names(&part.types[0].name),
            plan.type_names(&part.types[0].name)
        );
        assert!(kept.routes.is_empty());
        // Named on its own, the widget's field would lose its number.
        let alone = RustPlan::new(&part);
        let field = |p: &RustPlan| {
            p.types
                .iter()
                .find(|t| t.name.name == "widget")
                .map(|t| t.fields[0].rust.to_string())
        };
        assert_eq!(field(&kept).as_deref(), Some("id_2"));
        assert_eq!(field(&alone).as_deref(), Some("id"));
    }

    #[rustfmt::skip]
    const HOSTILE: &[&str] = &[
        "x; fn evil() {}", "type", "self", "Self", "crate", "super", "_", "0day", "ünïcode", "a-b",
        "", "*/", "r#type", "r#self", "'static", "macro_rules", "中文", "\u{0}", "\u{200b}",
        "İstanbul", "K", "ǅ", "1_000", "__init__", "$ref", "a::b",
    ];

    #[test]
    fn every_name_is_a_valid_ident() {
        let fixed = HOSTILE.iter().chain(KEYWORDS).chain(NOT_RAW);
        let mut inputs: Vec<String> = fixed.map(|s| (*s).to_owned()).collect();
        // Deterministic pseudo-random strings (an LCG) over a hostile alphabet.
        let alphabet: Vec<char> = "aZ09_ -.;@(){}*/\\\"'#!üÜßé中🎉\u{301}\tİKSself"
            .chars()
            .collect();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..2000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let pick = |i: u32| alphabet[(seed.rotate_left(i * 7) >> 33) as usize % alphabet.len()];
            inputs.push((0..(seed >> 59) as u32).map(pick).collect());
        }
        for kind in [Type, Variant, Field, Module, Function, Const] {
            let mut scope = Scope::new(kind);
            for wire in &inputs {
                for name in [rust_name(wire, kind), scope.allocate(wire, "sweep").name] {
                    let text = name.to_string();
                    let parsed = syn::parse_str::<syn::Ident>(&text);
                    assert!(parsed.is_ok(), "{wire:?} as {kind:?} -> {text}");
                    assert_eq!(name.ident().to_string(), text);
                    assert!(
                        name.name
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    );
                }
            }
        }
    }
}
