//! The model as OData CSDL XML (version 4.01, one `Schema` per namespace).
//!
//! What is written:
//!
//! - **Entity and complex types** with their base types and declared properties. A type is an
//!   entity type when its inheritance tree names a key ([`entity_types`]); the `Key` is written
//!   on the first type of a chain whose page names `keyProperty`. `Abstract` and `OpenType`
//!   come from the resource pages' annotations. Relationships whose type is an entity type
//!   are `NavigationProperty`s; everything else is a `Property`.
//! - **Enum types** with their members; values where the docs give them (CSDL wants all or
//!   none for a non-flags enum: when only some are given, the others follow the previous
//!   value, as CSDL numbers members without one).
//! - **Bound actions and functions** where the route says so: a last segment written as a
//!   call (`getX(period='{period}')`) is a function; a last segment that the page title names
//!   after a type (`user: delta`), or a `POST` whose body is a parameter object, is a function
//!   (`GET`) or an action (`POST`). The binding type is the one the title names (else the one
//!   the page file name starts with); it is a collection when the segment before is the
//!   plural of its name or a collection-valued property of that type.
//! - Descriptions as `Core.Description` annotations.
//!
//! Names that are not CSDL identifiers (`@odata.type`, `String-value`, example GUIDs the docs
//! show as property names) are left out, each with an XML comment saying so. A type the docs
//! name but do not define is written as `Edm.Untyped`, with a comment naming it.

use super::{entity_types, is_simple_identifier, last_segment, param_name};
use crate::kinds::Method;
use crate::model::{
    Api, EnumDef, Operation, Property, QName, RequestBody, TypeDef, TypeRef, TypeUse,
};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io;

type Xml = Writer<Vec<u8>>;

const EDMX_NS: &str = "http://docs.oasis-open.org/odata/ns/edmx";
const EDM_NS: &str = "http://docs.oasis-open.org/odata/ns/edm";
const CORE_URI: &str =
    "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml";
const DESCRIPTION: &str = "Org.OData.Core.V1.Description";

