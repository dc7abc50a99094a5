//! The page model: what one markdown page says, with positions, and nothing about Rust.

use super::addressing::RequestRoute;
use super::annotation::Annotation;
use super::example::Body;
use super::markers::Description;
use super::route::Route;
use super::typeexpr::TypeExpr;
use crate::diag::Diagnostic;
use crate::kinds::{Method, PermissionKind};
use crate::span::Span;
use serde::Serialize;

/// What kind of page this is, from `doc_type` or, failing that, its folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// An API (operation) page: `doc_type: apiPageType`.
    Api,
    /// A resource (type) page: `doc_type: resourcePageType`.
    Resource,
    /// An enum page: `doc_type: enumPageType`.
    Enum,
    /// A conceptual page or anything else.
    Other,
}

/// A piece of text and where it starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Text {
    /// The text.
    pub text: String,
    /// Where it starts.
    pub at: Span,
}

/// A heading of the page (tab markers excluded).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its text.
    pub text: String,
    /// Where it is.
    pub at: Span,
    /// The section its text names (at level 2, the section it opens); from the text, so not
    /// serialized.
    #[serde(skip)]
    pub section: SectionKind,
}

/// What a section of a page is for, by the words its heading starts with (lower-cased,
/// whitespace collapsed): the sections of the page templates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// `Permissions`.
    Permissions,
    /// `HTTP request` (the routes).
    HttpRequest,
    /// `Request headers`, `Optional request headers`.
    RequestHeaders,
    /// `Request body`.
    RequestBody,
    /// Another heading starting with `Request` (`Request`, `Requests`): an example's.
    Request,
    /// `Response`.
    Response,
    /// `Example`, `Examples`.
    Examples,
    /// `Properties`.
    Properties,
    /// `Relationships`.
    Relationships,
    /// `JSON representation`.
    JsonRepresentation,
    /// `Methods` of a resource page.
    Methods,
    /// `Members` of an enum page.
    Members,
    /// Any other heading.
    #[default]
    Other,
}

impl SectionKind {
    /// The section a normalized heading (see [`super::reader::normalize`]) names.
    pub fn of(normalized: &str) -> SectionKind {
        const PREFIXES: &[(&str, SectionKind)] = &[
            ("permission", SectionKind::Permissions),
            ("http request", SectionKind::HttpRequest),
            ("request header", SectionKind::RequestHeaders),
            ("optional request header", SectionKind::RequestHeaders),
            ("request body", SectionKind::RequestBody),
            ("request", SectionKind::Request),
            ("response", SectionKind::Response),
            ("example", SectionKind::Examples),
            ("properties", SectionKind::Properties),
            ("relationship", SectionKind::Relationships),
            ("json representation", SectionKind::JsonRepresentation),
            ("methods", SectionKind::Methods),
            ("members", SectionKind::Members),
        ];
        PREFIXES
            .iter()
            .find(|(p, _)| normalized.starts_with(p))
            .map_or(SectionKind::Other, |(_, k)| *k)
    }
}

/// Where a placeholder outside the tables is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProsePlace {
    /// The value of a front matter key.
    FrontMatter(String),
    /// The title.
    Title,
    /// A paragraph of the introduction.
    Intro,
}

/// A draft placeholder (`**TODO …**`) outside the tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProsePlaceholder {
    /// Where it is.
    pub place: ProsePlace,
    /// The placeholder as written.
    pub text: String,
    /// Where a finding points.
    pub at: Span,
    /// How many characters a finding covers.
    pub len: u32,
}

/// What a title says the page documents: `user resource type` documents `user`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TitleSubject {
    /// The title's first word, without punctuation around it, when it can name a type
    /// (letters, digits, `.` and `_`).
    pub name: Option<String>,
    /// The title says "resource type".
    pub resource_type: bool,
}

/// A markdown link in the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Link {
    /// Link text.
    pub text: String,
    /// Destination as written.
    pub dest: String,
    /// Where it is.
    pub at: Span,
}

/// The order a permissions table claims for its permission lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivilegeOrder {
    /// "from least to most privileged".
    LeastToMost,
    /// "from most to least privileged".
    MostToLeast,
}

