//! CSDL as a source: the fixture documents of `tests/fixtures/metadata/` (one per construct
//! class) and the corpus' two `$metadata` documents generate crates that pass `cargo clippy
//! -D warnings` with every entity, complex and enum type of the document; the docs laid over the
//! 2021 document keep every item of it; `export --format csdl` of a metadata-sourced model gives
//! the document's structure back.
//!
//! CI cost: the crates are compiled once per run, in one workspace under the shared target
//! folder; the 2026 document's crate dominates. Measured on the 2-core machine while other
//! builds ran: about 1,430 s for the clippy test (1,230 s of it `cargo clippy`), 8.6 GB peak.

use docgen::Config;
use docgen::codegen::naming::RustPlan;
use docgen::metadata::{Csdl, api_from_csdl, compare, parse_csdl, read_csdl};
use docgen::model::Api;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn fixtures() -> Vec<PathBuf> {
    let dir = docgen_tests::workspace().join("tests/fixtures/metadata");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    out.sort();
    assert!(out.len() >= 4, "fixtures: {out:?}");
    out
}

/// Every metadata document the tests use: the fixtures, and the corpus' documents when present.
fn documents() -> Vec<PathBuf> {
    let mut out = fixtures();
    if let Some(corpus) = docgen_tests::corpus() {
        out.push(corpus.join("metadata/v1.0-2021-07.csdl.xml"));
        out.push(corpus.join("metadata/v1.0-2026-08.clean.csdl.xml"));
    }
    out
}

fn read(path: &Path) -> Csdl {
    read_csdl(path).unwrap_or_else(|e| panic!("{e}"))
}

/// Every entity, complex and enum type of `csdl` has its item in the generated files.
fn assert_every_type_generated(csdl: &Csdl, api: &Api, files: &docgen::codegen::Files) {
    let code: String = files.values().cloned().collect();
    let names = RustPlan::new(api);
    for t in csdl.types() {
        let def = api
            .types
            .iter()
            .find(|d| d.name.to_string() == t.qualified_name())
            .unwrap_or_else(|| panic!("{}: type {} is not in the model", csdl.source, t.name));
        let rust = &names.type_names(&def.name).expect("named").rust;
        let item = format!("pub struct {rust} {{");
        assert!(code.contains(&item), "{}: no `{item}`", csdl.source);
    }
    for e in csdl.enums() {
        let def = api
            .enums
            .iter()
            .find(|d| d.name.to_string() == e.qualified_name())
            .unwrap_or_else(|| panic!("{}: enum {} is not in the model", csdl.source, e.name));
        assert_eq!(def.members.len(), e.members.len(), "{}", def.name);
        let rust = &names.enum_names(&def.name).expect("named").rust;
        let item = format!("pub enum {rust} {{");
        assert!(code.contains(&item), "{}: no `{item}`", csdl.source);
    }
}

