//! The one CSDL matcher: which model item each metadata item is, and what each side has that
//! the other lacks. [`compare`](super::compare()) counts its result and
//! [`drift`](super::drift()) lists it (and so do `lint --metadata` and
//! [`overlay`](super::overlay()), through `drift`), so the figures and the findings cannot
//! disagree.
//!
//! The rules, all on names compared ignoring case:
//!
//! - **Types.** A CSDL entity or complex type matches the model type with the same qualified
//!   name (the first the model lists). A type the model has only under another namespace (same
//!   simple name) does not match; those model types are kept with the miss. Model types that no
//!   CSDL type matched are the docs' own.
//! - **Properties.** Each property a matched CSDL type *declares* (structural and navigation;
//!   not inherited ones) is looked for on the model type, on its model base types
//!   ([`Api::bases`]: docs often list a derived type's properties on the base's page, or the
//!   inherited ones again on the derived page, and the model drops the repeats), and — only when
//!   the model type has no base at all — on the model counterparts of the CSDL base chain (the
//!   docs page did not name its base, so the model could not link it). A property spelled
//!   exactly as the CSDL spells it wins over one spelled in another case, wherever each is in
//!   that chain (the docs sometimes list both); otherwise the first in another case is taken.
//! - **Docs-only properties.** A property the model type itself declares that neither the CSDL
//!   type nor any of its CSDL bases declares. OData control information documented as a
//!   property (`@odata.type`) is not a property.
//! - **Property types.** A found property has an *equal type* when the collection flags agree
//!   and the element types are the same primitive (`Edm.X` against
//!   [`Primitive::edm_name`](crate::edm::Primitive::edm_name)) or the same
//!   qualified type or enum name. One equivalence is allowed: Graph's CSDL spells arbitrary JSON
//!   as the open complex type `microsoft.graph.Json`, which the model reads as the primitive
//!   `Json` (`Edm.Untyped`). An unresolved model type is never equal.
//! - **Enums.** A CSDL enum type matches the model enum with the same qualified name; a miss
//!   keeps the model enums and types of the same simple name. Each CSDL member matches the first
//!   model member of the same name; model members no CSDL member matches are the docs' own. The
//!   member lists are *identical* when they hold the same names, spelled the same, in the same
//!   order.

use super::csdl::{self, Csdl, EnumType, StructuredType, TypeName};
use crate::edm::Primitive;
use crate::model::{Api, EnumDef, EnumMember, Property, QName, TypeDef, TypeRef, TypeUse};
use std::collections::{HashMap, HashSet};

/// Graph's CSDL name for arbitrary JSON (an open complex type without properties).
pub const JSON_TYPE: &str = "microsoft.graph.Json";

/// How every metadata item pairs with the model's, and what only the model has.
#[derive(Clone, Debug)]
pub struct Matching<'a> {
    /// Every CSDL entity and complex type, in document order.
    pub types: Vec<TypeMatch<'a>>,
    /// Model types no CSDL type matched, in model order.
    pub docs_only_types: Vec<&'a TypeDef>,
    /// Every CSDL enum type, in document order.
    pub enums: Vec<EnumMatch<'a>>,
    /// Model enums no CSDL enum matched, in model order.
    pub docs_only_enums: Vec<&'a EnumDef>,
}

/// One CSDL entity or complex type and its model counterpart.
#[derive(Clone, Debug)]
pub struct TypeMatch<'a> {
    /// The CSDL type.
    pub csdl: &'a StructuredType,
    /// The model type of the same qualified name.
    pub model: Option<&'a TypeDef>,
    /// Without one: model types of the same simple name in another namespace, in model order.
    pub elsewhere: Vec<&'a TypeDef>,
    /// Each property the CSDL type declares, in CSDL order (none without a model type).
    pub properties: Vec<PropertyMatch<'a>>,
    /// Properties the model type declares that the CSDL type and its bases lack, in model
    /// order.
    pub docs_only_properties: Vec<&'a Property>,
}

/// One property a CSDL type declares and where the model has it.
#[derive(Clone, Debug)]
pub struct PropertyMatch<'a> {
    /// The CSDL property.
    pub csdl: &'a csdl::Property,
    /// The model's property, if the model has it.
    pub model: Option<FoundProperty<'a>>,
}

/// The model property a CSDL property matched.
#[derive(Clone, Copy, Debug)]
pub struct FoundProperty<'a> {
    /// The model type declaring it: the counterpart of the CSDL type, or one of its search
    /// chain.
    pub on: &'a TypeDef,
    /// The property.
    pub property: &'a Property,
    /// `on` is not the CSDL type's own counterpart.
    pub via_base: bool,
    /// How the two types compare.
    pub types: TypeAgreement,
}

/// How a model property's type compares with the CSDL's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeAgreement {
    /// The same type.
    Equal,
    /// Equal only as `microsoft.graph.Json` = `Edm.Untyped`.
    JsonAsUntyped,
    /// Another type (or an unresolved one).
    Differs,
}

impl TypeAgreement {
    /// Equal, counting the JSON equivalence.
    pub fn is_equal(self) -> bool {
        self != TypeAgreement::Differs
    }
}

