//! API changelog between two versions of the docs: what was added, removed, renamed or changed,
//! each classed for a Rust user of the generated crate.
//!
//! - **Classes** ([`Class`]): one table says which kinds of change break a user, and it stands on
//!   what the code generator promises ([`crate::codegen::promises::PROMISES`]): a new member of
//!   an enum that keeps unknown values is not breaking, a new optional request parameter is not,
//!   a new base type only adds a variant to an open union.
//! - **Docs fixes** ([`Impact::DocsFix`]): a change that stands on a diagnostic of either side
//!   (an unresolved type, a route line that does not parse, two pages typing a property
//!   differently, a new type the old side used without defining it readably) or on an
//!   annotation-only fact (a response body only the example's annotation names, pages that
//!   stopped naming a base type yet declare every property it gave) is the docs fixing or
//!   breaking their own markup, not the API; it is listed apart, with what it stands on in
//!   [`Change::basis`].
//! - **Renames**: a route whose template changed on the same page (same method, one path segment
//!   apart), and a property removed while a similar one of the same type was added to the same
//!   type, are one [`Kind::Renamed`] entry with the old name in [`Change::was`].
//!
//! Description-only changes are kept apart so they can be hidden. Each kind of item is matched by
//! key in sorted maps, so the whole diff is linear (up to logarithms) in the size of both models.

pub mod render;

use crate::codegen::naming::{RouteNames, RustName, RustPlan, index_in};
use crate::codegen::promises::PROMISES;
use crate::diag::{Conflict, Detail, DiagKind, Diagnostic};
use crate::kinds::{Access, Method, PermissionKind};
use crate::model::{
    Api, EnumDef, Operation, PathPiece, Permission, Property, RequestBody, TypeDef, TypeRef,
    TypeUse,
};
use crate::span::Location;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// What kind of item changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// A complex or entity type.
    Type,
    /// A property of a type.
    Property,
    /// An enum.
    Enum,
    /// A member of an enum.
    Member,
    /// A route.
    Operation,
}

/// How it changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In the old version under another name ([`Change::was`]).
    Renamed,
    /// In both, different.
    Changed,
}

/// How much a change matters to a user of the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Code that compiled or data that parsed before may not now.
    Breaking,
    /// Additions and relaxations.
    NonBreaking,
    /// The docs fixed (or broke) their own markup; the API did not change.
    DocsFix,
    /// Only documentation text changed.
    Description,
}

/// A class of change. [`Class::impact`] is the one table of what breaks a user of the
/// generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// A new type.
    TypeAdded,
    /// A type is gone.
    TypeRemoved,
    /// A type without a base now has one.
    BaseAdded,
    /// A type's base changed or is gone.
    BaseChanged,
    /// The Rust name of a type or route stub changed.
    RustNameChanged,
    /// A new optional property.
    PropertyAdded,
    /// A new property marked required.
    RequiredPropertyAdded,
    /// A property is gone.
    PropertyRemoved,
    /// A property is gone and a similar one of the same type took its place.
    PropertyRenamed,
    /// A property's type changed.
    PropertyRetyped,
    /// A property is now required.
    NowRequired,
    /// A property is no longer required.
    NoLongerRequired,
    /// A new enum.
    EnumAdded,
    /// An enum is gone.
    EnumRemoved,
    /// A new member of an enum.
    MemberAdded,
    /// A member of an enum is gone.
    MemberRemoved,
    /// A new route.
    RouteAdded,
    /// A route is gone.
    RouteRemoved,
    /// A route's template changed on the same page.
    RouteRenamed,
    /// A route's path parameters changed.
    PathParamsChanged,
    /// A route's request body changed as a whole (none, a type, a parameter object).
    RequestBodyChanged,
    /// A new optional parameter of a request parameter object.
    ParameterAdded,
    /// A new required parameter of a request parameter object.
    RequiredParameterAdded,
    /// A parameter of a request parameter object is gone.
    ParameterRemoved,
    /// A parameter of a request parameter object changed type.
    ParameterRetyped,
    /// A route's response body changed.
    ResponseBodyChanged,
    /// A route's permissions changed.
    PermissionsChanged,
    /// Only a description or title changed.
    DescriptionChanged,
}

