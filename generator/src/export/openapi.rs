//! The model as an OpenAPI 3.1 document.
//!
//! The document is built from typed structs of this module rather than from an OpenAPI crate:
//! docgen only writes OpenAPI, and only the part of it that the model can fill, so a few
//! serde structs say exactly what is written, in a fixed order. (`openapiv3` is 3.0 only; the
//! maintained 3.1 crates require a newer Rust than this workspace's `rust-version`, and `oas3`
//! turns on `serde_json/preserve_order` for the whole build by default.) Whether the output
//! is valid OpenAPI is checked by an established validator in the tests.
//!
//! What is written:
//!
//! - **Paths**: one path item per documented route template, not an expansion of every
//!   navigation. Parameter names are normalised with [`param_name`] (`{id | userPrincipalName}`
//!   → `{idOrUserPrincipalName}`), a name repeated in one template gets a numeric suffix
//!   (`{id}`, `{id2}`), a trailing `/` is dropped, and templates that differ only in their
//!   parameter names share one path item. The documented spellings stay in `x-docgen-names` (parameters) and `x-docgen-path`
//!   (operations). A second route with the same method on the same path is listed in
//!   `x-docgen-also-documented` of the first.
//! - **Operations**: summary (page title), description (page summary), path parameters,
//!   request body, the documented success response (collections in the OData envelope
//!   `{value: [...], @odata.nextLink}`), and the permissions as OAuth2 security requirements
//!   (`delegated` and `application` schemes; any one listed permission suffices).
//! - **Components**: one schema per type (inheritance as `allOf` with the base; a base with
//!   derived types gets a `discriminator` on `@odata.type` mapping every derived type) and per
//!   enum (`enum` lists; evolvable enums accept any other string through `anyOf`; flags enums
//!   are comma-separated member lists).

use super::param_name;
use crate::edm::Primitive;
use crate::kinds::{Access, Method};
use crate::model::{
    Api, EnumDef, Operation as ModelOperation, PathPiece, Permission, Property, RequestBody,
    TypeDef, TypeRef, TypeUse,
};
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The OpenAPI version written.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// What the document says of itself and of the service, beyond what the model holds.
#[derive(Clone, Debug)]
pub struct Options {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// The service root, written as the only server (none when `None`).
    pub server: Option<String>,
    /// The OAuth2 authorization endpoint of the `delegated` scheme.
    pub authorization_url: String,
    /// The OAuth2 token endpoint of both schemes.
    pub token_url: String,
}

impl Default for Options {
    /// Microsoft Graph's v1.0 root and the Microsoft identity platform's endpoints.
    fn default() -> Self {
        Options {
            title: "API described by the reference pages".to_owned(),
            version: "v1.0".to_owned(),
            server: Some("https://graph.microsoft.com/v1.0".to_owned()),
            authorization_url: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
                .to_owned(),
            token_url: "https://login.microsoftonline.com/common/oauth2/v2.0/token".to_owned(),
        }
    }
}

/// An OpenAPI 3.1 document (the part docgen writes).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// `3.1.0`.
    pub openapi: String,
    /// Title and version.
    pub info: Info,
    /// The service root.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<Server>,
    /// Path items by path template, sorted.
    pub paths: BTreeMap<String, PathItem>,
    /// Schemas and security schemes.
    pub components: Components,
    /// The default requirement: any token of either scheme.
    pub security: Vec<SecurityRequirement>,
    /// One tag per first path segment, sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl Document {
    /// The document as YAML.
    pub fn to_yaml(&self) -> Result<String, serde_yaml::Error> {
        serde_yaml::to_string(self)
    }

    /// The document as pretty-printed JSON, with a final newline.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self).map(|s| s + "\n")
    }

    /// Every operation with its path and lower-case method, in path order.
    pub fn operations(&self) -> impl Iterator<Item = (&str, &'static str, &Operation)> {
        self.paths.iter().flat_map(|(path, item)| {
            item.methods()
                .into_iter()
                .map(move |(m, op)| (path.as_str(), m, op))
        })
    }
}

/// `info`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Info {
    /// Title.
    pub title: String,
    /// Version of the API.
    pub version: String,
}

/// A server.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Server {
    /// Its URL.
    pub url: String,
}

/// A tag.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tag {
    /// Its name.
    pub name: String,
}

/// A security requirement: scheme name → scopes, all of which are needed.
pub type SecurityRequirement = BTreeMap<String, Vec<String>>;

/// A path item: the path parameters and one operation per method.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PathItem {
    /// The path parameters, in template order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// `GET`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub get: Option<Operation>,
    /// `PUT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub put: Option<Operation>,
    /// `POST`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post: Option<Operation>,
    /// `DELETE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete: Option<Operation>,
    /// `OPTIONS`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Operation>,
    /// `HEAD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head: Option<Operation>,
    /// `PATCH`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch: Option<Operation>,
}

