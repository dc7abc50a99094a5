//! Counts how much of a CSDL document the model built from the docs covers: figures and misses
//! of the one [`matching`](mod@super::matching) of metadata items to model items, whose module
//! documentation gives the rules. [`drift`](super::drift()) lists the same matching item by item,
//! so every miss counted here is one of its findings.
//!
//! - **Types** are *found* when matched. Types the model has only under another namespace are
//!   counted separately ([`Comparison::types_by_simple_name_only`]) and the model's names are
//!   listed with the miss.
//! - **Properties.** Only the properties a found type *declares* in the CSDL are counted; one is
//!   *present* when matched (on the model type or its search chain:
//!   [`Comparison::properties_via_base`] counts those found on another type of the chain).
//! - **Property types.** Present properties with an equal type; those equal only as
//!   `microsoft.graph.Json` = `Edm.Untyped` are also counted in
//!   [`Comparison::json_as_untyped`].
//! - **Enums** are *found* when matched; *complete* when every CSDL member is matched;
//!   *identical* when the model lists exactly the CSDL member names, spelled the same, in the
//!   same order.

use super::csdl::{Csdl, TypeKind};
use super::matching::{EnumMatch, JSON_TYPE, Matching, TypeAgreement, TypeMatch, matching};
use crate::model::{Api, QName};
use serde::Serialize;
use std::fmt;

/// How many misses of each kind [`Comparison`]'s `Display` prints.
pub const REPORT_LIMIT: usize = 50;

/// How many member names one line of the short report lists.
const MEMBER_LIMIT: usize = 12;

/// A count out of a total, with its percentage.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Figure {
    /// How many met the rule.
    pub count: usize,
    /// How many were checked.
    pub total: usize,
    /// `count / total` in percent; 100 when nothing was checked.
    pub percent: f64,
}

impl Figure {
    /// A figure from its count and total.
    pub fn new(count: usize, total: usize) -> Self {
        let percent = if total == 0 {
            100.0
        } else {
            count as f64 * 100.0 / total as f64
        };
        Figure {
            count,
            total,
            percent,
        }
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:>5} / {:<5} ({:6.2} %)",
            self.count, self.total, self.percent
        )
    }
}

/// A CSDL entity or complex type the model does not have under its qualified name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct MissingType {
    /// The CSDL qualified name.
    pub name: String,
    /// Entity or complex.
    pub kind: TypeKind,
    /// Model types with the same simple name in another namespace.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub elsewhere: Vec<String>,
}

/// A property a found CSDL type declares that the model lacks.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct MissingProperty {
    /// The CSDL type declaring it (qualified).
    pub owner: String,
    /// The property's wire name.
    pub name: String,
    /// Its CSDL type, as CSDL writes it.
    #[serde(rename = "type")]
    pub ty: String,
    /// A navigation property.
    pub navigation: bool,
}

/// A present property whose model type differs from the CSDL's.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TypeMismatch {
    /// The CSDL type declaring it (qualified).
    pub owner: String,
    /// The property's wire name.
    pub name: String,
    /// The CSDL type, e.g. `Collection(Edm.String)`.
    pub csdl: String,
    /// The model type in the same notation; unresolved ones as `?text`.
    pub model: String,
    /// The model type the property was found on, when that is not the owner's counterpart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found_on: Option<String>,
}

/// A CSDL enum type the model does not have under its qualified name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct MissingEnum {
    /// The CSDL qualified name.
    pub name: String,
    /// How many members the CSDL lists.
    pub members: usize,
    /// Model enums with the same simple name in another namespace.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub elsewhere: Vec<String>,
    /// Model types (not enums) with the same simple name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub as_type: Vec<String>,
}

/// A found enum whose model member list differs from the CSDL's.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EnumDifference {
    /// The CSDL qualified name.
    pub name: String,
    /// CSDL members the model lacks, in CSDL order.
    pub missing: Vec<String>,
    /// Model members the CSDL lacks, in model order.
    pub extra: Vec<String>,
    /// Same names (ignoring case) but another order or spelling.
    pub reordered: bool,
}

