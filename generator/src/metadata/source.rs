//! CSDL as a source: a [`Csdl`] document → the same [`Api`] the docs build, named by the same
//! naming pass ([`crate::model::build`]), so every later stage (codegen, export, diff, lint)
//! works on a model read from `$metadata` as on one read from pages.
//!
//! What each CSDL item becomes:
//!
//! - entity and complex types → [`TypeDef`]s with their base, `Abstract`, `OpenType`, key (a
//!   composite key is written comma-separated in `key_property`), declared properties and
//!   `Core.Description`; every item's source is its line and column in the metadata file;
//! - properties → [`Property`]s: `Nullable` as given, read-only from `Core.Computed`/
//!   `Immutable`/`Permissions`, navigation properties as relationships; a `TypeDefinition`
//!   resolves to its underlying primitive; a type no schema of the document defines is kept as
//!   its text (untyped JSON in generated code) with an `unresolved-type` diagnostic, which names
//!   the `edmx:Reference` that would define it when one includes its namespace;
//! - enum types → [`EnumDef`]s with their values, `IsFlags`, descriptions;
//! - the entity container → routes ([`routes`]): entity sets (list, create, get, update and
//!   delete by key, as the `Capabilities` restrictions allow), singletons (get, update),
//!   contained navigation one level below them, bound actions and functions on the paths of
//!   their binding type, and action and function imports. Navigation is never expanded
//!   further: a path per set, singleton and contained property, not per reachable path.

use super::csdl::{Container, Csdl, EntitySource, OperationKind, StructuredType, TypeName};
use crate::diag::{Detail, Diagnostic, TypeSite};
use crate::edm::Primitive;
use crate::kinds::Method;
use crate::model::{
    Api, EnumDef, EnumMember, Operation, PathParam, PathPiece, Property, QName, RequestBody,
    Response, TypeDef, TypeRef, TypeUse,
};
use crate::span::{Location, Span};
use std::collections::{HashMap, HashSet};

/// What a qualified name of the document is.
#[derive(Clone, Copy)]
enum Named {
    Type(usize),
    Enum,
    /// A `TypeDefinition`, by its underlying primitive.
    Definition(Primitive),
}

struct Source<'c> {
    csdl: &'c Csdl,
    /// [`location_file`] of the document.
    file: String,
    /// Qualified name → what it is.
    names: HashMap<String, Named>,
    /// Every structured type of the document, in document order.
    types: Vec<&'c StructuredType>,
    diags: Vec<Diagnostic>,
}

/// Builds the model of a CSDL document: types, enums and routes, named.
pub fn api_from_csdl(csdl: &Csdl) -> Api {
    let types: Vec<&StructuredType> = csdl.types().collect();
    let mut names: HashMap<String, Named> = HashMap::new();
    for (i, t) in types.iter().enumerate() {
        names.insert(t.qualified_name(), Named::Type(i));
    }
    for e in csdl.enums() {
        names.insert(e.qualified_name(), Named::Enum);
    }
    for d in csdl.type_definitions() {
        // A definition over another definition or a non-primitive is not CSDL; untyped JSON
        // holds whatever it is.
        let p = Primitive::from_name(&d.underlying).unwrap_or(Primitive::Json);
        names.insert(format!("{}.{}", d.namespace, d.name), Named::Definition(p));
    }
    let mut s = Source {
        csdl,
        file: location_file(csdl),
        names,
        types,
        diags: Vec::new(),
    };
    let mut api = Api {
        types: s.types(),
        enums: s.enums(),
        ..Api::default()
    };
    api.types.sort_by(|a, b| a.name.cmp(&b.name));
    api.types.dedup_by(|a, b| a.name == b.name);
    api.enums.sort_by(|a, b| a.name.cmp(&b.name));
    api.enums.dedup_by(|a, b| a.name == b.name);
    api.operations = s.routes();
    crate::model::build::finish(&mut api);
    api.diagnostics = s.diags;
    api.diagnostics.sort();
    api.diagnostics.dedup();
    api
}