/// One CSDL enum type and its model counterpart.
#[derive(Clone, Debug)]
pub struct EnumMatch<'a> {
    /// The CSDL enum.
    pub csdl: &'a EnumType,
    /// The model enum of the same qualified name.
    pub model: Option<&'a EnumDef>,
    /// Without one: model enums of the same simple name in another namespace, in model order.
    pub elsewhere: Vec<&'a EnumDef>,
    /// Without one: model types (not enums) of the same simple name, in model order.
    pub as_type: Vec<&'a TypeDef>,
    /// Each CSDL member and the model member it matched, in CSDL order (none without a model
    /// enum).
    pub members: Vec<(&'a csdl::EnumMember, Option<&'a EnumMember>)>,
    /// Model members no CSDL member matched, in model order.
    pub docs_only_members: Vec<&'a EnumMember>,
    /// The model lists exactly the CSDL member names, spelled the same, in the same order.
    pub identical: bool,
}

/// Model lookups by lower-cased qualified and simple name.
struct Index<'a, T> {
    by_key: HashMap<String, &'a T>,
    by_simple: HashMap<String, Vec<&'a T>>,
}

impl<'a, T> Index<'a, T> {
    fn new(items: &'a [T], name: impl Fn(&T) -> &QName) -> Self {
        let mut by_key = HashMap::new();
        let mut by_simple: HashMap<String, Vec<&T>> = HashMap::new();
        for item in items {
            let q = name(item);
            by_key.entry(q.key()).or_insert(item);
            by_simple
                .entry(q.name.to_lowercase())
                .or_default()
                .push(item);
        }
        Index { by_key, by_simple }
    }

    fn get(&self, qualified: &str) -> Option<&'a T> {
        self.by_key.get(&qualified.to_lowercase()).copied()
    }

    fn simple(&self, simple: &str) -> Vec<&'a T> {
        self.by_simple
            .get(&simple.to_lowercase())
            .cloned()
            .unwrap_or_default()
    }
}

/// Pairs every item of `csdl` with the model's; see the module documentation for the rules.
pub fn matching<'a>(csdl: &'a Csdl, api: &'a Api) -> Matching<'a> {
    let types = Index::new(&api.types, |t: &TypeDef| &t.name);
    let enums = Index::new(&api.enums, |e: &EnumDef| &e.name);
    let type_matches: Vec<TypeMatch> = csdl
        .types()
        .map(|ct| match_type(csdl, api, &types, ct))
        .collect();
    let enum_matches: Vec<EnumMatch> = csdl
        .enums()
        .map(|ce| match_enum(&enums, &types, ce))
        .collect();
    // By key: a model type whose name differs from a matched one's only in case is not the
    // docs' own either.
    let matched_types: HashSet<String> = type_matches
        .iter()
        .filter_map(|m| m.model.map(|t| t.name.key()))
        .collect();
    let matched_enums: HashSet<String> = enum_matches
        .iter()
        .filter_map(|m| m.model.map(|e| e.name.key()))
        .collect();
    Matching {
        docs_only_types: api
            .types
            .iter()
            .filter(|t| !matched_types.contains(&t.name.key()))
            .collect(),
        docs_only_enums: api
            .enums
            .iter()
            .filter(|e| !matched_enums.contains(&e.name.key()))
            .collect(),
        types: type_matches,
        enums: enum_matches,
    }
}

/// The model types whose declared properties count for `ct`, `model` first.
fn search_chain<'a>(
    csdl: &Csdl,
    api: &'a Api,
    types: &Index<'a, TypeDef>,
    ct: &StructuredType,
    model: &'a TypeDef,
) -> Vec<&'a TypeDef> {
    let mut chain = vec![model];
    chain.extend(api.bases(model));
    if model.base.is_none() {
        for b in csdl.bases(ct) {
            let Some(mb) = types.get(&b.qualified_name()) else {
                continue;
            };
            for t in std::iter::once(mb).chain(api.bases(mb)) {
                if !chain.iter().any(|c| std::ptr::eq(*c, t)) {
                    chain.push(t);
                }
            }
        }
    }
    chain
}

