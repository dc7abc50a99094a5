//! Docs over metadata: one model from a `$metadata` document and the docs of the same API.
//!
//! The metadata decides structure: which types, properties, enums and members exist, how they
//! are spelled, and each property's type. The docs add what the metadata lacks: descriptions of
//! types, properties, enums and members (a docs description wins over a `Core.Description`),
//! `Required.` marks and documented values, and every documented route with its status codes,
//! bodies and permissions. A metadata route that no page documents (matched by method and path
//! with parameter names, namespace qualification and call parentheses ignored) is kept as the
//! metadata gives it.
//!
//! Every disagreement is a `metadata-drift` diagnostic, found by [`drift`](super::drift())
//! (one matcher for `compare`, lint and this), placed at the docs location and naming the
//! metadata line. Types and properties only the docs have are kept, their sources being pages,
//! unless [`Overlay::keep_docs_only`] is off; references to a dropped type become untyped.

use super::csdl::Csdl;
use super::drift::drift;
use crate::diag::{Detail, Diagnostic};
use crate::model::{
    Api, EnumDef, Operation, Property, QName, RequestBody, TypeDef, TypeRef, TypeUse,
};
use crate::span::{Location, Span};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Options of the overlay.
#[derive(Clone, Copy, Debug)]
pub struct Overlay {
    /// Keep types and properties only the docs have (default `true`).
    pub keep_docs_only: bool,
}

impl Default for Overlay {
    fn default() -> Self {
        Overlay {
            keep_docs_only: true,
        }
    }
}

/// How many items each side contributed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Contributions {
    /// Types of the metadata (all kept).
    pub metadata_types: usize,
    /// Of those, types the docs also describe.
    pub types_in_docs: usize,
    /// Types only the docs have: kept (or dropped without `keep_docs_only`).
    pub docs_only_types: usize,
    /// Properties the metadata types declare (all kept).
    pub metadata_properties: usize,
    /// Of those, properties with a description from the docs.
    pub properties_described_by_docs: usize,
    /// Of those, properties with only the metadata's description.
    pub properties_described_by_metadata: usize,
    /// Properties only the docs have, on types of both sides.
    pub docs_only_properties: usize,
    /// Enum members of the metadata (all kept).
    pub metadata_members: usize,
    /// Of those, members with a description from the docs.
    pub members_described_by_docs: usize,
    /// Routes from the docs (all kept).
    pub docs_routes: usize,
    /// Routes from the metadata that no page documents.
    pub metadata_routes: usize,
    /// Documented routes with permissions.
    pub routes_with_permissions: usize,
    /// `metadata-drift` diagnostics.
    pub drift: usize,
}

impl Contributions {
    /// The share of metadata properties that carry a docs description, in percent.
    pub fn described_share(&self) -> f64 {
        if self.metadata_properties == 0 {
            return 0.0;
        }
        100.0 * self.properties_described_by_docs as f64 / self.metadata_properties as f64
    }
}