/// The result of [`compare`]: figures, then every miss, each list sorted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// The CSDL document's name.
    pub source: String,
    /// CSDL entity and complex types found in the model by qualified name.
    pub types: Figure,
    /// Entity types among `types`.
    pub entity_types: Figure,
    /// Complex types among `types`.
    pub complex_types: Figure,
    /// CSDL types not found, but present in the model under another namespace.
    pub types_by_simple_name_only: usize,
    /// Declared properties of found types that are present in the model.
    pub properties: Figure,
    /// Navigation properties among `properties`.
    pub navigation_properties: Figure,
    /// Present properties found on a base type rather than on the type itself.
    pub properties_via_base: usize,
    /// Present properties whose model name differs in case from the CSDL's.
    pub properties_case_differs: usize,
    /// Present properties whose type equals the CSDL's.
    pub property_types: Figure,
    /// Equal ones among `property_types` only by the `microsoft.graph.Json` = `Edm.Untyped`
    /// equivalence.
    pub json_as_untyped: usize,
    /// CSDL enum types found in the model by qualified name.
    pub enums: Figure,
    /// CSDL enum types not found, but present in the model under another namespace.
    pub enums_by_simple_name_only: usize,
    /// CSDL enum types found with every CSDL member (out of all CSDL enum types).
    pub enums_complete: Figure,
    /// CSDL enum types found with an identical member list (out of all CSDL enum types).
    pub enums_identical: Figure,
    /// CSDL enum members present in found enums (out of the members of found enums).
    pub enum_members: Figure,
    /// Types not found.
    pub missing_types: Vec<MissingType>,
    /// Declared properties of found types not present.
    pub missing_properties: Vec<MissingProperty>,
    /// Present properties with another type.
    pub type_mismatches: Vec<TypeMismatch>,
    /// Enums not found.
    pub missing_enums: Vec<MissingEnum>,
    /// Found enums whose members differ.
    pub enum_differences: Vec<EnumDifference>,
}

/// Counts the CSDL against the model; see [`matching`](mod@super::matching) for the rules.
pub fn compare(csdl: &Csdl, api: &Api) -> Comparison {
    counts(&matching(csdl, api), &csdl.source)
}

/// The figures and misses of one [`Matching`] of the CSDL document named `source`.
pub fn counts(m: &Matching, source: &str) -> Comparison {
    let mut c = Counts::default();
    for t in &m.types {
        count_type(t, &mut c);
    }
    for e in &m.enums {
        count_enum(e, &mut c);
    }
    c.missing_types.sort();
    c.missing_properties.sort();
    c.type_mismatches.sort();
    c.missing_enums.sort();
    c.enum_differences.sort();
    Comparison {
        source: source.to_owned(),
        types: Figure::new(c.entities.0 + c.complexes.0, c.entities.1 + c.complexes.1),
        entity_types: Figure::new(c.entities.0, c.entities.1),
        complex_types: Figure::new(c.complexes.0, c.complexes.1),
        types_by_simple_name_only: c
            .missing_types
            .iter()
            .filter(|m| !m.elsewhere.is_empty())
            .count(),
        properties: Figure::new(c.properties.0, c.properties.1),
        navigation_properties: Figure::new(c.navigation.0, c.navigation.1),
        properties_via_base: c.via_base,
        properties_case_differs: c.case_differs,
        property_types: Figure::new(c.equal_types, c.properties.0),
        json_as_untyped: c.json_as_untyped,
        enums: Figure::new(c.enums_found, c.enums_total),
        enums_by_simple_name_only: c
            .missing_enums
            .iter()
            .filter(|m| !m.elsewhere.is_empty())
            .count(),
        enums_complete: Figure::new(c.enums_complete, c.enums_total),
        enums_identical: Figure::new(c.enums_identical, c.enums_total),
        enum_members: Figure::new(c.members.0, c.members.1),
        missing_types: c.missing_types,
        missing_properties: c.missing_properties,
        type_mismatches: c.type_mismatches,
        missing_enums: c.missing_enums,
        enum_differences: c.enum_differences,
    }
}

/// Running counts; `(met, checked)` pairs.
#[derive(Default)]
struct Counts {
    entities: (usize, usize),
    complexes: (usize, usize),
    properties: (usize, usize),
    navigation: (usize, usize),
    via_base: usize,
    case_differs: usize,
    equal_types: usize,
    json_as_untyped: usize,
    enums_total: usize,
    enums_found: usize,
    enums_complete: usize,
    enums_identical: usize,
    members: (usize, usize),
    missing_types: Vec<MissingType>,
    missing_properties: Vec<MissingProperty>,
    type_mismatches: Vec<TypeMismatch>,
    missing_enums: Vec<MissingEnum>,
    enum_differences: Vec<EnumDifference>,
}