impl Class {
    /// The impact of this class of change on a user of the generated crate, by what the code
    /// generator promises ([`PROMISES`]).
    pub fn impact(self) -> Impact {
        use Class::*;
        let p = PROMISES;
        let unless = |kept: bool| {
            if kept {
                Impact::NonBreaking
            } else {
                Impact::Breaking
            }
        };
        match self {
            TypeAdded | EnumAdded | RouteAdded | NoLongerRequired | PermissionsChanged => {
                Impact::NonBreaking
            }
            // An optional field is `None` in data sent before and in values built from
            // `Default`; a required one is rejected by the service when left out.
            PropertyAdded | ParameterAdded => unless(p.optional_fields),
            MemberAdded => unless(p.open_enums),
            BaseAdded => unless(p.open_unions),
            TypeRemoved
            | BaseChanged
            | RustNameChanged
            | RequiredPropertyAdded
            | PropertyRemoved
            | PropertyRenamed
            | PropertyRetyped
            | NowRequired
            | EnumRemoved
            | MemberRemoved
            | RouteRemoved
            | RouteRenamed
            | PathParamsChanged
            | RequestBodyChanged
            | RequiredParameterAdded
            | ParameterRemoved
            | ParameterRetyped
            | ResponseBodyChanged => Impact::Breaking,
            DescriptionChanged => Impact::Description,
        }
    }
}

/// One change.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// How much it matters.
    pub impact: Impact,
    /// What kind of item.
    pub item: Item,
    /// Added, removed, renamed or changed.
    pub kind: Kind,
    /// The item: `microsoft.graph.user.displayName`, `GET /users/{id}`.
    pub subject: String,
    /// What changed, in words (empty for plain additions and removals).
    pub detail: String,
    /// Where the item is in the new docs (or the old, for removals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The class of change, which gives the impact unless it is a docs fix.
    pub class: Class,
    /// For a rename: the old name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was: Option<String>,
    /// For a rename: where the old name was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was_at: Option<Location>,
    /// For a docs fix: the diagnostic or annotation-only fact a side of it stands on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

/// All changes, sorted: breaking first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Changelog {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Changelog {
    /// How many changes have `impact`.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }
}

/// Which version a fact is from.
#[derive(Clone, Copy)]
enum Side {
    Old,
    New,
}

impl Side {
    fn word(self) -> &'static str {
        match self {
            Side::Old => "old",
            Side::New => "new",
        }
    }
}

/// One version: its model, the Rust names codegen gives it, its diagnostics by page, and where
/// it first uses each name it cannot resolve (by lower-case last segment).
struct Version<'a> {
    api: &'a Api,
    names: RustPlan,
    side: Side,
    diags: HashMap<&'a str, Vec<&'a Diagnostic>>,
    unresolved_uses: HashMap<String, &'a Location>,
}

impl<'a> Version<'a> {
    fn new(api: &'a Api, side: Side) -> Self {
        let mut diags: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
        for d in &api.diagnostics {
            diags.entry(d.location.file.as_str()).or_default().push(d);
        }
        let mut unresolved_uses: HashMap<String, &Location> = HashMap::new();
        let mut note = |u: &TypeUse, at: &'a Location| {
            if let TypeRef::Unresolved(t) = &u.ty {
                let last = t.rsplit('.').next().unwrap_or(t).trim().to_lowercase();
                unresolved_uses.entry(last).or_insert(at);
            }
        };
        for t in &api.types {
            for p in &t.properties {
                note(&p.ty, &p.source);
            }
        }
        for o in &api.operations {
            match &o.request {
                Some(RequestBody::Type(u)) => note(u, &o.source),
                Some(RequestBody::Parameters { params, .. }) => {
                    for p in params {
                        note(&p.ty, &p.source);
                    }
                }
                None => {}
            }
            if let Some(u) = o.response.as_ref().and_then(|r| r.body.as_ref()) {
                note(u, &o.source);
            }
        }
        Version {
            api,
            names: RustPlan::new(api),
            side,
            diags,
            unresolved_uses,
        }
    }

    /// For a type only the other side defines: this side used its name without resolving it,
    /// so the docs had it but no page of this side defined it readably.
    fn used_unresolved(&self, q: &crate::model::QName) -> Option<String> {
        let at = self.unresolved_uses.get(&q.name.to_lowercase())?;
        Some(format!(
            "unresolved-type in the {} docs at {at}: `{}` is used there, but no page defines it readably",
            self.side.word(),
            q.name
        ))
    }

    /// The Rust names of `t` (a type of this side).
    fn type_rust(&self, t: &TypeDef) -> Option<&RustName> {
        self.names.type_names(&t.name).map(|n| &n.rust)
    }

    /// The Rust names of `o` (a route of this side).
    fn route_names(&self, o: &Operation) -> Option<&RouteNames> {
        self.names.routes.get(index_in(&self.api.operations, o)?)
    }

    /// The first diagnostic of `kind` on `file` whose line `near` accepts.
    fn diagnostic(
        &self,
        kind: DiagKind,
        file: &str,
        near: impl Fn(u32) -> bool,
    ) -> Option<&'a Diagnostic> {
        self.diags
            .get(file)?
            .iter()
            .copied()
            .find(|d| d.kind() == kind && near(d.location.at.line))
    }

    /// What a use of an unresolved type at `at` stands on: the diagnostic that reported it (on
    /// the line of the use or the next, where a table row's cell is reported), else the name.
    fn unresolved(&self, u: &TypeUse, at: &Location) -> Option<String> {
        let TypeRef::Unresolved(name) = &u.ty else {
            return None;
        };
        let line = at.at.line;
        let found = self.diagnostic(DiagKind::UnresolvedType, &at.file, |l| {
            l == line || l == line + 1
        });
        Some(match found {
            Some(d) => self.cite(d),
            None => format!(
                "unresolved-type in the {} docs at {at}: `{name}` names no type",
                self.side.word()
            ),
        })
    }

    /// The `json-only-property` diagnostic at a property's definition: this side knows the
    /// property only from its JSON representation (typed from a placeholder, never marked
    /// required), usually because its table could not be read.
    fn json_only(&self, at: &Location) -> Option<String> {
        let line = at.at.line;
        self.diagnostic(DiagKind::JsonOnlyProperty, &at.file, |l| l == line)
            .map(|d| self.cite(d))
    }

    /// The conflict diagnostic saying two pages of this side give property `prop` of `owner`
    /// different types (only the first is kept, so the kept type is a guess).
    fn conflicting_type(&self, owner: &crate::model::QName, prop: &str) -> Option<String> {
        let owner = owner.to_string();
        self.api
            .diagnostics
            .iter()
            .find(|d| {
                matches!(&d.detail, Detail::Conflict { of: Conflict::PropertyType { property, owner: o, .. } }
                    if property == prop && *o == owner)
            })
            .map(|d| self.cite(d))
    }

    fn cite(&self, d: &Diagnostic) -> String {
        format!(
            "{} in the {} docs at {}: {}",
            d.kind(),
            self.side.word(),
            d.location,
            d.detail
        )
    }
}

