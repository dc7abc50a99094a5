//! Examples as traffic: which request and response examples a generated crate should read, what
//! the generated code does with each of their values (predicted from the model, so a linter can
//! point at the value), and how a value that went through the generated types compares with the
//! one the page shows.
//!
//! This module holds the one example typer ([`ExampleTyper`]: what type each example body is)
//! and the one walk of a body against the model ([`Walked`]'s findings); lint's example rules
//! and the round trip's causes are two readers of that result. The prediction mirrors the
//! generated serde code exactly (see `codegen::types`), with the runtime's own literal parsing:
//! a finding says whether the value is rejected, read and written back in another form, or kept
//! outside the typed fields, and names what a reader needs to judge or word it. When the
//! generated code does something the prediction does not say, that is a generator bug, never
//! the docs' fault.
//!
//! ```no_run
//! let tree = docgen::docs::DocsTree::load("docs-input".as_ref())?;
//! let pages = tree.parse();
//! let api = docgen::model::build(&pages);
//! let found = docgen::roundtrip::collect(&pages, &api);
//! for s in &found.samples {
//!     for f in &s.findings {
//!         println!("{}:{}: {}: {}", s.page, s.at, f.pointer, f.message);
//!     }
//! }
//! # Ok::<(), docgen::Error>(())
//! ```

use crate::edm::Primitive;
use crate::model::build::DEFAULT_NAMESPACE;
use crate::model::resolve::Names;
use crate::model::{
    Api, EnumDef, Hierarchy, Operation, Property, QName, RequestBody, TypeDef, TypeRef, TypeUse,
};
use crate::parse::Page;
use crate::parse::example::{Body, TYPE_VALUED_KEYS};
use crate::parse::page::{Example, ExampleKind};
use crate::span::Span;
use docgen_runtime::edm;
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
    /// What the generated code does with each of its values that contradicts the model
    /// (see [`check`]), from the walk lint reads too.
    pub findings: Vec<Finding>,
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

/// Nesting deeper than this is not walked (serde_json refuses deeper text anyway).
const MAX_DEPTH: usize = 64;

/// What a string standing in for a value is (`"String"`, `"displayName-value"`), if it is one:
/// the one definition, shared with lint's `placeholder-value`.
pub use crate::parse::example::{Placeholder, placeholder};

/// The placeholder values in `value` and what each is (see [`placeholder`]), by JSON Pointer,
/// in document order. A type name under a key whose value names a type on purpose
/// (`"dataType": "String"`) is a value; the items of an array count under the array's key.
pub fn placeholders(value: &Value) -> Vec<(String, Placeholder)> {
    let mut out = Vec::new();
    placeholders_in(value, "", None, 0, &mut out);
    out
}

