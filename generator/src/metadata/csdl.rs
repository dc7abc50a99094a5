//! Reads an OData CSDL (EDMX) XML document into plain, serializable data.
//!
//! What is kept: every `edmx:Reference` and its `Include`s; for every `Schema`, its entity and
//! complex types (base type, `Abstract`, `OpenType`, `HasStream`, key, declared structural and
//! navigation properties with their facets, `Partner` and `ContainsTarget`), its enum types
//! (`IsFlags`, `UnderlyingType`, members and values, in order), its type definitions, its
//! actions and functions (binding parameter, parameters, return type, `IsComposable`) and its
//! entity container (entity sets, singletons, action and function imports).
//!
//! Of the annotations, inline or in `Annotations Target=…` blocks, those a generator can use
//! are read onto the item they target: `Core.Description`/`Core.LongDescription`, read-only
//! (`Core.Computed`, `Core.Immutable`, `Core.Permissions` of `Read`) and the `Capabilities`
//! restrictions that say whether a set or a navigation property can be inserted into, updated
//! or deleted from. Terms and other annotations are skipped.
//!
//! Every qualified name is stored with its namespace spelled out: schema aliases (`graph.user`)
//! and `edmx:Include` aliases are expanded. Elements are matched by local name, so the
//! namespace URIs of both CSDL 4.0 and 4.01 work. Every item keeps its line and column.
//!
//! OData v2/v3 documents (`edmx:Edmx Version="1.0"`, `m:DataServiceVersion`) model relations as
//! associations, which this reader does not: they are refused with one located error, as is a
//! CSDL JSON document.

use super::Error;
use roxmltree::{Document, Node};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// A whole CSDL document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Csdl {
    /// The name the document was read under (its path, for [`read_csdl`]).
    pub source: String,
    /// The schemas, in document order.
    pub schemas: Vec<Schema>,
    /// The `edmx:Reference`s: other documents whose namespaces this one uses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
}

/// An `edmx:Reference` to another CSDL document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// `Uri`.
    pub uri: String,
    /// The namespaces it includes (`edmx:Include Namespace=…`).
    pub namespaces: Vec<String>,
    /// 1-based line of the element.
    pub line: u32,
    /// 1-based column of the element.
    pub col: u32,
}

/// One `Schema` element.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// `Namespace`, e.g. `microsoft.graph.callRecords`.
    pub namespace: String,
    /// `Alias`, e.g. `graph`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// Entity and complex types, in document order.
    pub types: Vec<StructuredType>,
    /// Enum types, in document order.
    pub enums: Vec<EnumType>,
    /// Actions and functions, in document order.
    pub operations: Vec<Operation>,
    /// Type definitions, in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub type_definitions: Vec<TypeDefinition>,
    /// The entity container, if the schema has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
}

/// A `TypeDefinition`: a named primitive type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypeDefinition {
    /// `Name`.
    pub name: String,
    /// The namespace of its schema.
    pub namespace: String,
    /// `UnderlyingType`, an `Edm.*` primitive.
    pub underlying: String,
    /// 1-based line of the element.
    pub line: u32,
    /// 1-based column of the element.
    pub col: u32,
}

/// What the `Capabilities` restrictions of a set or a navigation property allow; `None` where
/// the document says nothing (the service's default: allowed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    /// `ReadRestrictions/Readable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readable: Option<bool>,
    /// `InsertRestrictions/Insertable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insertable: Option<bool>,
    /// `UpdateRestrictions/Updatable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updatable: Option<bool>,
    /// `DeleteRestrictions/Deletable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletable: Option<bool>,
}

/// An `EntityContainer`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Container {
    /// `Name`.
    pub name: String,
    /// Entity sets and singletons, in document order.
    pub sources: Vec<EntitySource>,
    /// Action and function imports, in document order.
    pub imports: Vec<Import>,
}

/// An `EntitySet` (a collection addressed by key) or a `Singleton`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntitySource {
    /// `Name`: the path segment.
    pub name: String,
    /// The entity type (`EntityType` of a set, `Type` of a singleton), qualified.
    pub entity_type: String,
    /// A `Singleton`.
    #[serde(default)]
    pub singleton: bool,
    /// What its `Capabilities` annotations allow.
    #[serde(default)]
    pub capabilities: Capabilities,
    /// `Core.Description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// 1-based line of the element.
    pub line: u32,
    /// 1-based column of the element.
    pub col: u32,
}

/// An `ActionImport` or `FunctionImport`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Import {
    /// `Name`: the path segment.
    pub name: String,
    /// Action or function.
    pub kind: OperationKind,
    /// The imported operation (`Action` or `Function` attribute), qualified.
    pub operation: String,
    /// 1-based line of the element.
    pub line: u32,
    /// 1-based column of the element.
    pub col: u32,
}

/// Whether a structured type is an entity or a complex type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    /// `EntityType`.
    Entity,
    /// `ComplexType`.
    Complex,
}

impl fmt::Display for TypeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TypeKind::Entity => "entity",
            TypeKind::Complex => "complex",
        })
    }
}

/// An `EntityType` or `ComplexType`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StructuredType {
    /// Entity or complex.
    pub kind: TypeKind,
    /// `Name`, e.g. `user`.
    pub name: String,
    /// The namespace of its schema.
    pub namespace: String,
    /// `BaseType`, qualified, alias expanded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// `Abstract="true"`.
    #[serde(default)]
    pub is_abstract: bool,
    /// `OpenType="true"`.
    #[serde(default)]
    pub open: bool,
    /// `HasStream="true"` (entity types only).
    #[serde(default)]
    pub has_stream: bool,
    /// The `PropertyRef` names of its `Key`, if it declares one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key: Vec<String>,
    /// Declared (not inherited) properties: structural ones and navigation ones, in document
    /// order.
    pub properties: Vec<Property>,
    /// `Core.Description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `Core.LongDescription`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_description: Option<String>,
    /// 1-based line of the element.
    pub line: u32,
    /// 1-based column of the element.
    #[serde(default)]
    pub col: u32,
}

impl StructuredType {
    /// `namespace.name`.
    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }
}