/// Generates every document into a crate of one workspace under the shared target folder and
/// runs `cargo clippy -D warnings` on it once.
#[test]
fn every_document_generates_a_crate_that_passes_clippy() {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let target = tmp.parent().map(PathBuf::from).expect("target dir");
    let root = tmp.join("metadata-crates");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("creates the workspace");
    let mut members = Vec::new();
    let started = Instant::now();
    for (i, doc) in documents().iter().enumerate() {
        let csdl = read(doc);
        let name = format!("metadata-crate-{i}");
        let krate = root.join(&name);
        let mut cfg = Config::new();
        cfg.metadata(doc).out_dir(&krate).features(true);
        let (_, api, names) = cfg
            .load_named()
            .unwrap_or_else(|e| panic!("{}: {e}", doc.display()));
        let files = cfg.render_named(&api, &names).expect("renders");
        assert_every_type_generated(&csdl, &api, &files);
        docgen::output::write_tree(&krate, &files, false).expect("writes the crate");
        let manifest = cfg.crate_manifest(&api, &names, &krate).expect("manifest");
        std::fs::write(krate.join("Cargo.toml"), manifest).expect("writes Cargo.toml");
        let routes = api.operations.len();
        println!(
            "{}: {} types, {} enums, {routes} routes",
            doc.display(),
            api.types.len(),
            api.enums.len()
        );
        members.push(name);
    }
    let generation = started.elapsed();
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    std::fs::write(root.join("Cargo.toml"), manifest).expect("writes the workspace manifest");
    std::fs::copy(
        docgen_tests::workspace().join("Cargo.lock"),
        root.join("Cargo.lock"),
    )
    .expect("copies Cargo.lock");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let started = Instant::now();
    let out = Command::new(cargo)
        .args([
            "clippy",
            "--quiet",
            "--workspace",
            "--message-format=short",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("runs cargo clippy");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "cargo clippy failed:\n{stderr}");
    assert!(
        !stderr.contains("warning"),
        "cargo clippy warned:\n{stderr}"
    );
    println!(
        "generated {} crates in {generation:?}; cargo clippy took {:?}",
        members.len(),
        started.elapsed()
    );
}

/// The routes of the construct fixture: sets, singletons, one level of contained navigation,
/// bound operations on their binding type's paths, imports; no deeper navigation.
#[test]
fn routes_from_the_container() {
    let doc = docgen_tests::workspace().join("tests/fixtures/metadata/service.csdl.xml");
    let api = api_from_csdl(&read(&doc));
    let routes: BTreeSet<String> = api
        .operations
        .iter()
        .map(|o| format!("{} {}", o.method, o.path))
        .collect();
    for want in [
        "GET /books",
        "POST /books",
        "GET /books/{book-isbn}",
        "PATCH /books/{book-isbn}",
        "GET /books/{book-isbn}/chapters",
        "GET /books/{book-isbn}/chapters/{chapter-number}",
        "GET /books/{book-isbn}/cover",
        "GET /settings",
        "PATCH /settings",
        "POST /books/{book-isbn}/example.library.lend",
        "POST /books/example.library.archive",
        "GET /books/{book-isbn}/example.library.summary(since={since})",
        "GET /books/example.library.overdue()",
        "GET /books/{book-isbn}/chapters/{chapter-number}/example.library.wordCount()",
        "POST /reindex",
        "GET /search(text='{text}',limit={limit})",
    ] {
        assert!(routes.contains(want), "{want} missing from {routes:#?}");
    }
    // `Capabilities` restrictions: books cannot be deleted, loans not created.
    assert!(!routes.contains("DELETE /books/{book-isbn}"));
    assert!(!routes.contains("POST /loans"));
    assert!(routes.contains("DELETE /loans/{loan-id}"));
    // Contained navigation is not expanded below the first level.
    assert!(routes.iter().all(|r| !r.contains("/pages")), "{routes:#?}");
    assert_eq!(api.operations.len(), 24, "{routes:#?}");
    let lend = api
        .operations
        .iter()
        .find(|o| o.path.ends_with("lend"))
        .expect("lend");
    assert!(matches!(
        lend.request,
        Some(docgen::model::RequestBody::Parameters { .. })
    ));
    let lend = docgen::codegen::naming::index_in(&api.operations, lend).expect("a route of api");
    // A quoted parameter sits between quotes that are literal text, as in the docs' routes, so
    // the runtime fills the template as the pieces say.
    use docgen::model::PathPiece::{Literal, Param};
    let search = (api.operations.iter())
        .find(|o| o.path.starts_with("/search("))
        .expect("search");
    assert_eq!(
        search.pieces,
        [
            Literal("/search(text='".into()),
            Param {
                index: 0,
                quoted: true
            },
            Literal("',limit=".into()),
            Param {
                index: 1,
                quoted: false
            },
            Literal(")".into()),
        ]
    );
    // Named after the bound operation, as a docs page titled `book: lend` would name it.
    assert_eq!(RustPlan::new(&api).routes[lend].stub.as_str(), "BookLend");
}

/// A reference to a document not given: a located diagnostic, untyped JSON, no failure.
#[test]
fn types_of_referenced_documents_are_untyped_and_located() {
    let doc = docgen_tests::workspace().join("tests/fixtures/metadata/references.csdl.xml");
    let api = api_from_csdl(&read(&doc));
    let order = api.types.first().expect("order");
    assert_eq!(order.base, None);
    let customer = &order.properties[0];
    assert_eq!(
        customer.ty.ty,
        docgen::model::TypeRef::Unresolved("example.other.customer".into())
    );
    let located: Vec<String> = api
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}", d.location.at, d.message()))
        .collect();
    assert!(
        located.iter().any(|d| d.starts_with("9:9:type `example.other.customer` is defined by the referenced document `https://example.com/other/$metadata` (3:3)")),
        "{located:#?}"
    );
}

