//! Examples as traffic: which request and response examples a generated crate should read, what
//! the generated code does with each of their values (predicted from the model, so a linter can
//! point at the value), and how a value that went through the generated types compares with the
//! one the page shows.
//!
//! The prediction mirrors the generated serde code exactly (see `codegen::types`): a finding
//! says whether the value is rejected, read and written back in another form, or kept outside
//! the typed fields. When the generated code does something the prediction does not say, that is
//! a generator bug, never the docs' fault.
//!
//! ```no_run
//! let tree = docgen::docs::DocsTree::load("docs-input".as_ref())?;
//! let pages = tree.parse();
//! let api = docgen::model::build(&pages);
//! let found = docgen::roundtrip::collect(&pages, &api);
//! for s in &found.samples {
//!     for f in docgen::roundtrip::check(&api, &s.target, &s.value) {
//!         println!("{}:{}: {}: {}", s.page, s.at, f.pointer, f.message);
//!     }
//! }
//! # Ok::<(), docgen::Error>(())
//! ```

use crate::model::build::DEFAULT_NAMESPACE;
use crate::model::{
    Api, EnumDef, Hierarchy, Property, QName, RequestBody, TypeDef, TypeRef, TypeUse,
};
use crate::parse::Page;
use crate::parse::example::Body;
use crate::parse::page::{Example, ExampleKind};
use crate::parse::typeexpr::Primitive;
use crate::span::Span;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// One example the generated crate should read: its body and the Graph type it is.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sample {
    /// The page, relative to the docs root.
    pub page: String,
    /// Index of the example in the page's examples.
    pub example: usize,
    /// The annotation's `name`, else `#n` (1-based).
    pub name: String,
    /// Request or response.
    pub kind: ExampleKind,
    /// Where the body starts (the code block when the body position is unknown).
    pub at: Span,
    /// What the type is, as the generated `from_json` takes it: `microsoft.graph.user`,
    /// `Collection(microsoft.graph.user)`, `Edm.String`.
    pub type_name: String,
    /// The resolved type.
    pub target: TypeUse,
    /// Where the type came from.
    pub source: TypeSource,
    /// The body as the page shows it.
    pub value: Value,
}

impl Sample {
    /// A single primitive or enum comes as `{"value": x}`, and `from_json` reads `x`; everything
    /// else is read as the page shows it.
    fn unwrapped(&self) -> bool {
        !self.target.collection && !matches!(self.target.ty, TypeRef::Type(_))
    }

    /// What to give the generated `from_json` together with [`Sample::type_name`].
    pub fn input(&self) -> &Value {
        match self.value.get("value") {
            Some(inner) if self.unwrapped() => inner,
            _ => &self.value,
        }
    }

    /// The value `from_json` gave back, in the shape of the page's body (a single primitive or
    /// enum wrapped in `{"value": ...}` again), for [`judge`].
    pub fn rewrap(&self, back: Value) -> Value {
        if self.unwrapped() {
            serde_json::json!({ "value": back })
        } else {
            back
        }
    }
}

/// Where an example's type came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeSource {
    /// The annotation's `@odata.type` (with `isCollection`, or written `Collection(...)`).
    Annotation,
    /// The request or response type of the route the example calls.
    Route,
    /// The body's own `@odata.type`.
    Body,
}

/// Why an example is not eligible.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Skip {
    /// No body, or a body that is not strict JSON.
    NotJson,
    /// Nothing says what type the body is.
    NoType,
    /// The body is an action's parameters, which have no Graph type name.
    ActionParameters,
    /// The annotation or route names a type no page defines.
    UnknownType,
    /// The body shows a type name where a value belongs (`"String"`, `"String (timestamp)"`).
    Placeholder,
    /// The body holds no data: `{}`, `[]`, or only `@odata.*` control information.
    NoData,
    /// The body's JSON shape cannot be the type at all: an array for a single value, or a
    /// collection that is not `{"value": [...]}`.
    Shape,
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Skip::NotJson => "body is not strict JSON",
            Skip::NoType => "type unknown",
            Skip::ActionParameters => "action parameters (no Graph type)",
            Skip::UnknownType => "type not defined by any page",
            Skip::Placeholder => "placeholder values",
            Skip::NoData => "no data",
            Skip::Shape => "shape cannot be the type",
        })
    }
}

/// The examples of a docs set: those the generated crate should read, and why the others are
/// not counted.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Collected {
    /// Request and response examples with a body, eligible or not.
    pub examples: usize,
    /// The eligible ones, in page order.
    pub samples: Vec<Sample>,
    /// The others, by reason.
    pub skipped: BTreeMap<Skip, usize>,
}

use crate::parse::example::TYPE_VALUED_KEYS;

/// Nesting deeper than this is not walked (serde_json refuses deeper text anyway).
const MAX_DEPTH: usize = 64;

/// Whether a string is a type name standing in for a value (one definition, shared with lint).
pub use crate::parse::example::is_type_name as is_placeholder;

/// JSON Pointers of the placeholder values in `value`, in document order.
pub fn placeholders(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    placeholders_in(value, "", None, 0, &mut out);
    out
}

fn placeholders_in(v: &Value, at: &str, key: Option<&str>, depth: usize, out: &mut Vec<String>) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::String(s)
            if is_placeholder(s) && !key.is_some_and(|k| TYPE_VALUED_KEYS.contains(&k)) =>
        {
            out.push(at.to_owned());
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                placeholders_in(item, &format!("{at}/{i}"), key, depth + 1, out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                placeholders_in(item, &format!("{at}/{}", esc(k)), Some(k), depth + 1, out);
            }
        }
        _ => {}
    }
}

/// Whether `key` is OData control information (`@odata.context`, `@odata.nextLink`) rather than
/// data: such keys are not compared.
pub fn is_control(key: &str) -> bool {
    key.starts_with("@odata.")
}