impl PathItem {
    fn slot(&mut self, method: Method) -> &mut Option<Operation> {
        match method {
            Method::Get => &mut self.get,
            Method::Put => &mut self.put,
            Method::Post => &mut self.post,
            Method::Delete => &mut self.delete,
            Method::Options => &mut self.options,
            Method::Head => &mut self.head,
            Method::Patch => &mut self.patch,
        }
    }

    /// The operations with their lower-case method names.
    pub fn methods(&self) -> Vec<(&'static str, &Operation)> {
        [
            ("get", &self.get),
            ("put", &self.put),
            ("post", &self.post),
            ("delete", &self.delete),
            ("options", &self.options),
            ("head", &self.head),
            ("patch", &self.patch),
        ]
        .into_iter()
        .filter_map(|(m, op)| op.as_ref().map(|o| (m, o)))
        .collect()
    }
}

/// A path parameter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Parameter {
    /// The normalised name used in the template.
    pub name: String,
    /// Always `path`.
    #[serde(rename = "in")]
    pub location: String,
    /// Always true for path parameters.
    pub required: bool,
    /// Says how the docs write it when that differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its type.
    pub schema: Schema,
    /// The spellings of the docs at this position, sorted, when one differs from `name`.
    #[serde(rename = "x-docgen-names", skip_serializing_if = "Vec::is_empty")]
    pub docs_names: Vec<String>,
}

/// An operation.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// The first path segment.
    pub tags: Vec<String>,
    /// The page title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The page summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The route stub's name, unique in the document.
    pub operation_id: String,
    /// The request body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_body: Option<RequestBodyObject>,
    /// Responses by status code (`2XX` when the docs give none).
    pub responses: BTreeMap<String, ResponseObject>,
    /// Alternatives: any one permission listed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security: Vec<SecurityRequirement>,
    /// The permissions of `security` the page lists as higher privileged, by scheme.
    #[serde(
        rename = "x-docgen-higher-privileged",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub higher_privileged: BTreeMap<String, Vec<String>>,
    /// The route line, `file:line:col`.
    #[serde(rename = "x-docgen-source")]
    pub source: String,
    /// The template as documented, when it differs from the path.
    #[serde(rename = "x-docgen-path", skip_serializing_if = "Option::is_none")]
    pub docs_path: Option<String>,
    /// Other routes with this method and path: `file:line:col METHOD path`.
    #[serde(
        rename = "x-docgen-also-documented",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub also_documented: Vec<String>,
}

/// A request body.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RequestBodyObject {
    /// Always true: the docs describe a body.
    pub required: bool,
    /// By media type.
    pub content: BTreeMap<String, MediaType>,
}

/// A response.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResponseObject {
    /// Required by OpenAPI.
    pub description: String,
    /// By media type; absent for empty responses.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub content: BTreeMap<String, MediaType>,
}

/// A media type's schema.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MediaType {
    /// The schema.
    pub schema: Schema,
}

/// `components`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Components {
    /// Schemas by key (the qualified name, made safe for a component key).
    pub schemas: BTreeMap<String, Schema>,
    /// `delegated` and `application`.
    pub security_schemes: BTreeMap<String, SecurityScheme>,
}

/// An OAuth2 security scheme.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SecurityScheme {
    /// `oauth2`.
    #[serde(rename = "type")]
    pub ty: String,
    /// What it stands for.
    pub description: String,
    /// Its one flow.
    pub flows: BTreeMap<String, OAuthFlow>,
}

/// An OAuth2 flow.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthFlow {
    /// For the authorization-code flow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<String>,
    /// The token endpoint.
    pub token_url: String,
    /// Every permission the docs name for this scheme, described by its own name.
    pub scopes: BTreeMap<String, String>,
}

/// `type`: one JSON type or several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaType {
    /// `type: string`.
    One(&'static str),
    /// `type: [string, "null"]`.
    Many(Vec<&'static str>),
}

impl Serialize for SchemaType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            SchemaType::One(t) => s.serialize_str(t),
            SchemaType::Many(ts) => ts.serialize(s),
        }
    }
}

/// Properties in docs order (a JSON object on the wire).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Properties(pub Vec<(String, Schema)>);

