//! API changelog between two versions of the docs: what was added, removed or changed, each
//! classed as breaking or not for a Rust user of the generated crate. Description-only changes
//! are kept apart so they can be hidden.

pub mod render;

use crate::model::{Api, EnumDef, Operation, Property, RequestBody, TypeDef, TypeUse};
use crate::span::Location;
use serde::Serialize;
use std::collections::BTreeMap;

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
    /// Only documentation text changed.
    Description,
}

/// One change.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// How much it matters.
    pub impact: Impact,
    /// What kind of item.
    pub item: Item,
    /// Added, removed or changed.
    pub kind: Kind,
    /// The item: `microsoft.graph.user.displayName`, `GET /users/{id}`.
    pub subject: String,
    /// What changed, in words (empty for plain additions and removals).
    pub detail: String,
    /// Where the item is in the new docs (or the old, for removals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
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

fn type_text(u: &TypeUse) -> String {
    let inner = match &u.ty {
        crate::model::TypeRef::Primitive(p) => p.edm_name().to_owned(),
        crate::model::TypeRef::Type(q) | crate::model::TypeRef::Enum(q) => q.to_string(),
        crate::model::TypeRef::Unresolved(t) => format!("?{t}"),
    };
    if u.collection {
        format!("Collection({inner})")
    } else {
        inner
    }
}

struct Out(Vec<Change>);

impl Out {
    fn push(
        &mut self,
        impact: Impact,
        item: Item,
        kind: Kind,
        subject: String,
        detail: String,
        location: Option<Location>,
    ) {
        self.0.push(Change {
            impact,
            item,
            kind,
            subject,
            detail,
            location,
        });
    }
}

/// Compares two models.
pub fn diff(old: &Api, new: &Api) -> Changelog {
    let mut out = Out(Vec::new());
    let key = |t: &TypeDef| t.name.to_string().to_lowercase();
    let olds: BTreeMap<String, &TypeDef> = old.types.iter().map(|t| (key(t), t)).collect();
    let news: BTreeMap<String, &TypeDef> = new.types.iter().map(|t| (key(t), t)).collect();
    for (k, t) in &news {
        match olds.get(k) {
            None => out.push(
                Impact::NonBreaking,
                Item::Type,
                Kind::Added,
                t.name.to_string(),
                String::new(),
                t.sources.first().cloned(),
            ),
            Some(o) => types(&mut out, old, o, new, t),
        }
    }
    for (k, t) in &olds {
        if !news.contains_key(k) {
            out.push(
                Impact::Breaking,
                Item::Type,
                Kind::Removed,
                t.name.to_string(),
                String::new(),
                t.sources.first().cloned(),
            );
        }
    }
    let ekey = |e: &EnumDef| e.name.to_string().to_lowercase();
    let olde: BTreeMap<String, &EnumDef> = old.enums.iter().map(|e| (ekey(e), e)).collect();
    let newe: BTreeMap<String, &EnumDef> = new.enums.iter().map(|e| (ekey(e), e)).collect();
    for (k, e) in &newe {
        match olde.get(k) {
            None => out.push(
                Impact::NonBreaking,
                Item::Enum,
                Kind::Added,
                e.name.to_string(),
                String::new(),
                e.sources.first().cloned(),
            ),
            Some(o) => enums(&mut out, o, e),
        }
    }
    for (k, e) in &olde {
        if !newe.contains_key(k) {
            out.push(
                Impact::Breaking,
                Item::Enum,
                Kind::Removed,
                e.name.to_string(),
                String::new(),
                e.sources.first().cloned(),
            );
        }
    }
    operations(&mut out, old, new);
    let mut changes = out.0;
    changes.sort();
    changes.dedup();
    Changelog { changes }
}

