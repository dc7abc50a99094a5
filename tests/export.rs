//! `docgen export`: the OpenAPI and CSDL documents of `docs-input/` (snapshots), their
//! validity (an established OpenAPI validator, and docgen's own CSDL reader), the CSDL round
//! trip on the corpus, and the drift report against the published metadata.

use docgen::Config;
use docgen::edm::Primitive;
use docgen::export::{Document, Options, is_simple_identifier, to_csdl, to_openapi};
use docgen::metadata::csdl::{Csdl, TypeName};
use docgen::metadata::{Comparison, Side, compare, drift, parse_csdl, read_csdl};
use docgen::model::{Api, EnumDef, EnumMember, Property, QName, TypeDef, TypeRef, TypeUse};
use docgen::span::Location;
use docgen_tests::{corpus, docs_input};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn docs_input_api() -> Api {
    let (_, api) = Config::new()
        .docs_root(docs_input())
        .load()
        .expect("docs-input loads");
    api
}

/// The corpus folder and its model, loaded once for all the tests of this file (a debug build
/// takes a while to parse 3,341 pages).
fn corpus_model() -> Option<&'static (PathBuf, Api)> {
    static MODEL: OnceLock<Option<(PathBuf, Api)>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            let dir = corpus()?;
            let (_, api) = Config::new()
                .docs_root(dir.join("graph-docs-v1.0"))
                .load()
                .expect("corpus loads");
            Some((dir, api))
        })
        .as_ref()
}

/// The published v1.0 metadata, read once (the reader takes a while in a debug build).
fn published(corpus: &Path) -> &'static Csdl {
    static CSDL: OnceLock<Csdl> = OnceLock::new();
    CSDL.get_or_init(|| {
        read_csdl(&corpus.join("metadata").join("v1.0-2021-07.csdl.xml")).expect("published CSDL")
    })
}

fn tmp_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("export");
    std::fs::create_dir_all(&dir).expect("creates the temporary folder");
    dir
}

/// `python3 -m openapi_spec_validator`, or `None` after saying why the test skips. With
/// `DOCGEN_REQUIRE_CORPUS=1` (CI, which installs the validator) a missing validator fails.
fn validator() -> Option<Command> {
    let found = Command::new("python3")
        .args(["-c", "import openapi_spec_validator"])
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        let mut c = Command::new("python3");
        c.args([
            "-m",
            "openapi_spec_validator",
            "--schema",
            "3.1",
            "--validation-errors",
            "all",
        ]);
        return Some(c);
    }
    let msg = "the OpenAPI validator (python3 -m openapi_spec_validator) is not installed";
    if std::env::var("DOCGEN_REQUIRE_CORPUS").is_ok_and(|v| v == "1") {
        panic!("{msg}, and DOCGEN_REQUIRE_CORPUS=1 makes it mandatory");
    }
    eprintln!("skipping: {msg} (python3 -m pip install openapi-spec-validator)");
    None
}

fn validate(file: &Path) {
    let Some(mut cmd) = validator() else { return };
    let out = cmd.arg(file).output().expect("runs the validator");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{}: {}", file.display(), stdout.trim());
    assert!(
        out.status.success() && stdout.contains("OK"),
        "openapi-spec-validator rejects {}:\n{stdout}\n{stderr}",
        file.display()
    );
}

/// What the validator cannot miss either, checked without it: every `$ref` names a component,
/// every template parameter is declared, and every route is either an operation or listed as
/// also documented on one.
fn check_structure(doc: &Document, api: &Api) {
    let value = serde_json::to_value(doc).expect("serializes");
    let mut refs = BTreeSet::new();
    collect_refs(&value, &mut refs);
    for r in &refs {
        let key = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unexpected reference {r}"));
        assert!(doc.components.schemas.contains_key(key), "dangling {r}");
    }
    let mut routes = 0;
    for (path, item) in &doc.paths {
        let names: Vec<&str> = item.parameters.iter().map(|p| p.name.as_str()).collect();
        let in_template: Vec<&str> = path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(n, _)| n))
            .collect();
        assert_eq!(names, in_template, "{path}");
        let unique: BTreeSet<&str> = names.iter().copied().collect();
        assert_eq!(unique.len(), names.len(), "repeated parameter in {path}");
        for (_, op) in item.methods() {
            routes += 1 + op.also_documented.len();
        }
    }
    assert_eq!(routes, api.operations.len(), "every route is accounted for");
    let ids: BTreeSet<&str> = doc
        .operations()
        .map(|(_, _, o)| o.operation_id.as_str())
        .collect();
    assert_eq!(
        ids.len(),
        doc.operations().count(),
        "operation ids are unique"
    );
}