impl Properties {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Properties {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// A discriminator on `@odata.type`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Discriminator {
    /// `@odata.type`.
    pub property_name: String,
    /// `#namespace.name` → schema reference.
    pub mapping: BTreeMap<String, String>,
}

/// A JSON Schema (2020-12, the OpenAPI 3.1 dialect), as far as docgen writes one. The empty
/// schema accepts any value.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    /// A reference to a component.
    #[serde(rename = "$ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The type's simple name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Description from the docs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `type`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<SchemaType>,
    /// `format`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// `contentMediaType`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_media_type: Option<String>,
    /// `enum`.
    #[serde(rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<String>,
    /// `pattern`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// `items` of an array.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Schema>>,
    /// `properties`, in docs order.
    #[serde(skip_serializing_if = "Properties::is_empty")]
    pub properties: Properties,
    /// `required`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    /// `allOf`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub all_of: Vec<Schema>,
    /// `anyOf`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<Schema>,
    /// `discriminator`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<Discriminator>,
    /// `readOnly`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// `x-…` extensions, sorted.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

impl Schema {
    fn typed(ty: &'static str) -> Self {
        Schema {
            ty: Some(SchemaType::One(ty)),
            ..Schema::default()
        }
    }

    fn formatted(ty: &'static str, format: &str) -> Self {
        Schema {
            format: Some(format.to_owned()),
            ..Schema::typed(ty)
        }
    }

    fn reference(key: &str) -> Self {
        Schema {
            reference: Some(schema_ref(key)),
            ..Schema::default()
        }
    }

    fn array(items: Schema) -> Self {
        Schema {
            items: Some(Box::new(items)),
            ..Schema::typed("array")
        }
    }

    /// Also accepts `null`.
    fn nullable(mut self) -> Self {
        match &mut self.ty {
            Some(SchemaType::One(t)) => {
                self.ty = Some(SchemaType::Many(vec![t, "null"]));
                self
            }
            Some(SchemaType::Many(ts)) => {
                if !ts.contains(&"null") {
                    ts.push("null");
                }
                self
            }
            None if self.reference.is_some() => {
                // A sibling `type` would restrict the reference; `anyOf` widens it.
                let description = self.description.take();
                let read_only = std::mem::take(&mut self.read_only);
                Schema {
                    description,
                    read_only,
                    any_of: vec![self, Schema::typed("null")],
                    ..Schema::default()
                }
            }
            None => self,
        }
    }
}

fn schema_ref(key: &str) -> String {
    format!("#/components/schemas/{key}")
}

/// The schema of a primitive.
pub fn primitive_schema(p: Primitive) -> Schema {
    match p {
        Primitive::String => Schema::typed("string"),
        Primitive::Boolean => Schema::typed("boolean"),
        Primitive::Byte => Schema::formatted("integer", "uint8"),
        Primitive::SByte => Schema::formatted("integer", "int8"),
        Primitive::Int16 => Schema::formatted("integer", "int16"),
        Primitive::Int32 => Schema::formatted("integer", "int32"),
        Primitive::Int64 => Schema::formatted("integer", "int64"),
        Primitive::Single => Schema::formatted("number", "float"),
        Primitive::Double => Schema::formatted("number", "double"),
        Primitive::Decimal => Schema::formatted("number", "decimal"),
        Primitive::Date => Schema::formatted("string", "date"),
        Primitive::DateTimeOffset => Schema::formatted("string", "date-time"),
        Primitive::TimeOfDay => Schema::formatted("string", "time"),
        Primitive::Duration => Schema::formatted("string", "duration"),
        Primitive::Guid => Schema::formatted("string", "uuid"),
        // OData JSON writes binary values base64url-encoded.
        Primitive::Binary => Schema::formatted("string", "base64url"),
        Primitive::Stream => Schema {
            content_media_type: Some(OCTET_STREAM.to_owned()),
            ..Schema::typed("string")
        },
        // GeoJSON objects.
        p if p.is_spatial() => Schema::typed("object"),
        _ => Schema::default(),
    }
}

const JSON: &str = "application/json";
const OCTET_STREAM: &str = "application/octet-stream";
const ODATA_TYPE: &str = "@odata.type";

/// Component keys of the model's types and enums.
struct Keys {
    /// Lower-cased qualified name → component key.
    by_name: HashMap<String, String>,
}

impl Keys {
    fn new(api: &Api) -> Self {
        let mut by_name = HashMap::new();
        let mut used: HashSet<String> = HashSet::new();
        let names = api
            .types
            .iter()
            .map(|t| &t.name)
            .chain(api.enums.iter().map(|e| &e.name));
        for q in names {
            if by_name.contains_key(&q.key()) {
                continue;
            }
            // Component keys allow letters, digits, `.`, `-` and `_`.
            let base: String = q
                .to_string()
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let mut key = base.clone();
            let mut n = 2;
            while !used.insert(key.to_lowercase()) {
                key = format!("{base}_{n}");
                n += 1;
            }
            by_name.insert(q.key(), key);
        }
        Keys { by_name }
    }