/// The permissions table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Permissions {
    /// The order the header states, if it states one.
    pub order: Option<PrivilegeOrder>,
    /// One row per permission type.
    pub rows: Vec<PermissionRow>,
    /// Where the table (or the include that holds it) is.
    pub at: Span,
    /// The include file the table came from, relative to the docs root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include: Option<String>,
}

/// One row of a permissions table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PermissionRow {
    /// "Delegated (work or school account)", "Application"…
    pub kind: PermissionKind,
    /// The permission names listed (empty for "Not supported." and placeholders): the least
    /// privileged ones where the table has a `Higher privileged permissions` column.
    pub permissions: Vec<String>,
    /// The `Higher privileged permissions` column's names, kept apart from the least privileged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub higher: Vec<String>,
    /// The cells as written (joined with ` | ` when there are two).
    pub raw: String,
    /// "Not supported."
    pub not_supported: bool,
    /// A `**TODO …**` or similar placeholder instead of permissions.
    pub placeholder: bool,
    /// For a placeholder row, the placeholder (or the cells, when the placeholder is in the
    /// markup) and the length in characters of the first cell; for the linter, not serialized.
    #[serde(skip)]
    pub placeholder_text: Option<(String, u32)>,
    /// Where the permissions cell is.
    pub at: Span,
}

/// A line of the `## HTTP request` block.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RouteLine {
    /// The parsed route.
    pub route: Route,
    /// Where the line is.
    pub at: Span,
    /// The route with its function arguments left out (`range(address='{a}')` → `range`),
    /// when it has any; for matching example requests, not serialized.
    #[serde(skip)]
    pub loose: Option<Route>,
}

/// A request header row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeaderRow {
    /// Header name.
    pub name: String,
    /// Its description or value cell.
    pub value: String,
    /// Where the row is.
    pub at: Span,
}

/// What a property-like table is for, from the section it is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableRole {
    /// `## Properties` of a resource page.
    Properties,
    /// `## Relationships` of a resource page.
    Relationships,
    /// `## Request body` of an API page.
    RequestBody,
    /// Function, path or query parameters of an API page.
    Parameters,
    /// A table with a Type column somewhere else.
    Other,
}

/// A table of named, typed, described rows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PropertyTable {
    /// What the table is for.
    pub role: TableRole,
    /// The name column's header, normalized (`property`, `parameter`, `name`…).
    pub name_header: String,
    /// The name column's header says `Property`: the rows are properties of a type (else
    /// parameters). From the header, so not serialized.
    #[serde(skip)]
    pub of_properties: bool,
    /// The heading it is under.
    pub section: String,
    /// The section it is in; not serialized.
    #[serde(skip)]
    pub section_kind: SectionKind,
    /// The table is under a subheading of its section that does not name properties
    /// (`### operationError`, where `### operationError properties` would): it may describe
    /// another type. For the linter; not serialized.
    #[serde(skip)]
    pub under_other_subheading: bool,
    /// Where the table starts.
    pub at: Span,
    /// Its rows.
    pub rows: Vec<PropertyRow>,
}

/// One row of a property-like table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PropertyRow {
    /// The wire name (first column), markup removed.
    pub name: String,
    /// The type cell, parsed.
    pub ty: TypeExpr,
    /// The type cell as written.
    pub type_raw: String,
    /// What the type cell says after the type (`maximum size 10` in `string, maximum size 10`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_note: Option<String>,
    /// The description cell, parsed for markers.
    pub description: Description,
    /// Where the row's name cell is.
    pub at: Span,
    /// Where the type cell is.
    pub type_at: Span,
    /// Where the description cell is.
    pub description_at: Span,
    /// The table has a description column; for the linter, not serialized.
    #[serde(skip)]
    pub described: bool,
}

/// A row of a resource page's `## Methods` table (group captions such as `**Open extensions**`
/// are left out).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MethodRow {
    /// The method cell's link text (or plain text).
    pub name: String,
    /// The description cell, parsed for markers.
    pub description: Description,
    /// Where the method cell is.
    pub at: Span,
    /// Where the description cell is.
    pub description_at: Span,
}