/// The file name the model's locations give for items of `csdl`: the name of the document
/// without its folders, as docs locations are relative to the docs root (generated code quotes
/// it, and must not depend on where the document was read from).
pub fn location_file(csdl: &Csdl) -> String {
    let source = csdl.source.replace('\\', "/");
    source.rsplit('/').next().unwrap_or(&source).to_owned()
}

impl<'c> Source<'c> {
    fn at(&self, line: u32, col: u32) -> Location {
        Location::new(self.file.clone(), Span::new(line, col))
    }

    /// The `edmx:Reference` that includes `namespace`, as `uri (line:col)`.
    fn reference_of(&self, namespace: &str) -> Option<String> {
        self.csdl
            .references
            .iter()
            .find(|r| r.namespaces.iter().any(|n| n == namespace))
            .map(|r| format!("`{}` ({}:{})", r.uri, r.line, r.col))
    }

    /// A reference to `name` from an item at `at`: the type the model gives it.
    fn resolve(&mut self, name: &str, at: &Location) -> TypeRef {
        if let Some(rest) = name.strip_prefix("Edm.") {
            // The abstract `Edm.PrimitiveType`, `Edm.ComplexType`, `Edm.EntityType` (and any
            // Edm type this version does not know) hold any JSON value.
            return TypeRef::Primitive(Primitive::from_name(rest).unwrap_or(Primitive::Json));
        }
        match self.names.get(name) {
            Some(Named::Type(_)) => TypeRef::Type(QName::parse(name, "")),
            Some(Named::Enum) => TypeRef::Enum(QName::parse(name, "")),
            Some(Named::Definition(p)) => TypeRef::Primitive(*p),
            None => {
                let ns = name.rsplit_once('.').map_or("", |(ns, _)| ns);
                let site = match self.reference_of(ns) {
                    Some(document) => TypeSite::Referenced { document },
                    None => TypeSite::NoSchema,
                };
                self.diags.push(Diagnostic::warning(
                    &at.file,
                    at.at,
                    Detail::UnresolvedType {
                        name: name.to_owned(),
                        site,
                    },
                ));
                TypeRef::Unresolved(name.to_owned())
            }
        }
    }

    fn type_use(&mut self, t: &TypeName, at: &Location) -> TypeUse {
        TypeUse {
            ty: self.resolve(&t.name, at),
            collection: t.collection,
        }
    }

    fn types(&mut self) -> Vec<TypeDef> {
        let types = self.types.clone();
        let mut out = Vec::with_capacity(types.len());
        for t in types {
            let at = self.at(t.line, t.col);
            let base = t.base.as_ref().and_then(|b| match self.names.get(b) {
                Some(Named::Type(_)) => Some(QName::parse(b, "")),
                _ => {
                    // The base's properties are unknown: the type keeps its own and is read
                    // without them (they land in its catch-all map).
                    self.resolve(b, &at);
                    None
                }
            });
            let properties = t
                .properties
                .iter()
                .map(|p| {
                    let source = self.at(p.line, p.col);
                    Property {
                        name: p.name.clone(),
                        ty: self.type_use(&p.ty, &source),
                        required: None,
                        read_only: p.read_only,
                        nullable: Some(p.nullable),
                        relationship: p.navigation,
                        inherited_from: None,
                        possible_values: Vec::new(),
                        description: p.description.clone(),
                        links: Vec::new(),
                        source,
                    }
                })
                .collect();
            out.push(TypeDef {
                name: QName::new(&t.namespace, &t.name),
                base,
                description: t.description.clone(),
                properties,
                polymorphic: None,
                key_property: (!t.key.is_empty()).then(|| t.key.join(",")),
                is_abstract: t.is_abstract,
                open_type: t.open,
                sources: vec![at],
            });
        }
        out
    }