    fn get(&self, q: &crate::model::QName) -> Option<&str> {
        self.by_name.get(&q.key()).map(String::as_str)
    }
}

struct Writer<'a> {
    api: &'a Api,
    options: &'a Options,
    keys: Keys,
}

/// Builds the OpenAPI document of the model.
pub fn to_openapi(api: &Api, options: &Options) -> Document {
    let w = Writer {
        api,
        options,
        keys: Keys::new(api),
    };
    let mut components = Components::default();
    for t in &api.types {
        if let Some(key) = w.keys.get(&t.name) {
            components
                .schemas
                .entry(key.to_owned())
                .or_insert_with(|| w.type_schema(t));
        }
    }
    for e in &api.enums {
        if let Some(key) = w.keys.get(&e.name) {
            components
                .schemas
                .entry(key.to_owned())
                .or_insert_with(|| enum_schema(e));
        }
    }
    let (paths, scopes) = w.paths();
    components.security_schemes = w.security_schemes(scopes);
    let tags: BTreeSet<String> = paths
        .values()
        .flat_map(|item| item.methods())
        .flat_map(|(_, op)| op.tags.iter().cloned())
        .collect();
    Document {
        openapi: OPENAPI_VERSION.to_owned(),
        info: Info {
            title: options.title.clone(),
            version: options.version.clone(),
        },
        servers: options
            .server
            .iter()
            .map(|url| Server { url: url.clone() })
            .collect(),
        paths,
        components,
        security: [DELEGATED, APPLICATION]
            .into_iter()
            .map(|s| BTreeMap::from([(s.to_owned(), Vec::new())]))
            .collect(),
        tags: tags.into_iter().map(|name| Tag { name }).collect(),
    }
}

const DELEGATED: &str = "delegated";
const APPLICATION: &str = "application";

/// The security scheme a permission-type row belongs to.
fn scheme_of(p: &Permission) -> &'static str {
    match p.kind.access() {
        Access::Application => APPLICATION,
        Access::DelegatedWork | Access::DelegatedPersonal | Access::Other => DELEGATED,
    }
}

/// A route's template with its parameters as `{}`: routes with equal skeletons share a path.
fn skeleton(op: &ModelOperation) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut params = Vec::new();
    for piece in &op.pieces {
        match piece {
            PathPiece::Literal(l) => text.push_str(l),
            PathPiece::Param { index, .. } => {
                text.push_str("{}");
                params.push(*index);
            }
        }
    }
    trim_trailing_slash(&mut text);
    (text, params)
}

/// `/a/b/` → `/a/b`: a trailing slash in a documented route is a typo (OData resolves both
/// alike), and path linters reject it.
fn trim_trailing_slash(path: &mut String) {
    while path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
}

/// The first path segment (before `(`, `:` or `/`), or `root`.
fn tag_of(path: &str) -> String {
    let first = path
        .trim_start_matches('/')
        .split(['/', '(', ':'])
        .next()
        .unwrap_or("");
    if first.is_empty() || first.starts_with('{') {
        "root".to_owned()
    } else {
        first.to_owned()
    }
}

fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        302 => "Found: a redirect to the content",
        _ => "Success",
    }
}