struct Out(Vec<Change>);

impl Out {
    /// A change of `class`, with the impact the class has.
    fn push(
        &mut self,
        class: Class,
        item: Item,
        kind: Kind,
        subject: String,
        detail: String,
        location: Option<Location>,
    ) -> &mut Change {
        self.0.push(Change {
            impact: class.impact(),
            item,
            kind,
            subject,
            detail,
            location,
            class,
            was: None,
            was_at: None,
            basis: None,
        });
        let last = self.0.len() - 1;
        &mut self.0[last]
    }
}

impl Change {
    /// Makes the change a docs fix when `basis` says what it stands on.
    fn docs_fix(&mut self, basis: Option<String>) -> &mut Self {
        if let Some(b) = basis {
            self.impact = Impact::DocsFix;
            self.basis = Some(b);
        }
        self
    }

    /// Records the old name of a renamed item.
    fn renamed_from(&mut self, was: String, was_at: Option<Location>) -> &mut Self {
        self.was = Some(was);
        self.was_at = was_at;
        self
    }
}

/// A Rust name as a change shows it (empty when a side has none).
fn show(name: Option<&RustName>) -> String {
    name.map(ToString::to_string).unwrap_or_default()
}

/// Compares two models.
pub fn diff(old: &Api, new: &Api) -> Changelog {
    let old = Version::new(old, Side::Old);
    let new = Version::new(new, Side::New);
    let mut out = Out(Vec::new());
    let key = |t: &TypeDef| t.name.to_string().to_lowercase();
    let olds: BTreeMap<String, &TypeDef> = old.api.types.iter().map(|t| (key(t), t)).collect();
    let news: BTreeMap<String, &TypeDef> = new.api.types.iter().map(|t| (key(t), t)).collect();
    for (k, t) in &news {
        match olds.get(k) {
            None => {
                out.push(
                    Class::TypeAdded,
                    Item::Type,
                    Kind::Added,
                    t.name.to_string(),
                    String::new(),
                    t.sources.first().cloned(),
                )
                .docs_fix(old.used_unresolved(&t.name));
            }
            Some(o) => types(&mut out, &old, o, &new, t),
        }
    }
    for (k, t) in &olds {
        if !news.contains_key(k) {
            out.push(
                Class::TypeRemoved,
                Item::Type,
                Kind::Removed,
                t.name.to_string(),
                String::new(),
                t.sources.first().cloned(),
            );
        }
    }
    let ekey = |e: &EnumDef| e.name.to_string().to_lowercase();
    let olde: BTreeMap<String, &EnumDef> = old.api.enums.iter().map(|e| (ekey(e), e)).collect();
    let newe: BTreeMap<String, &EnumDef> = new.api.enums.iter().map(|e| (ekey(e), e)).collect();
    for (k, e) in &newe {
        match olde.get(k) {
            None => {
                out.push(
                    Class::EnumAdded,
                    Item::Enum,
                    Kind::Added,
                    e.name.to_string(),
                    String::new(),
                    e.sources.first().cloned(),
                );
            }
            Some(o) => enums(&mut out, o, e),
        }
    }
    for (k, e) in &olde {
        if !newe.contains_key(k) {
            out.push(
                Class::EnumRemoved,
                Item::Enum,
                Kind::Removed,
                e.name.to_string(),
                String::new(),
                e.sources.first().cloned(),
            );
        }
    }
    operations(&mut out, &old, &new);
    let mut changes = out.0;
    changes.sort();
    changes.dedup();
    Changelog { changes }
}