/// Bad documents are one located error, never a panic.
#[test]
fn bad_documents_are_located_errors() {
    let mut cfg = Config::new();
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.xml");
    std::fs::write(
        &bad,
        "<edmx:Edmx xmlns:edmx=\"x\">\n  <edmx:DataServices>\n",
    )
    .expect("write");
    cfg.metadata(&bad);
    let e = cfg.load().expect_err("bad XML");
    assert!(
        e.to_string()
            .starts_with(&format!("{}:3:1: ", bad.display())),
        "{e}"
    );
    let e = parse_csdl("v2.xml", "<edmx:Edmx Version=\"1.0\" xmlns:edmx=\"x\"/>").expect_err("v2");
    assert!(e.to_string().starts_with("v2.xml:1:12: OData v2/v3"), "{e}");
}

/// The structure of a CSDL document, as sets of comparable lines: types with their kind-free
/// base, abstract/open flags and key; properties with their types; enums with their members;
/// actions and functions. Property types are read as the model reads them from `original`: a
/// type definition as its underlying type, a type of a document not given as `Edm.Untyped`.
fn structure(csdl: &Csdl, original: &Csdl) -> BTreeSet<String> {
    let defs: std::collections::HashMap<String, String> = original
        .type_definitions()
        .map(|d| (format!("{}.{}", d.namespace, d.name), d.underlying.clone()))
        .collect();
    let defined: BTreeSet<String> = original
        .types()
        .map(|t| t.qualified_name())
        .chain(original.enums().map(|e| e.qualified_name()))
        .collect();
    let ty = |t: &docgen::metadata::csdl::TypeName| {
        let name = match defs.get(&t.name) {
            Some(u) => u.clone(),
            None if t.is_primitive() || defined.contains(&t.name) => t.name.clone(),
            None => "Edm.Untyped".into(),
        };
        if t.collection {
            format!("Collection({name})")
        } else {
            name
        }
    };
    let mut out = BTreeSet::new();
    // Export writes the operations the routes bind (unbound ones are imports, not written).
    for o in csdl.operations().filter(|o| o.bound) {
        let binding = o
            .binding
            .as_ref()
            .map(|b| b.to_string())
            .unwrap_or_default();
        out.insert(format!(
            "{:?} {}.{} on {binding}",
            o.kind, o.namespace, o.name
        ));
    }
    for t in csdl.types() {
        // Which of entity or complex a type is, is what its key says: a keyless entity type
        // (its base is in another document) exports as a complex type.
        let q = t.qualified_name();
        let base = t
            .base
            .as_deref()
            .filter(|b| original.find_type(b).is_some());
        out.insert(format!(
            "type {q} base={base:?} abstract={} open={}",
            t.is_abstract, t.open
        ));
        if !t.key.is_empty() {
            out.insert(format!("key {q} {:?}", t.key));
        }
        // Export leaves out (with a comment) names CSDL cannot hold, which some published
        // documents use anyway (`client-request-id`).
        let identifier = |n: &str| {
            n.chars().all(|c| c.is_alphanumeric() || c == '_')
                && !n.starts_with(|c: char| c.is_ascii_digit())
        };
        for p in t.properties.iter().filter(|p| identifier(&p.name)) {
            out.insert(format!("property {q}/{} {}", p.name, ty(&p.ty)));
        }
    }
    for e in csdl.enums() {
        let members: Vec<String> = e
            .members
            .iter()
            .map(|m| format!("{}={}", m.name, m.value))
            .collect();
        out.insert(format!("enum {} {}", e.qualified_name(), members.join(",")));
    }
    out
}