/// A table the reader has no use for, kept by its header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OtherTable {
    /// The H2 section it is in, normalized.
    pub section: String,
    /// The section it is in.
    #[serde(skip)]
    pub section_kind: SectionKind,
    /// Its header cells, markup removed.
    pub header: Vec<String>,
    /// A header cell starts with a permission type (`Delegated …`, `Application`): the
    /// permissions laid out per resource, one column per permission type.
    #[serde(skip)]
    pub permission_columns: bool,
    /// Where it starts.
    pub at: Span,
}

/// A table of enum members: `## Members` of an enum page, or a `### x values` section.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EnumTable {
    /// The enum's name: from the `x values` heading, else the enum page's title; for a
    /// `### x property values` heading, the property's name.
    pub name: String,
    /// The heading says `x property values`: the rows are the values property `x` of the
    /// page's type takes, not the members of an enum.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub property: bool,
    /// The heading's anchor as the docs site makes it (`x-values`), for `page.md#x-values` links.
    pub anchor: String,
    /// Where the table starts.
    pub at: Span,
    /// Its rows.
    pub members: Vec<MemberRow>,
}

/// One enum member row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MemberRow {
    /// The member name.
    pub name: String,
    /// Its numeric value, when the table has a Value column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    /// The description cell, parsed for markers.
    pub description: Description,
    /// Where the row is.
    pub at: Span,
    /// Where the description cell is; `None` when the table has no description column. For
    /// the linter; not serialized.
    #[serde(skip)]
    pub description_at: Option<Span>,
}

/// The response section's prose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResponseInfo {
    /// Status code named in the prose, e.g. 201.
    pub status: Option<u16>,
    /// Where the status is written.
    pub status_at: Option<Span>,
    /// The type the prose links to as the returned object, if any.
    pub returns: Option<ReturnType>,
    /// Every status code the response section's prose names (`201 Created` or `202 Accepted`),
    /// in order; for the linter, not serialized.
    #[serde(skip)]
    pub mentioned: Vec<u16>,
}

/// A returned type as the response prose names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReturnType {
    /// The link text (a type name).
    pub name: String,
    /// The link destination.
    pub dest: String,
    /// The prose says "collection" of it.
    pub collection: bool,
    /// Where the link is.
    pub at: Span,
}

/// Whether an example is a request or a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExampleKind {
    /// An example request.
    Request,
    /// An example response.
    Response,
}

/// An example request or response, or a JSON representation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Example {
    /// Request or response.
    pub kind: ExampleKind,
    /// The annotation before the code block, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotation: Option<Annotation>,
    /// Where the code block starts.
    pub at: Span,
    /// `METHOD URL` of a request, with where it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_line: Option<(Method, String, Span)>,
    /// The request line read as a route, for a request to Graph; not serialized.
    #[serde(skip)]
    pub request_route: Option<RequestRoute>,
    /// Status code and reason of a response, with where it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_line: Option<(u16, String, Span)>,
    /// Headers in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
    /// Where the body starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_at: Option<Span>,
    /// Where each key and value of a JSON body is, for the linter; not serialized.
    #[serde(skip)]
    pub json_at: Vec<JsonAt>,
}

/// Where one value of an example's JSON body is, and its key if it is an object member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonAt {
    /// JSON Pointer (RFC 6901) of the value: `""` for the whole body, `/value/0/id`.
    pub pointer: String,
    /// Where the member's key starts (its opening quote), and its length in characters.
    pub key: Option<(Span, u32)>,
    /// Where the value starts, and its length in characters when it is on one line (else 1).
    pub value: (Span, u32),
}

/// The `## JSON representation` of a resource page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JsonRepresentation {
    /// Its annotation (`blockType: resource`, `@odata.type`, `baseType`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotation: Option<Annotation>,
    /// Where the code block starts.
    pub at: Span,
    /// The body as read.
    pub body: Body,
    /// Its top-level keys as property rows, each typed from its placeholder value (`"String"`,
    /// `"String (timestamp)"`, `{"@odata.type": "microsoft.graph.x"}`, `[...]`).
    pub properties: Vec<PropertyRow>,
}

/// An `[!INCLUDE]` reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Include {
    /// The path as written.
    pub dest: String,
    /// Where it is.
    pub at: Span,
}