/// A `Property` or `NavigationProperty`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Property {
    /// `Name`.
    pub name: String,
    /// `Type`.
    #[serde(rename = "type")]
    pub ty: TypeName,
    /// `Nullable` (absent means `true`).
    pub nullable: bool,
    /// A `NavigationProperty`.
    #[serde(default)]
    pub navigation: bool,
    /// `ContainsTarget="true"` (navigation properties only).
    #[serde(default)]
    pub contains_target: bool,
    /// `Partner` (navigation properties only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
    /// The facets `MaxLength`, `Precision`, `Scale`, `SRID` and `DefaultValue`, as written.
    #[serde(default, skip_serializing_if = "Facets::is_empty")]
    pub facets: Facets,
    /// Annotated `Core.Computed`, `Core.Immutable` or `Core.Permissions` of `Read`.
    #[serde(default)]
    pub read_only: bool,
    /// What its `Capabilities` annotations allow (navigation properties).
    #[serde(default)]
    pub capabilities: Capabilities,
    /// `Core.Description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// 1-based line of the element.
    pub line: u32,
    /// 1-based column of the element.
    #[serde(default)]
    pub col: u32,
}

/// The facets of a property, as written (`max` is a valid `MaxLength`, `variable` a valid
/// `Scale`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// `MaxLength`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<String>,
    /// `Precision`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<String>,
    /// `Scale`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// `SRID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub srid: Option<String>,
    /// `DefaultValue`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<String>,
}

impl Facets {
    /// No facet is given.
    pub fn is_empty(&self) -> bool {
        *self == Facets::default()
    }
}

/// A type as CSDL writes it in `Type` attributes: `Edm.String`, `graph.user`,
/// `Collection(graph.user)`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TypeName {
    /// Written as `Collection(…)`.
    #[serde(default)]
    pub collection: bool,
    /// The element type's qualified name with aliases expanded: `Edm.String`,
    /// `microsoft.graph.user`.
    pub name: String,
}

impl TypeName {
    /// An `Edm.*` type.
    pub fn is_primitive(&self) -> bool {
        self.name.starts_with("Edm.")
    }

    /// The part after the last dot: `user` for `microsoft.graph.user`.
    pub fn simple_name(&self) -> &str {
        self.name.rsplit_once('.').map_or(&self.name, |(_, n)| n)
    }
}

impl fmt::Display for TypeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.collection {
            write!(f, "Collection({})", self.name)
        } else {
            f.write_str(&self.name)
        }
    }
}

/// An `EnumType`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnumType {
    /// `Name`.
    pub name: String,
    /// The namespace of its schema.
    pub namespace: String,
    /// `IsFlags="true"`.
    #[serde(default)]
    pub flags: bool,
    /// `UnderlyingType`, if given (default `Edm.Int32`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub underlying: Option<String>,
    /// Members in document order.
    pub members: Vec<EnumMember>,
    /// `Core.Description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// 1-based line of the element.
    pub line: u32,
    /// 1-based column of the element.
    #[serde(default)]
    pub col: u32,
}

impl EnumType {
    /// `namespace.name`.
    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }
}

/// A `Member` of an enum type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumMember {
    /// `Name`.
    pub name: String,
    /// `Value`; when absent (allowed for non-flags enums), the CSDL rule applies: the previous
    /// member's value plus one, starting at 0.
    pub value: i64,
    /// `Core.Description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Whether an operation is an action or a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    /// `Action`.
    Action,
    /// `Function`.
    Function,
}

/// An `Action` or `Function`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// Action or function.
    pub kind: OperationKind,
    /// `Name`.
    pub name: String,
    /// The namespace of its schema.
    pub namespace: String,
    /// `IsBound="true"`.
    #[serde(default)]
    pub bound: bool,
    /// `IsComposable="true"` (functions only).
    #[serde(default)]
    pub composable: bool,
    /// The type of the binding parameter (the first parameter of a bound operation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binding: Option<TypeName>,
    /// The other parameters, in order.
    pub parameters: Vec<Parameter>,
    /// `ReturnType`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returns: Option<TypeName>,
    /// The `Name` of the binding parameter (bound operations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binding_name: Option<String>,
    /// `Core.Description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// 1-based line of the element.
    pub line: u32,
    /// 1-based column of the element.
    #[serde(default)]
    pub col: u32,
}

impl Operation {
    /// `namespace.name`.
    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }
}

/// A `Parameter` of an action or function.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    /// `Name`.
    pub name: String,
    /// `Type`.
    #[serde(rename = "type")]
    pub ty: TypeName,
    /// `Nullable` (absent means `true`).
    pub nullable: bool,
}

impl Csdl {
    /// Every entity and complex type of every schema, in document order.
    pub fn types(&self) -> impl Iterator<Item = &StructuredType> {
        self.schemas.iter().flat_map(|s| s.types.iter())
    }

    /// Every enum type of every schema, in document order.
    pub fn enums(&self) -> impl Iterator<Item = &EnumType> {
        self.schemas.iter().flat_map(|s| s.enums.iter())
    }

    /// Every action and function of every schema, in document order.
    pub fn operations(&self) -> impl Iterator<Item = &Operation> {
        self.schemas.iter().flat_map(|s| s.operations.iter())
    }

    /// Every type definition of every schema, in document order.
    pub fn type_definitions(&self) -> impl Iterator<Item = &TypeDefinition> {
        self.schemas.iter().flat_map(|s| s.type_definitions.iter())
    }

    /// Every entity container, in document order (a service has one).
    pub fn containers(&self) -> impl Iterator<Item = &Container> {
        self.schemas.iter().filter_map(|s| s.container.as_ref())
    }

    /// The entity or complex type with qualified name `qualified` (exact spelling).
    pub fn find_type(&self, qualified: &str) -> Option<&StructuredType> {
        let (ns, name) = qualified.rsplit_once('.')?;
        self.schemas
            .iter()
            .filter(|s| s.namespace == ns)
            .flat_map(|s| s.types.iter())
            .find(|t| t.name == name)
    }