fn placeholders_in(
    v: &Value,
    at: &str,
    key: Option<&str>,
    depth: usize,
    out: &mut Vec<(String, Placeholder)>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::String(s) => {
            if let Some(what) = placeholder(s).filter(|_| !is_value(s, key.unwrap_or_default())) {
                out.push((at.to_owned(), what));
            }
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

/// Whether `s`, which looks like a placeholder, is a value after all: a type name (`"String"`)
/// under a key whose value names a type on purpose (schema extensions, extension properties).
/// The other conventions (`"@odata.type: x"`, `"x-value"`) are placeholders under any key.
fn is_value(s: &str, key: &str) -> bool {
    TYPE_VALUED_KEYS.contains(&key) && crate::parse::example::is_type_name(s)
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

/// The name the generated `from_json` takes for `u`: `microsoft.graph.user`,
/// `Collection(microsoft.graph.user)`, `Edm.Int64`; `None` for an unresolved type.
pub fn type_name(u: &TypeUse) -> Option<String> {
    (!matches!(u.ty, TypeRef::Unresolved(_))).then(|| u.to_string())
}

/// The annotation's `name`, else the example's 1-based position: how reports name an example.
pub fn example_name(e: &Example, index: usize) -> String {
    e.annotation
        .as_ref()
        .and_then(|a| a.str("name"))
        .map_or_else(|| format!("#{}", index + 1), str::to_owned)
}

/// Every request and response example with a body, and the eligible ones: strict JSON, a known
/// type, no placeholder values, some data, a shape the type can have.
pub fn collect(pages: &[Page], api: &Api) -> Collected {
    let typer = ExampleTyper::new(api);
    let mut out = Collected::default();
    for page in pages {
        for walked in typer.page(page) {
            out.examples += 1;
            match sample(page, walked) {
                Ok(s) => out.samples.push(s),
                Err(skip) => *out.skipped.entry(skip).or_default() += 1,
            }
        }
    }
    out
}

/// What an example body is read as.
#[derive(Clone, Debug, PartialEq)]
pub enum Target<'a> {
    /// A value of a type, a collection of it, a primitive or an enum.
    Value(TypeUse),
    /// An action's parameters: an object of them, which has no Graph type name.
    Parameters(&'a [Property]),
}

/// What an example's body is, and where that came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Typing<'a> {
    /// What the body is read as.
    pub target: Target<'a>,
    /// Where that came from.
    pub source: TypeSource,
    /// The type the page's route documents the body as, where the annotation names another:
    /// pages show a related type's example (a range's font on the range format page), and
    /// annotations are wrong at times, so a reader may let a key pass that this type has.
    pub also: Option<&'a TypeDef>,
    /// Whether the body's JSON shape can be the target at all (else it is not walked): an
    /// object for a single value of a type or for parameters, `{"value": ...}` for the rest.
    pub fits: bool,
}

/// One example with a body, typed once and walked once against the model: what lint's rules
/// and the round trip's causes both read.
#[derive(Clone, Debug, PartialEq)]
pub struct Walked<'a> {
    /// Its position among the page's examples.
    pub index: usize,
    /// Its name (see [`example_name`]).
    pub name: String,
    /// What its body is, or why that is not known.
    pub typing: Result<Typing<'a>, Skip>,
    /// Every value of the body that contradicts the model, in document order (none when the
    /// body is not typed or does not fit its type).
    pub findings: Vec<Finding>,
}

/// What types example bodies and walks them: the model's names, its type hierarchy and the
/// operations of each page, built once per model and shared by every page (and thread).
pub struct ExampleTyper<'a> {
    names: Names<'a>,
    hierarchy: Hierarchy<'a>,
    ops: HashMap<&'a str, Vec<&'a Operation>>,
}

impl<'a> ExampleTyper<'a> {
    /// The lookups over `api`.
    pub fn new(api: &'a Api) -> Self {
        let mut ops: HashMap<&str, Vec<&Operation>> = HashMap::new();
        for op in &api.operations {
            ops.entry(op.page.as_str()).or_default().push(op);
        }
        ExampleTyper {
            names: Names::new(api),
            hierarchy: Hierarchy::new(api),
            ops,
        }
    }