fn types(out: &mut Out, old_api: &Api, old: &TypeDef, new_api: &Api, new: &TypeDef) {
    let subject = new.name.to_string();
    let loc = new.sources.first().cloned();
    if old.base != new.base {
        let show = |b: &Option<crate::model::QName>| {
            b.as_ref().map_or("none".to_owned(), ToString::to_string)
        };
        out.push(
            Impact::Breaking,
            Item::Type,
            Kind::Changed,
            subject.clone(),
            format!("base type {} → {}", show(&old.base), show(&new.base)),
            loc.clone(),
        );
    }
    if old.rust != new.rust {
        out.push(
            Impact::Breaking,
            Item::Type,
            Kind::Changed,
            subject.clone(),
            format!("Rust name `{}` → `{}`", old.rust, new.rust),
            loc.clone(),
        );
    }
    if old.description != new.description {
        out.push(
            Impact::Description,
            Item::Type,
            Kind::Changed,
            subject.clone(),
            "description".into(),
            loc,
        );
    }
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
    for (k, p) in &newp {
        let subject = format!("{}.{}", new.name, p.name);
        let loc = Some(p.source.clone());
        match oldp.get(k) {
            None if p.required == Some(true) => {
                out.push(
                    Impact::Breaking,
                    Item::Property,
                    Kind::Added,
                    subject,
                    format!("new required property of type {}", type_text(&p.ty)),
                    loc,
                );
            }
            None => out.push(
                Impact::NonBreaking,
                Item::Property,
                Kind::Added,
                subject,
                format!("type {}", type_text(&p.ty)),
                loc,
            ),
            Some(o) => {
                if o.ty != p.ty {
                    out.push(
                        Impact::Breaking,
                        Item::Property,
                        Kind::Changed,
                        subject.clone(),
                        format!("type {} → {}", type_text(&o.ty), type_text(&p.ty)),
                        loc.clone(),
                    );
                }
                if o.rust != p.rust || o.name != p.name {
                    out.push(
                        Impact::Breaking,
                        Item::Property,
                        Kind::Changed,
                        subject.clone(),
                        format!(
                            "name `{}` (`{}`) → `{}` (`{}`)",
                            o.name, o.rust, p.name, p.rust
                        ),
                        loc.clone(),
                    );
                }
                match (o.required, p.required) {
                    (a, Some(true)) if a != Some(true) => {
                        out.push(
                            Impact::Breaking,
                            Item::Property,
                            Kind::Changed,
                            subject.clone(),
                            "now required".into(),
                            loc.clone(),
                        );
                    }
                    (Some(true), b) if b != Some(true) => {
                        out.push(
                            Impact::NonBreaking,
                            Item::Property,
                            Kind::Changed,
                            subject.clone(),
                            "no longer required".into(),
                            loc.clone(),
                        );
                    }
                    _ => {}
                }
                if o.description != p.description {
                    out.push(
                        Impact::Description,
                        Item::Property,
                        Kind::Changed,
                        subject,
                        "description".into(),
                        loc,
                    );
                }
            }
        }
    }
    for (k, p) in &oldp {
        if !newp.contains_key(k) {
            out.push(
                Impact::Breaking,
                Item::Property,
                Kind::Removed,
                format!("{}.{}", new.name, p.name),
                format!("type {}", type_text(&p.ty)),
                Some(p.source.clone()),
            );
        }
    }
}

