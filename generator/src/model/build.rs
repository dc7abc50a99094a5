//! Pages → one resolved [`Api`]: declarations are collected from every page first, then every
//! type reference is resolved against them, then what derives from the items is filled in.

use super::api::*;
use super::links::PageIndex;
use super::resolve;
use crate::diag::{Conflict, Detail, Diagnostic, Severity, TypeSite};
use crate::edm::Primitive;
use crate::kinds::Method;
use crate::parse::page::{
    Example, ExampleKind, Page, PageKind, PropertyRow, PropertyTable, TableRole,
};
use crate::parse::route::PathPart;
use crate::parse::typeexpr::TypeExpr;
use crate::span::{Location, Span};
use heck::ToUpperCamelCase;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The namespace of pages that do not say theirs.
pub const DEFAULT_NAMESPACE: &str = "microsoft.graph";

/// A property row and where it came from, before resolution.
#[derive(Clone, Copy)]
struct RowRef<'a> {
    row: &'a PropertyRow,
    page: usize,
    /// 0 = resource page table, 1 = request body of an API page, 2 = only in a resource page's
    /// JSON representation; lower wins.
    prio: u8,
    relationship: bool,
}

#[derive(Default)]
struct TypeDecl<'a> {
    name: Option<QName>,
    rows: Vec<RowRef<'a>>,
    sources: Vec<Location>,
    base: Option<QName>,
    description: Option<String>,
    /// `keyProperty`, `abstract` and `openType` of the resource page's annotation (open also
    /// when its title or introduction says so).
    key_property: Option<String>,
    is_abstract: bool,
    open_type: bool,
}

/// What a `GET` of one path returns (see `Builder::read_types`).
struct Read {
    /// The type the first page documenting the `GET` returns (the one operations keep).
    ty: TypeUse,
    /// Another page documents the same `GET` returning another type (`eventMessage` and
    /// `message` both at `/me/messages/{id}`): the path alone does not say which is updated.
    ambiguous: bool,
}

/// A member as declared: name, value, description.
type MemberDecl = (String, Option<i64>, Option<String>);

#[derive(Default)]
struct EnumDecl {
    name: Option<QName>,
    members: Vec<MemberDecl>,
    /// Index in `members` of each lower-cased member name (each appears once).
    by_lower: HashMap<String, usize>,
    sources: Vec<Location>,
    /// `sources` as a set: an enum named by many "Possible values" rows has a source per row.
    source_set: HashSet<Location>,
    /// Declared by a member table (authoritative) rather than only by "Possible values" lists.
    from_table: bool,
}

struct Builder<'a> {
    pages: &'a [Page],
    paths: Vec<&'a str>,
    index: PageIndex,
    types: BTreeMap<String, TypeDecl<'a>>,
    enums: BTreeMap<String, EnumDecl>,
    /// Declared type of each resource page, by page index.
    page_types: HashMap<usize, QName>,
    /// Enums declared by member tables: (page index, heading anchor) → enum.
    enum_anchors: HashMap<(usize, String), QName>,
    /// `### x property values` tables: (page index, lower-cased property name) → the values.
    property_values: HashMap<(usize, String), Vec<String>>,
    diags: Vec<Diagnostic>,
}

fn namespace_of(page: &Page) -> &str {
    page.namespace
        .as_ref()
        .map_or(DEFAULT_NAMESPACE, |n| n.text.as_str())
}