fn types<'a>(
    out: &mut Out,
    old_v: &'a Version,
    old: &'a TypeDef,
    new_v: &'a Version,
    new: &'a TypeDef,
) {
    let (old_api, new_api) = (old_v.api, new_v.api);
    let subject = new.name.to_string();
    let loc = new.sources.first().cloned();
    // Struct fields are the flattened properties: a property moving to a base is no change.
    let pkey = |p: &&Property| p.name.to_lowercase();
    let oldp: BTreeMap<String, &Property> = old_api
        .all_properties(old)
        .into_iter()
        .map(|p| (pkey(&p), p))
        .collect();
    let newp: BTreeMap<String, &Property> = new_api
        .all_properties(new)
        .into_iter()
        .map(|p| (pkey(&p), p))
        .collect();
    // Their field names, by the same keys.
    let fields = |v: &'a Version, t: &'a TypeDef| -> BTreeMap<String, &'a RustName> {
        (v.names.fields(v.api, t).into_iter())
            .map(|(p, f)| (pkey(&p), f))
            .collect()
    };
    let (old_fields, new_fields) = (fields(old_v, old), fields(new_v, new));
    if old.base != new.base {
        let show = |b: &Option<crate::model::QName>| {
            b.as_ref().map_or("none".to_owned(), ToString::to_string)
        };
        let class = if old.base.is_none() {
            Class::BaseAdded
        } else {
            Class::BaseChanged
        };
        // Base types are named only by a page's annotation: pages that stop naming one while
        // still declaring every property it gave lost the annotation, not the inheritance.
        let inherited = old
            .base
            .as_ref()
            .and_then(|b| old_api.type_def(b))
            .map(|b| old_api.all_properties(b));
        let kept_all = inherited
            .is_some_and(|ps| ps.iter().all(|p| newp.contains_key(&p.name.to_lowercase())));
        let basis = (new.base.is_none() && kept_all).then(|| {
            format!(
                "annotation-only in the new docs: the pages of `{}` name no base type, yet declare every property `{}` gave it",
                new.name,
                show(&old.base)
            )
        });
        out.push(
            class,
            Item::Type,
            Kind::Changed,
            subject.clone(),
            format!("base type {} → {}", show(&old.base), show(&new.base)),
            loc.clone(),
        )
        .docs_fix(basis);
    }
    let (old_rust, new_rust) = (old_v.type_rust(old), new_v.type_rust(new));
    if old_rust != new_rust {
        out.push(
            Class::RustNameChanged,
            Item::Type,
            Kind::Changed,
            subject.clone(),
            format!("Rust name `{}` → `{}`", show(old_rust), show(new_rust)),
            loc.clone(),
        );
    }
    if old.description != new.description {
        out.push(
            Class::DescriptionChanged,
            Item::Type,
            Kind::Changed,
            subject.clone(),
            "description".into(),
            loc,
        );
    }
    let mut added: Vec<&Property> = Vec::new();
    for (k, p) in &newp {
        let subject = format!("{}.{}", new.name, p.name);
        let loc = Some(p.source.clone());
        match oldp.get(k) {
            None => added.push(p),
            Some(o) => {
                if o.ty != p.ty {
                    let basis = old_v
                        .unresolved(&o.ty, &o.source)
                        .or_else(|| new_v.unresolved(&p.ty, &p.source))
                        .or_else(|| old_v.conflicting_type(&old.name, &o.name))
                        .or_else(|| new_v.conflicting_type(&new.name, &p.name))
                        .or_else(|| old_v.json_only(&o.source))
                        .or_else(|| new_v.json_only(&p.source));
                    out.push(
                        Class::PropertyRetyped,
                        Item::Property,
                        Kind::Changed,
                        subject.clone(),
                        format!("type {} → {}", o.ty, p.ty),
                        loc.clone(),
                    )
                    .docs_fix(basis);
                }
                let (of, pf) = (old_fields.get(k).copied(), new_fields.get(k).copied());
                if of != pf || o.name != p.name {
                    out.push(
                        Class::PropertyRenamed,
                        Item::Property,
                        Kind::Renamed,
                        subject.clone(),
                        format!("Rust name `{}` → `{}`", show(of), show(pf)),
                        loc.clone(),
                    )
                    .renamed_from(format!("{}.{}", old.name, o.name), Some(o.source.clone()));
                }
                // A side that knows the property only from its JSON representation cannot say
                // whether it is required.
                let required_basis = || {
                    old_v
                        .json_only(&o.source)
                        .or_else(|| new_v.json_only(&p.source))
                };
                match (o.required, p.required) {
                    (a, Some(true)) if a != Some(true) => {
                        out.push(
                            Class::NowRequired,
                            Item::Property,
                            Kind::Changed,
                            subject.clone(),
                            "now required".into(),
                            loc.clone(),
                        )
                        .docs_fix(required_basis());
                    }
                    (Some(true), b) if b != Some(true) => {
                        out.push(
                            Class::NoLongerRequired,
                            Item::Property,
                            Kind::Changed,
                            subject.clone(),
                            "no longer required".into(),
                            loc.clone(),
                        )
                        .docs_fix(required_basis());
                    }
                    _ => {}
                }
                if o.description != p.description || o.links != p.links {
                    let detail = if o.description == p.description {
                        "description: link targets"
                    } else {
                        "description"
                    };
                    out.push(
                        Class::DescriptionChanged,
                        Item::Property,
                        Kind::Changed,
                        subject,
                        detail.into(),
                        loc,
                    );
                }
            }
        }
    }
    let removed: Vec<&Property> = oldp
        .iter()
        .filter(|(k, _)| !newp.contains_key(*k))
        .map(|(_, p)| *p)
        .collect();
    let pairs = pair(&removed, &added, |o, n| {
        (o.ty == n.ty && !matches!(o.ty.ty, TypeRef::Unresolved(_)))
            .then(|| similar_names(&o.name, &n.name))
            .flatten()
    });
    for (i, p) in added.iter().enumerate() {
        let subject = format!("{}.{}", new.name, p.name);
        let loc = Some(p.source.clone());
        if let Some(o) = pairs.iter().find(|x| x.1 == i).map(|x| removed[x.0]) {
            out.push(
                Class::PropertyRenamed,
                Item::Property,
                Kind::Renamed,
                subject,
                format!("type {}", p.ty),
                loc,
            )
            .renamed_from(format!("{}.{}", old.name, o.name), Some(o.source.clone()));
            continue;
        }
        let (class, detail) = if p.required == Some(true) {
            (
                Class::RequiredPropertyAdded,
                format!("new required property of type {}", p.ty),
            )
        } else {
            (Class::PropertyAdded, format!("type {}", p.ty))
        };
        let basis = new_v.unresolved(&p.ty, &p.source);
        out.push(class, Item::Property, Kind::Added, subject, detail, loc)
            .docs_fix(basis);
    }
    for (i, p) in removed.iter().enumerate() {
        if pairs.iter().any(|x| x.0 == i) {
            continue;
        }
        let basis = old_v.unresolved(&p.ty, &p.source);
        out.push(
            Class::PropertyRemoved,
            Item::Property,
            Kind::Removed,
            format!("{}.{}", new.name, p.name),
            format!("type {}", p.ty),
            Some(p.source.clone()),
        )
        .docs_fix(basis);
    }
}