/// Whether a body carries data besides control information and nulls.
fn has_data(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Array(items) => items.iter().any(|i| !i.is_null()),
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| !is_control(k) && !v.is_null() && (k != "value" || has_data(v))),
        _ => true,
    }
}

/// Finds types, enums and primitives by the names pages write: qualified or not, any case.
pub struct Resolver<'a> {
    api: &'a Api,
    by_key: HashMap<String, TypeRef>,
    by_simple: HashMap<String, Vec<TypeRef>>,
}

impl<'a> Resolver<'a> {
    /// The lookups over `api`.
    pub fn new(api: &'a Api) -> Self {
        let mut by_key = HashMap::new();
        let mut by_simple: HashMap<String, Vec<TypeRef>> = HashMap::new();
        for (q, r) in api.named() {
            by_key.entry(q.key()).or_insert_with(|| r.clone());
            by_simple.entry(q.name.to_lowercase()).or_default().push(r);
        }
        Resolver {
            api,
            by_key,
            by_simple,
        }
    }

    /// The type `written` names on a page of namespace `ns`: `Collection(x)` is a collection;
    /// `x` is looked up as written, then in `ns`, then in `microsoft.graph`, then as the only
    /// type of that simple name, then as a primitive.
    pub fn resolve(&self, written: &str, ns: &str) -> Option<TypeUse> {
        let t = written.trim().trim_start_matches('#');
        let (inner, collection) = match t
            .strip_prefix("Collection(")
            .and_then(|s| s.strip_suffix(')'))
        {
            Some(inner) => (inner.trim(), true),
            None => (t, false),
        };
        let ty = self.named(inner, ns).or_else(|| {
            let name = inner.strip_prefix("graph.").unwrap_or(inner);
            Primitive::from_name(name).map(TypeRef::Primitive)
        })?;
        Some(TypeUse { ty, collection })
    }

    fn named(&self, name: &str, ns: &str) -> Option<TypeRef> {
        if name.is_empty() {
            return None;
        }
        let q = QName::parse(name, ns);
        let candidates = [
            q.key(),
            QName::new(ns, q.name.clone()).key(),
            QName::new(DEFAULT_NAMESPACE, q.name.clone()).key(),
        ];
        if let Some(r) = candidates.iter().find_map(|k| self.by_key.get(k)) {
            return Some(r.clone());
        }
        match self
            .by_simple
            .get(&q.name.to_lowercase())
            .map(Vec::as_slice)
        {
            Some([one]) => Some(one.clone()),
            _ => None,
        }
    }

    /// The model this resolver looks in.
    pub fn api(&self) -> &'a Api {
        self.api
    }
}

/// The name the generated `from_json` takes for `u`: `microsoft.graph.user`,
/// `Collection(microsoft.graph.user)`, `Edm.Int64`; `None` for an unresolved type.
pub fn type_name(u: &TypeUse) -> Option<String> {
    let inner = match &u.ty {
        TypeRef::Primitive(p) => p.edm_name().to_owned(),
        TypeRef::Type(q) | TypeRef::Enum(q) => q.to_string(),
        TypeRef::Unresolved(_) => return None,
    };
    Some(if u.collection {
        format!("Collection({inner})")
    } else {
        inner
    })
}

/// The annotation's `name`, else the example's 1-based position.
fn example_name(e: &Example, index: usize) -> String {
    e.annotation
        .as_ref()
        .and_then(|a| a.str("name"))
        .map_or_else(|| format!("#{}", index + 1), str::to_owned)
}

/// Every request and response example with a body, and the eligible ones: strict JSON, a known
/// type, no placeholder values, some data, a shape the type can have.
pub fn collect(pages: &[Page], api: &Api) -> Collected {
    let mut out = Collected::default();
    for verdict in typed_examples(pages, api, true) {
        out.examples += 1;
        match verdict {
            Ok(s) => out.samples.push(s),
            Err(skip) => *out.skipped.entry(skip).or_default() += 1,
        }
    }
    out
}

/// Each request and response example with a body, as a sample or why it is not one; `strict`
/// also leaves out bodies with placeholders or no data.
fn typed_examples(pages: &[Page], api: &Api, strict: bool) -> Vec<Result<Sample, Skip>> {
    let typer = ExampleTyper::new(api);
    pages
        .iter()
        .flat_map(|page| typer.page(page, strict))
        .collect()
}

/// What types a page's example bodies: the resolver and the operations of every page. Built
/// once per model and shared by threads that each take some pages.
pub struct ExampleTyper<'a> {
    resolver: Resolver<'a>,
    hierarchy: Hierarchy<'a>,
    ops: HashMap<&'a str, Vec<&'a crate::model::Operation>>,
}

impl<'a> ExampleTyper<'a> {
    /// The lookups over `api`.
    pub fn new(api: &'a Api) -> Self {
        let mut ops: HashMap<&str, Vec<&crate::model::Operation>> = HashMap::new();
        for op in &api.operations {
            ops.entry(op.page.as_str()).or_default().push(op);
        }
        ExampleTyper {
            resolver: Resolver::new(api),
            hierarchy: Hierarchy::new(api),
            ops,
        }
    }

    /// Each example of `page` with a body, as a sample or why it is not one.
    fn page(&self, page: &Page, strict: bool) -> Vec<Result<Sample, Skip>> {
        let ns = page
            .namespace
            .as_ref()
            .map_or(DEFAULT_NAMESPACE, |n| n.text.as_str());
        let page_ops = self
            .ops
            .get(page.path.as_str())
            .map_or(&[][..], Vec::as_slice);
        let mut method: Option<crate::kinds::Method> = None;
        let mut out = Vec::new();
        for (i, e) in page.examples.iter().enumerate() {
            if let Some((m, _, _)) = &e.request_line {
                method = Some(*m);
            }
            if e.body.is_none() {
                continue;
            }
            let at = Where {
                page,
                ns,
                ops: page_ops,
                method,
            };
            out.push(sample(&self.resolver, &at, i, e, strict));
        }
        out
    }