fn match_type<'a>(
    csdl: &'a Csdl,
    api: &'a Api,
    types: &Index<'a, TypeDef>,
    ct: &'a StructuredType,
) -> TypeMatch<'a> {
    let Some(model) = types.get(&ct.qualified_name()) else {
        return TypeMatch {
            csdl: ct,
            model: None,
            elsewhere: types.simple(&ct.name),
            properties: Vec::new(),
            docs_only_properties: Vec::new(),
        };
    };
    let chain = search_chain(csdl, api, types, ct, model);
    let find = |same: &dyn Fn(&Property) -> bool| {
        chain
            .iter()
            .find_map(|t| t.properties.iter().find(|p| same(p)).map(|p| (*t, p)))
    };
    let properties = ct
        .properties
        .iter()
        .map(|cp| {
            let hit = find(&|p| p.name == cp.name)
                .or_else(|| find(&|p| p.name.eq_ignore_ascii_case(&cp.name)));
            PropertyMatch {
                csdl: cp,
                model: hit.map(|(on, property)| FoundProperty {
                    on,
                    property,
                    via_base: !std::ptr::eq(on, model),
                    types: agreement(&cp.ty, &property.ty),
                }),
            }
        })
        .collect();
    let csdl_chain: Vec<&StructuredType> = std::iter::once(ct).chain(csdl.bases(ct)).collect();
    let docs_only_properties = model
        .properties
        .iter()
        .filter(|mp| {
            !mp.name.starts_with('@')
                && !csdl_chain.iter().any(|t| {
                    t.properties
                        .iter()
                        .any(|p| p.name.eq_ignore_ascii_case(&mp.name))
                })
        })
        .collect();
    TypeMatch {
        csdl: ct,
        model: Some(model),
        elsewhere: Vec::new(),
        properties,
        docs_only_properties,
    }
}

fn match_enum<'a>(
    enums: &Index<'a, EnumDef>,
    types: &Index<'a, TypeDef>,
    ce: &'a EnumType,
) -> EnumMatch<'a> {
    let Some(model) = enums.get(&ce.qualified_name()) else {
        return EnumMatch {
            csdl: ce,
            model: None,
            elsewhere: enums.simple(&ce.name),
            as_type: types.simple(&ce.name),
            members: Vec::new(),
            docs_only_members: Vec::new(),
            identical: false,
        };
    };
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    EnumMatch {
        csdl: ce,
        model: Some(model),
        elsewhere: Vec::new(),
        as_type: Vec::new(),
        members: ce
            .members
            .iter()
            .map(|cm| (cm, model.members.iter().find(|m| same(&m.name, &cm.name))))
            .collect(),
        docs_only_members: model
            .members
            .iter()
            .filter(|m| !ce.members.iter().any(|cm| same(&cm.name, &m.name)))
            .collect(),
        identical: model.members.len() == ce.members.len()
            && model
                .members
                .iter()
                .zip(&ce.members)
                .all(|(m, x)| m.name == x.name),
    }
}

/// How the model type compares with the CSDL type (see the module documentation).
fn agreement(csdl: &TypeName, model: &TypeUse) -> TypeAgreement {
    if csdl.collection != model.collection {
        return TypeAgreement::Differs;
    }
    let equal = match &model.ty {
        TypeRef::Primitive(Primitive::Json) if csdl.name.eq_ignore_ascii_case(JSON_TYPE) => {
            return TypeAgreement::JsonAsUntyped;
        }
        TypeRef::Primitive(p) => p.edm_name().eq_ignore_ascii_case(&csdl.name),
        TypeRef::Type(q) | TypeRef::Enum(q) => q.key() == csdl.name.to_lowercase(),
        TypeRef::Unresolved(_) => false,
    };
    if equal {
        TypeAgreement::Equal
    } else {
        TypeAgreement::Differs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::csdl::parse_csdl;
    use crate::parse::{NoIncludes, read_page};

    const PAGE: &str = "---\ntitle: \"thing resource type\"\n---\n\n# thing resource type\n\n\
        Namespace: microsoft.graph\n\n## Properties\n\n\
        | Property | Type | Description |\n|:---|:---|:---|\n\
        | SubUnit | String | Another spelling. |\n\
        | subUnit | String | The metadata's spelling. |\n\
        | data | Json | Anything. |\n\
        | extra | String | Only in the docs. |\n\
        | @odata.type | String | Control information. |\n";

    const CSDL: &str = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="thing">
        <Property Name="subUnit" Type="Edm.String" />
        <Property Name="data" Type="graph.Json" />
        <Property Name="count" Type="Edm.Int32" />
      </EntityType>
      <ComplexType Name="absent" />
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

    #[test]
    fn one_pairing_of_every_item() {
        let page = read_page("resources/thing.md", PAGE, &NoIncludes);
        let api = crate::model::build(&[page]);
        let csdl = parse_csdl("t.xml", CSDL).expect("valid CSDL");
        let m = matching(&csdl, &api);
        assert_eq!(m.types.len(), 2);
        let thing = &m.types[0];
        assert!(thing.model.is_some());
        let found: Vec<(&str, Option<&str>, Option<TypeAgreement>)> = thing
            .properties
            .iter()
            .map(|p| {
                (
                    p.csdl.name.as_str(),
                    p.model.map(|f| f.property.name.as_str()),
                    p.model.map(|f| f.types),
                )
            })
            .collect();
        // The exact spelling wins over the one listed first in another case.
        assert_eq!(
            found,
            [
                ("subUnit", Some("subUnit"), Some(TypeAgreement::Equal)),
                ("data", Some("data"), Some(TypeAgreement::JsonAsUntyped)),
                ("count", None, None),
            ]
        );
        let docs_only: Vec<&str> = thing
            .docs_only_properties
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(docs_only, ["extra"]);
        assert!(m.types[1].model.is_none() && m.types[1].elsewhere.is_empty());
        assert!(m.docs_only_types.is_empty() && m.enums.is_empty());
    }
}