/// How far apart two names are when they are similar enough to be a rename (an edit of at most
/// a third of the longer name, at least 2, or one name of 4 or more characters inside the
/// other: `employeeId` → `employeeIdentifier`), else `None`.
fn similar_names(a: &str, b: &str) -> Option<usize> {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let d = strsim::levenshtein(&a, &b);
    let (la, lb) = (a.chars().count(), b.chars().count());
    let inside = la.min(lb) >= 4 && (a.contains(&b) || b.contains(&a));
    (d <= (la.max(lb) / 3).max(2) || inside).then_some(d)
}

/// Pairs items of `removed` with items of `added` (indices), closest first, each at most once;
/// `distance` says how far apart two are, `None` when they cannot pair. The lists are the
/// removals and additions of one type or page, so the quadratic search stays small.
fn pair<A, B>(
    removed: &[A],
    added: &[B],
    distance: impl Fn(&A, &B) -> Option<usize>,
) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
    for (i, a) in removed.iter().enumerate() {
        for (j, b) in added.iter().enumerate() {
            if let Some(d) = distance(a, b) {
                candidates.push((d, i, j));
            }
        }
    }
    candidates.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (_, i, j) in candidates {
        if !out.iter().any(|&(a, b)| a == i || b == j) {
            out.push((i, j));
        }
    }
    out
}