    /// The model.
    pub fn api(&self) -> &'a Api {
        self.names.api()
    }

    /// The model's names, by which examples are typed.
    pub fn names(&self) -> &Names<'a> {
        &self.names
    }

    /// The model's derived types.
    pub fn hierarchy(&self) -> &Hierarchy<'a> {
        &self.hierarchy
    }

    /// The operations of the page at `path`, in route order.
    pub fn operations(&self, path: &str) -> &[&'a Operation] {
        self.ops.get(path).map_or(&[][..], Vec::as_slice)
    }

    /// Every example of `page` with a body: typed, and walked when its shape fits its type.
    pub fn page(&self, page: &Page) -> Vec<Walked<'a>> {
        let ns = page
            .namespace
            .as_ref()
            .map_or(DEFAULT_NAMESPACE, |n| n.text.as_str());
        let ops = self.operations(&page.path);
        let mut method: Option<crate::kinds::Method> = None;
        let mut out = Vec::new();
        for (i, e) in page.examples.iter().enumerate() {
            if let Some((m, _, _)) = &e.request_line {
                method = Some(*m);
            }
            let Some(body) = &e.body else {
                continue;
            };
            let typing = match body {
                Body::Json { value } => self.typing(ns, ops, method, e, value),
                _ => Err(Skip::NotJson),
            };
            let findings = match (&typing, body) {
                (Ok(t), Body::Json { value }) if t.fits => walk(self, t, value),
                _ => Vec::new(),
            };
            out.push(Walked {
                index: i,
                name: example_name(e, i),
                typing,
                findings,
            });
        }
        out
    }

    /// What the body `value` of example `e` is: the annotation's `@odata.type` (with
    /// `isCollection`, or written `Collection(...)`), else the request or response type of the
    /// page's operation with the example's method (all routes of a page share their bodies),
    /// else the body's own `@odata.type`.
    fn typing(
        &self,
        ns: &str,
        ops: &[&'a Operation],
        method: Option<crate::kinds::Method>,
        e: &Example,
        value: &Value,
    ) -> Result<Typing<'a>, Skip> {
        let api = self.api();
        let op = method
            .and_then(|m| ops.iter().find(|o| o.method == m))
            .or_else(|| ops.first());
        let route = op.and_then(|op| match e.kind {
            ExampleKind::Request => match op.request.as_ref()? {
                RequestBody::Type(u) => Some(Target::Value(u.clone())),
                RequestBody::Parameters { params, .. } => Some(Target::Parameters(params)),
            },
            ExampleKind::Response => Some(Target::Value(op.response.as_ref()?.body.clone()?)),
        });
        let annotation = e.annotation.as_ref();
        let annotated = annotation.and_then(|a| a.str("@odata.type")).map(|t| {
            let coll = annotation.and_then(|a| a.bool("isCollection")) == Some(true);
            (t, coll)
        });
        let (target, source) = if let Some((t, coll)) = annotated {
            let mut u = self.names.type_use(t, ns).ok_or(Skip::UnknownType)?;
            u.collection |= coll;
            (Target::Value(u), TypeSource::Annotation)
        } else if let Some(t) = route.clone() {
            (t, TypeSource::Route)
        } else if let Some(t) = value.get("@odata.type").and_then(Value::as_str) {
            let u = self.names.type_use(t, ns).ok_or(Skip::UnknownType)?;
            (Target::Value(u), TypeSource::Body)
        } else {
            return Err(Skip::NoType);
        };
        let mut target = match target {
            Target::Parameters(params) => {
                return Ok(Typing {
                    target: Target::Parameters(params),
                    source,
                    also: None,
                    fits: value.is_object(),
                });
            }
            Target::Value(u) if matches!(u.ty, TypeRef::Unresolved(_)) => {
                return Err(Skip::UnknownType);
            }
            Target::Value(u) => u,
        };
        // `{"value": [...]}` for a type without a `value` property is a collection response
        // whose annotation forgot `isCollection`.
        if let (TypeRef::Type(q), Some(Value::Array(_))) = (&target.ty, value.get("value")) {
            let has_value = api
                .type_def(q)
                .is_some_and(|t| api.all_properties(t).iter().any(|p| p.name == "value"));
            if !has_value {
                target.collection = true;
            }
        }
        let also = match (&target.ty, route) {
            (TypeRef::Type(q), Some(Target::Value(r))) if source == TypeSource::Annotation => {
                match &r.ty {
                    TypeRef::Type(rq) if rq != q => api.type_def(rq),
                    _ => None,
                }
            }
            _ => None,
        };
        let enveloped = target.collection || !matches!(target.ty, TypeRef::Type(_));
        let fits = if enveloped {
            value
                .get("value")
                .is_some_and(|v| !target.collection || v.is_array() || v.is_null())
        } else {
            value.is_object()
        };
        Ok(Typing {
            target: Target::Value(target),
            source,
            also,
            fits,
        })
    }
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