    /// The base types of `t`, nearest first, as far as this document defines them (cycles are
    /// cut).
    pub fn bases<'a>(&'a self, t: &'a StructuredType) -> Vec<&'a StructuredType> {
        let mut out: Vec<&StructuredType> = Vec::new();
        let mut next = t.base.as_deref();
        while let Some(q) = next {
            match self.find_type(q) {
                Some(b) if !std::ptr::eq(b, t) && !out.iter().any(|o| std::ptr::eq(*o, b)) => {
                    out.push(b);
                    next = b.base.as_deref();
                }
                _ => break,
            }
        }
        out
    }
}

/// Reads the CSDL file at `path`.
pub fn read_csdl(path: &Path) -> Result<Csdl, Error> {
    let xml = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_csdl(&path.display().to_string(), &xml)
}

/// Parses CSDL text; `name` is what error messages and [`Csdl::source`] call it.
pub fn parse_csdl(name: &str, xml: &str) -> Result<Csdl, Error> {
    let body = xml.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with('{') || body.starts_with('[') {
        let at = end_pos(&xml[..xml.len() - body.len()]);
        return Err(Error::Csdl {
            name: name.to_owned(),
            line: at.row,
            col: at.col,
            message: "a CSDL JSON document: docgen reads the CSDL XML form (`$metadata`, \
                      `edmx:Edmx`)"
                .into(),
        });
    }
    let doc = Document::parse(xml).map_err(|e| xml_error(name, xml, &e))?;
    let line_starts = std::iter::once(0)
        .chain(xml.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let aliases = collect_aliases(&doc);
    let mut reader = Reader {
        name,
        doc: &doc,
        aliases,
        line_starts,
        annotations: HashMap::new(),
    };
    reader.annotations = reader.collect_annotations();
    reader.read()
}

/// A roxmltree error → a located error. Errors found at the end of input carry no position
/// in roxmltree; they are placed at the end of the text.
fn xml_error(name: &str, xml: &str, e: &roxmltree::Error) -> Error {
    let pos = match e {
        roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode => {
            end_pos(xml)
        }
        _ => e.pos(),
    };
    let text = e.to_string();
    let at = format!(" at {}", e.pos());
    let message = text.replace(&at, "");
    Error::Xml {
        name: name.to_owned(),
        line: pos.row,
        col: pos.col,
        message,
    }
}

/// The position just after the last character of `text`.
fn end_pos(text: &str) -> roxmltree::TextPos {
    let line = text.matches('\n').count() + 1;
    let last = text.rsplit('\n').next().unwrap_or("");
    let col = last.chars().count() + 1;
    roxmltree::TextPos::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

/// Alias → namespace, from every `Schema` and `edmx:Include` of the document.
fn collect_aliases(doc: &Document<'_>) -> HashMap<String, String> {
    doc.descendants()
        .filter(|n| n.is_element() && matches!(n.tag_name().name(), "Schema" | "Include"))
        .filter_map(|n| {
            Some((
                n.attribute("Alias")?.to_owned(),
                n.attribute("Namespace")?.to_owned(),
            ))
        })
        .collect()
}

fn children<'a, 'i>(node: Node<'a, 'i>, local: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == local)
}

/// What the annotations on one target say, as far as docgen uses them.
#[derive(Default)]
struct Notes {
    description: Option<String>,
    long_description: Option<String>,
    read_only: bool,
    capabilities: Capabilities,
}

const CORE: &str = "Org.OData.Core.V1.";
const CAPABILITIES: &str = "Org.OData.Capabilities.V1.";

struct Reader<'d, 'i> {
    name: &'d str,
    doc: &'d Document<'i>,
    aliases: HashMap<String, String>,
    /// `Annotations` blocks by their target, alias expanded: read onto the item they target.
    annotations: HashMap<String, Vec<Node<'d, 'i>>>,
    /// Byte offsets where lines start: `text_pos_at` counts from the start of the document on
    /// every call, which made reading a 2 MB CSDL quadratic.
    line_starts: Vec<usize>,
}

impl<'d, 'i> Reader<'d, 'i> {
    fn error_at(&self, offset: usize, message: impl Into<String>) -> Error {
        let pos = self.doc.text_pos_at(offset);
        Error::Csdl {
            name: self.name.to_owned(),
            line: pos.row,
            col: pos.col,
            message: message.into(),
        }
    }

    fn line(&self, node: Node<'_, 'i>) -> u32 {
        self.line_starts
            .partition_point(|&s| s <= node.range().start) as u32
    }

    /// 1-based line and column (in characters) of an element.
    fn pos(&self, node: Node<'_, 'i>) -> (u32, u32) {
        let line = self.line(node);
        let start = self.line_starts[(line as usize).saturating_sub(1)];
        let text = self.doc.input_text();
        let col = text
            .get(start..node.range().start)
            .map_or(0, |t| t.chars().count());
        (line, u32::try_from(col + 1).unwrap_or(u32::MAX))
    }

    /// A target path (`graph.user/id`, `graph.act(graph.user)`) with the alias of its first
    /// qualified name expanded, and an operation's overload parameters dropped.
    fn target_key(&self, target: &str) -> String {
        let target = target.trim();
        let end = target.find(['/', '(']).unwrap_or(target.len());
        let mut key = self.expand(&target[..end]);
        if let Some(rest) = target[end..].strip_prefix('/') {
            key.push('/');
            key.push_str(rest);
        }
        key
    }

    fn collect_annotations(&self) -> HashMap<String, Vec<Node<'d, 'i>>> {
        let mut out: HashMap<String, Vec<Node<'d, 'i>>> = HashMap::new();
        for n in self.doc.descendants() {
            if n.is_element() && n.tag_name().name() == "Annotations" {
                if let Some(t) = n.attribute("Target") {
                    out.entry(self.target_key(t)).or_default().push(n);
                }
            }
        }
        out
    }

    /// The annotations on `node` itself and in `Annotations` blocks that target `target`.
    fn notes(&self, node: Node<'_, 'i>, target: &str) -> Notes {
        let mut notes = Notes::default();
        let outside = self
            .annotations
            .get(target)
            .into_iter()
            .flatten()
            .flat_map(|block| children(*block, "Annotation"));
        for a in children(node, "Annotation").chain(outside) {
            let Some(term) = a.attribute("Term") else {
                continue;
            };
            let term = self.expand(term.trim());
            if let Some(core) = term.strip_prefix(CORE) {
                match core {
                    "Description" if notes.description.is_none() => {
                        notes.description = annotation_string(a);
                    }
                    "LongDescription" if notes.long_description.is_none() => {
                        notes.long_description = annotation_string(a);
                    }
                    "Computed" | "Immutable" => notes.read_only |= annotation_bool(a, "Bool"),
                    "Permissions" => {
                        let read_only = annotation_enum_members(a)
                            .iter()
                            .all(|m| m.rsplit('/').next() == Some("Read"));
                        notes.read_only |= read_only;
                    }
                    _ => {}
                }
            } else if let Some(cap) = term.strip_prefix(CAPABILITIES) {
                let c = &mut notes.capabilities;
                let (slot, flag) = match cap {
                    "ReadRestrictions" => (&mut c.readable, "Readable"),
                    "InsertRestrictions" => (&mut c.insertable, "Insertable"),
                    "UpdateRestrictions" => (&mut c.updatable, "Updatable"),
                    "DeleteRestrictions" => (&mut c.deletable, "Deletable"),
                    _ => continue,
                };
                let value = children(a, "Record")
                    .flat_map(|r| children(r, "PropertyValue"))
                    .find(|pv| pv.attribute("Property") == Some(flag))
                    .map(|pv| annotation_bool(pv, "Bool"));
                if slot.is_none() {
                    *slot = value;
                }
            }
        }
        notes
    }

    /// A required attribute.
    fn required<'a>(&self, node: Node<'a, 'i>, attr: &str) -> Result<&'a str, Error> {
        match node.attribute(attr) {
            Some(v) if !v.trim().is_empty() => Ok(v.trim()),
            Some(_) => {
                let at = node
                    .attribute_node(attr)
                    .map_or(node.range().start, |a| a.range().start);
                Err(self.error_at(
                    at,
                    format!("`{attr}` of <{}> is empty", node.tag_name().name()),
                ))
            }
            None => Err(self.error_at(
                node.range().start,
                format!("<{}> has no `{attr}` attribute", node.tag_name().name()),
            )),
        }
    }

    /// A boolean attribute (`true`/`false`/`1`/`0`), `default` when absent.
    fn boolean(&self, node: Node<'_, 'i>, attr: &str, default: bool) -> Result<bool, Error> {
        let Some(a) = node.attribute_node(attr) else {
            return Ok(default);
        };
        match a.value().trim() {
            v if v.eq_ignore_ascii_case("true") || v == "1" => Ok(true),
            v if v.eq_ignore_ascii_case("false") || v == "0" => Ok(false),
            v => Err(self.error_at(
                a.range().start,
                format!("`{attr}` is `{v}`, expected `true` or `false`"),
            )),
        }
    }

    /// Expands a leading alias of a qualified name.
    fn expand(&self, qualified: &str) -> String {
        match qualified.rsplit_once('.') {
            Some((prefix, name)) => match self.aliases.get(prefix) {
                Some(ns) => format!("{ns}.{name}"),
                None => qualified.to_owned(),
            },
            None => qualified.to_owned(),
        }
    }

    /// A qualified-name attribute (`BaseType`), alias expanded.
    fn qualified(&self, node: Node<'_, 'i>, attr: &str) -> Result<Option<String>, Error> {
        let Some(a) = node.attribute_node(attr) else {
            return Ok(None);
        };
        let v = a.value().trim();
        if !is_qualified(v) {
            return Err(self.error_at(
                a.range().start,
                format!("`{attr}` is `{v}`, not a namespace-qualified name"),
            ));
        }
        Ok(Some(self.expand(v)))
    }

    /// The required `Type` attribute, parsed.
    fn type_attr(&self, node: Node<'_, 'i>) -> Result<TypeName, Error> {
        let raw = self.required(node, "Type")?;
        let at = node
            .attribute_node("Type")
            .map_or(node.range().start, |a| a.range().start);
        let (collection, inner) = match raw.strip_prefix("Collection(") {
            Some(rest) => match rest.strip_suffix(')') {
                Some(inner) => (true, inner.trim()),
                None => {
                    return Err(
                        self.error_at(at, format!("type `{raw}` has no closing parenthesis"))
                    );
                }
            },
            None => (false, raw),
        };
        if !is_qualified(inner) {
            return Err(self.error_at(
                at,
                format!("type `{raw}` is not a namespace-qualified name"),
            ));
        }
        Ok(TypeName {
            collection,
            name: self.expand(inner),
        })
    }

    fn read(&self) -> Result<Csdl, Error> {
        let root = self.doc.root_element();
        if root.tag_name().name() != "Edmx" {
            return Err(self.error_at(
                root.range().start,
                format!(
                    "root element is <{}>, expected <edmx:Edmx>",
                    root.tag_name().name()
                ),
            ));
        }
        self.refuse_v2_v3(root)?;
        let mut references = Vec::new();
        for r in children(root, "Reference") {
            let (line, col) = self.pos(r);
            references.push(Reference {
                uri: r.attribute("Uri").unwrap_or_default().trim().to_owned(),
                namespaces: children(r, "Include")
                    .filter_map(|i| i.attribute("Namespace"))
                    .map(|n| n.trim().to_owned())
                    .collect(),
                line,
                col,
            });
        }
        let mut schemas = Vec::new();
        for ds in children(root, "DataServices") {
            for s in children(ds, "Schema") {
                schemas.push(self.schema(s)?);
            }
        }
        Ok(Csdl {
            source: self.name.to_owned(),
            schemas,
            references,
        })
    }

    /// OData v2/v3 metadata (`Version="1.0"`, `m:DataServiceVersion`) describes relations as
    /// associations: refused, at the attribute that says which version it is.
    fn refuse_v2_v3(&self, root: Node<'_, 'i>) -> Result<(), Error> {
        let old_edmx = root
            .attribute_node("Version")
            .filter(|a| a.value().trim().starts_with('1'));
        let data_service_version = children(root, "DataServices").find_map(|ds| {
            ds.attributes()
                .find(|a| a.name() == "DataServiceVersion")
                .map(|a| (a.range().start, a.value().trim().to_owned()))
        });
        let found = match (old_edmx, data_service_version) {
            (Some(a), _) => Some((
                a.range().start,
                format!("edmx Version {}", a.value().trim()),
            )),
            (None, Some((at, v))) if !v.starts_with('4') => {
                Some((at, format!("DataServiceVersion {v}")))
            }
            _ => None,
        };
        match found {
            Some((at, what)) => Err(self.error_at(
                at,
                format!(
                    "OData v2/v3 metadata ({what}): docgen reads OData v4 CSDL (edmx Version 4.0 \
                     or 4.01)"
                ),
            )),
            None => Ok(()),
        }
    }

    fn schema(&self, node: Node<'_, 'i>) -> Result<Schema, Error> {
        let namespace = self.required(node, "Namespace")?.to_owned();
        let mut schema = Schema {
            alias: node.attribute("Alias").map(str::to_owned),
            namespace,
            ..Default::default()
        };
        for child in node.children().filter(|c| c.is_element()) {
            match child.tag_name().name() {
                "EntityType" => schema.types.push(self.structured(
                    child,
                    TypeKind::Entity,
                    &schema.namespace,
                )?),
                "ComplexType" => schema.types.push(self.structured(
                    child,
                    TypeKind::Complex,
                    &schema.namespace,
                )?),
                "EnumType" => schema.enums.push(self.enum_type(child, &schema.namespace)?),
                "Action" => schema.operations.push(self.operation(
                    child,
                    OperationKind::Action,
                    &schema.namespace,
                )?),
                "Function" => schema.operations.push(self.operation(
                    child,
                    OperationKind::Function,
                    &schema.namespace,
                )?),
                "TypeDefinition" => {
                    let (line, col) = self.pos(child);
                    let underlying = self.required(child, "UnderlyingType")?;
                    schema.type_definitions.push(TypeDefinition {
                        name: self.required(child, "Name")?.to_owned(),
                        namespace: schema.namespace.clone(),
                        underlying: self.expand(underlying),
                        line,
                        col,
                    });
                }
                "EntityContainer" => {
                    schema.container = Some(self.container(child, &schema.namespace)?);
                }
                _ => {}
            }
        }
        Ok(schema)
    }

    fn container(&self, node: Node<'_, 'i>, namespace: &str) -> Result<Container, Error> {
        let name = self.required(node, "Name")?.to_owned();
        let mut c = Container {
            name,
            sources: Vec::new(),
            imports: Vec::new(),
        };
        for child in node.children().filter(|c| c.is_element()) {
            let tag = child.tag_name().name();
            let (line, col) = self.pos(child);
            match tag {
                "EntitySet" | "Singleton" => {
                    let singleton = tag == "Singleton";
                    let attr = if singleton { "Type" } else { "EntityType" };
                    let set = self.required(child, "Name")?.to_owned();
                    let ty = self.required(child, attr)?;
                    if !is_qualified(ty) {
                        let at = child
                            .attribute_node(attr)
                            .map_or(child.range().start, |a| a.range().start);
                        return Err(self.error_at(
                            at,
                            format!("`{attr}` is `{ty}`, not a namespace-qualified name"),
                        ));
                    }
                    let notes = self.notes(child, &format!("{namespace}.{}/{set}", c.name));
                    c.sources.push(EntitySource {
                        name: set,
                        entity_type: self.expand(ty),
                        singleton,
                        capabilities: notes.capabilities,
                        description: notes.description,
                        line,
                        col,
                    });
                }
                "ActionImport" | "FunctionImport" => {
                    let (kind, attr) = if tag == "ActionImport" {
                        (OperationKind::Action, "Action")
                    } else {
                        (OperationKind::Function, "Function")
                    };
                    c.imports.push(Import {
                        name: self.required(child, "Name")?.to_owned(),
                        kind,
                        operation: self.expand(self.required(child, attr)?),
                        line,
                        col,
                    });
                }
                _ => {}
            }
        }
        Ok(c)
    }

    fn structured(
        &self,
        node: Node<'_, 'i>,
        kind: TypeKind,
        namespace: &str,
    ) -> Result<StructuredType, Error> {
        let (line, col) = self.pos(node);
        let name = self.required(node, "Name")?.to_owned();
        let target = format!("{namespace}.{name}");
        let notes = self.notes(node, &target);
        let mut t = StructuredType {
            kind,
            name,
            namespace: namespace.to_owned(),
            base: self.qualified(node, "BaseType")?,
            is_abstract: self.boolean(node, "Abstract", false)?,
            open: self.boolean(node, "OpenType", false)?,
            has_stream: self.boolean(node, "HasStream", false)?,
            key: Vec::new(),
            properties: Vec::new(),
            description: notes.description,
            long_description: notes.long_description,
            line,
            col,
        };
        for child in node.children().filter(|c| c.is_element()) {
            match child.tag_name().name() {
                "Key" => {
                    for r in children(child, "PropertyRef") {
                        t.key.push(self.required(r, "Name")?.to_owned());
                    }
                }
                "Property" => t.properties.push(self.property(child, false, &target)?),
                "NavigationProperty" => t.properties.push(self.property(child, true, &target)?),
                _ => {}
            }
        }
        Ok(t)
    }

    fn property(
        &self,
        node: Node<'_, 'i>,
        navigation: bool,
        owner: &str,
    ) -> Result<Property, Error> {
        let (line, col) = self.pos(node);
        let name = self.required(node, "Name")?.to_owned();
        let notes = self.notes(node, &format!("{owner}/{name}"));
        let facet = |attr: &str| node.attribute(attr).map(|v| v.trim().to_owned());
        Ok(Property {
            ty: self.type_attr(node)?,
            nullable: self.boolean(node, "Nullable", true)?,
            navigation,
            contains_target: self.boolean(node, "ContainsTarget", false)?,
            partner: facet("Partner"),
            facets: Facets {
                max_length: facet("MaxLength"),
                precision: facet("Precision"),
                scale: facet("Scale"),
                srid: facet("SRID"),
                default_value: node.attribute("DefaultValue").map(str::to_owned),
            },
            read_only: notes.read_only,
            capabilities: notes.capabilities,
            description: notes.description,
            name,
            line,
            col,
        })
    }

    fn enum_type(&self, node: Node<'_, 'i>, namespace: &str) -> Result<EnumType, Error> {
        let (line, col) = self.pos(node);
        let name = self.required(node, "Name")?.to_owned();
        let target = format!("{namespace}.{name}");
        let mut e = EnumType {
            description: self.notes(node, &target).description,
            name,
            namespace: namespace.to_owned(),
            flags: self.boolean(node, "IsFlags", false)?,
            underlying: node
                .attribute("UnderlyingType")
                .map(|u| self.expand(u.trim())),
            members: Vec::new(),
            line,
            col,
        };
        let mut next = 0i64;
        for m in children(node, "Member") {
            let name = self.required(m, "Name")?.to_owned();
            let value = match m.attribute_node("Value") {
                Some(a) => a.value().trim().parse::<i64>().map_err(|_| {
                    self.error_at(
                        a.range().start,
                        format!(
                            "`Value` of member `{name}` is `{}`, not an integer",
                            a.value()
                        ),
                    )
                })?,
                None if e.flags => {
                    return Err(self.error_at(
                        m.range().start,
                        format!("member `{name}` of flags enum `{}` has no `Value`", e.name),
                    ));
                }
                None => next,
            };
            next = value.saturating_add(1);
            let description = self.notes(m, &format!("{target}/{name}")).description;
            e.members.push(EnumMember {
                name,
                value,
                description,
            });
        }
        Ok(e)
    }

    fn operation(
        &self,
        node: Node<'_, 'i>,
        kind: OperationKind,
        namespace: &str,
    ) -> Result<Operation, Error> {
        let (line, col) = self.pos(node);
        let name = self.required(node, "Name")?.to_owned();
        let description = self.notes(node, &format!("{namespace}.{name}")).description;
        let mut op = Operation {
            kind,
            name,
            namespace: namespace.to_owned(),
            bound: self.boolean(node, "IsBound", false)?,
            composable: self.boolean(node, "IsComposable", false)?,
            binding: None,
            binding_name: None,
            parameters: Vec::new(),
            returns: None,
            description,
            line,
            col,
        };
        for child in node.children().filter(|c| c.is_element()) {
            match child.tag_name().name() {
                "Parameter" => {
                    let p = Parameter {
                        name: self.required(child, "Name")?.to_owned(),
                        ty: self.type_attr(child)?,
                        nullable: self.boolean(child, "Nullable", true)?,
                    };
                    if op.bound && op.binding.is_none() && op.parameters.is_empty() {
                        op.binding = Some(p.ty);
                        op.binding_name = Some(p.name);
                    } else {
                        op.parameters.push(p);
                    }
                }
                "ReturnType" => op.returns = Some(self.type_attr(child)?),
                _ => {}
            }
        }
        if op.bound && op.binding.is_none() {
            return Err(self.error_at(
                node.range().start,
                format!(
                    "bound {} `{}` has no binding parameter",
                    kind_word(kind),
                    op.name
                ),
            ));
        }
        Ok(op)
    }
}

fn kind_word(kind: OperationKind) -> &'static str {
    match kind {
        OperationKind::Action => "action",
        OperationKind::Function => "function",
    }
}

