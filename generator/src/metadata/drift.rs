//! Where the docs and published metadata disagree, item by item, in both directions.
//!
//! [`compare`](super::compare()) counts how much of the metadata the docs cover; [`drift`]
//! lists every disagreement as a finding that says what it is about, which side holds what,
//! and where in the docs to look: the definition when the docs have the item, or the page
//! that should have it (the type's or enum's page) when only the metadata has it.
//!
//! Both read one [`matching`](mod@super::matching) of metadata items to model items (whose
//! module documentation gives the rules), so the metadata-only items are exactly the misses
//! that the comparison counts. On top of those, drift lists what only the docs have: types,
//! enums, declared properties (not found on the metadata type or any of its bases) and members,
//! and names whose case differs.

use super::csdl::{Csdl, StructuredType};
use super::matching::{EnumMatch, Matching, TypeMatch, matching};
use crate::model::{Api, TypeDef};
use crate::span::Location;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// The rule id under which drift findings are reported.
pub const RULE: &str = "metadata-drift";

/// How many member names a message lists before "and N more".
const MEMBER_LIMIT: usize = 10;

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DriftKind {
    /// An entity or complex type.
    Type,
    /// A property of a type present on both sides.
    Property,
    /// A property present on both sides with another type.
    TypeMismatch,
    /// An enum type.
    Enum,
    /// A member of an enum present on both sides.
    Member,
}

impl fmt::Display for DriftKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad` so that widths in format strings apply.
        f.pad(match self {
            DriftKind::Type => "type",
            DriftKind::Property => "property",
            DriftKind::TypeMismatch => "type-mismatch",
            DriftKind::Enum => "enum",
            DriftKind::Member => "member",
        })
    }
}

/// Which side holds the item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// Only the docs.
    Docs,
    /// Only the metadata.
    Metadata,
    /// Both, differently (a type mismatch, a name spelled in another case).
    Both,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad` so that widths in format strings apply.
        f.pad(match self {
            Side::Docs => "docs only",
            Side::Metadata => "metadata only",
            Side::Both => "both, differing",
        })
    }
}

/// One disagreement between the docs and the metadata.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Drift {
    /// What it is about.
    pub kind: DriftKind,
    /// Which side holds it.
    pub side: Side,
    /// The qualified name of the type or enum, then `.property` or `.member` where it is about
    /// one (the metadata's spelling when the metadata has it).
    pub subject: String,
    /// What is wrong, saying which side holds what.
    pub message: String,
    /// Where in the docs: the definition, or for an item only the metadata has, the page that
    /// should have it, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The line of the item in the metadata document, when the metadata has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata_line: Option<u32>,
}

impl Drift {
    /// One line: `file:line:col: metadata-drift: message` when there is a docs location (the
    /// file joined to `docs_root`, which may be empty), else `(metadata) message`.
    pub fn line(&self, docs_root: &str) -> String {
        match &self.location {
            Some(l) => {
                let file = if docs_root.is_empty() {
                    l.file.clone()
                } else {
                    format!("{}/{}", docs_root.trim_end_matches('/'), l.file)
                };
                format!("{file}:{}: {RULE}: {}", l.at, self.message)
            }
            None => format!("(metadata) {}", self.message),
        }
    }
}

/// Counts by kind and side.
pub fn counts(items: &[Drift]) -> BTreeMap<(DriftKind, Side), usize> {
    let mut out = BTreeMap::new();
    for d in items {
        *out.entry((d.kind, d.side)).or_default() += 1;
    }
    out
}

/// Every disagreement between `csdl` and the model, sorted: findings with a docs location by
/// location, then the others by their line in the metadata.
pub fn drift(csdl: &Csdl, api: &Api) -> Vec<Drift> {
    findings(csdl, &matching(csdl, api))
}