    /// Every value of `page`'s typed request and response examples (placeholders and all) that
    /// contradicts the model, at its line and column.
    pub fn placed_findings(&self, page: &Page) -> Vec<Placed> {
        let mut out = Vec::new();
        for s in self.page(page, false).into_iter().flatten() {
            let Some(e) = page.examples.get(s.example) else {
                continue;
            };
            let api = self.resolver.api();
            for f in walk(api, Some(&self.hierarchy), &s.target, &s.value) {
                let (at, len) = locate(e, &f);
                out.push(Placed {
                    page: s.page.clone(),
                    example: s.name.clone(),
                    index: s.example,
                    at,
                    len,
                    finding: f,
                });
            }
        }
        out
    }
}

/// A value of an example that contradicts the model, placed on its page for the linter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Placed {
    /// The page, relative to the docs root.
    pub page: String,
    /// The example's name (the annotation's `name`, else `#n`).
    pub example: String,
    /// The example's position among the page's examples.
    pub index: usize,
    /// Where the key (for an unknown property) or the value is.
    pub at: Span,
    /// Its length in characters when on one line, else 1.
    pub len: u32,
    /// What is wrong.
    pub finding: Finding,
}

/// Every value of every typed request and response example (placeholders and all) that
/// contradicts the model, at its line and column: what `docgen lint` reports under
/// [`Cause::lint_rule`]. Placeholder values themselves are left to `placeholder-value`.
pub fn placed_findings(pages: &[Page], api: &Api) -> Vec<Placed> {
    let typer = ExampleTyper::new(api);
    pages
        .iter()
        .flat_map(|p| typer.placed_findings(p))
        .collect()
}

/// Where a finding of example `e` is: the member's key for an unknown property, else the value;
/// the body's start when the pointer is not found.
pub fn locate(e: &Example, f: &Finding) -> (Span, u32) {
    let j = e.json_at.iter().find(|j| j.pointer == f.pointer);
    match j {
        Some(j) if f.cause == Cause::UnknownProperty => j.key.unwrap_or(j.value),
        Some(j) => j.value,
        None => (e.body_at.unwrap_or(e.at), 1),
    }
}

/// The page an example is on and what its type is looked up in.
struct Where<'p> {
    page: &'p Page,
    ns: &'p str,
    ops: &'p [&'p crate::model::Operation],
    method: Option<crate::kinds::Method>,
}

fn sample(
    resolver: &Resolver,
    at: &Where,
    index: usize,
    e: &Example,
    strict: bool,
) -> Result<Sample, Skip> {
    let Where {
        page,
        ns,
        ops,
        method,
    } = *at;
    let Some(Body::Json { value }) = &e.body else {
        return Err(Skip::NotJson);
    };
    let annotation = e.annotation.as_ref();
    let annotated = annotation.and_then(|a| a.str("@odata.type")).map(|t| {
        let coll = annotation.and_then(|a| a.bool("isCollection")) == Some(true);
        (t, coll)
    });
    let (target, source) = if let Some((t, coll)) = annotated {
        let mut u = resolver.resolve(t, ns).ok_or(Skip::UnknownType)?;
        u.collection |= coll;
        (u, TypeSource::Annotation)
    } else if let Some(u) = route_type(ops, method, e.kind)? {
        (u, TypeSource::Route)
    } else if let Some(t) = value.get("@odata.type").and_then(Value::as_str) {
        (
            resolver.resolve(t, ns).ok_or(Skip::UnknownType)?,
            TypeSource::Body,
        )
    } else {
        return Err(Skip::NoType);
    };
    if matches!(target.ty, TypeRef::Unresolved(_)) {
        return Err(Skip::UnknownType);
    }
    let mut target = target;
    // `{"value": [...]}` for a type without a `value` property is a collection response whose
    // annotation forgot `isCollection` (the linter reads it the same way).
    if let (TypeRef::Type(q), Some(Value::Array(_))) = (&target.ty, value.get("value")) {
        let has_value = resolver.api().type_def(q).is_some_and(|t| {
            resolver
                .api()
                .all_properties(t)
                .iter()
                .any(|p| p.name == "value")
        });
        if !has_value {
            target.collection = true;
        }
    }
    if strict && !placeholders(value).is_empty() {
        return Err(Skip::Placeholder);
    }
    if strict && !has_data(value) {
        return Err(Skip::NoData);
    }
    let enveloped = target.collection || !matches!(target.ty, TypeRef::Type(_));
    let shape_ok = if enveloped {
        value
            .get("value")
            .is_some_and(|v| !target.collection || v.is_array() || v.is_null())
    } else {
        value.is_object()
    };
    if !shape_ok {
        return Err(Skip::Shape);
    }
    Ok(Sample {
        page: page.path.clone(),
        example: index,
        name: example_name(e, index),
        kind: e.kind,
        at: e.body_at.unwrap_or(e.at),
        type_name: type_name(&target).ok_or(Skip::UnknownType)?,
        target,
        source,
        value: value.clone(),
    })
}

/// The request or response type of the route an example calls: the page's operation with the
/// example's method (all routes of a page share their bodies).
fn route_type(
    ops: &[&crate::model::Operation],
    method: Option<crate::kinds::Method>,
    kind: ExampleKind,
) -> Result<Option<TypeUse>, Skip> {
    let op = method
        .and_then(|m| ops.iter().find(|o| o.method == m))
        .or_else(|| ops.first());
    let Some(op) = op else { return Ok(None) };
    Ok(match kind {
        ExampleKind::Request => match &op.request {
            Some(RequestBody::Type(u)) => Some(u.clone()),
            Some(RequestBody::Parameters { .. }) => return Err(Skip::ActionParameters),
            None => None,
        },
        ExampleKind::Response => op.response.as_ref().and_then(|r| r.body.clone()),
    })
}