fn collect_refs(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("$ref", serde_json::Value::String(s)) => {
                        out.insert(s.clone());
                    }
                    _ => collect_refs(x, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

#[test]
fn openapi_of_docs_input() {
    let api = docs_input_api();
    let doc = to_openapi(&api, &Options::default());
    check_structure(&doc, &api);
    let yaml = doc.to_yaml().expect("YAML");
    insta::assert_snapshot!("openapi", yaml);
    // JSON carries the same document.
    let from_json: serde_json::Value =
        serde_json::from_str(&doc.to_json().expect("JSON")).expect("JSON parses");
    let from_yaml: serde_json::Value = serde_yaml::from_str(&yaml).expect("YAML parses");
    assert_eq!(from_json, from_yaml);
    let file = tmp_dir().join("docs-input.openapi.yaml");
    std::fs::write(&file, &yaml).expect("writes");
    validate(&file);
}

#[test]
fn csdl_of_docs_input() {
    let api = docs_input_api();
    let xml = to_csdl(&api).expect("CSDL");
    insta::assert_snapshot!("csdl", xml);
    let back = parse_csdl("docs-input.csdl.xml", &xml).expect("the export reads back");
    assert_round_trip(&back, &api);
}

/// The exported CSDL read back holds the model: every type, property and enum member that
/// CSDL can name, with the same types (a type the docs do not define becomes `Edm.Untyped`).
fn assert_round_trip(back: &Csdl, api: &Api) -> Comparison {
    let c = compare(back, api);
    assert_eq!(c.types.count, c.types.total, "{}", c.report(Some(20)));
    assert_eq!(c.types.total, api.types.len());
    let written: Vec<&Property> = api
        .types
        .iter()
        .flat_map(|t| &t.properties)
        .filter(|p| is_simple_identifier(&p.name))
        .collect();
    assert_eq!(c.properties.count, c.properties.total);
    assert_eq!(c.properties.total, written.len());
    let unresolved = written
        .iter()
        .filter(|p| matches!(p.ty.ty, TypeRef::Unresolved(_)))
        .count();
    assert_eq!(c.property_types.count, c.properties.total - unresolved);
    assert_eq!(c.enums.count, api.enums.len());
    assert_eq!(c.enums_identical.count, c.enums_identical.total);
    // Nothing the export wrote disagrees with the model, beyond those two cases.
    for d in drift(back, api) {
        let explained = match d.kind {
            docgen::metadata::DriftKind::Property => {
                d.side == Side::Docs
                    && !is_simple_identifier(d.subject.rsplit('.').next().unwrap_or(""))
            }
            docgen::metadata::DriftKind::TypeMismatch => d.message.contains("`?"),
            _ => false,
        };
        assert!(explained, "{d:?}");
    }
    c
}

#[test]
fn corpus_openapi_validates() {
    let Some((_, api)) = corpus_model() else {
        return;
    };
    let doc = to_openapi(api, &Options::default());
    check_structure(&doc, api);
    let operations = doc.operations().count();
    println!(
        "routes in the model: {}; paths in the OpenAPI: {}; operations: {operations}; schemas: {}",
        api.operations.len(),
        doc.paths.len(),
        doc.components.schemas.len()
    );
    assert!(doc.paths.len() <= api.operations.len());
    assert_eq!(
        doc.components.schemas.len(),
        api.types.len() + api.enums.len()
    );
    let file = tmp_dir().join("graph-v1.0.openapi.json");
    std::fs::write(&file, doc.to_json().expect("JSON")).expect("writes");
    validate(&file);
}

#[test]
fn corpus_csdl_round_trip() {
    let Some((corpus, api)) = corpus_model() else {
        return;
    };
    let xml = to_csdl(api).expect("CSDL");
    let file = tmp_dir().join("graph-v1.0.csdl.xml");
    std::fs::write(&file, &xml).expect("writes");
    let back = read_csdl(&file).expect("the export reads back with docgen's CSDL reader");
    let own = assert_round_trip(&back, api);
    println!(
        "export vs model: types {}, properties {}, equal types {}, enums {}, enums identical {}",
        own.types, own.properties, own.property_types, own.enums, own.enums_identical
    );
    // Against the published CSDL, the export measures what the model measures.
    let published = published(corpus);
    let of_model = compare(published, api);
    let of_export = compare(published, &api_from_csdl(&back));
    println!("model vs published:\n{}", of_model.report(Some(0)));
    println!("export vs published:\n{}", of_export.report(Some(0)));
    assert_eq!(figures(&of_export), figures(&of_model));
    let names = |c: &Comparison| {
        (
            c.missing_types
                .iter()
                .map(|m| m.name.clone())
                .collect::<Vec<_>>(),
            c.missing_properties
                .iter()
                .map(|m| format!("{}.{}", m.owner, m.name))
                .collect::<Vec<_>>(),
            c.type_mismatches
                .iter()
                .map(|m| format!("{}.{}", m.owner, m.name))
                .collect::<Vec<_>>(),
            c.missing_enums
                .iter()
                .map(|m| m.name.clone())
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(names(&of_export), names(&of_model));
}

/// Every figure of a comparison, by name.
fn figures(c: &Comparison) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("types", c.types.to_string()),
        ("entity_types", c.entity_types.to_string()),
        ("complex_types", c.complex_types.to_string()),
        (
            "types_by_simple_name_only",
            c.types_by_simple_name_only.to_string(),
        ),
        ("properties", c.properties.to_string()),
        ("navigation_properties", c.navigation_properties.to_string()),
        ("properties_via_base", c.properties_via_base.to_string()),
        (
            "properties_case_differs",
            c.properties_case_differs.to_string(),
        ),
        ("property_types", c.property_types.to_string()),
        ("json_as_untyped", c.json_as_untyped.to_string()),
        ("enums", c.enums.to_string()),
        ("enums_complete", c.enums_complete.to_string()),
        ("enums_identical", c.enums_identical.to_string()),
        ("enum_members", c.enum_members.to_string()),
    ])
}

const PRIMITIVES: [Primitive; 18] = [
    Primitive::String,
    Primitive::Boolean,
    Primitive::Byte,
    Primitive::SByte,
    Primitive::Int16,
    Primitive::Int32,
    Primitive::Int64,
    Primitive::Single,
    Primitive::Double,
    Primitive::Decimal,
    Primitive::Date,
    Primitive::DateTimeOffset,
    Primitive::TimeOfDay,
    Primitive::Duration,
    Primitive::Guid,
    Primitive::Binary,
    Primitive::Stream,
    Primitive::Json,
];

fn type_use(t: &TypeName) -> TypeUse {
    let ty = match PRIMITIVES.iter().find(|p| p.edm_name() == t.name) {
        Some(p) => TypeRef::Primitive(*p),
        None => TypeRef::Type(QName::parse(&t.name, "")),
    };
    TypeUse {
        ty,
        collection: t.collection,
    }
}

/// A CSDL document as a model, to measure it with [`compare`] as the model is measured.
fn api_from_csdl(c: &Csdl) -> Api {
    let mut types: Vec<TypeDef> = c
        .types()
        .map(|ct| TypeDef {
            name: QName::new(&ct.namespace, &ct.name),
            base: ct.base.as_deref().map(|b| QName::parse(b, "")),
            description: None,
            properties: ct
                .properties
                .iter()
                .map(|p| Property {
                    name: p.name.clone(),
                    ty: type_use(&p.ty),
                    required: None,
                    read_only: false,
                    nullable: Some(p.nullable),
                    relationship: p.navigation,
                    inherited_from: None,
                    possible_values: Vec::new(),
                    description: None,
                    links: Vec::new(),
                    source: Location::default(),
                })
                .collect(),
            polymorphic: None,
            key_property: ct.key.first().cloned(),
            is_abstract: ct.is_abstract,
            open_type: ct.open,
            sources: Vec::new(),
        })
        .collect();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    let mut enums: Vec<EnumDef> = c
        .enums()
        .map(|ce| EnumDef {
            name: QName::new(&ce.namespace, &ce.name),
            evolvable: ce.members.iter().any(|m| m.name == "unknownFutureValue"),
            flags: ce.flags,
            members: ce
                .members
                .iter()
                .map(|m| EnumMember {
                    name: m.name.clone(),
                    value: Some(m.value),
                    description: None,
                })
                .collect(),
            description: None,
            sources: Vec::new(),
        })
        .collect();
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    Api {
        types,
        enums,
        ..Api::default()
    }
}

#[test]
fn corpus_drift() {
    let Some((corpus, api)) = corpus_model() else {
        return;
    };
    let published = published(corpus);
    let items = drift(published, api);
    let counts = docgen::metadata::drift::counts(&items);
    println!("{} drift findings:", items.len());
    for ((kind, side), n) in &counts {
        println!("  {kind:<14} {side:<16} {n:>5}");
    }
    // The metadata-only findings are the comparison's misses, one for one: both read one
    // matching.
    let c = compare(published, api);
    let n = |kind, side| counts.get(&(kind, side)).copied().unwrap_or(0);
    use docgen::metadata::DriftKind as K;
    assert_eq!(n(K::Type, Side::Metadata), c.missing_types.len());
    assert_eq!(n(K::Property, Side::Metadata), c.missing_properties.len());
    assert_eq!(n(K::TypeMismatch, Side::Both), c.type_mismatches.len());
    assert_eq!(n(K::Enum, Side::Metadata), c.missing_enums.len());
    assert_eq!(n(K::Property, Side::Both), c.properties_case_differs);
    assert_eq!(
        n(K::Type, Side::Docs),
        api.types.len() - (c.types.count),
        "docs-only types are the model's types the metadata lacks"
    );
    // Every finding about something the docs have points into the docs.
    for d in &items {
        if d.side != Side::Metadata {
            assert!(d.location.is_some(), "{d:?}");
        }
        let line = d.line("docs");
        assert!(
            line.starts_with("docs/") || line.starts_with("(metadata) "),
            "{line}"
        );
    }
    let sample: Vec<String> = items.iter().take(5).map(|d| d.line("")).collect();
    println!("first findings:\n{}", sample.join("\n"));
}