/// The findings of one [`Matching`] of `csdl`, sorted as [`drift`] sorts them.
pub fn findings(csdl: &Csdl, m: &Matching) -> Vec<Drift> {
    let mut out = Vec::new();
    // Lower-cased property name → CSDL types declaring it, for hints on docs-only properties.
    let mut declared_by: HashMap<String, Vec<&StructuredType>> = HashMap::new();
    for ct in csdl.types() {
        for p in &ct.properties {
            declared_by
                .entry(p.name.to_lowercase())
                .or_default()
                .push(ct);
        }
    }
    for t in &m.types {
        let ct = t.csdl;
        let qualified = ct.qualified_name();
        let Some(model) = t.model else {
            let hint = match t.elsewhere.first() {
                Some(t) => format!("; the docs have `{}`", t.name),
                None => String::new(),
            };
            out.push(Drift {
                kind: DriftKind::Type,
                side: Side::Metadata,
                subject: qualified.clone(),
                message: format!(
                    "{} type `{qualified}` is in the metadata but not in the docs{hint}",
                    ct.kind
                ),
                location: t.elsewhere.first().and_then(|t| t.sources.first().cloned()),
                metadata_line: Some(ct.line),
            });
            continue;
        };
        type_drift(csdl, &declared_by, t, model, &mut out);
    }
    for t in &m.docs_only_types {
        out.push(Drift {
            kind: DriftKind::Type,
            side: Side::Docs,
            subject: t.name.to_string(),
            message: format!("type `{}` is in the docs but not in the metadata", t.name),
            location: t.sources.first().cloned(),
            metadata_line: None,
        });
    }
    for e in &m.enums {
        enum_drift(e, &mut out);
    }
    for e in &m.docs_only_enums {
        out.push(Drift {
            kind: DriftKind::Enum,
            side: Side::Docs,
            subject: e.name.to_string(),
            message: format!(
                "enum `{}` ({} members) is in the docs but not in the metadata",
                e.name,
                e.members.len()
            ),
            location: e.sources.first().cloned(),
            metadata_line: None,
        });
    }
    out.sort_by(|a, b| {
        let key = |d: &Drift| {
            (
                d.location.is_none(),
                d.location.clone(),
                d.metadata_line,
                d.kind,
                d.side,
                d.subject.clone(),
                d.message.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    out.dedup();
    out
}

/// The findings of one CSDL enum type.
fn enum_drift(e: &EnumMatch, out: &mut Vec<Drift>) {
    let ce = e.csdl;
    let qualified = ce.qualified_name();
    let Some(model) = e.model else {
        let elsewhere: Vec<(String, Option<Location>)> = e
            .elsewhere
            .iter()
            .map(|e| (format!("enum `{}`", e.name), e.sources.first().cloned()))
            .chain(
                e.as_type
                    .iter()
                    .map(|t| (format!("type `{}`", t.name), t.sources.first().cloned())),
            )
            .collect();
        let hint = match elsewhere.first() {
            Some((what, _)) => format!("; the docs have {what}"),
            None => String::new(),
        };
        out.push(Drift {
            kind: DriftKind::Enum,
            side: Side::Metadata,
            subject: qualified.clone(),
            message: format!(
                "enum `{qualified}` ({} members) is in the metadata but not in the docs{hint}",
                ce.members.len()
            ),
            location: elsewhere.into_iter().find_map(|(_, l)| l),
            metadata_line: Some(ce.line),
        });
        return;
    };
    let at = model.sources.first().cloned();
    let csdl_names: Vec<&str> = ce.members.iter().map(|m| m.name.as_str()).collect();
    let docs_names: Vec<&str> = model.members.iter().map(|m| m.name.as_str()).collect();
    if docs_names.is_empty() != csdl_names.is_empty() {
        // One side lists nothing: one finding rather than one per member.
        let (side, message) = if docs_names.is_empty() {
            (
                Side::Metadata,
                format!(
                    "enum `{qualified}` lists no members in the docs; the metadata lists {}: {}",
                    csdl_names.len(),
                    list(&csdl_names)
                ),
            )
        } else {
            (
                Side::Docs,
                format!(
                    "enum `{qualified}` lists no members in the metadata; the docs list {}: {}",
                    docs_names.len(),
                    list(&docs_names)
                ),
            )
        };
        out.push(Drift {
            kind: DriftKind::Member,
            side,
            subject: qualified.clone(),
            message,
            location: at,
            metadata_line: Some(ce.line),
        });
        return;
    }
    for (cm, found) in &e.members {
        match found {
            None => out.push(Drift {
                kind: DriftKind::Member,
                side: Side::Metadata,
                subject: format!("{qualified}.{}", cm.name),
                message: format!(
                    "member `{}` of enum `{qualified}` is in the metadata but not in the docs",
                    cm.name
                ),
                location: at.clone(),
                metadata_line: Some(ce.line),
            }),
            Some(m) if m.name != cm.name => out.push(Drift {
                kind: DriftKind::Member,
                side: Side::Both,
                subject: format!("{qualified}.{}", cm.name),
                message: format!(
                    "member of enum `{qualified}` is spelled `{}` in the docs but `{}` in the metadata",
                    m.name, cm.name
                ),
                location: at.clone(),
                metadata_line: Some(ce.line),
            }),
            Some(_) => {}
        }
    }
    for m in &e.docs_only_members {
        out.push(Drift {
            kind: DriftKind::Member,
            side: Side::Docs,
            subject: format!("{qualified}.{}", m.name),
            message: format!(
                "member `{}` of enum `{qualified}` is in the docs but not in the metadata",
                m.name
            ),
            location: at.clone(),
            metadata_line: Some(ce.line),
        });
    }
}

/// The property findings of a type both sides have.
fn type_drift(
    csdl: &Csdl,
    declared_by: &HashMap<String, Vec<&StructuredType>>,
    t: &TypeMatch,
    model: &TypeDef,
    out: &mut Vec<Drift>,
) {
    let ct = t.csdl;
    let qualified = ct.qualified_name();
    for p in &t.properties {
        let cp = p.csdl;
        let subject = format!("{qualified}.{}", cp.name);
        let Some(found) = &p.model else {
            out.push(Drift {
                kind: DriftKind::Property,
                side: Side::Metadata,
                subject,
                message: format!(
                    "{}property `{}` ({}) of `{qualified}` is in the metadata but not in the docs",
                    if cp.navigation { "navigation " } else { "" },
                    cp.name,
                    cp.ty
                ),
                location: model.sources.first().cloned(),
                metadata_line: Some(cp.line),
            });
            continue;
        };
        let mp = found.property;
        if mp.name != cp.name {
            out.push(Drift {
                kind: DriftKind::Property,
                side: Side::Both,
                subject: subject.clone(),
                message: format!(
                    "property of `{qualified}` is spelled `{}` in the docs but `{}` in the metadata",
                    mp.name, cp.name
                ),
                location: Some(mp.source.clone()),
                metadata_line: Some(cp.line),
            });
        }
        if !found.types.is_equal() {
            out.push(Drift {
                kind: DriftKind::TypeMismatch,
                side: Side::Both,
                subject,
                message: format!(
                    "property `{}` of `{qualified}` is `{}` in the docs but `{}` in the metadata",
                    cp.name, mp.ty, cp.ty
                ),
                location: Some(mp.source.clone()),
                metadata_line: Some(cp.line),
            });
        }
    }
    // What the docs declare on this type that the metadata type and its bases lack.
    for mp in &t.docs_only_properties {
        let derived: Vec<String> = declared_by
            .get(&mp.name.to_lowercase())
            .map(|ts| {
                ts.iter()
                    .filter(|t| csdl.bases(t).iter().any(|b| std::ptr::eq(*b, ct)))
                    .map(|t| format!("`{}`", t.qualified_name()))
                    .collect()
            })
            .unwrap_or_default();
        let hint = if derived.is_empty() {
            String::new()
        } else {
            format!(
                "; the metadata declares it on derived type {}",
                derived.join(", ")
            )
        };
        out.push(Drift {
            kind: DriftKind::Property,
            side: Side::Docs,
            subject: format!("{qualified}.{}", mp.name),
            message: format!(
                "property `{}` of `{qualified}` is in the docs but not in the metadata{hint}",
                mp.name
            ),
            location: Some(mp.source.clone()),
            metadata_line: Some(ct.line),
        });
    }
}

/// Up to [`MEMBER_LIMIT`] names, then how many more.
fn list(names: &[&str]) -> String {
    let shown = names.len().min(MEMBER_LIMIT);
    let mut s = names[..shown].join(", ");
    if shown < names.len() {
        s.push_str(&format!(" and {} more", names.len() - shown));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::csdl::parse_csdl;

    const CSDL: &str = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="widgetSize">
        <Member Name="Small" />
        <Member Name="large" />
        <Member Name="huge" />
      </EnumType>
      <EnumType Name="shade">
        <Member Name="dark" />
      </EnumType>
      <EntityType Name="widget" OpenType="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
        <Property Name="name" Type="Edm.Int32" />
        <Property Name="colour" Type="Edm.String" />
        <Property Name="size" Type="graph.widgetSize" />
        <NavigationProperty Name="parts" Type="Collection(graph.widget)" />
      </EntityType>
      <ComplexType Name="gizmo" />
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

    fn items() -> Vec<Drift> {
        let csdl = parse_csdl("meta.xml", CSDL).expect("valid CSDL");
        drift(&csdl, &crate::export::fixtures::api())
    }

    #[test]
    fn every_disagreement_once_with_its_side() {
        let items = items();
        let got: Vec<(DriftKind, Side, &str)> = items
            .iter()
            .map(|d| (d.kind, d.side, d.subject.as_str()))
            .collect();
        use DriftKind as K;
        let want = [
            (K::Member, Side::Both, "microsoft.graph.widgetSize.Small"),
            (
                K::Member,
                Side::Docs,
                "microsoft.graph.widgetSize.unknownFutureValue",
            ),
            (K::Member, Side::Metadata, "microsoft.graph.widgetSize.huge"),
            (K::Property, Side::Metadata, "microsoft.graph.widget.colour"),
            (K::TypeMismatch, Side::Both, "microsoft.graph.widget.name"),
            (
                K::Property,
                Side::Docs,
                "microsoft.graph.widget.String-value",
            ),
            (K::Property, Side::Docs, "microsoft.graph.widget.gadget"),
            (K::Enum, Side::Metadata, "microsoft.graph.shade"),
            (K::Type, Side::Metadata, "microsoft.graph.gizmo"),
        ];
        for w in &want {
            assert!(got.contains(w), "missing {w:?} in {got:#?}");
        }
        assert_eq!(got.len(), want.len(), "{got:#?}");
        let c = counts(&items);
        assert_eq!(c[&(K::Member, Side::Docs)], 1);
    }

    #[test]
    fn findings_point_into_the_docs() {
        let items = items();
        let find = |subject: &str| {
            items
                .iter()
                .find(|d| d.subject == subject)
                .unwrap_or_else(|| panic!("{subject}"))
        };
        // The property the docs lack: the type's page, which should list it.
        let colour = find("microsoft.graph.widget.colour");
        assert_eq!(
            colour.location.as_ref().map(|l| l.file.as_str()),
            Some("resources/widget.md")
        );
        assert_eq!(colour.metadata_line, Some(16));
        let name = find("microsoft.graph.widget.name");
        assert_eq!(
            name.line("docs"),
            format!(
                "docs/resources/widget.md:{}: metadata-drift: property `name` of `microsoft.graph.widget` is `Edm.String` in the docs but `Edm.Int32` in the metadata",
                name.location
                    .as_ref()
                    .map(|l| l.at.to_string())
                    .unwrap_or_default()
            )
        );
        let gizmo = find("microsoft.graph.gizmo");
        assert_eq!(
            gizmo.line(""),
            "(metadata) complex type `microsoft.graph.gizmo` is in the metadata but not in the docs"
        );
        // Sorted: located findings first, by location.
        let located: Vec<bool> = items.iter().map(|d| d.location.is_some()).collect();
        let mut sorted = located.clone();
        sorted.sort_by_key(|l| !l);
        assert_eq!(located, sorted);
    }

    #[test]
    fn an_empty_member_list_is_one_finding() {
        let csdl = parse_csdl(
            "meta.xml",
            &CSDL.replace(
                "<Member Name=\"Small\" />\n        <Member Name=\"large\" />\n        <Member Name=\"huge\" />",
                "",
            ),
        )
        .expect("valid CSDL");
        let items = drift(&csdl, &crate::export::fixtures::api());
        let members: Vec<&Drift> = items
            .iter()
            .filter(|d| d.kind == DriftKind::Member)
            .collect();
        assert_eq!(members.len(), 1, "{members:#?}");
        assert_eq!(members[0].side, Side::Docs);
        assert!(
            members[0]
                .message
                .contains("lists no members in the metadata; the docs list 3: small, large, unknownFutureValue"),
            "{}",
            members[0].message
        );
    }

    #[test]
    fn serializes_as_data() {
        let items = items();
        let i = items
            .iter()
            .position(|d| d.kind == DriftKind::Member && d.side == Side::Both)
            .expect("a member spelled differently");
        let json = serde_json::to_value(&items).expect("serializes");
        assert_eq!(json[i]["kind"], "member");
        assert_eq!(json[i]["side"], "both");
        assert_eq!(json[i]["location"], "resources/widgetsize.md:12:1");
    }
}