fn enums(out: &mut Out, old: &EnumDef, new: &EnumDef) {
    let loc = new.sources.first().cloned();
    for m in &new.members {
        if !old.members.iter().any(|o| o.name == m.name) {
            let detail = if old.evolvable {
                "evolvable enum"
            } else {
                "enum without unknownFutureValue"
            };
            out.push(
                Class::MemberAdded,
                Item::Member,
                Kind::Added,
                format!("{}.{}", new.name, m.name),
                detail.into(),
                loc.clone(),
            );
        }
    }
    // A removed member is shown where it was defined: members carry no location, so at the old
    // page that no longer defines the enum (a removed or rewritten page), else the first.
    let old_loc = old
        .sources
        .iter()
        .find(|s| !new.sources.iter().any(|n| n.file == s.file))
        .or(old.sources.first())
        .cloned();
    for m in &old.members {
        if !new.members.iter().any(|n| n.name == m.name) {
            out.push(
                Class::MemberRemoved,
                Item::Member,
                Kind::Removed,
                format!("{}.{}", new.name, m.name),
                String::new(),
                old_loc.clone(),
            );
        }
    }
    if old.description != new.description
        || old.members.iter().any(|m| {
            new.members
                .iter()
                .any(|n| n.name == m.name && n.description != m.description)
        })
    {
        out.push(
            Class::DescriptionChanged,
            Item::Enum,
            Kind::Changed,
            new.name.to_string(),
            "description".into(),
            loc,
        );
    }
}

/// A route's path segments with parameter names ignored, lower case.
fn segments(o: &Operation) -> Vec<String> {
    let mut k = String::new();
    for piece in &o.pieces {
        match piece {
            PathPiece::Literal(s) => k.push_str(&s.to_lowercase()),
            PathPiece::Param { .. } => k.push_str("{}"),
        }
    }
    k.split('/').map(str::to_owned).collect()
}

/// Routes are matched by method and path with parameter names ignored.
fn op_key(o: &Operation) -> String {
    format!("{} {}", o.method, segments(o).join("/"))
}

/// Segment edit distance of two routes' paths, when they differ by at most one segment
/// (replaced, inserted or removed).
fn route_distance(a: &Operation, b: &Operation) -> Option<usize> {
    let (a, b) = (segments(a), segments(b));
    let d = strsim::generic_levenshtein(&a, &b);
    (d <= 1).then_some(d)
}

fn body_text(r: &Option<RequestBody>) -> String {
    match r {
        None => "none".into(),
        Some(RequestBody::Type(u)) => u.to_string(),
        Some(RequestBody::Parameters { params, .. }) => {
            let ps: Vec<String> = params
                .iter()
                .map(|p| format!("{}: {}", p.name, p.ty))
                .collect();
            format!("{{{}}}", ps.join(", "))
        }
    }
}

/// What a route's response body stands on when it is not an API fact: a body only the response
/// example's annotation names (the prose names none), or an unresolved type.
fn response_basis(v: &Version, o: &Operation) -> Option<String> {
    let r = o.response.as_ref()?;
    let body = r.body.as_ref()?;
    if r.annotated {
        let status = r
            .status
            .map(|s| format!(" of the {s} response"))
            .unwrap_or_default();
        return Some(format!(
            "annotation-only in the {} docs: only the annotation{status} names `{}`",
            v.side.word(),
            body
        ));
    }
    v.unresolved(body, &o.source)
}