/// A model from both sides and what each contributed.
#[derive(Clone, Debug)]
pub struct Overlaid {
    /// The model.
    pub api: Api,
    /// Counts by side.
    pub contributions: Contributions,
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// Lays `docs` (the model built from the pages) over `meta` (the model [`api_from_csdl`]
/// built from `csdl`).
///
/// [`api_from_csdl`]: super::api_from_csdl
pub fn overlay(csdl: &Csdl, meta: Api, docs: &Api, opts: Overlay) -> Overlaid {
    let mut c = Contributions::default();
    let mut diags = meta.diagnostics.clone();
    let mut api = meta;
    api.diagnostics.clear();

    let docs_types: HashMap<String, &TypeDef> =
        docs.types.iter().map(|t| (t.name.key(), t)).collect();
    let docs_enums: HashMap<String, &EnumDef> =
        docs.enums.iter().map(|e| (e.name.key(), e)).collect();

    // Types and properties: the metadata's, with the docs' words.
    c.metadata_types = api.types.len();
    let meta_keys: HashSet<String> = api.types.iter().map(|t| t.name.key()).collect();
    let mut extra_props: Vec<(usize, Property)> = Vec::new();
    for (ti, t) in api.types.iter_mut().enumerate() {
        c.metadata_properties += t.properties.len();
        let Some(d) = docs_types.get(&t.name.key()) else {
            c.properties_described_by_metadata += t
                .properties
                .iter()
                .filter(|p| p.description.is_some())
                .count();
            continue;
        };
        c.types_in_docs += 1;
        if d.description.is_some() {
            t.description.clone_from(&d.description);
        }
        for s in &d.sources {
            if !t.sources.contains(s) {
                t.sources.push(s.clone());
            }
        }
        // The docs list a property on the type or on one of its bases.
        let docs_props: HashMap<String, &Property> = docs
            .all_properties(d)
            .into_iter()
            .map(|p| (lower(&p.name), p))
            .collect();
        for p in &mut t.properties {
            match docs_props.get(&lower(&p.name)) {
                Some(dp) => {
                    if dp.description.is_some() {
                        p.description.clone_from(&dp.description);
                        p.links.clone_from(&dp.links);
                        c.properties_described_by_docs += 1;
                    } else if p.description.is_some() {
                        c.properties_described_by_metadata += 1;
                    }
                    p.required = dp.required;
                    p.read_only |= dp.read_only;
                    if !matches!(p.ty.ty, TypeRef::Enum(_)) {
                        p.possible_values.clone_from(&dp.possible_values);
                    }
                }
                None if p.description.is_some() => c.properties_described_by_metadata += 1,
                None => {}
            }
        }
        if opts.keep_docs_only {
            let own: HashSet<String> = t.properties.iter().map(|p| lower(&p.name)).collect();
            for dp in &d.properties {
                if !own.contains(&lower(&dp.name)) {
                    extra_props.push((ti, dp.clone()));
                }
            }
        }
    }
    // A docs property that the metadata declares on a base type is not docs-only.
    for (ti, p) in extra_props {
        let t = &api.types[ti];
        let inherited = api.bases(t).iter().any(|b| {
            b.properties
                .iter()
                .any(|bp| lower(&bp.name) == lower(&p.name))
        });
        if !inherited {
            c.docs_only_properties += 1;
            api.types[ti].properties.push(p);
        }
    }
    let docs_only: Vec<&TypeDef> = docs
        .types
        .iter()
        .filter(|t| !meta_keys.contains(&t.name.key()))
        .collect();
    c.docs_only_types = docs_only.len();
    if opts.keep_docs_only {
        api.types.extend(docs_only.into_iter().cloned());
        api.types.sort_by(|a, b| a.name.cmp(&b.name));
    }

    // Enums: the metadata's members, the docs' descriptions.
    let meta_enum_keys: HashSet<String> = api.enums.iter().map(|e| e.name.key()).collect();
    for e in &mut api.enums {
        c.metadata_members += e.members.len();
        let Some(d) = docs_enums.get(&e.name.key()) else {
            continue;
        };
        if d.description.is_some() {
            e.description.clone_from(&d.description);
        }
        e.sources.extend(d.sources.iter().cloned());
        let words: HashMap<String, &Option<String>> = d
            .members
            .iter()
            .map(|m| (lower(&m.name), &m.description))
            .collect();
        for m in &mut e.members {
            if let Some(Some(text)) = words.get(&lower(&m.name)) {
                m.description = Some(text.clone());
                c.members_described_by_docs += 1;
            }
        }
    }
    if opts.keep_docs_only {
        api.enums.extend(
            docs.enums
                .iter()
                .filter(|e| !meta_enum_keys.contains(&e.name.key()))
                .cloned(),
        );
        api.enums.sort_by(|a, b| a.name.cmp(&b.name));
    }

    // Routes: every documented one, then the metadata's that no page documents.
    let documented: HashSet<String> = docs.operations.iter().map(route_key).collect();
    let meta_ops = std::mem::take(&mut api.operations);
    c.docs_routes = docs.operations.len();
    c.routes_with_permissions = docs
        .operations
        .iter()
        .filter(|o| !o.permissions.is_empty())
        .count();
    api.operations = docs.operations.clone();
    for op in meta_ops {
        if !documented.contains(&route_key(&op)) {
            c.metadata_routes += 1;
            api.operations.push(op);
        }
    }

    // What the docs wrote now names the metadata's items, in the metadata's spelling.
    canonicalize(&mut api);

    // Every disagreement, at both locations.
    let file = super::source::location_file(csdl);
    for d in drift(csdl, docs) {
        let meta_at = d
            .metadata_line
            .map(|l| Location::new(file.clone(), Span::new(l, 1)));
        // Where the docs say it, with the metadata's place named; else where the metadata does.
        let (at, metadata) = match (&d.location, meta_at) {
            (Some(l), m) => (l.clone(), m),
            (None, Some(m)) => (m, None),
            (None, None) => (Location::new(file.clone(), Span::new(1, 1)), None),
        };
        diags.push(Diagnostic::warning(
            &at.file,
            at.at,
            Detail::MetadataDrift {
                drift: d.message,
                metadata,
            },
        ));
        c.drift += 1;
    }
    diags.extend(docs.diagnostics.iter().cloned());
    // The unions and namespaces of what the two sources now hold together.
    crate::model::build::finish(&mut api);
    diags.sort();
    diags.dedup();
    api.diagnostics = diags;
    Overlaid {
        api,
        contributions: c,
    }
}

/// What two routes of one resource and method share whatever their parameter names,
/// namespace qualification and call parentheses.
fn route_key(op: &Operation) -> String {
    op.route_hint().to_lowercase()
}

/// Points every type reference at the model's own spelling of the name, and makes references
/// to names the model does not hold untyped.
fn canonicalize(api: &mut Api) {
    let names: HashMap<String, TypeRef> = api
        .named()
        .map(|(q, r)| (q.key(), r))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let fix = |t: &mut TypeRef| {
        let q = match t {
            TypeRef::Type(q) | TypeRef::Enum(q) => q.clone(),
            _ => return,
        };
        *t = names
            .get(&q.key())
            .cloned()
            .unwrap_or_else(|| TypeRef::Unresolved(q.to_string()));
    };
    let fix_use = |u: &mut TypeUse| fix(&mut u.ty);
    let type_keys: HashMap<String, QName> = api
        .types
        .iter()
        .map(|t| (t.name.key(), t.name.clone()))
        .collect();
    for t in &mut api.types {
        t.base = t
            .base
            .as_ref()
            .and_then(|b| type_keys.get(&b.key()).cloned());
        for p in &mut t.properties {
            fix_use(&mut p.ty);
        }
    }
    for op in &mut api.operations {
        for p in &mut op.params {
            fix(&mut p.ty);
        }
        match &mut op.request {
            Some(RequestBody::Type(u)) => fix_use(u),
            Some(RequestBody::Parameters { params, .. }) => {
                for p in params {
                    fix_use(&mut p.ty);
                }
            }
            None => {}
        }
        if let Some(body) = op.response.as_mut().and_then(|r| r.body.as_mut()) {
            fix_use(body);
        }
    }
}