/// Everything one page says.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Page {
    /// Path relative to the docs root, `/`-separated.
    pub path: String,
    /// API, resource, enum or other.
    pub kind: PageKind,
    /// Front matter keys in page order.
    pub front_matter: serde_yaml::Mapping,
    /// Where the value of each top-level front matter key starts (past an opening quote; the key
    /// itself when the value is empty), in page order; for the linter, not serialized.
    #[serde(skip)]
    pub front_matter_at: Vec<(String, Span)>,
    /// The H1.
    pub title: Option<Text>,
    /// What the title says the page documents; from the title, so not serialized.
    #[serde(skip)]
    pub title_subject: TitleSubject,
    /// The `Namespace: x` line.
    pub namespace: Option<Text>,
    /// The first paragraph after the title.
    pub summary: Option<Text>,
    /// Every paragraph between the title and the first section (the summary, notes, callouts),
    /// for the linter; not serialized.
    #[serde(skip)]
    pub intro: Vec<Text>,
    /// Draft placeholders in the front matter, the title and the introduction (those in table
    /// cells are in the cells' descriptions); for the linter, not serialized.
    #[serde(skip)]
    pub prose_placeholders: Vec<ProsePlaceholder>,
    /// All headings except tab markers.
    pub headings: Vec<Heading>,
    /// The permissions table.
    pub permissions: Option<Permissions>,
    /// The first paragraph or list item of the permissions section that names permission
    /// scopes (`User.ReadWrite.All`) in prose instead of a table. For the linter; not
    /// serialized.
    #[serde(skip)]
    pub permissions_prose: Option<Span>,
    /// Routes of the HTTP request block.
    pub routes: Vec<RouteLine>,
    /// Request header rows.
    pub request_headers: Vec<HeaderRow>,
    /// The link in the request-body prose naming the type supplied, if any.
    pub request_body_type: Option<Link>,
    /// Property, relationship, request-body and parameter tables.
    pub tables: Vec<PropertyTable>,
    /// Enum member tables.
    pub enum_tables: Vec<EnumTable>,
    /// Rows of the `## Methods` table of a resource page. Read for the linter; not serialized.
    #[serde(skip)]
    pub methods: Vec<MethodRow>,
    /// Tables read as none of the above (permissions per resource, prose tables), by their
    /// header. For the linter; not serialized.
    #[serde(skip)]
    pub other_tables: Vec<OtherTable>,
    /// The base type the prose names ("Inherits from [x](x.md)").
    pub inherits_from: Option<Link>,
    /// Where the title or the introduction says the page's type is an open type ("… resource
    /// type (Open Type)", "This is an _open type_ that…").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub says_open: Option<Span>,
    /// The response prose.
    pub response: Option<ResponseInfo>,
    /// Example requests and responses, in page order.
    pub examples: Vec<Example>,
    /// The JSON representation of a resource page.
    pub json_representation: Option<JsonRepresentation>,
    /// Every link in prose and tables.
    pub links: Vec<Link>,
    /// `[!INCLUDE]` references.
    pub includes: Vec<Include>,
    /// Problems found while reading the page.
    pub diagnostics: Vec<Diagnostic>,
}

impl Page {
    /// The page's tables of one role.
    pub fn tables(&self, role: TableRole) -> impl Iterator<Item = &PropertyTable> {
        self.tables.iter().filter(move |t| t.role == role)
    }

    /// The heading `table` is under: the last one before it.
    pub fn heading_of(&self, table: &PropertyTable) -> Option<&Heading> {
        self.headings.iter().rfind(|h| h.at.line < table.at.line)
    }

    /// What an `x properties` heading right above `table` names as the table's subject: `x`
    /// in lower case without spaces (`### Command properties` → `command`, `## Properties` →
    /// an empty subject); `None` under any other heading.
    pub fn table_subject(&self, table: &PropertyTable) -> Option<String> {
        let heading = super::reader::normalize(&self.heading_of(table)?.text);
        Some(heading.strip_suffix("properties")?.replace(' ', ""))
    }

    /// A front-matter value as text.
    pub fn front(&self, key: &str) -> Option<String> {
        super::frontmatter::text(&self.front_matter, key)
    }

    /// Where the value of front matter `key` starts, if the key is written at the top level.
    pub fn front_at(&self, key: &str) -> Option<Span> {
        self.front_matter_at
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, at)| *at)
    }
}