fn operations(out: &mut Out, old: &Version, new: &Version) {
    let olds: BTreeMap<String, &Operation> =
        old.api.operations.iter().map(|o| (op_key(o), o)).collect();
    let news: BTreeMap<String, &Operation> =
        new.api.operations.iter().map(|o| (op_key(o), o)).collect();
    for (k, o) in &news {
        if let Some(prev) = olds.get(k) {
            operation(out, old, prev, new, o);
        }
    }
    // Routes only one side has, by page and method, where renames are paired.
    type Group<'a> = (Vec<&'a Operation>, Vec<&'a Operation>);
    let mut alone: BTreeMap<(&str, Method), Group> = BTreeMap::new();
    for (k, o) in &olds {
        if !news.contains_key(k) {
            alone.entry((&o.page, o.method)).or_default().0.push(o);
        }
    }
    for (k, o) in &news {
        if !olds.contains_key(k) {
            alone.entry((&o.page, o.method)).or_default().1.push(o);
        }
    }
    let subject = |o: &Operation| format!("{} {}", o.method, o.path);
    // A route line of the page that does not parse on one side explains a route only the
    // other side has.
    let invalid = |v: &Version, page: &str| {
        v.diagnostic(DiagKind::InvalidRoute, page, |_| true)
            .map(|d| v.cite(d))
    };
    for (removed, added) in alone.values() {
        let pairs = pair(removed, added, |a, b| route_distance(a, b));
        for (i, j) in &pairs {
            let (was, now) = (removed[*i], added[*j]);
            out.push(
                Class::RouteRenamed,
                Item::Operation,
                Kind::Renamed,
                subject(now),
                String::new(),
                Some(now.source.clone()),
            )
            .renamed_from(subject(was), Some(was.source.clone()));
        }
        for (j, o) in added.iter().enumerate() {
            if pairs.iter().any(|x| x.1 == j) {
                continue;
            }
            out.push(
                Class::RouteAdded,
                Item::Operation,
                Kind::Added,
                subject(o),
                String::new(),
                Some(o.source.clone()),
            )
            .docs_fix(invalid(old, &o.page));
        }
        for (i, o) in removed.iter().enumerate() {
            if pairs.iter().any(|x| x.0 == i) {
                continue;
            }
            out.push(
                Class::RouteRemoved,
                Item::Operation,
                Kind::Removed,
                subject(o),
                String::new(),
                Some(o.source.clone()),
            )
            .docs_fix(invalid(new, &o.page));
        }
    }
}

/// The changes of a route both sides have.
fn operation(out: &mut Out, old: &Version, prev: &Operation, new: &Version, o: &Operation) {
    let subject = format!("{} {}", o.method, o.path);
    let loc = Some(o.source.clone());
    let (was, now) = (old.route_names(prev), new.route_names(o));
    let stub = |n: Option<&RouteNames>| show(n.map(|n| &n.stub));
    if stub(was) != stub(now) {
        out.push(
            Class::RustNameChanged,
            Item::Operation,
            Kind::Changed,
            subject.clone(),
            format!("stub `{}` → `{}`", stub(was), stub(now)),
            loc.clone(),
        );
    }
    let params = |n: Option<&RouteNames>| {
        n.into_iter()
            .flat_map(|n| &n.params)
            .map(|p| p.rust.to_string())
            .collect::<Vec<_>>()
    };
    if params(was) != params(now) {
        out.push(
            Class::PathParamsChanged,
            Item::Operation,
            Kind::Changed,
            subject.clone(),
            format!("path parameters {:?} → {:?}", params(was), params(now)),
            loc.clone(),
        );
    }
    request(out, old, prev, new, o, &subject);
    let resp = |x: &Operation| {
        x.response
            .as_ref()
            .and_then(|r| r.body.as_ref())
            .map_or("none".to_owned(), TypeUse::to_string)
    };
    if resp(prev) != resp(o) {
        let basis = response_basis(old, prev).or_else(|| response_basis(new, o));
        out.push(
            Class::ResponseBodyChanged,
            Item::Operation,
            Kind::Changed,
            subject.clone(),
            format!("response body {} → {}", resp(prev), resp(o)),
            loc.clone(),
        )
        .docs_fix(basis);
    }
    if prev.permissions != o.permissions {
        out.push(
            Class::PermissionsChanged,
            Item::Operation,
            Kind::Changed,
            subject.clone(),
            permissions_detail(&prev.permissions, &o.permissions),
            loc.clone(),
        );
    }
    if prev.summary != o.summary || prev.title != o.title {
        out.push(
            Class::DescriptionChanged,
            Item::Operation,
            Kind::Changed,
            subject,
            "description".into(),
            loc,
        );
    }
}