/// Writes the CSDL document of the model.
pub fn to_csdl(api: &Api) -> io::Result<String> {
    let entities = entity_types(api);
    let ops = bound_operations(api, &entities);
    let mut namespaces: BTreeSet<&str> = BTreeSet::new();
    namespaces.extend(api.types.iter().map(|t| t.name.namespace.as_str()));
    namespaces.extend(api.enums.iter().map(|e| e.name.namespace.as_str()));
    namespaces.extend(ops.keys().map(|k| k.namespace.as_str()));
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    w.create_element("edmx:Edmx")
        .with_attribute(("Version", "4.01"))
        .with_attribute(("xmlns:edmx", EDMX_NS))
        .write_inner_content(|w| {
            w.create_element("edmx:Reference")
                .with_attribute(("Uri", CORE_URI))
                .write_inner_content(|w| {
                    w.create_element("edmx:Include")
                        .with_attribute(("Namespace", "Org.OData.Core.V1"))
                        .with_attribute(("Alias", "Core"))
                        .write_empty()?;
                    Ok(())
                })?;
            w.create_element("edmx:DataServices")
                .write_inner_content(|w| {
                    for ns in &namespaces {
                        write_schema(w, api, &entities, &ops, ns)?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

fn write_schema(
    w: &mut Xml,
    api: &Api,
    entities: &HashMap<String, bool>,
    ops: &BTreeMap<OpKey, Bound>,
    ns: &str,
) -> io::Result<()> {
    w.create_element("Schema")
        .with_attribute(("Namespace", ns))
        .with_attribute(("xmlns", EDM_NS))
        .write_inner_content(|w| {
            for e in api.enums.iter().filter(|e| e.name.namespace == ns) {
                write_enum(w, e)?;
            }
            for t in api.types.iter().filter(|t| t.name.namespace == ns) {
                write_type(w, api, entities, t)?;
            }
            for (k, op) in ops.iter().filter(|(k, _)| k.namespace == ns) {
                write_operation(w, k, op)?;
            }
            Ok(())
        })?;
    Ok(())
}

/// Writes an XML comment; `--` cannot occur in one.
fn comment(w: &mut Xml, text: &str) -> io::Result<()> {
    let mut t = xml_text(text).replace("--", "- -");
    if t.ends_with('-') {
        t.push(' ');
    }
    w.write_event(Event::Comment(BytesText::from_escaped(format!(" {t} "))))
}

/// `text` without the characters XML 1.0 cannot hold, whitespace runs collapsed (attribute
/// values are normalised that way when read anyway).
fn xml_text(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|&c| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}'))
        .collect()
}

fn description(w: &mut Xml, text: Option<&str>) -> io::Result<()> {
    let Some(text) = text.map(xml_text).filter(|t| !t.is_empty()) else {
        return Ok(());
    };
    w.create_element("Annotation")
        .with_attribute(("Term", DESCRIPTION))
        .with_attribute(("String", text.as_str()))
        .write_empty()?;
    Ok(())
}

fn write_enum(w: &mut Xml, e: &EnumDef) -> io::Result<()> {
    if !is_simple_identifier(&e.name.name) {
        return comment(
            w,
            &format!("enum `{}` left out: not a CSDL identifier", e.name),
        );
    }
    let values = member_values(e);
    let big = values.iter().flatten().any(|v| i32::try_from(*v).is_err());
    let mut el = w
        .create_element("EnumType")
        .with_attribute(("Name", e.name.name.as_str()));
    if big {
        el = el.with_attribute(("UnderlyingType", "Edm.Int64"));
    }
    if e.flags {
        el = el.with_attribute(("IsFlags", "true"));
    }
    el.write_inner_content(|w| {
        description(w, e.description.as_deref())?;
        for (m, value) in e.members.iter().zip(&values) {
            if !is_simple_identifier(&m.name) {
                comment(
                    w,
                    &format!("member `{}` left out: not a CSDL identifier", m.name),
                )?;
                continue;
            }
            let v = value.map(|v| v.to_string());
            let mut el = w
                .create_element("Member")
                .with_attribute(("Name", m.name.as_str()));
            if let Some(v) = &v {
                el = el.with_attribute(("Value", v.as_str()));
            }
            match m.description.as_deref() {
                Some(d) if !xml_text(d).is_empty() => {
                    el.write_inner_content(|w| description(w, Some(d)))?;
                }
                _ => {
                    el.write_empty()?;
                }
            }
        }
        Ok(())
    })?;
    Ok(())
}

/// The `Value` of each member: none when the docs give none (and the enum is not flags),
/// otherwise one for every member.
fn member_values(e: &EnumDef) -> Vec<Option<i64>> {
    if !e.flags && e.members.iter().all(|m| m.value.is_none()) {
        return vec![None; e.members.len()];
    }
    let mut out = Vec::with_capacity(e.members.len());
    if e.flags {
        // Members without a value take the next unused bit.
        let mut used: i64 = e
            .members
            .iter()
            .filter_map(|m| m.value)
            .fold(0, |acc, v| acc | v);
        for m in &e.members {
            out.push(Some(m.value.unwrap_or_else(|| {
                let bit = (0..62)
                    .map(|b| 1i64 << b)
                    .find(|b| used & b == 0)
                    .unwrap_or(0);
                used |= bit;
                bit
            })));
        }
    } else {
        let mut next: i64 = 0;
        for m in &e.members {
            let v = m.value.unwrap_or(next);
            next = v.saturating_add(1);
            out.push(Some(v));
        }
    }
    out
}

/// The CSDL spelling of a model type, and the undefined name when it had to be `Edm.Untyped`.
fn type_name(t: &TypeUse) -> (String, Option<&str>) {
    let unresolved = match &t.ty {
        TypeRef::Unresolved(s) => Some(s.as_str()),
        _ => None,
    };
    (t.written(|_| "Edm.Untyped".to_owned()), unresolved)
}

/// Whether a type (key) writes the `Key`: it names one and no base of it does.
fn writes_key<'a>(api: &'a Api, t: &'a TypeDef) -> Option<&'a str> {
    let own = t.key_property.as_deref()?;
    api.bases(t)
        .iter()
        .all(|b| b.key_property.is_none())
        .then_some(own)
}

fn write_type(
    w: &mut Xml,
    api: &Api,
    entities: &HashMap<String, bool>,
    t: &TypeDef,
) -> io::Result<()> {
    if !is_simple_identifier(&t.name.name) {
        return comment(
            w,
            &format!("type `{}` left out: not a CSDL identifier", t.name),
        );
    }
    let entity = entities.get(&t.name.key()).copied().unwrap_or(false);
    let key = if entity { writes_key(api, t) } else { None };
    let base = t.base.as_ref().map(ToString::to_string);
    let mut el = w
        .create_element(if entity { "EntityType" } else { "ComplexType" })
        .with_attribute(("Name", t.name.name.as_str()));
    if let Some(b) = &base {
        el = el.with_attribute(("BaseType", b.as_str()));
    }
    if t.is_abstract {
        el = el.with_attribute(("Abstract", "true"));
    }
    if t.open_type {
        el = el.with_attribute(("OpenType", "true"));
    }
    el.write_inner_content(|w| {
        // A composite key is written comma-separated.
        let keys: Vec<&str> = key.map(|k| k.split(',').collect()).unwrap_or_default();
        if !keys.is_empty() {
            w.create_element("Key").write_inner_content(|w| {
                for k in &keys {
                    w.create_element("PropertyRef")
                        .with_attribute(("Name", *k))
                        .write_empty()?;
                }
                Ok(())
            })?;
            for k in &keys {
                if !api.all_properties(t).iter().any(|p| p.name == *k) {
                    comment(w, &format!("the docs list no key property `{k}`"))?;
                }
            }
        }
        description(w, t.description.as_deref())?;
        for p in &t.properties {
            write_property(w, entities, p, keys.contains(&p.name.as_str()))?;
        }
        Ok(())
    })?;
    Ok(())
}

fn write_property(
    w: &mut Xml,
    entities: &HashMap<String, bool>,
    p: &Property,
    is_key: bool,
) -> io::Result<()> {
    if !is_simple_identifier(&p.name) {
        return comment(
            w,
            &format!("property `{}` left out: not a CSDL identifier", p.name),
        );
    }
    let (ty, unresolved) = type_name(&p.ty);
    if let Some(u) = unresolved {
        comment(
            w,
            &format!(
                "the docs type `{}` as `{u}`, which they do not define",
                p.name
            ),
        )?;
    }
    let navigation = p.relationship
        && matches!(&p.ty.ty, TypeRef::Type(q) if entities.get(&q.key()).copied().unwrap_or(false));
    let mut el = w
        .create_element(if navigation {
            "NavigationProperty"
        } else {
            "Property"
        })
        .with_attribute(("Name", p.name.as_str()))
        .with_attribute(("Type", ty.as_str()));
    if is_key || (p.nullable == Some(false) && !p.ty.collection) {
        el = el.with_attribute(("Nullable", "false"));
    }
    match p.description.as_deref() {
        Some(d) if !xml_text(d).is_empty() => {
            el.write_inner_content(|w| description(w, Some(d)))?;
        }
        _ => {
            el.write_empty()?;
        }
    }
    Ok(())
}

/// Action or function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Action,
    Function,
}

/// What makes two routes the same bound operation.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct OpKey {
    namespace: String,
    name: String,
    kind: Kind,
    binding: String,
    collection: bool,
}

/// A bound operation, from the first route that declares it.
struct Bound {
    /// Name and CSDL type of each parameter after the binding one.
    params: Vec<(String, String)>,
    returns: Option<String>,
    /// Where the first route is.
    source: String,
}

/// Every bound action and function the routes declare, deduplicated.
fn bound_operations(api: &Api, entities: &HashMap<String, bool>) -> BTreeMap<OpKey, Bound> {
    let lookup = Lookup::new(api);
    let mut out = BTreeMap::new();
    for op in &api.operations {
        if let Some((k, b)) = bound_operation(&lookup, entities, op) {
            out.entry(k).or_insert(b);
        }
    }
    out
}

/// What telling operations apart needs of the model, indexed once.
struct Lookup<'a> {
    /// Lower-cased simple name → types.
    by_simple: HashMap<String, Vec<&'a TypeDef>>,
    /// Lower-cased segments that name a collection: plurals of type names, collection-valued
    /// properties.
    collections: HashSet<String>,
    /// Lower-cased property name → (its type's name, collection), for type-valued properties.
    typed_props: HashMap<String, Vec<(&'a QName, bool)>>,
}

impl<'a> Lookup<'a> {
    fn new(api: &'a Api) -> Self {
        let mut l = Lookup {
            by_simple: HashMap::new(),
            collections: HashSet::new(),
            typed_props: HashMap::new(),
        };
        for t in &api.types {
            l.by_simple
                .entry(t.name.name.to_ascii_lowercase())
                .or_default()
                .push(t);
            l.collections.extend(plurals(&t.name.name));
            for p in &t.properties {
                let name = p.name.to_ascii_lowercase();
                if p.ty.collection {
                    l.collections.insert(name.clone());
                }
                if let TypeRef::Type(q) = &p.ty.ty {
                    l.typed_props
                        .entry(name)
                        .or_default()
                        .push((q, p.ty.collection));
                }
            }
        }
        l
    }

    /// The type whose simple name is `name` (case-insensitive; a qualified name's namespace,
    /// else `ns`, is preferred).
    fn type_named(&self, name: &str, ns: &str) -> Option<&'a TypeDef> {
        let q = QName::parse(name, ns);
        let hits = self.by_simple.get(&q.name.to_ascii_lowercase())?;
        hits.iter()
            .find(|t| t.name.namespace.eq_ignore_ascii_case(&q.namespace))
            .or_else(|| hits.first())
            .copied()
    }

    /// Whether a path segment names a collection: the plural of a type's name (an entity
    /// set) or a collection-valued property of some type.
    fn names_collection(&self, segment: &str) -> bool {
        self.collections.contains(&segment.to_ascii_lowercase())
    }

    /// Whether the segment before the operation is a collection of the binding type: the
    /// plural of its name, or a collection-valued property of that type.
    fn binds_collection(&self, op: &Operation, binding: &TypeDef) -> bool {
        let mut segs: Vec<&str> = op.path.split('/').collect();
        segs.pop();
        let Some(prev) = segs.last().copied() else {
            return false;
        };
        if prev.is_empty() || prev.ends_with('}') || prev.ends_with(')') || prev.contains(':') {
            return false;
        }
        let prev = prev.to_ascii_lowercase();
        if plurals(&binding.name.name).contains(&prev) {
            return true;
        }
        self.typed_props
            .get(&prev)
            .and_then(|ps| ps.iter().find(|(q, _)| **q == binding.name))
            .is_some_and(|(_, collection)| *collection)
    }
}

fn bound_operation(
    lookup: &Lookup<'_>,
    entities: &HashMap<String, bool>,
    op: &Operation,
) -> Option<(OpKey, Bound)> {
    let seg = last_segment(op);
    let (name, args) = match seg.find('(') {
        Some(open) if seg.ends_with(')') => (&seg[..open], Some(&seg[open + 1..seg.len() - 1])),
        _ => (seg.as_str(), None),
    };
    // `microsoft.graph.delta()` → `delta`.
    let name = name.rsplit('.').next().unwrap_or(name);
    if !is_simple_identifier(name) {
        return None;
    }
    let title_binding = op.title.as_deref().and_then(|t| {
        let (ty, what) = t.rsplit_once(':')?;
        what.trim().eq_ignore_ascii_case(name).then(|| ty.trim())
    });
    // A title may name the binding as a collection (`Collection(ns.user): delta`, as routes
    // made from metadata do): that settles the cardinality.
    let (title_binding, title_collection) = match title_binding {
        Some(b) => match b
            .strip_prefix("Collection(")
            .and_then(|r| r.strip_suffix(')'))
        {
            Some(inner) => (Some(inner), true),
            None => (Some(b), false),
        },
        None => (None, false),
    };
    let kind = match (op.method, args.is_some(), title_binding.is_some()) {
        (Method::Get, true, _) | (Method::Get, false, true) => Kind::Function,
        (Method::Post, true, _) | (Method::Post, false, true) => Kind::Action,
        // A parameter object posted to a collection creates an item: not an action.
        (Method::Post, false, false)
            if matches!(op.request, Some(RequestBody::Parameters { .. }))
                && !lookup.names_collection(name) =>
        {
            Kind::Action
        }
        _ => return None,
    };
    let binding = title_binding
        .and_then(|b| lookup.type_named(b, &op.namespace))
        .or_else(|| {
            // `api/user-delta.md`: the file name starts with the type.
            let stem = op.page.rsplit('/').next()?.trim_end_matches(".md");
            let mut words: Vec<&str> = stem.split('-').collect();
            words.pop();
            words
                .into_iter()
                .find_map(|w| lookup.type_named(w, &op.namespace))
        })?;
    if !entities.get(&binding.name.key()).copied().unwrap_or(false) {
        // Only entity types bind operations in the docs' routes.
        return None;
    }
    let collection = title_collection || lookup.binds_collection(op, binding);
    let params = match (kind, args) {
        (Kind::Function, Some(args)) => function_params(op, args),
        (Kind::Action, _) => match &op.request {
            Some(RequestBody::Parameters { params, .. }) => params
                .iter()
                .filter(|p| is_simple_identifier(&p.name))
                .map(|p| (p.name.clone(), type_name(&p.ty).0))
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let returns = op
        .response
        .as_ref()
        .and_then(|r| r.body.as_ref())
        .map(|b| type_name(b).0);
    Some((
        OpKey {
            namespace: op.namespace.clone(),
            name: name.to_owned(),
            kind,
            binding: binding.name.to_string(),
            collection,
        },
        Bound {
            params,
            returns,
            source: op.source.to_string(),
        },
    ))
}

/// The English plurals a type name may take in a path (`users`, `policies`, `boxes`).
fn plurals(name: &str) -> Vec<String> {
    let s = name.to_ascii_lowercase();
    let mut v = vec![format!("{s}s"), format!("{s}es")];
    if let Some(stem) = s.strip_suffix('y') {
        v.push(format!("{stem}ies"));
    }
    v
}

/// The parameters of a function call segment: `a='{x}',b={y},c='literal'`.
fn function_params(op: &Operation, args: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for part in split_args(args) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (name, value) = match part.split_once('=') {
            Some((n, v)) => (n.trim().to_owned(), v.trim()),
            None => (String::new(), part),
        };
        let placeholder = value
            .trim_matches('\'')
            .strip_prefix('{')
            .and_then(|v| v.strip_suffix('}'));
        let name = if name.is_empty() {
            match placeholder {
                Some(p) => param_name(p),
                None => continue,
            }
        } else {
            name
        };
        if !is_simple_identifier(&name) || out.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let ty = match placeholder {
            Some(p) => op.params.iter().find(|x| x.name == p).map_or_else(
                || "Edm.String".to_owned(),
                |x| {
                    type_name(&TypeUse {
                        ty: x.ty.clone(),
                        collection: false,
                    })
                    .0
                },
            ),
            None if value.starts_with('\'') => "Edm.String".to_owned(),
            None if value == "true" || value == "false" => "Edm.Boolean".to_owned(),
            None if value.parse::<i32>().is_ok() => "Edm.Int32".to_owned(),
            None => "Edm.String".to_owned(),
        };
        out.push((name, ty));
    }
    out
}

/// Splits call arguments at commas outside quotes.
fn split_args(args: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in args.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            ',' if !quoted => {
                out.push(&args[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&args[start..]);
    out
}

fn write_operation(w: &mut Xml, k: &OpKey, op: &Bound) -> io::Result<()> {
    let binding = if k.collection {
        format!("Collection({})", k.binding)
    } else {
        k.binding.clone()
    };
    comment(w, &format!("from {}", op.source))?;
    w.create_element(match k.kind {
        Kind::Action => "Action",
        Kind::Function => "Function",
    })
    .with_attribute(("Name", k.name.as_str()))
    .with_attribute(("IsBound", "true"))
    .write_inner_content(|w| {
        w.create_element("Parameter")
            .with_attribute(("Name", "bindingParameter"))
            .with_attribute(("Type", binding.as_str()))
            .write_empty()?;
        for (name, ty) in &op.params {
            w.create_element("Parameter")
                .with_attribute(("Name", name.as_str()))
                .with_attribute(("Type", ty.as_str()))
                .write_empty()?;
        }
        let returns = match (&op.returns, k.kind) {
            (Some(r), _) => Some(r.as_str()),
            // A function returns something; the docs did not say what.
            (None, Kind::Function) => Some("Edm.Untyped"),
            (None, Kind::Action) => None,
        };
        if let Some(r) = returns {
            w.create_element("ReturnType")
                .with_attribute(("Type", r))
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::csdl::{OperationKind, TypeKind, parse_csdl};

    fn xml() -> String {
        to_csdl(&crate::export::fixtures::api()).expect("writes")
    }

    #[test]
    fn reads_back_with_keys_and_kinds() {
        let xml = xml();
        let c = parse_csdl("fixture.xml", &xml).expect("reads back");
        let widget = c.find_type("microsoft.graph.widget").expect("widget");
        assert_eq!(widget.kind, TypeKind::Entity);
        assert_eq!(widget.key, ["id"]);
        assert!(widget.open);
        let names: Vec<&str> = widget.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["id", "name", "size", "gadget", "parts"]);
        assert!(!widget.properties[0].nullable, "a key is not nullable");
        assert_eq!(widget.properties[2].ty.name, "microsoft.graph.widgetSize");
        assert_eq!(widget.properties[3].ty.name, "Edm.Untyped");
        let parts = &widget.properties[4];
        assert!(parts.navigation && parts.ty.collection);
        let size = c.enums().next().expect("widgetSize");
        let members: Vec<(&str, i64)> = size
            .members
            .iter()
            .map(|m| (m.name.as_str(), m.value))
            .collect();
        assert_eq!(
            members,
            [("small", 0), ("large", 1), ("unknownFutureValue", 2)]
        );
    }

    #[test]
    fn names_csdl_cannot_hold_are_left_out_and_said() {
        let xml = xml();
        assert!(
            xml.contains("<!-- property `String-value` left out: not a CSDL identifier -->"),
            "{xml}"
        );
        assert!(
            xml.contains("<!-- the docs type `gadget` as `gadget`, which they do not define -->")
        );
        // Escaped text, and no character XML 1.0 cannot hold.
        assert!(
            xml.contains("A widget &amp; its `&lt;parts&gt;`, &quot;quoted&quot;."),
            "{xml}"
        );
        assert!(xml.contains("A name with a controlcharacter here."));
        assert!(!xml.contains('\u{1}'));
    }

    #[test]
    fn routes_become_bound_operations() {
        let c = parse_csdl("fixture.xml", &xml()).expect("reads back");
        let ops: Vec<_> = c.operations().collect();
        let summary: Vec<(OperationKind, &str, String)> = ops
            .iter()
            .map(|o| {
                (
                    o.kind,
                    o.name.as_str(),
                    o.binding
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                )
            })
            .collect();
        // Five routes of `delta` give one function; the call segment gives the other.
        assert_eq!(
            summary,
            [
                (
                    OperationKind::Function,
                    "delta",
                    "Collection(microsoft.graph.widget)".to_owned()
                ),
                (
                    OperationKind::Function,
                    "getWidgetCounts",
                    "Collection(microsoft.graph.widget)".to_owned()
                ),
            ]
        );
        assert_eq!(
            ops[0].returns.as_ref().map(ToString::to_string).as_deref(),
            Some("Collection(microsoft.graph.widget)")
        );
        let params: Vec<(&str, &str)> = ops[1]
            .parameters
            .iter()
            .map(|p| (p.name.as_str(), p.ty.name.as_str()))
            .collect();
        assert_eq!(params, [("period", "Edm.String"), ("since", "Edm.String")]);
    }

    #[test]
    fn enum_values_follow_csdl_rules() {
        use crate::model::{EnumMember, QName};
        let member = |name: &str, value: Option<i64>| EnumMember {
            name: name.into(),
            value,
            description: None,
        };
        let mut e = EnumDef {
            name: QName::new("n", "e"),
            evolvable: false,
            flags: false,
            members: vec![member("a", None), member("b", Some(5)), member("c", None)],
            description: None,
            sources: Vec::new(),
        };
        assert_eq!(member_values(&e), [Some(0), Some(5), Some(6)]);
        e.members.iter_mut().for_each(|m| m.value = None);
        assert_eq!(member_values(&e), [None, None, None]);
        e.flags = true;
        e.members[1].value = Some(1);
        assert_eq!(member_values(&e), [Some(2), Some(1), Some(4)]);
    }

    #[test]
    fn call_arguments_split_outside_quotes() {
        assert_eq!(split_args("a='x,y',b=1"), ["a='x,y'", "b=1"]);
        assert_eq!(split_args(""), [""]);
    }
}