fn enums(out: &mut Out, old: &EnumDef, new: &EnumDef) {
    let loc = new.sources.first().cloned();
    for m in &new.members {
        if !old.members.iter().any(|o| o.name == m.name) {
            // The service may send new members of an evolvable enum; others are a contract change.
            let impact = if old.evolvable {
                Impact::NonBreaking
            } else {
                Impact::Breaking
            };
            let detail = if old.evolvable {
                "evolvable enum"
            } else {
                "enum without unknownFutureValue"
            };
            out.push(
                impact,
                Item::Member,
                Kind::Added,
                format!("{}.{}", new.name, m.name),
                detail.into(),
                loc.clone(),
            );
        }
    }
    for m in &old.members {
        if !new.members.iter().any(|n| n.name == m.name) {
            out.push(
                Impact::Breaking,
                Item::Member,
                Kind::Removed,
                format!("{}.{}", new.name, m.name),
                String::new(),
                loc.clone(),
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
            Impact::Description,
            Item::Enum,
            Kind::Changed,
            new.name.to_string(),
            "description".into(),
            loc,
        );
    }
}

/// Routes are matched by method and path with parameter names ignored.
fn op_key(o: &Operation) -> String {
    let mut k = format!("{} ", o.method);
    for piece in &o.pieces {
        match piece {
            crate::model::PathPiece::Literal(s) => k.push_str(&s.to_lowercase()),
            crate::model::PathPiece::Param { .. } => k.push_str("{}"),
        }
    }
    k
}

fn body_text(r: &Option<RequestBody>) -> String {
    match r {
        None => "none".into(),
        Some(RequestBody::Type(u)) => type_text(u),
        Some(RequestBody::Parameters { params, .. }) => {
            let ps: Vec<String> = params
                .iter()
                .map(|p| format!("{}: {}", p.name, type_text(&p.ty)))
                .collect();
            format!("{{{}}}", ps.join(", "))
        }
    }
}

fn operations(out: &mut Out, old: &Api, new: &Api) {
    let olds: BTreeMap<String, &Operation> =
        old.operations.iter().map(|o| (op_key(o), o)).collect();
    let news: BTreeMap<String, &Operation> =
        new.operations.iter().map(|o| (op_key(o), o)).collect();
    for (k, o) in &news {
        let subject = format!("{} {}", o.method, o.path);
        let loc = Some(o.source.clone());
        let Some(prev) = olds.get(k) else {
            out.push(
                Impact::NonBreaking,
                Item::Operation,
                Kind::Added,
                subject,
                String::new(),
                loc,
            );
            continue;
        };
        if prev.rust != o.rust {
            out.push(
                Impact::Breaking,
                Item::Operation,
                Kind::Changed,
                subject.clone(),
                format!("stub `{}` → `{}`", prev.rust, o.rust),
                loc.clone(),
            );
        }
        let params = |x: &Operation| {
            x.params
                .iter()
                .map(|p| p.rust.to_string())
                .collect::<Vec<_>>()
        };
        if params(prev) != params(o) {
            out.push(
                Impact::Breaking,
                Item::Operation,
                Kind::Changed,
                subject.clone(),
                format!("path parameters {:?} → {:?}", params(prev), params(o)),
                loc.clone(),
            );
        }
        if body_text(&prev.request) != body_text(&o.request) {
            out.push(
                Impact::Breaking,
                Item::Operation,
                Kind::Changed,
                subject.clone(),
                format!(
                    "request body {} → {}",
                    body_text(&prev.request),
                    body_text(&o.request)
                ),
                loc.clone(),
            );
        }
        let resp = |x: &Operation| {
            x.response
                .as_ref()
                .and_then(|r| r.body.as_ref())
                .map_or("none".to_owned(), type_text)
        };
        if resp(prev) != resp(o) {
            out.push(
                Impact::Breaking,
                Item::Operation,
                Kind::Changed,
                subject.clone(),
                format!("response body {} → {}", resp(prev), resp(o)),
                loc.clone(),
            );
        }
        if prev.permissions != o.permissions {
            out.push(
                Impact::NonBreaking,
                Item::Operation,
                Kind::Changed,
                subject.clone(),
                "permissions".into(),
                loc.clone(),
            );
        }
        if prev.summary != o.summary || prev.title != o.title {
            out.push(
                Impact::Description,
                Item::Operation,
                Kind::Changed,
                subject,
                "description".into(),
                loc,
            );
        }
    }
    for (k, o) in &olds {
        if !news.contains_key(k) {
            out.push(
                Impact::Breaking,
                Item::Operation,
                Kind::Removed,
                format!("{} {}", o.method, o.path),
                String::new(),
                Some(o.source.clone()),
            );
        }
    }
}
