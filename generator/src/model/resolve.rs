//! Looking a type up by the name a page writes: the one fallback order of every stage (the
//! model's type cells, annotations and bases, the round trip's example types, lint's lookups,
//! the language server's hover).
//!
//! A name written on a page of namespace `ns` (`user`, `graph.user`,
//! `microsoft.graph.user`, `#microsoft.graph.user`; any case) means, in this order:
//! 1. the qualified name as written (a bare name is in `ns`);
//! 2. its simple name in `ns` (a page of another namespace writes a short prefix for its own
//!    types);
//! 3. its simple name in `microsoft.graph`, the namespace of most types, which pages of other
//!    namespaces name without qualifying;
//! 4. the only type of that simple name in any namespace, else the only enum.
//!
//! At each of the first three steps a type wins over an enum of the same name. [`Names`]
//! applies the order to a built [`Api`]; `model::build` applies it, through [`Scope`], to the
//! declarations it is still collecting.

use super::api::{Api, QName, TypeDef, TypeRef, TypeUse};
use super::build::DEFAULT_NAMESPACE;
use crate::edm::Primitive;
use crate::parse::typeexpr::split_collection;
use std::collections::HashMap;

/// Which named things a lookup may find.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kinds {
    /// Complex and entity types only.
    Types,
    /// Enums only.
    Enums,
    /// Either (a type wins over an enum of the same name).
    Any,
}

/// What a lookup searches: declarations by lower-cased qualified name ([`QName::key`]), and
/// the one declaration of a lower-cased simple name.
pub trait Scope {
    /// The type (`enums` false) or enum (`enums` true) whose key is `key`.
    fn by_key(&self, key: &str, enums: bool) -> Option<QName>;
    /// The only type (or enum) whose lower-cased simple name is `simple`; `None` when there
    /// is none or more than one.
    fn only(&self, simple: &str, enums: bool) -> Option<QName>;
}

/// The type or enum `written` names on a page of namespace `ns`, in the order of this module.
pub fn resolve(scope: &impl Scope, written: &str, ns: &str, kinds: Kinds) -> Option<TypeRef> {
    let q = QName::parse(written, ns);
    if q.name.is_empty() {
        return None;
    }
    let wants: &[bool] = match kinds {
        Kinds::Types => &[false],
        Kinds::Enums => &[true],
        Kinds::Any => &[false, true],
    };
    let wrap = |enums: bool, q: QName| {
        if enums {
            TypeRef::Enum(q)
        } else {
            TypeRef::Type(q)
        }
    };
    let keys = [
        q.key(),
        QName::new(ns, q.name.as_str()).key(),
        QName::new(DEFAULT_NAMESPACE, q.name.as_str()).key(),
    ];
    for key in &keys {
        for &enums in wants {
            if let Some(found) = scope.by_key(key, enums) {
                return Some(wrap(enums, found));
            }
        }
    }
    let simple = q.name.to_lowercase();
    wants
        .iter()
        .find_map(|&enums| scope.only(&simple, enums).map(|q| wrap(enums, q)))
}

/// What `written` names as a property, parameter or body type: `Collection(x)` is a collection
/// of what `x` names; `x` is a type or enum (see [`resolve`]), else an `Edm` primitive
/// (`Edm.String`, `String`, `graph.String`).
pub fn type_use(scope: &impl Scope, written: &str, ns: &str) -> Option<TypeUse> {
    let (inner, collection) = split_collection(written);
    let ty = resolve(scope, inner, ns, Kinds::Any).or_else(|| {
        let name = inner.strip_prefix("graph.").unwrap_or(inner);
        Primitive::from_name(name).map(TypeRef::Primitive)
    })?;
    Some(TypeUse { ty, collection })
}

/// The types and enums of a built model by the names pages write: the index of [`resolve`]'s
/// order, built once per model.
pub struct Names<'a> {
    api: &'a Api,
    /// Type and enum indices by key; the first of two names that differ only in case.
    types: HashMap<String, usize>,
    enums: HashMap<String, usize>,
    /// How many types and enums have each lower-cased simple name, and the first of each.
    simple_types: HashMap<String, (usize, usize)>,
    simple_enums: HashMap<String, (usize, usize)>,
}