/// Why a value does not go through the generated types as the page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    /// The JSON kind contradicts the table: a string where an object belongs, a single value
    /// for a collection, a string for a Boolean.
    TypeMismatch,
    /// A key the type's tables do not list.
    UnknownProperty,
    /// An enum value the enum's table does not list.
    EnumMemberMissing,
    /// The right JSON kind but not a literal of the type: a timestamp without its offset, a
    /// fraction for an integer, an `Int64` written as a string, an invalid GUID.
    DateNumberFormat,
    /// The generated code did something the model does not explain.
    GeneratorBug,
}

impl Cause {
    /// Every cause, in table order.
    pub const ALL: [Cause; 5] = [
        Cause::TypeMismatch,
        Cause::UnknownProperty,
        Cause::EnumMemberMissing,
        Cause::DateNumberFormat,
        Cause::GeneratorBug,
    ];

    /// The lint rule that reports values with this cause at their line, if any.
    pub fn lint_rule(self) -> Option<crate::lint::rules::RuleId> {
        use crate::lint::rules::RuleId;
        match self {
            Cause::TypeMismatch => Some(RuleId::ExampleTypeMismatch),
            Cause::UnknownProperty => Some(RuleId::ExampleUnknownProperty),
            Cause::EnumMemberMissing => Some(RuleId::EnumValueUnknown),
            Cause::DateNumberFormat => Some(RuleId::ExampleValueFormat),
            Cause::GeneratorBug => None,
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Cause::TypeMismatch => "type mismatch",
            Cause::UnknownProperty => "unknown property",
            Cause::EnumMemberMissing => "enum member missing",
            Cause::DateNumberFormat => "date/number format",
            Cause::GeneratorBug => "generator bug",
        })
    }
}

/// What the generated code does with a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Deserialization fails.
    Rejected,
    /// Read, but written back in another form (`"12"` for an `Int64` comes back as `12`).
    Normalized,
    /// Read and written back unchanged, but outside the typed fields: in a struct's
    /// `additional_data`, or an enum's `Other`.
    Untyped,
}

/// A value of an example that contradicts the model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// JSON Pointer of the value (for an unknown property, of the member).
    pub pointer: String,
    /// Why.
    pub cause: Cause,
    /// What the generated code does with it.
    pub effect: Effect,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The property whose value this is, when the value is one property's whole value: its
    /// wire name and where its table row is (lint blames the row when the docs outvote it).
    #[serde(skip)]
    pub property: Option<(String, crate::span::Location)>,
    /// A single value where the property is a collection.
    #[serde(skip)]
    pub single_for_collection: bool,
}

/// The end of a [`Finding`]'s message for a single value where the property is a collection.
const SINGLE_FOR_COLLECTION: &str = "where a collection belongs";

/// What the generated code does with `value` read as `target` (the body of a sample: collections,
/// primitives and enums come as `{"value": ...}`): every value that contradicts the model, in
/// document order. An empty result means the value goes through the generated types and comes
/// back equal (see [`compare`]).
pub fn check(api: &Api, target: &TypeUse, value: &Value) -> Vec<Finding> {
    walk(api, None, target, value)
}

fn walk<'a>(
    api: &'a Api,
    hierarchy: Option<&'a Hierarchy<'a>>,
    target: &TypeUse,
    value: &Value,
) -> Vec<Finding> {
    let mut w = Walk {
        api,
        hierarchy,
        out: Vec::new(),
    };
    let enveloped = target.collection || !matches!(target.ty, TypeRef::Type(_));
    match (enveloped, value) {
        (true, Value::Object(map)) => {
            for (k, v) in map {
                let at = format!("/{}", esc(k));
                if k == "value" {
                    w.value(&at, v, target, 0);
                } else if !is_control(k) && !v.is_null() {
                    w.push(
                        &at,
                        Cause::UnknownProperty,
                        Effect::Untyped,
                        format!("`{k}` is not part of a collection or value response"),
                    );
                }
            }
        }
        _ => w.value("", value, target, 0),
    }
    w.out
}

struct Walk<'a> {
    api: &'a Api,
    /// Derived types, when the caller checks many values.
    hierarchy: Option<&'a Hierarchy<'a>>,
    out: Vec<Finding>,
}

impl<'a> Walk<'a> {
    fn push(&mut self, at: &str, cause: Cause, effect: Effect, message: String) {
        self.out.push(Finding {
            pointer: at.to_owned(),
            cause,
            effect,
            message,
            property: None,
            single_for_collection: false,
        });
    }

    fn value(&mut self, at: &str, v: &Value, u: &TypeUse, depth: usize) {
        // A type name standing in for a value is `placeholder-value`'s to report.
        if v.is_null() || depth > MAX_DEPTH || stands_in(at, v) {
            return;
        }
        if !u.collection {
            return self.single(at, v, &u.ty, depth);
        }
        let Value::Array(items) = v else {
            self.push(
                at,
                Cause::TypeMismatch,
                Effect::Rejected,
                format!("{} {SINGLE_FOR_COLLECTION}", kind(v)),
            );
            if let Some(f) = self.out.last_mut() {
                f.single_for_collection = true;
            }
            return;
        };
        for (i, item) in items.iter().enumerate() {
            let at = format!("{at}/{i}");
            if item.is_null() && !accepts_null(&u.ty) {
                self.push(
                    &at,
                    Cause::TypeMismatch,
                    Effect::Rejected,
                    "null inside a collection".into(),
                );
            } else {
                self.single(&at, item, &u.ty, depth);
            }
        }
    }