impl Writer<'_> {
    /// The schema of a type reference.
    fn type_ref(&self, t: &TypeRef) -> Schema {
        match t {
            TypeRef::Primitive(p) => primitive_schema(*p),
            TypeRef::Type(q) | TypeRef::Enum(q) => match self.keys.get(q) {
                Some(key) => Schema::reference(key),
                None => unresolved(&q.to_string()),
            },
            TypeRef::Unresolved(text) => unresolved(text),
        }
    }

    fn type_use(&self, t: &TypeUse) -> Schema {
        let one = self.type_ref(&t.ty);
        if t.collection {
            Schema::array(one)
        } else {
            one
        }
    }

    fn property(&self, p: &Property) -> Schema {
        let mut s = self.type_use(&p.ty);
        if let Some(d) = &p.description {
            s.description = Some(d.clone());
        }
        s.read_only = p.read_only;
        if p.nullable == Some(true) && !p.ty.collection {
            s = s.nullable();
        }
        s
    }

    fn type_schema(&self, t: &TypeDef) -> Schema {
        let mut own = Schema {
            title: Some(t.name.name.clone()),
            properties: Properties(
                t.properties
                    .iter()
                    .map(|p| (p.name.clone(), self.property(p)))
                    .collect(),
            ),
            ..Schema::typed("object")
        };
        if let Some(poly) = &t.polymorphic {
            let mapping: BTreeMap<String, String> = poly
                .variants
                .iter()
                .filter_map(|q| Some((format!("#{q}"), schema_ref(self.keys.get(q)?))))
                .collect();
            own.discriminator = Some(Discriminator {
                property_name: ODATA_TYPE.to_owned(),
                mapping,
            });
            own.required.push(ODATA_TYPE.to_owned());
            if !own.properties.0.iter().any(|(n, _)| n == ODATA_TYPE) {
                own.properties
                    .0
                    .push((ODATA_TYPE.to_owned(), Schema::typed("string")));
            }
        }
        let mut s = match t.base.as_ref().and_then(|b| self.keys.get(b)) {
            Some(base) => Schema {
                all_of: vec![Schema::reference(base), own],
                ..Schema::default()
            },
            None => own,
        };
        s.description = t.description.clone();
        if let Some(src) = t.sources.first() {
            s.extensions
                .insert("x-docgen-source".to_owned(), Value::from(src.to_string()));
        }
        s
    }

    fn paths(
        &self,
    ) -> (
        BTreeMap<String, PathItem>,
        BTreeMap<&'static str, BTreeSet<String>>,
    ) {
        let mut paths: BTreeMap<String, PathItem> = BTreeMap::new();
        let mut by_skeleton: HashMap<String, String> = HashMap::new();
        let mut ids: HashSet<String> = HashSet::new();
        let mut scopes: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
        for op in &self.api.operations {
            let (skel, occurrences) = skeleton(op);
            let path = match by_skeleton.get(&skel) {
                Some(p) => p.clone(),
                None => {
                    let (path, params) = self.path_of(op);
                    by_skeleton.insert(skel, path.clone());
                    // A path already there (only literal braces could make two skeletons
                    // print alike) keeps its operations.
                    paths.entry(path.clone()).or_insert_with(|| PathItem {
                        parameters: params,
                        ..PathItem::default()
                    });
                    path
                }
            };
            let Some(item) = paths.get_mut(&path) else {
                continue;
            };
            for (param, &index) in item.parameters.iter_mut().zip(&occurrences) {
                if let Some(p) = op.params.get(index) {
                    if !param.docs_names.contains(&p.name) {
                        param.docs_names.push(p.name.clone());
                    }
                }
            }
            let slot = item.slot(op.method);
            match slot {
                Some(first) => first
                    .also_documented
                    .push(format!("{} {} {}", op.source, op.method, op.path)),
                None => {
                    let o = self.operation(op, &path, &mut ids, &mut scopes);
                    *slot = Some(o);
                }
            }
        }
        for item in paths.values_mut() {
            for p in &mut item.parameters {
                p.docs_names.sort();
                if p.docs_names.iter().all(|n| *n == p.name) {
                    p.docs_names.clear();
                } else {
                    let written: Vec<String> =
                        p.docs_names.iter().map(|n| format!("`{{{n}}}`")).collect();
                    p.description = Some(format!("Written {} in the docs.", written.join(", ")));
                }
            }
        }
        (paths, scopes)
    }

    /// The normalised path of a route and its path parameters.
    fn path_of(&self, op: &ModelOperation) -> (String, Vec<Parameter>) {
        let mut path = String::new();
        let mut params: Vec<Parameter> = Vec::new();
        for piece in &op.pieces {
            match piece {
                PathPiece::Literal(l) => path.push_str(l),
                PathPiece::Param { index, .. } => {
                    let written = op.params.get(*index);
                    let base = param_name(written.map_or("", |p| p.name.as_str()));
                    let mut name = base.clone();
                    let mut k = 2;
                    while params.iter().any(|p| p.name == name) {
                        name = format!("{base}{k}");
                        k += 1;
                    }
                    path.push('{');
                    path.push_str(&name);
                    path.push('}');
                    params.push(Parameter {
                        name,
                        location: "path".to_owned(),
                        required: true,
                        description: None,
                        schema: written
                            .map_or_else(|| Schema::typed("string"), |p| self.type_ref(&p.ty)),
                        docs_names: Vec::new(),
                    });
                }
            }
        }
        trim_trailing_slash(&mut path);
        (path, params)
    }

    fn operation(
        &self,
        op: &ModelOperation,
        path: &str,
        ids: &mut HashSet<String>,
        scopes: &mut BTreeMap<&'static str, BTreeSet<String>>,
    ) -> Operation {
        // OpenAPI's own name for a route: the method and the path's words in lowerCamelCase
        // (`GET /users/{id}/messages` → `getUsersItemMessages`), numbered when taken.
        let base = heck::ToLowerCamelCase::to_lower_camel_case(op.route_hint().as_str());
        let base = if base.is_empty() {
            "operation".to_owned()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 2;
        while !ids.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        let mut security: Vec<SecurityRequirement> = Vec::new();
        let mut higher_privileged: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for row in &op.permissions {
            if row.placeholder || row.not_supported {
                continue;
            }
            let scheme = scheme_of(row);
            if !row.higher.is_empty() {
                higher_privileged
                    .entry(scheme.to_owned())
                    .or_default()
                    .extend(row.higher.iter().cloned());
            }
            // Any listed permission grants access: the least privileged first, then the higher
            // privileged ones, which `x-docgen-higher-privileged` also names apart.
            for name in row.names.iter().chain(&row.higher) {
                scopes.entry(scheme).or_default().insert(name.clone());
                let req = BTreeMap::from([(scheme.to_owned(), vec![name.clone()])]);
                if !security.contains(&req) {
                    security.push(req);
                }
            }
        }
        Operation {
            tags: vec![tag_of(path)],
            summary: op.title.clone(),
            description: op.summary.clone(),
            operation_id: id,
            request_body: op.request.as_ref().map(|r| self.request_body(r)),
            responses: self.responses(op),
            security,
            higher_privileged,
            source: op.source.to_string(),
            docs_path: (op.path != path).then(|| op.path.clone()),
            also_documented: Vec::new(),
        }
    }

    fn request_body(&self, r: &RequestBody) -> RequestBodyObject {
        let (media, schema) = match r {
            RequestBody::Type(t) => self.body(t),
            RequestBody::Parameters { params, .. } => (
                JSON,
                Schema {
                    properties: Properties(
                        params
                            .iter()
                            .map(|p| (p.name.clone(), self.property(p)))
                            .collect(),
                    ),
                    required: params
                        .iter()
                        .filter(|p| p.required == Some(true))
                        .map(|p| p.name.clone())
                        .collect(),
                    ..Schema::typed("object")
                },
            ),
        };
        RequestBodyObject {
            required: true,
            content: BTreeMap::from([(media.to_owned(), MediaType { schema })]),
        }
    }

    /// The media type and schema of a body of type `t`.
    fn body(&self, t: &TypeUse) -> (&'static str, Schema) {
        if t.ty == TypeRef::Primitive(Primitive::Stream) && !t.collection {
            (OCTET_STREAM, Schema::formatted("string", "binary"))
        } else {
            (JSON, self.type_use(t))
        }
    }

    fn responses(&self, op: &ModelOperation) -> BTreeMap<String, ResponseObject> {
        let status = op.response.as_ref().and_then(|r| r.status);
        let (key, description) = match status {
            Some(s) => (s.to_string(), status_text(s).to_owned()),
            None => (
                "2XX".to_owned(),
                "Success (the docs give no status code)".to_owned(),
            ),
        };
        let mut content = BTreeMap::new();
        if let Some(body) = op.response.as_ref().and_then(|r| r.body.as_ref()) {
            let (media, schema) = if body.collection {
                (JSON, self.collection_envelope(&body.ty))
            } else {
                self.body(body)
            };
            content.insert(media.to_owned(), MediaType { schema });
        }
        BTreeMap::from([(
            key,
            ResponseObject {
                description,
                content,
            },
        )])
    }

    /// `{value: [...], @odata.nextLink}`.
    fn collection_envelope(&self, element: &TypeRef) -> Schema {
        let title = match element {
            TypeRef::Primitive(p) => p.edm_name().to_owned(),
            TypeRef::Type(q) | TypeRef::Enum(q) => q.to_string(),
            TypeRef::Unresolved(s) => s.clone(),
        };
        Schema {
            title: Some(format!("Collection of {title}")),
            properties: Properties(vec![
                ("value".to_owned(), Schema::array(self.type_ref(element))),
                (
                    "@odata.nextLink".to_owned(),
                    Schema::typed("string").nullable(),
                ),
            ]),
            ..Schema::typed("object")
        }
    }

    fn security_schemes(
        &self,
        mut scopes: BTreeMap<&'static str, BTreeSet<String>>,
    ) -> BTreeMap<String, SecurityScheme> {
        let mut scheme = |name: &'static str, flow: &str, description: &str, auth: bool| {
            let scopes = scopes
                .remove(name)
                .unwrap_or_default()
                .into_iter()
                .map(|s| (s.clone(), s))
                .collect();
            (
                name.to_owned(),
                SecurityScheme {
                    ty: "oauth2".to_owned(),
                    description: description.to_owned(),
                    flows: BTreeMap::from([(
                        flow.to_owned(),
                        OAuthFlow {
                            authorization_url: auth.then(|| self.options.authorization_url.clone()),
                            token_url: self.options.token_url.clone(),
                            scopes,
                        },
                    )]),
                },
            )
        };
        BTreeMap::from([
            scheme(
                DELEGATED,
                "authorizationCode",
                "Delegated permissions: the app acts for a signed-in user (work, school or personal account, as each operation's docs say).",
                true,
            ),
            scheme(
                APPLICATION,
                "clientCredentials",
                "Application permissions: the app acts as itself.",
                false,
            ),
        ])
    }
}