impl<'a> Names<'a> {
    /// The index over `api`.
    pub fn new(api: &'a Api) -> Self {
        fn index<'q>(
            names: impl Iterator<Item = &'q QName>,
        ) -> (HashMap<String, usize>, HashMap<String, (usize, usize)>) {
            let mut by_key = HashMap::new();
            let mut simple: HashMap<String, (usize, usize)> = HashMap::new();
            for (i, q) in names.enumerate() {
                by_key.entry(q.key()).or_insert(i);
                simple
                    .entry(q.name.to_lowercase())
                    .and_modify(|(n, _)| *n += 1)
                    .or_insert((1, i));
            }
            (by_key, simple)
        }
        let (types, simple_types) = index(api.types.iter().map(|t| &t.name));
        let (enums, simple_enums) = index(api.enums.iter().map(|e| &e.name));
        Names {
            api,
            types,
            enums,
            simple_types,
            simple_enums,
        }
    }

    /// The model this index looks in.
    pub fn api(&self) -> &'a Api {
        self.api
    }

    /// The type or enum `written` names on a page of namespace `ns`.
    pub fn named(&self, written: &str, ns: &str) -> Option<TypeRef> {
        resolve(self, written, ns, Kinds::Any)
    }

    /// The complex or entity type `written` names on a page of namespace `ns` (enums are not
    /// candidates).
    pub fn type_def(&self, written: &str, ns: &str) -> Option<&'a TypeDef> {
        match resolve(self, written, ns, Kinds::Types)? {
            TypeRef::Type(q) => self.api.type_def(&q),
            _ => None,
        }
    }

    /// What `written` names as a body or property type (see [`type_use`]).
    pub fn type_use(&self, written: &str, ns: &str) -> Option<TypeUse> {
        type_use(self, written, ns)
    }
}

impl Scope for Names<'_> {
    fn by_key(&self, key: &str, enums: bool) -> Option<QName> {
        if enums {
            let i = *self.enums.get(key)?;
            Some(self.api.enums[i].name.clone())
        } else {
            let i = *self.types.get(key)?;
            Some(self.api.types[i].name.clone())
        }
    }

    fn only(&self, simple: &str, enums: bool) -> Option<QName> {
        if enums {
            match self.simple_enums.get(simple)? {
                (1, i) => Some(self.api.enums[*i].name.clone()),
                _ => None,
            }
        } else {
            match self.simple_types.get(simple)? {
                (1, i) => Some(self.api.types[*i].name.clone()),
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Declarations as plain lists, so the order is tested apart from any index.
    struct Lists {
        types: Vec<QName>,
        enums: Vec<QName>,
    }

    impl Scope for Lists {
        fn by_key(&self, key: &str, enums: bool) -> Option<QName> {
            let list = if enums { &self.enums } else { &self.types };
            list.iter().find(|q| q.key() == key).cloned()
        }

        fn only(&self, simple: &str, enums: bool) -> Option<QName> {
            let list = if enums { &self.enums } else { &self.types };
            let mut hits = list.iter().filter(|q| q.name.to_lowercase() == simple);
            let first = hits.next()?;
            hits.next().is_none().then(|| first.clone())
        }
    }

    #[test]
    fn the_fallback_order() {
        let q = |s: &str| QName::parse(s, "");
        let scope = Lists {
            types: [
                "microsoft.graph.alert",
                "microsoft.graph.user",
                "microsoft.graph.security.alert",
                "microsoft.graph.security.case",
                "other.ns.case",
                "other.ns.widget",
            ]
            .map(q)
            .to_vec(),
            enums: ["microsoft.graph.status", "other.ns.user"].map(q).to_vec(),
        };
        let at = |w: &str, ns: &str| resolve(&scope, w, ns, Kinds::Any);
        let ty = |s: &str| Some(TypeRef::Type(q(s)));
        let sec = "microsoft.graph.security";
        // As written, any case, `#` optional.
        assert_eq!(at("#Microsoft.Graph.User", sec), ty("microsoft.graph.user"));
        // A bare name: the page's namespace first, then `microsoft.graph`.
        assert_eq!(at("alert", sec), ty("microsoft.graph.security.alert"));
        assert_eq!(at("alert", "microsoft.graph"), ty("microsoft.graph.alert"));
        // A short prefix: the simple name in the page's namespace before `microsoft.graph`.
        assert_eq!(at("graph.alert", sec), ty("microsoft.graph.security.alert"));
        // The only type of a simple name, anywhere; two are ambiguous.
        assert_eq!(at("widget", sec), ty("other.ns.widget"));
        assert_eq!(at("case", "microsoft.graph"), None);
        // A type wins over an enum of the same name; enums are found too, unless excluded.
        assert_eq!(at("user", "microsoft.graph"), ty("microsoft.graph.user"));
        assert_eq!(
            at("user", "other.ns"),
            Some(TypeRef::Enum(q("other.ns.user")))
        );
        assert_eq!(
            at("status", sec),
            Some(TypeRef::Enum(q("microsoft.graph.status")))
        );
        assert_eq!(resolve(&scope, "status", sec, Kinds::Types), None);
        assert_eq!(
            resolve(&scope, "user", "other.ns", Kinds::Types),
            ty("microsoft.graph.user")
        );
        // Collections (any case) and primitives.
        assert_eq!(split_collection(" collection(x.y) "), ("x.y", true));
        assert_eq!(split_collection("#x.y"), ("x.y", false));
        let u = type_use(&scope, "Collection(graph.String)", sec).expect("a use");
        assert!(u.collection && u.ty == TypeRef::Primitive(Primitive::String));
        assert_eq!(type_use(&scope, "nothing", sec), None);
    }
}