    fn single(&mut self, at: &str, v: &Value, t: &TypeRef, depth: usize) {
        if stands_in(at, v) {
            return;
        }
        match t {
            TypeRef::Primitive(p) => self.primitive(at, v, *p),
            TypeRef::Enum(q) => match (self.api.enum_def(q), v) {
                (Some(def), Value::String(s)) => self.member(at, s, def),
                (Some(_), _) => self.push(
                    at,
                    Cause::TypeMismatch,
                    Effect::Rejected,
                    format!("{} where a member of enum `{q}` belongs", kind(v)),
                ),
                (None, _) => {}
            },
            TypeRef::Type(q) => match (self.api.type_def(q), v) {
                (Some(def), Value::Object(map)) => self.object(at, map, def, depth),
                (Some(_), _) => self.push(
                    at,
                    Cause::TypeMismatch,
                    Effect::Rejected,
                    format!("{} where a `{q}` object belongs", kind(v)),
                ),
                (None, _) => {}
            },
            TypeRef::Unresolved(_) => {}
        }
    }

    fn member(&mut self, at: &str, s: &str, def: &EnumDef) {
        let known = |part: &str| def.members.iter().any(|m| m.name == part);
        // A flags value names several members: the generated `runtime::Flags` reads each
        // (trimmed) and writes them back separated by commas.
        if known(s) || (def.flags && s.split(',').all(|p| known(p.trim()))) {
            return;
        }
        let case = def.members.iter().find(|m| m.name.eq_ignore_ascii_case(s));
        let message = match case {
            Some(m) => format!(
                "`{s}` differs only in case from member `{}` of enum `{}`",
                m.name, def.name
            ),
            None if s.contains(',') => format!(
                "`{s}` is not a member of enum `{}` (several members are kept as one unknown value)",
                def.name
            ),
            None => format!("`{s}` is not a member of enum `{}`", def.name),
        };
        self.push(at, Cause::EnumMemberMissing, Effect::Untyped, message);
    }

    fn object(&mut self, at: &str, map: &Map<String, Value>, declared: &'a TypeDef, depth: usize) {
        let ty = self.dispatch(map, declared);
        let props = self.api.all_properties(ty);
        // Open types (or types deriving from one) take any key as a dynamic property.
        let open = ty.open_type || self.api.bases(ty).iter().any(|b| b.open_type);
        for (k, v) in map {
            let child = format!("{at}/{}", esc(k));
            if k == "@odata.type" {
                if !v.is_string() && !v.is_null() {
                    self.push(
                        &child,
                        Cause::TypeMismatch,
                        Effect::Rejected,
                        format!("`@odata.type` is {}", kind(v)),
                    );
                }
                continue;
            }
            match props.iter().find(|p| p.name == *k) {
                Some(p) => self.property(&child, v, p, depth),
                // Annotations (`@odata.etag`, `manager@odata.bind`) are kept untouched.
                None if k.contains('@') || open => {}
                None => {
                    let case = props.iter().find(|p| p.name.eq_ignore_ascii_case(k));
                    let message = match case {
                        Some(p) => format!(
                            "key `{k}` differs only in case from property `{}` of `{}`",
                            p.name, ty.name
                        ),
                        None => {
                            let has = |d: &&TypeDef| d.properties.iter().any(|p| p.name == *k);
                            let derived = match self.hierarchy {
                                Some(h) => h.derived(&ty.name).find(has),
                                None => self.api.derived(&ty.name).into_iter().find(has),
                            };
                            match derived {
                                Some(d) => format!(
                                    "key `{k}` is not a property of `{}` but of `{}`, which the object does not name in `@odata.type`",
                                    ty.name, d.name
                                ),
                                None => format!("key `{k}` is not a property of `{}`", ty.name),
                            }
                        }
                    };
                    self.push(&child, Cause::UnknownProperty, Effect::Untyped, message);
                }
            }
        }
    }