    fn enums(&mut self) -> Vec<EnumDef> {
        self.csdl
            .enums()
            .map(|e| EnumDef {
                name: QName::new(&e.namespace, &e.name),
                evolvable: e.members.iter().any(|m| m.name == "unknownFutureValue"),
                flags: e.flags,
                members: e
                    .members
                    .iter()
                    .map(|m| EnumMember {
                        name: m.name.clone(),
                        value: Some(m.value),
                        description: m.description.clone(),
                    })
                    .collect(),
                description: e.description.clone(),
                sources: vec![self.at(e.line, e.col)],
            })
            .collect()
    }
}

/// A path template being built: its text, its pieces and its parameters.
#[derive(Clone, Default)]
struct Path {
    text: String,
    pieces: Vec<PathPiece>,
    params: Vec<PathParam>,
}

impl Path {
    fn literal(&mut self, s: &str) {
        self.text.push_str(s);
        match self.pieces.last_mut() {
            Some(PathPiece::Literal(l)) => l.push_str(s),
            _ => self.pieces.push(PathPiece::Literal(s.to_owned())),
        }
    }

    /// A parameter; a quoted one between quotes that are literal text, as the docs' routes
    /// write it (`'{name}'`).
    fn param(&mut self, name: &str, ty: TypeRef, quoted: bool) {
        if quoted {
            self.literal("'");
        }
        self.text.push_str(&format!("{{{name}}}"));
        self.params.push(PathParam {
            name: name.to_owned(),
            ty,
        });
        self.pieces.push(PathPiece::Param {
            index: self.params.len() - 1,
            quoted,
        });
        if quoted {
            self.literal("'");
        }
    }

    /// `/segment`.
    fn segment(mut self, s: &str) -> Self {
        self.literal("/");
        self.literal(s);
        self
    }
}

/// A primitive written in a URL inside quotes (`'…'`).
fn quoted(t: &TypeRef) -> bool {
    matches!(t, TypeRef::Primitive(Primitive::String) | TypeRef::Enum(_))
}

/// A resource path and the type and cardinality of what it addresses.
struct Resource {
    path: Path,
    ty: usize,
    collection: bool,
}

/// Routes under construction.
#[derive(Default)]
struct Routes {
    ops: Vec<Operation>,
    seen: HashSet<(Method, String)>,
}

struct Route<'a> {
    method: Method,
    path: Path,
    title: Option<String>,
    request: Option<RequestBody>,
    response: Option<Response>,
    summary: Option<String>,
    namespace: &'a str,
    source: &'a Location,
}

impl Routes {
    fn push(&mut self, r: Route<'_>) {
        // Two sets of one type reach a bound operation by different paths; one path is one
        // route however it was reached.
        if !self.seen.insert((r.method, r.path.text.clone())) {
            return;
        }
        self.ops.push(Operation {
            page: r.source.file.clone(),
            namespace: r.namespace.to_owned(),
            title: r.title,
            summary: r.summary,
            method: r.method,
            path: r.path.text,
            pieces: r.path.pieces,
            params: r.path.params,
            request: r.request,
            response: r.response,
            permissions: Vec::new(),
            source: r.source.clone(),
        });
    }
}

/// The routes of a collection: list it (when `list`) and create in it (unless the capabilities
/// say it is not insertable).
#[allow(clippy::too_many_arguments)]
fn collection_routes(
    routes: &mut Routes,
    path: &Path,
    ty: &TypeRef,
    list: bool,
    caps: super::csdl::Capabilities,
    summary: Option<String>,
    namespace: &str,
    source: &Location,
) {
    if list {
        routes.push(Route {
            title: None,
            method: Method::Get,
            path: path.clone(),
            request: None,
            response: ok(200, Some(body(ty.clone(), true))),
            summary,
            namespace,
            source,
        });
    }
    if caps.insertable != Some(false) {
        routes.push(Route {
            title: None,
            method: Method::Post,
            path: path.clone(),
            request: Some(RequestBody::Type(body(ty.clone(), false))),
            response: ok(201, Some(body(ty.clone(), false))),
            summary: None,
            namespace,
            source,
        });
    }
}