fn bump(pair: &mut (usize, usize), met: bool) {
    pair.1 += 1;
    if met {
        pair.0 += 1;
    }
}

/// Qualified names, sorted.
fn sorted_names<'a>(names: impl Iterator<Item = &'a QName>) -> Vec<String> {
    let mut out: Vec<String> = names.map(QName::to_string).collect();
    out.sort();
    out
}

fn count_type(t: &TypeMatch, c: &mut Counts) {
    let ct = t.csdl;
    let qualified = ct.qualified_name();
    bump(
        match ct.kind {
            TypeKind::Entity => &mut c.entities,
            TypeKind::Complex => &mut c.complexes,
        },
        t.model.is_some(),
    );
    if t.model.is_none() {
        c.missing_types.push(MissingType {
            name: qualified,
            kind: ct.kind,
            elsewhere: sorted_names(t.elsewhere.iter().map(|t| &t.name)),
        });
        return;
    }
    for p in &t.properties {
        let cp = p.csdl;
        bump(&mut c.properties, p.model.is_some());
        if cp.navigation {
            bump(&mut c.navigation, p.model.is_some());
        }
        let Some(found) = &p.model else {
            c.missing_properties.push(MissingProperty {
                owner: qualified.clone(),
                name: cp.name.clone(),
                ty: cp.ty.to_string(),
                navigation: cp.navigation,
            });
            continue;
        };
        if found.via_base {
            c.via_base += 1;
        }
        if found.property.name != cp.name {
            c.case_differs += 1;
        }
        match found.types {
            TypeAgreement::Equal => c.equal_types += 1,
            TypeAgreement::JsonAsUntyped => {
                c.equal_types += 1;
                c.json_as_untyped += 1;
            }
            TypeAgreement::Differs => c.type_mismatches.push(TypeMismatch {
                owner: qualified.clone(),
                name: cp.name.clone(),
                csdl: cp.ty.to_string(),
                model: found.property.ty.to_string(),
                found_on: found.via_base.then(|| found.on.name.to_string()),
            }),
        }
    }
}

fn count_enum(e: &EnumMatch, c: &mut Counts) {
    let ce = e.csdl;
    let qualified = ce.qualified_name();
    c.enums_total += 1;
    if e.model.is_none() {
        c.missing_enums.push(MissingEnum {
            name: qualified,
            members: ce.members.len(),
            elsewhere: sorted_names(e.elsewhere.iter().map(|e| &e.name)),
            as_type: sorted_names(e.as_type.iter().map(|t| &t.name)),
        });
        return;
    }
    c.enums_found += 1;
    let missing: Vec<String> = e
        .members
        .iter()
        .filter(|(_, m)| m.is_none())
        .map(|(cm, _)| cm.name.clone())
        .collect();
    let extra: Vec<String> = e.docs_only_members.iter().map(|m| m.name.clone()).collect();
    c.members.0 += ce.members.len() - missing.len();
    c.members.1 += ce.members.len();
    if missing.is_empty() {
        c.enums_complete += 1;
    }
    if e.identical {
        c.enums_identical += 1;
    } else {
        c.enum_differences.push(EnumDifference {
            name: qualified,
            reordered: missing.is_empty() && extra.is_empty(),
            missing,
            extra,
        });
    }
}

/// A printable report of a [`Comparison`]: figures, then up to `limit` misses of each kind.
pub struct Report<'a> {
    comparison: &'a Comparison,
    limit: Option<usize>,
}

impl Comparison {
    /// The report with at most `limit` misses of each kind; `None` lists all of them.
    pub fn report(&self, limit: Option<usize>) -> Report<'_> {
        Report {
            comparison: self,
            limit,
        }
    }

    /// Prints the report with every miss to standard output.
    pub fn print_all(&self) {
        println!("{}", self.report(None));
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.report(Some(REPORT_LIMIT)).fmt(f)
    }
}