    /// The type a generated union reads an object as: the derived type its `@odata.type` names
    /// (any case, `#` optional), else the declared one.
    fn dispatch(&self, map: &Map<String, Value>, declared: &'a TypeDef) -> &'a TypeDef {
        let Some(poly) = &declared.polymorphic else {
            return declared;
        };
        let Some(tag) = map.get("@odata.type").and_then(Value::as_str) else {
            return declared;
        };
        let tag = tag.trim_start_matches('#').to_ascii_lowercase();
        poly.variants
            .iter()
            .find(|(q, _)| q.to_string().to_ascii_lowercase() == tag)
            .and_then(|(q, _)| self.api.type_def(q))
            .unwrap_or(declared)
    }

    fn property(&mut self, at: &str, v: &Value, p: &Property, depth: usize) {
        let from = self.out.len();
        self.value(at, v, &p.ty, depth + 1);
        for f in self.out[from..].iter_mut().filter(|f| f.pointer == at) {
            f.property = Some((p.name.clone(), p.source.clone()));
        }
    }

    fn primitive(&mut self, at: &str, v: &Value, p: Primitive) {
        use Primitive as P;
        let edm = p.edm_name();
        let mismatch = |w: &mut Self| {
            w.push(
                at,
                Cause::TypeMismatch,
                Effect::Rejected,
                format!("{} where an `{edm}` belongs", kind(v)),
            )
        };
        match (p, v) {
            (P::Json, _) => {}
            (P::String | P::Duration | P::Binary | P::Stream, Value::String(_)) => {}
            (P::Boolean, Value::Bool(_)) => {}
            (P::Byte | P::SByte | P::Int16 | P::Int32 | P::Int64, Value::Number(n)) => {
                let (lo, hi): (i64, i64) = match p {
                    P::Byte => (0, 255),
                    P::SByte => (-128, 127),
                    P::Int16 => (i16::MIN.into(), i16::MAX.into()),
                    P::Int32 => (i32::MIN.into(), i32::MAX.into()),
                    _ => (i64::MIN, i64::MAX),
                };
                match n.as_i64() {
                    Some(i) if (lo..=hi).contains(&i) => {}
                    Some(i) => self.push(
                        at,
                        Cause::DateNumberFormat,
                        Effect::Rejected,
                        format!("{i} is out of range for `{edm}`"),
                    ),
                    None => self.push(
                        at,
                        Cause::DateNumberFormat,
                        Effect::Rejected,
                        format!("{n} is not an integer, as `{edm}` needs"),
                    ),
                }
            }
            // IEEE754Compatible: the service may write 64-bit integers as strings.
            (P::Int64, Value::String(s)) => match s.trim().parse::<i64>() {
                Ok(i) => self.push(
                    at,
                    Cause::DateNumberFormat,
                    Effect::Normalized,
                    format!("`Int64` written as the string \"{s}\" comes back as the number {i}"),
                ),
                _ => self.push(
                    at,
                    Cause::DateNumberFormat,
                    Effect::Rejected,
                    format!("\"{s}\" is not an `Int64`"),
                ),
            },
            (P::Single | P::Double | P::Decimal, Value::Number(_)) => {}
            (P::Single | P::Double | P::Decimal, Value::String(s)) => {
                // The special values are written back as they came (the reader is the same
                // for the three types).
                if matches!(s.trim(), "NaN" | "INF" | "-INF") {
                    return;
                }
                let t = s.trim();
                let numeric = !t
                    .bytes()
                    .any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E');
                match t.parse::<f64>() {
                    Ok(_) if numeric => self.push(
                        at,
                        Cause::DateNumberFormat,
                        Effect::Normalized,
                        format!("`{edm}` written as the string \"{s}\" comes back as a number"),
                    ),
                    _ => self.push(
                        at,
                        Cause::DateNumberFormat,
                        Effect::Rejected,
                        format!("\"{s}\" is not an `{edm}`"),
                    ),
                }
            }
            (P::Date, Value::String(s)) => {
                if !literal::date(s) {
                    self.push(
                        at,
                        Cause::DateNumberFormat,
                        Effect::Rejected,
                        format!("\"{s}\" is not an `Edm.Date` (yyyy-mm-dd)"),
                    );
                }
            }
            // Kept as sent (the runtime's text types): an invalid literal is read, written back
            // unchanged, and fails only when the program parses it.
            (P::DateTimeOffset | P::TimeOfDay | P::Guid, Value::String(s)) => {
                let (valid, form) = match p {
                    P::DateTimeOffset => (
                        literal::date_time_offset(s),
                        "yyyy-mm-ddThh:mm[:ss[.fff]] then Z or ±hh:mm",
                    ),
                    P::TimeOfDay => (literal::time_of_day(s), "hh:mm[:ss[.fff]]"),
                    _ => (literal::guid(s), "8-4-4-4-12 hexadecimal digits"),
                };
                if !valid {
                    self.push(
                        at,
                        Cause::DateNumberFormat,
                        Effect::Untyped,
                        format!("\"{s}\" is not an `{edm}` ({form}); it is kept as text"),
                    );
                }
            }
            _ => mismatch(self),
        }
    }
}

/// Whether the value at `at` is a placeholder (see [`placeholders`]: keys that name types on
/// purpose are exempt).
fn stands_in(at: &str, v: &Value) -> bool {
    // Items of an array count under the array's key, as in `placeholders`.
    let key = at
        .rsplit('/')
        .find(|k| !k.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or_default();
    v.as_str().is_some_and(is_placeholder) && !TYPE_VALUED_KEYS.contains(&key)
}

/// Whether a collection of `t` may hold `null` (untyped JSON may).
fn accepts_null(t: &TypeRef) -> bool {
    matches!(
        t,
        TypeRef::Unresolved(_) | TypeRef::Primitive(Primitive::Json)
    )
}

/// "a string", "an object"…, for messages.
fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the Boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > 40 => "a string".into(),
        Value::String(s) => format!("the string \"{s}\""),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn esc(key: &str) -> String {
    crate::parse::jsonpos::escape(key)
}

/// `text` cut to `max` characters, with `…` where it was cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// OData literal forms (OData ABNF), as the generated runtime accepts them.
pub mod literal {
    fn digits(s: &str, n: usize) -> Option<u32> {
        (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    }

    /// `yyyy-mm-dd` (a year of four or more digits, optionally negative), a real day.
    pub fn date(s: &str) -> bool {
        let body = s.strip_prefix('-').unwrap_or(s);
        let mut parts = body.rsplitn(3, '-');
        let (Some(d), Some(m), Some(y)) = (parts.next(), parts.next(), parts.next()) else {
            return false;
        };
        let year_ok = y.len() >= 4 && y.bytes().all(|b| b.is_ascii_digit());
        let (Some(m), Some(d)) = (digits(m, 2), digits(d, 2)) else {
            return false;
        };
        let leap = y
            .parse::<i64>()
            .is_ok_and(|y| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        year_ok && (1..=days).contains(&d)
    }

    /// `hh:mm[:ss[.f{1,12}]]`.
    pub fn time_of_day(s: &str) -> bool {
        let (hms, frac) = match s.split_once('.') {
            Some((hms, f)) => (hms, Some(f)),
            None => (s, None),
        };
        if let Some(f) = frac {
            if f.is_empty() || f.len() > 12 || !f.bytes().all(|b| b.is_ascii_digit()) {
                return false;
            }
        }
        let parts: Vec<&str> = hms.split(':').collect();
        match parts.as_slice() {
            [h, m] if frac.is_none() => {
                digits(h, 2).is_some_and(|h| h < 24) && digits(m, 2).is_some_and(|m| m < 60)
            }
            [h, m, sec] => {
                digits(h, 2).is_some_and(|h| h < 24)
                    && digits(m, 2).is_some_and(|m| m < 60)
                    && digits(sec, 2).is_some_and(|s| s < 60)
            }
            _ => false,
        }
    }

    /// `date "T" timeOfDay ("Z" / sign hh ":" mm)`.
    pub fn date_time_offset(s: &str) -> bool {
        let Some((d, rest)) = s.split_once(['T', 't']) else {
            return false;
        };
        let (time, zone_ok) = if let Some(t) = rest.strip_suffix(['Z', 'z']) {
            (t, true)
        } else {
            match rest.rfind(['+', '-']) {
                Some(i) => {
                    let z = &rest[i + 1..];
                    let ok = match z.split_once(':') {
                        Some((h, m)) => {
                            digits(h, 2).is_some_and(|h| h < 24)
                                && digits(m, 2).is_some_and(|m| m < 60)
                        }
                        None => false,
                    };
                    (&rest[..i], ok)
                }
                None => (rest, false),
            }
        };
        zone_ok && date(d) && time_of_day(time)
    }

    /// `8-4-4-4-12` hexadecimal digits, either case.
    pub fn guid(s: &str) -> bool {
        let groups: Vec<&str> = s.split('-').collect();
        groups.len() == 5
            && groups
                .iter()
                .zip([8, 4, 4, 4, 12])
                .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
    }
}

/// Where a value that came back differs from the one sent.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// JSON Pointer of the value.
    pub pointer: String,
    /// The value the page shows, `None` when it came back with a key the page does not show.
    pub sent: Option<Value>,
    /// The value that came back, `None` when it was lost.
    pub back: Option<Value>,
}

/// How `back` differs from `sent`, ignoring key order, `@odata.*` control keys and nulls (a null
/// member is the same as an absent one); numbers compare by value (`1` equals `1.0`).
pub fn compare(sent: &Value, back: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    diff("", sent, back, 0, &mut out);
    out
}

fn diff(at: &str, a: &Value, b: &Value, depth: usize, out: &mut Vec<Difference>) {
    let differ = |out: &mut Vec<Difference>| {
        out.push(Difference {
            pointer: at.to_owned(),
            sent: Some(a.clone()),
            back: Some(b.clone()),
        })
    };
    if depth > MAX_DEPTH {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let data = |m: &Map<String, Value>| -> BTreeMap<String, Value> {
                m.iter()
                    .filter(|(k, v)| !is_control(k) && !v.is_null())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            };
            let (x, y) = (data(x), data(y));
            for (k, xv) in &x {
                let child = format!("{at}/{}", esc(k));
                match y.get(k) {
                    Some(yv) => diff(&child, xv, yv, depth + 1, out),
                    None => out.push(Difference {
                        pointer: child,
                        sent: Some(xv.clone()),
                        back: None,
                    }),
                }
            }
            for (k, yv) in &y {
                if !x.contains_key(k) {
                    out.push(Difference {
                        pointer: format!("{at}/{}", esc(k)),
                        sent: None,
                        back: Some(yv.clone()),
                    });
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (xv, yv)) in x.iter().zip(y).enumerate() {
                diff(&format!("{at}/{i}"), xv, yv, depth + 1, out);
            }
        }
        (Value::Number(x), Value::Number(y)) => {
            let same = match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                (Some(i), Some(j), _, _) => i == j,
                (_, _, Some(i), Some(j)) => i == j,
                _ => x.as_f64() == y.as_f64(),
            };
            if !same {
                differ(out);
            }
        }
        _ if a == b => {}
        _ => differ(out),
    }
}

/// What happened to one sample in the generated crate.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Deserialization failed with this message.
    Rejected(String),
    /// It deserialized and was serialized back as this value.
    Back(Value),
    /// The generated code failed in a way no value explains: writing back failed, or it
    /// panicked.
    Broken(String),
}

/// The verdict on one sample.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    /// It deserialized.
    pub deserialized: bool,
    /// It came back equal (see [`compare`]).
    pub lossless: bool,
    /// Why not, when it failed: the cause of the first finding that explains the failure, or
    /// [`Cause::GeneratorBug`] when none does.
    pub cause: Option<Cause>,
    /// Causes of values that went through outside the typed fields (an unknown key kept in
    /// `additional_data`, an unknown enum value kept as `Other`), though the sample passed.
    pub untyped: Vec<Cause>,
    /// The deserialization error, or the first difference, for the report.
    pub detail: Option<String>,
    /// JSON Pointer of the value the failure is about.
    pub pointer: Option<String>,
}