/// Any JSON value, with the docs' undefined type name kept.
fn unresolved(text: &str) -> Schema {
    let mut s = Schema::default();
    s.extensions
        .insert("x-docgen-unresolved".to_owned(), Value::from(text));
    s
}

/// The schema of an enum.
fn enum_schema(e: &EnumDef) -> Schema {
    let names: Vec<String> = e.members.iter().map(|m| m.name.clone()).collect();
    let mut s = if e.flags {
        // A comma-separated list of members; an evolvable one may name others too.
        let pattern = (!e.evolvable && !names.is_empty()).then(|| {
            let alt: Vec<String> = names.iter().map(|n| regex_escape(n)).collect();
            let one = format!("(?:{})", alt.join("|"));
            format!("^{one}(?:,\\s*{one})*$")
        });
        Schema {
            pattern,
            ..Schema::typed("string")
        }
    } else if names.is_empty() {
        Schema::typed("string")
    } else if e.evolvable {
        Schema {
            any_of: vec![
                Schema {
                    enum_values: names.clone(),
                    ..Schema::typed("string")
                },
                Schema {
                    description: Some("A member added after the docs were written.".to_owned()),
                    ..Schema::typed("string")
                },
            ],
            ..Schema::default()
        }
    } else {
        Schema {
            enum_values: names.clone(),
            ..Schema::typed("string")
        }
    };
    s.title = Some(e.name.name.clone());
    s.description = e.description.clone();
    let values: Vec<Value> = e
        .members
        .iter()
        .map(|m| {
            let mut v = serde_json::Map::new();
            v.insert("value".to_owned(), Value::from(m.name.clone()));
            if let Some(d) = &m.description {
                v.insert("description".to_owned(), Value::from(d.clone()));
            }
            Value::Object(v)
        })
        .collect();
    let mut ms_enum = serde_json::Map::new();
    ms_enum.insert("name".to_owned(), Value::from(e.name.name.clone()));
    ms_enum.insert("modelAsString".to_owned(), Value::from(e.evolvable));
    ms_enum.insert("values".to_owned(), Value::Array(values));
    s.extensions
        .insert("x-ms-enum".to_owned(), Value::Object(ms_enum));
    if e.flags {
        s.extensions.insert(
            "x-ms-enum-flags".to_owned(),
            serde_json::json!({ "isFlags": true }),
        );
    }
    if let Some(src) = e.sources.first() {
        s.extensions
            .insert("x-docgen-source".to_owned(), Value::from(src.to_string()));
    }
    s
}