/// The sample a walked example of `page` is, or why it is not one: a typed value (not action
/// parameters) without placeholders, with some data, in a shape its type can have.
fn sample(page: &Page, walked: Walked) -> Result<Sample, Skip> {
    let typing = walked.typing?;
    let Target::Value(target) = typing.target else {
        return Err(Skip::ActionParameters);
    };
    let e = page.examples.get(walked.index).ok_or(Skip::NotJson)?;
    let Some(Body::Json { value }) = &e.body else {
        return Err(Skip::NotJson);
    };
    // A body with a type name where a value belongs is a template, not traffic. (A
    // `"x-value"` string is still a string the generated code reads.)
    if placeholders(value)
        .iter()
        .any(|(_, p)| *p == Placeholder::TypeName)
    {
        return Err(Skip::Placeholder);
    }
    if !has_data(value) {
        return Err(Skip::NoData);
    }
    if !typing.fits {
        return Err(Skip::Shape);
    }
    Ok(Sample {
        page: page.path.clone(),
        example: walked.index,
        name: walked.name,
        kind: e.kind,
        at: e.body_at.unwrap_or(e.at),
        type_name: type_name(&target).ok_or(Skip::UnknownType)?,
        target,
        source: typing.source,
        value: value.clone(),
        findings: walked.findings,
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
    /// Read and written back unchanged, as every instance annotation is
    /// (`manager@odata.bind`): only the docs are wrong, the property it annotates being in no
    /// table of the type.
    Kept,
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
    /// What a reader needs beyond the message: for unknown keys and enum values, the names
    /// involved and why a reader may let them pass; a single value for a collection.
    #[serde(skip)]
    pub detail: FindingDetail,
}

/// The names a [`Finding`] is about, for readers that judge or word it their own way (not a
/// diagnostic's [`crate::diag::Detail`]: round-trip findings are not diagnostics).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FindingDetail {
    /// Nothing beyond the message.
    #[default]
    None,
    /// A key (or the property an instance annotation `key@…` annotates) that is not listed.
    Key(UnknownKey),
    /// A string of an enum that is not a member.
    Member(UnknownMember),
    /// A single value where the property is a collection.
    SingleForCollection,
}

/// A key an object's type does not list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownKey {
    /// The key, or the property an instance annotation annotates (`manager` of
    /// `manager@odata.bind`).
    pub name: String,
    /// What does not list it.
    pub owner: Owner,
    /// The listed name it differs from only in case.
    pub case_of: Option<String>,
    /// Why a reader that blames the docs may let it pass, if it may.
    pub excuse: Option<Excuse>,
}

/// What an object's keys are looked up in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    /// A complex or entity type.
    Type(QName),
    /// An action's parameters.
    Parameters,
    /// The `{"value": ...}` of a collection or of a single primitive or enum.
    Envelope,
}

/// Why a key the object's type does not list may still be right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Excuse {
    /// The type's pages list no property at all, so no key can be judged.
    Unlisted,
    /// `id` on a type without a base: pages often leave out "Inherits from entity".
    Id,
    /// A type deriving from the object's type has it; the object does not name that type in
    /// `@odata.type`.
    Derived(QName),
    /// The type the object's `@odata.type` names has it, though the model does not derive
    /// that type from the declared one (so the generated code reads the declared one).
    Tagged(QName),
    /// The other type the page documents the body as has it ([`Typing::also`]).
    Documented(QName),
}

/// An enum value that is not a member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownMember {
    /// The enum.
    pub enum_name: QName,
    /// The property whose type the enum is, if the value is a property's.
    pub property: Option<String>,
    /// The comma-separated parts of the value (the value itself when it has no comma) that are
    /// not members, each with the member it differs from only in case: a list of members
    /// where the enum is not a flags enum has none, though it is still one unknown value.
    pub parts: Vec<(String, Option<String>)>,
}

/// The end of a [`Finding`]'s message for a single value where the property is a collection.
const SINGLE_FOR_COLLECTION: &str = "where a collection belongs";

/// What the generated code does with `value` read as `target` (the body of a sample: collections,
/// primitives and enums come as `{"value": ...}`): every value that contradicts the model, in
/// document order. An empty result means the value goes through the generated types and comes
/// back equal (see [`compare`]). Builds the model's lookups for one value: for many, the
/// findings of [`collect`]'s samples and of [`ExampleTyper::page`] are the same walk's.
pub fn check(api: &Api, target: &TypeUse, value: &Value) -> Vec<Finding> {
    let typing = Typing {
        target: Target::Value(target.clone()),
        source: TypeSource::Annotation,
        also: None,
        fits: true,
    };
    walk(&ExampleTyper::new(api), &typing, value)
}