/// The string value of an annotation: its `String` attribute or `<String>` child.
fn annotation_string(a: Node<'_, '_>) -> Option<String> {
    let text = match a.attribute("String") {
        Some(v) => v.to_owned(),
        None => children(a, "String").next()?.text()?.to_owned(),
    };
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The boolean value of an annotation or property value: its `Bool` attribute or `<Bool>` child;
/// a tagging term written without a value means `true`.
fn annotation_bool(a: Node<'_, '_>, attr: &str) -> bool {
    let text = a
        .attribute(attr)
        .or_else(|| children(a, "Bool").next().and_then(|b| b.text()));
    text.is_none_or(|t| t.trim().eq_ignore_ascii_case("true"))
}

/// The enum members an annotation's value names (`EnumMember` attribute or children), each
/// space-separated flag on its own.
fn annotation_enum_members(a: Node<'_, '_>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let texts = a
        .attribute("EnumMember")
        .into_iter()
        .chain(children(a, "EnumMember").filter_map(|m| m.text()));
    for t in texts {
        out.extend(t.split_whitespace().map(str::to_owned));
    }
    out
}

/// `a.b`: a non-empty namespace or alias, a dot, a non-empty name, no blanks or parentheses.
fn is_qualified(s: &str) -> bool {
    let ok_chars = !s
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | ',' | '/'));
    ok_chars && matches!(s.rsplit_once('.'), Some((ns, n)) if !ns.is_empty() && !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="color">
        <Member Name="red" />
        <Member Name="green" Value="5" />
        <Member Name="blue" />
      </EnumType>
      <EnumType Name="access" IsFlags="true">
        <Member Name="none" Value="0" />
        <Member Name="read" Value="1" />
        <Member Name="write" Value="2" />
      </EnumType>
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="thing" BaseType="graph.entity" OpenType="true">
        <Property Name="tags" Type="Collection(Edm.String)" />
        <Property Name="shade" Type="graph.color" />
        <NavigationProperty Name="calls" Type="Collection(cr.callRecord)" ContainsTarget="true" />
      </EntityType>
      <Action Name="paint" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.thing" />
        <Parameter Name="colors" Type="Collection(graph.color)" Nullable="false" />
        <ReturnType Type="graph.thing" />
      </Action>
      <Function Name="count" IsBound="true" IsComposable="true">
        <Parameter Name="bindingParameter" Type="Collection(graph.thing)" />
        <ReturnType Type="Edm.Int32" />
      </Function>
    </Schema>
    <Schema Namespace="microsoft.graph.callRecords" Alias="cr" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="callRecord" BaseType="graph.entity">
        <Property Name="organizer" Type="graph.thing" />
      </EntityType>
      <ComplexType Name="session" />
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"#;

    fn tiny() -> Csdl {
        match parse_csdl("tiny.xml", TINY) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn schemas_and_aliases() {
        let c = tiny();
        assert_eq!(c.schemas.len(), 2);
        assert_eq!(c.schemas[0].alias.as_deref(), Some("graph"));
        assert_eq!(c.schemas[1].namespace, "microsoft.graph.callRecords");
        let thing = c.find_type("microsoft.graph.thing").expect("thing");
        assert_eq!(thing.base.as_deref(), Some("microsoft.graph.entity"));
        assert!(thing.open && !thing.is_abstract);
        // An alias of a later schema is expanded too.
        let calls = &thing.properties[2];
        assert!(calls.navigation && calls.contains_target);
        assert_eq!(
            calls.ty,
            TypeName {
                collection: true,
                name: "microsoft.graph.callRecords.callRecord".into()
            }
        );
        let cr = c
            .find_type("microsoft.graph.callRecords.callRecord")
            .expect("callRecord");
        assert_eq!(cr.base.as_deref(), Some("microsoft.graph.entity"));
        assert_eq!(c.bases(cr).len(), 1);
        let session = c
            .find_type("microsoft.graph.callRecords.session")
            .expect("session");
        assert_eq!(session.kind, TypeKind::Complex);
    }

    #[test]
    fn keys_properties_and_collections() {
        let c = tiny();
        let entity = c.find_type("microsoft.graph.entity").expect("entity");
        assert!(entity.is_abstract);
        assert_eq!(entity.key, ["id"]);
        assert!(!entity.properties[0].nullable);
        let thing = c.find_type("microsoft.graph.thing").expect("thing");
        let tags = &thing.properties[0];
        assert!(tags.ty.collection && tags.ty.is_primitive() && tags.nullable);
        assert_eq!(tags.ty.to_string(), "Collection(Edm.String)");
        assert_eq!(thing.properties[1].ty.name, "microsoft.graph.color");
        assert_eq!(thing.properties[1].ty.simple_name(), "color");
        assert_eq!(thing.line, 19);
    }

    #[test]
    fn enums_values_and_flags() {
        let c = tiny();
        let enums: Vec<&EnumType> = c.enums().collect();
        assert_eq!(enums.len(), 2);
        let values: Vec<(&str, i64)> = enums[0]
            .members
            .iter()
            .map(|m| (m.name.as_str(), m.value))
            .collect();
        assert_eq!(values, [("red", 0), ("green", 5), ("blue", 6)]);
        assert!(!enums[0].flags);
        assert!(enums[1].flags);
        assert_eq!(
            enums[1].members.iter().map(|m| m.value).collect::<Vec<_>>(),
            [0, 1, 2]
        );
    }

    #[test]
    fn operations() {
        let c = tiny();
        let ops: Vec<&Operation> = c.operations().collect();
        assert_eq!(ops.len(), 2);
        let paint = ops[0];
        assert_eq!(paint.kind, OperationKind::Action);
        assert!(paint.bound);
        assert_eq!(
            paint.binding.as_ref().map(|b| b.name.as_str()),
            Some("microsoft.graph.thing")
        );
        assert_eq!(paint.parameters.len(), 1);
        assert_eq!(
            paint.parameters[0].ty.to_string(),
            "Collection(microsoft.graph.color)"
        );
        assert!(!paint.parameters[0].nullable);
        assert_eq!(
            paint.returns.as_ref().map(|r| r.name.as_str()),
            Some("microsoft.graph.thing")
        );
        let count = ops[1];
        assert!(count.composable);
        assert!(count.binding.as_ref().is_some_and(|b| b.collection));
        assert!(count.parameters.is_empty());
        assert_eq!(
            count.returns.as_ref().map(ToString::to_string).as_deref(),
            Some("Edm.Int32")
        );
    }

    fn fixture(name: &str, text: &str) -> Csdl {
        parse_csdl(name, text).unwrap_or_else(|e| panic!("{e}"))
    }

    const STRUCTURE: &str = include_str!("../../../tests/fixtures/metadata/structure.csdl.xml");
    const SERVICE: &str = include_str!("../../../tests/fixtures/metadata/service.csdl.xml");

    #[test]
    fn facets_type_definitions_positions_and_references() {
        let c = fixture("structure.xml", STRUCTURE);
        assert_eq!(c.references.len(), 1);
        assert_eq!(c.references[0].namespaces, ["Org.OData.Core.V1"]);
        assert_eq!((c.references[0].line, c.references[0].col), (3, 3));
        let defs: Vec<(&str, &str)> = c
            .type_definitions()
            .map(|d| (d.name.as_str(), d.underlying.as_str()))
            .collect();
        assert_eq!(defs, [("sku", "Edm.String"), ("weight", "Edm.Decimal")]);
        let product = c.find_type("example.shop.product").expect("product");
        assert_eq!((product.line, product.col), (18, 7));
        let price = &product.properties[1];
        assert_eq!(price.facets.precision.as_deref(), Some("18"));
        assert_eq!(price.facets.scale.as_deref(), Some("4"));
        assert_eq!(price.facets.default_value.as_deref(), Some("0"));
        assert_eq!((price.line, price.col), (20, 9));
        let origin = product.properties.iter().find(|p| p.name == "origin");
        assert_eq!(origin.and_then(|p| p.facets.srid.as_deref()), Some("4326"));
        let parts = product.properties.iter().find(|p| p.name == "parts");
        assert_eq!(parts.and_then(|p| p.partner.as_deref()), Some("product"));
        let entity = c.find_type("example.shop.entity").expect("entity");
        assert!(entity.properties[0].read_only, "inline Core.Computed");
        let supplier = c.find_type("example.shop.supplier").expect("supplier");
        assert_eq!(supplier.key, ["region", "number"]);
        assert!(supplier.has_stream);
        assert_eq!(
            supplier.properties[2].ty.name, "example.inventory.address",
            "alias of a later schema"
        );
    }

    #[test]
    fn container_and_annotations() {
        let c = fixture("service.xml", SERVICE);
        let container = c.containers().next().expect("container");
        assert_eq!(container.name, "Library");
        let names: Vec<(&str, bool)> = container
            .sources
            .iter()
            .map(|s| (s.name.as_str(), s.singleton))
            .collect();
        assert_eq!(
            names,
            [("books", false), ("loans", false), ("settings", true)]
        );
        assert_eq!(container.sources[0].capabilities.deletable, Some(false));
        assert_eq!(container.sources[0].capabilities.insertable, None);
        // From an `Annotations` block targeting the set.
        assert_eq!(container.sources[1].capabilities.insertable, Some(false));
        assert_eq!(container.sources[2].entity_type, "example.library.settings");
        let imports: Vec<(&str, OperationKind, &str)> = container
            .imports
            .iter()
            .map(|i| (i.name.as_str(), i.kind, i.operation.as_str()))
            .collect();
        assert_eq!(
            imports,
            [
                ("reindex", OperationKind::Action, "example.library.reindex"),
                ("search", OperationKind::Function, "example.library.search")
            ]
        );
        let book = c.find_type("example.library.book").expect("book");
        assert_eq!(book.description.as_deref(), Some("Type text."));
        assert_eq!(book.long_description.as_deref(), Some("Long text."));
        let created = &book.properties[2];
        assert!(created.read_only, "Core.Immutable");
        assert_eq!(created.description.as_deref(), Some("Property text."));
        let state = c.enums().next().expect("loanState");
        assert_eq!(
            state.members[0].description.as_deref(),
            Some("Member text.")
        );
        assert_eq!(state.members[1].description, None);
        let lend = c.operations().next().expect("lend");
        assert_eq!(lend.binding_name.as_deref(), Some("book"));
    }

    #[test]
    fn v2_v3_and_json_documents_are_refused_with_a_location() {
        let v2 = "<?xml version=\"1.0\"?>\n<edmx:Edmx Version=\"1.0\" xmlns:edmx=\"x\">\n<edmx:DataServices/></edmx:Edmx>";
        let e = parse_csdl("v2.xml", v2).expect_err("v2");
        assert!(
            e.to_string()
                .starts_with("v2.xml:2:12: OData v2/v3 metadata (edmx Version 1.0)"),
            "{e}"
        );
        let v3 = "<edmx:Edmx xmlns:edmx=\"x\" xmlns:m=\"y\">\n  <edmx:DataServices m:DataServiceVersion=\"3.0\"/></edmx:Edmx>";
        let e = parse_csdl("v3.xml", v3).expect_err("v3");
        assert!(
            e.to_string()
                .starts_with("v3.xml:2:22: OData v2/v3 metadata (DataServiceVersion 3.0)"),
            "{e}"
        );
        let e = parse_csdl("j.json", "\n  {\"$Version\": \"4.01\"}").expect_err("json");
        assert!(
            e.to_string()
                .starts_with("j.json:2:3: a CSDL JSON document"),
            "{e}"
        );
    }

    #[test]
    fn serializes() {
        let c = tiny();
        let json = serde_json::to_string(&c).expect("serialize");
        let back: Csdl = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, c);
    }

    #[test]
    fn malformed_xml_is_located() {
        let xml = "<edmx:Edmx xmlns:edmx=\"x\">\n  <edmx:DataServices>\n    <Schema Namespace=\"a\"></Schemo>\n";
        let e = parse_csdl("bad.xml", xml).expect_err("malformed");
        let msg = e.to_string();
        assert!(msg.starts_with("bad.xml:3:"), "{msg}");
        assert!(matches!(e, Error::Xml { line: 3, .. }), "{msg}");
    }

    #[test]
    fn truncated_xml_is_located_at_the_end() {
        let xml = "<edmx:Edmx xmlns:edmx=\"x\">\n  <edmx:DataServices>\n";
        let e = parse_csdl("cut.xml", xml).expect_err("truncated");
        assert!(e.to_string().starts_with("cut.xml:3:1: "), "{e}");
    }

    #[test]
    fn invalid_csdl_is_located() {
        let cases = [
            (
                "<edmx:Edmx xmlns:edmx=\"x\"><edmx:DataServices>\n<Schema/>",
                "cut.xml:2:1: <Schema> has no `Namespace` attribute",
            ),
            (
                "<Schema Namespace=\"a\"/>",
                "cut.xml:1:1: root element is <Schema>, expected <edmx:Edmx>",
            ),
            (
                "<Edmx><DataServices><Schema Namespace=\"a\">\n<ComplexType Name=\"t\">\n  <Property Name=\"p\" Type=\"Collection(Edm.String\"/>",
                "cut.xml:3:22: type `Collection(Edm.String` has no closing parenthesis",
            ),
            (
                "<Edmx><DataServices><Schema Namespace=\"a\">\n<EnumType Name=\"e\"><Member Name=\"m\" Value=\"x\"/>",
                "cut.xml:2:37: `Value` of member `m` is `x`, not an integer",
            ),
            (
                "<Edmx><DataServices><Schema Namespace=\"a\">\n<EntityType Name=\"e\" Abstract=\"yes\"/>",
                "cut.xml:2:22: `Abstract` is `yes`, expected `true` or `false`",
            ),
        ];
        for (xml, want) in cases {
            // Close what the case leaves open so that only the CSDL problem remains.
            let closed = close_all(xml);
            let e = parse_csdl("cut.xml", &closed).expect_err(want);
            assert_eq!(e.to_string(), want);
        }
    }

    /// Closes the elements a test snippet leaves open.
    fn close_all(xml: &str) -> String {
        let mut out = xml.to_owned();
        let mut open: Vec<String> = Vec::new();
        let mut rest = xml;
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            let end = rest.find('>').unwrap_or(rest.len());
            let tag = &rest[..end];
            if let Some(name) = tag.strip_prefix('/') {
                if open.last().map(String::as_str) == Some(name) {
                    open.pop();
                }
            } else if !tag.ends_with('/') && !tag.starts_with('?') {
                open.push(tag.split_whitespace().next().unwrap_or("").to_owned());
            }
        }
        while let Some(t) = open.pop() {
            out.push_str(&format!("</{t}>"));
        }
        out
    }
}