fn loc(page: &Page, at: Span) -> Location {
    Location::new(page.path.clone(), at)
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// Builds the model. `pages` should be sorted by path: every order in the model derives from it.
pub fn build(pages: &[Page]) -> Api {
    let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    let mut b = Builder {
        pages,
        index: PageIndex::new(paths.iter().copied()),
        paths,
        types: BTreeMap::new(),
        enums: BTreeMap::new(),
        page_types: HashMap::new(),
        enum_anchors: HashMap::new(),
        property_values: HashMap::new(),
        diags: Vec::new(),
    };
    b.declare_enum_tables();
    b.declare_resource_types();
    b.resolve_bases();
    b.declare_request_body_types();
    b.declare_api_property_tables();
    let reads = b.read_types();
    b.declare_update_tables(&reads);
    b.declare_inline_enums();
    let types = b.resolve_types();
    let (operations, hints) = b.operations();
    let mut api = Api {
        types,
        operations,
        enums: b.finish_enums(),
        ..Api::default()
    };
    infer_request_types(pages, &mut api, &hints, &reads);
    b.check_namespaces();
    finish(&mut api);
    for p in pages {
        api.diagnostics.extend(p.diagnostics.iter().cloned());
    }
    api.diagnostics.append(&mut b.diags);
    api.diagnostics.sort();
    api.diagnostics.dedup();
    api
}

impl<'a> Builder<'a> {
    fn warn(&mut self, page: usize, at: Span, detail: Detail) {
        let p = &self.pages[page];
        self.diags.push(Diagnostic::warning(&p.path, at, detail));
    }

    fn declare_type(&mut self, name: QName, source: Location) -> &mut TypeDecl<'a> {
        let decl = self.types.entry(name.key()).or_default();
        if decl.name.is_none() {
            decl.name = Some(name);
        }
        if !decl.sources.contains(&source) {
            decl.sources.push(source);
        }
        decl
    }

    /// Resource pages declare their type (issue: the annotation names it; the title often differs).
    fn declare_resource_types(&mut self) {
        for (i, page) in self.pages.iter().enumerate() {
            if page.kind != PageKind::Resource {
                continue;
            }
            let ns = namespace_of(page);
            // The annotation's `@odata.type`, else the representation's own: either names the
            // type whatever the title says ("vendors resource type" documents `vendor`).
            let annotated = page.json_representation.as_ref().and_then(|j| {
                let from_annotation = j.annotation.as_ref().and_then(|a| {
                    a.str("@odata.type")
                        .or_else(|| a.str("@type"))
                        .map(|t| QName::parse(t, ns))
                });
                from_annotation.or_else(|| match &j.body {
                    crate::parse::example::Body::Json { value } => value
                        .get("@odata.type")
                        .and_then(serde_json::Value::as_str)
                        .filter(|t| !t.trim().is_empty())
                        .map(|t| QName::parse(t, ns)),
                    _ => None,
                })
            });
            let has_table = page
                .tables
                .iter()
                .any(|t| matches!(t.role, TableRole::Properties | TableRole::Relationships));
            // A container or abstract base may have no property table ("Properties: None"), yet
            // its page says it is a type.
            let says_type = page.title_subject.resource_type;
            let name = annotated.or_else(|| {
                // Without an annotation, the title's first word names the type ("user resource
                // type"), on a page that has a properties table or says it is a resource type.
                if !has_table && !says_type {
                    return None;
                }
                let word = page.title_subject.name.as_deref()?;
                Some(QName::parse(word, ns))
            });
            let Some(name) = name else {
                continue;
            };
            self.page_types.insert(i, name.clone());
            let base = page
                .json_representation
                .as_ref()
                .and_then(|j| {
                    j.annotation
                        .as_ref()?
                        .str("baseType")
                        .map(|b| QName::parse(b, ns))
                })
                .or_else(|| {
                    // Prose bases are links to resource pages; they are resolved once every
                    // resource page has declared its type (see `resolve_bases`).
                    let l = page.inherits_from.as_ref()?;
                    Some(QName::parse(&l.text, ns))
                });
            let description = page.summary.as_ref().and_then(|s| non_empty(&s.text));
            let at = page.title.as_ref().map_or(Span::new(1, 1), |t| t.at);
            let decl = self.declare_type(name, loc(page, at));
            decl.base = decl.base.take().or(base);
            decl.description = decl.description.take().or(description);
            if let Some(a) = page
                .json_representation
                .as_ref()
                .and_then(|j| j.annotation.as_ref())
            {
                if decl.key_property.is_none() {
                    decl.key_property = a.str("keyProperty").and_then(non_empty);
                }
                decl.is_abstract |= a.bool("abstract").unwrap_or(false);
                decl.open_type |= a.bool("openType").unwrap_or(false);
            }
            decl.open_type |= page.says_open.is_some();
            // An open type's representation shows dynamic properties, which are data.
            let open = decl.open_type;
            if let Some(json) = page.json_representation.as_ref().filter(|_| !open) {
                for row in &json.properties {
                    decl.rows.push(RowRef {
                        row,
                        page: i,
                        prio: 2,
                        relationship: false,
                    });
                }
            }
            for t in &page.tables {
                let relationship = match t.role {
                    TableRole::Properties => false,
                    TableRole::Relationships => true,
                    _ => continue,
                };
                for row in &t.rows {
                    decl.rows.push(RowRef {
                        row,
                        page: i,
                        prio: 0,
                        relationship,
                    });
                }
            }
        }
    }

    /// Bases named by a prose link take the type the linked page declares (link text and type
    /// name often differ in case or namespace).
    fn resolve_bases(&mut self) {
        let mut fixes = Vec::new();
        for (i, page) in self.pages.iter().enumerate() {
            let (Some(own), Some(link)) = (self.page_types.get(&i), page.inherits_from.as_ref())
            else {
                continue;
            };
            let has_annotated = page
                .json_representation
                .as_ref()
                .and_then(|j| j.annotation.as_ref()?.str("baseType"))
                .is_some();
            if has_annotated || link.dest.is_empty() {
                continue;
            }
            if let Some(t) = self.index.resolve(&page.path, &link.dest, &self.paths) {
                if let Some(q) = self.page_types.get(&t.page) {
                    fixes.push((own.key(), q.clone()));
                }
            }
        }
        for (key, base) in fixes {
            if let Some(d) = self.types.get_mut(&key) {
                if d.name.as_ref() != Some(&base) {
                    d.base = Some(base);
                }
            }
        }
    }

    /// `## Members` of enum pages and `### x values` sections declare enums with their members.
    fn declare_enum_tables(&mut self) {
        let pages = self.pages;
        for (i, page) in pages.iter().enumerate() {
            let ns = namespace_of(page);
            for t in &page.enum_tables {
                if t.property {
                    // The values of one property: attached to it, not an enum.
                    let values = t.members.iter().map(|m| m.name.clone()).collect();
                    self.property_values
                        .insert((i, t.name.to_ascii_lowercase()), values);
                    continue;
                }
                let q = QName::parse(&t.name, ns);
                let members: Vec<MemberDecl> = t
                    .members
                    .iter()
                    .map(|m| (m.name.clone(), m.value, non_empty(&m.description.text)))
                    .collect();
                self.declare_enum(q.clone(), members, loc(page, t.at), true);
                self.enum_anchors.insert((i, t.anchor.clone()), q);
            }
        }
    }

    /// The enum a link to a member table (or an enum page) names.
    fn enum_for_link(&self, target: &super::links::Target) -> Option<QName> {
        if let Some(a) = &target.anchor {
            return self
                .enum_anchors
                .get(&(target.page, a.to_lowercase()))
                .cloned();
        }
        let page = &self.pages[target.page];
        match page.enum_tables.as_slice() {
            [only]
                if page.kind != PageKind::Resource
                    || !self.page_types.contains_key(&target.page) =>
            {
                self.enum_anchors
                    .get(&(target.page, only.anchor.clone()))
                    .cloned()
            }
            _ => None,
        }
    }

    /// The type an API page's request body supplies: the request-body prose link, else the
    /// request example's `@odata.type`.
    fn body_type(&self, i: usize) -> Option<QName> {
        let page = &self.pages[i];
        let ns = namespace_of(page);
        // A link to another API page ("use the ID returned from [List apps](x.md)") is advice,
        // not the body's type: the examples say what the body is.
        let link = page.request_body_type.as_ref().and_then(|link| {
            let target = self.index.resolve(&page.path, &link.dest, &self.paths);
            match target {
                Some(t) if self.page_types.contains_key(&t.page) => {
                    self.page_types.get(&t.page).cloned()
                }
                Some(t) if self.pages[t.page].kind == PageKind::Api => None,
                _ => Some(QName::parse(&link.text, ns)),
            }
        });
        if link.is_some() {
            return link;
        }
        page.examples
            .iter()
            .filter(|e| e.kind == ExampleKind::Request)
            .find_map(|e| odata_type(e).map(|t| QName::parse(&t, ns)))
    }

    /// Create and update pages define properties of the type they supply, merged below the
    /// resource page's own table.
    fn declare_request_body_types(&mut self) {
        for (i, page) in self.pages.iter().enumerate() {
            if page.kind != PageKind::Api {
                continue;
            }
            let Some(table) = body_table(page) else {
                continue;
            };
            let Some(name) = self.body_type(i) else {
                continue;
            };
            self.declare_rows(name, i, table);
        }
    }

    /// An update page that names no body type (no request-body link, no `@odata.type` in its
    /// example) updates what a `GET` of the same path returns: its request-body table's rows,
    /// some of which no other page lists, are properties of that type. Not where pages disagree
    /// on what the `GET` returns (a base and a derived type at one path). `reads` is
    /// [`Builder::read_types`].
    fn declare_update_tables(&mut self, reads: &HashMap<String, Read>) {
        for (i, page) in self.pages.iter().enumerate() {
            if page.kind != PageKind::Api || self.body_type(i).is_some() {
                continue;
            }
            let Some(table) = body_table(page) else {
                continue;
            };
            let updated = page.routes.iter().find_map(|rl| {
                let hint = route_hint(&rl.route);
                let (method, path) = hint.split_once('_')?;
                if !matches!(method, "patch" | "put") {
                    return None;
                }
                match reads.get(path)? {
                    Read {
                        ty:
                            TypeUse {
                                ty: TypeRef::Type(q),
                                collection: false,
                            },
                        ambiguous: false,
                    } => Some(q.clone()),
                    _ => None,
                }
            });
            if let Some(name) = updated {
                self.declare_rows(name, i, table);
            }
        }
    }

    /// A `Property | Type | Description` table on an API page under an `x properties` heading
    /// of its own (`### Command properties` below the request body's parameters, `## widgetStatus
    /// properties`) describes a type the page names: the one whose name ends with `x`, among the
    /// types the page's tables, request body and examples name. Its rows are properties of that
    /// type, merged below a resource page's own (the type may have no resource page).
    fn declare_api_property_tables(&mut self) {
        for (i, page) in self.pages.iter().enumerate() {
            if page.kind != PageKind::Api {
                continue;
            }
            for table in page
                .tables(TableRole::Properties)
                .filter(|t| t.of_properties)
            {
                if let Some(name) = self.described_type(i, table) {
                    self.declare_rows(name, i, table);
                }
            }
        }
    }

    /// The type an API page's `x properties` table describes (see
    /// [`Builder::declare_api_property_tables`]); `None` when no type, or more than one, fits.
    fn described_type(&self, i: usize, table: &PropertyTable) -> Option<QName> {
        let page = &self.pages[i];
        let ns = namespace_of(page);
        let subject = page.table_subject(table)?;
        let rows = page.tables.iter().flat_map(|t| &t.rows);
        let mut named: Vec<QName> = rows
            .filter_map(|r| match element(&r.ty) {
                TypeExpr::Named { name, .. } => Some(QName::parse(name, ns)),
                _ => None,
            })
            .chain(self.body_type(i))
            .chain(
                page.examples
                    .iter()
                    .filter_map(odata_type)
                    .map(|t| QName::parse(crate::parse::typeexpr::split_collection(&t).0, ns)),
            )
            .map(|q| self.find_type(&q.to_string(), ns).unwrap_or(q))
            .filter(|q| q.name.to_lowercase().ends_with(&subject))
            .collect();
        named.sort();
        named.dedup();
        match named.as_slice() {
            [only] => Some(only.clone()),
            _ => None,
        }
    }

    /// Adds a table's rows to `name`'s declaration, below a resource page's own rows.
    fn declare_rows(&mut self, name: QName, page: usize, table: &'a PropertyTable) {
        let decl = self.declare_type(name, loc(&self.pages[page], table.at));
        for row in &table.rows {
            decl.rows.push(RowRef {
                row,
                page,
                prio: 1,
                relationship: false,
            });
        }
    }

    /// What a `GET` of each path returns when that is a type, by the path words of its
    /// [`route_hint`]: the type an update of the same path sends. Read before the model is
    /// resolved, so it hears nothing of the responses' problems; `operations` reports them.
    fn read_types(&mut self) -> HashMap<String, Read> {
        let quiet = self.diags.len();
        let mut seen = std::collections::HashSet::new();
        let mut out: HashMap<String, Read> = HashMap::new();
        for i in 0..self.pages.len() {
            let page = &self.pages[i];
            if page.kind != PageKind::Api {
                continue;
            }
            // Each path with whether this page documents its `GET` first (as operations count).
            let paths: Vec<(String, bool)> = page
                .routes
                .iter()
                .filter_map(|rl| {
                    let hint = route_hint(&rl.route);
                    let path = hint.strip_prefix("get_")?.to_owned();
                    Some((path, seen.insert(hint)))
                })
                .collect();
            if paths.is_empty() {
                continue;
            }
            let Some(
                u @ TypeUse {
                    ty: TypeRef::Type(_),
                    ..
                },
            ) = self.response(i).and_then(|r| r.body)
            else {
                continue;
            };
            for (path, first) in paths {
                match out.get_mut(&path) {
                    None if first => {
                        out.insert(
                            path,
                            Read {
                                ty: u.clone(),
                                ambiguous: false,
                            },
                        );
                    }
                    Some(r) if r.ty != u => r.ambiguous = true,
                    _ => {}
                }
            }
        }
        self.diags.truncate(quiet);
        out
    }

    /// Whether a name resolves to a declared type (for deciding that a named type with
    /// "Possible values" is an enum).
    fn find_type(&self, name: &str, ns: &str) -> Option<QName> {
        match resolve::resolve(self, name, ns, resolve::Kinds::Types)? {
            TypeRef::Type(q) => Some(q),
            _ => None,
        }
    }

    fn find_enum(&self, name: &str, ns: &str) -> Option<QName> {
        match resolve::resolve(self, name, ns, resolve::Kinds::Enums)? {
            TypeRef::Enum(q) => Some(q),
            _ => None,
        }
    }

    /// Declares (or extends) an enum. Member tables come first and are authoritative; a later list
    /// that differs adds its extra members and is reported.
    fn declare_enum(
        &mut self,
        name: QName,
        members: Vec<MemberDecl>,
        source: Location,
        from_table: bool,
    ) {
        let key = name.key();
        let decl = self.enums.entry(key).or_default();
        if decl.name.is_none() {
            decl.name = Some(name.clone());
        }
        let had_table = decl.from_table;
        decl.from_table |= from_table;
        let first = decl.sources.first().cloned();
        let before = decl.members.len();
        let mut added = Vec::new();
        // Which of the members declared before this list names: one lookup by lower-cased
        // name per member given, so that declaring is linear in the members given.
        let mut kept: HashSet<usize> = HashSet::new();
        for m in members {
            // Lists written by hand vary the case of members a table spells one way.
            let lower = m.0.to_ascii_lowercase();
            match decl.by_lower.get(&lower) {
                Some(&i) => {
                    if i < before {
                        kept.insert(i);
                    }
                    let x = &mut decl.members[i];
                    x.1 = x.1.or(m.1);
                    if x.2.is_none() {
                        x.2 = m.2;
                    }
                }
                None => {
                    decl.by_lower.insert(lower, decl.members.len());
                    if first.is_some() {
                        added.push(m.0.clone());
                    }
                    decl.members.push(m);
                }
            }
        }
        if decl.source_set.insert(source.clone()) {
            decl.sources.push(source.clone());
        }
        if let Some(first) = first {
            let missing: Vec<&String> = if kept.len() == before {
                Vec::new()
            } else {
                (0..before)
                    .filter(|i| !kept.contains(i))
                    .map(|i| &decl.members[i].0)
                    .collect()
            };
            if !added.is_empty() || !missing.is_empty() {
                // A partial "Possible values" list under a member table is common and harmless,
                // and so is a list that leaves out (or alone adds) the evolvable-enum sentinel.
                let sentinel_only = added
                    .iter()
                    .chain(missing.iter().copied())
                    .all(|m| m.eq_ignore_ascii_case("unknownFutureValue"));
                let severity = if (had_table && added.is_empty()) || sentinel_only {
                    Severity::Note
                } else {
                    Severity::Warning
                };
                self.diags.push(
                    Diagnostic::warning(
                        &source.file,
                        source.at,
                        Detail::Conflict {
                            of: Conflict::EnumMembers {
                                name: name.to_string(),
                                first,
                                added,
                                missing: missing.into_iter().cloned().collect(),
                            },
                        },
                    )
                    .with_severity(severity),
                );
            }
        }
    }

    /// A named type cell with "Possible values are…" that names no declared type declares an enum.
    fn declare_inline_enums(&mut self) {
        let pages = self.pages;
        for page in pages {
            let ns = namespace_of(page);
            for t in &page.tables {
                for row in &t.rows {
                    let Some(pv) = &row.description.possible_values else {
                        continue;
                    };
                    let TypeExpr::Named { name, .. } = element(&row.ty) else {
                        continue;
                    };
                    if self.find_type(name, ns).is_some() {
                        continue;
                    }
                    let q = self
                        .find_enum(name, ns)
                        .unwrap_or_else(|| QName::parse(name, ns));
                    let members: Vec<MemberDecl> =
                        pv.values.iter().map(|v| (v.clone(), None, None)).collect();
                    self.declare_enum(q, members, loc(page, row.type_at), false);
                }
            }
        }
    }

    /// Resolves a type cell of `page` to a model type.
    fn resolve(&mut self, ty: &TypeExpr, page: usize, at: Span) -> TypeUse {
        match ty {
            TypeExpr::Collection(inner) => {
                let mut u = self.resolve(inner, page, at);
                u.collection = true;
                u
            }
            TypeExpr::Primitive(p) => TypeUse {
                ty: TypeRef::Primitive(*p),
                collection: false,
            },
            TypeExpr::Named { name, link } => {
                let p = &self.pages[page];
                let ns = namespace_of(p);
                let mut found = None;
                if let Some(dest) = link {
                    if let Some(t) = self.index.resolve(&p.path, dest, &self.paths) {
                        found = match self.enum_for_link(&t) {
                            Some(e) => Some(TypeRef::Enum(e)),
                            None if t.anchor.is_none() => {
                                self.page_types.get(&t.page).cloned().map(TypeRef::Type)
                            }
                            None => None,
                        };
                    }
                }
                let found = found
                    .or_else(|| resolve::resolve(self, name, ns, resolve::Kinds::Any))
                    .or_else(|| Primitive::from_name(name).map(TypeRef::Primitive));
                let ty = found.unwrap_or_else(|| {
                    self.warn(
                        page,
                        at,
                        Detail::UnresolvedType {
                            name: name.clone(),
                            site: TypeSite::Named,
                        },
                    );
                    TypeRef::Unresolved(name.clone())
                });
                TypeUse {
                    ty,
                    collection: false,
                }
            }
            TypeExpr::Enumeration => TypeUse {
                ty: TypeRef::Primitive(Primitive::String),
                collection: false,
            },
            TypeExpr::Unknown(raw) => {
                self.warn(
                    page,
                    at,
                    Detail::UnresolvedType {
                        name: raw.clone(),
                        site: TypeSite::Cell,
                    },
                );
                TypeUse {
                    ty: TypeRef::Unresolved(raw.clone()),
                    collection: false,
                }
            }
        }
    }

    /// A row → a property. `owner` names anonymous `Enumeration` enums.
    fn property(&mut self, r: RowRef<'a>, owner: Option<&QName>) -> Property {
        let row = r.row;
        let page = &self.pages[r.page];
        let mut ty = self.resolve(&row.ty, r.page, row.type_at);
        let values: Vec<String> = row
            .description
            .possible_values
            .as_ref()
            .map(|p| p.values.clone())
            .unwrap_or_default();
        // `Enumeration` with listed values: an enum named after its owner and property.
        if matches!(element(&row.ty), TypeExpr::Enumeration) && !values.is_empty() {
            let ns = owner
                .map_or(namespace_of(page), |o| o.namespace.as_str())
                .to_owned();
            let base = owner.map_or(String::new(), |o| o.name.clone());
            let q = QName::new(ns, format!("{base}{}", row.name.to_upper_camel_case()));
            let source = loc(page, row.type_at);
            let members: Vec<MemberDecl> = values.iter().map(|v| (v.clone(), None, None)).collect();
            self.declare_enum(q.clone(), members, source, false);
            ty.ty = TypeRef::Enum(q);
        }
        let possible_values = if matches!(ty.ty, TypeRef::Enum(_)) {
            Vec::new()
        } else if values.is_empty() {
            self.property_values
                .get(&(r.page, row.name.to_ascii_lowercase()))
                .cloned()
                .unwrap_or_default()
        } else {
            values
        };
        Property {
            name: row.name.clone(),
            ty,
            required: row.description.required,
            read_only: row.description.read_only,
            nullable: row.description.nullable,
            relationship: r.relationship,
            inherited_from: row.description.inherited_from.clone(),
            possible_values,
            description: non_empty(&row.description.text),
            links: row
                .description
                .links
                .iter()
                .map(|l| l.dest.clone())
                .collect(),
            source: loc(page, row.at),
        }
    }

    /// Merges each type's rows (resource page first, then request bodies) and resolves them.
    fn resolve_types(&mut self) -> Vec<TypeDef> {
        let decls = std::mem::take(&mut self.types);
        // Keep declarations visible to lookups while resolving.
        self.types = decls
            .iter()
            .map(|(k, d)| {
                (
                    k.clone(),
                    TypeDecl {
                        name: d.name.clone(),
                        ..Default::default()
                    },
                )
            })
            .collect();
        let mut out = Vec::new();
        for (_, decl) in decls {
            let Some(name) = decl.name.clone() else {
                continue;
            };
            let mut rows = decl.rows.clone();
            rows.sort_by_key(|r| (r.prio, r.page));
            let mut chosen: Vec<RowRef> = Vec::new();
            // Where each name is in `chosen`: one lookup per row, not a search of every row.
            let mut by_name: HashMap<&str, usize> = HashMap::new();
            for r in rows {
                match by_name.get(r.row.name.as_str()).map(|&i| &mut chosen[i]) {
                    None => {
                        by_name.insert(&r.row.name, chosen.len());
                        chosen.push(r);
                    }
                    Some(c) => {
                        let better =
                            specificity(&r.row.ty) > specificity(&c.row.ty) && r.prio == c.prio;
                        let differ = !same_type_text(&c.row.ty, &r.row.ty)
                            && specificity(&r.row.ty) == specificity(&c.row.ty);
                        // JSON placeholders are a cross-check (the linter's business), not a definition.
                        if differ && specificity(&r.row.ty) >= 2 && r.prio < 2 {
                            let first = loc(&self.pages[c.page], c.row.type_at);
                            let of = Conflict::PropertyType {
                                property: r.row.name.clone(),
                                owner: name.to_string(),
                                here: r.row.type_raw.clone(),
                                kept: c.row.type_raw.clone(),
                                first,
                            };
                            self.warn(r.page, r.row.type_at, Detail::Conflict { of });
                        }
                        if better {
                            *c = r;
                        }
                    }
                }
            }
            for r in chosen.iter().filter(|r| r.prio == 2) {
                self.diags.push(
                    Diagnostic::warning(
                        &self.pages[r.page].path,
                        r.row.at,
                        Detail::JsonOnlyProperty {
                            property: r.row.name.clone(),
                            owner: name.to_string(),
                            placeholder: r.row.type_raw.clone(),
                        },
                    )
                    .with_severity(Severity::Note),
                );
            }
            let properties = chosen
                .into_iter()
                .map(|r| self.property(r, Some(&name)))
                .collect();
            out.push(TypeDef {
                polymorphic: None,
                name,
                base: decl.base.clone(),
                description: decl.description.clone(),
                properties,
                key_property: decl.key_property.clone(),
                is_abstract: decl.is_abstract,
                open_type: decl.open_type,
                sources: decl.sources.clone(),
            });
        }
        // Bases declared by name only resolve to declared types; others are reported and dropped.
        for t in &mut out {
            if let Some(b) = t.base.take() {
                match self.find_type(&b.to_string(), &b.namespace) {
                    Some(q) => t.base = Some(q),
                    None => {
                        let src = t.sources.first().cloned().unwrap_or_default();
                        self.diags.push(Diagnostic::warning(
                            &src.file,
                            src.at,
                            Detail::UnresolvedType {
                                name: b.to_string(),
                                site: TypeSite::Base {
                                    of: t.name.to_string(),
                                },
                            },
                        ));
                    }
                }
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        move_inherited_rows(&mut out);
        // A property that an ancestor already declares is the inherited one, listed again.
        let api = Api {
            types: out,
            ..Default::default()
        };
        let inherited: Vec<HashSet<String>> = api
            .types
            .iter()
            .map(|t| {
                let bases = api.bases(t);
                bases
                    .iter()
                    .flat_map(|b| &b.properties)
                    .map(|p| p.name.clone())
                    .collect()
            })
            .collect();
        let mut out = api.types;
        for (t, inherited) in out.iter_mut().zip(&inherited) {
            if !inherited.is_empty() {
                t.properties.retain(|p| !inherited.contains(&p.name));
            }
        }
        out
    }

    fn finish_enums(&mut self) -> Vec<EnumDef> {
        let mut out: Vec<EnumDef> = std::mem::take(&mut self.enums)
            .into_values()
            .filter_map(|d| {
                let name = d.name?;
                let members: Vec<EnumMember> = d
                    .members
                    .into_iter()
                    .map(|(name, value, description)| EnumMember {
                        name,
                        value,
                        description,
                    })
                    .collect();
                let evolvable = members.iter().any(|m| m.name == "unknownFutureValue");
                let flags = is_flags(&members);
                Some(EnumDef {
                    name,
                    evolvable,
                    flags,
                    members,
                    description: None,
                    sources: d.sources,
                })
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// Operations, and for each the wire-ish name its stub is named from.
    fn operations(&mut self) -> (Vec<Operation>, Vec<String>) {
        let mut out = Vec::new();
        let mut hints = Vec::new();
        let mut seen: HashMap<(Method, String), Location> = HashMap::new();
        for i in 0..self.pages.len() {
            let page = &self.pages[i];
            if page.kind != PageKind::Api || page.routes.is_empty() {
                continue;
            }
            let request = self.request_body(i);
            let response = self.response(i);
            // The model lists permissions least privileged first, whatever order the page uses.
            let most_first = page
                .permissions
                .as_ref()
                .is_some_and(|p| p.order == Some(crate::parse::page::PrivilegeOrder::MostToLeast));
            let permissions: Vec<Permission> = page
                .permissions
                .iter()
                .flat_map(|p| &p.rows)
                .map(|r| Permission {
                    kind: r.kind.clone(),
                    names: if most_first {
                        r.permissions.iter().rev().cloned().collect()
                    } else {
                        r.permissions.clone()
                    },
                    higher: r.higher.clone(),
                    placeholder: r.placeholder,
                    not_supported: r.not_supported,
                })
                .collect();
            let param_rows: Vec<&PropertyRow> = page
                .tables(TableRole::Parameters)
                .flat_map(|t| &t.rows)
                .collect();
            for rl in &page.routes {
                let route = &rl.route;
                let source = loc(page, rl.at);
                // Parameter names do not make a different route: `/items/{id}` = `/items/{item-id}`.
                let key = (route.method, route_hint(route));
                if let Some(first) = seen.get(&key) {
                    self.diags.push(
                        Diagnostic::warning(
                            &page.path,
                            rl.at,
                            Detail::DuplicateRoute {
                                method: route.method,
                                template: route.template(),
                                first: first.clone(),
                            },
                        )
                        .with_severity(Severity::Note),
                    );
                    continue;
                }
                seen.insert(key, source.clone());
                let mut params: Vec<PathParam> = Vec::new();
                let mut pieces = Vec::new();
                for part in &route.path {
                    match part {
                        PathPart::Literal(s) => pieces.push(PathPiece::Literal(s.clone())),
                        PathPart::Param { name, quoted, .. } => {
                            // Each placeholder is its own parameter, even when a page reuses a
                            // name (`/groups/{id}/threads/{id}`): the naming scope tells them apart.
                            let row = param_rows
                                .iter()
                                .find(|r| r.name.eq_ignore_ascii_case(name));
                            let ty = match row.map(|r| &r.ty) {
                                Some(TypeExpr::Primitive(p)) => TypeRef::Primitive(*p),
                                _ => TypeRef::Primitive(Primitive::String),
                            };
                            params.push(PathParam {
                                name: name.clone(),
                                ty,
                            });
                            let index = params.len() - 1;
                            pieces.push(PathPiece::Param {
                                index,
                                quoted: *quoted,
                            });
                        }
                    }
                }
                hints.push(route_hint(route));
                out.push(Operation {
                    page: page.path.clone(),
                    namespace: namespace_of(page).to_owned(),
                    title: page.title.as_ref().map(|t| t.text.clone()),
                    summary: page.summary.as_ref().and_then(|s| non_empty(&s.text)),
                    method: route.method,
                    path: route.template(),
                    pieces,
                    params,
                    request: request.clone(),
                    response: response.clone(),
                    permissions: permissions.clone(),
                    source,
                });
            }
        }
        (out, hints)
    }

    fn request_body(&mut self, i: usize) -> Option<RequestBody> {
        let page = &self.pages[i];
        let table = page.tables(TableRole::RequestBody).next();
        if let Some(t) = table {
            if !t.of_properties {
                let rows: Vec<RowRef> = t
                    .rows
                    .iter()
                    .map(|row| RowRef {
                        row,
                        page: i,
                        prio: 1,
                        relationship: false,
                    })
                    .collect();
                let params = rows.into_iter().map(|r| self.property(r, None)).collect();
                return Some(RequestBody::Parameters { params });
            }
        }
        let name = self.body_type(i)?;
        let at = page
            .request_body_type
            .as_ref()
            .map_or(Span::new(1, 1), |l| l.at);
        let ty = TypeExpr::Named {
            name: name.to_string(),
            link: None,
        };
        Some(RequestBody::Type(self.resolve(&ty, i, at)))
    }

    /// The response body (the prose link if it resolves, else the response annotation) and the
    /// success status.
    fn response(&mut self, i: usize) -> Option<Response> {
        let page = &self.pages[i];
        let status = page.response.as_ref().and_then(|r| r.status);
        let mut body = None;
        let mut by_annotation = false;
        let prose = page.response.as_ref().and_then(|r| r.returns.clone());
        if let Some(ret) = &prose {
            // Only a link to a page that declares a type or enum names the body; response prose
            // also links error-code pages and overviews.
            let target = self.index.resolve(&page.path, &ret.dest, &self.paths);
            let ty = target.and_then(|t| {
                self.enum_for_link(&t)
                    .map(TypeRef::Enum)
                    .or_else(|| self.page_types.get(&t.page).cloned().map(TypeRef::Type))
            });
            body = ty.map(|ty| TypeUse {
                ty,
                collection: ret.collection,
            });
        }
        if body.is_none() {
            let page = &self.pages[i];
            let annotated = page
                .examples
                .iter()
                .filter(|e| e.kind == ExampleKind::Response)
                .find_map(|e| {
                    let t = e.annotation.as_ref()?.odata_type.as_ref()?;
                    Some((t.name.clone(), t.collection, e.at))
                });
            if let Some((t, coll, at)) = annotated {
                let ns = namespace_of(page).to_owned();
                let found = resolve::resolve(self, &t, &ns, resolve::Kinds::Any)
                    .or_else(|| Primitive::from_name(&t).map(TypeRef::Primitive));
                match found {
                    Some(ty) => {
                        by_annotation = true;
                        body = Some(TypeUse {
                            ty,
                            collection: coll,
                        })
                    }
                    None => self.warn(
                        i,
                        at,
                        Detail::UnresolvedType {
                            name: t,
                            site: TypeSite::Response,
                        },
                    ),
                }
            } else if let Some(ret) = &prose {
                // A link that names no page of the docs set, as in pages written before their
                // resource page: take its text as the type name.
                let ty = TypeExpr::Named {
                    name: ret.name.clone(),
                    link: None,
                };
                let ty = if ret.collection {
                    TypeExpr::Collection(Box::new(ty))
                } else {
                    ty
                };
                if self
                    .index
                    .resolve(&self.pages[i].path, &ret.dest, &self.paths)
                    .is_none()
                {
                    body = Some(self.resolve(&ty, i, ret.at));
                }
            }
        }
        // Prose first; where it gives none, the first response example's status line; where
        // neither says, what the method returns by HTTP convention: a route never lacks one.
        let status = status
            .or_else(|| {
                self.pages[i]
                    .examples
                    .iter()
                    .filter(|e| e.kind == ExampleKind::Response)
                    .find_map(|e| e.status_line.as_ref().map(|s| s.0))
            })
            .or_else(|| {
                let method = self.pages[i].routes.first().map(|r| r.route.method);
                Some(conventional_status(
                    method.unwrap_or(Method::Get),
                    body.is_some(),
                ))
            });
        Some(Response {
            status,
            body,
            annotated: by_annotation,
        })
    }

    /// `@odata.type` of an example naming a type that exists only under the page's namespace.
    fn check_namespaces(&mut self) {
        let mut found = Vec::new();
        for (i, page) in self.pages.iter().enumerate() {
            let Some(ns) = page.namespace.as_ref() else {
                continue;
            };
            for e in &page.examples {
                let Some(t) = odata_type(e) else {
                    continue;
                };
                let q = QName::parse(&t, &ns.text);
                let exact = self.types.contains_key(&q.key()) || self.enums.contains_key(&q.key());
                let in_page_ns = QName::new(ns.text.clone(), q.name.clone());
                if !exact && q.namespace != ns.text && self.types.contains_key(&in_page_ns.key()) {
                    found.push((
                        i,
                        e.at,
                        Detail::NamespaceMismatch {
                            written: q.to_string(),
                            namespace: ns.text.clone(),
                            name: q.name.clone(),
                        },
                    ));
                }
            }
        }
        for (i, at, detail) in found {
            self.warn(i, at, detail);
        }
    }
}

/// The `@odata.type` an example names: its annotation's, else its JSON body's.
fn odata_type(e: &Example) -> Option<String> {
    if let Some(t) = e.annotation.as_ref().and_then(|a| a.str("@odata.type")) {
        return Some(t.trim_start_matches('#').to_owned());
    }
    match &e.body {
        Some(crate::parse::example::Body::Json { value }) => value
            .get("@odata.type")
            .and_then(|v| v.as_str())
            .map(|t| t.trim_start_matches('#').to_owned()),
        _ => None,
    }
}

/// The declarations collected so far, searched in `resolve`'s order.
impl resolve::Scope for Builder<'_> {
    fn by_key(&self, key: &str, enums: bool) -> Option<QName> {
        if enums {
            self.enums.get(key)?.name.clone()
        } else {
            self.types.get(key)?.name.clone()
        }
    }

    fn only(&self, simple: &str, enums: bool) -> Option<QName> {
        fn only<'q>(names: impl Iterator<Item = &'q QName>, simple: &str) -> Option<QName> {
            let mut hits = names.filter(|q| q.name.eq_ignore_ascii_case(simple));
            let first = hits.next()?;
            hits.next().is_none().then(|| first.clone())
        }
        if enums {
            only(self.enums.values().filter_map(|d| d.name.as_ref()), simple)
        } else {
            only(self.types.values().filter_map(|d| d.name.as_ref()), simple)
        }
    }
}

/// The request-body table of an API page that lists a type's properties (not an action's
/// parameters).
fn body_table(page: &Page) -> Option<&PropertyTable> {
    page.tables(TableRole::RequestBody)
        .find(|t| t.of_properties)
}

fn element(t: &TypeExpr) -> &TypeExpr {
    match t {
        TypeExpr::Collection(inner) => element(inner),
        other => other,
    }
}

/// How much a type cell says: unknown < `Enumeration` < a real type.
fn specificity(t: &TypeExpr) -> u8 {
    match element(t) {
        TypeExpr::Unknown(_) => 0,
        TypeExpr::Enumeration => 1,
        _ => 2,
    }
}

fn same_type_text(a: &TypeExpr, b: &TypeExpr) -> bool {
    match (a, b) {
        (TypeExpr::Collection(x), TypeExpr::Collection(y)) => same_type_text(x, y),
        (TypeExpr::Primitive(x), TypeExpr::Primitive(y)) => x == y,
        (TypeExpr::Named { name: x, .. }, TypeExpr::Named { name: y, .. }) => {
            let simple = |s: &str| s.rsplit('.').next().unwrap_or(s).to_lowercase();
            simple(x) == simple(y)
        }
        (TypeExpr::Enumeration, TypeExpr::Enumeration) => true,
        (TypeExpr::Unknown(x), TypeExpr::Unknown(y)) => x == y,
        _ => false,
    }
}

/// Values that are all distinct powers of two (or zero), with more than two members: flags.
fn is_flags(members: &[EnumMember]) -> bool {
    let values: Vec<i64> = members.iter().filter_map(|m| m.value).collect();
    values.len() == members.len()
        && values.iter().filter(|v| **v > 0).count() > 2
        && values
            .iter()
            .all(|v| *v == 0 || (*v > 0 && (*v & (*v - 1)) == 0))
        && values.iter().any(|v| *v >= 4)
}

/// Fills in what derives from the items: the namespaces they use, and the union of each base
/// type with the types deriving from it. Every source calls it once its items are final.
pub(crate) fn finish(api: &mut Api) {
    let mut namespaces: Vec<String> = api
        .types
        .iter()
        .map(|t| t.name.namespace.clone())
        .chain(api.enums.iter().map(|e| e.name.namespace.clone()))
        .chain(api.operations.iter().map(|o| o.namespace.clone()))
        .collect();
    namespaces.sort();
    namespaces.dedup();
    api.namespaces = namespaces
        .into_iter()
        .map(|name| Namespace { name })
        .collect();
    let derived = api.derived_all();
    for (i, derived) in derived.into_iter().enumerate() {
        api.types[i].polymorphic = (!derived.is_empty()).then(|| Polymorphic {
            variants: std::iter::once(i)
                .chain(derived)
                .map(|d| api.types[d].name.clone())
                .collect(),
        });
    }
}

/// A row that says "Inherited from [base]" documents a property of that ancestor (derived pages
/// repeat their base's rows, and the base page may lack one): the ancestor gets it when it does
/// not declare it, and the derived type then has it by inheritance. `types` is sorted by name.
fn move_inherited_rows(types: &mut Vec<TypeDef>) {
    let api = Api {
        types: std::mem::take(types),
        ..Default::default()
    };
    let mut moves: Vec<(QName, Property)> = Vec::new();
    // Names each ancestor declares or receives, built when a row first names the ancestor: one
    // lookup per row instead of a search of the ancestor's properties and of every move.
    let mut declared: HashMap<&QName, HashSet<&str>> = HashMap::new();
    for t in &api.types {
        let bases = api.bases(t);
        for p in &t.properties {
            let Some(from) = &p.inherited_from else {
                continue;
            };
            let simple = from.rsplit('.').next().unwrap_or(from);
            let Some(a) = bases
                .iter()
                .find(|b| b.name.name.eq_ignore_ascii_case(simple))
            else {
                continue;
            };
            let names = declared
                .entry(&a.name)
                .or_insert_with(|| a.properties.iter().map(|q| q.name.as_str()).collect());
            if names.insert(&p.name) {
                let mut p = p.clone();
                p.inherited_from = None;
                moves.push((a.name.clone(), p));
            }
        }
    }
    drop(declared);
    *types = api.types;
    for (owner, p) in moves {
        if let Ok(i) = types.binary_search_by(|t| t.name.cmp(&owner)) {
            types[i].properties.push(p);
        }
    }
}

/// The success status of a method whose page names none: `200 OK` with a body, `204 No
/// Content` without, and `201 Created` for a `POST` with a body.
fn conventional_status(method: Method, body: bool) -> u16 {
    match (method, body) {
        (Method::Post, true) => 201,
        (_, true) | (Method::Get, false) => 200,
        _ => 204,
    }
}

/// Create and update pages that name no body type (no request-body link, no `@odata.type` in
/// the request example) still send one: the type the route addresses. A `PATCH`/`PUT` sends the
/// type a `GET` of the same path returns; a `POST` to a collection sends its element type, or the
/// type a `201 Created` returns. Only when the page's request example is a JSON object most of
/// whose keys the type has: a `POST` of other keys is an action's parameters. `hints` are the
/// operations' [`route_hint`]s, `reads` [`Builder::read_types`].
fn infer_request_types(
    pages: &[Page],
    api: &mut Api,
    hints: &[String],
    reads: &HashMap<String, Read>,
) {
    // The top-level keys of each page's first JSON-object request body.
    let sent: HashMap<&str, Vec<&str>> = pages
        .iter()
        .filter_map(|p| {
            let keys = p.examples.iter().find_map(|e| match &e.body {
                Some(crate::parse::example::Body::Json {
                    value: serde_json::Value::Object(m),
                }) if e.kind == ExampleKind::Request => Some(
                    m.keys()
                        .map(String::as_str)
                        .filter(|k| !k.contains('@'))
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })?;
            Some((p.path.as_str(), keys))
        })
        .collect();
    let fits = |q: &QName, keys: &[&str]| {
        api.type_def(q).is_some_and(|t| {
            let props: HashSet<String> = api
                .all_properties(t)
                .iter()
                .map(|p| p.name.to_ascii_lowercase())
                .collect();
            let known = keys
                .iter()
                .filter(|k| props.contains(&k.to_ascii_lowercase()))
                .count();
            known * 2 > keys.len()
        })
    };
    let mut inferred = Vec::new();
    let mut fitted: HashMap<(&str, &QName), bool> = HashMap::new();
    for (i, (op, hint)) in api.operations.iter().zip(hints).enumerate() {
        let Some(keys) = sent.get(op.page.as_str()) else {
            continue;
        };
        if op.request.is_some() {
            continue;
        }
        let path = hint.split_once('_').map_or("", |(_, p)| p);
        let read = reads.get(path).map(|r| &r.ty);
        let created = op
            .response
            .as_ref()
            .filter(|r| r.status == Some(201))
            .and_then(|r| r.body.as_ref())
            .filter(|u| !u.collection);
        let ty = match op.method {
            Method::Patch | Method::Put => read.filter(|u| !u.collection).map(|u| &u.ty),
            Method::Post => read
                .filter(|u| u.collection)
                .map(|u| &u.ty)
                .or_else(|| created.map(|u| &u.ty)),
            _ => None,
        };
        if let Some(ty @ TypeRef::Type(q)) = ty {
            // Once per page and type: a page of many routes sends one example.
            if *fitted
                .entry((op.page.as_str(), q))
                .or_insert_with(|| fits(q, keys))
            {
                inferred.push((i, ty.clone()));
            }
        }
    }
    for (i, ty) in inferred {
        api.operations[i].request = Some(RequestBody::Type(TypeUse {
            ty,
            collection: false,
        }));
    }
}

/// The wire-ish name a route stub is named from: method, then each path segment, with segments
/// that are only a key parameter read as `item` (`GET /users/{id}/messages` →
/// `get_users_item_messages`), function arguments and type-cast namespaces dropped.
fn route_hint(route: &crate::parse::route::Route) -> String {
    let mut path = String::new();
    for part in &route.path {
        match part {
            PathPart::Literal(s) => path.push_str(s),
            PathPart::Param { .. } => path.push_str("{}"),
        }
    }
    route_hint_of(route.method, &path)
}

/// The route hint of a method and a path whose parameters are written `{}` (as `route_hint`
/// reads a route line and [`Operation::route_hint`] a model route).
pub fn route_hint_of(method: Method, path: &str) -> String {
    let mut words = vec![method.as_str().to_lowercase()];
    for seg in path.split('/') {
        let seg = seg.split('(').next().unwrap_or("").trim_matches(':');
        if seg.is_empty() {
            continue;
        }
        if seg.trim_matches(['{', '}', '\'', ':']).is_empty() {
            words.push("item".into());
            continue;
        }
        let seg = seg.trim_start_matches('$');
        let seg = seg.rsplit('.').next().unwrap_or(seg).replace("{}", "");
        words.push(seg);
    }
    words.join("_")
}