/// `export --format csdl` of a metadata-sourced model gives back the same types, properties,
/// enums, keys, bases, and the bound actions and functions, on every document the tests use.
/// Export writes the operations the routes call, bound to entity types: an operation bound to a
/// type no route reaches (routes stop one navigation level below the container), shadowed by
/// an overload bound to a derived type, or bound to a type without a key in its chain (export
/// tells entity types by their key) is not written; the test proves those are the only reasons
/// an operation is missing.
#[test]
fn csdl_export_of_a_metadata_model_round_trips() {
    for doc in documents() {
        let csdl = read(&doc);
        let api = api_from_csdl(&csdl);
        let xml = docgen::export::to_csdl(&api).expect("exports");
        let back = parse_csdl("export.xml", &xml).unwrap_or_else(|e| panic!("{e}"));
        let want = structure(&csdl, &csdl);
        let got = structure(&back, &csdl);
        // Export writes the operations the routes call, bound to entity types (a type with a
        // key in its chain): those must all come back.
        let called: BTreeSet<String> = api
            .operations
            .iter()
            .filter_map(|o| o.title.clone())
            .collect();
        let keyed = |binding: &str| {
            let element = binding
                .strip_prefix("Collection(")
                .and_then(|b| b.strip_suffix(')'))
                .unwrap_or(binding);
            csdl.find_type(element).is_some_and(|t| {
                std::iter::once(t)
                    .chain(csdl.bases(t))
                    .any(|b| !b.key.is_empty())
            })
        };
        let unreachable = |line: &String| {
            line.split_once(" on ").is_some_and(|(op, binding)| {
                let name = op.rsplit('.').next().unwrap_or(op);
                !called.contains(&format!("{binding}: {name}")) || !keyed(binding)
            })
        };
        let missing: Vec<&String> = want
            .difference(&got)
            .filter(|l| !unreachable(l))
            .take(20)
            .collect();
        let extra: Vec<&String> = got.difference(&want).take(20).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: lost {missing:#?}\nadded {extra:#?}",
            doc.display()
        );
        let operations = want.iter().filter(|l| l.contains(" on ")).count();
        let unreached = want.difference(&got).count();
        println!(
            "{}: {} structure lines round-trip; {unreached} of {operations} bound operations not called by a route or bound to a keyless type",
            doc.display(),
            want.len() - unreached
        );
        if doc.starts_with(docgen_tests::workspace()) {
            assert_eq!(
                unreached,
                0,
                "{}: every fixture operation is reachable",
                doc.display()
            );
        }
    }
}

/// The docs of July 2021 laid over the metadata of the same month: every item of the metadata,
/// the docs' descriptions, routes and permissions, and the drift.
#[test]
fn docs_over_metadata_on_the_corpus() {
    let Some(corpus) = docgen_tests::corpus() else {
        return;
    };
    let doc = corpus.join("metadata/v1.0-2021-07.csdl.xml");
    let csdl = read(&doc);
    let mut cfg = Config::new();
    cfg.docs_root(corpus.join("graph-docs-v1.0")).metadata(&doc);
    let (_, overlaid) = cfg.load_sources().unwrap_or_else(|e| panic!("{e}"));
    let c = &overlaid.contributions;
    let api = &overlaid.api;
    println!("{c:#?}");
    println!(
        "docs descriptions on {} of {} metadata properties ({:.1} %)",
        c.properties_described_by_docs,
        c.metadata_properties,
        c.described_share()
    );
    // Every type, property and member of the metadata: 100 % by construction.
    let cmp = compare(&csdl, api);
    for (what, fig) in [
        ("types", cmp.types),
        ("properties", cmp.properties),
        ("property types", cmp.property_types),
        ("enums", cmp.enums),
        ("enums complete", cmp.enums_complete),
        ("members", cmp.enum_members),
    ] {
        assert_eq!(fig.count, fig.total, "{what}: {fig}");
    }
    assert_eq!(c.metadata_types, 1022);
    assert_eq!(c.metadata_properties, 5453);
    // The docs' part: most metadata properties described, the documented routes with their
    // permissions, the types and properties only the docs have.
    assert!(c.described_share() > 80.0, "{c:?}");
    assert!(
        c.docs_routes > 2500 && c.routes_with_permissions > 2000,
        "{c:?}"
    );
    assert!(c.metadata_routes > 0 && c.docs_only_types > 0, "{c:?}");
    assert!(c.drift > 500, "{c:?}");
    let drift = api
        .diagnostics
        .iter()
        .filter(|d| d.kind() == docgen::diag::DiagKind::MetadataDrift)
        .count();
    assert_eq!(drift, c.drift);
    // A described property keeps the docs' words, not the metadata's.
    let user = api
        .types
        .iter()
        .find(|t| t.name.to_string() == "microsoft.graph.user")
        .expect("user");
    assert!(user.sources.iter().any(|s| s.file.ends_with("user.md")));
    // Structure from the metadata: the type's first source and its properties are located in
    // the metadata document; the docs add their pages.
    assert_eq!(user.sources[0].file, "v1.0-2021-07.csdl.xml");
    let own = csdl
        .find_type("microsoft.graph.user")
        .expect("user in the metadata");
    for p in &own.properties {
        let model = user
            .properties
            .iter()
            .find(|m| m.name == p.name)
            .unwrap_or_else(|| panic!("user.{} kept", p.name));
        assert_eq!(
            (model.source.at.line, model.source.at.col),
            (p.line, p.col),
            "{}",
            p.name
        );
    }
    let described = user
        .properties
        .iter()
        .filter(|p| p.description.is_some())
        .count();
    assert!(
        described * 10 > user.properties.len() * 8,
        "{described} of {}",
        user.properties.len()
    );
}