fn body(ty: TypeRef, collection: bool) -> TypeUse {
    TypeUse { ty, collection }
}

fn ok(status: u16, body: Option<TypeUse>) -> Option<Response> {
    Some(Response {
        status: Some(status),
        body,
        annotated: false,
    })
}

impl Source<'_> {
    fn type_ref(&self, i: usize) -> TypeRef {
        let t = self.types[i];
        TypeRef::Type(QName::new(&t.namespace, &t.name))
    }

    /// The index of the structured type named `name`.
    fn type_index(&self, name: &str) -> Option<usize> {
        match self.names.get(name) {
            Some(Named::Type(i)) => Some(*i),
            _ => None,
        }
    }

    /// The type and its bases, nearest first (cycles cut).
    fn chain(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut next = self.types[i].base.as_deref();
        while let Some(b) = next.and_then(|b| self.type_index(b)) {
            if out.contains(&b) {
                break;
            }
            out.push(b);
            next = self.types[b].base.as_deref();
        }
        out
    }

    /// The key of type `i` (its own or inherited) and the key properties' types.
    fn key(&mut self, i: usize) -> Vec<(String, TypeRef)> {
        for t in self.chain(i) {
            let st = self.types[t];
            if st.key.is_empty() {
                continue;
            }
            let mut out = Vec::new();
            for k in &st.key {
                let prop = self
                    .chain(i)
                    .into_iter()
                    .find_map(|c| self.types[c].properties.iter().find(|p| &p.name == k));
                let ty = match prop {
                    Some(p) => {
                        let at = self.at(p.line, p.col);
                        self.resolve(&p.ty.name, &at)
                    }
                    None => TypeRef::Primitive(Primitive::String),
                };
                out.push((k.clone(), ty));
            }
            return out;
        }
        // No key in the document (its base is in a document not given): one string key.
        vec![("id".to_owned(), TypeRef::Primitive(Primitive::String))]
    }

    /// `path` followed by the key of type `i`: `/{book-isbn}` for a single key (the
    /// key-as-segment convention), `(region='{supplier-region}',number={supplier-number})`
    /// for a composite one.
    fn keyed(&mut self, mut path: Path, i: usize) -> Path {
        let key = self.key(i);
        let owner = self.types[i].name.clone();
        if let [(k, ty)] = key.as_slice() {
            path.literal("/");
            path.param(&format!("{owner}-{k}"), ty.clone(), false);
        } else {
            path.literal("(");
            for (n, (k, ty)) in key.iter().enumerate() {
                if n > 0 {
                    path.literal(",");
                }
                path.literal(&format!("{k}="));
                path.param(&format!("{owner}-{k}"), ty.clone(), quoted(ty));
            }
            path.literal(")");
        }
        path
    }

    /// The routes of the whole document.
    fn routes(&mut self) -> Vec<Operation> {
        let mut routes = Routes::default();
        let containers: Vec<&Container> = self.csdl.containers().collect();
        let mut resources: Vec<Resource> = Vec::new();
        for c in &containers {
            for s in &c.sources {
                self.source_routes(s, &mut routes, &mut resources);
            }
        }
        self.bound_operations(&resources, &mut routes);
        for c in &containers {
            self.imports(c, &mut routes);
        }
        routes.ops
    }

    fn source_routes(
        &mut self,
        s: &EntitySource,
        routes: &mut Routes,
        resources: &mut Vec<Resource>,
    ) {
        let source = self.at(s.line, s.col);
        let Some(ti) = self.type_index(&s.entity_type) else {
            self.resolve(&s.entity_type, &source);
            return;
        };
        let namespace = self.types[ti].namespace.clone();
        let ty = self.type_ref(ti);
        let caps = s.capabilities;
        let root = Path::default().segment(&s.name);
        let item = if s.singleton {
            root.clone()
        } else {
            let list = caps.readable != Some(false);
            let summary = s.description.clone();
            collection_routes(routes, &root, &ty, list, caps, summary, &namespace, &source);
            resources.push(Resource {
                path: root.clone(),
                ty: ti,
                collection: true,
            });
            self.keyed(root, ti)
        };
        self.item_routes(&item, ti, caps, !s.singleton, &namespace, &source, routes);
        resources.push(Resource {
            path: item.clone(),
            ty: ti,
            collection: false,
        });
        // Contained navigation, one level below the set's item or the singleton.
        let navs: Vec<(String, TypeName, super::csdl::Capabilities, Location)> = self
            .chain(ti)
            .into_iter()
            .flat_map(|c| self.types[c].properties.iter())
            .filter(|p| p.navigation && p.contains_target)
            .map(|p| {
                (
                    p.name.clone(),
                    p.ty.clone(),
                    p.capabilities,
                    self.at(p.line, p.col),
                )
            })
            .collect();
        for (name, target, caps, at) in navs {
            let Some(ci) = self.type_index(&target.name) else {
                continue;
            };
            let cty = self.type_ref(ci);
            let path = item.clone().segment(&name);
            let ns = self.types[ci].namespace.clone();
            if target.collection {
                // A contained collection is listed whatever its read restrictions say, as before.
                collection_routes(routes, &path, &cty, true, caps, None, &ns, &at);
                resources.push(Resource {
                    path: path.clone(),
                    ty: ci,
                    collection: true,
                });
                let child = self.keyed(path, ci);
                self.item_routes(&child, ci, caps, true, &ns, &at, routes);
                resources.push(Resource {
                    path: child,
                    ty: ci,
                    collection: false,
                });
            } else {
                self.item_routes(&path, ci, caps, false, &ns, &at, routes);
                resources.push(Resource {
                    path,
                    ty: ci,
                    collection: false,
                });
            }
        }
    }

    /// Get, update and (for members of a collection) delete one entity.
    #[allow(clippy::too_many_arguments)]
    fn item_routes(
        &self,
        path: &Path,
        ti: usize,
        caps: super::csdl::Capabilities,
        deletable: bool,
        namespace: &str,
        source: &Location,
        routes: &mut Routes,
    ) {
        let ty = self.type_ref(ti);
        if caps.readable != Some(false) {
            routes.push(Route {
                title: None,
                method: Method::Get,
                path: path.clone(),
                request: None,
                response: ok(200, Some(body(ty.clone(), false))),
                summary: None,
                namespace,
                source,
            });
        }
        if caps.updatable != Some(false) {
            routes.push(Route {
                title: None,
                method: Method::Patch,
                path: path.clone(),
                request: Some(RequestBody::Type(body(ty.clone(), false))),
                response: ok(204, None),
                summary: None,
                namespace,
                source,
            });
        }
        if deletable && caps.deletable != Some(false) {
            routes.push(Route {
                title: None,
                method: Method::Delete,
                path: path.clone(),
                request: None,
                response: ok(204, None),
                summary: None,
                namespace,
                source,
            });
        }
    }

    /// Each bound action and function on every resource path whose type is its binding type
    /// or derives from it, with the binding's cardinality.
    fn bound_operations(&mut self, resources: &[Resource], routes: &mut Routes) {
        let mut ops: Vec<(usize, &super::csdl::Operation)> = self
            .csdl
            .operations()
            .filter(|o| o.bound)
            .map(|o| {
                let depth = o
                    .binding
                    .as_ref()
                    .and_then(|b| self.type_index(&b.name))
                    .map_or(0, |i| self.chain(i).len());
                (depth, o)
            })
            .collect();
        // Overloads bound to a type and to its base share a path below a derived type: the
        // most specific binding is the one called there, so it claims the path first.
        ops.sort_by_key(|(depth, _)| std::cmp::Reverse(*depth));
        // Binding type → the resources it applies to, found once per type.
        let mut by_type: HashMap<usize, Vec<&Resource>> = HashMap::new();
        for r in resources {
            for t in self.chain(r.ty) {
                by_type.entry(t).or_default().push(r);
            }
        }
        for (_, op) in ops {
            let Some(binding) = &op.binding else { continue };
            let Some(bi) = self.type_index(&binding.name) else {
                continue;
            };
            let on: Vec<&Resource> = by_type
                .get(&bi)
                .into_iter()
                .flatten()
                .filter(|r| r.collection == binding.collection)
                .copied()
                .collect();
            let source = self.at(op.line, op.col);
            for r in on {
                let name = op.qualified_name();
                let route = self.operation_route(op, r.path.clone(), &name, &source);
                routes.push(route.into_route(&op.namespace, &source));
            }
        }
    }

    fn imports(&mut self, c: &Container, routes: &mut Routes) {
        for imp in &c.imports {
            let source = self.at(imp.line, imp.col);
            let op = self
                .csdl
                .operations()
                .find(|o| !o.bound && o.kind == imp.kind && o.qualified_name() == imp.operation);
            let Some(op) = op else {
                self.resolve(&imp.operation, &source);
                continue;
            };
            let path = Path::default();
            let route = self.operation_route(op, path, &imp.name, &source);
            routes.push(route.into_route(&op.namespace, &source));
        }
    }

    /// A call of `op` below `path`, its segment spelled `segment`: a function's parameters in
    /// the segment (`f(a={a},b='{b}')`), an action's in a JSON body.
    fn operation_route(
        &mut self,
        op: &super::csdl::Operation,
        mut path: Path,
        segment: &str,
        source: &Location,
    ) -> OpRoute {
        path.literal("/");
        path.literal(segment);
        let response = match &op.returns {
            Some(r) => ok(200, Some(self.type_use(r, source))),
            None => ok(204, None),
        };
        let mut request = None;
        match op.kind {
            OperationKind::Function => {
                path.literal("(");
                for (n, p) in op.parameters.iter().enumerate() {
                    if n > 0 {
                        path.literal(",");
                    }
                    path.literal(&format!("{}=", p.name));
                    let ty = self.resolve(&p.ty.name, source);
                    // Collections and structured values go as JSON in the segment; only
                    // primitives are written as literals.
                    let ty = if p.ty.collection || matches!(ty, TypeRef::Type(_)) {
                        TypeRef::Primitive(Primitive::String)
                    } else {
                        ty
                    };
                    let q = quoted(&ty);
                    path.param(&p.name, ty, q);
                }
                path.literal(")");
            }
            OperationKind::Action if !op.parameters.is_empty() => {
                let params = op
                    .parameters
                    .iter()
                    .map(|p| Property {
                        name: p.name.clone(),
                        ty: self.type_use(&p.ty, source),
                        required: Some(!p.nullable),
                        read_only: false,
                        nullable: Some(p.nullable),
                        relationship: false,
                        inherited_from: None,
                        possible_values: Vec::new(),
                        description: None,
                        links: Vec::new(),
                        source: source.clone(),
                    })
                    .collect();
                request = Some(RequestBody::Parameters { params });
            }
            OperationKind::Action => {}
        }
        OpRoute {
            method: match op.kind {
                OperationKind::Action => Method::Post,
                OperationKind::Function => Method::Get,
            },
            path,
            title: op.binding.as_ref().map(|b| format!("{b}: {}", op.name)),
            request,
            response,
            summary: op.description.clone(),
        }
    }
}

/// A call route before it is placed in a namespace.
struct OpRoute {
    method: Method,
    path: Path,
    /// `binding: name` for a bound operation, as the docs title a bound operation's page
    /// (`user: delta`), with the binding type qualified and `Collection(…)` where it is one.
    title: Option<String>,
    request: Option<RequestBody>,
    response: Option<Response>,
    summary: Option<String>,
}

impl OpRoute {
    fn into_route<'a>(self, namespace: &'a str, source: &'a Location) -> Route<'a> {
        Route {
            method: self.method,
            path: self.path,
            title: self.title,
            request: self.request,
            response: self.response,
            summary: self.summary,
            namespace,
            source,
        }
    }
}