/// Judges one sample: `findings` are [`check`]'s prediction, `outcome` what the generated crate
/// did. A failure the findings explain is the docs' (its cause is theirs); one they do not
/// explain is a generator bug, as is a finding the outcome contradicts (a value predicted to be
/// rejected that was read).
pub fn judge(sample: &Value, findings: &[Finding], outcome: &Outcome) -> Verdict {
    let mut untyped: Vec<Cause> = findings
        .iter()
        .filter(|f| f.effect == Effect::Untyped)
        .map(|f| f.cause)
        .collect();
    untyped.sort();
    untyped.dedup();
    match outcome {
        Outcome::Broken(message) => Verdict {
            deserialized: false,
            lossless: false,
            cause: Some(Cause::GeneratorBug),
            untyped,
            detail: Some(message.clone()),
            pointer: None,
        },
        Outcome::Rejected(message) => {
            let first = findings.iter().find(|f| f.effect == Effect::Rejected);
            Verdict {
                deserialized: false,
                lossless: false,
                cause: Some(first.map_or(Cause::GeneratorBug, |f| f.cause)),
                untyped,
                detail: Some(match first {
                    Some(f) => format!("{} ({message})", f.message),
                    None => message.clone(),
                }),
                pointer: first.map(|f| f.pointer.clone()),
            }
        }
        Outcome::Back(back) => {
            let diffs = compare(sample, back);
            if let Some(f) = findings.iter().find(|f| f.effect == Effect::Rejected) {
                // Read though the model says the generated code rejects it.
                return Verdict {
                    deserialized: true,
                    lossless: diffs.is_empty(),
                    cause: Some(Cause::GeneratorBug),
                    untyped,
                    detail: Some(format!("predicted rejection did not happen: {}", f.message)),
                    pointer: Some(f.pointer.clone()),
                };
            }
            let Some(d) = diffs.first() else {
                return Verdict {
                    deserialized: true,
                    lossless: true,
                    cause: None,
                    untyped,
                    detail: None,
                    pointer: None,
                };
            };
            // Each difference must be one the findings announce: a normalized value at or
            // above it.
            let explained = |d: &Difference| {
                findings.iter().find(|f| {
                    f.effect == Effect::Normalized
                        && (d.pointer == f.pointer
                            || d.pointer.starts_with(&format!("{}/", f.pointer)))
                })
            };
            let unexplained = diffs.iter().find(|d| explained(d).is_none());
            let (cause, d) = match unexplained {
                Some(u) => (Cause::GeneratorBug, u),
                None => (explained(d).map_or(Cause::GeneratorBug, |f| f.cause), d),
            };
            let show = |v: &Option<Value>| {
                v.as_ref()
                    .map_or_else(|| "nothing".to_owned(), |v| shorten(&v.to_string(), 80))
            };
            Verdict {
                deserialized: true,
                lossless: false,
                cause: Some(cause),
                untyped,
                detail: Some(format!(
                    "{} {} came back as {}",
                    if d.pointer.is_empty() {
                        "/"
                    } else {
                        &d.pointer
                    },
                    show(&d.sent),
                    show(&d.back)
                )),
                pointer: Some(d.pointer.clone()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_are_type_names_outside_type_valued_keys() {
        let v = json!({"a": "String (timestamp)", "type": "String", "b": ["Int32", "x"], "c": "Stringy"});
        assert_eq!(placeholders(&v), ["/a", "/b/0"]);
    }

    #[test]
    fn literals() {
        for s in [
            "2017-01-01T00:00:46.1697867+03:00",
            "2021-07-01T10:00Z",
            "0001-01-01T00:00:00Z",
        ] {
            assert!(literal::date_time_offset(s), "{s}");
        }
        for s in [
            "2019-11-27T06:33:32",
            "2021-02-30T00:00:00Z",
            "2021-01-01 10:00:00Z",
            "String",
        ] {
            assert!(!literal::date_time_offset(s), "{s}");
        }
        assert!(literal::date("2020-02-29") && !literal::date("2021-02-29"));
        assert!(literal::time_of_day("08:00:00.0000000") && !literal::time_of_day("8:00"));
        assert!(literal::guid("87D349ED-44d7-43e1-9a83-5f2406dee5bd"));
        assert!(!literal::guid("{87d349ed-44d7-43e1-9a83-5f2406dee5bd}"));
    }

    fn finding(pointer: &str, cause: Cause, effect: Effect) -> Finding {
        Finding {
            pointer: pointer.into(),
            cause,
            effect,
            message: "m".into(),
            property: None,
            single_for_collection: false,
        }
    }

    #[test]
    fn judging_blames_the_docs_only_for_what_the_model_explains() {
        let sent = json!({"a": "1", "b": "x", "c": "y"});
        // A difference the findings announce is the docs'; one they do not is the generator's.
        let normalized = [finding("/a", Cause::DateNumberFormat, Effect::Normalized)];
        let v = judge(
            &sent,
            &normalized,
            &Outcome::Back(json!({"a": 1, "b": "x", "c": "y"})),
        );
        assert_eq!(
            (v.deserialized, v.lossless, v.cause),
            (true, false, Some(Cause::DateNumberFormat))
        );
        let v = judge(
            &sent,
            &normalized,
            &Outcome::Back(json!({"a": 1, "b": "x"})),
        );
        assert_eq!(v.cause, Some(Cause::GeneratorBug));
        assert_eq!(v.pointer.as_deref(), Some("/c"));
        // A rejection the findings predict is the docs'; one they do not is the generator's.
        let rejected = [finding("/b", Cause::TypeMismatch, Effect::Rejected)];
        let v = judge(&sent, &rejected, &Outcome::Rejected("no".into()));
        assert_eq!(
            (v.cause, v.pointer.as_deref()),
            (Some(Cause::TypeMismatch), Some("/b"))
        );
        let v = judge(&sent, &[], &Outcome::Rejected("no".into()));
        assert_eq!(v.cause, Some(Cause::GeneratorBug));
        // So is a predicted rejection that did not happen.
        let v = judge(&sent, &rejected, &Outcome::Back(sent.clone()));
        assert_eq!(v.cause, Some(Cause::GeneratorBug));
        // Values kept outside the typed fields pass, and are listed.
        let kept = [
            finding("/b", Cause::UnknownProperty, Effect::Untyped),
            finding("/c", Cause::EnumMemberMissing, Effect::Untyped),
        ];
        let v = judge(&sent, &kept, &Outcome::Back(sent.clone()));
        assert!(v.lossless && v.cause.is_none());
        assert_eq!(
            v.untyped,
            [Cause::UnknownProperty, Cause::EnumMemberMissing]
        );
        let v = judge(&sent, &[], &Outcome::Broken("panicked".into()));
        assert_eq!(v.cause, Some(Cause::GeneratorBug));
    }

    #[test]
    fn comparison_ignores_order_control_keys_nulls_and_number_form() {
        let a = json!({"@odata.context": "x", "a": 1, "b": null, "c": [1.5, {"d": 2}]});
        let b = json!({"c": [1.5, {"d": 2.0}], "a": 1.0});
        assert!(compare(&a, &b).is_empty());
        let lost = compare(&json!({"a": 1, "e": "x"}), &json!({"a": 2}));
        let pointers: Vec<&str> = lost.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["/a", "/e"]);
    }
}