/// Request bodies: parameter objects are compared parameter by parameter; anything else as a
/// whole.
fn request(
    out: &mut Out,
    old: &Version,
    prev: &Operation,
    new: &Version,
    o: &Operation,
    subject: &str,
) {
    let loc = Some(o.source.clone());
    let (
        Some(RequestBody::Parameters { params: was, .. }),
        Some(RequestBody::Parameters { params: now, .. }),
    ) = (&prev.request, &o.request)
    else {
        if body_text(&prev.request) != body_text(&o.request) {
            let unresolved = |v: &Version, r: &Option<RequestBody>, at: &Location| match r {
                Some(RequestBody::Type(u)) => v.unresolved(u, at),
                _ => None,
            };
            let basis = unresolved(old, &prev.request, &prev.source)
                .or_else(|| unresolved(new, &o.request, &o.source));
            out.push(
                Class::RequestBodyChanged,
                Item::Operation,
                Kind::Changed,
                subject.to_owned(),
                format!(
                    "request body {} → {}",
                    body_text(&prev.request),
                    body_text(&o.request)
                ),
                loc,
            )
            .docs_fix(basis);
        }
        return;
    };
    let find = |ps: &'_ [Property], name: &str| {
        ps.iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .cloned()
    };
    for p in now {
        match find(was, &p.name) {
            None => {
                let (class, how) = if p.required == Some(true) {
                    (Class::RequiredParameterAdded, "required")
                } else {
                    (Class::ParameterAdded, "optional")
                };
                out.push(
                    class,
                    Item::Operation,
                    Kind::Changed,
                    subject.to_owned(),
                    format!("request parameter `{}` added ({how}, {})", p.name, p.ty),
                    Some(p.source.clone()),
                )
                .docs_fix(new.unresolved(&p.ty, &p.source));
            }
            Some(q) if q.ty != p.ty => {
                let basis = old
                    .unresolved(&q.ty, &q.source)
                    .or_else(|| new.unresolved(&p.ty, &p.source));
                out.push(
                    Class::ParameterRetyped,
                    Item::Operation,
                    Kind::Changed,
                    subject.to_owned(),
                    format!("request parameter `{}`: type {} → {}", p.name, q.ty, p.ty),
                    Some(p.source.clone()),
                )
                .docs_fix(basis);
            }
            Some(_) => {}
        }
    }
    for q in was {
        if find(now, &q.name).is_none() {
            out.push(
                Class::ParameterRemoved,
                Item::Operation,
                Kind::Changed,
                subject.to_owned(),
                format!("request parameter `{}` removed ({})", q.name, q.ty),
                loc.clone(),
            )
            .docs_fix(old.unresolved(&q.ty, &q.source));
        }
    }
}

/// Which permission was added or removed for which type of access, e.g. ``Application: added
/// `Chat.Read.All`; removed `Chat.ReadWrite.All` ``.
fn permissions_detail(old: &[Permission], new: &[Permission]) -> String {
    let norm = |k: &str| {
        k.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let state = |p: Option<&Permission>| match p {
        None => "not listed",
        Some(p) if p.not_supported => "not supported",
        Some(p) if p.placeholder || p.names.is_empty() => "not documented",
        Some(_) => "",
    };
    // Rows granting one access are one type of access however their label is written; types
    // the reference does not name are told apart by their words.
    let key = |k: &PermissionKind| match k.access() {
        Access::Other => (Access::Other, norm(k.label())),
        a => (a, String::new()),
    };
    let mut kinds: Vec<&PermissionKind> = Vec::new();
    for p in old.iter().chain(new) {
        if !kinds.iter().any(|k| key(k) == key(&p.kind)) {
            kinds.push(&p.kind);
        }
    }
    let mut parts: Vec<String> = Vec::new();
    for kind in kinds {
        let find = |ps: &'_ [Permission]| ps.iter().find(|p| key(&p.kind) == key(kind)).cloned();
        let (a, b) = (find(old), find(new));
        let names =
            |p: &Option<Permission>| p.as_ref().map(|p| p.names.clone()).unwrap_or_default();
        let (an, bn) = (names(&a), names(&b));
        let mut said: Vec<String> = Vec::new();
        let (sa, sb) = (state(a.as_ref()), state(b.as_ref()));
        if sa != sb && !(sa.is_empty() && sb.is_empty()) {
            let show = |s: &str| if s.is_empty() { "listed" } else { s }.to_owned();
            said.push(format!("{} → {}", show(sa), show(sb)));
        }
        let quote = |v: Vec<&String>| {
            v.iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let plus: Vec<&String> = bn.iter().filter(|n| !an.contains(n)).collect();
        let minus: Vec<&String> = an.iter().filter(|n| !bn.contains(n)).collect();
        if !plus.is_empty() {
            said.push(format!("added {}", quote(plus)));
        }
        if !minus.is_empty() {
            said.push(format!("removed {}", quote(minus)));
        }
        if said.is_empty() && an != bn {
            said.push("reordered".into());
        }
        if said.is_empty() && a.as_ref().map(|p| &p.kind) != b.as_ref().map(|p| &p.kind) {
            said.push("type of access renamed".into());
        }
        if !said.is_empty() {
            parts.push(format!("{kind}: {}", said.join(", ")));
        }
    }
    if parts.is_empty() {
        "permissions".into()
    } else {
        format!("permissions: {}", parts.join("; "))
    }
}