/// The one walk of an example body against the model: what the generated code does with each
/// value (predicted, mirroring `codegen::types` exactly), with the names a reader needs to
/// judge or word it.
fn walk<'a>(typer: &ExampleTyper<'a>, typing: &Typing<'a>, value: &Value) -> Vec<Finding> {
    let mut w = Walk {
        typer,
        api: typer.api(),
        out: Vec::new(),
    };
    let target = match &typing.target {
        Target::Parameters(params) => {
            if let Value::Object(map) = value {
                let props: Vec<&Property> = params.iter().collect();
                let members = Members {
                    owner: Owner::Parameters,
                    props,
                    open: false,
                };
                w.members("", map, &members, 0, Root::default());
            }
            return w.out;
        }
        Target::Value(u) => u,
    };
    let root = Root { also: typing.also };
    let enveloped = target.collection || !matches!(target.ty, TypeRef::Type(_));
    match (enveloped, value) {
        (true, Value::Object(map)) => {
            for (k, v) in map {
                let at = format!("/{}", esc(k));
                if k == "value" {
                    w.value(&at, v, target, 0, None, root);
                } else if !is_control(k) && !v.is_null() {
                    let detail = (!k.contains('@')).then(|| {
                        FindingDetail::Key(UnknownKey {
                            name: k.clone(),
                            owner: Owner::Envelope,
                            case_of: None,
                            excuse: None,
                        })
                    });
                    w.push(
                        &at,
                        Cause::UnknownProperty,
                        Effect::Untyped,
                        format!("`{k}` is not part of a collection or value response"),
                    );
                    if let (Some(f), Some(d)) = (w.out.last_mut(), detail) {
                        f.detail = d;
                    }
                }
            }
        }
        _ => w.value("", value, target, 0, None, root),
    }
    w.out
}

/// What a walk knows at the body's top-level objects only.
#[derive(Clone, Copy, Default)]
struct Root<'a> {
    /// See [`Typing::also`].
    also: Option<&'a TypeDef>,
}

/// The keys an object may have.
struct Members<'a> {
    owner: Owner,
    props: Vec<&'a Property>,
    /// Any key is a dynamic property.
    open: bool,
}

struct Walk<'t, 'a> {
    typer: &'t ExampleTyper<'a>,
    api: &'a Api,
    out: Vec<Finding>,
}