/// Escapes the characters an ECMA-262 regular expression treats specially.
fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\^$.|?*+()[]{}/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_statuses() {
        assert_eq!(tag_of("/users/{id}"), "users");
        assert_eq!(tag_of("/reports/getX(period='{p}')"), "reports");
        assert_eq!(tag_of("/drive/root:/{path}:/content"), "drive");
        assert_eq!(tag_of("/"), "root");
        assert_eq!(tag_of("/{id}"), "root");
        assert_eq!(status_text(204), "No Content");
        for (path, want) in [("/a/b/", "/a/b"), ("/", "/"), ("/a//", "/a"), ("/a", "/a")] {
            let mut p = path.to_owned();
            trim_trailing_slash(&mut p);
            assert_eq!(p, want);
        }
    }

    #[test]
    fn nullable_forms() {
        let s = Schema::typed("string").nullable();
        assert_eq!(s.ty, Some(SchemaType::Many(vec!["string", "null"])));
        let r = Schema {
            description: Some("d".into()),
            ..Schema::reference("a.b")
        }
        .nullable();
        assert_eq!(r.any_of.len(), 2);
        assert_eq!(r.description.as_deref(), Some("d"));
        assert!(r.any_of[0].description.is_none());
        assert_eq!(Schema::default().nullable(), Schema::default());
    }

    fn doc() -> Document {
        to_openapi(&crate::export::fixtures::api(), &Options::default())
    }

    #[test]
    fn templates_are_normalised_and_merged() {
        let doc = doc();
        let paths: Vec<&str> = doc.paths.keys().map(String::as_str).collect();
        assert_eq!(
            paths,
            [
                "/drives/{driveId}/root:/{itemPath}:/widgets/delta",
                "/me/widgets/{id}/parts/{id2}/widgets/delta",
                "/users/{idOrUserPrincipalName}/widgets/delta",
                "/widgets/delta",
                "/widgets/getWidgetCounts(period='{periodValue}',since=2021-01-01)",
            ]
        );
        // Two spellings of one template (a third is a duplicate route the model drops): one
        // path item, each operation saying how its page writes the path.
        let users = &doc.paths["/users/{idOrUserPrincipalName}/widgets/delta"];
        assert_eq!(
            users.parameters[0].docs_names,
            ["id | userPrincipalName", "user-id"]
        );
        assert!(
            users.parameters[0]
                .description
                .as_deref()
                .is_some_and(|d| d.contains("`{user-id}`"))
        );
        let get = users.get.as_ref().expect("GET");
        assert_eq!(
            get.docs_path.as_deref(),
            Some("/users/{id | userPrincipalName}/widgets/delta")
        );
        let patch = users.patch.as_ref().expect("PATCH");
        assert_eq!(
            patch.docs_path.as_deref(),
            Some("/users/{user-id}/widgets/delta")
        );
        // A name repeated in one template is numbered; a normalised one keeps the docs' spelling.
        let me = &doc.paths["/me/widgets/{id}/parts/{id2}/widgets/delta"];
        let names: Vec<&str> = me.parameters.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["id", "id2"]);
        assert!(me.parameters[0].docs_names.is_empty());
        assert_eq!(me.parameters[1].docs_names, ["id"]);
        let drive = &doc.paths["/drives/{driveId}/root:/{itemPath}:/widgets/delta"];
        assert_eq!(drive.parameters[1].docs_names, ["item-path"]);
    }

    #[test]
    fn operations_carry_responses_and_permissions() {
        let doc = doc();
        let delta = doc.paths["/widgets/delta"].get.as_ref().expect("GET");
        let body = &delta.responses["200"].content[JSON].schema;
        assert_eq!(
            body.title.as_deref(),
            Some("Collection of microsoft.graph.widget")
        );
        let names: Vec<&str> = body.properties.0.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["value", "@odata.nextLink"]);
        assert_eq!(
            body.properties.0[0]
                .1
                .items
                .as_ref()
                .and_then(|i| i.reference.as_deref()),
            Some("#/components/schemas/microsoft.graph.widget")
        );
        let scopes: Vec<(String, Vec<String>)> = delta
            .security
            .iter()
            .flat_map(|r| r.iter().map(|(k, v)| (k.clone(), v.clone())))
            .collect();
        assert_eq!(
            scopes,
            [
                ("delegated".to_owned(), vec!["Widget.Read".to_owned()]),
                ("delegated".to_owned(), vec!["Widget.ReadWrite".to_owned()]),
                ("application".to_owned(), vec!["Widget.Read.All".to_owned()]),
            ]
        );
        let delegated = &doc.components.security_schemes[DELEGATED].flows["authorizationCode"];
        assert!(delegated.scopes.contains_key("Widget.ReadWrite"));
        assert_eq!(delta.tags, ["widgets"]);
        let counts = doc.paths["/widgets/getWidgetCounts(period='{periodValue}',since=2021-01-01)"]
            .get
            .as_ref()
            .expect("GET");
        assert!(counts.security.is_empty(), "no permissions documented");
        assert_eq!(
            counts.responses["200"].content[JSON]
                .schema
                .reference
                .as_deref(),
            Some("#/components/schemas/microsoft.graph.widget")
        );
    }

    #[test]
    fn components_hold_types_and_enums() {
        let doc = doc();
        let widget = &doc.components.schemas["microsoft.graph.widget"];
        let props: BTreeMap<&str, &Schema> = widget
            .properties
            .0
            .iter()
            .map(|(n, s)| (n.as_str(), s))
            .collect();
        assert_eq!(
            props["size"].reference.as_deref(),
            Some("#/components/schemas/microsoft.graph.widgetSize")
        );
        assert!(
            props["gadget"]
                .extensions
                .contains_key("x-docgen-unresolved")
        );
        assert!(
            props.contains_key("String-value"),
            "JSON keys need no identifier"
        );
        assert_eq!(props["parts"].ty, Some(SchemaType::One("array")));
        let size = &doc.components.schemas["microsoft.graph.widgetSize"];
        assert_eq!(size.any_of.len(), 2, "evolvable: any other string too");
        assert_eq!(
            size.any_of[0].enum_values,
            ["small", "large", "unknownFutureValue"]
        );
        // Deterministic.
        assert_eq!(doc.to_yaml().ok(), self::doc().to_yaml().ok());
    }

    #[test]
    fn regex_escaping() {
        assert_eq!(regex_escape("a.b"), "a\\.b");
        assert_eq!(regex_escape("plain"), "plain");
    }
}