/// Writes a heading and up to `limit` lines, then how many were left out.
fn section<T>(
    f: &mut fmt::Formatter<'_>,
    title: &str,
    items: &[T],
    limit: Option<usize>,
    line: impl Fn(&mut fmt::Formatter<'_>, &T) -> fmt::Result,
) -> fmt::Result {
    if items.is_empty() {
        return Ok(());
    }
    writeln!(f, "{title} ({}):", items.len())?;
    let shown = limit.unwrap_or(items.len()).min(items.len());
    for item in &items[..shown] {
        f.write_str("  ")?;
        line(f, item)?;
        writeln!(f)?;
    }
    if shown < items.len() {
        writeln!(f, "  … and {} more", items.len() - shown)?;
    }
    Ok(())
}

/// Up to `limit` names, comma-separated, then how many were left out.
fn names(list: &[String], limit: Option<usize>) -> String {
    let shown = limit.unwrap_or(list.len()).min(list.len());
    let mut out = list[..shown].join(", ");
    if shown < list.len() {
        out.push_str(&format!(" (+{} more)", list.len() - shown));
    }
    out
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.comparison;
        writeln!(f, "CSDL comparison against {}", c.source)?;
        writeln!(
            f,
            "  entity/complex types found  {}  [+{} only under another namespace]",
            c.types, c.types_by_simple_name_only
        )?;
        writeln!(f, "    entity types              {}", c.entity_types)?;
        writeln!(f, "    complex types             {}", c.complex_types)?;
        writeln!(
            f,
            "  declared properties present {}  [{} via a base type, {} differ in case]",
            c.properties, c.properties_via_base, c.properties_case_differs
        )?;
        writeln!(
            f,
            "    navigation properties     {}",
            c.navigation_properties
        )?;
        writeln!(
            f,
            "  present with equal type     {}  [{} as {JSON_TYPE} = Edm.Untyped]",
            c.property_types, c.json_as_untyped
        )?;
        writeln!(
            f,
            "  enum types found            {}  [+{} only under another namespace]",
            c.enums, c.enums_by_simple_name_only
        )?;
        writeln!(f, "  enums with all members      {}", c.enums_complete)?;
        writeln!(f, "  enums with identical lists  {}", c.enums_identical)?;
        writeln!(f, "  members of found enums      {}", c.enum_members)?;
        let limit = self.limit;
        section(f, "missing types", &c.missing_types, limit, |f, m| {
            write!(f, "{} ({})", m.name, m.kind)?;
            if !m.elsewhere.is_empty() {
                write!(f, "; model has {}", m.elsewhere.join(", "))?;
            }
            Ok(())
        })?;
        section(
            f,
            "missing properties",
            &c.missing_properties,
            limit,
            |f, m| {
                write!(f, "{}.{}: {}", m.owner, m.name, m.ty)?;
                if m.navigation {
                    f.write_str(" (navigation)")?;
                }
                Ok(())
            },
        )?;
        section(f, "type mismatches", &c.type_mismatches, limit, |f, m| {
            write!(
                f,
                "{}.{}: CSDL {}, model {}",
                m.owner, m.name, m.csdl, m.model
            )?;
            if let Some(on) = &m.found_on {
                write!(f, " (on {on})")?;
            }
            Ok(())
        })?;
        section(f, "missing enums", &c.missing_enums, limit, |f, m| {
            write!(f, "{} ({} members)", m.name, m.members)?;
            if !m.elsewhere.is_empty() {
                write!(f, "; model has enum {}", m.elsewhere.join(", "))?;
            }
            if !m.as_type.is_empty() {
                write!(f, "; model has type {}", m.as_type.join(", "))?;
            }
            Ok(())
        })?;
        let names = |list: &[String]| names(list, limit.map(|_| MEMBER_LIMIT));
        section(
            f,
            "enums with other members",
            &c.enum_differences,
            limit,
            |f, m| {
                let mut parts = Vec::new();
                if !m.missing.is_empty() {
                    parts.push(format!("missing {}", names(&m.missing)));
                }
                if !m.extra.is_empty() {
                    parts.push(format!("docs also list {}", names(&m.extra)));
                }
                if m.reordered {
                    parts.push("other order or spelling".to_owned());
                }
                write!(f, "{}: {}", m.name, parts.join("; "))
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edm::Primitive;
    use crate::metadata::csdl::parse_csdl;
    use crate::model::{EnumDef, EnumMember, Property, TypeDef, TypeRef, TypeUse};
    use crate::span::Location;

    const CSDL: &str = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="color">
        <Member Name="red" Value="0" />
        <Member Name="green" Value="1" />
      </EnumType>
      <EnumType Name="size">
        <Member Name="small" Value="0" />
        <Member Name="large" Value="1" />
      </EnumType>
      <EnumType Name="gone">
        <Member Name="x" Value="0" />
      </EnumType>
      <EntityType Name="entity" Abstract="true">
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="thing" BaseType="graph.entity">
        <Property Name="tags" Type="Collection(Edm.String)" />
        <Property Name="shade" Type="graph.color" />
        <Property Name="count" Type="Edm.Int32" />
        <Property Name="displayName" Type="Edm.String" />
        <Property Name="data" Type="graph.Json" />
        <NavigationProperty Name="parts" Type="Collection(graph.part)" />
      </EntityType>
      <EntityType Name="part" BaseType="graph.entity">
        <Property Name="weight" Type="Edm.Double" />
      </EntityType>
      <ComplexType Name="nowhere" />
      <ComplexType Name="moved" />
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

    fn prop(name: &str, ty: TypeRef, collection: bool) -> Property {
        Property {
            name: name.into(),
            ty: TypeUse { ty, collection },
            required: None,
            read_only: false,
            nullable: None,
            relationship: false,
            inherited_from: None,
            possible_values: Vec::new(),
            description: None,
            links: Vec::new(),
            source: Location::default(),
        }
    }

    fn ty(ns: &str, name: &str, base: Option<QName>, properties: Vec<Property>) -> TypeDef {
        TypeDef {
            name: QName::new(ns, name),
            base,
            description: None,
            properties,
            polymorphic: None,
            key_property: None,
            is_abstract: false,
            open_type: false,
            sources: Vec::new(),
        }
    }

    fn en(name: &str, members: &[&str]) -> EnumDef {
        EnumDef {
            name: QName::new("microsoft.graph", name),
            evolvable: false,
            flags: false,
            members: members
                .iter()
                .map(|m| EnumMember {
                    name: (*m).into(),
                    value: None,
                    description: None,
                })
                .collect(),
            description: None,
            sources: Vec::new(),
        }
    }

    fn g(name: &str) -> QName {
        QName::new("microsoft.graph", name)
    }

    fn api() -> Api {
        let mut types = vec![
            ty(
                "microsoft.graph",
                "entity",
                None,
                vec![prop("id", TypeRef::Primitive(Primitive::String), false)],
            ),
            // The docs give no base.
            ty(
                "microsoft.graph",
                "part",
                None,
                vec![prop("weight", TypeRef::Primitive(Primitive::Single), false)],
            ),
            ty(
                "microsoft.graph",
                "Thing",
                Some(g("entity")),
                vec![
                    prop("tags", TypeRef::Primitive(Primitive::String), true),
                    prop("shade", TypeRef::Enum(g("color")), false),
                    prop("count", TypeRef::Unresolved("number".into()), false),
                    prop("DisplayName", TypeRef::Primitive(Primitive::String), false),
                    prop("data", TypeRef::Primitive(Primitive::Json), false),
                ],
            ),
            ty("microsoft.graph.other", "moved", None, Vec::new()),
        ];
        types.sort_by(|a, b| a.name.cmp(&b.name));
        Api {
            types,
            enums: vec![
                en("color", &["green", "red"]),
                en("size", &["small", "large", "huge"]),
            ],
            ..Default::default()
        }
    }

    fn comparison() -> Comparison {
        let csdl = parse_csdl("t.xml", CSDL).expect("valid CSDL");
        compare(&csdl, &api())
    }

    #[test]
    fn type_figures() {
        let c = comparison();
        assert_eq!(c.types, Figure::new(3, 5));
        assert_eq!(c.entity_types.count, 3);
        assert_eq!(c.types_by_simple_name_only, 1);
        let names: Vec<&str> = c.missing_types.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["microsoft.graph.moved", "microsoft.graph.nowhere"]);
        assert_eq!(
            c.missing_types[0].elsewhere,
            ["microsoft.graph.other.moved"]
        );
    }

    #[test]
    fn property_figures() {
        let c = comparison();
        // entity.id, thing.{tags, shade, count, displayName, data, parts}, part.weight.
        assert_eq!(c.properties, Figure::new(7, 8));
        assert_eq!(c.navigation_properties, Figure::new(0, 1));
        assert_eq!(c.properties_case_differs, 1);
        assert_eq!(c.missing_properties.len(), 1);
        assert_eq!(c.missing_properties[0].name, "parts");
        assert_eq!(
            c.missing_properties[0].ty,
            "Collection(microsoft.graph.part)"
        );
        // count (unresolved) and weight (Single vs Double) differ; data is Json both ways.
        assert_eq!(c.property_types, Figure::new(5, 7));
        assert_eq!(c.json_as_untyped, 1);
        let mism: Vec<(&str, &str)> = c
            .type_mismatches
            .iter()
            .map(|m| (m.csdl.as_str(), m.model.as_str()))
            .collect();
        assert_eq!(
            mism,
            [("Edm.Double", "Edm.Single"), ("Edm.Int32", "?number")]
        );
    }

    #[test]
    fn properties_through_bases() {
        let csdl = parse_csdl("t.xml", CSDL).expect("valid CSDL");
        let mut api = api();
        // Docs list `id` on the derived page only: the base's own property is missed (derived
        // types do not count for their bases).
        for t in &mut api.types {
            if t.name.name == "entity" {
                t.properties.clear();
            }
            if t.name.name == "Thing" {
                t.properties
                    .push(prop("id", TypeRef::Primitive(Primitive::String), false));
            }
        }
        let c = compare(&csdl, &api);
        assert!(
            c.missing_properties
                .iter()
                .any(|m| m.owner == "microsoft.graph.entity" && m.name == "id")
        );
        // Properties declared on the base in the docs but on the derived type in the CSDL:
        // `tags` through the model's base link, `weight` through the CSDL's (the docs give
        // `part` no base).
        let mut api = self::api();
        for t in &mut api.types {
            if t.name.name == "Thing" {
                t.properties.retain(|p| p.name != "tags");
            }
            if t.name.name == "part" {
                t.properties.clear();
            }
            if t.name.name == "entity" {
                t.properties
                    .push(prop("tags", TypeRef::Primitive(Primitive::String), true));
                t.properties
                    .push(prop("weight", TypeRef::Primitive(Primitive::Double), false));
            }
        }
        let c = compare(&csdl, &api);
        assert_eq!(c.properties.count, 7);
        assert_eq!(c.properties_via_base, 2);
        assert_eq!(c.property_types.count, 6);
        assert!(c.type_mismatches.iter().all(|m| m.name == "count"));
    }

    #[test]
    fn enum_figures() {
        let c = comparison();
        assert_eq!(c.enums, Figure::new(2, 3));
        assert_eq!(c.enums_complete, Figure::new(2, 3));
        assert_eq!(c.enums_identical, Figure::new(0, 3));
        assert_eq!(c.missing_enums[0].name, "microsoft.graph.gone");
        let diffs: Vec<(&str, bool, &[String])> = c
            .enum_differences
            .iter()
            .map(|d| (d.name.as_str(), d.reordered, d.extra.as_slice()))
            .collect();
        assert_eq!(
            diffs,
            [
                ("microsoft.graph.color", true, &[][..]),
                ("microsoft.graph.size", false, &["huge".to_owned()][..])
            ]
        );
    }

    #[test]
    fn long_member_lists_are_cut_in_the_short_report() {
        let list: Vec<String> = ["a", "b", "c"].iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(names(&list, Some(2)), "a, b (+1 more)");
        assert_eq!(names(&list, None), "a, b, c");
    }

    #[test]
    fn report_lists_misses() {
        let c = comparison();
        let text = c.to_string();
        assert!(
            text.contains("entity/complex types found      3 / 5     ( 60.00 %)"),
            "{text}"
        );
        assert!(
            text.contains("microsoft.graph.moved (complex); model has microsoft.graph.other.moved"),
            "{text}"
        );
        assert!(
            text.contains("microsoft.graph.thing.count: CSDL Edm.Int32, model ?number"),
            "{text}"
        );
        assert!(
            text.contains("microsoft.graph.color: other order or spelling"),
            "{text}"
        );
        assert!(
            text.contains("microsoft.graph.size: docs also list huge\n"),
            "{text}"
        );
        let short = c.report(Some(0)).to_string();
        assert!(short.contains("… and 2 more"), "{short}");
        assert!(serde_json::to_string(&c).is_ok());
    }
}