impl<'a> Walk<'_, 'a> {
    fn push(&mut self, at: &str, cause: Cause, effect: Effect, message: String) {
        self.out.push(Finding {
            pointer: at.to_owned(),
            cause,
            effect,
            message,
            property: None,
            detail: FindingDetail::None,
        });
    }

    /// A value of `u`; `prop` is the property it is the value of, `root` what the body's
    /// top-level objects are judged with.
    fn value(
        &mut self,
        at: &str,
        v: &Value,
        u: &TypeUse,
        depth: usize,
        prop: Option<&'a Property>,
        root: Root<'a>,
    ) {
        // A type name standing in for a value is no value (`placeholder-value` reports it).
        if v.is_null() || depth > MAX_DEPTH || stands_in(at, v) {
            return;
        }
        if !u.collection {
            return self.single(at, v, &u.ty, depth, prop, root);
        }
        let Value::Array(items) = v else {
            self.push(
                at,
                Cause::TypeMismatch,
                Effect::Rejected,
                format!("{} {SINGLE_FOR_COLLECTION}", kind(v)),
            );
            if let Some(f) = self.out.last_mut() {
                f.detail = FindingDetail::SingleForCollection;
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
                self.single(&at, item, &u.ty, depth, prop, root);
            }
        }
    }

    fn single(
        &mut self,
        at: &str,
        v: &Value,
        t: &TypeRef,
        depth: usize,
        prop: Option<&'a Property>,
        root: Root<'a>,
    ) {
        if stands_in(at, v) {
            return;
        }
        match t {
            TypeRef::Primitive(p) => self.primitive(at, v, *p),
            TypeRef::Enum(q) => match (self.api.enum_def(q), v) {
                (Some(def), Value::String(s)) => self.member(at, s, def, prop),
                (Some(_), _) => self.push(
                    at,
                    Cause::TypeMismatch,
                    Effect::Rejected,
                    format!("{} where a member of enum `{q}` belongs", kind(v)),
                ),
                (None, _) => {}
            },
            TypeRef::Type(q) => match (self.api.type_def(q), v) {
                (Some(def), Value::Object(map)) => self.object(at, map, def, depth, root),
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

    fn member(&mut self, at: &str, s: &str, def: &EnumDef, prop: Option<&Property>) {
        let known = |part: &str| def.members.iter().any(|m| m.name == part);
        // A flags value names several members: the generated `runtime::Flags` reads each
        // (trimmed) and writes them back separated by commas.
        if known(s) || (def.flags && s.split(',').all(|p| known(p.trim()))) {
            return;
        }
        let case = |part: &str| {
            def.members
                .iter()
                .find(|m| m.name.eq_ignore_ascii_case(part))
                .map(|m| m.name.clone())
        };
        let message = match case(s) {
            Some(m) => format!(
                "`{s}` differs only in case from member `{m}` of enum `{}`",
                def.name
            ),
            None if s.contains(',') => format!(
                "`{s}` is not a member of enum `{}` (several members are kept as one unknown value)",
                def.name
            ),
            None => format!("`{s}` is not a member of enum `{}`", def.name),
        };
        let parts: Vec<&str> = if def.flags || s.contains(',') {
            s.split(',').map(str::trim).collect()
        } else {
            vec![s]
        };
        let parts = parts
            .into_iter()
            .filter(|p| !p.is_empty() && !known(p))
            .map(|p| (p.to_owned(), case(p)))
            .collect();
        self.push(at, Cause::EnumMemberMissing, Effect::Untyped, message);
        if let Some(f) = self.out.last_mut() {
            f.detail = FindingDetail::Member(UnknownMember {
                enum_name: def.name.clone(),
                property: prop.map(|p| p.name.clone()),
                parts,
            });
        }
    }

    fn object(
        &mut self,
        at: &str,
        map: &Map<String, Value>,
        declared: &'a TypeDef,
        depth: usize,
        root: Root<'a>,
    ) {
        let ty = self.dispatch(map, declared);
        let members = Members {
            owner: Owner::Type(ty.name.clone()),
            props: self.api.all_properties(ty),
            open: self.api.is_open(ty),
        };
        self.members(at, map, &members, depth, root);
    }

    /// The members of an object against the keys it may have.
    fn members(
        &mut self,
        at: &str,
        map: &Map<String, Value>,
        members: &Members<'a>,
        depth: usize,
        root: Root<'a>,
    ) {
        let typed = matches!(members.owner, Owner::Type(_));
        for (k, v) in map {
            let child = format!("{at}/{}", esc(k));
            if k == "@odata.type" {
                if typed && !v.is_string() && !v.is_null() {
                    self.push(
                        &child,
                        Cause::TypeMismatch,
                        Effect::Rejected,
                        format!("`@odata.type` is {}", kind(v)),
                    );
                }
                continue;
            }
            if let Some(p) = members.props.iter().find(|p| p.name == *k) {
                self.property(&child, v, p, depth);
                continue;
            }
            // `manager@odata.bind`, `@odata.etag`: annotations of the property before the `@`,
            // or of the object, kept untouched.
            let annotation = k.contains('@');
            let name = k.split('@').next().unwrap_or_default();
            let listed = |n: &str| members.props.iter().any(|p| p.name == n);
            if members.open || (annotation && (name.is_empty() || listed(name))) {
                continue;
            }
            let case_of = members
                .props
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(name))
                .map(|p| p.name.clone());
            let (excuse, derived) = match &members.owner {
                Owner::Type(q) => self.excuse(name, q, map, members, root),
                _ => (None, None),
            };
            let (owner, listed_as) = match &members.owner {
                Owner::Type(q) => (format!("`{q}`"), "property"),
                _ => ("the action's parameters".to_owned(), "parameter"),
            };
            let what = if annotation {
                format!("`{name}` (annotated by `{k}`)")
            } else {
                format!("key `{k}`")
            };
            let message = match (&case_of, derived) {
                (Some(p), _) => {
                    format!("{what} differs only in case from {listed_as} `{p}` of {owner}")
                }
                (None, Some(d)) => format!(
                    "{what} is not a property of {owner} but of `{d}`, which the object does not name in `@odata.type`"
                ),
                (None, None) => format!("{what} is not a property of {owner}"),
            };
            let effect = if annotation {
                Effect::Kept
            } else {
                Effect::Untyped
            };
            self.push(&child, Cause::UnknownProperty, effect, message);
            if let Some(f) = self.out.last_mut() {
                f.detail = FindingDetail::Key(UnknownKey {
                    name: name.to_owned(),
                    owner: members.owner.clone(),
                    case_of,
                    excuse,
                });
            }
        }
    }

    /// Why `name`, which type `q` does not list, may still be right (and the derived type that
    /// has it, if one does).
    fn excuse(
        &self,
        name: &str,
        q: &QName,
        map: &Map<String, Value>,
        members: &Members<'a>,
        root: Root<'a>,
    ) -> (Option<Excuse>, Option<QName>) {
        let has = |d: &&TypeDef| d.properties.iter().any(|p| p.name == name);
        let derived = self
            .typer
            .hierarchy
            .derived(q)
            .find(has)
            .map(|d| d.name.clone());
        let lists = |t: &TypeDef| self.api.all_properties(t).iter().any(|p| p.name == name);
        let ty = self.api.type_def(q);
        let also = root.also.filter(|a| a.name != *q);
        // The type `@odata.type` names, when the generated code does not read the object as it.
        let tagged = map
            .get("@odata.type")
            .and_then(Value::as_str)
            .and_then(|t| self.typer.names.type_def(t, &q.namespace))
            .filter(|t| t.name != *q);
        let excuse = if members.props.is_empty()
            && also.is_none_or(|a| self.api.all_properties(a).is_empty())
        {
            Some(Excuse::Unlisted)
        } else if name == "id"
            && ty.is_some_and(|t| t.base.is_none())
            && also.is_none_or(|a| a.base.is_none())
        {
            Some(Excuse::Id)
        } else if let Some(d) = &derived {
            Some(Excuse::Derived(d.clone()))
        } else if let Some(t) = tagged.filter(|t| lists(t)) {
            Some(Excuse::Tagged(t.name.clone()))
        } else {
            also.filter(|a| {
                lists(a)
                    || self.api.is_open(a)
                    || self.typer.hierarchy.derived(&a.name).any(|d| has(&d))
            })
            .map(|a| Excuse::Documented(a.name.clone()))
        };
        (excuse, derived)
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
            .find(|q| q.to_string().to_ascii_lowercase() == tag)
            .and_then(|q| self.api.type_def(q))
            .unwrap_or(declared)
    }

    fn property(&mut self, at: &str, v: &Value, p: &'a Property, depth: usize) {
        let from = self.out.len();
        self.value(at, v, &p.ty, depth + 1, Some(p), Root::default());
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
            (P::Int64, Value::String(s)) => match through::<edm::Lenient<i64>>(v) {
                Some(back) => self.push(
                    at,
                    Cause::DateNumberFormat,
                    Effect::Normalized,
                    format!(
                        "`Int64` written as the string \"{s}\" comes back as the number {back}"
                    ),
                ),
                None => self.push(
                    at,
                    Cause::DateNumberFormat,
                    Effect::Rejected,
                    format!("\"{s}\" is not an `Int64`"),
                ),
            },
            (P::Single | P::Double | P::Decimal, Value::Number(_)) => {}
            // A decimal keeps its text (`runtime::Decimal`): written back as the number it
            // holds, or as the string it was when it holds none.
            (P::Decimal, Value::String(s)) => {
                if docgen_runtime::Decimal::new(s.as_str())
                    .to_number()
                    .is_some()
                {
                    self.push(
                        at,
                        Cause::DateNumberFormat,
                        Effect::Normalized,
                        format!("`{edm}` written as the string \"{s}\" comes back as a number"),
                    );
                } else {
                    self.push(
                        at,
                        Cause::DateNumberFormat,
                        Effect::Untyped,
                        format!("\"{s}\" is not an `{edm}` (a decimal number); it is kept as text"),
                    );
                }
            }
            // The two are read by one reader; `"NaN"`, `"INF"` and `"-INF"` come back as they
            // came.
            (P::Single | P::Double, Value::String(s)) => match through::<edm::Lenient<f64>>(v) {
                Some(back) if back == *v => {}
                Some(_) => self.push(
                    at,
                    Cause::DateNumberFormat,
                    Effect::Normalized,
                    format!("`{edm}` written as the string \"{s}\" comes back as a number"),
                ),
                None => self.push(
                    at,
                    Cause::DateNumberFormat,
                    Effect::Rejected,
                    format!("\"{s}\" is not an `{edm}`"),
                ),
            },
            (P::Date, Value::String(s)) => match through::<docgen_runtime::chrono::NaiveDate>(v) {
                Some(back) if back == *v => {}
                // chrono reads `2021-7-1` too, and writes it back as `2021-07-01`.
                Some(back) => self.push(
                    at,
                    Cause::DateNumberFormat,
                    Effect::Normalized,
                    format!("`Edm.Date` written as \"{s}\" comes back as {back}"),
                ),
                None => self.push(
                    at,
                    Cause::DateNumberFormat,
                    Effect::Rejected,
                    format!("\"{s}\" is not an `Edm.Date` (yyyy-mm-dd)"),
                ),
            },
            // Kept as sent (the runtime's text types): an invalid literal is read, written back
            // unchanged, and fails only when the program parses it.
            (P::DateTimeOffset | P::TimeOfDay | P::Guid, Value::String(s)) => {
                let (valid, form) = match p {
                    P::DateTimeOffset => (
                        docgen_runtime::DateTimeOffset::new(s.as_str())
                            .parse()
                            .is_ok(),
                        "yyyy-mm-ddThh:mm[:ss[.fff]] then Z or ±hh:mm",
                    ),
                    P::TimeOfDay => (
                        docgen_runtime::TimeOfDay::new(s.as_str()).parse().is_ok(),
                        "hh:mm[:ss[.fff]]",
                    ),
                    _ => (
                        docgen_runtime::Guid::new(s.as_str()).parse().is_ok(),
                        "8-4-4-4-12 hexadecimal digits",
                    ),
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

/// Whether the value at `at` is a type name standing in for a value (see [`placeholders`]:
/// keys that name types on purpose are exempt, and items of an array count under the array's
/// key), which is no value to judge.
fn stands_in(at: &str, v: &Value) -> bool {
    let key = at
        .rsplit('/')
        .find(|k| !k.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or_default();
    v.as_str()
        .is_some_and(|s| placeholder(s) == Some(Placeholder::TypeName) && !is_value(s, key))
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

/// What the generated code gives back for `v` read as `T`, the type it generates (a runtime
/// type, or what chrono reads): `None` when reading fails. The OData literal forms are the
/// runtime's own, never a second grammar here.
fn through<T: serde::de::DeserializeOwned + Serialize>(v: &Value) -> Option<Value> {
    let read: T = serde_json::from_value(v.clone()).ok()?;
    serde_json::to_value(read).ok()
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
        let v = json!({"a": "String (timestamp)", "type": "String", "b": ["Int32", "x"], "c": "Stringy",
            "dataType": "@odata.type: microsoft.graph.x", "d": "d-value"});
        let found = placeholders(&v);
        let found: Vec<(&str, Placeholder)> = found.iter().map(|(p, k)| (p.as_str(), *k)).collect();
        assert_eq!(
            found,
            [
                ("/a", Placeholder::TypeName),
                ("/b/0", Placeholder::TypeName),
                ("/d", Placeholder::Named),
                ("/dataType", Placeholder::TypeName),
            ]
        );
    }

    fn finding(pointer: &str, cause: Cause, effect: Effect) -> Finding {
        Finding {
            pointer: pointer.into(),
            cause,
            effect,
            message: "m".into(),
            property: None,
            detail: FindingDetail::None,
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
